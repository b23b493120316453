"""Who a booking or a sign-up is for, whichever channel made it, as one stable key."""

from dataclasses import dataclass

from flask import current_app

from models import Veteran


@dataclass(frozen=True)
class Person:
    key: str  # "v:<veteran id>", "oa:<openid>", "mp:<mini-program openid>" or "tel:<mobile hash>"
    veteran: Veteran | None = None
    openid: str | None = None  # the official account's: notices by customer-service or template
    miniapp_openid: str | None = None  # the mini-program's: notices by subscribe message
    name: str | None = None
    mobile: str | None = None

    @property
    def online(self):
        return not self.key.startswith("tel:")


def on_chat(openid, veteran=None):
    """The person writing to the official account, registered or not."""
    if veteran is not None:
        return _registered(veteran, openid=openid)
    return Person(f"oa:{openid}", openid=openid)


def on_miniapp(miniapp_openid, veteran=None):
    if veteran is not None:
        return _registered(veteran, miniapp_openid=miniapp_openid)
    return Person(f"mp:{miniapp_openid}", miniapp_openid=miniapp_openid)


def by_phone(name, mobile, veteran=None):
    """Someone staff book for, who phoned or walked in: their record if they have one."""
    if veteran is not None:
        return _registered(veteran, name=name or veteran.name, mobile=mobile or veteran.mobile)
    keyring = current_app.extensions["keyring"]
    return Person(f"tel:{keyring.lookup_hash(mobile)}", name=name, mobile=mobile)


def _registered(veteran, **given):
    values = {
        "openid": veteran.openid,
        "miniapp_openid": veteran.miniapp_openid,
        "name": veteran.name,
        "mobile": veteran.mobile,
    }
    values.update({k: v for k, v in given.items() if v})
    return Person(f"v:{veteran.id}", veteran=veteran, **values)


def keys_of(person):
    """Every key the person's earlier bookings may carry: a registered person may have booked on
    chat or the mini-program before registering."""
    keys = [person.key]
    if person.openid:
        keys.append(f"oa:{person.openid}")
    if person.miniapp_openid:
        keys.append(f"mp:{person.miniapp_openid}")
    return sorted(set(keys))
