"""Digests: what they say."""

GROUP_SUMMARY = "your current-awareness digest: what's new in the topics you follow"

PREVIEW_USAGE = "/digest preview"
PREVIEW_SUMMARY = "see what your next digest would hold now (nothing is marked as sent)"
NOW_USAGE = "/digest now"
NOW_SUMMARY = "send your digest now"
SET_USAGE = "/digest daily 08:00 | weekly friday 09:00 | monthly 08:00 | off  [time zone]"
SET_SUMMARY = "choose when your digest comes (off: hear about each item as it comes)"
CHANNEL_USAGE = "/digest channel daily 09:00 | weekly monday 09:00 | monthly 09:00 | off"
CHANNEL_SUMMARY = "when this channel gets its topics' digest (librarians)"
STATS_USAGE = "/digest stats"
STATS_SUMMARY = "subscribers, digests sent, Useful marks and reach (librarians)"

TITLE = {"daily": "Your daily digest", "weekly": "Your weekly digest",
         "monthly": "Your monthly digest", "now": "Your digest"}
CHANNEL_TITLE = "This channel's digest"
INTRO = "{title}: {n} new since {since}."
TOPIC_HEAD = "*{name}* ({n})"
ITEM = "{i}. {title} · {source} · {date}"
ITEM_LINK = "{i}. {title} · {source} · {date} · {link}"
MORE = "   …and {n} more: press “Show all {name}”."
MORE_PLAIN = "   …and {n} more."
BULLETIN_SOURCE = "bulletin"
BULLETIN_READ = "bulletin · read it with `/bulletin read {id}`"
WALL_SOURCE = "closed {kind} in {place}, {ideas}"
WALL_KINDS = {"wall": "graffiti wall", "poll": "poll"}
A_CHANNEL = "a channel"


def ideas(n: int) -> str:
    return "1 idea" if n == 1 else f"{n} ideas"


LESSON_SOURCE = "lesson (type `/lesson show {id}`)"
USEFUL_BUTTON = "Useful {i}"
MORE_BUTTON = "Show all {name}"
CHANGE_BUTTON = "Change frequency"
UNSUBSCRIBE_BUTTON = "Unsubscribe from {name}"
PREVIEW_LEAD = "Here's what your next digest would hold if it went now (nothing is marked as sent):"
PREVIEW_EMPTY = ("Nothing new in your topics since your last digest, so there'd be no "
                 "digest now. I never send an empty one.")
NOW_EMPTY = "Nothing new in your topics since your last digest, so I haven't sent one."
NOW_SENT = "On its way: {n} new items."
NO_TOPICS = "You don't follow any topics yet. Type `/subscribe` to choose some."

USEFUL_THANKS = "Thanks, noted as useful. It helps the library know what to bring you."
USEFUL_AGAIN = "You've already marked that one as useful. Thanks!"
NOT_YOURS = "That digest isn't one of yours, so I can't do that from here."
UNSUBSCRIBED = "Done: you no longer follow {name}. Type `/subscribe {slug}` to follow it again."
FULL_HEAD = "Everything in {name} from that digest ({n}):"
NOTHING_MORE = "That list has nothing in it any more."

SET_DONE = ("Saved: your digest comes {when}. Type `/digest preview` to see what it would "
            "hold now.")
WHEN_DAILY = "every day at {time} ({timezone})"
WHEN_WEEKLY = "every {weekday} at {time} ({timezone})"
WHEN_MONTHLY = ("on the first working day of each month (weekends and bank holidays skipped) "
                "at {time} ({timezone})")
SET_OFF = "Saved: you'll hear about each item as it comes, no digest."
BAD_FREQUENCY = ("“{word}” isn't a frequency I know. Say daily, weekly (with a weekday), "
                 "monthly or off, then a time: `{usage}`")
BAD_WEEKDAY = ("“{word}” isn't a day of the week. Try monday, tuesday, wednesday, thursday, "
               "friday, saturday or sunday: `/digest weekly friday 09:00`")
NEED_WEEKDAY = "Which day? `/digest weekly friday 09:00`"
BAD_TIME = ("“{word}” isn't a time of day. Use the 24-hour clock, from 00:00 to 23:59, "
            "e.g. `08:00` or `17:30`.")
BAD_TIMEZONE = ("“{word}” isn't a time zone I know. Use a name like Europe/London (the "
                "default).")
TOO_MANY = "I didn't understand “{word}”: `{usage}`"
GAP_NOTE = ("Note: on the day the clocks go forward, {time} doesn't happen in {tz}; that "
            "day your digest comes an hour later.")

CHANNEL_ONLY = "Type that in the channel that should get the digest."
LIBRARIANS_ONLY = "Only librarians can do that."
CHANNEL_NO_TOPICS = ("This channel doesn't follow any topics yet: a librarian types "
                     "`/subscribe channel <topic>` here first.")
CHANNEL_SET = "Saved: this channel gets a digest of its topics {when}."
CHANNEL_OFF = "Saved: this channel hears about each item as it comes, no digest."

STATS_TITLE = "Digests: the figures"
STATS_SUBSCRIBERS = "*Subscribers by topic and how they hear*"
STATS_SUB_LINE = "• {topic}: {parts}"
STATS_SENT = "*Digests sent:* {n}, {items} items in all ({avg} per digest on average)"
STATS_USEFUL = "*Marked useful:* {parts}"
STATS_REACH = ("*Reach* (subscribers who received at least one item in the last 30 / 90 "
               "days)")
STATS_REACH_LINE = "• {name}: {r30} / {r90}"
STATS_TEAMS = "*Reach by team* (the department people give in `/kmbot profile`)"
NO_TEAM = "no team given"
STATS_NONE = "none yet"

HOME_TITLE = "Your digest"
HOME_LINE = "{how} Type `/digest preview` to see what's waiting."
HOME_BUTTON = "Preview my digest"
