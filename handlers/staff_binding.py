"""Staff binding codes (scene `staff:<token>`): a staff member scans the code shown in the console."""

from handlers import texts
from handlers.router import router
from server.operations.network.staff_binding import SCENE_PREFIX, BindingRefused, bind_staff_wechat


@router.scene(SCENE_PREFIX)
def scanned_staff_binding(token, msg, ctx):
    try:
        staff = bind_staff_wechat(token, ctx.openid)
    except BindingRefused as refused:
        return texts.STAFF_BIND_REFUSED[refused.details["reason"]]
    return texts.STAFF_BOUND.format(name=staff.name)
