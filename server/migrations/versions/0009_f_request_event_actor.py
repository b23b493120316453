"""the requests a staff member worked on, by their events

Revision ID: 0009_f
Revises: 0008
Create Date: 2026-12-04 14:00:00.000000

Whoever worked on a request keeps reading it after it leaves their scope, and the console's 我经办的
tab lists those requests: both look up a person's events by actor, which this index answers.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_f'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_request_event_actor', 'request_event', ['actor_id', 'request_id'])


def downgrade():
    op.drop_index('ix_request_event_actor', table_name='request_event')
