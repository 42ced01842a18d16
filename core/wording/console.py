"""Console wording."""

WELCOME = ("kmbot console: you are {name}. Type `help` to see the commands, a number to press "
           "a button, or `quit` to leave.")
WHILE_AWAY = "Messages for you:"
FORM_INTRO = "── {title} ── (Enter keeps the value shown, '-' clears it, 'cancel' stops)"
FORM_CANCELLED = "Form cancelled; nothing was saved."
CANCEL_WORD = "cancel"
BYE = "Bye for now!"
