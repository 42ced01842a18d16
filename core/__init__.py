"""kmbot's channel-agnostic core.

The core speaks only the vocabulary in :mod:`core.vocabulary` and :mod:`core.cards`; it imports
no Slack, Teams, SQLAlchemy or aiohttp code. Adapters translate platform payloads into
inbound events, hand them to :class:`core.kernel.Kernel`, and render the replies it returns.
"""
