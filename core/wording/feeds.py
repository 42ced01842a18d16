"""RSS and Atom feeds: what they say."""

GROUP_SUMMARY = "RSS and Atom feeds that bring the latest evidence into topics"

# Usage and summaries
ADD_USAGE = "/feed add <topic> <url>"
ADD_SUMMARY = "add an RSS or Atom feed to a topic"
LIST_USAGE = "/feed list"
LIST_SUMMARY = "the feeds, by topic, and how each is doing"
REMOVE_USAGE = "/feed remove <id|url>"
REMOVE_SUMMARY = "stop following a feed"
TEST_USAGE = "/feed test <url>"
TEST_SUMMARY = "try a feed: show its latest five items without adding it"
EVERY_USAGE = "/feed every <id> <30m|2h|1d>"
EVERY_SUMMARY = "how often to check a feed (hourly unless you say)"

# Adding
NEED_TOPIC_AND_URL = "Say which topic and the feed's address: `{usage}`"
NEED_URL = "Give the feed's address, starting http:// or https://: `{usage}`"
BAD_URL = ("“{url}” doesn't look like a web address I can fetch. A feed's address starts "
           "with http:// or https:// and has no spaces, user name or password in it.")
URL_TOO_LONG = "That address is {n} characters; the longest I take is {limit}."
UNKNOWN_TOPIC = "There's no topic called “{topic}”. {topics}"
TOPICS_ARE = "The topics are: {names}."
NO_TOPICS = "There are no topics yet: add one first with `/bulletin topics add \"Name\"`."
ALREADY_ADDED = "“{topic}” already has that feed (number {id}). Nothing was changed."
ADDED = ("Added “{title}” to {topic} (feed {id}): {items} now, checked {every}. "
         "Type `/feed every {id} 30m` to change how often.")
NOT_SET_UP = ("Feeds aren't switched on here: the bot's administrator needs to set up "
              "fetching. Nothing was changed.")
NOTHING_ADDED = "Nothing was added."

# Why a feed could not be fetched (FetchFailed.reason)
REASONS = {
    "bad_url": "its address isn't an http:// or https:// web address I can use",
    "private": ("{detail} is on a private or internal network, which feeds may not use "
                "(so the bot can't be used to look inside the trust's network)"),
    "unreachable": "the site couldn't be reached (it may be down, or the address mistyped)",
    "timeout": "the site took longer than {detail} seconds to answer",
    "too_big": "it is larger than 5 MB, so I stopped reading it",
    "redirects": "it redirects too many times, or in a loop",
    "http_status": "the site answered with an error (HTTP {detail})",
    "not_a_feed": "what's there isn't an RSS or Atom feed (it may be a web page: look on it "
                  "for a link to its feed)",
}
REASON_UNKNOWN = "something unexpected went wrong reading it"
CANNOT_FETCH = "I couldn't use {url}: {reason}."

# Listing
LIST_EMPTY = "No feeds yet. Add one with `{usage}`."
LIST_TITLE = "Feeds"
LIST_TOPIC = "*{topic}*"
LIST_LINE = "{id}. {title}: {url} · every {every} · {state}"
STATE_NEW = "not checked yet"
STATE_OK = "fine, {items} items"
STATE_FAILING = "⚠️ failed {n} times in a row: {reason}"
UNKNOWN_TOPIC_NAME = "(a topic that was removed)"

# Removing
WHICH_FEED = "Which feed? Give its number or address: `{usage}` (see `/feed list`)."
NO_SUCH_FEED = "There's no feed “{which}” here. Type `/feed list` to see them."
AMBIGUOUS_URL = ("That address is a feed of several topics (feeds {ids}). Give the number of "
                 "the one to remove.")
REMOVED = ("Removed feed {id} (“{title}”) from {topic}. Items it already brought in stay "
           "with the topic.")

# How often
NEED_EVERY = "Say which feed and how often: `{usage}`"
BAD_EVERY = ("“{value}” isn't a length of time I understand. Use minutes, hours or days, "
             "such as 30m, 2h or 1d.")
EVERY_RANGE = "A feed can be checked from every {low} to every {high}; you asked for {asked}."
EVERY_SET = "Feed {id} (“{title}”) will be checked {every}, next at {when}."
EVERY_HOURLY = "every hour"
EVERY_PHRASE = "every {n}"
MINUTES = ("minute", "minutes")
HOURS = ("hour", "hours")
DAYS = ("day", "days")

# Testing
TEST_TITLE = "{title}: latest {n}"
TEST_EMPTY = "“{title}” is a feed, but it has no items at the moment."
TEST_ITEM = "• {title}{date}{link}"
TEST_DATE = " ({date})"
TEST_LINK = "\n  {link}"
TEST_NOTE = "Nothing was stored. Add it with `/feed add <topic> {url}`."
UNTITLED = "(untitled)"
ITEMS = ("item", "items")

# Warnings to librarians
WARNING = ("⚠️ The feed “{title}” ({topic}, feed {id}) has failed {n} times in a row: "
           "{reason}. I'll keep trying, less often, and tell you again if it recovers and "
           "fails again. Check it with `/feed test {url}`, or stop it with "
           "`/feed remove {id}`.")

# Home
HOME_TITLE = "Feeds"
HOME_LINE = "{feeds} feeding {topics}."
HOME_FAILING = "⚠️ {n} failing: type `/feed list` to see why."
