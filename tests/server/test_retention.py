from datetime import timedelta

from sqlalchemy import select

from models import InboundMessage
from models.types import utcnow
from server.jobs.wechat import purge_old_messages


def test_messages_older_than_the_retention_period_are_purged(deliver, push, db, settings):
    deliver(push.text("oOld", "帮助"))
    deliver(push.text("oNew", "帮助"))
    old = db.session.scalars(select(InboundMessage).filter_by(openid="oOld")).one()
    old.received_at = utcnow() - timedelta(days=settings.inbound_retention_days, minutes=1)
    db.session.commit()
    purge_old_messages()
    assert db.session.scalars(select(InboundMessage.openid)).all() == ["oNew"]
