"""Taking and giving back a place in a slot: conditional UPDATEs the database runs atomically, so
no number of concurrent bookings can take more places than a slot has. Never read-then-write."""

from sqlalchemy import true, update
from sqlalchemy.dialects import postgresql, sqlite

from models import SlotTally, db


def take_place(schedule, starts_at, by_staff):
    """Add one booking to the slot if it has a place: online within the places not held back,
    staff within every desk (using a held-back place first). Returns (taken, held place used).
    Changes nothing when there is no place."""
    tally = SlotTally.__table__
    in_slot = (tally.c.schedule_id == schedule.id) & (tally.c.starts_at == starts_at) & ~tally.c.closed
    has_desk = tally.c.booked < schedule.desks

    def add(condition, **values):
        statement = (
            update(tally).where(in_slot, has_desk, condition).values(booked=tally.c.booked + 1, **values)
        )
        return db.session.execute(statement).rowcount == 1

    if by_staff:
        if add(tally.c.held < schedule.held_back, held=tally.c.held + 1):
            return True, True
        return add(true()), False
    return add(tally.c.booked - tally.c.held < schedule.online_places), False


def give_back_place(booking):
    tally = SlotTally.__table__
    statement = (
        update(tally)
        .where(tally.c.schedule_id == booking.schedule_id, tally.c.starts_at == booking.starts_at)
        .values(booked=tally.c.booked - 1, held=tally.c.held - (1 if booking.held_place else 0))
    )
    db.session.execute(statement)


def ensure_slot_row(schedule_id, starts_at):
    """The slot's row (no place taken), inserted if nobody booked it yet. A booking does this first:
    on SQLite this write takes the database's write lock, so what the booking reads next (the
    person's other bookings) cannot change under it."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(SlotTally.__table__).values(
        schedule_id=schedule_id, starts_at=starts_at, booked=0, held=0, closed=False
    )
    db.session.execute(insert.on_conflict_do_nothing(index_elements=["schedule_id", "starts_at"]))
