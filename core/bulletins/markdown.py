"""A bulletin's Markdown as the core's text, which every adapter renders with its meaning
kept: ``*bold*``, ``_italic_``, `` `code` `` and code blocks, bullets, numbered lists and
quotes (Slack mrkdwn; Teams turns ``*bold*`` into ``**bold**``; the console shows it plain).

Links are shown with their address in full (``Guidance (https://www.nice.org.uk/...)``), so
no text can disguise where a link goes; only ``https://`` and ``http://`` links are taken.
Words that ping a whole channel (``@channel``, ``@here``, ``@everyone``) are broken with an
invisible joiner; ``<!channel>``-style tokens and ``<@U…>`` mentions are escaped by the
adapters, as all text from people is. Broken Markdown (an unclosed code block, ``**`` never
closed, a link with no address) is refused with the line it is on.
"""
from __future__ import annotations

import re

from ..wording import bulletins as say

JOINER = "\u2060"
PINGS = re.compile(r"(?i)(?<![\w@])@(?=(channel|here|everyone|all)\b)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
LINK = re.compile(r"\[([^\]\n]*)\]\(\s*([^)\s]*)\s*\)")
BROKEN_LINK = re.compile(r"\[[^\]\n]*\]\((?![^)\n]*\))")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
CODE = re.compile(r"`[^`\n]+`")
SAFE_URL = re.compile(r"https?://[^\s<>\"]+", re.I)


class BrokenMarkdown(ValueError):
    """``str(error)`` says what is wrong and where."""


def neutralise(text: str) -> str:
    """``@channel``, ``@here``, ``@everyone`` and ``@all`` shown, never obeyed."""
    return PINGS.sub("@" + JOINER, text)


def check_url(url: str) -> str:
    if not SAFE_URL.fullmatch(url):
        raise BrokenMarkdown(say.BAD_URL.format(url=url[:80]))
    return url


def to_core(markdown: str) -> str:
    """The core's text for ``markdown``; raises :class:`BrokenMarkdown`."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence: tuple[int, str] | None = None
    for number, line in enumerate(lines, 1):
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence[1]:
                out.append("```")
                fence = None
            else:
                out.append(neutralise(line))
            continue
        if opened:
            fence = (number, opened.group(1))
            out.append("```")
            continue
        out.append(_line(line, number))
    if fence is not None:
        raise BrokenMarkdown(say.BROKEN_FENCE.format(line=fence[0]))
    return "\n".join(out).strip("\n")


def _line(line: str, number: int) -> str:
    if RULE.match(line):
        return "──────────"
    heading = HEADING.match(line)
    if heading:
        return f"*{_inline(heading.group(2), number, bold_ok=False)}*"
    quote = QUOTE.match(line)
    if quote:
        return "> " + _inline(quote.group(1), number)
    bullet = BULLET.match(line)
    if bullet:
        indent = "    " * (len(bullet.group(1).expandtabs(4)) // 2)
        return f"{indent}• {_inline(bullet.group(2), number)}"
    numbered = NUMBERED.match(line)
    if numbered:
        indent = "    " * (len(numbered.group(1).expandtabs(4)) // 2)
        return f"{indent}{numbered.group(2)}. {_inline(numbered.group(3), number)}"
    return _inline(line, number)


def _inline(text: str, number: int, *, bold_ok: bool = True) -> str:
    codes: list[str] = []

    def hold(match: re.Match) -> str:
        codes.append(match.group(0))
        return f"\x00{len(codes) - 1}\x00"
    text = CODE.sub(hold, text.replace("\x00", ""))
    if text.count("`") % 2:
        raise BrokenMarkdown(say.BROKEN_CODE.format(line=number))
    if BROKEN_LINK.search(text):
        raise BrokenMarkdown(say.BROKEN_LINK.format(line=number))

    def link(match: re.Match) -> str:
        label, url = match.group(1).strip(), match.group(2)
        if not url:
            raise BrokenMarkdown(say.BROKEN_LINK.format(line=number))
        check_url(url)
        return f"{label} ({url})" if label and label != url else url
    text = LINK.sub(link, text)
    text = ITALIC.sub(lambda m: f"_{m.group(1)}_", text)
    text = BOLD.sub(lambda m: f"*{m.group(2)}*" if bold_ok else m.group(2), text)
    if "**" in text or "__" in text:
        raise BrokenMarkdown(say.BROKEN_BOLD.format(line=number))
    text = neutralise(text)
    return re.sub("\x00(\\d+)\x00", lambda m: neutralise(codes[int(m.group(1))]), text)
