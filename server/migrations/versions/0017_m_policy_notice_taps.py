"""policy notices in the mini-program: the subscribe-message taps a subscriber has left

Revision ID: 0017_m
Revises: 0016_u
Create Date: 2026-12-04 17:40:00.000000

`policy_subscriber.notice_taps`: how many policy notices WeChat lets us send the person as
mini-program subscribe messages (one per tap of 允许 the mini-program reported); a push takes one
with a conditional UPDATE (notice_taps > 0) in the transaction that records the person among its
recipients.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_m'
down_revision = '0016_u'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('policy_subscriber', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_taps', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('policy_subscriber', schema=None) as batch_op:
        batch_op.drop_column('notice_taps')
