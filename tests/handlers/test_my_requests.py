import io

from PIL import Image
from sqlalchemy import select

from menus import MenuKey
from models import Attachment, RequestCategory, RequestEvent, ServiceRequest
from server.operations.core.audit import Actor
from server.operations.service_requests.filing import Person, file_request
from server.operations.service_requests.replies import add_note, reply_to_request
from server.operations.service_requests.states import move_request
from server.sandbox.api.media import add_media


def file(db, network, openid, name="困难帮扶", content="家里老人生病住院，需要帮扶"):
    category = db.session.scalars(select(RequestCategory).filter_by(name=name)).one()
    request = file_request(
        Person(openid=openid), category, content, "chat", Actor.person(None), station=network.station("A1a")
    )
    db.session.commit()
    return request


def clerk(network):
    return Actor.of(network.staff("clerk_a1a"))


def resolved(db, network, openid, name="困难帮扶"):
    request = file(db, network, openid, name=name)
    move_request(request, "resolve", clerk(network), reason="已为您申请临时救助金")
    db.session.commit()
    return request


def reload(db, request):
    db.session.expire_all()
    return db.session.get(ServiceRequest, request.id)


def test_my_requests_lists_newest_first_and_shows_the_public_timeline_only(wechat, network, db):
    wechat.follow("oMine1")
    older = file(db, network, "oMine1")
    newer = file(db, network, "oMine1", name="就业创业", content="想找一份保安的工作")
    reply_to_request(older, "您好，我们已联系民政办，下周上门了解情况", clerk(network))
    add_note(older, "内部备注：此户已多次申请", clerk(network))
    db.session.commit()
    listing = wechat.click("oMine1", MenuKey.MY_REQUESTS)
    assert listing.index(newer.number) < listing.index(older.number)
    assert (
        f"1. {newer.number}【待处理】就业创业" in listing
        and f"2. {older.number}【处理中】困难帮扶" in listing
    )
    detail = wechat.say("oMine1", "2")
    assert f"诉求{older.number}（困难帮扶）" in detail and "状态：处理中" in detail
    assert "您：提交诉求：家里老人生病住院，需要帮扶" in detail
    assert "甲一甲村站：答复：您好，我们已联系民政办" in detail
    assert "内部备注" not in detail and "clerk@A1a" not in detail and "指派" not in detail
    assert "回复“撤回”" in detail and "回复“评价”" not in detail
    assert f"诉求{newer.number}（就业创业）" in wechat.say("oMine1", newer.number)


def test_no_requests_yet_points_to_the_menu(wechat, network):
    wechat.follow("oMine2")
    assert "您还没有提交过诉求" in wechat.click("oMine2", MenuKey.MY_REQUESTS)


def test_someone_elses_number_is_not_shown(wechat, network, db):
    theirs = file(db, network, "oOther")
    file(db, network, "oMine3")
    wechat.follow("oMine3")
    wechat.click("oMine3", MenuKey.MY_REQUESTS)
    reply = wechat.say("oMine3", theirs.number)
    assert "没有找到这条诉求" in reply and "家里老人" not in reply


def test_a_long_timeline_keeps_the_newest_and_the_options(wechat, network, db):
    request = file(db, network, "oMine4")
    for n in range(40):
        reply_to_request(request, f"第{n}次答复：" + "情况说明" * 20, clerk(network))
    db.session.commit()
    wechat.follow("oMine4")
    wechat.click("oMine4", MenuKey.MY_REQUESTS)
    detail = wechat.say("oMine4", "1")
    assert "较早的" in detail and "第39次答复" in detail and detail.endswith("回复“上一步”返回列表")
    assert len(detail.encode()) <= 2048


def test_supplementing_from_the_detail(wechat, sandbox, network, db, jobs):
    request = file(db, network, "oMine5")
    wechat.follow("oMine5")
    wechat.click("oMine5", MenuKey.MY_REQUESTS)
    wechat.say("oMine5", "1")
    assert f"已补充到诉求{request.number}" in wechat.say("oMine5", "补充：已找到住院证明")
    assert "请发送要补充的内容" in wechat.say("oMine5", "补充")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    with sandbox.app_context():
        media_id = add_media("image", buffer.getvalue())
    assert "已补充" in wechat.send("oMine5", "image", media_id=media_id)["reply"]["Content"]
    jobs.run()
    bodies = db.session.scalars(
        select(RequestEvent.body).filter_by(request_id=request.id, kind="message")
    ).all()
    assert bodies == ["已找到住院证明"]
    assert db.session.scalars(select(Attachment.state).filter_by(request_id=request.id)).all() == ["stored"]
    wechat.say("oMine5", "上一步")
    detail = wechat.say("oMine5", "1")
    assert "您：补充：已找到住院证明" in detail and "您：附件：添加了图片" in detail


def test_withdrawing_asks_to_confirm(wechat, network, db):
    request = file(db, network, "oMine6")
    wechat.follow("oMine6")
    wechat.click("oMine6", MenuKey.MY_REQUESTS)
    wechat.say("oMine6", "1")
    assert "确认撤回" in wechat.say("oMine6", "撤回")
    assert "保持不变" in wechat.say("oMine6", "算了")
    assert reload(db, request).state == "pending"
    wechat.say("oMine6", "撤回")
    assert f"诉求{request.number}已撤回" in wechat.say("oMine6", "确认撤回")
    assert reload(db, request).state == "withdrawn"
    wechat.click("oMine6", MenuKey.MY_REQUESTS)
    detail = wechat.say("oMine6", "1")
    assert "状态：已撤回" in detail and "您：诉求已撤回：本人撤回" in detail and "回复“撤回”" not in detail


def test_the_resolution_message_invites_a_rating(wechat, network, db, jobs):
    wechat.follow("oMine7")
    wechat.say("oMine7", "你好")  # opens the 48-hour window for customer-service messages
    request = resolved(db, network, "oMine7")
    jobs.run()
    [sent] = wechat.outbox(path="/cgi-bin/message/custom/send")
    text = sent["body"]["text"]["content"]
    assert request.number in text and "已办结" in text and "回复“评价”" in text


def test_rating_unsatisfied_reopens_a_resolved_service_request(wechat, network, db):
    wechat.follow("oMine8")
    request = resolved(db, network, "oMine8")
    ask = wechat.say("oMine8", "评价")
    assert request.number in ask and "3. 不满意" in ask
    again = wechat.say("oMine8", "很好")
    assert "请回复列表中的序号或名称" in again and "3. 不满意" in again
    assert "意见或建议" in wechat.say("oMine8", "3")
    assert "已重新交办" in wechat.say("oMine8", "补助金还没有到账")
    request = reload(db, request)
    assert (request.state, request.rating, request.rating_comment) == (
        "processing",
        "unsatisfied",
        "补助金还没有到账",
    )


def test_rating_satisfied_from_the_detail_closes_it(wechat, network, db):
    wechat.follow("oMine9")
    request = resolved(db, network, "oMine9")
    wechat.click("oMine9", MenuKey.MY_REQUESTS)
    assert "回复“评价”" in wechat.say("oMine9", "1")
    wechat.say("oMine9", "评价")
    wechat.say("oMine9", "1")
    assert "感谢您的评价" in wechat.say("oMine9", "无")
    request = reload(db, request)
    assert (request.state, request.rating, request.rating_comment) == ("closed", "satisfied", None)
    assert "没有待评价的诉求" in wechat.say("oMine9", "评价")


def test_an_unsatisfied_petition_asks_for_review(wechat, network, db):
    wechat.follow("oMine10")
    request = file(db, network, "oMine10", name="信访/投诉", content="反映村里征地补偿款没有按时发放")
    staff = Actor.of(network.staff("clerk_a"))
    move_request(request, "accept", staff)
    move_request(request, "conclude", staff, reason="经核查补偿款已于本月发放")
    db.session.commit()
    wechat.say("oMine10", "评价")
    wechat.say("oMine10", "不满意")
    assert "复查" in wechat.say("oMine10", "无")
    request = reload(db, request)
    assert (request.state, request.review_round) == ("reviewing", 1)


def test_rating_is_refused_politely_when_nothing_waits_for_it(wechat, network, db):
    wechat.follow("oMine11")
    assert "没有待评价的诉求" in wechat.say("oMine11", "评价")
    file(db, network, "oMine11")
    wechat.click("oMine11", MenuKey.MY_REQUESTS)
    wechat.say("oMine11", "1")
    assert "办结后才能评价" in wechat.say("oMine11", "评价")


def test_a_rating_is_taken_by_its_words_or_a_full_width_number(wechat, network, db):
    wechat.follow("oMine20")
    first = resolved(db, network, "oMine20")
    second = resolved(db, network, "oMine20", name="就业创业")
    assert second.number in wechat.say("oMine20", "评价")
    assert "意见或建议" in wechat.say("oMine20", "基本满意")
    assert "感谢您的评价" in wechat.say("oMine20", "无")
    assert first.number in wechat.say("oMine20", "评价")
    assert "意见或建议" in wechat.say("oMine20", "１")
    wechat.say("oMine20", "无")
    assert (reload(db, first).rating, reload(db, second).rating) == ("satisfied", "fair")


def test_the_keyword_lists_requests_and_one_is_picked_by_a_chinese_number(wechat, network, db):
    wechat.follow("oMine21")
    older = file(db, network, "oMine21")
    file(db, network, "oMine21", name="就业创业", content="想找一份保安的工作")
    listing = wechat.say("oMine21", "我的诉求")
    assert f"2. {older.number}【待处理】困难帮扶" in listing
    again = wechat.say("oMine21", "不知道")
    assert "请回复列表中的序号或诉求编号" in again and f"2. {older.number}" in again
    assert f"诉求{older.number}（困难帮扶）" in wechat.say("oMine21", "第二条")


def test_notices_say_the_number_the_state_and_what_to_do_never_the_persons_words(wechat, network, db, jobs):
    """Filed in chat, answered, sent back for more, resolved, rated 不满意 with a comment (reopened):
    every notice names the request and its state and what to do next, and quotes none of the
    person's words (the complaint, the supplement, the comment); staff's own words may follow."""
    openid = "oMine22"
    wechat.follow(openid, scene="st:A1a")
    wechat.click(openid, MenuKey.FILE_REQUEST)
    wechat.say(openid, "1")
    wechat.say(openid, "邻居占了我家宅基地，村里不管")
    wechat.say(openid, "完成")
    wechat.say(openid, "提交")
    [request] = db.session.scalars(select(ServiceRequest).filter_by(openid=openid)).all()
    reply_to_request(request, "已转交村委会调解。", clerk(network))
    move_request(request, "wait", clerk(network), reason="请提供宅基地证照片")
    db.session.commit()
    wechat.say(openid, "我的诉求")
    wechat.say(openid, "1")
    wechat.say(openid, "补充 证件在老房子里")
    move_request(reload(db, request), "resolve", clerk(network), reason="已现场调解")
    db.session.commit()
    wechat.say(openid, "评价")
    wechat.say(openid, "不满意")
    assert "已重新交办" in wechat.say(openid, "调解没有结果，邻居还在盖房")
    jobs.run()
    notices = [m["body"]["text"]["content"] for m in wechat.outbox(path="/cgi-bin/message/custom/send")]
    assert len(notices) == 4, notices  # the answer, 待确认, 已办结, 处理中 (reopened)
    for notice in notices:
        assert f"您的诉求（编号{request.number}）" in notice and "回复“" in notice
        assert "宅基地，村里不管" not in notice and "老房子" not in notice and "调解没有结果" not in notice
    answered, waiting, resolved_, reopened = notices
    assert "有新答复：\n已转交村委会调解。" in answered and "回复“我的诉求”可查看办理记录" in answered
    assert "“待确认”" in waiting and "说明：请提供宅基地证照片" in waiting and "回复“补充”" in waiting
    assert "“已办结”" in resolved_ and "说明：已现场调解" in resolved_ and "回复“评价”" in resolved_
    assert "“处理中”" in reopened and "说明" not in reopened
