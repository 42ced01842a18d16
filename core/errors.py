"""Errors that carry a friendly message for the person who acted.

Handlers raise these; the kernel turns them into a reply. Anything else is a bug: the kernel
logs it and answers with a plain apology, never a stack trace.
"""
from __future__ import annotations


class UserError(Exception):
    """Something the person can fix; ``str(error)`` is shown to them as it is."""

    def __init__(self, message: str, usage: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage

    def __str__(self) -> str:
        return f"{self.message}\nUsage: {self.usage}" if self.usage else self.message


class NotAllowed(UserError):
    """The person lacks the role the command needs."""


class FormInvalid(Exception):
    """A submitted form has field errors: ``{field name: message}``."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
