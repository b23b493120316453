"""the indexes and the search function 0005 gained after it first ran

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:00:00.000000

0005 was changed after databases had run it: covering and partial indexes for the queue, the
merged-request lookup, and the function and index of the bigram search. A database made by the
first 0005 lacks them, and on PostgreSQL its searches for two-character words would call a function
it does not have. This brings such a database to what 0005 makes now, and does nothing to one made
by the 0005 of today. (The dashboard's four indexes 0005 also gained are dropped by 0008, so they
are not made here.) Downgrading leaves the schema as 0005 makes it now.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OPEN_STATES = sa.text("state IN ('pending', 'processing', 'waiting', 'registered', 'accepted', 'reviewing')")
# the two indexes the first 0005 made without the columns they now carry (PostgreSQL's INCLUDE)
WIDENED = {
    'ix_service_request_queue': (['station_id', 'state', 'id'], ['category_id', 'track', 'channel', 'assignee_id', 'escalation_level', 'due_on', 'respond_due_on', 'paused_on']),
    'ix_service_request_created_at': (['created_at'], ['station_id', 'veteran_id', 'openid', 'miniapp_openid']),
}
BIGRAMS = """
CREATE OR REPLACE FUNCTION request_bigrams(title text, content text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
    FROM (SELECT coalesce(title, '') || ' ' || coalesce(content, '') AS t) AS joined,
         generate_series(1, char_length(t) - 1) AS i
$$
"""


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_index('ix_service_request_open', 'service_request', ['station_id', 'id'], unique=False, postgresql_include=['assignee_id', 'category_id', 'track', 'channel', 'escalation_level', 'due_on', 'respond_due_on', 'paused_on'], postgresql_where=OPEN_STATES, sqlite_where=OPEN_STATES, if_not_exists=True)
    merged = sa.text('merged_into_id IS NOT NULL')
    op.create_index('ix_service_request_merged', 'service_request', ['merged_into_id'], unique=False, postgresql_where=merged, sqlite_where=merged, if_not_exists=True)
    if not postgresql:
        return
    for name, (columns, included) in WIDENED.items():
        definition = op.get_bind().scalar(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"), {"name": name})
        if definition is not None and "INCLUDE" not in definition:
            op.drop_index(name, table_name='service_request')
            op.create_index(name, 'service_request', columns, unique=False, postgresql_include=included)
    op.execute(BIGRAMS)
    op.create_index('ix_service_request_bigrams', 'service_request', [sa.text('request_bigrams(title, content)')], postgresql_using='gin', if_not_exists=True)


def downgrade():
    pass
