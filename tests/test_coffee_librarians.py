"""Librarians run programmes from chat; members are refused librarian commands."""
from __future__ import annotations


async def test_members_cannot_use_librarian_commands(chat):
    for command in ("coffee run-now", "coffee stats", "coffee create X", "kmbot librarian add @bob"):
        reply = await chat.say("ann", command)
        assert reply.startswith("Only librarians can use"), command


async def test_create_programme_with_settings(chat):
    reply = await chat.say("lib", 'coffee create "New starters" every=fortnightly day=tue '
                                  'time=14:30 size=3 theme="Best advice you were given?" cross=yes')
    assert "Created *New starters* (`new-starters`)" in reply
    assert "every other Tuesday at 14:30 (Europe/London), in groups of three, mixing departments" in reply
    assert "First round on Tuesday 1 December 2026 at 14:30" in reply


async def test_create_reports_every_bad_setting_and_stores_nothing(chat):
    reply = await chat.say("lib", "coffee create Nights every=daily day=funday time=25:00 "
                                  "tz=Mars/Base size=7 cross=maybe")
    for problem in ("isn't a cadence", "isn't a day of the week", "isn't a time I understand",
                    "isn't a time zone", "use 2 (pairs), 3 (threes), or 4 to 6", "should be yes or no"):
        assert problem in reply
    assert "nights" not in await chat.say("lib", "coffee programmes")


async def test_create_refuses_unknown_settings_and_duplicate_names(chat):
    assert "isn't a setting I know" in await chat.say("lib", "coffee create X colour=blue")
    await chat.say("lib", "coffee create Nights")
    assert "already a programme called `nights`" in await chat.say("lib", "coffee create Nights")


async def test_create_without_arguments_opens_the_programme_form(chat):
    await chat.say("lib", "coffee create")
    form = chat.last.open_form
    assert form.form_id == "coffee.programme"
    reply = await chat.submit("lib", form.form_id, {"name": "", "time": "9"})
    assert set(reply.field_errors) == {"name", "every", "day", "tz", "size", "cross"}
    reply = await chat.submit("lib", form.form_id, {"name": "Wards", "every": "monthly",
                                                   "day": "friday", "time": "9",
                                                   "tz": "Europe/London", "size": "2",
                                                   "cross": "no"})
    assert set(reply.field_errors) == {"time"}
    reply = await chat.submit("lib", form.form_id, {"name": "Wards", "every": "monthly",
                                                   "day": "friday", "time": "12:00",
                                                   "tz": "Europe/London", "size": "2",
                                                   "cross": "no", "theme": ""})
    assert "Created *Wards*" in reply.text and "first Friday of each month" in reply.text


async def test_edit_changes_only_what_is_given(chat):
    await chat.say("ann", "coffee join")
    reply = await chat.say("lib", "coffee edit coffee-connect time=11:15 day=wed")
    assert "every Wednesday at 11:15" in reply and "in pairs" in reply
    assert "isn't a time" in await chat.say("lib", "coffee edit coffee-connect time=noon")
    assert "There's no programme called" in await chat.say("lib", "coffee edit nope size=3")


async def test_run_now_with_too_few_people(chat):
    await chat.say("ann", "coffee join")
    assert "at least two are needed" in await chat.say("lib", "coffee run-now")


async def test_grant_and_revoke_librarian(chat):
    await chat.say("bob", "coffee status")          # bob has used kmbot
    assert "Bob is now a librarian" in await chat.say("lib", "kmbot librarian add <@bob|Bob>")
    assert "Created" in await chat.say("bob", "coffee create Bobs")
    assert "already a librarian" in await chat.say("lib", "kmbot librarian add Bob")
    assert "Bob" in await chat.say("ann", "kmbot librarians")
    assert "no longer a librarian" in await chat.say("lib", "kmbot librarian remove @bob")
    assert "Only librarians" in await chat.say("bob", "coffee create Again")


async def test_settings_librarians_cannot_be_revoked_from_chat(chat):
    await chat.say("lib", "kmbot librarian add <@boss|Boss>")
    await chat.say("boss", "kmbot help")
    reply = await chat.say("boss", "kmbot librarian remove <@lib|Lib>")
    assert "KMBOT_LIBRARIANS setting" in reply


async def test_unknown_person_for_role(chat):
    assert "don't know anyone called" in await chat.say("lib", "kmbot librarian add Zed")
    assert "Say `add` or `remove`" in await chat.say("lib", "kmbot librarian promote @x")


async def test_help_lists_librarian_commands_only_to_librarians(chat):
    assert "coffee run-now" not in await chat.say("ann", "help")
    assert "coffee run-now" in await chat.say("lib", "help")
    assert "/coffee join" in await chat.say("ann", "coffee help")
    assert "/coffee join" in await chat.say("ann", "kmbot help coffee")


async def test_knowledge_cafe_tables_rotate_to_new_colleagues(chat, runtime, clock):
    reply = await chat.say("lib", "coffee create Cafe size=4")
    assert "in tables of 4" in reply
    people = [f"p{i:02}" for i in range(16)]
    for user in people:
        await chat.say(user, "coffee join cafe")
    for _ in range(5):                                    # 16 in fours: 5 rounds, no repeats
        assert "16 people in *Cafe* matched into 4 groups" in await chat.say("lib", "coffee run-now cafe")
        clock.advance(days=7)
    assert "Repeat pairs: 0" in await chat.say("lib", "coffee stats cafe")


async def test_a_programme_name_keeps_its_letters(chat):
    reply = await chat.say("lib", 'coffee create "☕ Café ☕"')
    assert "`cafe`" in reply
    assert "`creche-ete`" in await chat.say("lib", 'coffee create "Crèche Été"')
    assert "need a letter or number" in await chat.say("lib", 'coffee create "☕ ☕"')
