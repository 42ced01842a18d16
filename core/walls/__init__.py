"""Graffiti walls and quick polls: ideas, votes and comments in a channel thread, truly
anonymous when asked (see ``feature.py``)."""
