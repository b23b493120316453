"""诉求 in a real browser: a clerk finds a request in the queue, answers it with a canned answer and
sees the reply on the timeline."""

from playwright.sync_api import expect

from models import CannedAnswer
from server.operations.core.audit import Actor
from server.operations.service_requests.replies import add_note
from tests.support.network import PASSWORD
from tests.support.requests import file


def test_a_clerk_opens_a_request_from_the_queue_and_replies(page, live_app, network, db):
    request = file(network, openid="oBrowser", content="村里的道路坏了，出行不便")
    db.session.add(
        CannedAnswer(
            station_id=network.station("A1").id, title="已收到", body="{姓名}您好，诉求{编号}已收到。"
        )
    )
    db.session.commit()
    page.goto(f"{live_app}/console/login")
    page.fill("#username", "clerk_a1a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=诉求")
    expect(page.locator("table.requests")).to_contain_text(request.number)
    page.click(f"text={request.title}")
    expect(page.locator("h1")).to_contain_text(request.title)
    page.select_option("#canned", label="已收到")
    expect(page.locator("#reply-body")).to_have_value(f"张三您好，诉求{request.number}已收到。")
    page.fill("#reply-body", page.input_value("#reply-body") + "我们明天派人查看。")
    page.click("text=发送答复")
    expect(page.locator(".flash.ok")).to_contain_text("已答复")
    reply = page.locator(".event.kind-reply")
    expect(reply).to_contain_text("我们明天派人查看。")
    expect(reply).to_contain_text("本人可见")
    expect(reply.locator(".delivery")).to_have_text("待发送")


def test_the_reply_box_and_the_state_buttons_are_in_sight_when_the_page_opens(page, live_app, network, db):
    content = "老伴住院手术，医药费负担重。\n" * 3 + "希望申请临时救助。"
    request = file(network, openid="oFold", content=content)
    for n in range(8):
        add_note(request, f"第{n + 1}次电话联系本人，了解家庭情况。", Actor.system("测试"))
    db.session.commit()
    page.goto(f"{live_app}/console/login")
    page.fill("#username", "clerk_a1a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_app}/console/requests/{request.id}")
    for target in (page.locator("#reply-body"), page.locator("button", has_text="开始办理")):
        box = target.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, box  # above the fold at 1366×768
