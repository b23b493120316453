"""The console's menu and the home page's lists, declared once, in the order they are shown.

Each entry names the page it leads to (None: a part not built yet, shown greyed out), the permission
a role needs to see it (None: everyone), and for the home page the function that counts what it
shows in the user's subtree. A new part adds its lines here; nothing changes these lists at import.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from server.console.network.staff import count_active_staff, count_locked_staff
from server.console.network.stations import (
    count_followers,
    count_stations,
    count_stations_missing_details,
    count_stations_without_qr,
)
from server.console.service_requests.counts import view_count
from server.console.veterans.registrations import count_pending_deletions, count_registrations
from server.operations.core.access import can
from server.operations.messaging.staff_notices import unread_count


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    permission: str | None = None


@dataclass(frozen=True)
class HomeCount:
    label: str
    counter: Callable  # staff -> how many
    permission: str | None = None


@dataclass(frozen=True)
class WorkEntry:
    """A line of 我的待办, shown when its count is not zero; it links to the listing of that work."""

    title: str
    counter: Callable  # staff -> how many
    permission: str | None
    endpoint: str
    arguments: dict = field(default_factory=dict)


def shown_to(staff, entry):
    return entry.permission is None or can(staff, entry.permission)


def queue_work(title, view):
    """A line of 我的待办 that leads to one of the queue's views."""
    return WorkEntry(title, view_count(view), "requests.handle", "console.request_queue", {"view": view})


NAV = (
    NavItem("首页", "console.home"),
    NavItem("登记审核", "console.registrations", "veterans.view"),
    NavItem("预约", "console.appointments_day", "bookings.handle"),
    NavItem("预约设置", "console.schedules_home", "schedules.edit"),
    NavItem("活动", "console.events", "events.manage"),
    NavItem("诉求", "console.request_queue", "requests.handle"),
    NavItem("常用答复", "console.canned_answers", "requests.handle"),
    NavItem("政策库", "console.policies", "policies.write"),
    NavItem("政策推送", "console.pushes", "pushes.compose"),
    NavItem("统计", "console.dashboard", "requests.handle"),
    NavItem("站点", "console.stations"),
    NavItem("人员", "console.staff_list", "staff.manage"),
    NavItem("人员类别", "console.categories", "categories.edit"),
    NavItem("服务事项", "console.services", "services.edit"),
    NavItem("工作日历", "console.calendar", "calendar.edit"),
    NavItem("审计日志", "console.audit", "audit.view"),
)

HOME_COUNTS = (
    HomeCount("服务站点", count_stations),
    HomeCount("在岗人员", count_active_staff),
    HomeCount("关联服务站的关注用户", count_followers),
    HomeCount("已建档人员", count_registrations("approved"), "veterans.view"),
    HomeCount("待审核登记", count_registrations("submitted"), "veterans.view"),
    HomeCount("未办结诉求", view_count("open"), "requests.handle"),
)

MY_WORK = (
    WorkEntry(
        "站点缺少电话或办公时间",
        count_stations_missing_details,
        "stations.edit",
        "console.stations",
        {"incomplete": 1},
    ),
    WorkEntry(
        "站点还没有二维码", count_stations_without_qr, "stations.qrcode", "console.stations", {"no_qr": 1}
    ),
    WorkEntry("被锁定的账号", count_locked_staff, "staff.manage", "console.staff_list", {"locked": 1}),
    WorkEntry("未读提醒", unread_count, None, "console.notices"),
    WorkEntry(
        "登记待审核", count_registrations("submitted"), "registrations.review", "console.registrations"
    ),
    WorkEntry(
        "本人申请删除信息，待确认",
        count_pending_deletions,
        "veterans.delete",
        "console.registrations",
        {"state": "", "deletion": "1"},
    ),
    queue_work("分派给我的诉求", "mine"),
    queue_work("已逾期诉求", "overdue"),
    queue_work("即将到期诉求", "due_soon"),
)
