"""Filing requests in tests through the real operations."""

from sqlalchemy import select

from models import RequestCategory, db
from server.operations.core.audit import Actor
from server.operations.service_requests.filing import Person, file_request

PERSON = Actor.person("张三")


def category(name):
    return db.session.execute(select(RequestCategory).filter_by(name=name)).scalar_one()


def file(network, name="困难帮扶", openid="oReq1", code="A1a", content="家里老人生病，需要帮扶", **kwargs):
    """A request from `openid` at station `code`, in category `name`."""
    person = Person(openid=openid, name="张三")
    return file_request(
        person, category(name), content, "chat", PERSON, station=network.station(code), **kwargs
    )
