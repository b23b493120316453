"""Services and schedules on the test network (tests/support/network.py), set up through the real
operations, and a person to book for."""

from dataclasses import dataclass

import pytest

from models import Schedule, Service, db
from server.operations.appointments import people
from server.operations.appointments.services import save_schedule, save_service
from server.operations.appointments.slots import availability, bookable_range
from server.operations.core.audit import Actor

HOURS = "08:30-12:00,14:00-17:30"


@dataclass
class Appointments:
    network: object
    services: dict  # name -> id
    schedules: dict  # (station code, service name) -> id

    def service(self, name):
        return db.session.get(Service, self.services[name])

    def schedule(self, code, name):
        return db.session.get(Schedule, self.schedules[code, name])

    def free_slots(self, code, name, days=14, for_staff=False):
        """Every slot with places left, soonest first."""
        schedule = self.schedule(code, name)
        first, last = bookable_range(schedule)
        found = availability(schedule, first.date(), last, for_staff=for_staff)
        return [slot for day in found for slot in day.slots if slot.remaining > 0]


def setup_appointments(network, desks=2, held_back=1):
    actor = Actor.system("test")
    services = {
        "政策咨询": dict(levels=["city", "county", "township", "village"], registration_needed="none"),
        "优待证办理": dict(levels=["county", "township"], registration_needed="approved"),
        "困难帮扶申请": dict(levels=["township", "village"], registration_needed="none", online=False),
    }
    ids, schedules = {}, {}
    for sort, (name, values) in enumerate(services.items()):
        values = dict(name=name, minutes=30, materials="身份证", sort=sort, **values)
        ids[name] = save_service(None, values, actor).id
    for code in ("A1a", "A1", "A"):
        station = network.station(code)
        for name in services:
            service = db.session.get(Service, ids[name])
            if station.level in service.levels:
                values = {"hours": HOURS, "slot_minutes": 30, "desks": desks, "held_back": held_back}
                schedules[code, name] = save_schedule(station, service, values, actor).id
    db.session.commit()
    return Appointments(network, ids, schedules)


@pytest.fixture
def appointments(network):
    return setup_appointments(network)


def chat_person(openid="o-booker-1"):
    return people.on_chat(openid)
