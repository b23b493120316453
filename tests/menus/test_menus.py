from menus import MENU, Button, MenuKey, to_wechat
from menus.validate import menu_problems


def test_the_menu_meets_wechats_limits():
    assert menu_problems(MENU) == []


def test_the_menu_has_the_agreed_buttons():
    names = [(b["name"], [s["name"] for s in b["sub_button"]]) for b in to_wechat()["button"]]
    assert names == [
        ("我要办事", ["登记建档", "预约办事", "我的预约"]),
        ("我要反映", ["提交诉求", "我的诉求"]),
        ("政策服务", ["政策查询", "订阅推送", "联系我们"]),
    ]


def test_the_validator_names_each_problem():
    bad = tuple(Button(f"第{i}个按钮", MenuKey.BOOK) for i in range(4)) + (
        Button("一二三四五六", children=tuple(Button(f"子{i}", MenuKey.CONTACT) for i in range(6))),
    )
    text = "\n".join(menu_problems(bad))
    assert "5 top buttons" in text
    assert "over 16 bytes" in text
    assert "has 6 items" in text
    assert "repeats key" in text
    text = "\n".join(
        menu_problems(
            (
                Button(
                    "办事",
                    children=(
                        Button("一个非常非常长的菜单名字", MenuKey.BOOK),
                        Button("链接", url="ftp://x"),
                        Button("空"),
                    ),
                ),
            )
        )
    )
    assert "would be cut" in text and "URL must be http(s)" in text and "exactly one of" in text


def test_menu_show_prints_the_json(app):
    result = app.test_cli_runner().invoke(args=["menu", "show"])
    assert result.exit_code == 0 and "我要办事" in result.output


def test_menu_publish_reaches_wechat(app, wechat):
    result = app.test_cli_runner().invoke(args=["menu", "publish"])
    assert result.exit_code == 0, result.output
    published = wechat.outbox(path="/cgi-bin/menu/create")
    assert [e["result"] for e in published] == [0]
    assert published[0]["body"] == to_wechat()


def test_menu_publish_reports_wechats_refusal(app, wechat):
    wechat.faults(errcodes={"/cgi-bin/menu/create": 40017})
    result = app.test_cli_runner().invoke(args=["menu", "publish"])
    assert result.exit_code != 0 and "WeChat refused the menu" in result.output
