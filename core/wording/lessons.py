"""Lessons learned wording: capture, reviews, search, actions, export and stats."""

GROUP_SUMMARY = "Lessons learned: capture a lesson, run a review, find what others learned"
SEARCH_SUMMARY = "search the lessons log"

# Usage and summaries
CAPTURE_USAGE = "/lesson <what you learned> #tag #tag @person [team-only]"
CAPTURE_SUMMARY = "capture a lesson in one line, or open the form with no text"
TEMPLATE_USAGE = "/lesson {kind}"
TEMPLATE_SUMMARY = {
    "aar": "an After Action Review",
    "retro": "a Retrospect at the end of a project or stage",
    "bar": "a Before Action Review: see what others learned first",
    "grid": "keep, revert, stop: what to carry on after a crisis",
    "quick": "a quick lesson",
}
REVIEW_USAGE = '/lesson review aar|retro "Ward 7 discharge pilot" [team-only]'
REVIEW_SUMMARY = "run a review together in this channel's thread"
SEARCH_USAGE = ("/lessons <words> [tag:falls] [team:\"Ward 7\"] [project:...] "
                "[since:2026-01-31] [by:@person]")
SHOW_USAGE = "/lesson show <number>"
SHOW_SUMMARY = "show one lesson"
EDIT_USAGE = "/lesson edit <number>"
EDIT_SUMMARY = "change a lesson you wrote"
DELETE_USAGE = "/lesson delete <number>"
DELETE_SUMMARY = "delete a lesson you wrote"
HISTORY_USAGE = "/lesson history <number>"
HISTORY_SUMMARY = "earlier versions of a lesson"
TAGS_USAGE = "/lesson tags  or  /lesson tags add <tag> [<tag> ...]"
TAGS_SUMMARY = "the list of tags (librarians add to it)"
ACTION_USAGE = "/lesson action <lesson number> @owner YYYY-MM-DD <what to do>"
ACTION_SUMMARY = "add an action to a lesson, with an owner and a due date"
ACTIONS_USAGE = "/lesson actions [team:<team>]"
ACTIONS_SUMMARY = "your open actions (librarians: everyone's)"
EXPORT_USAGE = "/lesson export [csv|json] [tag:...] [team:...] [since:YYYY-MM-DD]"
EXPORT_SUMMARY = "download the lessons log (librarians)"
STATS_USAGE = "/lesson stats"
STATS_SUMMARY = "lessons, reviews, actions and reuse, for reporting (librarians)"

TEMPLATE_NAMES = {
    "quick": "Quick lesson",
    "aar": "After Action Review",
    "retro": "Retrospect",
    "bar": "Before Action Review",
    "grid": "Keep, revert, stop",
}

# Questions, exactly as the framework asks them
QUESTIONS = {
    "quick": ("What did you learn?",),
    "aar": ("What was supposed to happen?", "What actually happened?",
            "Why was there a difference?", "What can we learn?"),
    "retro": ("What were the objectives?", "What were the successes?",
              "What were the disappointments?", "Mark out of 10 for the project",
              "Mark out of 10 for the process", "Lessons"),
    "bar": ("What are we trying to achieve?", "What can we learn from previous experience?",
            "What will help us succeed?", "What could go wrong?"),
    "grid": ("What will we keep?", "What should we revert?",
             "Which old practices did we find we can stop?"),
}
MARK_QUESTIONS = ("Mark out of 10 for the project", "Mark out of 10 for the process")

# Forms
CHOOSE_TITLE = "Capture a lesson"
CHOOSE_LABEL = "Which template?"
CHOOSE_SUBMIT = "Next"
FORM_SUBMIT = "Save"
BAR_SUBMIT = "Find lessons"
TITLE_LABEL = "Title"
TITLE_HINT = "A few words people would search for"
TAGS_LABEL = "Tags"
TAGS_HINT = "Words starting with #, like #falls #discharge"
TEAM_LABEL = "Team or department"
PROJECT_LABEL = "Project"
VISIBILITY_LABEL = "Who can see it"
VISIBILITY_ORGANISATION = "Everyone in the organisation"
VISIBILITY_TEAM = "Only this channel or team (team-only)"
VISIBILITY_TEAM_PRIVATE = "Only this channel (it's private, so lessons here are team-only)"
PEOPLE_LABEL = "People involved"
PEOPLE_HINT = "@name for each person, like @Bob Baker, @Cat (they can see it if it's team-only)"
PEOPLE_UNKNOWN = "I don't know anyone called “{name}”. Check the spelling, or leave them out."
PEOPLE_AMBIGUOUS = "More than one person is called “{name}”. Use their full name."
PEOPLE_TOO_MANY = "That's {n} people; the most is {limit}."
MARK_COMPILED_HINT = "The marks given in the review; keep them, or put one mark from 0 to 10"
MARK_INVALID = "{label} must be a whole number from 0 to 10."
ANSWER_NEEDED = "Please answer at least one question, so there's something to learn from."
EDIT_TITLE = "Edit lesson {id}"

# Capture
CAPTURE_EMPTY = "Tell me what you learned, for example: `{usage}`"
SAVED = "Saved as lesson {id}: *{title}*"
SAVED_PRIVATE = ("It's private to you for now (you captured it in a direct message). "
                 "Press *Share* when you'd like colleagues to find it.")
SAVED_TEAM = ("Only members of this channel, the people involved (and librarians) can "
              "see it.")
SAVED_TEAM_PRIVATE = ("It's team-only because this channel is private: only its members, "
                      "the people involved (and librarians) can see it.")
SAVED_TEAM_UNKNOWN = ("It's team-only, as I couldn't tell whether everyone can see this "
                      "channel. To share it with the organisation, press *Add details* and "
                      "choose “Everyone in the organisation”.")
SAVED_ORGANISATION = "Anyone in the organisation can find it with `/lessons`."
ADD_DETAILS = "Add details"
SHARE = "Share"
ADD_ACTION = "Add an action"
SHARED = "Lesson {id} is now shared with the organisation."
ALREADY_SHARED = "Lesson {id} is already visible to the organisation."
SHARED_HERE = "Lesson {id} is posted in the channel."
TOO_LONG = "That lesson is {n:,} characters long; the most for one line is {limit:,}. Use `/lesson` for the form."
TAG_TOO_LONG = "The tag #{tag} is too long: tags can be at most {limit} characters."
TOO_MANY_TAGS = "That's {n} tags; the most is {limit}."
NEW_TAGS = " New tags (not on the librarians' list yet): {tags}."

# Showing a lesson
BY = "by {who}"
FORMER_COLLEAGUE = "a former colleague"
TEAM_ONLY_MARK = " (team-only)"
PRIVATE_MARK = " (private)"
LESSON_FIELDS = "{kind} · {when}{team}{project}{tags}"
NO_SUCH_LESSON = "There's no lesson {id} that you can see. Check the number in `/lessons`."
NOT_A_NUMBER = "“{text}” isn't a lesson number. Lesson numbers look like 12."
NOT_YOURS = "Only the person who wrote lesson {id} (or a librarian) can change it."
DELETE_CONFIRM = "Delete lesson {id}, *{title}*? This can't be undone."
DELETE_YES = "Yes, delete it"
DELETED = "Lesson {id} is deleted."
EDITED = "Lesson {id} is updated (version {version}). Earlier versions: `/lesson history {id}`."
NO_HISTORY = "Lesson {id} hasn't been edited."
HISTORY_LINE = "Version {version}, changed {when} by {who}: *{title}*"
EDIT = "Edit"
DELETE = "Delete"

# Search
SEARCH_EMPTY = "What are you looking for? For example: `/lessons falls at night tag:wards`"
NO_RESULTS = "No lessons match “{query}” yet."
NO_RESULTS_TIP = " Try fewer words, or capture one with `/lesson`."
IGNORED_FILTERS = "I couldn't use {filters} (dates look like since:2026-01-31)."
RESULTS = "Lessons {first}–{last} of {total} for “{query}”"
RESULTS_MANY = "Lessons {first}–{last} of more than {total} for “{query}”"
MORE = "More"
USEFUL = "Was this useful?"
SHARE_TO_CHANNEL = "Share to channel"
USEFUL_THANKS = "Thanks, that helps the library show what's useful."
USEFUL_AGAIN = "You've already said lesson {id} was useful. Thanks!"
SHARE_NEEDS_CHANNEL = "Search in a channel to share a lesson there."
SHARE_TEAM_ONLY = "Lesson {id} is team-only, so it can only be shared in its own channel."
SHARED_BY = "{who} shared a lesson:"

# Before Action Review
BAR_INTRO = "Here's what colleagues already learned that may help with *{title}*:"
BAR_NONE = ("Nothing in the lessons log matches *{title}* yet. Your review is saved as "
            "lesson {id}; when you finish, capture what you learned with `/lesson aar`.")
BAR_SAVED = "Your Before Action Review is saved as lesson {id}."

# Facilitated reviews
REVIEW_IN_CHANNEL = "Run a review in a channel, so the team can answer together."
REVIEW_KIND = "Which review? `aar` (After Action Review) or `retro` (Retrospect)."
REVIEW_NEEDS_TITLE = "Give the review a name, in quotes: `{usage}`"
REVIEW_TITLE = "{kind}: {title}"
REVIEW_STARTED = ("{who} started a review of *{title}* ({kind}). Answer in this thread, starting "
                  "with the question's number (like “2 The handover took longer”), or "
                  "press *Add your answer*.")
REVIEW_QUESTION = "{n}. {question}"
REVIEW_OPEN_ACTIONS = "Open actions from the last review:"
REVIEW_TEAM_ONLY = ("The lesson it makes will be team-only: members of this channel, the "
                    "people who answer, and librarians can see it.")
REVIEW_ACTION_LINE = "• {text} ({owner}, due {due})"
ADD_ANSWER = "Add your answer"
CLOSE_REVIEW = "Close and compile"
ANSWER_TITLE = "Add your answer"
ANSWER_QUESTION = "Question"
ANSWER_TEXT = "Your answer"
ANSWERED = "Thanks, your answer to question {n} is in."
ANSWER_HOW = ("Start your answer with the question's number, like “1 We planned a "
              "morning discharge”. The questions are 1 to {n}.")
REVIEW_CLOSED_ALREADY = "This review is already closed."
REVIEW_NOT_FOUND = "That review isn't running any more."
ONLY_FACILITATOR = "Only {who}, who started this review, or a librarian can close it."
REVIEW_NO_ANSWERS = "Nobody has answered yet, so there's nothing to compile. Add answers first."
REVIEW_CLOSED_CARD = "{kind}: {title} (closed, lesson {id})"
REVIEW_DONE = "Review closed. Here's what we learned, saved as lesson {id}:"
REVIEW_PARTICIPANTS = "People involved: {names}"
NO_ANSWER = "(no answers)"

# Tags
TAGS_LIST = "Tags on the list: {tags}. Free tags are welcome too."
TAGS_LIST_EMPTY = "There's no tag list yet. Librarians add tags with `/lesson tags add #falls`."
TAGS_ADDED = "Added to the tag list: {tags}."
TAGS_NOTHING = "Give the tags to add, like `/lesson tags add #falls #discharge`."

# Actions
ACTION_FORM_TITLE = "Add an action"
ACTION_TEXT = "What needs doing"
ACTION_OWNER = "Owner"
ACTION_OWNER_HINT = "@name, or “me”"
ACTION_DUE = "Due date"
ACTION_ADDED = "Action {id} added to lesson {lesson}: {text}, {owner}, due {due}."
ACTION_DUE_PAST = "The due date {due} has already passed. Choose today or a later date."
ACTION_DUE_BAD = "“{text}” isn't a date. Dates look like 2026-12-24."
ACTION_NEEDS = "Say who owns it, when it's due and what it is: `{usage}`"
ACTION_OWNER_UNKNOWN = "I don't know anyone called “{name}”. Mention them with @."
ACTION_OWNER_AMBIGUOUS = "More than one person is called “{name}”. Mention them with @."
ACTION_TEXT_TOO_LONG = "The action is {n:,} characters long; the most is {limit:,}."
ACTIONS_NONE = "You have no open actions."
ACTIONS_NONE_ALL = "There are no open actions."
ACTIONS_TITLE = "Open actions"
ACTION_LINE = "{id}. {text} ({owner}, due {due}{late}) from lesson {lesson}"
ACTION_LATE = ", overdue"
REMINDER = "Reminder: your action from lesson {lesson} is due {due}: {text}"
DONE = "Done"
SNOOZE = "Snooze a week"
ACTION_DONE = "Well done! Action {id} is marked done."
ACTION_ALREADY_DONE = "Action {id} was already done."
ACTION_SNOOZED = "Action {id} is now due {due}."
ACTION_NOT_YOURS = "Only the action's owner, the lesson's author or a librarian can change it."
NO_SUCH_ACTION = "There's no open action {id}."

# Export and stats
EXPORT_READY = "Here's the lessons log: {n} lessons as {format}."
EXPORT_FORMAT = "Choose csv or json, like `/lesson export csv`."
STATS_TITLE = "Lessons learned in figures"
STATS_TEXT = ("{lessons} lessons, {reviews} reviews run, actions: {open} open "
              "({overdue} overdue), {done} done; {reused} lessons found useful.")
STATS_BY_MONTH = "Captured per month"
STATS_BY_TEAM = "Captured per team"
STATS_TOP = "Most useful"
STATS_NONE = "none yet"
NO_TEAM = "(no team)"

# Home card
HOME_INTRO = "*Lessons learned*: capture what your team learned, and find what others did."
HOME_NO_ACTIONS = "You have no open actions."
HOME_ACTIONS = "You have {n} open action{s}{late}."
HOME_OVERDUE = " ({n} overdue)"
HOME_CAPTURE = "Capture a lesson"
HOME_SEARCH = "Search lessons"
HOME_MY_ACTIONS = "My actions"
HOME_SEARCH_TITLE = "Search lessons"
HOME_SEARCH_LABEL = "What are you looking for?"
HOME_SEARCH_HINT = "A few words, and filters like tag:falls team:\"Ward 7\" since:2026-01-31"
HOME_SEARCH_SUBMIT = "Search"

# kmbot export lessons (the command line)
CLI_EXPORT_HELP = "the lessons log (CSV or JSON)"
CLI_FORMAT_HELP = "csv (the default) or json"
CLI_SINCE_HELP = "captured on or after this date (YYYY-MM-DD)"
CLI_TAG_HELP = "only lessons with this tag (repeat for several)"
CLI_WORKSPACE_HELP = "only this workspace (e.g. slack:T0123)"
