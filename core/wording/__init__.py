"""Everything the bot says that is not specific to one feature.

All user-facing wording lives in this package (feature wording in its submodules), so it can be
reviewed in one place: short, friendly, plain English.
"""

BOT_NAME = "kmbot"

TOO_LONG = ("That message is {n:,} characters long; the most I can take is {limit:,}. "
            "Please shorten it and try again.")
UNKNOWN_COMMAND = ("Sorry, I don't know the command “{command}”.{suggestion} "
                   "Type `/kmbot help` to see what I can do.")
UNKNOWN_SUBCOMMAND = ("Sorry, `/{group} {sub}` isn't something I know.{suggestion} "
                      "You can use: {choices}. Type `/{group} help` for details.")
DID_YOU_MEAN = " Did you mean “{word}”?"
UNBALANCED_QUOTES = "There's a quote mark without its partner. Please check your quotes."
SOMETHING_WENT_WRONG = ("Sorry, something went wrong on our side and nothing was changed. "
                        "It has been logged; please try again in a minute.")
LIBRARIANS_ONLY = "Only librarians can use `{usage}`. Ask a librarian if you need this done."
NUL_REFUSED = ("Sorry, that message has a hidden control character (NUL) in it, so I can't "
               "use it. Please type it again rather than pasting it.")
FORM_HAS_ERRORS = "Please check the form:"
EXPIRED_BUTTON = "That button has expired or no longer applies."
UNKNOWN_FORM = "That form has expired. Please start again."

HELP_TITLE = "What kmbot can do"
HELP_INTRO = ("I help you share what you know: Coffee Connect introductions and more. "
              "Type a command below, or `/<command> help` for details.")
HELP_GROUP_TITLE = "/{group}: {summary}"
HELP_LINE = "`{usage}`: {summary}"
HELP_LIBRARIAN_SUFFIX = " (librarians)"
HELP_NO_SUCH_GROUP = "There's no `/{group}` command. Type `/kmbot help` to see them all."

WELCOME = ("Hello! I'm kmbot, from your library and knowledge service. I can introduce you to "
           "colleagues through Coffee Connect and more. Type `help` to see what I can do, or "
           "`coffee join` to get started.")

# Roles
ROLE_USAGE_GRANT = "/kmbot librarian add @person"
ROLE_USAGE_REVOKE = "/kmbot librarian remove @person"
ROLE_NEED_PERSON = "Please mention the person, for example `/kmbot librarian add @Sam`."
ROLE_UNKNOWN_PERSON = ("I don't know anyone called “{name}” yet. They need to have used kmbot "
                       "once, or mention them with @.")
ROLE_AMBIGUOUS = "More than one person is called “{name}”. Please mention them with @."
ROLE_GRANTED = "{name} is now a librarian."
ROLE_ALREADY = "{name} is already a librarian."
ROLE_REVOKED = "{name} is no longer a librarian."
ROLE_NOT_HELD = "{name} isn't a librarian, so there was nothing to remove."
ROLE_FROM_SETTINGS = ("{name} is a librarian through the KMBOT_LIBRARIANS setting, which only "
                      "your administrator can change.")
ROLE_LIST = "Librarians: {names}."
ROLE_LIST_EMPTY = "No librarians have been named in chat yet (settings may name more)."

# Dates and periods (shared by several features)
DATE_FORMATS_HINT = "Use a date like 24/12/2026 or 2026-12-24."
BAD_DATE = "“{text}” isn't a date I understand. " + DATE_FORMATS_HINT
IMPOSSIBLE_DATE = "{text} isn't a real date. " + DATE_FORMATS_HINT
DATE_IN_PAST = "{date} is in the past. Please pick a date from tomorrow onwards."
DATE_TOO_FAR = "{date} is more than a year away. Please pick a date within the next year."
PERIOD_TOO_FAR = ("“{text}” is more than a year away. Please pick a period of up to a year, "
                  "like `2 weeks` or `6 months`.")
BAD_PERIOD = ("“{text}” isn't a period I understand. Try `2 weeks`, `10 days`, `1 month` or "
              "`until 24/12/2026`.")
BAD_TIME = "“{text}” isn't a time I understand. Use the 24-hour clock, like 09:30 or 14:00."
BAD_TIMEZONE = "“{text}” isn't a time zone I know. Try Europe/London."

KMBOT_SUMMARY = "help and settings"
HELP_SUMMARY = "what you can do here"
ROLE_USAGE = "/kmbot librarian add|remove @person"
ROLE_SUMMARY = "make someone a librarian, or stop them being one"
ROLES_SUMMARY = "who the librarians are"
ROLE_VERB = "Say `add` or `remove`, then the person."


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``count(1, "group")`` -> "1 group"; ``count(3, "group")`` -> "3 groups"."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"

# Deliveries
DELIVERIES_SUMMARY = "how sending is going, and what failed"
DELIVERIES_TITLE = "Deliveries"
DELIVERIES_TEXT = ("Messages sent: {sent}. Waiting: {pending}. Being retried: {retrying}. "
                   "Failed: {failed}. Not reachable: {unreachable}. Stopped: {stopped}.")
DELIVERY_STATUS_LABELS = {"sent": "Sent", "pending": "Waiting", "retrying": "Being retried",
                          "failed": "Failed", "unreachable": "Not reachable (left or removed)",
                          "stopped": "Stopped (bulletin stopped)"}
DELIVERIES_FAILURES = "Latest failures:"
DELIVERY_FAILED_LINE = "• {when} to {to}: {reason}"

# Status (librarians)
STATUS_SUMMARY = "how kmbot is running: platforms, scheduler and sending"
STATUS_TITLE = "kmbot status"
STATUS_TEXT = "Connected platforms: {platforms}. Scheduler: {scheduler}. {outbox}"
STATUS_PLATFORMS = "Platforms"
STATUS_SCHEDULER = "Scheduler"
STATUS_ON = "on"
STATUS_OFF = "off in this process"
STATUS_NONE = "none"

# Commands whose features are still being built (their slash commands are already registered)
COMING_SOON: dict[str, str] = {}
COMING_SOON_DESCRIPTION = "{feature} (coming soon)"
NOT_YET = ("`/{command}` ({feature}) isn't switched on yet: it's still being built. "
           "Type `/kmbot help` to see what you can do today.")
