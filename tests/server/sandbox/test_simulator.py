"""The chat simulator in a real browser (Playwright driving Debian's Chromium)."""

from playwright.sync_api import expect


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


def test_messages_the_app_sends_appear_in_the_chat(page, wechat, app_ctx):
    openid = wechat.user(nickname="李卫国")
    wechat.follow(openid)
    page.goto(f"{wechat.url}/sandbox/")
    page.click(f"#users li[data-openid='{openid}']")
    app_ctx.extensions["gateway"].send_text(openid, "工作人员：您的诉求已受理")
    expect(page.locator("#chat li.in").last).to_contain_text("您的诉求已受理")
