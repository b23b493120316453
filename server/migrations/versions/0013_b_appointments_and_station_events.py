"""appointments: services, schedules, slot tallies, bookings, station events and sign-ups

Revision ID: 0013_b
Revises: 0012_d
Create Date: 2026-12-04 16:12:06.897689

Services and each station's schedule for them; `slot_tally` holds the places taken in a slot, added
to by a conditional UPDATE so the database enforces capacity. A partial unique index keeps one
active booking per person, service and day, and one holding sign-up per person and event. A notification may go to a mini-program user
(`miniapp_openid`) as a subscribe message; the column is added in place, not by rebuilding the table
(which request events point at).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_b'
down_revision = '0012_d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('miniapp_openid', sa.String(length=64), nullable=True))

    op.create_table('idempotent_response',
    sa.Column('owner', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('owner', 'key', name=op.f('pk_idempotent_response'))
    )
    with op.batch_alter_table('idempotent_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotent_response_created_at'), ['created_at'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('registration_needed', sa.String(length=16), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service')),
    sa.UniqueConstraint('name', name=op.f('uq_service_name'))
    )
    op.create_table('schedule',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('service_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('hours', sa.String(length=100), nullable=True),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('desks', sa.Integer(), nullable=False),
    sa.Column('held_back', sa.Integer(), nullable=False),
    sa.Column('notice_hours', sa.Integer(), nullable=True),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('cutoff_hours', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('desks >= 1', name=op.f('ck_schedule_desks')),
    sa.CheckConstraint('held_back >= 0 AND held_back <= desks', name=op.f('ck_schedule_held_back')),
    sa.CheckConstraint('slot_minutes >= 5', name=op.f('ck_schedule_slot_minutes')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_schedule_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_schedule_station_id_station'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule')),
    sa.UniqueConstraint('station_id', 'service_id', name=op.f('uq_schedule_station_id'))
    )
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_station_id'), ['station_id'], unique=False)

    op.create_table('slot_tally',
    sa.Column('schedule_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('held', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('held >= 0 AND held <= booked', name=op.f('ck_slot_tally_booked')),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule.id'], name=op.f('fk_slot_tally_schedule_id_schedule'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('schedule_id', 'starts_at', name=op.f('pk_slot_tally'))
    )
    op.create_table('station_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('signup_until', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.Column('waitlist', sa.Boolean(), nullable=False),
    sa.Column('category_ids', sa.JSON(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_station_event_capacity')),
    sa.CheckConstraint('taken >= 0 AND taken <= capacity', name=op.f('ck_station_event_taken')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_station_event_created_by_id_staff')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_station_event_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_event'))
    )
    with op.batch_alter_table('station_event', schema=None) as batch_op:
        batch_op.create_index('ix_station_event_station_starts', ['station_id', 'starts_at'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_key', sa.String(length=80), nullable=False),
    sa.Column('veteran_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('openid', sa.String(length=64), nullable=True),
    sa.Column('miniapp_openid', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=True),
    sa.Column('mobile', sa.Text(), nullable=True),
    sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('service_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('schedule_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('held_place', sa.Boolean(), nullable=False),
    sa.Column('subscribed', sa.JSON(), nullable=False),
    sa.Column('booked_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_by_staff', sa.Boolean(), nullable=False),
    sa.Column('moved_to_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['booked_by_id'], ['staff.id'], name=op.f('fk_booking_booked_by_id_staff')),
    sa.ForeignKeyConstraint(['moved_to_id'], ['booking.id'], name=op.f('fk_booking_moved_to_id_booking')),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule.id'], name=op.f('fk_booking_schedule_id_schedule')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_booking_service_id_service')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_booking_station_id_station')),
    sa.ForeignKeyConstraint(['veteran_id'], ['veteran.id'], name=op.f('fk_booking_veteran_id_veteran'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_due_reminder', ['day', 'state'], unique=False)
        batch_op.create_index('ix_booking_person_state', ['person_key', 'state'], unique=False)
        batch_op.create_index('ix_booking_station_day', ['station_id', 'day'], unique=False)
        batch_op.create_index('uq_booking_active_person_service_day', ['person_key', 'service_id', 'day'], unique=True, sqlite_where=sa.text("state IN ('booked', 'checked_in')"), postgresql_where=sa.text("state IN ('booked', 'checked_in')"))

    op.create_table('event_signup',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_key', sa.String(length=80), nullable=False),
    sa.Column('veteran_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('openid', sa.String(length=64), nullable=True),
    sa.Column('miniapp_openid', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=True),
    sa.Column('mobile', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('subscribed', sa.JSON(), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['station_event.id'], name=op.f('fk_event_signup_event_id_station_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['veteran_id'], ['veteran.id'], name=op.f('fk_event_signup_veteran_id_veteran'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_signup'))
    )
    with op.batch_alter_table('event_signup', schema=None) as batch_op:
        batch_op.create_index('ix_event_signup_event_state', ['event_id', 'state', 'id'], unique=False)
        batch_op.create_index('ix_event_signup_person', ['person_key', 'state'], unique=False)
        batch_op.create_index('uq_event_signup_holding_person', ['event_id', 'person_key'], unique=True, sqlite_where=sa.text("state IN ('signed_up', 'waitlisted', 'attended')"), postgresql_where=sa.text("state IN ('signed_up', 'waitlisted', 'attended')"))



def downgrade():
    with op.batch_alter_table('event_signup', schema=None) as batch_op:
        batch_op.drop_index('uq_event_signup_holding_person', sqlite_where=sa.text("state IN ('signed_up', 'waitlisted', 'attended')"), postgresql_where=sa.text("state IN ('signed_up', 'waitlisted', 'attended')"))
        batch_op.drop_index('ix_event_signup_person')
        batch_op.drop_index('ix_event_signup_event_state')

    op.drop_table('event_signup')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_active_person_service_day', sqlite_where=sa.text("state IN ('booked', 'checked_in')"), postgresql_where=sa.text("state IN ('booked', 'checked_in')"))
        batch_op.drop_index('ix_booking_station_day')
        batch_op.drop_index('ix_booking_person_state')
        batch_op.drop_index('ix_booking_due_reminder')

    op.drop_table('booking')
    with op.batch_alter_table('station_event', schema=None) as batch_op:
        batch_op.drop_index('ix_station_event_station_starts')

    op.drop_table('station_event')
    op.drop_table('slot_tally')
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_station_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_service_id'))

    op.drop_table('schedule')
    op.drop_table('service')
    with op.batch_alter_table('idempotent_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotent_response_created_at'))

    op.drop_table('idempotent_response')

    with op.batch_alter_table('notification', recreate='never') as batch_op:
        batch_op.drop_column('miniapp_openid')
