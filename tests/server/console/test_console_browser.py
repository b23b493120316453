"""The console in a real browser (Playwright driving Debian's Chromium)."""

from playwright.sync_api import expect

from tests.support.network import PASSWORD


def test_a_clerk_logs_in_sees_home_and_is_refused_outside_their_scope(page, live_app, network):
    page.goto(f"{live_app}/console/")
    expect(page).to_have_url(f"{live_app}/console/login?next=%2Fconsole%2F")
    page.fill("#username", "clerk_a1")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("首页")
    expect(page.locator(".counts")).to_contain_text("服务站点")
    page.click("nav >> text=站点")
    expect(page.locator("table")).to_contain_text("甲一甲村站")
    expect(page.locator("table")).not_to_contain_text("乙一街道站")
    page.goto(f"{live_app}/console/stations/{network.station('B1').id}")
    expect(page.locator("h1")).to_contain_text("找不到页面")
    expect(page.locator("body")).not_to_contain_text("乙一街道站")
