"""What a person types into ``/lessons``, as free text plus filters.

``parse_query`` accepts any text and never fails: filters it understands are taken out
(``tag:``, ``team:``, ``project:``, ``since:YYYY-MM-DD``, ``by:@person``; values may be
quoted, ``team:"Ward 7"``), and the rest becomes search terms. Quoted text and words joined
by hyphens or apostrophes ("non-slip", "don't") become phrases. Punctuation, emoji, stray
quotes and words such as AND, OR, NOT and NEAR are plain text here: storage never hands the
person's text to a search engine's query syntax. A filter that cannot be understood (a date
that does not exist, an empty value) is listed in ``ignored`` so the answer can say so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..mentions import parse_mention

MAX_TERMS = 12            # beyond this, extra words add nothing but cost
MAX_WORD = 60             # longer "words" are cut (nobody types them; they cost the index)
FILTERS = ("tag", "team", "project", "since", "by")

_TOKEN = re.compile(r'[A-Za-z]+:"[^"]*"?|[A-Za-z]+:<[^>]*>?|"[^"]*"?|\S+')
_FILTER = re.compile(r"(?i)(tag|team|project|since|by):(.*)", re.S)
_WORD = re.compile(r"[^\W_]+")
_JOINED = re.compile(r"[^\W_]+(?:['’\-‐‑][^\W_]+)+")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class Term:
    """One word, or a phrase (its words must appear together and in order)."""
    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class LessonQuery:
    terms: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    since: date | None = None
    authors: tuple[str, ...] = ()     # person keys (the handler resolves each ``by:`` to one)
    by: tuple[str, ...] = ()          # ``by:`` as typed: user ids of mentions, or names
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_text(self) -> bool:
        return bool(self.terms)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.tags or self.teams or self.projects or self.since
                    or self.authors or self.by)

    def with_authors(self, person_keys) -> LessonQuery:
        return replace(self, authors=tuple(person_keys))


def normalise_tag(text: str) -> str:
    """``"#Hand-Hygiene"`` -> ``"hand-hygiene"``: lower case, no ``#``, words joined by '-'."""
    words = re.findall(r"[^\W_]+", text.lower())
    return "-".join(words)[:MAX_WORD]


def parse_query(text: str) -> LessonQuery:
    terms: list[Term] = []
    found: dict[str, list] = {name: [] for name in FILTERS}
    ignored: list[str] = []
    for token in _TOKEN.findall(text or ""):
        match = _FILTER.fullmatch(token)
        if match and not token.startswith('"'):
            name, value = match.group(1).lower(), _unquote(match.group(2))
            parsed = _filter_value(name, value)
            if parsed is None:
                ignored.append(token)
            else:
                found[name].append(parsed)
            continue
        head, quote, rest = token.partition('"')
        _add_plain(terms, head)
        if quote:
            _add(terms, _words(_unquote(quote + rest)))
    since = max(found["since"]) if found["since"] else None
    return LessonQuery(terms=tuple(terms[:MAX_TERMS]), tags=_unique(found["tag"]),
                       teams=_unique(found["team"]), projects=_unique(found["project"]),
                       since=since, by=_unique(found["by"]), ignored=tuple(ignored))


def _filter_value(name: str, value: str):
    value = value.strip()
    if name == "since":
        return _date(value)
    if name == "by":
        mention = parse_mention(value)
        if mention:
            return mention[0]
        value = value.lstrip("@").strip()
        return value or None
    if name == "tag":
        return normalise_tag(value) or None
    value = " ".join(value.split())
    return value.casefold()[:100] or None


def _date(value: str) -> date | None:
    match = _DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _add_plain(terms: list[Term], token: str) -> None:
    """A run of text without spaces: hyphenated words are phrases, other words stand alone."""
    position = 0
    for joined in _JOINED.finditer(token):
        for word in _words(token[position:joined.start()]):
            _add(terms, (word,))
        _add(terms, _words(joined.group()))
        position = joined.end()
    for word in _words(token[position:]):
        _add(terms, (word,))


def _add(terms: list[Term], words) -> None:
    words = tuple(words)
    if words and Term(words) not in terms:
        terms.append(Term(words))


def _words(text: str) -> tuple[str, ...]:
    return tuple(word[:MAX_WORD] for word in _WORD.findall(text.lower()))[:MAX_TERMS]


def _unquote(text: str) -> str:
    if text.startswith('"'):
        text = text[1:]
        if text.endswith('"'):
            text = text[:-1]
    return text


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(values))
