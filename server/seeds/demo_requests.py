"""A handful of requests for the demo (`flask seed demo`), in the states a clerk meets on a normal day:
new, being handled with a reply out, resolved and waiting for a rating, a petition at the county, and
one already late, which the deadline sweep escalates (督办) to the street and the district."""

from datetime import timedelta

from sqlalchemy import select

from models import RequestCategory, ServiceRequest, db
from models.types import utcnow
from server.operations.core.audit import Actor
from server.operations.core.calendar import WorkingCalendar
from server.operations.network.staff import staff_by_username
from server.operations.network.stations import station_by_code
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.filing import Person, file_request
from server.operations.service_requests.replies import add_note, reply_to_request
from server.operations.service_requests.states import move_request

VILLAGE = "330106001001"
# person, category, channel, content, what happens next
REQUESTS = [
    ("张建国", "困难帮扶", "phone", "老伴住院手术，医药费负担重，希望申请临时救助。", None),
    ("李卫东", "就业创业", "walkin", "退役两年，想参加电工技能培训，请问有没有免费的培训班？", "reply"),
    ("王海军", "优抚待遇", "letter", "今年的优待金还没有到账，请帮忙查一下原因。", "resolve"),
    ("赵志强", "信访/投诉", "letter", "反映安置单位拖欠工资三个月，多次协商未果。", None),
    ("陈国庆", "政策咨询", "phone", "想咨询退役军人子女入学有哪些优待政策。", "late"),
]
LATE_BY = 8  # working days past the deadline for the late one


def seed_demo_requests():
    """File the demo requests once (nothing happens when any request exists)."""
    if db.session.scalar(select(ServiceRequest.id).limit(1)) is not None:
        return 0
    clerk = staff_by_username("clerk")
    actor = Actor.of(clerk, None)
    for name, category_name, channel, content, then in REQUESTS:
        category = db.session.execute(select(RequestCategory).filter_by(name=category_name)).scalar_one()
        request = file_request(
            Person(name=name), category, content, channel, actor, station=station_by_code(VILLAGE)
        )
        STEPS.get(then, lambda request, actor: None)(request, actor)
    db.session.flush()
    return len(REQUESTS)


def _reply(request, actor):
    reply_to_request(
        request, "您好，街道每季度开设免费电工培训，下一期报名截至本月底，我们已为您登记。", actor
    )
    add_note(request, "已电话联系街道就业专员，确认名额。", actor)


def _resolve(request, actor):
    reply_to_request(request, "经核查，因银行卡信息变更导致发放失败，已更正，本月底前补发。", actor)
    move_request(request, "resolve", actor, reason="已更正银行卡信息，优待金将于本月底前补发。")


def _make_late(request, actor):
    """As if filed weeks ago: its deadlines passed LATE_BY working days before today."""
    calendar = WorkingCalendar.load()
    past = today()
    for _ in range(LATE_BY):
        past -= timedelta(days=1)
        while not calendar.is_working_day(past):
            past -= timedelta(days=1)
    request.respond_due_on = request.due_on = past
    request.created_at = utcnow() - timedelta(days=3 * LATE_BY)


STEPS = {"reply": _reply, "resolve": _resolve, "late": _make_late}
