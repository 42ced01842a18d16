"""Lessons learned: the lesson record, who may see it, and how people search the log."""
