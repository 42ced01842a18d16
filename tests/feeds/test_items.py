"""Feeds of many kinds read into items: RSS 2.0, Atom, RDF, without ids or dates, and
hostile ones, whose text must not ping anyone, disguise a link or carry a script."""
from __future__ import annotations

import re

import pytest

from adapters.slack.escape import mrkdwn
from adapters.teams.text import escape as teams_escape
from core.feeds.clean import cut, html_to_text
from core.feeds.model import MAX_SUMMARY, MAX_TITLE
from core.feeds.parse import parse

from . import server

URL = "https://feeds.example/feed"


def test_atom_entries_keep_their_links_and_lose_their_markup():
    feed = parse(server.ATOM, URL)
    assert feed.title == "Cochrane Library: new reviews"
    first, second = feed.items
    assert (first.title, first.link, first.summary) == (
        "Exercise for preventing falls", "https://www.cochranelibrary.com/cdsr/1",
        "Bold finding")
    assert second.title == "Vitamin D and falls"
    assert second.link == "https://feeds.example/cdsr/2"          # relative, made absolute
    assert second.summary == "See the review (https://doi.org/10.1002/x)"


def test_rdf_items_are_read_with_their_dates():
    feed = parse(server.RDF, URL)
    assert feed.title == "BMJ Quality & Safety"
    assert [i.title for i in feed.items] == ["Handover errors on wards", "Discharge delays"]
    assert feed.items[0].published.isoformat() == "2026-11-19T08:00:00+00:00"


def test_items_without_ids_are_told_apart_by_link_or_by_title_and_date():
    feed = parse(server.NO_IDS, URL)
    assert len({i.uid for i in feed.items}) == 3          # same title, other date: two items
    again = parse(server.NO_IDS, URL)
    assert [i.uid for i in again.items] == [i.uid for i in feed.items]   # stable across polls


def test_items_without_dates_are_kept_undated():
    feed = parse(server.NO_DATES, URL)
    assert [i.published for i in feed.items] == [None, None]
    assert {i.title for i in feed.items} == {"Undated one", "Undated two"}


def test_bare_ids_are_qualified_by_the_site_so_two_sites_do_not_collide():
    one = parse(server.NO_DATES, "https://one.example/feed").items[0].uid
    other = parse(server.NO_DATES, "https://two.example/feed").items[0].uid
    same_site = parse(server.NO_DATES, "https://one.example/other-feed").items[0].uid
    assert one != other and one == same_site


@pytest.fixture(scope="module")
def hostile():
    return parse(server.HOSTILE, URL)


def test_hostile_text_cannot_ping_or_inject(hostile):
    item = hostile.items[0]
    text = f"{hostile.title} {item.title} {item.summary}"
    assert "<script" not in text and "alert(1)" not in item.title
    assert not re.search(r"<[!@#]", text)                  # no Slack control
    assert not re.search(r"(?<![\w.])@(here|channel|everyone)\b", text)
    assert "<at>" not in text.lower()
    assert "javascript:" not in text and "data:" not in text
    assert "this, that and the real one (https://safe.example/x)" in item.summary
    for rendered in (mrkdwn(text), teams_escape(text)):    # and as each platform shows it
        assert "<!channel>" not in rendered and "<@U0ADMIN>" not in rendered
        assert "<https://evil.example|" not in rendered and "](https://evil" not in rendered


def test_links_other_than_http_are_dropped(hostile):
    by_title = {i.title: i for i in hostile.items}
    assert hostile.items[0].link == ""                         # javascript:
    assert by_title["Data link"].link == ""                    # data:


def test_long_titles_and_summaries_are_cut_at_a_word(hostile):
    long = hostile.items[1]
    assert len(long.title) <= MAX_TITLE and long.title.endswith("…")
    assert long.title[:-1] == long.title[:-1].rstrip()
    assert server.LONG_TITLE.startswith(long.title[:-1])
    assert server.LONG_TITLE[len(long.title) - 1] == " "    # cut between words
    assert len(long.summary) <= MAX_SUMMARY and long.summary.endswith("word…")


def test_cut_leaves_short_text_alone_and_never_splits_a_link():
    assert cut("Short", 10) == "Short"
    text = "See the guidance (https://www.nice.org.uk/guidance/ng249) for details"
    assert cut(text, 40) == "See the guidance…"


def test_html_is_reduced_to_text_with_links_kept():
    html = ('<h2>New</h2><p>Read <a href="https://nice.org.uk/ng1">NG1</a> and '
            '<a href="https://nice.org.uk/ng2">https://nice.org.uk/ng2</a>.</p>'
            '<style>p{}</style><a href="vbscript:x">odd</a>')
    assert html_to_text(html) == ("New Read NG1 (https://nice.org.uk/ng1) and "
                                  "https://nice.org.uk/ng2. odd")


def test_external_entities_are_never_read():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>T</title><item><title>a &xxe; b</title>'
            b'<guid>x1</guid></item></channel></rss>')
    [item] = parse(body, URL).items
    assert item.title == "a b" and "root:" not in item.summary
