"""topic subscriptions, category default topics, our WeChat tags and the followers tagged

Revision ID: 0015_s
Revises: 0014_p
Create Date: 2026-12-04 16:34:08.144379

`policy_subscriber` is a person (openid and/or mini-program openid) whose choice is made; their topics
in `policy_subscription`. `policy_default_topic` holds each category's topics given at registration.
`wechat_tag` is each planned tag (kind topic/category/county, ref id, WeChat's id once made) and
`follower_tag` the tags WeChat has confirmed per follower; the sync applies the difference.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_s'
down_revision = '0014_p'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy_subscriber',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=True),
    sa.Column('miniapp_openid', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_subscriber')),
    sa.UniqueConstraint('miniapp_openid', name=op.f('uq_policy_subscriber_miniapp_openid')),
    sa.UniqueConstraint('openid', name=op.f('uq_policy_subscriber_openid'))
    )
    op.create_table('wechat_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('wechat_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wechat_tag')),
    sa.UniqueConstraint('kind', 'ref_id', name='uq_wechat_tag_kind_ref'),
    sa.UniqueConstraint('wechat_id', name=op.f('uq_wechat_tag_wechat_id'))
    )
    op.create_table('policy_default_topic',
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['veteran_category.id'], name=op.f('fk_policy_default_topic_category_id_veteran_category')),
    sa.ForeignKeyConstraint(['topic_id'], ['policy_topic.id'], name=op.f('fk_policy_default_topic_topic_id_policy_topic')),
    sa.PrimaryKeyConstraint('category_id', 'topic_id', name=op.f('pk_policy_default_topic'))
    )
    op.create_table('policy_subscription',
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['policy_subscriber.id'], name=op.f('fk_policy_subscription_subscriber_id_policy_subscriber'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['policy_topic.id'], name=op.f('fk_policy_subscription_topic_id_policy_topic')),
    sa.PrimaryKeyConstraint('subscriber_id', 'topic_id', name=op.f('pk_policy_subscription'))
    )
    with op.batch_alter_table('policy_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_subscription_topic_id'), ['topic_id'], unique=False)

    op.create_table('follower_tag',
    sa.Column('follower_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['follower_id'], ['follower.id'], name=op.f('fk_follower_tag_follower_id_follower'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['wechat_tag.id'], name=op.f('fk_follower_tag_tag_id_wechat_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('follower_id', 'tag_id', name=op.f('pk_follower_tag'))
    )
    with op.batch_alter_table('follower_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follower_tag_tag_id'), ['tag_id'], unique=False)



def downgrade():
    with op.batch_alter_table('follower_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follower_tag_tag_id'))

    op.drop_table('follower_tag')
    with op.batch_alter_table('policy_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_subscription_topic_id'))

    op.drop_table('policy_subscription')
    op.drop_table('policy_default_topic')
    op.drop_table('wechat_tag')
    op.drop_table('policy_subscriber')
