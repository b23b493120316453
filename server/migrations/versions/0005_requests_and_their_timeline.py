"""requests and their timeline

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 07:41:39.212424

The request categories of the issue are seeded with their tracks and deadlines (working days):
petitions are accepted or refused within 15 and handled within 60 (信访工作条例); service requests
get the station's own targets, which staff can change. Search over title and content uses trigram
indexes on PostgreSQL (the pg_trgm extension, part of PostgreSQL's contrib).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


CATEGORIES = [
    # name, track, first response, resolution, routed to
    ("困难帮扶", "service", 2, 15, None),
    ("就业创业", "service", 2, 15, None),
    ("权益维护/法律援助", "service", 2, 20, None),
    ("优抚待遇", "service", 2, 15, None),
    ("政策咨询", "service", 1, 5, None),
    ("信访/投诉", "petition", 15, 60, "county"),
    ("意见建议", "service", 3, 15, None),
    ("其他", "service", 2, 10, None),
]


# Search: the character pairs of a request's title and content, for words of two characters (most
# Chinese words), which have no trigram.
BIGRAMS = """
CREATE FUNCTION request_bigrams(title text, content text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
    FROM (SELECT coalesce(title, '') || ' ' || coalesce(content, '') AS t) AS joined,
         generate_series(1, char_length(t) - 1) AS i
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    categories = op.create_table('request_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('track', sa.String(length=16), nullable=False),
    sa.Column('first_response_days', sa.Integer(), nullable=False),
    sa.Column('resolution_days', sa.Integer(), nullable=False),
    sa.Column('route_level', sa.String(length=16), nullable=True),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_category')),
    sa.UniqueConstraint('name', name=op.f('uq_request_category_name'))
    )
    op.bulk_insert(categories, [
        {"name": name, "track": track, "first_response_days": first, "resolution_days": resolution,
         "route_level": level, "sort": 10 * (i + 1), "active": True}
        for i, (name, track, first, resolution, level) in enumerate(CATEGORIES)
    ])
    op.create_table('request_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_request_counter'))
    )
    op.create_table('canned_answer',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_canned_answer_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_answer'))
    )
    with op.batch_alter_table('canned_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canned_answer_station_id'), ['station_id'], unique=False)

    op.create_table('service_request',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('veteran_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('openid', sa.String(length=64), nullable=True),
    sa.Column('miniapp_openid', sa.String(length=64), nullable=True),
    sa.Column('person_name', sa.String(length=40), nullable=True),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('priority', sa.String(length=16), nullable=False),
    sa.Column('assignee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('filed_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('respond_due_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('paused_on', sa.Date(), nullable=True),
    sa.Column('warned_for', sa.Date(), nullable=True),
    sa.Column('escalation_level', sa.Integer(), nullable=False),
    sa.Column('escalated_until', sa.Date(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('review_round', sa.Integer(), nullable=False),
    sa.Column('first_responded_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_due_on', sa.Date(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('rating', sa.String(length=16), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=True),
    sa.Column('merged_into_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['staff.id'], name=op.f('fk_service_request_assignee_id_staff')),
    sa.ForeignKeyConstraint(['category_id'], ['request_category.id'], name=op.f('fk_service_request_category_id_request_category')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['staff.id'], name=op.f('fk_service_request_filed_by_id_staff')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['service_request.id'], name=op.f('fk_service_request_merged_into_id_service_request')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_service_request_station_id_station')),
    sa.ForeignKeyConstraint(['veteran_id'], ['veteran.id'], name=op.f('fk_service_request_veteran_id_veteran')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_request')),
    sa.UniqueConstraint('number', name=op.f('uq_service_request_number'))
    )
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.create_index('ix_service_request_assignee', ['assignee_id', 'state'], unique=False)
        open_states = sa.text("state IN ('pending', 'processing', 'waiting', 'registered', 'accepted', 'reviewing')")
        batch_op.create_index('ix_service_request_open', ['station_id', 'id'], unique=False, postgresql_include=['assignee_id', 'category_id', 'track', 'channel', 'escalation_level', 'due_on', 'respond_due_on', 'paused_on'], postgresql_where=open_states, sqlite_where=open_states)
        batch_op.create_index('ix_service_request_created_at', ['created_at'], unique=False, postgresql_include=['station_id', 'veteran_id', 'openid', 'miniapp_openid'])
        batch_op.create_index('ix_service_request_responded', ['first_responded_at'], unique=False, postgresql_include=['created_at', 'station_id'])
        batch_op.create_index('ix_service_request_resolved', ['resolved_at'], unique=False, postgresql_include=['created_at', 'station_id', 'state', 'resolved_due_on'])
        batch_op.create_index('ix_service_request_rated', ['rated_at'], unique=False, postgresql_include=['rating', 'station_id'])
        batch_op.create_index('ix_service_request_closed', ['closed_at'], unique=False, postgresql_include=['station_id', 'state'], postgresql_where=sa.text('resolved_at IS NULL'), sqlite_where=sa.text('resolved_at IS NULL'))
        batch_op.create_index('ix_service_request_merged', ['merged_into_id'], unique=False, postgresql_where=sa.text('merged_into_id IS NOT NULL'), sqlite_where=sa.text('merged_into_id IS NOT NULL'))
        batch_op.create_index('ix_service_request_due', ['state', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_miniapp_openid'), ['miniapp_openid'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_openid'), ['openid'], unique=False)
        batch_op.create_index('ix_service_request_person', ['veteran_id', 'category_id', 'created_at'], unique=False)
        batch_op.create_index('ix_service_request_queue', ['station_id', 'state', 'id'], unique=False, postgresql_include=['category_id', 'track', 'channel', 'assignee_id', 'escalation_level', 'due_on', 'respond_due_on', 'paused_on'])
        batch_op.create_index('ix_service_request_text', ['title', 'content'], unique=False, postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops', 'content': 'gin_trgm_ops'})

    if op.get_bind().dialect.name == "postgresql":
        op.execute(BIGRAMS)
        op.create_index('ix_service_request_bigrams', 'service_request', [sa.text('request_bigrams(title, content)')], postgresql_using='gin')

    op.create_table('attachment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('media_id', sa.String(length=128), nullable=True),
    sa.Column('content_type', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('error', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_attachment_request_id_service_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_request_id'), ['request_id'], unique=False)

    op.create_table('attachment_content',
    sa.Column('attachment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_attachment_content_attachment_id_attachment')),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_attachment_content'))
    )

    op.create_table('request_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('notification_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_request_event_actor_id_staff')),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.id'], name=op.f('fk_request_event_notification_id_notification')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_request_event_request_id_service_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_event'))
    )
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.create_index('ix_request_event_request', ['request_id', 'id'], unique=False)

    op.create_table('request_link',
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('other_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['other_id'], ['service_request.id'], name=op.f('fk_request_link_other_id_service_request')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_request_link_request_id_service_request')),
    sa.PrimaryKeyConstraint('request_id', 'other_id', name=op.f('pk_request_link'))
    )
    op.create_table('staff_notice',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_staff_notice_request_id_service_request')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_notice_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_notice'))
    )
    with op.batch_alter_table('staff_notice', schema=None) as batch_op:
        batch_op.create_index('ix_staff_notice_unread', ['staff_id', 'read_at'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('away', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('openid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('bind_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('bind_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_staff_bind_token'), ['bind_token'])
        batch_op.create_unique_constraint(batch_op.f('uq_staff_openid'), ['openid'])

    if op.get_bind().dialect.name == "postgresql":
        # A request's timeline is append-only even to someone with SQL access through the app's role.
        op.execute("""
            CREATE FUNCTION request_event_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'request_event rows cannot be changed or deleted'; END
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER request_event_append_only BEFORE UPDATE OR DELETE ON request_event
            FOR EACH ROW EXECUTE FUNCTION request_event_append_only()
        """)
    # ### end Alembic commands ###


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER request_event_append_only ON request_event")
        op.execute("DROP FUNCTION request_event_append_only()")
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_staff_openid'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_staff_bind_token'), type_='unique')
        batch_op.drop_column('bind_expires_at')
        batch_op.drop_column('bind_token')
        batch_op.drop_column('openid')
        batch_op.drop_column('away')

    with op.batch_alter_table('staff_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_notice_unread')

    op.drop_table('staff_notice')
    op.drop_table('request_link')
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.drop_index('ix_request_event_request')

    op.drop_table('request_event')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_request_id'))

    op.drop_table('attachment_content')
    op.drop_table('attachment')
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_index('ix_service_request_text', postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops', 'content': 'gin_trgm_ops'})
        batch_op.drop_index('ix_service_request_queue')
        batch_op.drop_index('ix_service_request_person')
        batch_op.drop_index(batch_op.f('ix_service_request_openid'))
        batch_op.drop_index(batch_op.f('ix_service_request_miniapp_openid'))
        batch_op.drop_index('ix_service_request_due')
        batch_op.drop_index('ix_service_request_merged')
        batch_op.drop_index('ix_service_request_open')
        batch_op.drop_index('ix_service_request_closed')
        batch_op.drop_index('ix_service_request_rated')
        batch_op.drop_index('ix_service_request_resolved')
        batch_op.drop_index('ix_service_request_responded')
        batch_op.drop_index('ix_service_request_created_at')
        batch_op.drop_index('ix_service_request_assignee')

    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_service_request_bigrams', table_name='service_request')
    op.drop_table('service_request')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION request_bigrams(text, text)")
    with op.batch_alter_table('canned_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canned_answer_station_id'))

    op.drop_table('canned_answer')
    op.drop_table('request_counter')
    op.drop_table('request_category')
    # ### end Alembic commands ###
