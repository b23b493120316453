"""The OpenAPI document is true: schemathesis calls every operation with generated input and checks
each answer against it (no 5xx, documented status, content type and body).

The schema is loaded from the app (`from_wsgi`) and each operation's strategies are run with
Hypothesis here, one pytest item per operation: schemathesis 4.32's `pytest.from_fixture` needs
`Function._nodeid`, which pytest 9 no longer has.
"""

import io
import re
from datetime import datetime, time, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from models import ServiceRequest, db
from server.api.openapi import DOCUMENT
from server.api.openapi_appointments import (
    EXAMPLE_BOOKING_ID,
    EXAMPLE_SERVICE_ID,
    EXAMPLE_STATION_ID,
    SIGNED_UP_EXAMPLE_EVENT_ID,
    example_days,
    example_start,
)
from server.api.openapi_policies import EXAMPLE_POLICY_ID
from server.api.openapi_requests import EXAMPLE_ATTACHMENT_ID, EXAMPLE_NUMBER, RESOLVED_EXAMPLE_NUMBER
from server.operations.appointments.station_events import create_event
from server.operations.core.audit import Actor
from server.operations.core.calendar import WorkingCalendar
from server.operations.network.stations import update_station
from server.operations.policies.topics import add_topic
from server.operations.service_requests.states import move_request
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.sandbox.api.sns import issue_code
from server.timezone import LOCAL
from tests.server.api.support import form
from tests.support.appointments import setup_appointments
from tests.support.network import build_network
from tests.support.policies import write_article

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = [(path, method) for path, methods in DOCUMENT["paths"].items() for method in methods]
# Per operation: generated valid input, generated invalid input, and the document's own examples.
SETTINGS = {
    GenerationMode.POSITIVE: settings(max_examples=25),
    GenerationMode.NEGATIVE: settings(max_examples=15),
    "examples": settings(max_examples=5),
}
COMMON = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}
PATH_PARAMETER = re.compile(r"<(?:[^<>]*:)?(\w+)>")  # werkzeug's <int(min=1):id> is OpenAPI's {id}
# a valid code comes from the sandbox (login) or the chat (link), never from the document
NO_HAPPY_PATH = {("/auth/login", "post"), ("/profile/link", "post")}


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def registered(app, wechat, fresh_start):
    """A network with one located village, and a complete draft for the generated calls' user, so
    profile answers carry every field; and the requests, appointments and policy the document's
    examples name. Set up in its own app context, left before any call: each request gets its own
    context and session, as behind a real server."""
    with app.app_context():
        network = build_network()
        village = network.station("A1a")
        update_station(village, {"latitude": 30.27, "longitude": 120.15}, Actor.system("test"))
        for name in ("就业创业", "优抚待遇", "医疗保障"):  # the subscription example's topics 1 and 3
            add_topic(name, Actor.system("test"))
        example = write_article(network, published=True, pdf=True, topic_ids=[1])
        assert example.id == EXAMPLE_POLICY_ID
        db.session.commit()
        body = {"consent_version": PRIVACY_VERSION, **form(village.id)}
    headers = {"Authorization": f"Bearer {fresh_start()}"}
    assert app.test_client().put("/api/v1/profile", json=body, headers=headers).status_code == 201
    _file_the_example_requests(app, headers)
    _make_the_example_appointments(app, network, headers)


def _file_the_example_requests(app, headers):
    """The open request (with attachment 1) and the resolved one the examples name; the example
    filing (category 1) finds no open request of its category, so it is filed once, then a 409."""
    client = app.test_client()
    numbers = []
    for category, content in ((2, "希望了解退役军人就业创业扶持政策"), (5, "咨询优待证的办理流程")):
        filed = client.post(
            "/api/v1/requests", json={"category_id": category, "content": content}, headers=headers
        )
        assert filed.status_code == 201, filed.get_json()
        numbers.append(filed.get_json()["number"])
    photo = {"kind": "image", "file": (io.BytesIO(b"GIF89a" + b"\x00" * 32), "photo.gif")}
    url = f"/api/v1/requests/{numbers[0]}/attachments"
    attached = client.post(url, data=photo, headers=headers, content_type="multipart/form-data")
    assert attached.status_code == 201 and attached.get_json()["id"] == EXAMPLE_ATTACHMENT_ID
    with app.app_context():
        open_one, resolved = (
            db.session.execute(select(ServiceRequest).filter_by(number=n)).scalar_one() for n in numbers
        )
        move_request(resolved, "resolve", Actor.system("test"), reason="已答复办理流程")
        # the examples are fixed text; the numbers carry the current year
        open_one.number, resolved.number = EXAMPLE_NUMBER, RESOLVED_EXAMPLE_NUMBER
        db.session.commit()


def _make_the_example_appointments(app, network, headers):
    """Services and schedules at the example station; the caller's booking 1 on the next working
    day (the examples book and move to the two after it); event 1 to sign up to, event 2 signed up."""
    with app.app_context():
        setup_appointments(network)
        first_day = example_days(1, WorkingCalendar.load())[0]
        staff = network.staff("head_a1")
        starts = datetime.combine(first_day + timedelta(days=7), time(9), LOCAL)
        for title in ("退役军人专场招聘会", "免费体检"):
            times = dict(
                starts_at=starts, ends_at=starts + timedelta(hours=3), signup_until=starts - timedelta(days=1)
            )
            create_event(
                network.station("A1"), Actor.of(staff), staff, kind="job_fair", title=title,
                place="街道文化站", capacity=1, **times,
            )  # fmt: skip
        db.session.commit()
    client = app.test_client()
    body = {
        "service_id": EXAMPLE_SERVICE_ID,
        "station_id": EXAMPLE_STATION_ID,
        "start": example_start(first_day),
    }
    booked = client.post("/api/v1/bookings", json=body, headers=headers)
    assert booked.status_code == 201 and booked.get_json()["id"] == EXAMPLE_BOOKING_ID, booked.get_json()
    signed = client.post(f"/api/v1/events/{SIGNED_UP_EXAMPLE_EVENT_ID}/signup", headers=headers)
    assert signed.status_code == 201 and signed.get_json()["signup"]["state"] == "signed_up"


@pytest.fixture
def fresh_start(app, sandbox):
    """Before each generated call: no rate-limit counts, and a new session (logout revokes one),
    logged in through the API with a sandbox code. Returns the token."""
    redis = app.extensions["redis"]

    def start():
        for key in redis.keys("ratelimit:*"):
            redis.delete(key)
        with sandbox.app_context():
            code = issue_code("oSchema")
        response = app.test_client().post("/api/v1/auth/login", json={"code": code})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["token"]

    return start


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_every_operation_answers_as_documented(api_schema, registered, fresh_start, path, method):
    operation = api_schema[path][method.upper()]
    secured = bool(operation.definition.raw["security"])

    statuses = set()

    def call(case):
        token = fresh_start()
        headers = {"Authorization": f"Bearer {token}"} if secured else None
        statuses.add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    for kind, strategy in _strategies(operation).items():
        _run(strategy, settings(SETTINGS[kind], **COMMON), call)
    if (path, method) not in NO_HAPPY_PATH:
        assert any(200 <= status < 300 for status in statuses), statuses  # the happy path ran too


def _run(strategy, config, call):
    @config
    @given(case=strategy)
    def generated(case):
        call(case)

    generated()


def _strategies(operation):
    raw = operation.definition.raw
    strategies = {GenerationMode.POSITIVE: operation.as_strategy(GenerationMode.POSITIVE)}
    if raw.get("parameters") or raw.get("requestBody"):  # else there is nothing to make invalid
        strategies[GenerationMode.NEGATIVE] = operation.as_strategy(GenerationMode.NEGATIVE)
    examples = list(operation.get_strategies_from_examples())
    if examples:
        strategies["examples"] = st.one_of(examples)
    return strategies


def test_every_route_of_the_blueprint_is_documented(app):
    routes = {
        (PATH_PARAMETER.sub(r"{\1}", rule.rule.removeprefix("/api/v1")), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, methods in DOCUMENT["paths"].items() for method in methods}
    assert routes == documented


def test_the_document_is_served_with_the_bearer_scheme(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.0")
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert document["paths"]["/profile"]["get"]["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/categories"]["get"]["security"] == []


def test_the_generated_schemas_speak_openapi_3_0():
    """The shapes' JSON Schema (2020-12) is turned into OpenAPI 3.0: no anyOf with null, no
    `examples` lists, no titles pydantic makes up, every reference to a listed schema."""
    schemas = DOCUMENT["components"]["schemas"]
    seen = []

    def walk(schema):
        if isinstance(schema, list):
            return [walk(item) for item in schema]
        if not isinstance(schema, dict):
            return None
        seen.extend(key for key in schema if key in {"anyOf", "examples", "title", "$defs", "const"})
        if schema.get("$ref", "").startswith("#/components/schemas/"):
            assert schema["$ref"].rsplit("/", 1)[-1] in schemas, schema
        for key, value in schema.items():
            if key == "properties":
                [walk(prop) for prop in value.values()]
            elif key not in {"example", "enum", "default"}:
                walk(value)

    walk(DOCUMENT["paths"])
    walk(list(schemas.values()))
    assert seen == []
    assert schemas["Profile"]["properties"]["sex"] == {
        "type": "string",
        "enum": ["M", "F", None],
        "nullable": True,
        "description": "由身份证号得出：M 男，F 女",
    }
