import pytest
from wechatpy import parse_message

from handlers import dispatch
from handlers.context import Context
from handlers.router import DuplicateHandler, Router, router
from handlers.state import DialogState
from menus import MenuKey, click_keys
from server.sandbox.push import Push, message_xml

PUSH = Push("demotoken", "wxdemo0000000000", "DemoAesKeyDemoAesKeyDemoAesKeyDemoAesKeyDem")


def msg(fields):
    return parse_message(message_xml(fields))


def test_registering_a_key_twice_fails_at_import_time():
    local = Router()
    local.click(MenuKey.BOOK)(lambda m, c: "a")
    with pytest.raises(DuplicateHandler):
        local.click(MenuKey.BOOK)(lambda m, c: "b")
    local.text(keywords=["你好"])(lambda m, c: "a")
    with pytest.raises(DuplicateHandler):
        local.text(keywords=["你好 "])(lambda m, c: "b")


def test_every_menu_click_key_has_exactly_one_handler():
    assert sorted(router.clicks) == sorted(str(k) for k in click_keys())
    assert len(click_keys()) == len(set(click_keys())) == len(MenuKey)


@pytest.fixture
def ctx(redis, keyring):
    return Context("oRouter", DialogState(redis, keyring, "oRouter", ttl=600).load(), gateway=None)


@pytest.fixture
def step_router():
    local = Router()
    local.step("demo:name")(lambda m, c: "step")
    local.text(keywords=["帮助"])(lambda m, c: "keyword")
    local.text(keywords=["取消"])(lambda m, c: "cancel")
    local.click(MenuKey.BOOK)(lambda m, c: "click")
    local.event("location")(lambda m, c: None)
    for kind in ("message", "event", "click", "step"):
        local.fallback(kind)(lambda m, c, kind=kind: kind)
    return local


def test_a_dialog_step_comes_before_keywords(step_router, ctx):
    ctx.dialog.goto("demo:name")
    route = step_router.resolve(msg(PUSH.text("oRouter", "帮助")), ctx.dialog)
    assert route.handler(None, None) == "step"


def test_cancel_words_leave_a_dialog_before_its_step(step_router, ctx):
    ctx.dialog.goto("demo:name")
    route = step_router.resolve(msg(PUSH.text("oRouter", "取消")), ctx.dialog)
    assert route.handler(None, None) == "cancel"


def test_a_click_ends_the_dialog_and_wins(step_router, ctx):
    ctx.dialog.goto("demo:name")
    route = step_router.resolve(msg(PUSH.event("oRouter", "CLICK", key="BOOK")), ctx.dialog)
    assert route.handler(None, None) == "click"
    assert not ctx.dialog.active


def test_a_passive_event_leaves_the_dialog_alone(step_router, ctx):
    ctx.dialog.goto("demo:name")
    step_router.resolve(
        msg(PUSH.event("oRouter", "LOCATION", Latitude="30.1", Longitude="120.2")), ctx.dialog
    )
    assert ctx.dialog.active


def test_unknown_things_reach_the_matching_fallback(step_router, ctx):
    def kind_of(fields):
        return step_router.resolve(msg(fields), ctx.dialog).handler(None, None)

    assert kind_of(PUSH.text("oRouter", "随便说说")) == "message"
    assert kind_of(PUSH.event("oRouter", "CLICK", key="NO_SUCH_KEY")) == "click"
    assert kind_of(PUSH.event("oRouter", "some_new_event")) == "event"
    ctx.dialog.goto("gone:step")
    assert kind_of(PUSH.text("oRouter", "hi")) == "step"


def test_voice_with_recognition_is_read_as_text(ctx):
    voice = PUSH.fields("oRouter", "voice", MediaId="m1", Format="amr", Recognition="帮助")
    assert "登记建档" in dispatch(msg(voice), ctx).reply


def test_the_user_is_told_when_a_dialog_expired(redis, keyring, ctx):
    ctx.dialog.goto("register:name")
    ctx.dialog.save()
    redis.delete(ctx.dialog.key)  # what the TTL does after 30 minutes
    later = Context("oRouter", DialogState(redis, keyring, "oRouter", ttl=600).load(), gateway=None)
    reply = dispatch(msg(PUSH.text("oRouter", "帮助")), later).reply
    assert "超过30分钟" in reply and "登记建档" in reply
    later.dialog.save()
    again = Context("oRouter", DialogState(redis, keyring, "oRouter", ttl=600).load(), gateway=None)
    assert "超过30分钟" not in dispatch(msg(PUSH.text("oRouter", "帮助")), again).reply
