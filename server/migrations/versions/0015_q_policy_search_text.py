"""policy search: each article's words (search_text) and, on PostgreSQL, their weighed tsvector

Revision ID: 0015_q
Revises: 0015_s
Create Date: 2026-12-04 17:00:00.000000

`search_text` holds an article's words as jieba cuts them, in three lines (title and topics,
summary, body). On PostgreSQL a trigger keeps `search_vector` = policy_search_vector(search_text)
(the lines weighed A, B, C), which a GIN index answers `@@` from and `ts_rank` reads, so ranking
thousands of matches re-parses nothing. On SQLite `search_vector` stays empty: search matches the
words with LIKE (server/operations/policies/search.py). Existing articles get their words here.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from server.operations.policies.words import search_text

# revision identifiers, used by Alembic.
revision = '0015_q'
down_revision = '0015_s'
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
KEEP_IN_STEP = """
CREATE FUNCTION policy_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := policy_search_vector(NEW.search_text);
    RETURN NEW;
END
$$;
CREATE TRIGGER policy_article_search_vector BEFORE INSERT OR UPDATE OF search_text ON policy_article
FOR EACH ROW EXECUTE FUNCTION policy_article_search_vector();
"""
VECTOR = postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite')


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(SEARCH_VECTOR)
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('search_vector', VECTOR, nullable=True))
    if postgres:
        # Kept in the row (compressed) while the body and search text go to TOAST: a search that
        # ranks thousands of matches reads the table's pages only.
        op.execute("ALTER TABLE policy_article ALTER COLUMN search_vector SET STORAGE MAIN")
        op.execute(KEEP_IN_STEP)
    _fill_search_text()
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.create_index('ix_policy_article_search', ['search_vector'], unique=False, postgresql_using='gin')


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.drop_index('ix_policy_article_search', postgresql_using='gin')
    if postgres:
        op.execute("DROP TRIGGER policy_article_search_vector ON policy_article")
        op.execute("DROP FUNCTION policy_article_search_vector()")
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.drop_column('search_vector')
        batch_op.drop_column('search_text')
    if postgres:
        op.execute("DROP FUNCTION policy_search_vector(text)")


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
