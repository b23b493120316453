"""policy pushes (政策推送): pushes, their batches (one mass send each) and their recipients

Revision ID: 0016_u
Revises: 0015_q
Create Date: 2026-12-04 16:34:54.350878

A batch's `clientmsgid` (push-<push id>-<n>) is unique: a retry after a crash is no second send.
`push_recipient` is who each batch went to: a person's record, and the 4-a-month count.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_u'
down_revision = '0015_q'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('send_at', sa.DateTime(), nullable=True),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.Column('composed_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('approved_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cancelled_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('media_id', sa.String(length=128), nullable=True),
    sa.Column('targeted', sa.Integer(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('filtered', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('left_out', sa.JSON(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('beat_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['staff.id'], name=op.f('fk_push_approved_by_id_staff')),
    sa.ForeignKeyConstraint(['article_id'], ['policy_article.id'], name=op.f('fk_push_article_id_policy_article')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['staff.id'], name=op.f('fk_push_cancelled_by_id_staff')),
    sa.ForeignKeyConstraint(['composed_by_id'], ['staff.id'], name=op.f('fk_push_composed_by_id_staff')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_push_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push')),
    sa.UniqueConstraint('form_token', name=op.f('uq_push_form_token'))
    )
    with op.batch_alter_table('push', schema=None) as batch_op:
        batch_op.create_index('ix_push_state_send_at', ['state', 'send_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_station_id'), ['station_id'], unique=False)

    op.create_table('push_batch',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('push_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('to_all', sa.Boolean(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=True),
    sa.Column('clientmsgid', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('msg_id', sa.BigInteger(), nullable=True),
    sa.Column('repeated', sa.Boolean(), nullable=False),
    sa.Column('total_count', sa.Integer(), nullable=True),
    sa.Column('filter_count', sa.Integer(), nullable=True),
    sa.Column('sent_count', sa.Integer(), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=64), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['push_id'], ['push.id'], name=op.f('fk_push_batch_push_id_push')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_batch')),
    sa.UniqueConstraint('clientmsgid', name=op.f('uq_push_batch_clientmsgid')),
    sa.UniqueConstraint('push_id', 'n', name='uq_push_batch_push_id_n')
    )
    with op.batch_alter_table('push_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_batch_msg_id'), ['msg_id'], unique=False)

    op.create_table('push_recipient',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('push_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('batch_n', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('veteran_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['push_id'], ['push.id'], name=op.f('fk_push_recipient_push_id_push')),
    sa.ForeignKeyConstraint(['veteran_id'], ['veteran.id'], name=op.f('fk_push_recipient_veteran_id_veteran'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_recipient'))
    )
    with op.batch_alter_table('push_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_recipient_openid'), ['openid'], unique=False)
        batch_op.create_index('ix_push_recipient_push_batch', ['push_id', 'batch_n'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_recipient_veteran_id'), ['veteran_id'], unique=False)



def downgrade():
    with op.batch_alter_table('push_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_recipient_veteran_id'))
        batch_op.drop_index('ix_push_recipient_push_batch')
        batch_op.drop_index(batch_op.f('ix_push_recipient_openid'))

    op.drop_table('push_recipient')
    with op.batch_alter_table('push_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_batch_msg_id'))

    op.drop_table('push_batch')
    with op.batch_alter_table('push', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_station_id'))
        batch_op.drop_index('ix_push_state_send_at')

    op.drop_table('push')
