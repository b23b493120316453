"""veteran listing indexes: the registry's lists and counts answered from indexes alone

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 03:40:00.000000

The registry lists and counts veterans by station subtree, state, category and name prefix, newest
first. Two indexes hold every column those conditions and that order need, so PostgreSQL answers them
from the index (an index-only scan) instead of visiting the wide rows, whose encrypted columns fill
about eight of them to a page. They replace the (station_id, state) and (name) indexes, each the
prefix of one of them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('veteran', schema=None) as batch_op:
        batch_op.create_index('ix_veteran_listing_station', ['station_id', 'state', 'category_id', 'id'], unique=False)
        batch_op.create_index('ix_veteran_listing_name', ['name', 'station_id', 'state', 'category_id', 'id'], unique=False, postgresql_ops={'name': 'text_pattern_ops'})
        batch_op.drop_index('ix_veteran_station_id_state')
        batch_op.drop_index('ix_veteran_name', postgresql_ops={'name': 'text_pattern_ops'})


def downgrade():
    with op.batch_alter_table('veteran', schema=None) as batch_op:
        batch_op.create_index('ix_veteran_name', ['name'], unique=False, postgresql_ops={'name': 'text_pattern_ops'})
        batch_op.create_index('ix_veteran_station_id_state', ['station_id', 'state'], unique=False)
        batch_op.drop_index('ix_veteran_listing_name', postgresql_ops={'name': 'text_pattern_ops'})
        batch_op.drop_index('ix_veteran_listing_station')
