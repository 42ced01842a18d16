"""Wording only Slack users see (modals, forms, long messages)."""

from . import NUL_REFUSED as NUL_REFUSED_EVERYWHERE

CONTINUED = "(continued)"
MORE_NOT_SHOWN = "…and more that doesn't fit here. Type `/kmbot help` to see everything."
OPEN_FORM = "Open the form"
FORM_NEEDS_CLICK = ("That needs a form, and Slack only opens forms from a slash command or a "
                    "button. Press *{button}* below.")
FORM_EXPIRED = ("Slack took too long to open the form, so it closed again. Please run the "
                "command once more.")
FORM_SAVED_LATER = "Thanks, that's saved."
CANCEL = "Cancel"
COULD_NOT_READ = ("Sorry, I couldn't read that: Slack sent it in a form I don't understand, so "
                  "nothing was changed. Please try again.")
NUL_REFUSED = NUL_REFUSED_EVERYWHERE
