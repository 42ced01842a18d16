"""Everything Huddles says."""

GROUP_SUMMARY = "Huddles: short regular check-ins in a team channel, answered in the thread"

SCHEDULE_USAGE = ('/huddle schedule "<name>" days=weekdays|daily|mon,wed,fri time=08:45 '
                  'tz=Europe/London template=safety|improvement|learning '
                  '[questions="...|..."] window=30m nation=england [every=weekly|fortnightly|monthly] '
                  '[channel=#another-channel]')
SCHEDULE_SUMMARY = "schedule a huddle in this channel (plain: opens a form)"
LIST_USAGE = "/huddle list"
LIST_SUMMARY = "the huddles here, each with its next three dates"
EDIT_USAGE = '/huddle edit "<name>" time=09:00 days=mon,wed ...'
EDIT_SUMMARY = "change a huddle's settings"
PAUSE_USAGE = '/huddle pause "<name>"'
RESUME_USAGE = '/huddle resume "<name>"'
DELETE_USAGE = '/huddle delete "<name>"'
RUN_NOW_USAGE = '/huddle run-now "<name>"'
SKIP_USAGE = '/huddle skip "<name>" 2026-12-24'
SUMMARY_USAGE = '/huddle summary "<name>" [2026-12-01]'
EXPORT_USAGE = '/huddle export "<name>" [--since 2026-11-01]'
STATS_USAGE = '/huddle stats "<name>"'
PAUSE_SUMMARY = "pause a huddle (no prompts until resumed)"
RESUME_SUMMARY = "resume a paused huddle"
DELETE_SUMMARY = "delete a huddle and its schedule"
RUN_NOW_SUMMARY = "post today's prompt now"
SKIP_SUMMARY = "skip a huddle on one date"
SUMMARY_SUMMARY = "the summary of a huddle's latest (or a given) day"
EXPORT_SUMMARY = "the answers as a CSV file"
STATS_SUMMARY = "response rate, answers per week and common concerns"

# -- bad input -------------------------------------------------------------------------------
NEED_CHANNEL = ("Huddles live in a team channel: run this in the channel the huddle is for "
                "(and invite me there first).")
BOT_NOT_IN_CHANNEL = ("I'm not in that channel, so I couldn't post a huddle there and nothing "
                      "was saved. Add me to the channel first (Slack: /invite @kmbot in the "
                      "channel; Teams: add kmbot to the team), then schedule it again.")
NOT_YOUR_CHANNEL = ("You can only schedule a huddle for a channel you're in. Join it first, "
                    "or ask someone in it (or a librarian) to schedule the huddle.")
CHANNEL_STAYS = ("A huddle stays in the channel it was scheduled for. To move it, delete it "
                 "and schedule it again in the other channel.")
NEED_NAME = 'Give the huddle a name in quotes, e.g. /huddle schedule "Ward 7 safety huddle" ...'
NAME_TOO_LONG = "That name is {n} characters; the limit is {limit}. Try a shorter one."
NAME_TAKEN = ('There is already a huddle called “{name}” here. Pick another name, or change '
              'it with /huddle edit "{name}" ...')
UNKNOWN_OPTION = ("I don't know the option “{option}”. Options are: days=, every=, time=, tz=, "
                  "template=, questions=, window=, nation= and channel=.")
NOT_AN_OPTION = "“{word}” isn't an option: write options as name=value, e.g. time=08:45."
BAD_DAYS = ("“{value}” isn't a set of days. Use weekdays, daily, or days separated by commas, "
            "e.g. days=mon,wed,fri.")
BAD_EVERY = "every= must be weekly, fortnightly or monthly (not “{value}”)."
BAD_TIME = "“{value}” isn't a time. Use the 24-hour clock, e.g. time=08:45."
BAD_TZ = ("“{value}” isn't a time zone I know. Use a name such as Europe/London or "
          "Europe/Dublin.")
BAD_WINDOW = ("“{value}” isn't a window I can use. Answers can be open from 10 minutes to 24 "
              "hours, e.g. window=30m, window=2h or window=1h30m.")
BAD_NATION = ("“{value}” isn't a nation for bank holidays. Use england, scotland, wales, "
              "northern-ireland or none.")
BAD_TEMPLATE = "template= must be safety, improvement or learning (not “{value}”)."
TOO_MANY_QUESTIONS = ("That's {n} questions; a huddle asks one to five. Separate them with | "
                      "and leave out the rest.")
NO_QUESTIONS = 'Give at least one question, e.g. questions="What went well?|What needs help?"'
QUESTION_TOO_LONG = ("Question {i} is {n} characters; the limit is {limit}. Shorten it so it "
                     "reads quickly in the channel.")
NEED_DATE = "Say which date to skip, as YYYY-MM-DD."
BAD_DATE = "“{value}” isn't a date. Use YYYY-MM-DD, e.g. 2026-12-24."
PAST_DATE = "{day} has already gone. Pick today or a date ahead."
NO_DATES = ("With those settings the huddle would never happen (every day it could fall on "
            "is skipped). Check days= and the dates marked to skip.")
NOT_FOUND = 'There is no huddle called “{name}” here. /huddle list shows the huddles in this channel.'
NOT_YOURS = ("Only the person who scheduled “{name}” or a librarian can change it. Ask "
             "{owner}, or a librarian.")
NO_SESSIONS = "“{name}” hasn't run yet, so there is nothing to summarise."
NO_SESSION_ON = "“{name}” didn't run on {day}."
ANSWERS_CLOSED_FORM = "Nothing to add there: please type an answer to at least one question."
ANSWER_TOO_LONG = "That answer is {n} characters; the limit is {limit}. Please shorten it."
SESSION_GONE = "That huddle has been deleted, so it isn't taking answers any more."

# -- confirmations ---------------------------------------------------------------------------
SCHEDULED = ("Scheduled “{name}”: {days} at {time} ({tz}), answers open for {window}. "
             "Next: {next}.")
EDITED = "Updated “{name}”. Next: {next}."
PAUSED = "Paused “{name}”: no prompts until you /huddle resume it."
ALREADY_PAUSED = "“{name}” is already paused."
RESUMED = "Resumed “{name}”. Next: {next}."
RUN_PAUSED = "“{name}” is paused. /huddle resume \"{name}\" first, then run it."
NOT_PAUSED = "“{name}” isn't paused."
DELETED = "Deleted “{name}”. Its past answers are deleted with it."
RUN_NOW = "Posted today's prompt for “{name}” in the channel."
ALREADY_RAN = "“{name}” has already been posted today; answers go in its thread."
SKIPPING = "“{name}” won't run on {day}. Next: {next}."
NO_NEXT = "none scheduled"
LIST_EMPTY = 'No huddles here yet. Start one with /huddle schedule "Daily safety huddle" days=weekdays time=08:45'
LIST_HEAD = "Huddles in this channel:"
LIST_LINE = "• {name}: {days} at {time} ({tz}), {window} window{paused}. Next: {next}"
LIST_SKIPPED = "    (skipped: {skips})"
PAUSED_MARK = " (paused)"
THANKS = "Thanks {name}, your answer is in."
SAVE_AS_LESSON = "Save as a lesson"
NO_ANSWER_TO_SAVE = ("You haven't answered “{name}” that day, so there's nothing of yours to "
                     "save. Answer in the thread or with the Answer button first.")
LESSONS_OFF = "Lessons aren't switched on here, so an answer can't be saved as one."
LESSON_TEAM = "{name}, {day}"
THANKS_LATE = "Thanks {name}. The huddle had closed, so your answer is kept, marked late."

# -- in the channel ---------------------------------------------------------------------------
PROMPT_TITLE = "{name}: {day}"
PROMPT_TEXT = ("{name}: {day}. Answer in the thread or with the Answer button, until {until}.")
PROMPT_CLOSED = "{name}: {day}. Closed: {n} answered. The summary is in the thread."
ANSWER_BUTTON = "Answer"
REMINDER = "{left} left to answer “{name}”: reply here or press Answer on the message above."
SUMMARY_HEAD = "{name}, {day}: {answered} answered."
SUMMARY_NONE = "{name}, {day}: nobody answered this time."
OTHER_COMMENTS = "Other comments"
LATE_MARK = " (late)"
FORMER = "a former colleague"
FORM_TITLE = "Answer the huddle"
FORM_SUBMIT = "Send"

# -- schedule form ----------------------------------------------------------------------------
SCHEDULE_FORM_TITLE = "Schedule a huddle"
F_NAME, F_DAYS, F_EVERY, F_TIME, F_TZ = "Name", "Days", "How often", "Time (24-hour)", "Time zone"
F_TEMPLATE, F_QUESTIONS = "Questions from a template", "Or your own questions (one per line)"
F_WINDOW, F_NATION = "Answers open for", "Bank holidays of"

# -- problems ---------------------------------------------------------------------------------
PAUSED_PROBLEM = ("I couldn't post “{name}” in its channel ({reason}), so I've paused it "
                  "rather than fail every day. Invite me back and /huddle resume \"{name}\".")
#: why a huddle was paused, by what the platform said (core.channels' kinds)
PAUSED_BECAUSE = {
    "channel_gone": ("I couldn't post “{name}”: its channel has been archived or deleted, so "
                     "I've paused the huddle rather than fail every day. To carry on "
                     "somewhere else, schedule it in another channel."),
    "not_in_channel": ("I couldn't post “{name}”: I'm no longer in its channel, so I've "
                       "paused the huddle rather than fail every day. Add me back to the "
                       "channel, then type /huddle resume \"{name}\"."),
    "thread_gone": ("I couldn't post in the thread of “{name}”: its message was deleted, so "
                    "I've paused the huddle rather than fail every day. When you're ready, "
                    "type /huddle resume \"{name}\"."),
}

# -- records ----------------------------------------------------------------------------------
EXPORT_READY = "The answers to “{name}”: {n} rows."
STATS_HEAD = "“{name}” over the last 30 days:"
STATS_RATE = "• Response rate: {rate} ({answered} of {regulars} regulars answered the last huddle)"
STATS_WEEKS = "• Answers per week: {weeks}"
STATS_CONCERNS = "• Most common words in concerns: {words}"
STATS_NONE = "“{name}” has no answers in the last 30 days yet."

# kmbot export huddles (the command line)
CLI_EXPORT_HELP = "huddle answers (CSV)"
CLI_SINCE_HELP = "answers on or after this date (YYYY-MM-DD)"
CLI_NAME_HELP = "only the huddle of this name"
