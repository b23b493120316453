import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from models import AuditEntry
from models.audit import AuditIsAppendOnly
from server.operations.core import audit


def test_audit_rows_cannot_be_changed_through_the_orm(db):
    entry = audit.record(audit.Actor.system("test"), "something")
    db.session.commit()
    entry.action = "something else"
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditIsAppendOnly):
        db.session.execute(update(AuditEntry).values(action="x"))
    with pytest.raises(AuditIsAppendOnly):
        db.session.execute(delete(AuditEntry))


def test_postgresql_refuses_changes_even_in_plain_sql(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the application's guard")
    audit.record(audit.Actor.system("test"), "something")
    db.session.commit()
    with pytest.raises(DBAPIError, match="cannot be changed"):
        db.session.execute(db.text("UPDATE audit_log SET action = 'x'"))
    db.session.rollback()
    with pytest.raises(DBAPIError, match="cannot be changed"):
        db.session.execute(db.text("DELETE FROM audit_log"))
    db.session.rollback()
