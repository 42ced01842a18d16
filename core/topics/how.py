"""How a person hears about their topics: immediately, or a daily, weekly or monthly
digest at a time in their time zone (the ``Change how I hear`` form)."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..cards import Choice, Form, FormInput, Reply
from ..errors import FormInvalid
from ..router import Context, Router
from ..wording import topics as say
from .find import describe
from .model import Frequency, HowIHear
from .subscribe import subscriptions_card

router = Router("topics.how")
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def how_form(how: HowIHear = HowIHear()) -> Form:
    return Form(form_id="topics.how", title=say.HOW_FORM_TITLE, submit_label=say.HOW_SAVE,
                inputs=(
                    FormInput("frequency", say.LABEL_FREQUENCY, "select", True, tuple(
                        Choice(f.value, label) for f, label in (
                            (Frequency.IMMEDIATELY, say.FREQ_IMMEDIATELY),
                            (Frequency.DAILY, say.FREQ_DAILY),
                            (Frequency.WEEKLY, say.FREQ_WEEKLY),
                            (Frequency.MONTHLY, say.FREQ_MONTHLY))), how.frequency.value),
                    FormInput("weekday", say.LABEL_WEEKDAY, "select", False, tuple(
                        Choice(str(i), name) for i, name in enumerate(say.WEEKDAY_NAMES)),
                        str(how.weekday)),
                    FormInput("day", say.LABEL_DAY, "number", initial=str(how.day),
                              max_length=2),
                    FormInput("time", say.LABEL_TIME, initial=how.time, placeholder="08:00",
                              max_length=5),
                    FormInput("timezone", say.LABEL_TIMEZONE, initial=how.timezone,
                              placeholder="Europe/London", max_length=64)))


def read_how(values: dict[str, str], default_tz: str) -> HowIHear:
    errors: dict[str, str] = {}
    time = values.get("time") or "08:00"
    if not TIME.fullmatch(time):
        errors["time"] = say.BAD_TIME
    tz = values.get("timezone") or default_tz
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = say.BAD_TIMEZONE.format(tz=tz)
    day = int(values.get("day") or 1)
    if not 1 <= day <= 28:
        errors["day"] = say.BAD_DAY
    if errors:
        raise FormInvalid(errors)
    return HowIHear(Frequency(values["frequency"]), time, tz, int(values.get("weekday") or 0),
                    day)


@router.action("topics.how")
async def how_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        how = await uow.topics.how(ctx.actor.key) or HowIHear(
            timezone=ctx.services.config.default_timezone)
    return Reply(open_form=how_form(how))


@router.form("topics.how", definition=how_form)
async def how_submitted(ctx: Context) -> Reply:
    how = read_how(ctx.values, ctx.services.config.default_timezone)
    async with ctx.services.uow() as uow:
        await uow.topics.set_how(ctx.actor.key, how, ctx.services.now())
        return await subscriptions_card(ctx, uow, say.HOW_SAVED.format(how=describe(how)))
