import io
import re

from PIL import Image
from sqlalchemy import select

from menus import MenuKey
from models import Attachment, Follower, RequestEvent, ServiceRequest
from server.operations.veterans.registrations import start_registration, update_registration
from server.sandbox.api.media import add_media
from tests.support.veterans import values

NUMBER = re.compile(r"\d{4}-\d{7}")
AMR = b"#!AMR\n" + b"\x3c" + b"\x00" * 40


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def media(sandbox, kind, data):
    with sandbox.app_context():
        return add_media(kind, data)


def bound(wechat, openid, code="A1a"):
    """A follower who scanned their village station's QR code."""
    wechat.follow(openid, scene=f"st:{code}")
    return openid


def described(wechat, openid, category="1", words=("家里老人生病住院，生活困难，希望得到帮扶",)):
    """Through the dialog up to its summary; returns the summary."""
    assert "请选择诉求类别" in wechat.click(openid, MenuKey.FILE_REQUEST)
    assert "请描述您的诉求" in wechat.say(openid, category)
    for said in words:
        assert "已记录" in wechat.say(openid, said)
    return wechat.say(openid, "完成")


def requests_of(db, openid):
    db.session.expire_all()
    return db.session.scalars(
        select(ServiceRequest).filter_by(openid=openid).order_by(ServiceRequest.id)
    ).all()


def test_filing_in_chat_makes_one_request_at_the_persons_station(wechat, sandbox, network, db, jobs):
    openid = bound(wechat, "oFile1")
    assert "1. 困难帮扶" in wechat.click(openid, MenuKey.FILE_REQUEST)
    wechat.say(openid, "1")
    assert "文字1条" in wechat.say(openid, "家里房子漏雨，老人住着不安全")
    photo = wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))["reply"]["Content"]
    assert "图片1张" in photo
    voice = wechat.send(openid, "voice", media_id=media(sandbox, "voice", AMR), recognition="屋顶需要修一下")
    assert "语音识别为：“屋顶需要修一下”" in voice["reply"]["Content"]
    summary = wechat.say(openid, "好了")
    assert "类别：困难帮扶" in summary and "屋顶需要修一下" in summary and "图片1张、语音1条" in summary
    reply = wechat.say(openid, "提交")
    [request] = requests_of(db, openid)
    assert request.number in reply and "受理站点：甲一甲村站" in reply and "前首次答复" in reply
    assert (request.station.code, request.channel, request.state) == ("A1a", "chat", "pending")
    assert request.content == "家里房子漏雨，老人住着不安全\n屋顶需要修一下"
    attachments = db.session.scalars(select(Attachment).filter_by(request_id=request.id)).all()
    assert [(a.kind, a.state) for a in attachments] == [("image", "pending"), ("voice", "pending")]
    jobs.run()
    db.session.expire_all()
    assert [a.state for a in db.session.scalars(select(Attachment))] == ["stored", "stored"]


def test_a_registered_veteran_files_for_their_record_at_their_station(wechat, network, db):
    veteran = start_registration("chat", openid="oFile13")
    update_registration(veteran, values(network.station("B1a").id))
    db.session.commit()
    wechat.follow("oFile13", scene="st:A1a")  # the registration's station wins over a scanned one
    described(wechat, "oFile13")
    assert "受理站点：乙一甲村站" in wechat.say("oFile13", "提交")
    [request] = requests_of(db, "oFile13")
    assert (request.veteran_id, request.person_name, request.station.code) == (veteran.id, "张建国", "B1a")


def test_a_retried_confirmation_files_one_request(deliver, push, network, db):
    openid = "oFile2"
    deliver(push.event(openid, "subscribe", key="qrscene_st:A1a", Ticket="t"))
    deliver(push.event(openid, "CLICK", key=str(MenuKey.FILE_REQUEST)))
    for said in ("2", "想找一份保安的工作，有退役证", "完成"):
        deliver(push.text(openid, said))
    confirm = push.text(openid, "提交")
    first = deliver(confirm)[1]["Content"]
    again = deliver(confirm)[1]["Content"]
    [request] = requests_of(db, openid)
    assert first == again and request.number in first and request.category.name == "就业创业"


def test_a_petition_says_when_acceptance_will_be_decided(wechat, network, db):
    openid = bound(wechat, "oFile3")
    described(wechat, openid, category="信访/投诉", words=["反映村里征地补偿款没有按时发放"])
    reply = wechat.say(openid, "提交")
    [request] = requests_of(db, openid)
    assert "受理站点：甲区中心" in reply and "前告知您是否受理" in reply
    assert f"{request.due_on.month}月{request.due_on.day}日" in reply


def test_the_same_category_again_is_offered_as_a_supplement(wechat, sandbox, network, db, jobs):
    openid = bound(wechat, "oFile4")
    described(wechat, openid)
    first = NUMBER.search(wechat.say(openid, "提交")).group()
    wechat.click(openid, MenuKey.FILE_REQUEST)
    wechat.say(openid, "1")
    wechat.say(openid, "补充一下：老人需要轮椅")
    wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))
    wechat.say(openid, "完成")
    offer = wechat.say(openid, "提交")
    assert f"1”补充到诉求{first}" in offer and "仍然新建" in offer
    assert f"已补充到诉求{first}" in wechat.say(openid, "1")
    [request] = requests_of(db, openid)
    message = db.session.scalars(select(RequestEvent).filter_by(request_id=request.id, kind="message")).one()
    assert message.body == "补充一下：老人需要轮椅"
    assert db.session.scalars(select(Attachment.kind).filter_by(request_id=request.id)).all() == ["image"]


def test_the_duplicate_offer_can_still_file_a_new_one(wechat, network, db):
    openid = bound(wechat, "oFile5")
    described(wechat, openid)
    wechat.say(openid, "提交")
    described(wechat, openid, words=["另外一件事：孩子上学需要帮助"])
    assert "仍然新建" in wechat.say(openid, "提交")
    assert "请回复列表中的序号" in wechat.say(openid, "3")
    reply = wechat.say(openid, "2")
    first, second = requests_of(db, openid)
    assert second.number in reply and second.content == "另外一件事：孩子上学需要帮助"


def test_going_back_and_cancelling(wechat, network, db, redis):
    openid = bound(wechat, "oFile6")
    wechat.click(openid, MenuKey.FILE_REQUEST)
    assert "请回复列表中的序号" in wechat.say(openid, "99")
    wechat.say(openid, "1")
    assert "请选择诉求类别" in wechat.say(openid, "上一步")
    assert "【就业创业】" in wechat.say(openid, "2")
    wechat.say(openid, "我想学一门技术，有没有培训")
    summary = wechat.say(openid, "完成")
    assert "类别：就业创业" in summary
    back = wechat.say(openid, "上一步")
    assert "请描述您的诉求" in back and "已记录：文字1条" in back
    wechat.say(openid, "最好是电工")
    assert "我想学一门技术，有没有培训\n最好是电工" in wechat.say(openid, "完成")
    assert "已退出" in wechat.say(openid, "取消")
    assert redis.get(f"dialog:{openid}") is None and requests_of(db, openid) == []


def test_done_with_nothing_said_asks_for_words(wechat, sandbox, network):
    openid = bound(wechat, "oFile7")
    wechat.click(openid, MenuKey.FILE_REQUEST)
    wechat.say(openid, "1")
    wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))
    assert "请先用文字" in wechat.say(openid, "完成")
    assert "只能接收文字、语音和图片" in wechat.send(openid, "location", label="某地")["reply"]["Content"]


def test_too_short_a_description_is_asked_again_with_the_operations_message(wechat, network, db):
    openid = bound(wechat, "oFile8")
    described(wechat, openid, words=["救命"])
    reply = wechat.say(openid, "提交")
    assert "诉求内容请写5-2000字" in reply and "请描述您的诉求" in reply and "已记录：文字1条" in reply
    wechat.say(openid, "家里着火了需要帮助")
    wechat.say(openid, "完成")
    assert NUMBER.search(wechat.say(openid, "提交"))
    assert requests_of(db, openid)[0].content == "救命\n家里着火了需要帮助"


def test_a_long_description_is_previewed_and_kept_within_the_limit(wechat, network, db):
    openid = bound(wechat, "oFile12")
    summary = described(wechat, openid, words=["房" * 800, "屋" * 800])
    assert "（共1601字）" in summary and summary.endswith("回复“取消”放弃。")
    wechat.say(openid, "上一步")
    assert "超过2000字，这一条没有记录" in wechat.say(openid, "漏" * 800)
    wechat.say(openid, "完成")
    wechat.say(openid, "提交")
    assert len(requests_of(db, openid)[0].content) == 1601


def test_a_person_without_a_station_is_told_how_to_get_one(wechat, network, db, redis):
    wechat.follow("oFile9")
    reply = wechat.click("oFile9", MenuKey.FILE_REQUEST)
    assert "扫描您所在村（社区）服务站张贴的二维码" in reply and "登记建档" in reply
    assert redis.get("dialog:oFile9") is None
    openid = bound(wechat, "oFile10")
    described(wechat, openid)
    follower = db.session.scalars(select(Follower).filter_by(openid=openid)).one()
    follower.station_id = None  # the binding went away while the person was typing
    db.session.commit()
    assert "扫描您所在村（社区）服务站张贴的二维码" in wechat.say(openid, "提交")
    assert requests_of(db, openid) == []


def test_an_expired_filing_is_explained(wechat, network, redis):
    openid = bound(wechat, "oFile11")
    wechat.click(openid, MenuKey.FILE_REQUEST)
    redis.delete(f"dialog:{openid}")  # what 30 quiet minutes do
    assert "“提交诉求”操作超过30分钟未继续" in wechat.say(openid, "1")


# The loose message offer (handlers/fallbacks.py)


def filed(wechat, openid):
    described(wechat, openid)
    return NUMBER.search(wechat.say(openid, "提交")).group()


def test_a_loose_message_is_offered_to_the_open_request_and_added(wechat, network, db):
    openid = bound(wechat, "oLoose1")
    number = filed(wechat, openid)
    offer = wechat.say(openid, "我忘了说，老人有残疾证")
    assert offer == f"是否补充到诉求 {number}？回复1补充，回复2不用"
    assert f"已补充到诉求{number}" in wechat.say(openid, "1")
    [request] = requests_of(db, openid)
    bodies = db.session.scalars(
        select(RequestEvent.body).filter_by(request_id=request.id, kind="message")
    ).all()
    assert bodies == ["我忘了说，老人有残疾证"]


def test_a_loose_photo_declined_is_not_added(wechat, sandbox, network, db):
    openid = bound(wechat, "oLoose2")
    number = filed(wechat, openid)
    offer = wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))["reply"]["Content"]
    assert number in offer
    declined = wechat.say(openid, "2")
    assert "没有补充到诉求中" in declined and "本公众号可以办理" in declined
    assert db.session.scalars(select(Attachment)).all() == []


def test_a_loose_photo_accepted_is_attached(wechat, sandbox, network, db, jobs):
    openid = bound(wechat, "oLoose3")
    filed(wechat, openid)
    wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))
    assert "已补充" in wechat.say(openid, "1")
    jobs.run()
    db.session.expire_all()
    assert [a.state for a in db.session.scalars(select(Attachment))] == ["stored"]


def test_without_an_open_request_the_usual_answers_stay(wechat, sandbox, network):
    openid = bound(wechat, "oLoose4")
    assert "没有理解您的意思" in wechat.say(openid, "今天天气怎么样")
    photo = wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))["reply"]["Content"]
    assert photo == "已收到您的图片。如需反映问题，请通过菜单“我要反映 → 提交诉求”，在其中上传图片。"


def test_keywords_and_dialog_words_are_not_offered(wechat, network):
    openid = bound(wechat, "oLoose5")
    filed(wechat, openid)
    assert "本公众号可以办理" in wechat.say(openid, "帮助")
    assert "没有理解您的意思" in wechat.say(openid, "提交")


# Choices by number or by words (handlers/choices.py)


def test_the_category_is_taken_by_its_words_or_a_chinese_number(wechat, network, db):
    openid = bound(wechat, "oChoose1")
    wechat.click(openid, MenuKey.FILE_REQUEST)
    again = wechat.say(openid, "看病的事")
    assert "请回复列表中的序号或名称" in again and "1. 困难帮扶" in again and "2. 就业创业" in again
    assert "【就业创业】" in wechat.say(openid, "第二个")
    assert "请选择诉求类别" in wechat.say(openid, "上一步")
    assert "【困难帮扶】" in wechat.say(openid, "困难帮扶。")
    assert "请选择诉求类别" in wechat.say(openid, "上一步")
    assert "【就业创业】" in wechat.say(openid, "二")


def test_the_duplicate_offer_takes_words_and_asks_again_on_nonsense(wechat, network, db):
    openid = bound(wechat, "oChoose2")
    described(wechat, openid)
    wechat.say(openid, "提交")
    described(wechat, openid, words=["另外一件事：孩子上学需要帮助"])
    wechat.say(openid, "提交")
    again = wechat.say(openid, "随便")
    assert "请回复列表中的序号或名称" in again and "仍然新建" in again
    assert NUMBER.search(wechat.say(openid, "新建"))
    assert len(requests_of(db, openid)) == 2


def test_the_loose_message_offer_takes_words_and_asks_again_on_nonsense(wechat, network, db):
    openid = bound(wechat, "oChoose3")
    number = filed(wechat, openid)
    wechat.say(openid, "我忘了说，老人有残疾证")
    again = wechat.say(openid, "啥")
    assert "请回复列表中的序号或名称" in again and f"是否补充到诉求 {number}" in again
    assert f"已补充到诉求{number}" in wechat.say(openid, "补充")
    wechat.say(openid, "还有一件事")
    assert "没有补充到诉求中" in wechat.say(openid, "不用")
