"""What walls and polls look like: the card, each idea with its counts and comments, the
summary at close and a poll's result. Names come from ``uow.people`` when shown, never kept."""
from __future__ import annotations

from datetime import datetime
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

from ..cards import Button, Card, Message, Section
from ..people.model import Person
from ..wording import count
from ..wording import walls as say
from .model import Anonymity, Idea, Kind, Wall


def when(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %d %b %Y, %H:%M")


def name_of(key: str | None, people: Mapping[str, Person]) -> str:
    if key is None:
        return say.ANONYMOUS
    person = people.get(key)
    return person.display_name if person and person.display_name else say.FORMER_COLLEAGUE


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def wall_card(wall: Wall, tally: tuple[int, int, int], tz: str,
              top: Sequence[Idea] = ()) -> Message:
    """The card: ``tally`` is (ideas shown, their votes, people taking part), ``top`` the
    ideas with the most +1s so far. Its size stays the same however many ideas come in:
    each idea has its own message in the thread."""
    s = wall.settings
    ideas, votes, people_count = tally
    lines = [say.CARD_ANON[s.anonymity.value]]
    if s.per_person:
        lines.append(say.CARD_LIMIT.format(n=s.per_person))
    if s.hidden and wall.is_open:
        counts = say.CARD_HIDDEN_COUNTS.format(ideas=count(ideas, "idea"))
    else:
        counts = say.CARD_COUNTS.format(ideas=count(ideas, "idea"),
                                        votes=count(votes, "vote"),
                                        people=count(people_count, "person", "people"))
    if wall.is_open:
        if s.closes_at:
            lines.append(say.CARD_CLOSES.format(when=when(s.closes_at, tz)))
        footer = (say.CARD_FOOTER_BUTTON_ONLY if s.anonymity is Anonymity.REQUIRED or s.hidden
                  else say.CARD_FOOTER).format(id=wall.id)
        buttons = (Button(say.ADD_IDEA, "walls.add", str(wall.id), "primary"),
                   Button(say.CLOSE_BUTTON, "walls.close", str(wall.id)))
    else:
        footer = say.CARD_CLOSED.format(when=when(wall.closed_at, tz))
        buttons = ()
    leading = ()
    if top:
        leading = (say.CARD_TOP + "\n" + "\n".join(
            say.CARD_TOP_LINE.format(rank=n, text=_short(i.text), votes=i.votes)
            for n, i in enumerate(top, 1)),)
    text = "\n".join([wall.question, counts, *leading, " ".join(lines), footer])
    return Message(text, Card(title=wall.question,
                              sections=(Section(counts), *(Section(x) for x in leading),
                                        Section(" ".join(lines)), Section(footer)),
                              buttons=buttons))


def idea_message(wall: Wall, idea: Idea, people: Mapping[str, Person]) -> Message:
    if idea.is_hidden:
        text = say.IDEA_HIDDEN.format(reason=idea.hidden_reason or "")
        return Message(text, Card(sections=(Section(text),)))
    head = (say.IDEA_ANON.format(text=idea.text) if idea.author_key is None
            else say.IDEA_NAMED.format(name=name_of(idea.author_key, people), text=idea.text))
    head += (say.IDEA_EDITED if idea.edited_at else "")
    votes = say.IDEA_VOTES.format(n=idea.votes)
    comments = [say.COMMENT_LINE.format(name=name_of(c.author_key, people), text=c.text)
                for c in idea.comments]
    text = "\n".join([f"{head} ({votes}) [idea {idea.id}]", *comments])
    buttons = ()
    if wall.is_open:
        buttons = (Button(say.PLUS_ONE, "walls.vote", f"{wall.id}:{idea.id}"),
                   Button(say.COMMENT, "walls.comment", str(idea.id)),
                   Button(say.EDIT, "walls.edit", str(idea.id)),
                   Button(say.DELETE, "walls.delete", str(idea.id), "danger"))
    sections = (Section(f"{head} ({votes}) [idea {idea.id}]"),) + tuple(
        Section(c) for c in comments)
    return Message(text, Card(sections=sections, buttons=buttons))


def ranked(ideas: Sequence[Idea]) -> list[Idea]:
    return sorted((i for i in ideas if not i.is_hidden), key=lambda i: (-i.votes, i.id))


def summary(wall: Wall, ideas: Sequence[Idea], people_count: int,
            people: Mapping[str, Person]) -> Message:
    shown = ranked(ideas)
    hidden = len(ideas) - len(shown)
    head = say.SUMMARY_HEAD.format(ideas=count(len(shown), "idea"),
                                   people=count(people_count, "person", "people"),
                                   votes=count(sum(i.votes for i in shown), "vote"))
    lines = []
    for rank, idea in enumerate(shown, 1):
        by = "" if idea.author_key is None else say.SUMMARY_BY.format(
            name=name_of(idea.author_key, people))
        lines.append(say.SUMMARY_IDEA.format(rank=rank, text=idea.text,
                                             votes=count(idea.votes, "vote"), by=by))
        lines += [say.SUMMARY_COMMENT.format(name=name_of(c.author_key, people), text=c.text)
                  for c in idea.comments]
    if not shown:
        lines.append(say.SUMMARY_NONE)
    if hidden:
        lines.append(say.SUMMARY_HIDDEN.format(n=count(hidden, "idea")))
    title = say.SUMMARY_TITLE.format(question=wall.question)
    text = "\n".join([title, head, *lines])
    return Message(text, Card(title=title, sections=(Section(head),)
                              + tuple(Section(line) for line in lines)))


def poll_card(wall: Wall, votes: Mapping[int, int], voters: int, tz: str) -> Message:
    s = wall.settings
    notes = [say.POLL_ANON if s.anonymity is Anonymity.REQUIRED else say.POLL_NAMED_NOTE,
             say.POLL_MULTIPLE if s.multiple else say.POLL_SINGLE]
    if s.closes_at and wall.is_open:
        notes.append(say.CARD_CLOSES.format(when=when(s.closes_at, tz)))
    if s.hidden and wall.is_open:
        lines = [say.POLL_HIDDEN.format(n=count(voters, "person has", "people have")
                                        + " voted")]
    else:
        lines = [say.POLL_LINE.format(option=o, votes=count(votes.get(n, 0), "vote"))
                 for n, o in enumerate(s.options)]
    footer = (say.POLL_FOOTER.format(id=wall.id) if wall.is_open
              else say.CARD_CLOSED.format(when=when(wall.closed_at, tz)))
    buttons = ()
    if wall.is_open:
        buttons = tuple(Button(o, "polls.vote", f"{wall.id}:{n}")
                        for n, o in enumerate(s.options)) + (
            Button(say.CLOSE_BUTTON, "walls.close", str(wall.id)),)
    text = "\n".join([wall.question, *lines, " ".join(notes), footer])
    return Message(text, Card(title=wall.question,
                              sections=tuple(Section(x) for x in (*lines, " ".join(notes),
                                                                  footer)),
                              buttons=buttons))


def poll_result(wall: Wall, votes: Mapping[int, int], voters: int) -> Message:
    order = sorted(range(len(wall.settings.options)), key=lambda n: (-votes.get(n, 0), n))
    lines = [say.POLL_RESULT_LINE.format(rank=r, option=wall.settings.options[n],
                                         votes=count(votes.get(n, 0), "vote"))
             for r, n in enumerate(order, 1)]
    head = say.POLL_RESULT_HEAD.format(voters=count(voters, "person", "people"))
    title = say.POLL_RESULT_TITLE.format(question=wall.question)
    return Message("\n".join([title, head, *lines]),
                   Card(title=title, sections=(Section(head),) + tuple(Section(x) for x in lines)))


def kind_word(wall: Wall) -> str:
    return say.POLL_WORD if wall.kind is Kind.POLL else say.WALL_WORD
