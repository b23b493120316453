"""The caller's policy topic subscriptions (订阅推送): read them, set them all at once. The same
choice as the official account's chat once a registration links the two."""

from flask import g, jsonify

from models import db
from server.api import bp
from server.api.auth import limit_writes, require_session
from server.api.subscription_shapes import SubscribedTopic, Subscriptions, SubscriptionUpdate
from server.api.validation import json_object, parsed
from server.operations.policies.subscriptions import (
    MASS_SENDS_A_MONTH,
    active_topics,
    grant_notice_taps,
    notice_taps_left,
    set_subscriptions,
    subscribed_topic_ids,
)


@bp.get("/subscriptions")
@require_session
def get_subscriptions():
    answer = _shown()
    db.session.commit()  # a choice made in the chat before the link is now this user's too
    return answer


@bp.put("/subscriptions")
@require_session
@limit_writes
def put_subscriptions():
    update = parsed(SubscriptionUpdate, json_object())
    set_subscriptions(update.topic_ids, miniapp_openid=g.api_session.openid)
    if update.policy_notice_taps_granted:
        grant_notice_taps(update.policy_notice_taps_granted, miniapp_openid=g.api_session.openid)
    db.session.commit()
    return _shown()


def _shown():
    on = subscribed_topic_ids(miniapp_openid=g.api_session.openid)
    topics = [SubscribedTopic(id=t.id, name=t.name, subscribed=t.id in on) for t in active_topics()]
    answer = Subscriptions(
        topic_ids=on,
        topics=topics,
        monthly_limit=MASS_SENDS_A_MONTH,
        policy_notice_taps=notice_taps_left(miniapp_openid=g.api_session.openid),
    )
    return jsonify(answer.model_dump())
