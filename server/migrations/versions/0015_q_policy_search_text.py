"""policy search: each article's words (search_text), indexed for full-text search on PostgreSQL

Revision ID: 0015_q
Revises: 0014_p
Create Date: 2026-12-04 17:00:00.000000

`search_text` holds an article's words as jieba cuts them, in three lines (title and topics,
summary, body). On PostgreSQL `policy_search_vector` weighs the lines A, B, C and a GIN index over
it answers `@@`; SQLite matches the words with LIKE (server/operations/policies/search.py).
Existing articles get their words here.
"""
from alembic import op
import sqlalchemy as sa

from server.operations.policies.words import search_text

# revision identifiers, used by Alembic.
revision = '0015_q'
down_revision = '0014_p'
branch_labels = None
depends_on = None

SEARCH_VECTOR = r"""
CREATE FUNCTION policy_search_vector(search_text text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\n', 1)), 'A')
        || setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\n', 2)), 'B')
        || setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\n', 3)), 'C')
$$
"""


def upgrade():
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill_search_text()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEARCH_VECTOR)
        op.execute(
            "CREATE INDEX ix_policy_article_search ON policy_article "
            "USING gin (policy_search_vector(search_text))"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_policy_article_search', table_name='policy_article')
        op.execute("DROP FUNCTION policy_search_vector(text)")
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.drop_column('search_text')


def _fill_search_text():
    connection = op.get_bind()
    articles = connection.execute(sa.text("SELECT id, title, summary, body_html FROM policy_article")).all()
    names = connection.execute(
        sa.text(
            "SELECT article_id, name FROM policy_article_topic "
            "JOIN policy_topic ON policy_topic.id = topic_id ORDER BY sort"
        )
    ).all()
    for ident, title, summary, body_html in articles:
        topics = [name for article_id, name in names if article_id == ident]
        connection.execute(
            sa.text("UPDATE policy_article SET search_text = :text WHERE id = :id"),
            {"text": search_text(title, topics, summary, body_html), "id": ident},
        )
