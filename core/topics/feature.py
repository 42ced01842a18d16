"""Topics and subscriptions, declared: shared by bulletins, feeds and digests."""
from __future__ import annotations

from ..cards import Reply
from ..feature import Feature
from ..router import Context, Router
from ..wording import topics as say
from . import data, how, manage, subscribe
from .home import home

router = Router("topics")
router.group("bulletin", say.BULLETIN_GROUP_SUMMARY)
router.include(manage.router)
router.include(subscribe.router)
router.include(how.router)


@router.action("topics.mine")
async def mine(ctx: Context) -> Reply:
    return await subscribe.subscriptions(ctx)


FEATURE = Feature(
    name="topics",
    summary=say.SUBSCRIPTIONS_SUMMARY,
    router=router,
    home=home,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    menu=("subscriptions",),
)
