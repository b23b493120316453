import pytest
from sqlalchemy import select

from models import OriginalText, RequestEvent
from server.operations.core.audit import Actor
from server.operations.core.free_text import mask_numbers, originals_of
from server.operations.service_requests.rating import rate_request
from server.operations.service_requests.replies import merge_requests
from server.operations.service_requests.states import move_request
from tests.support.requests import file
from tests.support.veterans import id_number

ID = id_number(birth="19790512", serial=33)
ID_X = next(n for n in (id_number(serial=s) for s in range(1, 200)) if n.endswith("X"))
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (f"身份证{ID}。", f"身份证{ID[:6]}********{ID[-4:]}。"),
        (f"身份证号{ID_X.lower()}", f"身份证号{ID_X[:6]}********{ID_X[-4:]}"),
        (f"身份证：{ID_X.translate(WIDE)}，", f"身份证：{ID_X[:6]}********{ID_X[-4:]}，"),
        ("电话13912345678", "电话139****5678"),
        ("电话：139-1234-5678，或139 1234 5678", "电话：139****5678，或139****5678"),
        ("微信同号+8613912345678", "微信同号+86139****5678"),
        ("手机１３９１２３４５６７８！", "手机139****5678！"),
    ],
)
def test_id_numbers_and_mobiles_are_masked_and_the_rest_kept_as_typed(typed, stored):
    assert mask_numbers(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        ID[:-1] + ("1" if ID[-1] != "1" else "2"),  # a wrong check digit: not an ID number
        "订单号" + ID + "7",  # part of a longer run
        "卡号6213912345678901",
        "座机0571-87654321，编号2026-0001234，2026年12月4日，12912345678",
    ],
)
def test_other_numbers_are_left_alone(typed):
    assert mask_numbers(typed) == typed


def test_a_title_cut_from_the_content_never_keeps_part_of_a_number(network, db):
    request = file(network, content=f"我想咨询一下优抚待遇的问题，我的身份证号码是{ID}")
    # Longer than 30 characters: cut (after 29, no phrase end late enough) and ended with "…"
    assert request.title == f"我想咨询一下优抚待遇的问题，我的身份证号码是{ID[:6]}********"[:29] + "…"
    assert ID[:8] not in request.title
    as_typed = f"我想咨询一下优抚待遇的问题，我的身份证号码是{ID}"
    assert originals_of([request])(request, "title") == as_typed[:29] + "…"


def test_a_rating_given_again_keeps_only_its_own_words(network, db):
    staff = Actor.system("测试人员")
    request = file(network)
    move_request(request, "resolve", staff, reason="已办结")
    rate_request(request, "unsatisfied", "没解决，请打13912345678", Actor.person("张三"))
    assert request.rating_comment == "没解决，请打139****5678" and request.state == "processing"
    move_request(request, "resolve", staff, reason="再次办结")
    rate_request(request, "satisfied", "好的", Actor.person("张三"))
    assert originals_of([request])(request, "rating_comment") == "好的"
    kept = db.session.scalars(select(OriginalText.field).filter_by(owner_type="service_request")).all()
    assert kept == []


def test_a_merge_carries_the_words_as_typed_and_stores_them_masked(network, db):
    source = file(network, name="困难帮扶", content="房屋漏雨，电话13912345678")
    target = file(network, name="困难帮扶", content="房屋漏雨需要维修", allow_duplicate=True)
    event = merge_requests(source, target, Actor.system("测试人员"))
    merged = db.session.scalars(select(RequestEvent).filter_by(request_id=target.id, kind="merge")).one()
    assert merged.body.endswith("电话139****5678")
    assert originals_of([merged])(merged, "body").endswith("电话13912345678")
    assert event is target
