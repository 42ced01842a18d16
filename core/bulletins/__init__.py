"""Bulletins: librarians broadcast current awareness to channels and to the subscribers of
its topics (or everyone who has used kmbot), now or at a time, with a private preview,
status and a per-recipient report."""
