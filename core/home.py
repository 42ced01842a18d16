"""A person's home view (Slack's App Home tab, a Teams welcome card), assembled from what each
feature adds (``Feature.home``)."""
from __future__ import annotations

from typing import Sequence

from .cards import Card
from .feature import Feature
from .router import Context
from .wording import home as say

MAX_BUTTONS = 5


async def home_card(ctx: Context, features: Sequence[Feature]) -> Card:
    sections, buttons = [], []
    for feature in features:
        if feature.home is not None:
            more_sections, more_buttons = await feature.home(ctx)
            sections += more_sections
            buttons += more_buttons
    return Card(title=say.TITLE, sections=tuple(sections), buttons=tuple(buttons[:MAX_BUTTONS]))
