"""The home page: counts of what the user's scope holds, and their own work list.

Each part adds to HOME_COUNTS (label, function(staff) -> number) and MY_WORK
(function(staff) -> [WorkItem]); both see only the user's subtree.
"""

from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from models import Follower, Staff, Station, db
from models.types import utcnow
from server.console import bp
from server.operations.core.access import can
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.scope import scoped
from server.timezone import local_date


@dataclass(frozen=True)
class WorkItem:
    title: str
    count: int
    url: str


def count(statement):
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def _stations(staff):
    return count(scoped(select(Station.id), Station, staff))


def _staff(staff):
    return count(scoped(select(Staff.id).where(Staff.active), Staff, staff))


def _followers(staff):
    return count(scoped(select(Follower.id), Follower, staff))


def counted_for(permission, counter):
    """`counter`, for the roles with `permission`; None (the count is not shown) for the others."""
    return lambda staff: counter(staff) if can(staff, permission) else None


HOME_COUNTS = [("服务站点", _stations), ("在岗人员", _staff), ("关联服务站的关注用户", _followers)]
# What the home page tells a role whose work is not built yet.
ROLE_NOTES = {
    "broadcaster": "政策推送功能尚未上线，上线后宣传员在这里编写和发送政策推送。目前您可以查看站点信息、"
    "下载服务站二维码海报；登记信息、诉求等个人信息不向宣传员开放。",
}


def _stations_missing_details(staff):
    if not can(staff, "stations.edit"):
        return []
    missing = scoped(
        select(Station.id).where(Station.phone.is_(None) | Station.hours.is_(None)), Station, staff
    )
    n = count(missing)
    return [WorkItem("站点缺少电话或办公时间", n, url_for("console.stations", incomplete=1))] if n else []


def _stations_without_qr(staff):
    if not can(staff, "stations.qrcode"):
        return []
    n = count(scoped(select(Station.id).where(Station.qr_url.is_(None)), Station, staff))
    return [WorkItem("站点还没有二维码", n, url_for("console.stations", no_qr=1))] if n else []


def _locked_staff(staff):
    if not can(staff, "staff.manage"):
        return []
    locked = scoped(select(Staff.id).where(Staff.locked_until > utcnow()), Staff, staff)
    n = count(locked)
    return [WorkItem("被锁定的账号", n, url_for("console.staff_list", locked=1))] if n else []


MY_WORK = [_stations_missing_details, _stations_without_qr, _locked_staff]


@bp.get("/")
def home():
    staff = current_user
    counts = [(label, n) for label, fn in HOME_COUNTS if (n := fn(staff)) is not None]
    work = [item for provider in MY_WORK for item in provider(staff)]
    today = local_date(utcnow())
    calendar = WorkingCalendar.load()
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])  # next year's comes each November
    warnings = [w for w in map(calendar.coverage_warning, years) if w]
    return render_template(
        "console/home.html",
        counts=counts,
        work=work,
        calendar_warnings=warnings,
        can_enter_calendar=can(staff, "calendar.edit"),
        note=ROLE_NOTES.get(staff.role),
    )
