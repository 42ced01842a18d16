"""Fetching feeds over HTTP for ``core.feeds`` (the core never speaks HTTP itself)."""
