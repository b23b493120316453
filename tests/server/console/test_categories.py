from sqlalchemy import select

from models import VeteranCategory
from tests.support.network import csrf_token, login


def test_admins_add_and_retire_categories(client, network, db, reference_tables):
    login(client, "admin_c")
    url = "/console/categories"
    token = csrf_token(client.get(url).get_data(as_text=True))
    assert (
        client.post(url, data={"csrf_token": token, "name": "参战退役人员", "served": "y"}).status_code == 302
    )
    category = db.session.scalars(select(VeteranCategory).filter_by(name="参战退役人员")).one()
    assert category.active and category.served
    duplicate = client.post(url, data={"csrf_token": token, "name": "参战退役人员"})
    assert "已有类别" in duplicate.get_data(as_text=True)
    client.post(f"{url}/{category.id}/disable", data={"csrf_token": token})
    assert not db.session.get(VeteranCategory, category.id).active


def test_others_may_not(client, network):
    login(client, "head_a1")
    assert client.get("/console/categories").status_code == 403
