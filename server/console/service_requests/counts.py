"""How many requests each queue view holds, for the queue's tabs and the home page.

Counting a view of a county's or the city's requests reads thousands of index entries; eight of
them on every page of the queue would cost more than the page. The numbers are kept for a minute
per user and filter (the list itself is always current), and the tabs count no further than CAP.
Without Redis they are counted on every page, which is slower but right.
"""

import hashlib
import json
import logging
from dataclasses import replace

from redis.exceptions import RedisError

from models import ServiceRequest, db
from server.console.helpers import CAP, SEARCH_CAP, CappedPage, count
from server.extensions import redis_client
from server.operations.service_requests.queries import VIEWS, RequestFilter, search_requests

KEPT_FOR = 60  # seconds
log = logging.getLogger(__name__)


def count_cap(filters):
    """How far the queue counts: a search stops sooner (SEARCH_CAP), since a common word's matches
    are found across the whole network before the scope narrows them."""
    return SEARCH_CAP if filters.q else CAP


def tab_counts(staff, filters):
    """[(view, count, capped)] for every view, under the other filters in force."""
    tabs, cap = [], count_cap(filters)
    for view in VIEWS:
        shown = replace(filters, view=view)
        n = _kept(staff, shown, _capped)
        tabs.append((view, min(n, cap), n > cap))
    return tabs


def _capped(staff, filters):
    return db.session.scalar(CappedPage.count_query(search_requests(staff, filters), count_cap(filters)))


def _exact(staff, filters):
    statement = search_requests(staff, filters).with_only_columns(ServiceRequest.id).order_by(None)
    return count(statement)


def _kept(staff, filters, counter):
    """counter(staff, filters), as counted in the last KEPT_FOR seconds."""
    digest = hashlib.sha1(json.dumps(filters.as_args(), sort_keys=True, ensure_ascii=False).encode())
    key = f"console:request-count:{counter.__name__}:{staff.id}:{digest.hexdigest()}"
    try:
        cached = redis_client().get(key)
    except RedisError as error:
        log.warning("queue counts not cached, counting them: %s", error)
        return counter(staff, filters)
    if cached is not None:
        return int(cached)
    n = counter(staff, filters)
    try:
        redis_client().set(key, n, ex=KEPT_FOR)
    except RedisError as error:
        log.warning("queue count not kept: %s", error)
    return n


def view_count(view):
    """A counter of the requests in the queue's `view` for a user, kept as the tabs' counts are."""

    def counted(staff):
        return _kept(staff, RequestFilter(view=view), _exact)

    return counted
