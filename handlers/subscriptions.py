"""订阅推送 in chat: every active policy topic numbered, ✓ on those the person gets; a number turns
one on or off, 取消全部 turns all off, 完成 ends with what is on and how many pushes can come."""

from handlers import texts
from handlers.choices import normal, position_of
from handlers.router import router, text_of
from menus import MenuKey
from server.operations.core.errors import DomainError
from server.operations.policies.subscriptions import (
    active_topics,
    subscribed_topic_ids,
    toggle_subscription,
    unsubscribe_all,
)

STEP = "subs:toggle"


@router.click(MenuKey.SUBSCRIBE_NOTICES)
@router.text(keywords=texts.SUB_KEYWORDS)
def show_subscriptions(msg, ctx):
    return show_toggles(ctx)


@router.text(keywords=[texts.SUB_CANCEL_ALL])
def cancel_all(msg, ctx):
    unsubscribe_all(openid=ctx.openid)
    return texts.SUB_ALL_OFF_DONE


def show_toggles(ctx, note=""):
    topics = active_topics()
    if not topics:
        ctx.dialog.end()
        return texts.SUB_NO_TOPICS
    on = set(subscribed_topic_ids(openid=ctx.openid))
    ctx.dialog.goto(STEP, topic_ids=[t.id for t in topics])
    lines = [
        (texts.SUB_LINE_ON if t.id in on else texts.SUB_LINE_OFF).format(n=n, name=t.name)
        for n, t in enumerate(topics, start=1)
    ]
    return note + texts.SUB_LIST.format(lines="\n".join(lines), on=what_is_on(topics, on))


def what_is_on(topics, on):
    names = [t.name for t in topics if t.id in on]
    return texts.SUB_ON.format(names=texts.SUB_JOINER.join(names)) if names else texts.SUB_NONE_ON


@router.step(STEP)
def toggle(msg, ctx):
    said = normal(text_of(msg))
    if said == texts.SUB_DONE:
        return finish(ctx)
    if said == texts.SUB_CANCEL_ALL:
        unsubscribe_all(openid=ctx.openid)
        return show_toggles(ctx, texts.SUB_ALL_OFF + "\n\n")
    topic_ids, position = ctx.dialog.data["topic_ids"], position_of(said)
    if position is None or not 1 <= position <= len(topic_ids):
        return show_toggles(ctx, texts.BAD_CHOICE + "\n")
    try:
        on = toggle_subscription(topic_ids[position - 1], openid=ctx.openid)
    except DomainError as error:  # retired since the list was shown
        return show_toggles(ctx, error.message + "\n")
    name = next(t.name for t in active_topics() if t.id == topic_ids[position - 1])
    return show_toggles(ctx, (texts.SUB_TURNED_ON if on else texts.SUB_TURNED_OFF).format(name=name) + "\n")


def finish(ctx):
    ctx.dialog.end()
    topics = active_topics()
    on = set(subscribed_topic_ids(openid=ctx.openid))
    if not on:
        return texts.SUB_ALL_OFF_DONE
    return texts.SUB_SAVED.format(on=what_is_on(topics, on), limit=texts.SUB_LIMIT)
