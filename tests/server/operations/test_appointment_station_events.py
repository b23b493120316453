from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import update

from models import EventSignup, Notification, StationEvent, db
from models.types import utcnow
from server.operations.appointments import people
from server.operations.appointments.station_events import cancel_event, cancel_signup, create_event, sign_up
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, DomainError, InvalidState
from server.timezone import LOCAL, local_date

ACTOR = Actor.person("测试")


@pytest.fixture
def event(network):
    staff = network.staff("head_a1")
    starts = datetime.combine(local_date(utcnow()) + timedelta(days=5), time(9), LOCAL)
    ends, until = starts + timedelta(hours=3), starts - timedelta(days=1)
    times = dict(starts_at=starts, ends_at=ends, signup_until=until)
    made = create_event(
        network.station("A1"), Actor.of(staff), staff, kind="health_check", title="免费体检", place="卫生院",
        capacity=2, **times,
    )  # fmt: skip
    db.session.commit()
    return made


def kinds(openid):
    return [
        n.kind
        for n in db.session.execute(
            db.select(Notification).filter_by(openid=openid).order_by(Notification.id)
        ).scalars()
    ]


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_moves_the_first_up(event):
    signups = [sign_up(people.on_chat(f"o-{n}"), event, "chat") for n in range(4)]
    db.session.commit()
    assert [s.state for s in signups] == ["signed_up", "signed_up", "waitlisted", "waitlisted"]
    cancel_signup(signups[0], ACTOR)
    db.session.commit()
    states = [db.session.get(EventSignup, s.id).state for s in signups]
    assert states == ["cancelled", "signed_up", "signed_up", "waitlisted"]
    assert db.session.get(StationEvent, event.id).taken == 2
    assert kinds("o-2") == ["event_waitlisted", "event_promoted"]


def test_a_person_signs_up_once(event):
    sign_up(people.on_chat("o-1"), event, "chat")
    db.session.commit()
    with pytest.raises(Conflict):
        sign_up(people.on_chat("o-1"), event, "chat")
    db.session.rollback()
    assert db.session.get(StationEvent, event.id).taken == 1


def test_cancelling_a_waiting_place_frees_nothing(event):
    signups = [sign_up(people.on_chat(f"o-{n}"), event, "chat") for n in range(3)]
    db.session.commit()
    cancel_signup(signups[2], ACTOR)
    db.session.commit()
    assert db.session.get(StationEvent, event.id).taken == 2
    with pytest.raises(InvalidState):
        cancel_signup(signups[2], ACTOR)


def test_staff_cancel_a_sign_up_only_with_a_reason_and_the_person_is_told(event):
    signup = sign_up(people.on_chat("o-1"), event, "chat")
    db.session.commit()
    with pytest.raises(DomainError):
        cancel_signup(signup, ACTOR, reason=" ", by_staff=True)
    db.session.rollback()
    cancel_signup(signup, ACTOR, reason="活动场地容量调整", by_staff=True)
    db.session.commit()
    assert kinds("o-1") == ["event_signed_up", "event_signup_cancelled"]
    told = db.session.execute(db.select(Notification).filter_by(kind="event_signup_cancelled")).scalar_one()
    assert "活动场地容量调整" in told.text


def test_an_event_is_cancelled_once(event):
    sign_up(people.on_chat("o-1"), event, "chat")
    cancel_event(event, "场地检修", ACTOR)
    db.session.commit()
    with pytest.raises(InvalidState):
        cancel_event(event, "再取消一次", ACTOR)
    assert kinds("o-1") == ["event_signed_up", "event_cancelled"]


def test_an_event_cancelled_while_a_sign_up_waited_for_its_lock_takes_no_sign_up(event):
    """The sign-up read the event before the cancellation committed and then waited on its row."""
    loaded = db.session.get(StationEvent, event.id)
    db.session.execute(
        update(StationEvent)
        .where(StationEvent.id == event.id)
        .values(cancelled=True)
        .execution_options(synchronize_session=False)
    )  # committed by the staff member's request meanwhile; `loaded` still says not cancelled
    with pytest.raises(InvalidState, match="该活动已取消"):
        sign_up(people.on_chat("o-late"), loaded, "chat")
    db.session.rollback()
    assert db.session.execute(db.select(EventSignup)).scalars().all() == []
