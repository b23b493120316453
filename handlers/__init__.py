"""The conversation layer: `dispatch(msg, ctx)` picks a handler through the router and runs it."""

from dataclasses import dataclass, replace

# Importing the handler modules fills the router.
import handlers.appointments  # noqa: F401
import handlers.miniapp_link  # noqa: F401
import handlers.my_bookings  # noqa: F401
import handlers.my_requests  # noqa: F401  (and handlers.rating)
import handlers.policies  # noqa: F401
import handlers.pushes  # noqa: F401
import handlers.service_requests  # noqa: F401
import handlers.staff_binding  # noqa: F401
import handlers.subscriptions  # noqa: F401
from handlers import fallbacks, followers, keywords, my_info, registration_station, stations, texts  # noqa: F401
from handlers.router import Route, router
from server.wechat_protocol.messages import NewsCard


@dataclass(frozen=True)
class Outcome:
    reply: str | NewsCard | None
    route: Route
    deferred: bool = False  # the handler will run in a job and answer by customer-service message


def dispatch(msg, ctx):
    route = router.resolve(msg, ctx.dialog)
    if route.slow and not ctx.deferred:
        return Outcome(texts.WORKING_ON_IT, route, deferred=True)
    reply = route.handler(msg, ctx)
    if ctx.dialog.expired and reply is not None and not ctx.deferred:
        title = texts.DIALOG_TITLES.get(ctx.dialog.expired.split(":")[0], texts.DIALOG_TITLE_DEFAULT)
        reply = _after(texts.DIALOG_EXPIRED.format(title=title), reply)
    return Outcome(reply, route)


def _after(notice, reply):
    """`reply` told after `notice`: a news card carries it at the top of its description."""
    if isinstance(reply, NewsCard):
        return replace(reply, description=notice + "\n\n" + reply.description)
    return notice + "\n\n" + reply
