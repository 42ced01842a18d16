"""A person's profile (department, site, interests, a short bio), shared by every feature:
``/kmbot profile`` shows it with a form to change it, or sets fields given as name=value.
"""
from __future__ import annotations

from ..cards import Card, Field, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..router import Context, Handler, Router
from ..wording import people as say
from .model import Person

#: kept as it was when profiles belonged to Coffee Connect, so forms open during an upgrade work
FORM_ID = "coffee.profile"
LIMITS = {"department": 100, "site": 100, "interests": 300, "bio": 500}
LABELS = {"department": say.FIELD_DEPARTMENT, "site": say.FIELD_SITE,
          "interests": say.FIELD_INTERESTS, "bio": say.FIELD_BIO}

router = Router("people.profile")


def profile_form(person: Person | None) -> Form:
    def initial(name: str) -> str:
        return getattr(person, name, "") if person else ""
    return Form(form_id=FORM_ID, title=say.PROFILE_FORM_TITLE, submit_label=say.SAVE,
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


def profile_command(usage: str) -> Handler:
    """The ``profile`` command; features may offer it under their own group too (an alias
    such as ``/coffee profile``), with ``usage`` shown when something is mistyped."""
    async def profile(ctx: Context) -> Reply:
        if not ctx.args:
            async with ctx.services.uow() as uow:
                person = await uow.people.get(ctx.actor.key)
            return Reply(messages=Reply.say(say.PROFILE_SHOW,
                                            profile_card(person, say.PROFILE_SHOW)).messages,
                         open_form=profile_form(person))
        if any("=" not in word for word in ctx.args):
            raise UserError(say.PROFILE_NOT_PAIR, usage)
        values = {}
        for word in ctx.args:
            key, _, value = word.partition("=")
            key = key.strip().lower()
            values["interests" if key == "interest" else key] = value
        errors = check_profile(values)
        if errors:
            raise UserError(" ".join(errors.values()), usage)
        person = await save_profile(ctx, values)
        return Reply.say(say.PROFILE_SAVED, profile_card(person, say.PROFILE_SAVED))
    return profile


router.command("kmbot", "profile", usage=say.PROFILE_USAGE,
               summary=say.PROFILE_SUMMARY)(profile_command(say.PROFILE_USAGE))


@router.form(FORM_ID, definition=lambda: profile_form(None))
async def profile_submitted(ctx: Context) -> Reply:
    values = {k: v or "" for k, v in ctx.values.items() if k in LIMITS}
    errors = check_profile(values)
    if errors:
        raise FormInvalid(errors)
    person = await save_profile(ctx, values)
    return Reply.say(say.PROFILE_SAVED, profile_card(person, say.PROFILE_SAVED))
