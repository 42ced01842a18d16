"""Graffiti walls and quick polls: what they say."""

GROUP_SUMMARY = "Graffiti walls: ask a question, collect ideas, votes and comments"
POLL_GROUP_SUMMARY = "Quick polls: a question with buttons to vote"

# Usage and summaries
NEW_USAGE = ('/wall "What slows down discharge on your ward?" anonymous=allowed|required|off '
             'closes=2026-12-20T17:00 hidden=yes limit=3')
NEW_SUMMARY = "put up a graffiti wall in this channel"
LIST_USAGE = "/wall list"
LIST_SUMMARY = "the walls and polls in this workspace"
CLOSE_USAGE = "/wall close <id>"
CLOSE_SUMMARY = "close a wall or poll early and post its summary"
REOPEN_USAGE = "/wall reopen <id>"
REOPEN_SUMMARY = "open a closed wall or poll again"
QUESTION_USAGE = '/wall question <id> "new wording"'
QUESTION_SUMMARY = "change a wall's question"
HIDE_USAGE = '/wall hide <idea id> "reason"'
HIDE_SUMMARY = "hide an idea (kept for audit, with who hid it and why)"
MINE_USAGE = "/wall mine <id>"
MINE_SUMMARY = "your own ideas on a wall, to edit or delete (anonymous ones too)"
EXPORT_USAGE = "/wall export <id> [csv|markdown]"
EXPORT_SUMMARY = "ideas, votes and comments as a file"
POLL_USAGE = ('/poll "Which day suits the next Knowledge Café?" "Tue" "Wed" "Thu" '
              '[anonymous] [multiple] [hidden] [closes=2026-12-20T17:00]')
POLL_SUMMARY = "ask a quick question with a button per answer"

# Creating
FORM_TITLE = "New graffiti wall"
LABEL_QUESTION = "Question"
LABEL_ANONYMITY = "Anonymity"
ANON_OFF = "Off: every idea is named"
ANON_ALLOWED = "Allowed: each person chooses"
ANON_REQUIRED = "Required: every idea and vote is anonymous"
LABEL_CLOSES = "Closes (YYYY-MM-DDTHH:MM, optional)"
LABEL_HIDDEN = "Keep ideas hidden until it closes"
LABEL_LIMIT = "Ideas per person (optional)"
YES, NO = "Yes", "No"
CREATE = "Put it up"
FORM_OPENED = "Fill in the form to put up your wall."
CHANNEL_ONLY = ("A wall lives in a channel, so colleagues can see and add to it. "
                "Type `/{what}` in the channel you want it in.")
CREATED = "Your wall is up (number {id}). Ideas will appear in its thread."
CREATED_HIDDEN = ("Your wall is up (number {id}). Ideas stay hidden until it closes, "
                  "then they appear in its thread with the summary.")
POLL_CREATED = "Your poll is up (number {id})."
QUESTION_NEEDED = 'Say what the wall asks, in quotes: `{usage}`'
QUESTION_TOO_LONG = "The question is {n} characters; the limit is {limit}. Please shorten it."
UNKNOWN_OPTION = "I don't know the option “{name}”. You can use anonymous=, closes=, hidden= and limit=."
BAD_ANONYMITY = "Anonymity is one of off, allowed or required (you wrote “{value}”)."
BAD_YES_NO = "{what} is yes or no (you wrote “{value}”)."
BAD_LIMIT = "The limit of ideas per person is a whole number from 1 to {max} (you wrote “{value}”)."
BAD_CLOSES = ("The closing time should look like 2026-12-20T17:00 (or 2026-12-20 for 5pm that "
              "day), in {tz} time (you wrote “{value}”).")
CLOSES_IN_PAST = "The closing time {when} has already passed. Please choose a time in the future."
NO_ANONYMITY_KEY = ("Anonymous walls and polls are switched off here: the bot's administrator "
                    "needs to set KMBOT_ANONYMITY_KEY, a secret kept outside the database, "
                    "so that nobody (not even they) can tell who wrote what. "
                    "Use anonymous=off for a named wall meanwhile.")

# The card
CARD_ANON = {"off": "Ideas are named.", "allowed": "You can post anonymously.",
             "required": "Every idea is anonymous."}
CARD_COUNTS = "{ideas} · {votes} · {people}"
CARD_HIDDEN_COUNTS = "{ideas} so far. Ideas stay hidden until the wall closes."
CARD_CLOSES = "Closes {when}."
CARD_TOP = "Most +1s so far:"
CARD_TOP_LINE = "{rank}. {text} (+{votes})"
CARD_LIMIT = "Up to {n} ideas each."
CARD_CLOSED = "Closed {when}. The summary is in the thread."
CARD_FOOTER = "Wall {id}: add an idea with the button or reply in the thread."
CARD_FOOTER_BUTTON_ONLY = "Wall {id}: add an idea with the button."
ADD_IDEA = "Add an idea"
CLOSE_BUTTON = "Close"

# Ideas
IDEA_FORM_TITLE = "Add an idea"
LABEL_IDEA = "Your idea"
LABEL_POST_ANON = "Post anonymously"
POST_IDEA = "Post"
IDEA_NAMED = "💡 {name}: {text}"
IDEA_ANON = "💡 Anonymous: {text}"
IDEA_VOTES = "+{n}"
IDEA_HIDDEN = "🙈 Hidden by a moderator: {reason}"
IDEA_EDITED = " (edited)"
COMMENT_LINE = "↳ {name}: {text}"
ANONYMOUS = "Anonymous"
FORMER_COLLEAGUE = "a former colleague"
PLUS_ONE = "+1"
COMMENT = "Comment"
EDIT = "Edit"
DELETE = "Delete"
IDEA_ADDED = "Thanks, your idea is on the wall."
IDEA_ADDED_ANON = "Thanks, your idea is on the wall, anonymously. Only you can edit or delete it."
IDEA_ADDED_HIDDEN = "Thanks, your idea is in. Ideas stay hidden until the wall closes."
IDEA_EMPTY = "Your idea is empty. Type what you'd like to say."
IDEA_TOO_LONG = "Your idea is {n} characters; the limit is {limit}. Please shorten it."
IDEA_LIMIT = "This wall takes up to {n} each, and you've added them all. You can edit or delete one."
TOO_FAST = "Slow down a moment: one idea every {n} seconds on a wall. Try again shortly."
ANON_REQUIRED_THREAD = ("This wall is anonymous, so I didn't take your reply as an idea: here "
                        "it shows your name. Use the “Add an idea” button on the wall to post "
                        "it anonymously (you may want to delete your reply).")
HIDDEN_THREAD = ("Ideas on this wall stay hidden until it closes, so I didn't take your reply "
                 "as an idea. Use the “Add an idea” button on the wall instead.")
ANON_NOT_ALLOWED = "This wall asks for named ideas, so yours was posted with your name."
WALL_CLOSED = "This wall closed {when}: it takes no more ideas, votes or comments."
WALL_GONE = "That wall no longer exists. Type `/wall list` to see the walls."
IDEA_GONE = "That idea is no longer on the wall."
VOTED = "Your +1 is counted."
UNVOTED = "Your +1 is taken back."
NOT_YOURS = "Only the person who posted this idea can change it."
EDIT_FORM_TITLE = "Edit your idea"
EDITED = "Your idea is updated."
DELETED = "Your idea is deleted, with its votes and comments."
CONFIRM_DELETE = "Delete your idea “{text}”? Its votes and comments go too."
YES_DELETE = "Yes, delete it"
MINE_HEAD = "Your ideas on wall {id} (“{question}”), seen only by you:"
MINE_LINE = "Idea {id}: {text}"
MINE_NONE = "You have no ideas on wall {id}."
MINE_CLOSED = "The wall is closed, so they can't be changed now."
MINE_POLL = "Number {id} is a poll: it has answers, not ideas."

# Comments
COMMENT_FORM_TITLE = "Comment on an idea"
LABEL_COMMENT = "Your comment"
COMMENT_EMPTY = "Your comment is empty. Type what you'd like to say."
COMMENT_TOO_LONG = "Your comment is {n} characters; the limit is {limit}. Please shorten it."
COMMENTED = "Thanks, your comment is under the idea."

# Moderation
MODERATORS_ONLY = "Only librarians and the person who put up the wall can do that."
HIDE_REASON_NEEDED = 'Say why, so the author and colleagues understand: `{usage}`'
HIDDEN = "Idea {id} is hidden. The reason shows in its place."
QUESTION_CHANGED = "The question now reads “{question}”."
CLOSED = "{what} {id} is closed; the summary is in its thread."
ALREADY_CLOSED = "{what} {id} is already closed."
REOPENED = "{what} {id} is open again."
NOT_CLOSED = "{what} {id} is open already."
WHICH_WALL = "Which one? Give its number: `{usage}`. `/wall list` shows them."
NO_SUCH_WALL = "There's no wall or poll number “{id}” here. `/wall list` shows them."
NO_SUCH_IDEA = "There's no idea number “{id}”. Its number is on the idea in the wall's thread."
WALL_WORD, POLL_WORD = "Wall", "Poll"

# Summary
SUMMARY_TITLE = "Summary: {question}"
SUMMARY_HEAD = "{ideas} from {people}, {votes} in all."
SUMMARY_IDEA = "{rank}. {text} ({votes}){by}"
SUMMARY_BY = " by {name}"
SUMMARY_COMMENT = "    ↳ {name}: {text}"
SUMMARY_NONE = "Nobody added an idea this time."
SUMMARY_HIDDEN = "{n} hidden by moderators."

# Listing
LIST_TITLE = "Walls and polls"
LIST_EMPTY = "There are no walls or polls yet. Start one with `/wall \"your question\"` in a channel."
LIST_LINE = "{what} {id}: “{question}” in {channel}, {state}"
STATE_OPEN = "open"
STATE_CLOSES = "open until {when}"
STATE_CLOSED = "closed {when}"

# Export
EXPORT_READY = "Here is {what} {id} as {fmt}."
BAD_FORMAT = "Export as csv or markdown (you wrote “{value}”)."

# Polls
POLL_OPTIONS_NEEDED = 'Give the question and at least two answers, each in quotes: `{usage}`'
POLL_TOO_MANY = "A poll takes at most {max} answers; you gave {n}."
POLL_OPTION_TOO_LONG = "The answer “{text}…” is longer than {limit} characters."
POLL_DUPLICATE = "The answer “{text}” is there twice."
POLL_UNKNOWN_WORD = ("I don't know “{word}”. After the answers you can add anonymous, multiple, "
                     "hidden and closes=2026-12-20T17:00.")
POLL_ANON = "Anonymous poll: nobody can see who voted."
POLL_NAMED_NOTE = "Votes are counted, not shown by name."
POLL_MULTIPLE = "Choose as many as you like."
POLL_SINGLE = "Choose one."
POLL_HIDDEN = "{n} so far; results when the poll closes."
POLL_LINE = "{option}: {votes}"
POLL_FOOTER = "Poll {id}."
POLL_VOTED = "Your vote for “{option}” is counted."
POLL_CHANGED = "Your vote is now “{option}”."
POLL_UNVOTED = "Your vote for “{option}” is taken back."
POLL_CLOSED = "This poll closed {when}: it takes no more votes."
POLL_RESULT_TITLE = "Result: {question}"
POLL_RESULT_LINE = "{rank}. {option}: {votes}"
POLL_RESULT_HEAD = "{voters} voted."
IDEA_DELETED = "(This idea was deleted by its author.)"

# kmbot export walls (the command line)
CLI_EXPORT_HELP = "walls and polls (CSV or Markdown)"
CLI_FORMAT_HELP = "csv (the default) or markdown"
CLI_WALL_HELP = "only this wall or poll"
CLI_NO_SUCH = "There is no wall or poll number {id}."
