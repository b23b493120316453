import pytest
from sqlalchemy import select

from models import AuditEntry, CannedAnswer
from server.operations.core.audit import Actor
from server.operations.service_requests.canned_answers import save_canned_answer
from tests.support.network import csrf_token, login

BODY = "{姓名}您好，您的诉求{编号}已收到，我们将尽快办理。"


def _token(client, url="/console/canned-answers"):
    return csrf_token(client.get(url).get_data(as_text=True))


def _answer(network, db, code, title):
    saved = save_canned_answer(None, {"title": title, "body": BODY}, network.station(code), Actor.system("t"))
    db.session.commit()
    return saved


def test_a_head_adds_an_answer_for_their_station(client, network, db):
    login(client, "head_a1")
    data = {"csrf_token": _token(client, "/console/canned-answers/new"), "title": "已受理", "body": BODY}
    assert client.post("/console/canned-answers/new", data=data).status_code == 302
    saved = db.session.scalars(select(CannedAnswer)).one()
    assert (saved.station_id, saved.title, saved.body) == (network.station("A1").id, "已受理", BODY)
    assert "已受理" in client.get("/console/canned-answers").get_data(as_text=True)
    entry = db.session.scalars(select(AuditEntry).filter_by(action="canned_answer.create")).one()
    assert entry.actor_id == network.staff("head_a1").id and entry.station_id == saved.station_id


def test_a_bad_form_keeps_what_was_typed_and_says_what_is_wrong(client, network, db):
    login(client, "head_a1")
    data = {"csrf_token": _token(client, "/console/canned-answers/new"), "title": "已受理", "body": "太短"}
    response = client.post("/console/canned-answers/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "答复内容请写5-2000字" in body
    assert 'value="已受理"' in body and "太短</textarea>" in body
    assert db.session.scalars(select(CannedAnswer)).first() is None


def test_villages_see_the_answers_of_their_stations_above_and_not_a_siblings(client, network, db):
    for code, title in (("C", "市级答复"), ("A", "区级答复"), ("A1", "街道答复"), ("A2", "兄弟街道答复")):
        _answer(network, db, code, title)
    login(client, "clerk_a1a")
    body = client.get("/console/canned-answers").get_data(as_text=True)
    assert all(title in body for title in ("市级答复", "区级答复", "街道答复"))
    assert "兄弟街道答复" not in body
    assert "修改</a>" not in body  # a clerk reads, and none of these is the village's own


def test_an_answer_from_above_is_read_only_and_its_pages_are_out_of_scope(client, network, db):
    above = _answer(network, db, "A", "区级答复")
    own = _answer(network, db, "A1", "街道答复")
    login(client, "head_a1")
    body = client.get("/console/canned-answers").get_data(as_text=True)
    assert f"/console/canned-answers/{own.id}" in body and f"/console/canned-answers/{above.id}" not in body
    assert client.get(f"/console/canned-answers/{above.id}").status_code == 404
    retire = client.post(f"/console/canned-answers/{above.id}/retire", data={"csrf_token": _token(client)})
    assert retire.status_code == 404 and db.session.get(CannedAnswer, above.id).active


def test_editing_and_retiring_an_answer(client, network, db):
    own = _answer(network, db, "A1", "街道答复")
    login(client, "supervisor_a1")
    url = f"/console/canned-answers/{own.id}"
    assert 'value="街道答复"' in client.get(url).get_data(as_text=True)
    data = {"csrf_token": _token(client, url), "title": "街道答复（新）", "body": BODY + "谢谢。"}
    assert client.post(url, data=data).status_code == 302
    assert db.session.get(CannedAnswer, own.id).title == "街道答复（新）"
    assert client.post(f"{url}/retire", data={"csrf_token": _token(client)}).status_code == 302
    assert not db.session.get(CannedAnswer, own.id).active
    assert "<td>街道答复（新）</td>" not in client.get("/console/canned-answers").get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEntry.action).filter_by(target_type="canned_answer").order_by(AuditEntry.id)
    ).all()
    assert actions == ["canned_answer.create", "canned_answer.update", "canned_answer.retire"]


@pytest.mark.parametrize("role", ["clerk", "broadcaster"])
def test_clerks_read_only_and_broadcasters_not_at_all(client, network, db, role):
    own = _answer(network, db, "A1", "街道答复")
    login(client, f"{role}_a1")
    assert client.get("/console/canned-answers").status_code == (200 if role == "clerk" else 403)
    assert client.get("/console/canned-answers/new").status_code == 403
    assert client.get(f"/console/canned-answers/{own.id}").status_code == 403
