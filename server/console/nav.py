"""The console's navigation: every part of the system, greyed out until it is built."""

from dataclasses import dataclass

from flask import url_for
from werkzeug.routing import BuildError

from server.operations.core.access import can


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str | None  # None: not built yet
    permission: str | None = None  # shown only to roles with this permission


NAV = [
    NavItem("首页", "console.home"),
    NavItem("登记审核", None),
    NavItem("预约", None),
    NavItem("诉求", None),
    NavItem("政策推送", None),
    NavItem("统计", None),
    NavItem("站点", "console.stations"),
    NavItem("人员", "console.staff_list", "staff.manage"),
    NavItem("人员类别", "console.categories", "categories.edit"),
    NavItem("工作日历", "console.calendar", "calendar.edit"),
    NavItem("审计日志", "console.audit", "audit.view"),
]


def nav_for(staff, current_endpoint):
    """[(label, url or None, active)] for this user."""
    items = []
    for item in NAV:
        if item.permission and not can(staff, item.permission):
            continue
        try:
            url = url_for(item.endpoint) if item.endpoint else None
        except BuildError:
            url = None
        active = bool(item.endpoint) and (current_endpoint or "").startswith(item.endpoint.rsplit("_", 1)[0])
        items.append((item.label, url, active))
    return items


def replace_nav(label, endpoint, permission=None):
    """A part that is built takes its place in the navigation."""
    for index, item in enumerate(NAV):
        if item.label == label:
            NAV[index] = NavItem(label, endpoint, permission)
            return
    raise KeyError(label)
