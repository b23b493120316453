"""The console's navigation: every part of the system (menu.NAV), greyed out until it is built."""

from flask import url_for
from werkzeug.routing import BuildError

from server.console.menu import NAV, shown_to


def nav_for(staff, current_endpoint):
    """[(label, url or None, active)] for this user."""
    items = []
    for item in NAV:
        if not shown_to(staff, item):
            continue
        try:
            url = url_for(item.endpoint) if item.endpoint else None
        except BuildError:
            url = None
        active = bool(item.endpoint) and (current_endpoint or "").startswith(item.endpoint.rsplit("_", 1)[0])
        items.append((item.label, url, active))
    return items
