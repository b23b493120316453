"""签到 in a real browser: a clerk opens 预约 from the menu, goes to 签到, types the person's 6-digit
code and sees them checked in on the day's list."""

from playwright.sync_api import expect

from server.operations.appointments.checkin_codes import short_code_for
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
