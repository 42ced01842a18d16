"""The local console: chat with kmbot in a terminal, against the same core and database."""
