"""The demo's services (服务事项), each station's schedule for them, and a few station events:
what `make run` needs so that 预约办事 and 活动报名 can be tried at once. Idempotent."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from models import Schedule, Service, Station, StationEvent, db
from models.types import utcnow
from server.operations.appointments.services import save_schedule, save_service
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local_date

ALL = ["city", "county", "township", "village"]
ABOVE_VILLAGE = ["city", "county", "township"]
# name, minutes, materials, levels, registration needed, bookable online
SERVICES = [
    ("优待证办理", 20, "身份证\n退役证件\n近期免冠彩色照片一张", ABOVE_VILLAGE, "approved", True),
    ("政策咨询", 15, "", ALL, "none", True),
    ("就业创业指导", 30, "身份证\n个人简历（如有）", ["city", "county", "township"], "submitted", True),
    ("法律援助", 30, "身份证\n与事项有关的材料", ["city", "county"], "submitted", True),
    ("建档立卡信息采集", 20, "身份证\n户口簿\n退役证件", ALL, "none", True),
    ("优抚年度确认", 15, "身份证\n优抚证件", ABOVE_VILLAGE, "approved", True),
    ("困难帮扶申请", 30, "身份证\n家庭困难情况证明材料", ABOVE_VILLAGE, "submitted", False),
]
# station code, title, kind, place, days from today, hour, capacity
EVENTS = [
    ("330106", "退役军人专场招聘会", "job_fair", "西湖区人力资源市场二楼", 10, 9, 200),
    ("330106001", "退役军人免费体检", "health_check", "北山街道社区卫生服务中心", 7, 8, 3),
    ("330106001", "优待政策宣讲会", "policy_talk", "北山街道服务站会议室", 5, 14, 40),
]


def seed_demo_appointments(actor=None):
    actor = actor or Actor.system("flask seed demo")
    existing = {s.name: s for s in db.session.execute(select(Service)).scalars()}
    for sort, (name, minutes, materials, levels, needed, online) in enumerate(SERVICES):
        if name in existing:
            continue
        values = dict(
            name=name, minutes=minutes, materials=materials, levels=levels,
            registration_needed=needed, online=online, sort=sort,
        )  # fmt: skip
        existing[name] = save_service(None, values, actor)
    scheduled = {tuple(row) for row in db.session.execute(select(Schedule.station_id, Schedule.service_id))}
    for station in db.session.execute(select(Station).where(Station.active)).scalars():
        for service in existing.values():
            if station.level in service.levels and (station.id, service.id) not in scheduled:
                desks = 1 if station.level == "village" else 2
                values = {"slot_minutes": 30, "desks": desks, "held_back": 1 if desks > 1 else 0}
                save_schedule(station, service, values, actor)
    return _seed_events()


def _seed_events():
    if db.session.execute(select(StationEvent.id).limit(1)).first():
        return 0
    today = local_date(utcnow())
    for code, title, kind, place, days, hour, capacity in EVENTS:
        station = db.session.execute(select(Station).where(Station.code == code)).scalar_one()
        starts = datetime.combine(today + timedelta(days=days), time(hour), LOCAL)
        db.session.add(
            StationEvent(
                station_id=station.id,
                title=title,
                kind=kind,
                place=place,
                capacity=capacity,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                signup_until=starts - timedelta(days=1),
            )  # fmt: skip
        )
    db.session.flush()
    return len(EVENTS)
