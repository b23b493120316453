"""Who worked on a request keeps reading it: anyone who is the actor of one of its events (filed it
for someone, replied, noted, assigned, passed it up or down, moved its state) may open it after it
has left their scope, to see what became of it. The actions stay with the scope (scope.py)."""

from sqlalchemy import select

from models import RequestEvent, ServiceRequest
from server.operations.core import texts
from server.operations.core.errors import NotFound
from server.operations.core.scope import in_scope


def worked_on(staff):
    """The ids of the requests `staff` worked on, as a subquery."""
    return select(RequestEvent.request_id).where(RequestEvent.actor_id == staff.id)


def readable_request(session, request_id, staff):
    """(the request, whether it is in `staff`'s scope) if they may read it; NotFound otherwise."""
    statement = select(ServiceRequest, in_scope(ServiceRequest, staff)).where(
        ServiceRequest.id == request_id,
        in_scope(ServiceRequest, staff) | ServiceRequest.id.in_(worked_on(staff)),
    )
    row = session.execute(statement).one_or_none()
    if row is None:
        raise NotFound(texts.NOT_IN_SCOPE)
    return row[0], bool(row[1])
