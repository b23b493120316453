"""Menu items whose features are not built yet answer honestly that they are coming."""

from handlers import texts
from handlers.router import router
from menus import MENU, MenuKey

NAMES = {item.key: item.name for top in MENU for item in top.children or (top,) if item.key}


def _coming_soon(key):
    def handler(msg, ctx):
        return texts.COMING_SOON.format(name=NAMES[key])

    handler.__name__ = f"coming_soon_{key.lower()}"
    return handler


def register_placeholders():
    for key in MenuKey:
        if str(key) not in router.clicks:
            router.click(key)(_coming_soon(key))
