"""Topics and subscriptions: what they say."""

BULLETIN_GROUP_SUMMARY = "Bulletins: current awareness from your library, by topic"
SUBSCRIBE_SUMMARY = "follow topics, to get their bulletins"
UNSUBSCRIBE_SUMMARY = "stop following a topic (or all of them)"
SUBSCRIPTIONS_SUMMARY = "the topics you follow, and how you hear about them"

TOPICS_USAGE = ('/bulletin topics [add "Name" | rename "Old name" "New name" | '
                'retire "Name"]')
TOPICS_SUMMARY = "the topics bulletins are about (librarians add, rename and retire them)"
SUBSCRIBE_USAGE = "/subscribe <topic> [<topic> ...]   or, in a channel: /subscribe channel <topic>"
SUBSCRIBE_ONE_USAGE = "/subscribe <topic> [<topic> ...]"
UNSUBSCRIBE_USAGE = "/unsubscribe <topic>|all   or, in a channel: /unsubscribe channel <topic>"
SUBSCRIPTIONS_USAGE = "/subscriptions"

# Topics
TOPICS_TITLE = "Topics"
TOPICS_EMPTY = ('There are no topics yet. A librarian adds one with '
                '`/bulletin topics add "Sustainable healthcare"`.')
TOPIC_LINE = "• {name} ({n} {subscribers})"
SUBSCRIBER, SUBSCRIBERS = "subscriber", "subscribers"
TOPICS_HOW = "Follow one with `/subscribe <topic>`."
TOPIC_NAME_NEEDED = 'Give the topic a name, in quotes: `/bulletin topics add "Sustainable healthcare"`.'
TOPIC_NAME_TOO_LONG = "A topic's name can be at most {limit} characters (that one has {n})."
TOPIC_NAME_BAD = "A topic's name needs some letters or digits."
TOPIC_EXISTS = "There is already a topic called {name}."
TOPIC_ADDED = "Added the topic {name}. Colleagues can follow it with `/subscribe {slug}`."
TOPIC_RENAMED = "Renamed {old} to {new}. Everyone who followed it still does."
TOPIC_RETIRED = ("Retired {name}: it no longer shows in the list and no bulletin can be "
                 "about it. Its {n} subscriptions are kept in case you bring it back.")
TOPIC_UNKNOWN = "I don't know a topic called {name}. {choices}"
TOPIC_GONE = "That topic has been retired or removed. {choices}"
TOPIC_CHOICES = "The topics are: {names}."
NO_TOPICS_YET = "There are no topics yet."
TOPICS_VERB = "Say what to do with topics: add, rename or retire."
TOPICS_RENAME_NEEDS = 'Name the topic and its new name: `/bulletin topics rename "Old name" "New name"`.'
TOO_MANY_TOPICS = "A workspace can keep at most {limit} topics; retire some first."

# Subscribing
SUBSCRIBE_WHICH = "Which topics? {choices}\nUsage: {usage}"
SUBSCRIBED = "You now follow {names}. {how}"
ALREADY_SUBSCRIBED = "You already follow {names}."
HOW_IMMEDIATELY = "You'll get each bulletin as it's sent."
HOW_DAILY = "You'll get them in a daily digest at {time} ({timezone})."
HOW_WEEKLY = "You'll get them in a weekly digest on {weekday} at {time} ({timezone})."
HOW_MONTHLY = "You'll get them in a monthly digest on day {day} at {time} ({timezone})."
HOW_CHANGE = "Change that with `/subscriptions`."
UNSUBSCRIBED = "You no longer follow {names}."
UNSUBSCRIBED_ALL = "You no longer follow any topic ({n} dropped)."
NOT_SUBSCRIBED = "You don't follow {names}."
NOTHING_TO_DROP = "You don't follow any topic."
UNSUBSCRIBE_WHICH = "Which topic? Name it, or say `all`.\nUsage: {usage}"

# Channels
CHANNEL_ONLY = "Type `/subscribe channel <topic>` in the channel you want to subscribe."
CHANNEL_LIBRARIANS = "Only librarians can subscribe a channel to a topic."
CHANNEL_NOT_IN = ("I'm not in this channel, so I couldn't post bulletins here. Add kmbot to "
                  "the channel first, then try again.")
CHANNEL_SUBSCRIBED = ("This channel now gets bulletins about {names}. "
                      "Stop with `/unsubscribe channel <topic>`.")
CHANNEL_ALREADY = "This channel already gets bulletins about {names}."
CHANNEL_UNSUBSCRIBED = "This channel no longer gets bulletins about {names}."
CHANNEL_NOT_SUBSCRIBED = "This channel doesn't get bulletins about {names}."

# Subscriptions card
SUBSCRIPTIONS_TITLE = "Your topics"
SUBSCRIPTIONS_NONE = "You don't follow any topic yet. {choices}"
SUBSCRIPTIONS_NONE_HINT = "Follow one with `/subscribe <topic>`."
SUBSCRIPTIONS_LINE = "You follow: {names}."
UNSUBSCRIBE_BUTTON = "Stop {name}"
SUBSCRIBE_BUTTON = "Follow {name}"
HOW_BUTTON = "Change how I hear"
HOW_FORM_TITLE = "How you hear about your topics"
HOW_SAVE = "Save"
LABEL_FREQUENCY = "How often"
FREQ_IMMEDIATELY = "Immediately: each bulletin as it's sent"
FREQ_DAILY = "A daily digest"
FREQ_WEEKLY = "A weekly digest"
FREQ_MONTHLY = "A monthly digest"
LABEL_WEEKDAY = "Day of the week (weekly digest)"
LABEL_DAY = "Day of the month, 1 to 28 (monthly digest)"
LABEL_TIME = "Time (HH:MM)"
LABEL_TIMEZONE = "Time zone"
BAD_TIME = "Give the time as HH:MM on the 24-hour clock, such as 08:00."
BAD_TIMEZONE = "I don't know the time zone {tz}. Use a name such as Europe/London."
BAD_DAY = "Choose a day of the month from 1 to 28."
HOW_SAVED = "Saved. {how}"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Home
HOME_FOLLOWING = "*Topics*: you follow {names}. {how}"
HOME_NOTHING = "*Topics*: follow a topic to get its bulletins (`/subscribe <topic>`)."
HOME_BUTTON = "My topics"
