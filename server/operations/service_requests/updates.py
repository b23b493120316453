"""Telling the person about their request on WeChat: a customer-service message inside the 48-hour
window, else the 诉求办理进度通知 template (see notifications.py), which opens the request's page in the
mini-program. Someone reached only through the mini-program has no official-account openid; they read
the same news there.

A notice says the request's number, what happened to it and what the person can do now; it never
quotes what the person wrote (their complaint, their comment): only staff's own words may follow."""

from models.types import utcnow
from server.operations.messaging.notifications import notify
from server.operations.messaging.texts import TEMPLATE_TIME
from server.operations.service_requests import texts
from server.timezone import local

MINIAPP_REQUEST_PAGE = "pages/requests/detail?number={number}"


def tell_person(request, news, staff_words=None, status=None):
    """Tell the person `news` about `request` (with `staff_words`: a reply or a reason staff wrote,
    never the person's own) and what to do next, as a customer-service message; outside the window
    the template says `status` (at most 5 characters; the request's state by default)."""
    lines = [
        texts.HEADLINE.format(number=request.number, news=news),
        staff_words,
        texts.NEXT_STEP.get(request.state, texts.SEE_RECORD),
    ]
    return notify(
        request.openid,
        "request_update",
        "\n".join(line for line in lines if line),
        template_key="request_update",
        template_values={
            "character_string1": request.number,
            "thing2": request.category.name,
            "phrase3": status or request.state_name,
            "time4": local(utcnow()).strftime(TEMPLATE_TIME),
        },
        page=MINIAPP_REQUEST_PAGE.format(number=request.number),
        subject=request,
    )
