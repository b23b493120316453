"""A request's timeline is append-only: through the ORM, and on PostgreSQL in plain SQL too."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from models import RequestEvent
from tests.support.requests import file


def test_the_orm_refuses_to_change_or_delete_an_event(db, network):
    file(network)
    db.session.commit()
    event = db.session.scalars(select(RequestEvent)).first()
    event.body = "改写历史"
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(RequestEvent)).first())
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_postgresql_refuses_changes_even_in_plain_sql(db, network):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the application's guard")
    file(network)
    db.session.commit()
    for statement in ("UPDATE request_event SET body = 'x'", "DELETE FROM request_event"):
        with pytest.raises(DBAPIError, match="cannot be changed"):
            db.session.execute(db.text(statement))
        db.session.rollback()
