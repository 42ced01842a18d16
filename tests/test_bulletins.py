"""Bulletins, as a librarian sends one: compose, preview privately, send now or at a time,
follow its status, stop it, read the report; and what recipients see."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from core.bulletins import sending
from core.channels import DeliveryError
from core.vocabulary import Place, PlaceKind
from scheduler.service import Scheduler

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7")
BODY = ("## This month\n\nThe **NHS net zero** plan has _new_ guidance.\n\n"
        "- Greener theatres\n- Inhaler switching\n\nRead [the plan](https://www.england.nhs.uk/greenernhs/)."
        " @channel <!here> <@U999>")
FORM = {"title": "Sustainable healthcare: December", "body": BODY,
        "links": "NICE guidance | https://www.nice.org.uk/\nhttps://www.kfh.nhs.uk/",
        "topics": "Sustainable healthcare", "subscribers": "yes", "channels": "",
        "everyone": "no", "when": "now", "timezone": "", "notify": "no"}


async def _setup(chat, *readers):
    await chat.say("lib", '/bulletin topics add "Sustainable healthcare"')
    for who in readers:
        await chat.say(who, "/subscribe sustainable healthcare")


async def compose(chat, **changes):
    reply = await chat.say("lib", "/bulletin")
    form = chat.last.open_form
    assert form is not None and form.form_id == "bulletins.compose", reply
    return await chat.submit("lib", "bulletins.compose", {**FORM, **changes}, form.context)


async def test_compose_preview_and_send_now(chat):
    await _setup(chat, "ann", "bob")
    preview = await compose(chat)
    shown, controls = preview.messages
    assert shown.private and controls.private
    assert shown.text == "Sustainable healthcare: December"         # the notification line
    assert "It goes to 2 people and 0 channels" in controls.text
    assert [b.label for b in controls.card.buttons] == ["Send", "Schedule", "Edit", "Cancel"]
    assert chat.channel.sent == []                                  # nothing sent yet

    assert "on its way to 2 recipients" in await chat.press("lib", "Send")
    await chat.deliver()
    [ann] = chat.inbox("ann")
    assert ann.message.text == shown.text and ann.message.card == shown.card   # as previewed
    body = "\n".join(s.text for s in ann.message.card.sections)
    assert "*This month*" in body and "*NHS net zero*" in body and "_new_" in body
    assert "• Greener theatres" in body
    assert "the plan (https://www.england.nhs.uk/greenernhs/)" in body
    assert "• NICE guidance: https://www.nice.org.uk/" in body
    assert "@\u2060channel" in body                                   # never pings
    assert "From your library · Sustainable healthcare" in body
    assert len(chat.inbox("bob")) == 1 and chat.inbox("cat") == []

    status = await chat.say("lib", "/bulletin status 1")
    assert "Sent: 2 of 2 delivered (100%)" in status and "Finished" in status
    chat.last = preview                                             # the preview again
    assert "can't be changed" in await chat.press("lib", "Send")    # not sent twice
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1


async def test_bad_input_keeps_the_form_and_stores_nothing(chat):
    await _setup(chat, "ann")
    empty = await compose(chat, title="  ")
    assert "Title" in empty.field_errors["title"]
    bad = await compose(chat, body="```\nunclosed", when="2020-01-01 09:00",
                        topics="Knitting", links="not a link at all")
    errors = bad.field_errors
    assert "never closed" in errors["body"]
    assert "2020-01-01 09:00 has already passed" in errors["when"]
    assert "I don't know the topic Knitting" in errors["topics"]
    assert "isn't a link" in errors["links"] or "web address" in errors["links"]
    long = await compose(chat, body="x" * 8001)
    assert "8,000" in long.text or "8000" in long.text
    bold = await compose(chat, body="Some **bold that never ends")
    assert "never closes it" in bold.field_errors["body"]
    js = await compose(chat, body="[click](javascript:alert(1))")
    assert "https://" in js.field_errors["body"]
    unknown = await compose(chat, channels="#nowhere")
    assert "I don't know the channel #nowhere" in unknown.field_errors["channels"]
    async with chat.runtime.services.uow() as uow:
        assert await uow.bulletins.in_workspace("fake:T1") == []
        assert await uow.outbox.tag_counts("bulletin:1") == {
            **dict.fromkeys(("queued", "sent", "retrying", "failed", "unreachable",
                             "stopped"), 0), "possibly_duplicated": 0}
    assert "Only librarians" in await chat.say("ann", "/bulletin")
    assert "Only librarians" in await chat.say("ann", "/bulletin list")


async def test_schedule_runs_at_its_time_and_can_be_edited_or_cancelled(chat, runtime, clock):
    await _setup(chat, "ann")
    await compose(chat, when="2026-11-26 09:00", timezone="Europe/London")
    assert "Press Schedule to send it on Thu 26 Nov 2026, 09:00 Europe/London" in (
        chat.last.messages[1].text)
    assert "scheduled for Thu 26 Nov 2026, 09:00" in await chat.press("lib", "Schedule")
    assert "scheduled for Thu 26 Nov" in await chat.say("lib", "/bulletin list")
    ticker = Scheduler(runtime.services, sending.JOBS, worker="w")
    assert await ticker.tick() == []                              # not yet
    await chat.deliver()
    assert chat.inbox("ann") == []

    await chat.say("lib", "/bulletin edit 1")
    form = chat.last.open_form
    assert form.form_id == "bulletins.compose" and form.title == "Edit bulletin 1"
    values = {i.name: i.initial for i in form.inputs}
    assert values["when"] == "2026-11-26 09:00" and values["title"] == FORM["title"]
    edited = await chat.submit("lib", "bulletins.compose", {**values, "title": "Greener NHS"},
                               form.context)
    assert "still scheduled, for Thu 26 Nov 2026, 09:00" in edited.messages[1].text

    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc))
    assert len(await ticker.tick()) == 1
    await chat.deliver()
    [got] = chat.inbox("ann")
    assert got.message.text == "Greener NHS"
    assert len(await Scheduler(runtime.services, sending.JOBS, worker="x").tick()) == 0

    await compose(chat, when="2026-11-27 09:00")
    await chat.press("lib", "Schedule")
    assert "Bulletin 2 is cancelled" in await chat.say("lib", "/bulletin cancel 2")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))
    await ticker.tick()
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1


async def test_stop_status_and_report(chat, fake_channel):
    await _setup(chat, "ann", "bob", "cat", "dan")
    await chat.say("dan", "/subscriptions")
    await chat.press("dan", "Change how I hear")
    await chat.submit("dan", "topics.how", {"frequency": "daily", "time": "08:00",
                                            "timezone": "Europe/London"})
    fake_channel.failures.append(DeliveryError("Slack error: account_inactive",
                                               permanent=True))
    await compose(chat)
    assert "(and held for 1 digests)" in await chat.press("lib", "Send")
    stopped = await chat.say("lib", "/bulletin stop 1")
    assert "Stopped bulletin 1" in stopped
    await chat.deliver()
    assert sum(len(chat.inbox(u)) for u in ("ann", "bob", "cat")) == 0
    status = await chat.say("lib", "/bulletin status 1")
    assert "Stopped" in status and "stopped 3" in status

    await compose(chat, title="Second")
    await chat.press("lib", "Send")
    await chat.deliver()
    status = await chat.say("lib", "/bulletin status 2")
    assert "2 of 3 delivered" in status and "failed 1" in status and "Held for digests: 1" in status
    await chat.say("lib", "/bulletin report 2")
    [message] = chat.last.messages
    assert message.private and message.attachment.filename == "bulletin-2-report.csv"
    rows = list(csv.DictReader(io.StringIO(message.attachment.content)))
    by = {r["recipient"]: r for r in rows}
    assert by["fake:T1:dan"]["status"] == "held for digest"
    failed = [r for r in rows if r["status"] == "failed"]
    assert len(failed) == 1 and "account_inactive" in failed[0]["last_error"]
    assert all(r["sent_at"] for r in rows if r["status"] == "sent")
    assert {r["name"] for r in rows} >= {"Ann", "Bob"} or {r["name"] for r in rows} >= {"Bob", "Cat"}


async def test_channels_and_everyone(chat, fake_channel):
    await _setup(chat, "ann")
    await chat.say("bob", "help")
    await chat.say("lib", "/subscribe channel sustainable healthcare", WARD)
    preview = await compose(chat, everyone="yes", notify="yes")
    assert "It goes to 3 people and 1 channel" in preview.messages[1].text
    assert "everyone who has ever used kmbot here: 3 people" in await chat.press("lib", "Send")
    assert "on its way to 4 recipients" in await chat.press("lib", "Yes, send to 3 people")
    await chat.deliver()
    [post] = chat.posts("C1")
    assert post.text.startswith("@channel Sustainable healthcare")
    assert len(chat.inbox("bob")) == 1 and chat.inbox("bob")[0].text == FORM["title"]


async def test_who_may_read_a_bulletin_again(chat):
    await _setup(chat, "ann")
    await chat.say("bob", "help")
    await compose(chat)
    await chat.press("lib", "Send")
    await chat.deliver()
    assert await chat.say("ann", "/bulletin read 1") == FORM["title"]   # she follows its topic
    assert "no bulletin 1 for you" in await chat.say("bob", "/bulletin read 1")   # he doesn't
    assert await chat.say("lib", "/bulletin read 1") == FORM["title"]   # librarians may
    await chat.say("lib", "/subscribe channel sustainable healthcare", WARD)
    ward = await compose(chat, subscribers="no", channels="#ward-7", title="For the ward only")
    assert not ward.field_errors, ward.field_errors
    await chat.press("lib", "Send")
    await chat.deliver()
    assert "no bulletin 2 for you" in await chat.say("ann", "/bulletin read 2")   # channels only
    await compose(chat, everyone="yes", title="For all")
    await chat.press("lib", "Send")
    await chat.press("lib", "Yes, send to 3 people")
    assert await chat.say("bob", "/bulletin read 3") == "For all"
    await compose(chat, everyone="yes", title="Not yet")        # a draft: nobody reads it yet
    assert "There's no bulletin 4 for you to read" in await chat.say("lib", "/bulletin read 4")


async def test_kmbot_report_bulletin_writes_the_csv(chat, database_url, monkeypatch, tmp_path):
    import asyncio

    from bot import cli
    await _setup(chat, "ann", "bob")
    await compose(chat)
    await chat.press("lib", "Send")
    await chat.deliver()
    monkeypatch.setenv("KMBOT_DATABASE_URL", database_url)
    out = tmp_path / "report.csv"
    assert await asyncio.to_thread(cli.main, ["report", "bulletin", "1", "--output",
                                              str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert sorted(r["recipient"] for r in rows) == ["fake:T1:ann", "fake:T1:bob"]
    assert {r["status"] for r in rows} == {"sent"} and all(r["sent_at"] for r in rows)
    assert await asyncio.to_thread(cli.main, ["report", "bulletin", "9"]) == 1


async def test_status_while_sending_shows_rate_and_expected_finish(chat, fake_channel, clock):
    await _setup(chat, "ann", "bob", "cat")
    fake_channel.failures.append(DeliveryError("Slack rate limit", retry_after=60))
    await compose(chat)
    await chat.press("lib", "Send")
    clock.advance(seconds=10)
    await chat.deliver()
    status = await chat.say("lib", "/bulletin status 1")
    assert "Sending: 2 of 3 delivered (67%)" in status and "being retried 1" in status
    assert "Rate so far: 0.2 a second" in status and "Expected to finish around" in status
    clock.advance(seconds=61)
    await chat.deliver()
    assert "Sent: 3 of 3 delivered (100%)" in await chat.say("lib", "/bulletin status 1")
    assert ("• 1 Sustainable healthcare: December: sent Wed 25 Nov 2026, 12:00 Europe/London"
            in await chat.say("lib", "/bulletin list"))


async def test_home_help_and_my_data(chat):
    await _setup(chat, "ann")
    await compose(chat, when="2026-12-01 09:00")
    await chat.press("lib", "Schedule")
    home = await chat.runtime.kernel.home(chat.actor("lib"))
    text = "\n".join(s.text for s in home.sections)
    assert "*Bulletins*: 1 scheduled, 0 sending" in text
    assert "New bulletin" in [b.label for b in home.buttons]
    ann_home = await chat.runtime.kernel.home(chat.actor("ann"))
    ann_text = "\n".join(s.text for s in ann_home.sections)
    assert "Bulletins" not in ann_text and "you follow Sustainable healthcare" in ann_text
    helped = await chat.say("lib", "/bulletin help")
    for command in ("/bulletin topics", "/bulletin list", "/bulletin status", "/bulletin stop",
                    "/bulletin report"):
        assert command in helped
    await chat.say("lib", "kmbot my-data")
    import json
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["bulletins"]["bulletins_you_composed"][0]["title"] == FORM["title"]


async def test_a_big_audience_is_queued_in_chunks_and_resumed_after_a_cut(chat, runtime,
                                                                          monkeypatch):
    monkeypatch.setattr(sending, "ATOMIC", 1)
    monkeypatch.setattr(sending, "CHUNK", 2)
    readers = ("ann", "bob", "cat", "dan", "eve")
    await _setup(chat, *readers)
    await compose(chat)
    assert "on its way to 5 recipients" in await chat.press("lib", "Send")
    await chat.deliver()
    assert all(len(chat.inbox(u)) == 1 for u in readers)

    await compose(chat, title="Cut off")               # the process stops after the first step
    async with runtime.services.uow() as uow:
        bulletin = await uow.bulletins.get(2, for_update=True)
        await sending.start(runtime.services, uow, bulletin)
    assert "0 of 5 delivered" in await chat.say("lib", "/bulletin status 2")
    from core.jobs import JobRun
    await sending.run_resume(runtime.services, JobRun("bulletins.resume", "", clock_now(runtime)))
    await sending.run_resume(runtime.services, JobRun("bulletins.resume", "", clock_now(runtime)))
    await chat.deliver()
    assert all([s.text for s in chat.inbox(u)] == [FORM["title"], "Cut off"] for u in readers)


def clock_now(runtime):
    return runtime.services.now()


async def test_a_channel_kmbot_has_left_is_refused_on_the_form(chat, fake_channel):
    await _setup(chat, "ann")
    await chat.say("lib", "/subscribe channel sustainable healthcare", WARD)

    fake_channel.outside = {"C1"}                      # kmbot was removed from ward-7
    refused = await compose(chat, channels="#ward-7")
    assert "I'm not in #ward-7" in refused.field_errors["channels"]
    async with chat.runtime.services.uow() as uow:
        assert await uow.bulletins.in_workspace("fake:T1") == []


async def test_stopped_rows_say_so_in_the_report_and_everyone_is_confirmed_when_scheduled(
        chat, fake_channel):
    await _setup(chat, "ann", "bob")
    await compose(chat)
    await chat.press("lib", "Send")
    assert "Stopped bulletin 1: 2 messages" in await chat.say("lib", "/bulletin stop 1")
    assert "isn't sending (it is stopped)" in await chat.say("lib", "/bulletin stop 1")
    await chat.say("lib", "/bulletin report 1")
    rows = list(csv.DictReader(io.StringIO(chat.last.messages[0].attachment.content)))
    assert {r["status"] for r in rows} == {"stopped: not sent"} and len(rows) == 2

    await compose(chat, everyone="yes", when="2026-12-01 09:00")
    assert "3 people. Are you sure?" in await chat.press("lib", "Schedule")
    assert "scheduled for Tue 1 Dec 2026, 09:00" in await chat.press(
        "lib", "Yes, schedule for 3 people")


async def test_the_channel_the_form_was_opened_in_can_be_named_and_edited(chat):
    await _setup(chat, "ann")
    await chat.say("lib", "/bulletin", Place(PlaceKind.CHANNEL, "C7", name="library-news"))
    form = chat.last.open_form
    preview = await chat.submit("lib", "bulletins.compose",
                                {**FORM, "channels": "#library-news"}, form.context)
    assert "It goes to 1 person and 1 channel" in preview.messages[1].text
    await chat.press("lib", "Edit")
    edit = chat.last.open_form
    values = {i.name: i.initial for i in edit.inputs}
    assert values["channels"] == "#C7"
    again = await chat.submit("lib", "bulletins.compose", {**values, "title": "Renamed"},
                              edit.context)
    assert "It goes to 1 person and 1 channel" in again.messages[1].text
    await chat.press("lib", "Send")
    await chat.deliver()
    assert [p.text for p in chat.posts("C7")] == ["Renamed"]
