"""The form plain ``/huddle schedule`` opens: the same settings as the inline options, each
checked on the server; a wrong field is named and everything typed is kept."""
from __future__ import annotations

from ..cards import Choice, Form, FormInput, Reply
from ..errors import FormInvalid, UserError
from ..router import Context, Router
from ..vocabulary import Place, PlaceKind
from ..wording import huddles as say
from . import options
from .model import MAX_NAME_CHARS, HuddleSettings

router = Router("huddles.schedule_form")
FORM_ID = "huddles.schedule"


def _choices(*values: str) -> tuple[Choice, ...]:
    return tuple(Choice(v, v.replace("-", " ").capitalize()) for v in values)


def schedule_form(channel_id: str = "", timezone: str = "Europe/London") -> Form:
    return Form(FORM_ID, say.SCHEDULE_FORM_TITLE, (
        FormInput("name", say.F_NAME, required=True, max_length=MAX_NAME_CHARS,
                  placeholder="Ward 7 safety huddle"),
        FormInput("days", say.F_DAYS, required=True, initial="weekdays", max_length=60,
                  hint="weekdays, daily, or e.g. mon,wed,fri"),
        FormInput("every", say.F_EVERY, kind="select", initial="weekly",
                  options=_choices("weekly", "fortnightly", "monthly")),
        FormInput("time", say.F_TIME, required=True, initial="09:00", max_length=5),
        FormInput("tz", say.F_TZ, required=True, initial=timezone, max_length=64),
        FormInput("template", say.F_TEMPLATE, kind="select", initial="safety",
                  options=_choices("safety", "improvement", "learning")),
        FormInput("questions", say.F_QUESTIONS, kind="multiline", max_length=1100),
        FormInput("window", say.F_WINDOW, required=True, initial="30m", max_length=10,
                  hint="10m to 24h"),
        FormInput("nation", say.F_NATION, kind="select", initial="england",
                  options=_choices("england", "scotland", "wales", "northern-ireland",
                                   "none")),
    ), submit_label="Schedule", context=channel_id)


def settings_from(values: dict[str, str], base: HuddleSettings) -> HuddleSettings:
    """The settings the form describes; :class:`FormInvalid` names every wrong field."""
    errors: dict[str, str] = {}
    try:
        base = base.with_changes(name=options.parse_name(values.get("name", "")))
    except UserError as error:
        errors["name"] = error.message
    settings = base
    for field in ("days", "every", "time", "tz", "window", "nation", "template",
                  "questions"):
        value = values.get(field, "")
        if not value.strip():
            continue
        try:
            settings = options.apply(settings, {field: value}, separator="\n")
        except UserError as error:
            errors[field] = error.message
    if errors:
        raise FormInvalid(errors)
    return settings


@router.form(FORM_ID, definition=schedule_form)
async def schedule_submitted(ctx: Context) -> Reply:
    from .manage import create
    if not ctx.form_context:
        raise UserError(say.NEED_CHANNEL)
    from .manage import check_channel
    # the form's context came back from the client: only a member may schedule for a channel,
    # and only one the bot is in
    await check_channel(ctx, ctx.form_context, elsewhere=True)
    ctx.place = Place(PlaceKind.CHANNEL, ctx.form_context)
    zone = ctx.services.config.default_timezone
    base = HuddleSettings(name="-", timezone=zone, start=ctx.services.clock.today(zone))
    settings = settings_from(ctx.values, base)
    try:
        return await create(ctx, settings, checked=True)
    except UserError as error:
        field = "name" if "already a huddle" in error.message else "days"
        raise FormInvalid({field: error.message}) from None
