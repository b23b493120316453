"""Console routes and one object of every kind for their URLs: what the route-by-route tests walk
(scope in test_scope.py, roles in test_access.py)."""

from datetime import date, datetime, time, timedelta

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.routing import AnyConverter

from models import Service, db
from models.station import LEVELS
from models.types import utcnow
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.appointments.services import save_schedule, save_service
from server.operations.appointments.slots import availability, bookable_range
from server.operations.appointments.station_events import create_event, sign_up
from server.operations.core.audit import Actor
from server.operations.network.stations import add_closure
from server.operations.pushes.pushes import compose_push
from server.operations.service_requests.attachments import upload_attachment
from server.operations.service_requests.canned_answers import save_canned_answer
from server.operations.service_requests.filing import Person, file_request
from server.operations.service_requests.replies import reply_to_request
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from server.timezone import LOCAL, local_date
from tests.support.network import username_for
from tests.support.policies import topic, write_article
from tests.support.requests import category
from tests.support.veterans import values


def console_rules(app, with_arguments=True):
    """The console's URL rules (those taking arguments, unless `with_arguments` is False: all of them)."""
    return [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("console.") and (r.arguments or not with_arguments)
    ]


PNG = (  # a 1x1 picture, for an attachment
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
# Veterans live in villages: for each station objects are made at, the village and the person's name.
VETERAN_OF = {"A2": ("A2a", "外人甲二"), "A": ("B1a", "外人乙一")}


def objects_at(network, code, serial):
    """One object of every kind a console URL names, at station `code` (and a village of VETERAN_OF)."""
    station = network.station(code)
    closure = add_closure(station, date(2030, 1, 1), date(2030, 1, 2), "测试闭站", Actor.system("test"))
    veteran = start_registration("walkin")
    village, name = VETERAN_OF[code]
    update_registration(veteran, values(network.station(village).id, serial=serial, name=name))
    submit_registration(veteran)
    request = file_request(
        Person(name=name), category("困难帮扶"), f"{name}的诉求内容", "phone", Actor.system("test"),
        title=f"{name}的诉求", station=station,
    )  # fmt: skip
    attachment = upload_attachment(request, "image", PNG, Actor.system("test"))
    reply = reply_to_request(request, "您好，已收到您的诉求。", Actor.system("test"))
    answer_values = {"title": f"{name}答复", "body": "您好，已收到。"}
    answer = save_canned_answer(None, answer_values, station, Actor.system("test"))
    booking = desk_booking(network, code, name, serial)
    article = write_article(network, code, pdf=True, title=f"{name}政策")
    composer = network.staff(username_for("broadcaster", code))
    push = compose_push(
        {"text": f"{name}推送", "station_ids": [station.id]}, composer, f"t-{code}", submit=False
    )
    event = _event(network, code, name)
    signup = sign_up(people.by_phone(name, "13800138000"), event, "phone")
    return {
        "station_id": station.id,
        "staff_id": network.staff(username_for("clerk", code)).id,
        "closure_id": closure.id,
        "veteran_id": veteran.id,
        "category_id": 1,  # network-wide reference data: no one below the top may change it
        "request_id": request.id,
        "attachment_id": attachment.id,
        "event_id": reply.id,  # a reply, for resending one WeChat never confirmed
        "answer_id": answer.id,  # a parent's answer is read in the library, but changed by none below
        "booking_id": booking.id,
        "policy_id": article.id,
        "policy_attachment_id": article.attachments[0].id,
        "topic_id": topic(f"测试专题{code}").id,  # network-wide, like category_id
        "push_id": push.id,
        "service_id": booking.service_id,  # network-wide, like category_id
        "station_event_id": event.id,
        "signup_id": signup.id,
        "_names": [
            station.name,
            f">{username_for('clerk', code)}<",
            name,
            request.number,
            article.title,
            event.title,
        ],
    }


def _event(network, code, name):
    staff = network.staff(username_for("clerk", code))
    starts = datetime.combine(local_date(utcnow()) + timedelta(days=3), time(9), LOCAL)
    times = dict(
        starts_at=starts, ends_at=starts + timedelta(hours=2), signup_until=starts - timedelta(days=1)
    )
    return create_event(
        network.station(code), Actor.system("test"), staff, kind="policy_talk", title=f"{name}活动",
        place="会议室", capacity=5, **times,
    )  # fmt: skip


def desk_booking(network, code, name, serial):
    """A phone booking at station `code`, for a service offered there (made the first time)."""
    station = network.station(code)
    service = db.session.execute(select(Service).filter_by(name="路由测试事项")).scalar_one_or_none()
    if service is None:
        values = {"name": "路由测试事项", "levels": list(LEVELS), "registration_needed": "none"}
        service = save_service(None, values, Actor.system("test"))
    schedule = save_schedule(station, service, {"hours": "08:30-12:00,14:00-17:30"}, Actor.system("test"))
    first, last = bookable_range(schedule)
    slot = availability(schedule, first.date(), last, for_staff=True)[0].slots[0]
    staff = network.staff(username_for("clerk", code))
    person = people.by_phone(name, f"1370000{serial:04d}")
    return book_slot(person, schedule, slot.starts_at, "phone", Actor.of(staff), staff=staff)


def urls_of(app, rule, ids):
    """Every concrete URL of `rule`: ids for object arguments, each choice for `any(...)` arguments."""
    choices = [{}]
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices = [dict(c, **{name: v}) for c in choices for v in converter.items]
        elif name in ids:
            choices = [dict(c, **{name: ids[name]}) for c in choices]
        else:
            pytest.fail(f"{rule.endpoint}: no object for URL argument {name!r}; add it to objects_at")
    with app.test_request_context():
        return [url_for(rule.endpoint, **c) for c in choices]
