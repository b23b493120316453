"""Telling the person about their request on WeChat: a customer-service message inside the 48-hour
window, else the 诉求办理进度通知 template (see notifications.py), which opens the request's page in the
mini-program. Someone reached only through the mini-program has no official-account openid; they read
the same news there."""

from models.types import utcnow
from server.operations.notifications import notify
from server.timezone import local

MINIAPP_REQUEST_PAGE = "pages/requests/detail?number={number}"


def tell_person(request, text, status=None):
    """`text` as a customer-service message; outside the window the template says `status` (at most
    5 characters; the request's state by default)."""
    return notify(
        request.openid,
        "request_update",
        text,
        template_key="request_update",
        template_values={
            "character_string1": request.number,
            "thing2": request.category.name,
            "phrase3": status or request.state_name,
            "time4": local(utcnow()).strftime("%Y年%m月%d日 %H:%M"),
        },
        page=MINIAPP_REQUEST_PAGE.format(number=request.number),
        subject=request,
    )
