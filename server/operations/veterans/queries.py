"""Finding veterans in a staff member's scope: the review queue, the registry (台账) and its export."""

from dataclasses import dataclass

from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from models import Station, Veteran, db
from server.operations.core.numbers import whole_number
from server.operations.core.scope import scoped

LISTING = (joinedload(Veteran.station), joinedload(Veteran.category))  # names the lists show, per row


@dataclass(frozen=True)
class VeteranFilter:
    name: str = ""  # a prefix of the name
    phone_tail: str = ""  # the last four digits of the mobile
    category_id: int | None = None
    station_code: str = ""  # this station and everything below it
    state: str = ""
    deletion: bool = False  # only people who asked for deletion and await the station's confirmation

    @classmethod
    def from_args(cls, args, default_state=""):
        category = args.get("category_id", "")
        return cls(
            name=args.get("name", "").strip()[:40],
            phone_tail=args.get("phone_tail", "").strip()[:4],
            category_id=whole_number(category),
            station_code=args.get("station", "").strip()[:32],
            state=args.get("state", default_state),
            deletion=args.get("deletion") == "1",
        )

    def as_args(self):
        """The URL arguments that give this filter back through from_args (for links and exports)."""
        names = {"station_code": "station"}
        values = {names.get(k, k): v for k, v in self.__dict__.items() if v not in ("", None, False)}
        if values.get("deletion"):
            values["deletion"] = "1"
        return values


def search_veterans(staff, filters):
    """A select of veterans in `staff`'s subtree matching `filters`, newest first.

    Each row comes with its station and category in the same query: loaded lazily, a page of 50 rows
    from as many villages took 50 more queries.
    """
    statement = scoped(select(Veteran), Veteran, staff).options(*LISTING)
    if filters.name:
        statement = statement.where(Veteran.name.startswith(filters.name, autoescape=True))
    if filters.phone_tail.isdigit():
        statement = statement.where(Veteran.mobile_tail == filters.phone_tail)
    if filters.category_id:
        statement = statement.where(Veteran.category_id == filters.category_id)
    if filters.state:
        statement = statement.where(Veteran.state == filters.state)
    if filters.deletion:
        statement = statement.where(
            Veteran.deletion_requested_at.is_not(None), Veteran.deletion_due_on.is_(None)
        )
    if filters.station_code:
        statement = statement.where(_at_or_below(filters.station_code))
    return statement.order_by(Veteran.id.desc())


def _at_or_below(code):
    """Veterans of station `code` and the stations under it. The path is looked up first, so the planner
    sees the prefix itself and can tell a village (walk its few veterans) from a whole city (walk the
    newest and stop at a page); from a subquery it guesses a dozen stations whatever the code."""
    path = db.session.scalar(select(Station.path).where(Station.code == code))
    if path is None:
        return false()
    return Veteran.station_id.in_(select(Station.id).where(Station.path.startswith(path)))
