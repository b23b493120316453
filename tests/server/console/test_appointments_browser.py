"""签到 in a real browser: a clerk opens 预约 from the menu, goes to 签到, types the person's 6-digit
code and sees them checked in on the day's list; or shows the QR code to the camera."""

import io

from PIL import Image
from playwright.sync_api import expect

from server.operations.appointments.checkin_codes import qr_png, short_code_for, token_for
from tests.support.browser import CHROMIUM_FLAGS, chromium_path
from tests.support.desk import move_to_today, staff_booking
from tests.support.network import PASSWORD


def test_a_clerk_checks_a_person_in_by_typing_the_short_code(page, live_app, network, appointments, db):
    booking = move_to_today(staff_booking(appointments, name="王大山"))
    code = short_code_for("B", booking.id, booking.day)
    page.goto(f"{live_app}/console/login")
    page.fill("#username", "clerk_a1a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=预约")
    expect(page.locator("table.bookings")).to_contain_text("王大山")
    page.click("text=签到")
    expect(page.locator("#camera")).to_contain_text("localhost")
    page.fill("#code", code)
    page.click("#check-in button[type=submit]")
    expect(page.locator(".flash.ok")).to_contain_text("王大山：“政策咨询”已签到")
    page.click("text=返回预约")
    row = page.locator("table.bookings tr", has_text="王大山")
    expect(row).to_contain_text("已签到")
    expect(row.locator("button", has_text="已完成")).to_be_visible()


def test_the_camera_reads_the_qr_code_with_the_library_the_app_serves(
    browser, live_app, network, appointments, db, tmp_path
):
    """Chromium's fake camera shows the person's QR code; jsQR (from /static) reads it and the page
    checks them in. 127.0.0.1 is a secure context, as localhost is."""
    booking = move_to_today(staff_booking(appointments, name="王大山"))
    video = tmp_path / "qr.y4m"
    video.write_bytes(y4m_of(qr_png(token_for("B", booking.id, booking.day))))
    camera = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        context.grant_permissions(["camera"], origin=live_app)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_app}/console/login")
        page.fill("#username", "clerk_a1a")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_app}/console/appointments/check-in")
        page.click("#camera-start")
        expect(page.locator(".flash.ok")).to_contain_text("王大山：“政策咨询”已签到")
    finally:
        camera.close()


def y4m_of(png, width=640, height=480):
    """A two-frame Y4M video (what Chromium's fake camera plays) of the picture on white."""
    picture = Image.open(io.BytesIO(png)).convert("L")
    picture.thumbnail((height - 40, height - 40))
    frame = Image.new("L", (width, height), 255)
    frame.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2 * 2)
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    return header + 2 * (b"FRAME\n" + frame.tobytes() + chroma)
