"""Lessons learned at the console: the same core, typed."""
from __future__ import annotations

from tests.test_console_channels import Terminal


async def test_capture_search_and_a_review_in_a_console_channel(runtime):
    ann = Terminal(runtime, "ann")
    await ann.open()
    shown = await ann.type("lesson Label the sharps bins before the audit #safety")
    assert "Saved as lesson 1" in shown
    bob = Terminal(runtime, "bob")
    await bob.open()
    shown = await bob.type('lessons sharps "audit')
    assert "Label the sharps bins" in shown
    shown = await ann.type('lesson review aar "Sharps audit"')
    assert "1. What was supposed to happen?" in shown
    post = shown.split("#", 1)[1].split(" ", 1)[0]
    shown = await bob.type(f"thread {post} 1 Every bin labelled")
    assert "question 1 is in" in shown
    shown = await ann.type("help")
    shown = await ann.type('lesson review aar "Sharps audit again"')
    choice = shown.rsplit("] Close and compile", 1)[0].rsplit("[", 1)[1]
    shown = await ann.type(choice)
    assert "Nobody has answered yet" in shown
