"""Every console route × every role: a role opens what its work needs and gets 403 for the rest.

The routes come from the app's URL map, so a route added without an entry in ACCESS fails the test.
Everyone signs in at the top of the network (so no scope rule or level rule is in the way) and the
objects named in the URLs are below it. A role that may use a route is let in (GET: not 403; a 404
is a page with nothing to show yet, such as a poster before its QR code); a role that may not gets
403 for every method, with a valid CSRF token, so the check comes before anything is read or
changed. (What the allowed POSTs do is for each part's own tests.)
"""

import re

import pytest

from models.staff import ROLES
from tests.support.console_routes import console_rules, objects_at, urls_of
from tests.support.network import csrf_token, login, username_for

EVERYONE = frozenset(ROLES)
HANDLERS = frozenset({"clerk", "head", "supervisor", "admin"})  # requests, and people's records
MANAGERS = frozenset({"head", "supervisor", "admin"})
ADMINS = frozenset({"admin"})
WRITERS = frozenset({"broadcaster", "head", "supervisor", "admin"})  # 政策库
SKIPPED = {"console.static", "console.logout"}  # no page; signing out would end the walk

# endpoint -> the roles that may use it, or {method: roles} where GET and POST differ
ACCESS = {
    "console.login": EVERYONE,
    "console.password": EVERYONE,
    "console.home": EVERYONE,
    "console.account": EVERYONE,
    "console.bind_wechat": EVERYONE,
    "console.unbind_wechat": EVERYONE,
    "console.notices": EVERYONE,
    "console.mark_away": MANAGERS,  # for someone else; anyone for themself
    "console.stations": EVERYONE,
    "console.station": {"GET": EVERYONE, "POST": MANAGERS},
    "console.station_poster": EVERYONE,  # posters are publicity: the broadcaster's too
    "console.station_posters_zip": EVERYONE,
    "console.new_station": MANAGERS,
    "console.add_station_closure": MANAGERS,
    "console.delete_station_closure": MANAGERS,
    "console.make_station_qrcodes": MANAGERS,
    "console.import_stations_page": ADMINS,
    "console.staff_list": ADMINS,
    "console.staff_new": ADMINS,
    "console.staff_edit": ADMINS,
    "console.staff_set_active": ADMINS,
    "console.staff_reset": ADMINS,
    "console.audit": ADMINS,
    "console.calendar": ADMINS,
    "console.categories": ADMINS,
    "console.toggle_category": ADMINS,
    "console.request_categories": ADMINS,
    "console.registrations": HANDLERS,
    "console.registration": HANDLERS,
    "console.new_registration": HANDLERS,
    "console.approve_registrations": HANDLERS,
    "console.review_registration": HANDLERS,
    "console.unmask_registration": HANDLERS,
    "console.confirm_veteran_deletion": MANAGERS,
    "console.veterans": HANDLERS,
    "console.export_veterans": HANDLERS,
    "console.ledger_import": MANAGERS,
    "console.ledger_mapping": MANAGERS,
    "console.request_queue": HANDLERS,
    "console.new_request": HANDLERS,
    "console.export_requests": HANDLERS,
    "console.request_page": HANDLERS,
    "console.request_print": HANDLERS,
    "console.request_attachment": HANDLERS,
    "console.unmask_request": HANDLERS,
    "console.request_reply": HANDLERS,
    "console.request_resend": HANDLERS,
    "console.request_note": HANDLERS,
    "console.request_caller_mobile": HANDLERS,
    "console.request_move": HANDLERS,
    "console.request_extend": HANDLERS,
    "console.request_priority": HANDLERS,
    "console.request_assign": HANDLERS,
    "console.request_pass_up": HANDLERS,
    "console.request_pass_down": HANDLERS,
    "console.request_merge": HANDLERS,
    "console.request_link": HANDLERS,
    "console.request_followup": HANDLERS,
    "console.canned_answers": HANDLERS,
    "console.new_canned_answer": MANAGERS,
    "console.edit_canned_answer": MANAGERS,
    "console.retire_canned_answer_page": MANAGERS,
    "console.dashboard": HANDLERS,
    "console.appointments_day": HANDLERS,
    "console.appointments_week": HANDLERS,
    "console.appointments_print": HANDLERS,
    "console.appointments_export": HANDLERS,
    "console.appointment_new": HANDLERS,
    "console.appointment_check_in": HANDLERS,
    "console.appointment_check_in_post": HANDLERS,
    "console.appointment_done": HANDLERS,
    "console.appointment_no_show": HANDLERS,
    "console.appointment_cancel": HANDLERS,
    "console.appointment_close_slot": HANDLERS,
    "console.appointment_close_day": MANAGERS,  # a closure of the station, as on its page
    "console.export_dashboard": HANDLERS,
    "console.services": ADMINS,
    "console.new_service": ADMINS,
    "console.edit_service": ADMINS,
    "console.schedules_home": MANAGERS,
    "console.schedules": MANAGERS,
    "console.save_station_schedule": MANAGERS,
    "console.events": HANDLERS,  # not the broadcaster: sign-up lists are people's records
    "console.new_event": HANDLERS,
    "console.event_page": HANDLERS,
    "console.cancel_event_page": HANDLERS,
    "console.cancel_event_signup": HANDLERS,
    "console.policies": WRITERS,
    "console.new_policy": WRITERS,
    "console.edit_policy": WRITERS,
    "console.preview_policy": WRITERS,
    "console.set_policy_state": WRITERS,
    "console.upload_policy_attachment": WRITERS,
    "console.policy_attachment": WRITERS,
    "console.remove_policy_attachment": WRITERS,
    "console.policy_topics": ADMINS,
    "console.toggle_policy_topic": ADMINS,
    "console.pushes": WRITERS,
    "console.new_push": WRITERS,
    "console.push_page": WRITERS,
    "console.change_push": WRITERS,
    "console.push_approval": frozenset({"supervisor", "admin"}),  # when PUSH_APPROVAL_REQUIRED is on
    "console.policy_topic_defaults": ADMINS,
}
TOP = "C"


def allowed(endpoint, method):
    entry = ACCESS[endpoint]
    return entry[method] if isinstance(entry, dict) else entry


@pytest.fixture
def below(network, db):
    objects = objects_at(network, "A2", 1)
    db.session.commit()
    return objects


def test_every_console_route_has_an_entry(app):
    endpoints = {rule.endpoint for rule in console_rules(app, with_arguments=False)} - SKIPPED
    assert endpoints - set(ACCESS) == set(), "add the new routes to ACCESS"
    assert set(ACCESS) - endpoints == set(), "ACCESS names routes that are gone"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_what_its_work_needs_and_nothing_else(app, client, network, below, role):
    assert login(client, username_for(role, TOP)).status_code == 302
    token = csrf_token(client.get("/console/").get_data(as_text=True))
    wrong = []
    for rule in console_rules(app, with_arguments=False):
        if rule.endpoint in SKIPPED or rule.endpoint not in ACCESS:
            continue
        for url in urls_of(app, rule, below):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                may = role in allowed(rule.endpoint, method)
                if may and method != "GET":
                    continue
                status = client.open(url, method=method, data={"csrf_token": token}).status_code
                if (status == 403 or status >= 500) if may else status != 403:
                    wrong.append(f"{method} {url}: {status} ({'allowed' if may else 'not allowed'})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_links_only_what_the_role_can_open(client, network, role):
    login(client, username_for(role, TOP))
    page = client.get("/console/").get_data(as_text=True)
    nav = page[page.index("<nav") : page.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links
    for url in links:
        assert client.get(url).status_code == 200, f"{role}: {url}"


def test_a_broadcaster_sees_nothing_personal_and_is_told_why(client, network, below):
    login(client, username_for("broadcaster", TOP))
    home = client.get("/console/").get_data(as_text=True)
    assert "个人信息不向宣传员开放" in home and "/console/pushes" in home
    for label in ("已建档人员", "待审核登记", "未办结诉求"):
        assert label not in home
    nav = home[home.index("<nav") : home.index("</nav>")]
    assert "登记审核" not in nav and "诉求" not in nav
    assert client.get("/console/veterans/export.xlsx").status_code == 403
