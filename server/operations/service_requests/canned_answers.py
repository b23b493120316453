"""常用答复: a library of reusable answers with placeholders, kept per station.

A station's answers serve its whole subtree: a village clerk sees the village's own answers and
those of its township, county and city, so a county writes an answer once for all its villages.
"""

import re

from sqlalchemy import select

from models import CannedAnswer, db
from models.station import path_ids
from server.operations.core import audit
from server.operations.core.errors import Conflict, InvalidState
from server.operations.service_requests import texts
from server.operations.service_requests.filing import clean_text

TITLE_LIMIT = 64
BODY_LIMIT = 2000
PLACEHOLDER = re.compile(r"\{(姓名|编号|站点|类别)\}")
PLACEHOLDERS = ("{姓名}", "{编号}", "{站点}", "{类别}")


def station_chain_ids(station):
    """The ids of `station` and every station above it (its path reads /city/county/…/station/)."""
    return path_ids(station.path)


def canned_answers_for(staff):
    """The active answers of the staff member's own station and of every station above it, by title."""
    statement = (
        select(CannedAnswer)
        .where(CannedAnswer.station_id.in_(station_chain_ids(staff.station)), CannedAnswer.active.is_(True))
        .order_by(CannedAnswer.title, CannedAnswer.id)
    )
    return db.session.execute(statement).scalars().all()


def fill_placeholders(body, request):
    """`body` with {姓名} {编号} {站点} {类别} filled from `request`; other braces stay as written."""
    values = {
        "姓名": request.person_name or texts.CANNED_NAME_UNKNOWN,
        "编号": request.number,
        "站点": request.station.name,
        "类别": request.category.name,
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], body)


def save_canned_answer(answer, values, station, actor):
    """Create (answer None) or change an answer of `station`; titles are unique among a station's
    active answers, so the picker never offers two that look the same."""
    title = clean_text(values.get("title"), "title", texts.TITLE, 2, TITLE_LIMIT)
    body = clean_text(values.get("body"), "body", texts.REPLY, 5, BODY_LIMIT)
    clash = db.session.execute(
        select(CannedAnswer.id).where(
            CannedAnswer.station_id == station.id,
            CannedAnswer.title == title,
            CannedAnswer.active.is_(True),
        )
    ).scalar()
    if clash is not None and (answer is None or clash != answer.id):
        raise Conflict(texts.CANNED_TITLE_TAKEN, field="title")
    created = answer is None
    answer = answer or CannedAnswer(active=True)
    answer.station_id, answer.title, answer.body = station.id, title, body
    db.session.add(answer)
    db.session.flush()
    audit.record(actor, "canned_answer.create" if created else "canned_answer.update", answer, title=title)
    return answer


def retire_canned_answer(answer, actor):
    """Take an answer out of the library; it stays on record (replies already sent quote it)."""
    if not answer.active:
        raise InvalidState(texts.CANNED_RETIRED)
    answer.active = False
    db.session.flush()
    audit.record(actor, "canned_answer.retire", answer, title=answer.title)
    return answer
