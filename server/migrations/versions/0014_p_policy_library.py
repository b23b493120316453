"""the policy library: topics, articles (with their topics and categories) and PDF attachments

Revision ID: 0014_p
Revises: 0013_b
Create Date: 2026-12-04 16:30:00.000000

`policy_article.station_id` NULL means the whole network; `body_html` is stored sanitized. An
attachment's bytes sit in `policy_attachment.data`, loaded only when it is downloaded.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_p'
down_revision = '0013_b'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'policy_topic',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('sort', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_topic')),
        sa.UniqueConstraint('name', name=op.f('uq_policy_topic_name')),
    )
    op.create_table(
        'policy_article',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('doc_number', sa.String(length=100), nullable=True),
        sa.Column('issuer', sa.String(length=100), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=True),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('source_url', sa.String(length=500), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('station_id', BIG_ID, nullable=True),
        sa.Column('created_by_id', BIG_ID, nullable=True),
        sa.Column('published_by_id', BIG_ID, nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_policy_article_station_id_station')),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_policy_article_created_by_id_staff')),
        sa.ForeignKeyConstraint(
            ['published_by_id'], ['staff.id'], name=op.f('fk_policy_article_published_by_id_staff')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_article')),
    )
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_article_station_id'), ['station_id'], unique=False)
        batch_op.create_index('ix_policy_article_listing', ['state', 'published_on', 'id'], unique=False)
    op.create_table(
        'policy_article_topic',
        sa.Column('article_id', BIG_ID, nullable=False),
        sa.Column('topic_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['article_id'], ['policy_article.id'], name=op.f('fk_policy_article_topic_article_id_policy_article'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['topic_id'], ['policy_topic.id'], name=op.f('fk_policy_article_topic_topic_id_policy_topic')
        ),
        sa.PrimaryKeyConstraint('article_id', 'topic_id', name=op.f('pk_policy_article_topic')),
    )
    op.create_table(
        'policy_article_category',
        sa.Column('article_id', BIG_ID, nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['article_id'], ['policy_article.id'],
            name=op.f('fk_policy_article_category_article_id_policy_article'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['category_id'], ['veteran_category.id'],
            name=op.f('fk_policy_article_category_category_id_veteran_category'),
        ),
        sa.PrimaryKeyConstraint('article_id', 'category_id', name=op.f('pk_policy_article_category')),
    )
    op.create_table(
        'policy_attachment',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('article_id', BIG_ID, nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['article_id'], ['policy_article.id'], name=op.f('fk_policy_attachment_article_id_policy_article'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_attachment')),
    )
    with op.batch_alter_table('policy_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_attachment_article_id'), ['article_id'], unique=False)


def downgrade():
    with op.batch_alter_table('policy_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_attachment_article_id'))
    op.drop_table('policy_attachment')
    op.drop_table('policy_article_category')
    op.drop_table('policy_article_topic')
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.drop_index('ix_policy_article_listing')
        batch_op.drop_index(batch_op.f('ix_policy_article_station_id'))
    op.drop_table('policy_article')
    op.drop_table('policy_topic')
