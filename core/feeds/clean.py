"""Text from feeds made safe to show: everything in a feed is untrusted.

HTML is reduced to plain text with its links kept as ``text (https://...)``; only ``http``
and ``https`` links survive (``javascript:``, ``data:`` and the rest lose their link and keep
their words). Nothing can ping anyone: Slack's ``<!channel>``, ``<@U...>`` and ``<#C...>``
controls, Teams' ``<at>`` tags and a bare ``@here`` are broken with an invisible WORD JOINER
(the adapters escape ``<``, ``>`` and ``&`` again, so a disguised ``<https://x|safe>`` link
cannot form either, nor a Markdown ``[text](link)``); the core's own mention markers are
dropped. Long titles and summaries
are cut at a word, with an ellipsis.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from ..mentions import unmark

JOINER = "\u2060"
SAFE_SCHEMES = ("http", "https")
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
          "h6", "blockquote", "section", "article", "header", "footer", "hr", "dd", "dt"}
SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object"}
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
PINGS = re.compile(r"<(?=[!@#/a-zA-Z])")           # <!channel>, <@U1>, <at>, <https://x|y>
MD_LINK = re.compile(r"\](?=\s*[(\[])")               # [looks safe](https://elsewhere)
AT_WORD = re.compile(r"(?<![\w.+-])@(?=[\w^])")
SPACES = re.compile(r"\s+")
LOOKS_HTML = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z]")


def safe_link(href: str, base: str = "") -> str:
    """An absolute ``http(s)`` link, or "" for anything else (``javascript:``, ``data:``,
    control characters, no host)."""
    href = CONTROLS.sub("", (href or "").strip())
    if not href or any(c.isspace() for c in href):
        return ""
    try:
        href = urljoin(base, href) if base else href
        parts = urlsplit(href)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return ""
    if "<" in href or ">" in href or "|" in href:    # could close or split a Slack link
        return ""
    return href


class _Text(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.out: list[str] = []
        self.skipping = 0
        self.links: list[tuple[str, int]] = []     # (href, where its text starts)

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCKS:
            self.out.append(" ")
        elif tag == "a":
            self.links.append((safe_link(dict(attrs).get("href") or "", self.base),
                               len(self.out)))
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt and not self.skipping:
                self.out.append(alt)

    def handle_startendtag(self, tag, attrs):
        if tag == "a":       # <a href="..."/> has no words: nothing to show
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.out.append(" ")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            words = " ".join("".join(self.out[start:]).split())
            if href and href not in words:
                self.out.append(f" ({href})" if words else href)

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_to_text(html: str, base: str = "") -> str:
    """HTML (or plain text) as one line of plain text, links kept as ``words (url)``."""
    html = html or ""
    if not LOOKS_HTML.search(html):
        return defuse(html)
    parser = _Text(base)
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.out)
    except Exception:                  # hostile markup: keep the words, lose the tags
        text = unescape(re.sub(r"<[^>]*>", " ", html))
    return defuse(text)


def defuse(text: str) -> str:
    """Plain text that cannot ping anyone or pose as the bot's markup, on one line."""
    text = CONTROLS.sub("", unmark(text))
    text = PINGS.sub("<" + JOINER, text)
    text = AT_WORD.sub("@" + JOINER, text)
    text = MD_LINK.sub("]" + JOINER, text)
    return SPACES.sub(" ", text).strip()


def cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space > 0 and (space >= limit // 2 or "://" in head[space:]):   # never half a link
        head = head[:space]
    return head.rstrip(" ,;:-–—(") + "…"
