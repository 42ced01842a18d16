"""Console wording."""

WELCOME = ("kmbot console: you are {name}. Type `help` to see the commands, a number to press "
           "a button, or `quit` to leave.")
WHILE_AWAY = "Messages for you:"
FORM_INTRO = "── {title} ── (Enter keeps the value shown, '-' clears it, 'cancel' stops)"
FORM_CANCELLED = "Form cancelled; nothing was saved."
CANCEL_WORD = "cancel"
MULTILINE_HINT = "(end a line with \\ to go on to the next line)"
BYE = "Bye for now!"

IN_CHANNEL = ("You are in #{channel}. What is posted here is numbered; type `thread N <text>` "
              "to reply in post N's thread.")
CHANNEL_EMPTY = "Nothing has been posted in #{channel} yet."
POST_HEAD = "#{number} {author}{edited}: "
THREAD_HEAD = "    ↳ #{number} {author}{edited}: "
EDITED = " (edited)"
BOT_AUTHOR = "kmbot"
THREAD_USAGE = "To reply in a thread, type `thread N <text>`, where N is the post's number."
THREAD_NEEDS_CHANNEL = ("Threads are in channels. Open one with "
                        "`kmbot console --user {user} --channel NAME`.")
NO_SUCH_POST = "There's no post {number} in #{channel}. The posts shown here have their numbers."
BAD_CHANNEL_NAME = ("“{name}” can't be a channel name. Use up to 80 lower-case letters, digits, "
                    "dashes or underscores, like ward-7.")
