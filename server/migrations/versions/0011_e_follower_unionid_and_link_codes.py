"""followers: when their unionid was fetched, and the 6-digit code that links a mini-program user

Revision ID: 0011_e
Revises: 0010_k
Create Date: 2026-12-04 14:00:00.000000

`follower.info_fetched_at` says WeChat's user info (the unionid) was asked once; `link_code` and
`link_code_expires_at` hold the single-use code that links the mini-program when there is no unionid.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_e'
down_revision = '0010_k'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follower', schema=None) as batch_op:
        batch_op.add_column(sa.Column('info_fetched_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('link_code', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('link_code_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_follower_link_code'), ['link_code'])


def downgrade():
    with op.batch_alter_table('follower', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_follower_link_code'), type_='unique')
        batch_op.drop_column('link_code_expires_at')
        batch_op.drop_column('link_code')
        batch_op.drop_column('info_fetched_at')
