"""The console's menu and the home page's lists are declared once (console/menu.py): they are the same,
in the same order, whatever order the console's modules happen to load in."""

import json
import os
import subprocess
import sys

import pytest

SCRIPT = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from server import create_app
create_app()
from server.console.menu import HOME_COUNTS, MY_WORK, NAV
lists = [[i.label for i in NAV], [c.label for c in HOME_COUNTS], [w.title for w in MY_WORK]]
print(json.dumps(lists, ensure_ascii=False))
"""
SHOWN = [
    [
        "首页",
        "登记审核",
        "预约",
        "预约设置",
        "活动",
        "诉求",
        "常用答复",
        "政策库",
        "政策推送",
        "统计",
        "站点",
        "人员",
        "人员类别",
        "服务事项",
        "工作日历",
        "审计日志",
    ],
    ["服务站点", "在岗人员", "关联服务站的关注用户", "已建档人员", "待审核登记", "未办结诉求"],
    [
        "站点缺少电话或办公时间",
        "站点还没有二维码",
        "被锁定的账号",
        "未读提醒",
        "登记待审核",
        "本人申请删除信息，待确认",
        "分派给我的诉求",
        "已逾期诉求",
        "即将到期诉求",
    ],
]


def lists_after_importing(*modules):
    """The three lists, in a fresh interpreter that first imports `modules` in this order."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules], capture_output=True, text=True, env=environment, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "first",
    [
        (),
        (
            "server.console.service_requests.counts",
            "server.console.service_requests.canned_answers",
            "server.console.network.notices",
        ),
        (
            "server.console.service_requests.dashboard",
            "server.console.service_requests.pages",
            "server.console.veterans.registrations",
        ),
    ],
)
def test_the_menu_and_home_lists_do_not_depend_on_import_order(first):
    assert lists_after_importing(*first) == SHOWN
