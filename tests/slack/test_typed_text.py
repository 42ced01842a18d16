"""What people type in Slack comes back shown, not obeyed, and escaped exactly once."""
from __future__ import annotations


async def test_a_typed_at_channel_in_a_profile_comes_back_as_text(slack):
    # Slack escapes what people type: "<!channel> R&D" arrives as below
    await slack.command("U0ANN", '/coffee profile department="&lt;!channel&gt; R&amp;D"')
    await slack.settle()
    answer = slack.answers()[-1]
    assert "<!channel>" not in answer
    assert "&lt;!channel&gt; R&amp;D" in answer           # escaped once, not "&amp;lt;"
    assert "&amp;amp;" not in answer and "&amp;lt;" not in answer
