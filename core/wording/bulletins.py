"""Bulletins: what they say."""

# Usage and summaries
NEW_USAGE = "/bulletin"
NEW_SUMMARY = "compose a bulletin (librarians): preview it, then send it now or at a time"
LIST_USAGE = "/bulletin list"
LIST_SUMMARY = "drafts, scheduled and recent bulletins"
EDIT_USAGE = "/bulletin edit <id>"
EDIT_SUMMARY = "change a draft or scheduled bulletin before it starts sending"
CANCEL_USAGE = "/bulletin cancel <id>"
CANCEL_SUMMARY = "cancel a draft or scheduled bulletin"
STOP_USAGE = "/bulletin stop <id>"
STOP_SUMMARY = "stop a bulletin that is sending: the rest is not sent"
STATUS_USAGE = "/bulletin status <id>"
STATUS_SUMMARY = "how sending a bulletin is going"
REPORT_USAGE = "/bulletin report <id>"
REPORT_SUMMARY = "who got a bulletin and who didn't, as a CSV file"
PREVIEW_USAGE = "/bulletin preview <id>"
PREVIEW_SUMMARY = "see a bulletin again as recipients will, with its buttons"

# The form
FORM_TITLE = "New bulletin"
EDIT_TITLE = "Edit bulletin {id}"
FORM_OPENED = "Fill in the form: you'll see a private preview before anything is sent."
LABEL_TITLE = "Title"
LABEL_BODY = "Body (Markdown: **bold**, _italic_, lists, [links](https://...))"
LABEL_LINKS = "Links, one a line: Label | https://... (up to 10)"
LABEL_TOPICS = "Topics (comma-separated)"
LABEL_SUBSCRIBERS = "Send to the subscribers of its topics"
LABEL_CHANNELS = "Also post in these channels (#name, comma-separated)"
LABEL_EVERYONE = "Send to everyone who has ever used kmbot here"
LABEL_WHEN = "When: now, or a date and time (2026-12-01 09:00)"
LABEL_TIMEZONE = "Time zone"
LABEL_NOTIFY = "Notify the channels (@channel)"
YES, NO = "Yes", "No"
PREVIEW_BUTTON = "Preview"

# Checking what was typed
TITLE_NEEDED = "Give the bulletin a title."
BODY_TOO_LONG = "The body can be at most {limit:,} characters; it has {n:,}. Shorten it or split it into two bulletins."
TOO_MANY_LINKS = "A bulletin can carry at most {limit} links; there are {n}."
BAD_LINK_LINE = "Line {line} of the links isn't a link: write `Label | https://...` or just the address."
BAD_URL = "{url} isn't a web address I can link to: links start with https:// or http://."
BROKEN_FENCE = "The code block opened on line {line} of the body is never closed: add a line with ``` after it."
BROKEN_CODE = "Line {line} of the body opens code with ` but never closes it."
BROKEN_LINK = "Line {line} of the body has a link that isn't finished: write [words](https://...)."
BROKEN_BOLD = "Line {line} of the body opens bold with ** (or __) but never closes it."
UNKNOWN_TOPIC = "I don't know the topic {name}. {choices}"
TOPICS_NEEDED = "Choose at least one topic for its subscribers, or send it to channels or everyone instead."
NO_AUDIENCE = "Choose who gets it: the subscribers of its topics, some channels, or everyone."
UNKNOWN_CHANNEL = ("I don't know the channel {name}. Type `/subscribe channel <topic>` in it first "
                   "(that checks I'm there), or open `/bulletin` from that channel.")
NOT_IN_CHANNEL = "I'm not in {name}, so I couldn't post there. Add kmbot to that channel first."
BAD_WHEN = "Write when as `now` or a date and time such as 2026-12-01 09:00."
IN_THE_PAST = "{when} has already passed. Choose a time in the future, or `now`."
TOO_FAR = "Bulletins can be scheduled up to a year ahead."
BAD_TIMEZONE = "I don't know the time zone {tz}. Use a name such as Europe/London."
NOTHING_TYPED = "There was nothing in the form."

# The preview
PREVIEW_LEAD = "Preview of bulletin {id}, only you can see it. {audience} {when}"
AUDIENCE = "It goes to {people} and {channels}{digests}."
PEOPLE = "{n:,} people"
PERSON = "1 person"
CHANNELS = "{n} channels"
CHANNEL = "1 channel"
DIGESTS = " ({n:,} of them in their digest)"
WHEN_NOW = "Press Send to send it now."
WHEN_AT = "Press Schedule to send it on {when}."
STILL_SCHEDULED = "Saved. It is still scheduled, for {when}."
BACK_TO_DRAFT = "Saved. It is no longer scheduled: press Send to send it now."
CONFIRM_AGAIN = "Saved. It now goes to everyone, so press Schedule again to confirm."
SEND = "Send"
SCHEDULE = "Schedule"
EDIT = "Edit"
CANCEL = "Cancel"
CONFIRM_EVERYONE = ("This goes to everyone who has ever used kmbot here: {n:,} people. "
                    "Are you sure?")
CONFIRM_SEND = "Yes, send to {n:,} people"
CONFIRM_SCHEDULE = "Yes, schedule for {n:,} people"
NO_ONE = "Nobody would get this bulletin yet: its topics have no subscribers. Edit it to add channels or everyone."

# What happens
SENDING = "Bulletin {id} is on its way to {n:,} {recipients}{digests}. See how it goes with `/bulletin status {id}`."
SENDING_DIGESTS = " (and held for {n:,} digests)"
SCHEDULED = "Bulletin {id} is scheduled for {when}. Change it with `/bulletin edit {id}` or cancel with `/bulletin cancel {id}`."
NO_TIME = "Choose when to send it first: press Edit and fill in When."
CANCELLED = "Bulletin {id} is cancelled. Nothing was sent."
STOPPED = "Stopped bulletin {id}: {n:,} messages not yet sent will not be sent. `/bulletin report {id}` shows who got it."
NOT_CHANGEABLE = "Bulletin {id} is {status}, so it can't be changed any more."
NOT_SENDING = "Bulletin {id} isn't sending (it is {status})."
NO_SUCH = "There is no bulletin {id}. `/bulletin list` shows them."
WHICH = "Which bulletin? Usage: {usage}"
ALREADY = "Bulletin {id} is already {status}."

STATUS_WORDS = {"draft": "a draft", "scheduled": "scheduled", "sending": "sending",
                "stopped": "stopped", "cancelled": "cancelled", "finished": "sent"}

# List
LIST_TITLE = "Bulletins"
LIST_EMPTY = "No bulletins yet. A librarian composes one with `/bulletin`."
LIST_LINE = "• {id} {title}: {state}"
STATE_SCHEDULED = "scheduled for {when}"
STATE_SENDING = "sending since {when}"
STATE_SENT = "sent {when}"

# Status
STATUS_TITLE = "Bulletin {id}: {title}"
STATUS_TEXT = ("{state}: {sent:,} of {total:,} delivered ({percent}%). Waiting {queued:,}, being retried "
               "{retrying:,}, failed {failed:,}, not reachable {unreachable:,}, stopped {stopped:,}.")
STATUS_DIGESTS = "Held for digests: {n:,}."
STATUS_RATE = "Rate so far: {rate:,.1f} a second. Expected to finish around {finish}."
STATUS_DONE = "Finished."
STATUS_NOT_STARTED = "Not sent yet ({state})."
STATUS_DUPLICATES = "Possibly sent twice (a send cut off mid-way): {n:,}."

# Report
REPORT_READY = "Here is the report for bulletin {id}: one row per recipient."
REPORT_HEADER = ("recipient", "name", "kind", "status", "attempts", "last_error", "sent_at",
                 "queued_at", "possibly_duplicated")
REPORT_DIGEST = "held for digest"
REPORT_STOPPED = "stopped: not sent"

# The bulletin itself
LINKS = "*Links*"
FROM = "From your library · {topics}"
FROM_NO_TOPICS = "From your library"
CONTINUED = "(continued)"

# Home
HOME_LIBRARIAN = "*Bulletins*: {n} scheduled, {m} sending. Compose one with `/bulletin`."
HOME_BUTTON = "New bulletin"

# kmbot report bulletin (the command line)
CLI_REPORT_HELP = "a bulletin's recipients (CSV)"
CLI_ID_HELP = "the bulletin's number"
CLI_NO_SUCH = "There is no bulletin {id}."

# /bulletin read
READ_USAGE = "/bulletin read <id>"
READ_SUMMARY = "read a bulletin that went out (your digest shows its number)"
READ_NONE = ("There's no bulletin {id} for you to read. Your digest gives each bulletin's "
             "number, with `/bulletin read` beside it.")
