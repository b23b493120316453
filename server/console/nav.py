"""The console's navigation: the parts of the system (menu.NAV) this user may open."""

from flask import url_for

from server.console.menu import NAV, shown_to


def nav_for(staff, current_endpoint):
    """[(label, url, active)] for this user."""
    items = []
    for item in NAV:
        if shown_to(staff, item):
            active = (current_endpoint or "").startswith(item.endpoint.rsplit("_", 1)[0])
            items.append((item.label, url_for(item.endpoint), active))
    return items
