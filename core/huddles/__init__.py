"""Huddles: scheduled prompts in team channels, answers collected in the thread, a summary
at close (issue 20). The feature is declared in ``feature.py``."""
