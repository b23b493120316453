"""the dashboard's daily tally of requests, and the working days each answer and resolution took

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 13:00:00.000000

`request_day_tally` holds, per station (its own requests and every one below) and Asia/Shanghai day,
the counts the dashboard sums (models/request_tally.py keeps it in step from here on).
`service_request.response_days` and `resolution_days` keep the working days the first answer and the
resolution took, counted when they happened. The four indexes the dashboard's flow figures read the
requests by (answered, resolved, rated, closed) go: nothing reads them now, and every write paid for
them. Existing requests are filled in here, in Python, with
the working calendar as it stands (entered days, else chinese-calendar, else Monday to Friday), a
frozen copy of this revision's rules: seconds for the installations of its time (thousands of
requests), minutes at a million.
"""
from collections import defaultdict
from datetime import date, datetime, timedelta

from alembic import op
import chinese_calendar
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OPEN_STATES = ("pending", "processing", "waiting", "registered", "accepted", "reviewing")
RATINGS = ("satisfied", "fair", "unsatisfied")
COUNTS = (
    "filed", "responded", "response_days", "resolved", "resolution_days", "judged", "late", "closed",
    "rated_satisfied", "rated_fair", "rated_unsatisfied",
)  # fmt: skip
SHANGHAI = timedelta(hours=8)


def upgrade():
    with op.batch_alter_table('service_request', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('response_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolution_days', sa.Integer(), nullable=True))
    tally = op.create_table(
        'request_day_tally',
        sa.Column('station_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_request_day_tally_station_id_station')),
        sa.PrimaryKeyConstraint('station_id', 'day', name=op.f('pk_request_day_tally')),
    )
    _fill(op.get_bind(), tally)
    for name in ('ix_service_request_responded', 'ix_service_request_resolved', 'ix_service_request_rated',
                 'ix_service_request_closed'):
        op.drop_index(name, table_name='service_request', if_exists=True)  # 0005 as first run had none


def _fill(connection, tally):
    working = _working_day(connection)
    paths = dict(connection.execute(sa.text("SELECT id, path FROM station")).all())
    requests = connection.execute(sa.text(
        "SELECT id, station_id, state, created_at, first_responded_at, resolved_at, resolved_due_on,"
        " closed_at, rating, rated_at FROM service_request"
    )).mappings().all()
    days, totals = [], defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for r in requests:
        filed = _local_day(r["created_at"])
        answered, resolved = _local_day(r["first_responded_at"]), _local_day(r["resolved_at"])
        response = _between(working, filed, answered) if answered else None
        resolution = _between(working, filed, resolved) if resolved else None
        days.append({"id": r["id"], "response": response, "resolution": resolution})
        counted = [(filed, {"filed": 1})]
        if answered:
            counted.append((answered, {"responded": 1, "response_days": response}))
        due = _as_date(r["resolved_due_on"])
        if r["state"] not in OPEN_STATES and resolved:
            judged = {"judged": 1, "late": int(resolved > due)} if due else {}
            counted.append((resolved, {"resolved": 1, "resolution_days": resolution, "closed": 1, **judged}))
        elif r["state"] not in OPEN_STATES and r["closed_at"]:
            counted.append((_local_day(r["closed_at"]), {"closed": 1}))
        if r["rating"] in RATINGS and r["rated_at"]:
            counted.append((_local_day(r["rated_at"]), {f"rated_{r['rating']}": 1}))
        stations = [int(i) for i in paths[r["station_id"]].strip("/").split("/")]
        for day, counts in counted:
            for station_id in stations:
                for name, n in counts.items():
                    totals[station_id, day][name] += n
    if days:
        connection.execute(
            sa.text("UPDATE service_request SET response_days = :response, resolution_days = :resolution"
                    " WHERE id = :id"),
            days,
        )
    rows = [{"station_id": s, "day": d, **counts} for (s, d), counts in sorted(totals.items())]
    if rows:
        op.bulk_insert(tally, rows)


def _working_day(connection):
    entered = dict(connection.execute(sa.text("SELECT day, workday FROM calendar_day")).all())
    entered = {_as_date(day): bool(workday) for day, workday in entered.items()}
    years = {day.year for day in entered}

    def working(day):
        if day in entered:
            return entered[day]
        if day.year not in years:
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                pass
        return day.weekday() < 5

    return working


def _between(working, start, end):
    """Working days in (start, end]."""
    return sum(working(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def _local_day(moment):
    """The Asia/Shanghai day of a stored naive UTC time (SQLite gives it as text)."""
    if moment is None:
        return None
    return ((datetime.fromisoformat(moment) if isinstance(moment, str) else moment) + SHANGHAI).date()


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def downgrade():
    with op.batch_alter_table('service_request', recreate='never') as batch_op:
        batch_op.create_index('ix_service_request_responded', ['first_responded_at'], unique=False, postgresql_include=['created_at', 'station_id'])
        batch_op.create_index('ix_service_request_resolved', ['resolved_at'], unique=False, postgresql_include=['created_at', 'station_id', 'state', 'resolved_due_on'])
        batch_op.create_index('ix_service_request_rated', ['rated_at'], unique=False, postgresql_include=['rating', 'station_id'])
        batch_op.create_index('ix_service_request_closed', ['closed_at'], unique=False, postgresql_include=['station_id', 'state'], postgresql_where=sa.text('resolved_at IS NULL'), sqlite_where=sa.text('resolved_at IS NULL'))
    op.drop_table('request_day_tally')
    with op.batch_alter_table('service_request', recreate='never') as batch_op:
        batch_op.drop_column('resolution_days')
        batch_op.drop_column('response_days')
