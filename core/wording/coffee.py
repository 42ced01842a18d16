"""Coffee Connect wording."""

GROUP_SUMMARY = "Coffee Connect: get introduced to a colleague every round"
DEFAULT_PROGRAMME_NAME = "Coffee Connect"
DEFAULT_STARTER = "What's one thing about your work that most colleagues don't know?"

# Usage and summaries
JOIN_USAGE = "/coffee join [programme]"
JOIN_SUMMARY = "join Coffee Connect"
LEAVE_USAGE = "/coffee leave [programme]"
LEAVE_SUMMARY = "leave a programme"
PAUSE_USAGE = "/coffee pause 2 weeks  or  /coffee pause until 24/12/2026"
PAUSE_SUMMARY = "take a break (leave, busy spell) without leaving"
RESUME_USAGE = "/coffee resume"
RESUME_SUMMARY = "come back from a pause"
STATUS_USAGE = "/coffee status"
STATUS_SUMMARY = "your next round, your current match and who you've met"
PROFILE_USAGE = '/coffee profile department=Pharmacy site="City Hospital" interests="QI, sepsis" bio="..."'
PROFILE_SUMMARY = "what your matches see about you (the same as `/kmbot profile`)"
LIST_USAGE = "/coffee programmes"
LIST_SUMMARY = "the programmes you can join"
LIST_TITLE = "Coffee Connect programmes"
CREATE_USAGE = ('/coffee create "New starters" every=fortnightly day=tuesday time=10:00 '
                'tz=Europe/London size=2 theme="..." cross=yes channel=here')
CREATE_SUMMARY = "start a new programme"
EDIT_USAGE = "/coffee edit <programme> time=11:00 size=3 ..."
EDIT_SUMMARY = "change a programme's settings"
RUN_NOW_USAGE = "/coffee run-now [programme]"
RUN_NOW_SUMMARY = "match everyone now instead of waiting"
STATS_USAGE = "/coffee stats [programme]"
STATS_SUMMARY = "rounds, participants, who met, repeats and cross-department share"

# Joining and leaving
WHICH_PROGRAMME_TITLE = "Which programme?"
WHICH_PROGRAMME = "There's more than one programme here: {names}. Say which, e.g. `{usage}`."
JOINED = "You're in *{name}*! Your first introduction comes on {when}."
PROFILE_TIP = (" Tip: add your department and interests with `/coffee profile` so your "
               "matches know a little about you.")
ALREADY_JOINED = "You're already in *{name}*. Your next introduction comes on {when}."
JOINED_BUT_PAUSED = "You're in *{name}* but paused. Type `/coffee resume` to come back."
PROGRAMME_GONE = "That programme no longer exists. Type `/coffee programmes` to see them."
NO_SUCH_PROGRAMME = "There's no programme called “{name}”. The programmes here are: {names}."
NOT_IN_ANY = "You're not in any Coffee Connect programme. Type `/coffee join` to join."
NOT_IN = "You're not in *{name}*, so there's nothing to leave."
LEAVE_WHICH = "You're in more than one programme ({names}). Say which one to leave."
LEFT = "You've left *{name}*. You won't be matched again. Come back any time with `/coffee join`."

# Pausing
PAUSE_HOW_LONG = "How long would you like to pause for?"
PAUSED = ("Paused *{names}* until {date}. Enjoy the break! You'll be matched again from then, "
          "or type `/coffee resume` to come back sooner.")
NOT_PAUSED = "You're not paused. Type `/coffee status` to see your next round."
RESUMED = "Welcome back to *{names}*! Your next introduction comes on {when}."

# Status
STATUS_TITLE = "Your Coffee Connect"
STATUS_NOT_IN = "You're not in Coffee Connect yet. Type `/coffee join` to get introduced to a colleague."
STATUS_ACTIVE = "next round {when}."
STATUS_PAUSED = "paused until {date}."
STATUS_MATCH = "Current match: {names}."
FORMER_COLLEAGUE = "a former colleague"
STATUS_NO_MATCH = "No match yet."
STATUS_MET = "Colleagues met so far: {n}."

# Profile
FIELD_DEPARTMENT = "Department"
FIELD_SITE = "Site"
FIELD_INTERESTS = "Interests"
SAVE = "Save"

# Introductions and outcomes
INTRO_TITLE = "☕ {programme}: your introduction"
INTRO_TEXT = ("☕ {programme}: meet {names}! Find a time this round for a coffee and a chat, "
              "in person or online. Conversation starter: {starter}")
INTRO_LEAD = "This round's group: {names}. Find 30 minutes for a coffee and a chat."
INTRO_STARTER = "Conversation starter: _{starter}_"
BUTTON_MET = "We met"
BUTTON_MISSED = "Couldn't make it"
BUTTON_JOIN = "Join {name}"
THANKS_MET = "Lovely, thanks for letting us know! ☕"
THANKS_MISSED = "Thanks for letting us know. There's always next round."
OUTCOME_GONE = "That introduction no longer exists."
OUTCOME_NOT_YOURS = "That button belongs to the people in that introduction."
REMINDER_TITLE = "Coffee Connect reminder"
REMINDER_TEXT = ("Halfway through this {programme} round: have you met {names} yet? "
                 "Let us know below.")
ALONE_THIS_ROUND = ("There was nobody else to match you with in {name} this round. "
                    "We'll try again next round!")
ROUND_ANNOUNCEMENT = ("☕ A new {name} round has started: {people} in {groups}. "
                      "Check your messages for your introduction. Not in yet? Type `/coffee join`.")

# Librarians: programmes
PROGRAMME_FORM_TITLE = "Coffee Connect programme"
CREATE_FORM_OPENED = "Fill in the form to create a programme."
EDIT_FORM_OPENED = "Change what you like and save: {name}."
EDIT_WHICH = "Which programme would you like to change?"
CREATED = ("Created *{name}* (`{slug}`): {how}. First round on {when}. "
           "People can join with `/coffee join {slug}`.")
EDITED = "Saved *{name}* (`{slug}`): {how}. Next round on {when}."
NAME_NEEDED = "Please give the programme a name."
NAME_TAKEN = "There's already a programme called `{slug}`. Please choose another name."
SETTING_NOT_PAIR = "“{word}” should be a setting like size=3."
SETTING_UNKNOWN = "“{key}” isn't a setting I know. The settings are: {keys}."
BAD_NAME = "Names need a letter or number and at most {limit} characters."
BAD_CADENCE = "“{value}” isn't a cadence: use weekly, fortnightly or monthly."
BAD_DAY = "“{value}” isn't a day of the week; use e.g. monday or tue."
BAD_TZ = "“{value}” isn't a time zone I know. Try Europe/London."
BAD_SIZE = ("Group size “{value}” isn't possible: use 2 (pairs), 3 (threes), or 4 to 6 for "
            "Knowledge Café tables that rotate so people meet new colleagues each round.")
THEME_TOO_LONG = "The theme is {n} characters long; please keep it to {limit}."
BAD_YES_NO = "{key} should be yes or no, not “{value}”."
CHANNEL_HERE_NOT_CHANNEL = "channel=here only works when you type it in a channel."
BAD_CHANNEL = "“{value}” is a person, not a channel."
LABEL_NAME = "Name"
LABEL_EVERY = "How often"
LABEL_DAY = "Day"
LABEL_TIME = "Time (24-hour, e.g. 10:00)"
LABEL_TZ = "Time zone"
LABEL_SIZE = "Group size"
LABEL_THEME = "Theme or conversation starter (optional)"
LABEL_CROSS = "Prefer mixing departments?"
SIZE_PAIRS = "Pairs"
SIZE_THREES = "Threes"
SIZE_TABLES = "Café tables of {n}"
YES = "Yes"
NO = "No"

# Librarians: rounds and figures
RUN_NOW_DONE = "Done: {people} in *{name}* matched into {groups}. Introductions are on their way."
RUN_NOW_TOO_FEW = ("*{name}* has {n} active member(s): at least two are needed for a round. "
                   "Invite colleagues with `/coffee join`.")
RUN_NOW_BUSY = "A round of *{name}* was started this very second. Please try again in a moment."
RUN_NOW_RECENT_TITLE = "Run another round?"
RUN_NOW_RECENT = ("A round of *{name}* ran {ago} ago, and everyone in it has just been "
                  "introduced. Another round now would send a second set of introductions. "
                  "If that is what you want, press the button.")
BUTTON_RUN_ANOTHER = "Run another round now"
STATS_TITLE = "{name}: figures"
STATS_TEXT = ("*{name}*: {rounds}, {participants}, {groups}. "
              "Met rate {met_rate} ({answered} answered). Across departments: {cross_share}. "
              "Repeat pairs: {repeats}.")
STATS_ROUND_LINE = ("{when}: {people}, {groups}, {repeats} repeat pairs, "
                    "{cross} across departments, {met} met")
STAT_MEMBERS = "Members"
STAT_ROUNDS = "Rounds"
STAT_PARTICIPANTS = "Participants"
STAT_GROUPS = "Groups"
STAT_MET_RATE = "Met rate"
STAT_CROSS = "Across departments"
STAT_REPEATS = "Repeat pairs"
