"""Storage declares Slack's OAuth tables without importing slack_sdk; they must stay exactly
the tables slack_sdk's stores read and write."""
from __future__ import annotations

from sqlalchemy import MetaData
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage import slack as ours


def _shape(table):
    columns = [(c.name, repr(c.type), c.nullable, c.primary_key) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return columns, indexes


def test_the_oauth_tables_are_slack_sdks_own():
    theirs = MetaData()
    assert _shape(ours.installations) == _shape(
        SQLAlchemyInstallationStore.build_installations_table(theirs, ours.INSTALLATIONS))
    assert _shape(ours.bots) == _shape(
        SQLAlchemyInstallationStore.build_bots_table(theirs, ours.BOTS))
    assert _shape(ours.oauth_states) == _shape(
        SQLAlchemyOAuthStateStore.build_oauth_states_table(theirs, ours.OAUTH_STATES))
