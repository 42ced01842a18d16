"""Lessons learned in a Teams channel, through the real adapter (signed activities against
the fake Bot Connector): each template's form in a channel thread, the one-liner, channel
privacy as Teams reports it, and a facilitated review run in the thread of its card. What is
for one person alone (a confirmation, a thank-you, a form opened by a button, a refusal) goes
to their 1:1 chat with the bot, since a channel shows everyone everything."""
from __future__ import annotations

from .conftest import ANN, BOB, CAT, GENERAL, TENANT

TEAM = "19:library-team@thread.tacv2"
NAMES = {ANN: "Ann Archer", BOB: "Bob Baker", CAT: "Cat Carter"}


def channel_data(kind: str | None) -> dict:
    channel = {"id": GENERAL, "name": "General"}
    if kind:
        channel["type"] = kind
    return {"teamsChannelId": GENERAL, "teamsTeamId": TEAM, "channel": channel,
            "team": {"id": TEAM, "name": "Library and Knowledge Service"},
            "tenant": {"id": TENANT}}


def in_thread(root: str) -> dict:
    return {"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
            "id": f"{GENERAL};messageid={root}"}


async def say(teams, text: str, *, as_user: str = ANN, kind: str | None = "standard",
              root: str = "1795400000101", mentions: tuple[str, ...] = ()) -> list:
    """A command in General, the bot mentioned (a new post, or a reply in ``root``);
    ``<at>Name</at>`` in ``text`` for each of ``mentions`` (user ids) is a real mention."""
    entities = [{"mentioned": {"id": "28:kmbot-app-id", "name": "kmbot"},
                 "text": "<at>kmbot</at>", "type": "mention"}]
    entities += [{"mentioned": {"id": user, "name": NAMES[user]},
                  "text": f"<at>{NAMES[user]}</at>", "type": "mention"} for user in mentions]
    return await teams.send("channel_message.json", text=f"<at>kmbot</at> {text}",
                            channelData=channel_data(kind), conversation=in_thread(root),
                            entities=entities,
                            **{"from": {"id": as_user, "name": NAMES[as_user]}})


async def press(teams, button: dict, on, *, as_user: str = ANN, values: dict | None = None,
                kind: str | None = "standard") -> list:
    """A press of a card's button (or a form's submit, with ``values``) in General."""
    root = on.conversation_id.partition(";messageid=")[2] or on.activity_id
    return await teams.send("channel_message.json", text="", entities=[],
                            value={**button["data"], **(values or {})},
                            replyToId=on.activity_id, channelData=channel_data(kind),
                            conversation=in_thread(root),
                            **{"from": {"id": as_user, "name": NAMES[as_user]}})


def chat_of(user: str) -> str:
    """The 1:1 chat the fake connector creates for ``user``."""
    return f"a:1on1-{user}"


def in_general(sent: list) -> list:
    """What of ``sent`` went to the General channel or one of its reply chains."""
    return [r for r in sent if r.conversation_id.partition(";messageid=")[0] == GENERAL]


async def submit_privately(teams, form, *, as_user: str, values: dict) -> list:
    """Fill in and submit ``form``, a card in ``as_user``'s 1:1 chat, from that chat."""
    assert form.conversation_id == chat_of(as_user)
    return await teams.send("card_action.json", value={**form.buttons()[-1]["data"], **values},
                            replyToId=form.activity_id, **{
                                "from": {"id": as_user, "name": NAMES[as_user]},
                                "conversation": {"conversationType": "personal",
                                                 "tenantId": TENANT, "id": chat_of(as_user)}})


def form_card(sent: list):
    [form] = [r for r in sent if r.card and any(
        e["type"].startswith("Input.") for e in r.card["body"])]
    return form


def button(received, title: str) -> dict:
    return next(b for b in received.buttons() if b["title"] == title)


async def search(teams, text: str, *, as_user: str = CAT) -> str:
    chat = f"a:1{as_user[4:7]}-personal-chat"
    sent = await teams.say(f"lessons {text}", as_user=as_user, name=NAMES[as_user], chat=chat)
    return "\n".join(r.text + "\n" + r.card_text() for r in sent)


FORMS = {
    "quick": {"q1": "Check the hoist battery before nights"},
    "aar": {"q1": "Patients home by noon", "q2": "Most went home after 4pm",
            "q3": "Pharmacy waited for the letter", "q4": "Write the letter the day before"},
    "retro": {"q1": "All wards live", "q2": "On time", "q3": "Training gaps", "q4": "8",
              "q5": "7", "q6": "Train super-users first"},
    "bar": {"q1": "Fewer falls at night", "q2": "Hoist batteries", "q3": "Spare chargers",
            "q4": "Alarm fatigue"},
    "grid": {"q1": "Daily huddles", "q2": "Paper rotas", "q3": "Weekly sign-off"},
}


async def test_each_template_is_a_form_in_the_channel_thread(teams, runtime):
    await teams.send("install_team.json")
    welcomed = len(teams.connector.sent)
    for number, (kind, answers) in enumerate(FORMS.items(), start=1):
        sent = await say(teams, f"lesson {kind}")
        form = form_card(sent)
        assert form.conversation_id == f"{GENERAL};messageid=1795400000101"   # in the thread
        submit = form.buttons()[-1]
        assert submit["data"]["kmbot_form"] == f"lessons.{kind}"
        values = {"title": f"Ward 7 {kind} review", "tags": "#ward7", "team": "Ward 7",
                  "visibility": "organisation", **answers}
        replies = await press(teams, submit, form, values=values)
        said = "\n".join(r.text + "\n" + r.card_text() for r in replies)
        if kind == "bar":
            assert "Before Action Review is saved as lesson" in said
            assert "Check the hoist battery" in said          # what the log already holds
        else:
            assert f"Saved as lesson {number}" in said, said
            assert "Anyone in the organisation" in said
        # the confirmation is Ann's alone: her 1:1 chat, nothing in the channel or thread
        assert replies and {r.conversation_id for r in replies} == {chat_of(ANN)}
    # in the channel: the forms, each in the thread where it was asked for, and nothing else
    posted = in_general(teams.connector.sent[welcomed:])
    assert len(posted) == len(FORMS) and all(
        r.conversation_id == f"{GENERAL};messageid=1795400000101"
        and r.buttons()[-1]["data"]["kmbot_form"].startswith("lessons.") for r in posted)
    found = await search(teams, "ward7 review")
    for kind in ("aar", "retro", "grid"):
        assert f"Ward 7 {kind} review" in found


async def test_a_bad_mark_shows_on_the_card_and_keeps_what_was_typed(teams):
    await teams.send("install_team.json")
    form = form_card(await say(teams, "lesson retro"))
    values = {"title": "E-prescribing", **FORMS["retro"], "q4": "12"}
    sent = await press(teams, form.buttons()[-1], form, values=values)
    [updated] = [r for r in sent if r.method == "PUT"]
    errors = [e["text"] for e in updated.card["body"] if e.get("color") == "Attention"]
    assert any("0 to 10" in e for e in errors)
    kept = next(e for e in updated.card["body"] if e.get("id") == "q1")
    assert kept["value"] == "All wards live"
    assert "No lessons match" in await search(teams, "E-prescribing")


async def test_a_one_liner_in_a_private_channel_is_team_only(teams):
    await teams.send("install_team.json")
    teams.connector.members[GENERAL] = [{"id": ANN, "name": "Ann Archer"},
                                        {"id": BOB, "name": "Bob Baker"}]
    [reply] = await say(teams, "lesson Two people to open the drugs safe #safety",
                        kind="private")
    assert "team-only because this channel is private" in reply.text + reply.card_text()
    assert "drugs safe" in await search(teams, "drugs safe", as_user=BOB)   # a member
    assert "No lessons match" in await search(teams, "drugs safe", as_user=CAT)


async def test_a_channel_teams_does_not_describe_is_team_only_until_someone_chooses(teams):
    await teams.send("install_team.json")
    teams.connector.members[GENERAL] = [{"id": ANN, "name": "Ann Archer"}]
    [reply] = await say(teams, "lesson Boiler room key is at security", kind=None)
    assert "couldn't tell" in reply.text + reply.card_text()
    assert "No lessons match" in await search(teams, "boiler key", as_user=CAT)
    [reply] = await say(teams, "lesson Sharps bins go on the left", kind="standard")
    assert "Anyone in the organisation" in reply.text + reply.card_text()


async def test_a_facilitated_review_runs_in_the_thread_of_its_card(teams, runtime):
    await teams.send("install_team.json")
    welcomed = len(teams.connector.sent)
    await say(teams, 'lesson review aar "Ward 7 discharge pilot"')
    await runtime.delivery.drain()
    [card] = [r for r in teams.replies(GENERAL) if r.card and r.conversation_id == GENERAL
              and "discharge pilot" in r.card_text()]
    assert "1. What was supposed to happen?" in card.card_text()
    # thanks for an answer in the thread are Bob's alone: his 1:1 chat
    [thanks] = await teams.in_thread(card.activity_id, "1 Home by noon", as_user=BOB)
    assert "question 1 is in" in thanks.text
    assert thanks.conversation_id == chat_of(BOB)
    [thanks] = await teams.in_thread(card.activity_id, "Most went home after 4pm",
                                     as_user=BOB)
    assert "question 2 is in" in thanks.text
    assert thanks.conversation_id == chat_of(BOB)

    # "Add your answer" opens the form in Cat's 1:1 chat; submitted there, it answers the
    # review of the card in the channel
    [form] = await press(teams, button(card, "Add your answer"), card, as_user=CAT)
    assert form_card([form]) is form and form.conversation_id == chat_of(CAT)
    [said] = await submit_privately(teams, form, as_user=CAT,
                                    values={"question": "4",
                                            "answer": "Write letters the day before"})
    assert "question 4 is in" in said.text and said.conversation_id == chat_of(CAT)

    [refused] = await press(teams, button(card, "Close and compile"), card, as_user=BOB)
    assert "Only Ann Archer, who started this review" in refused.text
    assert refused.conversation_id == chat_of(BOB)
    [closed] = await press(teams, button(card, "Close and compile"), card, as_user=ANN)
    assert "saved as lesson 1" in closed.text and closed.conversation_id == chat_of(ANN)
    await runtime.delivery.drain()
    summary = [r for r in teams.replies(GENERAL)
               if r.conversation_id == f"{GENERAL};messageid={card.activity_id}"
               and "Here's what we learned" in r.text + r.card_text()]
    assert summary, "the summary is posted in the review's thread"
    shown = summary[-1].text + summary[-1].card_text()
    assert "• Home by noon" in shown and "• Write letters the day before" in shown
    assert "People involved: Bob Baker, Cat Carter" in shown
    [edit] = [r for r in teams.connector.sent if r.method == "PUT"
              and r.activity_id == card.activity_id]
    assert "closed, lesson 1" in edit.card_text()
    # nothing for one person alone was said in the channel or the card's thread: the only
    # posts there are the card and the summary, the only edit the card's
    posted = in_general(teams.connector.sent[welcomed:])
    assert [r for r in posted if r.method == "POST"] == [card, *summary]
    assert [r for r in posted if r.method != "POST"] == [edit]
    assert not [r for r in posted if "is in" in r.text + r.card_text()
                or "Only Ann Archer" in r.text + r.card_text()
                or any("kmbot_form" in b.get("data", {}) for b in r.buttons())]
    assert "Ward 7 discharge pilot" in await search(teams, "discharge pilot")


async def test_librarians_list_actions_by_team_and_export_the_log_as_a_file(teams, runtime):
    from .conftest import LIB
    NAMES[LIB] = "Lee Librarian"
    await teams.send("install_team.json")
    await teams.say("help", as_user=BOB, name="Bob Baker", chat="a:1bob-personal-chat")
    form = form_card(await say(teams, "lesson aar"))
    await press(teams, form.buttons()[-1], form, values={
        "title": "Hoists", **FORMS["aar"], "team": "Ward 7", "visibility": "organisation"})
    await say(teams, "lesson Porters need the bed list #porters")
    [added] = await say(teams, "lesson action 1 <at>Bob Baker</at> 2026-12-10 Buy spare "
                               "chargers", mentions=(BOB,))
    assert "Action 1 added to lesson 1" in added.text
    await say(teams, "lesson action 2 me 2026-12-11 Print the bed list")
    lib_chat = "a:1lib-personal-chat"
    [listed] = await teams.say('lesson actions team:"ward 7"', as_user=LIB,
                               name="Lee Librarian", chat=lib_chat)
    assert "Buy spare chargers" in listed.text and "Print the bed list" not in listed.text
    [mine] = await teams.say("lesson actions", as_user=BOB, name="Bob Baker",
                             chat="a:1bob-personal-chat")
    assert "Buy spare chargers" in mine.text and "Print the bed list" not in mine.text
    said, consent = await teams.say("lesson export json", as_user=LIB, name="Lee Librarian",
                                    chat=lib_chat)
    assert "2 lessons as JSON" in said.text
    [attachment] = consent.activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    assert attachment["name"].endswith(".json")
    [stats] = await teams.say("lesson stats", as_user=LIB, name="Lee Librarian", chat=lib_chat)
    assert "2 lessons" in stats.text + stats.card_text()
