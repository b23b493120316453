"""WeChat's limits on a custom menu, checked before publishing, with a message per problem."""

TOP_MAX, SUB_MAX = 3, 5
TOP_NAME_BYTES = 16
SUB_NAME_SHOWN = 21  # bytes: about seven Chinese characters fit on a phone below the bar
KEY_BYTES, URL_BYTES = 128, 1024


def _size(text):
    return len(text.encode())


def menu_problems(menu):
    """A list of human-readable problems; empty when WeChat will accept the menu."""
    problems = []
    if not 1 <= len(menu) <= TOP_MAX:
        problems.append(f"the menu has {len(menu)} top buttons; WeChat allows 1 to {TOP_MAX}")
    keys = set()
    for top in menu:
        if _size(top.name) > TOP_NAME_BYTES:
            problems.append(
                f"top button {top.name!r} is over {TOP_NAME_BYTES} bytes (about 4-5 Chinese characters)"
            )
        if top.children and not 1 <= len(top.children) <= SUB_MAX:
            problems.append(f"{top.name!r} has {len(top.children)} items; WeChat allows 1 to {SUB_MAX}")
        for item in top.children or (top,):
            problems += _item_problems(item, top, keys)
    return problems


def _item_problems(item, top, keys):
    problems = []
    where = f"{top.name} > {item.name}" if item is not top else item.name
    if item is not top and _size(item.name) > SUB_NAME_SHOWN:
        problems.append(f"{where!r} is over {SUB_NAME_SHOWN} bytes and would be cut on a phone")
    if (item.key is None) == (item.url is None):
        problems.append(f"{where!r} needs exactly one of a click key or a URL")
    if item.key is not None:
        if _size(str(item.key)) > KEY_BYTES:
            problems.append(f"{where!r} key is over {KEY_BYTES} bytes")
        if item.key in keys:
            problems.append(f"{where!r} repeats key {item.key}")
        keys.add(item.key)
    if item.url is not None and (
        _size(item.url) > URL_BYTES or not item.url.startswith(("http://", "https://"))
    ):
        problems.append(f"{where!r} URL must be http(s) and at most {URL_BYTES} bytes")
    return problems
