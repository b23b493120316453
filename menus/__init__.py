"""The official account's menu: the one source of click keys, WeChat's limits, and its JSON."""

from dataclasses import dataclass, field
from enum import StrEnum


class MenuKey(StrEnum):
    REGISTER = "REGISTER"
    BOOK = "BOOK"
    MY_BOOKINGS = "MY_BOOKINGS"
    FILE_REQUEST = "FILE_REQUEST"
    MY_REQUESTS = "MY_REQUESTS"
    POLICIES = "POLICIES"
    SUBSCRIBE_NOTICES = "SUBSCRIBE_NOTICES"
    CONTACT = "CONTACT"


@dataclass(frozen=True)
class Button:
    name: str
    key: MenuKey | None = None
    url: str | None = None
    children: tuple = field(default_factory=tuple)

    def to_wechat(self):
        if self.children:
            return {"name": self.name, "sub_button": [child.to_wechat() for child in self.children]}
        if self.url:
            return {"type": "view", "name": self.name, "url": self.url}
        return {"type": "click", "name": self.name, "key": str(self.key)}


MENU = (
    Button(
        "我要办事",
        children=(
            Button("登记建档", MenuKey.REGISTER),
            Button("预约办事", MenuKey.BOOK),
            Button("我的预约", MenuKey.MY_BOOKINGS),
        ),
    ),
    Button(
        "我要反映",
        children=(
            Button("提交诉求", MenuKey.FILE_REQUEST),
            Button("我的诉求", MenuKey.MY_REQUESTS),
        ),
    ),
    Button(
        "政策服务",
        children=(
            Button("政策查询", MenuKey.POLICIES),
            Button("订阅推送", MenuKey.SUBSCRIBE_NOTICES),
            Button("联系我们", MenuKey.CONTACT),
        ),
    ),
)


def to_wechat(menu=MENU):
    return {"button": [button.to_wechat() for button in menu]}


def click_keys(menu=MENU):
    """Every click key in the menu, in order."""
    keys = []
    for button in menu:
        for item in button.children or (button,):
            if item.key is not None:
                keys.append(item.key)
    return keys
