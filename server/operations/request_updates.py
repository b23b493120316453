"""Telling the person about their request on WeChat: a customer-service message inside the 48-hour
window, else the 诉求办理进度通知 template (see notifications.py). Someone reached only through the
mini-program has no official-account openid; they read the same news in the mini-program."""

from models.types import utcnow
from server.operations.notifications import notify
from server.timezone import local


def tell_person(request, text):
    return notify(
        request.openid,
        "request_update",
        text,
        template_key="request_update",
        template_values={
            "character_string1": request.number,
            "thing2": request.category.name,
            "phrase3": request.state_name,
            "time4": local(utcnow()).strftime("%Y年%m月%d日 %H:%M"),
        },
        subject=request,
    )
