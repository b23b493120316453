"""What each role may do, in one table. Scope (which records) is `scope.py`'s job."""

from server.operations.core import texts
from server.operations.core.errors import DomainError

PERMISSIONS = {
    "stations.edit": {"head", "supervisor", "admin"},
    "stations.import": {"admin"},
    "stations.qrcode": {"head", "supervisor", "admin"},
    "staff.manage": {"admin"},
    "audit.view": {"admin"},
    "calendar.edit": {"admin"},
    "categories.edit": {"admin"},
    "registrations.enter": {"clerk", "head", "supervisor", "admin"},
    "registrations.review": {"clerk", "head", "supervisor", "admin"},  # and only above the villages
    "veterans.view": {"clerk", "head", "supervisor", "admin"},  # 登记审核 and 台账: people's records
    "veterans.unmask": {"clerk", "head", "supervisor", "admin"},
    "veterans.export_unmasked": {"head", "supervisor", "admin"},
    "veterans.delete": {"head", "supervisor", "admin"},
    "veterans.import": {"head", "supervisor", "admin"},  # ledgers (台账) into stations in scope
    "requests.handle": {"clerk", "head", "supervisor", "admin"},  # the queue, replies, notes, states
    "requests.assign": {"head", "supervisor", "admin"},  # to any clerk of the station; clerks take their own
    "canned_answers.edit": {"head", "supervisor", "admin"},  # their station's 常用答复; clerks use them
    "staff.mark_away": {"head", "supervisor", "admin"},  # 休假/外出 for others in scope; anyone for themself
    "bookings.handle": {"clerk", "head", "supervisor", "admin"},  # 预约: the day, booking, check-in
    "policies.write": {"broadcaster", "head", "supervisor", "admin"},  # 政策库: write, preview, publish
    "policies.topics": {"admin"},  # 政策专题
    "pushes.compose": {"broadcaster", "head", "supervisor", "admin"},  # 政策推送: compose, send, cancel
    "pushes.approve": {"supervisor", "admin"},  # when PUSH_APPROVAL_REQUIRED is on
    "services.edit": {"admin"},  # 服务事项, for the whole network
    "schedules.edit": {"head", "supervisor", "admin"},  # 预约设置 of the stations in scope
    "events.manage": {"clerk", "head", "supervisor", "admin"},  # 活动: create, lists, cancel, check-in
}
REVIEW_LEVELS = ("city", "county", "township")  # 信息采集 at the village, 审核 above it
# settings for the whole network: only at its top
NETWORK_WIDE = {"calendar.edit", "categories.edit", "policies.topics", "services.edit"}


class Forbidden(DomainError):
    status = 403


def can(staff, permission):
    if permission == "registrations.review" and staff.station.level not in REVIEW_LEVELS:
        return False
    if permission in NETWORK_WIDE and staff.station.parent_id is not None:
        return False
    return staff.role in PERMISSIONS[permission]


def require(staff, permission):
    if not can(staff, permission):
        raise Forbidden(texts.NOT_PERMITTED)
