"""A member's profile (department, site, interests, a short bio) and the meeting outcome
buttons on introductions."""
from __future__ import annotations

from ..cards import Card, Field, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..numbers import record_id
from ..router import Context
from ..wording import coffee as say
from .members import router
from .model import Outcome, Person

LIMITS = {"department": 100, "site": 100, "interests": 300, "bio": 500}
LABELS = {"department": say.FIELD_DEPARTMENT, "site": say.FIELD_SITE,
          "interests": say.FIELD_INTERESTS, "bio": say.FIELD_BIO}


def profile_form(person: Person | None) -> Form:
    def initial(name: str) -> str:
        return getattr(person, name, "") if person else ""
    return Form(form_id="coffee.profile", title=say.PROFILE_FORM_TITLE, submit_label=say.SAVE,
                inputs=tuple(FormInput(name, LABELS[name], "multiline" if name == "bio" else "text",
                                       initial=initial(name), max_length=limit,
                                       hint=say.INTERESTS_HINT if name == "interests" else "")
                             for name, limit in LIMITS.items()))


def profile_card(person: Person | None, lead: str) -> Card:
    fields = tuple(Field(LABELS[n], (getattr(person, n, "") if person else "") or say.NOT_SET)
                   for n in LIMITS)
    return Card(title=say.PROFILE_TITLE, sections=(Section(lead), Section(fields=fields)))


def check_profile(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    for name, value in values.items():
        if name not in LIMITS:
            errors[name] = say.PROFILE_UNKNOWN_FIELD.format(name=name, names=", ".join(LIMITS))
        elif len(value) > LIMITS[name]:
            errors[name] = say.FIELD_TOO_LONG.format(label=LABELS[name], n=len(value),
                                                     limit=LIMITS[name])
    return errors


async def save_profile(ctx: Context, values: dict[str, str]) -> Person:
    async with ctx.services.uow() as uow:
        person = await uow.people.get(ctx.actor.key)
        merged = {n: values.get(n, getattr(person, n)).strip() for n in LIMITS}
        await uow.people.save_profile(ctx.actor.key, **merged)
        return await uow.people.get(ctx.actor.key)


@router.command("coffee", "profile", usage=say.PROFILE_USAGE, summary=say.PROFILE_SUMMARY)
async def profile(ctx: Context) -> Reply:
    if not ctx.args:
        async with ctx.services.uow() as uow:
            person = await uow.people.get(ctx.actor.key)
        return Reply(messages=Reply.say(say.PROFILE_SHOW, profile_card(person, say.PROFILE_SHOW)).messages,
                     open_form=profile_form(person))
    if any("=" not in word for word in ctx.args):
        raise UserError(say.PROFILE_NOT_PAIR, say.PROFILE_USAGE)
    values = {}
    for word in ctx.args:
        key, _, value = word.partition("=")
        key = key.strip().lower()
        values["interests" if key == "interest" else key] = value
    errors = check_profile(values)
    if errors:
        raise UserError(" ".join(errors.values()), say.PROFILE_USAGE)
    person = await save_profile(ctx, values)
    return Reply.say(say.PROFILE_SAVED, profile_card(person, say.PROFILE_SAVED))


@router.form("coffee.profile", definition=lambda: profile_form(None))
async def profile_submitted(ctx: Context) -> Reply:
    values = {k: v or "" for k, v in ctx.values.items() if k in LIMITS}
    errors = check_profile(values)
    if errors:
        raise FormInvalid(errors)
    person = await save_profile(ctx, values)
    return Reply.say(say.PROFILE_SAVED, profile_card(person, say.PROFILE_SAVED))


async def _outcome(ctx: Context, outcome: Outcome) -> Reply:
    group_id = record_id(ctx.value)
    if group_id is None:
        raise UserError(say.OUTCOME_GONE)
    async with ctx.services.uow() as uow:
        group = await uow.coffee.group_of(group_id)
        if group is None:
            raise UserError(say.OUTCOME_GONE)
        if ctx.actor.key not in group.keys:
            raise UserError(say.OUTCOME_NOT_YOURS)
        await uow.coffee.record_outcome(group.id, ctx.actor.key, outcome.value,
                                        ctx.services.now())
    return Reply.say(say.THANKS_MET if outcome is Outcome.MET else say.THANKS_MISSED)


@router.action("coffee.met")
async def met(ctx: Context) -> Reply:
    return await _outcome(ctx, Outcome.MET)


@router.action("coffee.missed")
async def missed(ctx: Context) -> Reply:
    return await _outcome(ctx, Outcome.MISSED)
