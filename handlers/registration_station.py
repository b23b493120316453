"""Choosing the village station during registration: the one scanned, the tree, or the nearest."""

from sqlalchemy import select

from handlers import texts
from handlers.choices import choose, pick
from handlers.registration import QUESTIONS, advance, go_back, numbered, remember
from handlers.router import router, text_of
from models import Station, db
from models.station import LEVEL_NAMES
from server.operations.core.errors import DomainError
from server.operations.network.stations import nearest_villages
from server.operations.veterans.registrations import update_registration

NEXT_LEVEL = {None: "county", "county": "township", "township": "village"}
SCANNED = (("确认", "是", "对"), ("重新选择", "不是", "否"))


def ask_station(ctx, veteran):
    scanned = ctx.follower.station if ctx.follower else None
    if scanned is not None and scanned.level == "village" and scanned.active:
        ctx.dialog.goto("register:station_scanned", scanned=scanned.id)
        return texts.REG_STATION_SCANNED.format(name=scanned.name)
    return _pick(ctx, parent_id=None)


QUESTIONS["station_id"] = ask_station


def _children(parent_id, level):
    statement = select(Station).where(Station.level == level, Station.active).order_by(Station.code)
    if parent_id is not None:
        statement = statement.where(Station.parent_id == parent_id)
    return db.session.execute(statement).scalars().all()


def _pick(ctx, parent_id, level=None):
    """Offer the stations one level down; skip levels that have a single choice."""
    level = level or NEXT_LEVEL[None]
    options = _children(parent_id, level)
    while len(options) == 1 and level != "village":
        parent_id, level = options[0].id, NEXT_LEVEL[level]
        options = _children(parent_id, level)
    ctx.dialog.goto(
        "register:station_pick",
        choices=[s.id for s in options],
        names=[s.name for s in options],
        nearest=None,
        level=level,
    )
    return _offer(ctx)


def _offer(ctx):
    """The list the person is choosing from, as it was shown."""
    data = ctx.dialog.data
    if data.get("nearest"):
        return texts.REG_STATION_NEAREST.format(choices=numbered(data["nearest"]))
    return texts.REG_STATION_PICK.format(level=LEVEL_NAMES[data["level"]], choices=numbered(data["names"]))


@router.step("register:station_scanned")
def confirm_scanned(msg, ctx):
    answer = pick(text_of(msg), SCANNED)
    if answer == 0:
        return _chosen(ctx, ctx.dialog.data["scanned"])
    if answer == 1:
        return _pick(ctx, parent_id=None)
    name = db.session.get(Station, ctx.dialog.data["scanned"]).name
    return f"{texts.BAD_CHOICE}\n{texts.REG_STATION_SCANNED.format(name=name)}"


@router.step("register:station_pick")
def pick_station(msg, ctx):
    if msg.type == "location":
        return _nearest(ctx, float(msg.location_x), float(msg.location_y))
    said = text_of(msg).strip()
    if said == "上一步":
        return go_back(ctx, ctx.veteran)
    try:
        chosen = choose(said, ctx.dialog.data["names"], ctx.dialog.data["choices"])
    except DomainError as error:
        return f"{error.message}\n{_offer(ctx)}"
    level = ctx.dialog.data["level"]
    if level == "village":
        return _chosen(ctx, chosen)
    return _pick(ctx, parent_id=chosen, level=NEXT_LEVEL[level])


def _nearest(ctx, latitude, longitude):
    near = nearest_villages(latitude, longitude, within_km=50)
    if not near:
        return texts.REG_STATION_NONE_NEAR
    lines = [texts.REG_STATION_DISTANCE.format(name=s.name, km=m / 1000) for s, m in near]
    ctx.dialog.goto(
        "register:station_pick",
        choices=[s.id for s, _m in near],
        names=[s.name for s, _m in near],
        nearest=lines,
        level="village",
    )
    return _offer(ctx)


def _chosen(ctx, station_id):
    veteran = ctx.veteran
    update_registration(veteran, {"station_id": station_id})
    remember(ctx, "station_id")
    return advance(ctx, veteran)
