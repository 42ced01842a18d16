"""What the bot says when a submitted form does not fit its own definition."""

REQUIRED = "{label} is needed."
TOO_LONG = "{label} is {n:,} characters long; the most is {limit:,}."
NOT_A_CHOICE = "{label} must be one of the choices offered: {choices}."
NOT_A_NUMBER = "{label} must be a whole number, like 3."
NOT_A_DATE = "{label} must be a date, like 2026-12-24."
NOT_TEXT = "{label} couldn't be read. Please fill it in again."
CONTROL_CHARACTER = "{label} has a hidden control character (NUL) in it. Please type it again."
