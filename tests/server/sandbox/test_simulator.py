"""The chat simulator in a real browser (Playwright driving Debian's Chromium)."""

import re

import requests
from playwright.sync_api import expect

from tests.support.sandbox import small_jpeg


def test_a_user_follows_and_uses_the_menu(page, wechat):
    page.goto(f"{wechat.url}/sandbox/")
    page.fill("#new-nickname", "王建国")
    page.click("text=新建用户")
    expect(page.locator("#who")).to_contain_text("王建国")
    page.click("#follow")
    expect(page.locator("#chat li.in").first).to_contain_text("欢迎关注")
    page.click("#menu >> text=政策服务")
    page.click("#menu >> text=联系我们")
    expect(page.locator("#chat li.in").last).to_contain_text("还没有关联服务站")
    page.fill("#text", "帮助")
    page.press("#text", "Enter")
    expect(page.locator("#chat li.in").last).to_contain_text("办理过程中回复")


def test_a_user_without_a_unionid_is_made_by_ticking_the_box(page, wechat):
    page.goto(f"{wechat.url}/sandbox/")
    page.fill("#new-nickname", "赵卫兵")
    page.check("#new-unbound")
    page.click("text=新建用户")
    expect(page.locator("#users li.selected")).to_contain_text("无 unionid")
    assert [u["bound"] for u in requests.get(f"{wechat.url}/sandbox/api/users", timeout=10).json()] == [False]


def test_messages_the_app_sends_appear_in_the_chat(page, wechat, app_ctx):
    openid = wechat.user(nickname="李卫国")
    wechat.follow(openid)
    page.goto(f"{wechat.url}/sandbox/")
    page.click(f"#users li[data-openid='{openid}']")
    app_ctx.extensions["gateway"].send_text(openid, "工作人员：您的诉求已受理")
    expect(page.locator("#chat li.in").last).to_contain_text("您的诉求已受理")


def _new_follower(page, wechat, nickname):
    page.goto(f"{wechat.url}/sandbox/")
    page.fill("#new-nickname", nickname)
    page.click("text=新建用户")
    expect(page.locator("#who")).to_contain_text(nickname)
    page.click("#follow")
    expect(page.locator("#chat li.in").first).to_contain_text("欢迎关注")


def test_template_and_mass_messages_appear_as_a_phone_shows_them(page, wechat, app_ctx, api):
    openid = wechat.user(nickname="孙卫东")
    wechat.follow(openid)
    wechat.follow(wechat.user(nickname="周卫民"))  # a mass send to a list needs two people
    page.goto(f"{wechat.url}/sandbox/")
    page.click(f"#users li[data-openid='{openid}']")
    values = {"character_string1": "2026-0000042", "thing2": "困难帮扶", "phrase3": "办理中"}
    detail = "pages/requests/detail?number=2026-0000042"
    app_ctx.extensions["gateway"].send_template(openid, "sandbox_request_update", values, page=detail)
    card = page.locator("#chat li[data-kind=template] .card")
    expect(card.locator(".page")).to_have_text(f"进入小程序查看：{detail}")
    expect(card.locator("h3")).to_have_text("诉求办理进度通知")
    expect(card.locator("dt").nth(0)).to_have_text("诉求编号")
    expect(card.locator("dd").nth(0)).to_have_text("2026-0000042")
    expect(card.locator("dd").nth(2)).to_have_text("办理中")
    others = [u["openid"] for u in wechat._call("GET", "/users") if u["openid"] != openid]
    mass = {"touser": [openid, *others], "msgtype": "text", "text": {"content": "优待证申领通知"}}
    assert api.post("/cgi-bin/message/mass/send", mass)["errcode"] == 0
    expect(page.locator("#chat li[data-kind=mass]")).to_have_text("【群发】优待证申领通知")


def test_scanning_a_station_code_shows_the_station_and_binds_the_user(page, wechat, network):
    _new_follower(page, wechat, "钱国强")
    page.fill("#scene", "st:A1a")
    page.click("#scan-send")
    reply = page.locator("#chat li.in").last
    expect(reply).to_contain_text("甲一甲村站")
    expect(reply).to_contain_text("甲一甲村站地址")
    expect(page.locator("#chat li.out").last).to_contain_text("[SCAN st:A1a]")
    page.click("#menu >> text=政策服务")
    page.click("#menu >> text=联系我们")
    expect(page.locator("#chat li.in").last).to_contain_text("甲一甲村站地址")


def test_a_location_and_a_photo_are_sent_and_answered(page, wechat):
    _new_follower(page, wechat, "吴志刚")
    page.once("dialog", lambda dialog: dialog.accept("30.1,120.2,甲一甲村文化礼堂"))
    page.click("#location")
    expect(page.locator("#chat li.out").last).to_contain_text("[位置] 甲一甲村文化礼堂 (30.1, 120.2)")
    expect(page.locator("#chat li.in").last).to_contain_text("甲一甲村文化礼堂")
    page.set_input_files(
        "#image", files=[{"name": "门牌.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}]
    )
    expect(page.locator("#chat li.out").last).to_have_text("[image]")
    expect(page.locator("#chat li.in")).to_have_count(3)  # the welcome, the location's and the photo's


def test_the_mini_program_login_shows_a_token_the_api_accepts(page, wechat, live_app):
    _new_follower(page, wechat, "郑建军")
    page.click("#mp-login")
    result = page.locator("#mp-result")
    expect(result).to_contain_text("状态: 200")
    token = re.search(r'"token": "([^"]+)"', result.inner_text()).group(1)
    profile = f"{live_app}/api/v1/profile"
    assert requests.get(profile, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 404
    assert (
        requests.get(profile, headers={"Authorization": "Bearer not-a-token"}, timeout=10).status_code == 401
    )


def test_a_reply_shows_once_even_when_polls_return_it_again(page, wechat):
    # Two refreshes in flight at once (the poll and the one after sending) both get the items after
    # the same id. Here every poll answers with the whole chat, the worst case of that race.
    def whole_chat(route):
        url = re.sub(r"after=\d+", "after=0", route.request.url)
        route.fulfill(response=route.fetch(url=url))

    page.route(re.compile(r".*/sandbox/api/users/[^/]+/chat\?after=\d+"), whole_chat)
    _new_follower(page, wechat, "冯建军")
    page.fill("#text", "帮助")
    page.press("#text", "Enter")
    expect(page.locator("#chat li.in").last).to_contain_text("办理过程中回复")
    page.wait_for_timeout(3500)  # two more polls
    expect(page.locator("#chat li.in", has_text="办理过程中回复")).to_have_count(1)
    expect(page.locator("#chat li.in", has_text="欢迎关注")).to_have_count(1)
    expect(page.locator("#chat li.out", has_text="帮助")).to_have_count(1)


def test_scanning_as_someone_who_does_not_follow_follows_with_the_scene(page, wechat, network):
    page.goto(f"{wechat.url}/sandbox/")
    page.fill("#new-nickname", "褚志强")
    page.click("text=新建用户")
    expect(page.locator("#who")).to_contain_text("褚志强")
    page.fill("#scene", "st:A1a")
    page.click("#scan-send")
    expect(page.locator("#chat li.out").last).to_contain_text("[subscribe qrscene_st:A1a]")
    expect(page.locator("#chat li.in").last).to_contain_text("甲一甲村站")
    expect(page.locator("#users li.selected small")).to_have_text("已关注")
