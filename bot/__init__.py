"""The composition root: settings, the aiohttp application, and the ``kmbot`` command."""
