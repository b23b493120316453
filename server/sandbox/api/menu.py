from server.sandbox.api import body, bp, ok, state, wx_error


@bp.post("/cgi-bin/menu/create")
def create_menu():
    data = body()
    buttons = (data or {}).get("button")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        return wx_error(40017, "invalid button size")
    if any(len(b.get("sub_button") or []) > 5 for b in buttons):
        return wx_error(40023, "invalid sub button size")
    state().menu = data
    return ok()


@bp.get("/cgi-bin/menu/get")
def get_menu():
    if not state().menu:
        return wx_error(46003)
    return ok(menu=state().menu)


@bp.get("/cgi-bin/menu/delete")
def delete_menu():
    state().menu = {}
    return ok()
