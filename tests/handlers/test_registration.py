from datetime import date

from sqlalchemy import select

from models import Veteran
from server.operations.core.audit import Actor
from server.operations.network.stations import update_station
from server.operations.veterans.registrations import approve_registration
from tests.support.veterans import FULL_WIDTH_ID_NUMBER, OLDER_VETERANS, REFUSED_ID_NUMBERS, id_number

# (what the person says, what the reply asks next); "ID" stands for a valid ID number.
ANSWERS = [
    ("1", "姓名"),
    ("王建国", "身份证"),
    ("ID", "手机"),
    ("13800138000", "人员类别"),
    ("1", "军种"),
    ("1", "入伍时间"),
    ("1998-12", "退役时间"),
    ("2003年12月", "户籍地址"),
    ("浙江省杭州市西湖区甲一甲村8号", "居住地址"),
    ("同上", "县区中心"),
    ("1", "乡镇街道站"),
    ("1", "村社区站"),
    ("1", "请核对"),
]


def register(wechat, openid, answers=ANSWERS, id_serial=1):
    wechat.follow(openid)
    assert "个人信息保护说明" in wechat.click(openid, "REGISTER")
    replies = []
    for said, expected in answers:
        reply = wechat.say(openid, id_number(serial=id_serial) if said == "ID" else said)
        assert expected in reply, (said, reply)
        replies.append(reply)
    return replies


def test_a_veteran_registers_in_chat_one_question_at_a_time(wechat, network, db):
    replies = register(wechat, "oReg1")
    summary = replies[-1]  # the person's own chat: what they typed, unmasked
    assert id_number() in summary and "13800138000" in summary and "甲一甲村8号" in summary
    assert "甲一甲村站" in summary
    assert "已提交" in wechat.say("oReg1", "提交")
    veteran = db.session.scalars(select(Veteran).filter_by(openid="oReg1")).one()
    assert (veteran.state, veteran.source, veteran.name, veteran.station.code) == (
        "submitted",
        "chat",
        "王建国",
        "A1a",
    )
    assert (
        veteran.residence_address == veteran.hukou_address and veteran.enlisted_on.isoformat() == "1998-12-01"
    )
    assert veteran.consent_version and veteran.consent_at


def test_bad_answers_are_explained_and_asked_again(wechat, network):
    wechat.follow("oReg2")
    wechat.click("oReg2", "REGISTER")
    wechat.say("oReg2", "1")
    wechat.say("oReg2", "赵六")
    wrong = id_number()[:-1] + ("1" if id_number()[-1] != "1" else "2")
    reply = wechat.say("oReg2", wrong)
    assert "校验码不正确" in reply and "身份证号码" in reply
    assert "手机" in wechat.say("oReg2", id_number(serial=5))
    assert "11位大陆手机号码" in wechat.say("oReg2", "12345")
    wechat.say("oReg2", "13900139000")
    wechat.say("oReg2", "1")
    wechat.say("oReg2", "1")
    assert "入伍时间" in wechat.say("oReg2", "1998-13")
    wechat.say("oReg2", "1998-12")
    assert "晚于入伍日期" in wechat.say("oReg2", "1990-01")


def test_going_back_and_editing_from_the_summary(wechat, network, db):
    wechat.follow("oReg3")
    wechat.click("oReg3", "REGISTER")
    wechat.say("oReg3", "1")
    wechat.say("oReg3", "钱七")
    assert "姓名" in wechat.say("oReg3", "上一步")
    assert "身份证" in wechat.say("oReg3", "钱八")
    assert db.session.scalars(select(Veteran.name).filter_by(openid="oReg3")).one() == "钱八"
    summary = register(wechat, "oReg4")[-1]
    assert "1. 姓名：王建国" in summary
    assert "姓名" in wechat.say("oReg4", "改1")
    assert "1. 姓名：王建军" in wechat.say("oReg4", "王建军")


def test_a_half_finished_registration_resumes(wechat, network, redis):
    wechat.follow("oReg5")
    wechat.click("oReg5", "REGISTER")
    wechat.say("oReg5", "1")
    wechat.say("oReg5", "孙九")
    redis.delete("dialog:oReg5")  # what 30 quiet minutes do
    reply = wechat.click("oReg5", "REGISTER")
    assert "继续您上次未完成的登记" in reply and "身份证" in reply


def test_the_station_scanned_is_offered_and_location_finds_the_nearest(wechat, network, db):
    wechat.follow("oReg6", scene="st:A1b")
    answers = ANSWERS[:9] + [("同上", "甲一乙村站")]
    register_rest = register(wechat, "oReg6", answers=answers, id_serial=7)
    assert "回复“1”确认" in register_rest[-1]
    assert "请核对" in wechat.say("oReg6", "1")
    update_station(network.station("B1a"), {"latitude": 30.40, "longitude": 120.30}, Actor.system("t"))
    db.session.commit()
    wechat.follow("oReg7")
    register(wechat, "oReg7", answers=ANSWERS[:10], id_serial=9)
    reply = wechat.send("oReg7", "location", latitude="30.41", longitude="120.31", label="某地")["reply"][
        "Content"
    ]
    assert "乙一甲村站（约1." in reply


def test_declining_the_notice_ends_it(wechat, network):
    wechat.follow("oReg8")
    wechat.click("oReg8", "REGISTER")
    assert "暂时无法在线登记" in wechat.say("oReg8", "2")


def test_the_same_id_twice_is_refused_without_a_hint(wechat, network):
    register(wechat, "oReg9")
    wechat.say("oReg9", "提交")
    wechat.follow("oReg10")
    wechat.click("oReg10", "REGISTER")
    wechat.say("oReg10", "1")
    wechat.say("oReg10", "冒名者")
    reply = wechat.say("oReg10", id_number())
    assert "已经登记过" in reply and "王建国" not in reply


def test_my_info_shows_what_they_typed_and_a_correction_goes_back_to_review(wechat, network, db):
    register(wechat, "oReg11")
    wechat.say("oReg11", "提交")
    veteran = db.session.scalars(select(Veteran).filter_by(openid="oReg11")).one()
    approve_registration(veteran, Actor(None, "审核员"))
    db.session.commit()
    info = wechat.say("oReg11", "我的信息")
    assert "已通过" in info and "13800138000" in info and id_number() in info and "****" not in info
    assert "请核对" in wechat.say("oReg11", "修改")
    assert "手机号码" in wechat.say("oReg11", "改三")
    wechat.say("oReg11", "13900001111")
    assert "已提交" in wechat.say("oReg11", "提交")
    db.session.refresh(veteran)
    assert veteran.state == "submitted" and veteran.mobile == "13900001111"


def test_deletion_request_and_withdrawal_in_chat(wechat, network, db):
    register(wechat, "oReg12")
    assert "已退出" in wechat.say("oReg12", "取消")
    assert "确认删除" in wechat.say("oReg12", "删除我的信息")
    assert "已提交删除申请" in wechat.say("oReg12", "确认删除")
    assert "撤回" in wechat.say("oReg12", "撤回同意")
    veteran = db.session.scalars(select(Veteran).filter_by(openid="oReg12")).one()
    assert veteran.deletion_requested_at and veteran.consent_withdrawn_at


def test_unfollowing_unlinks_the_openid_but_the_record_stays(wechat, network, db):
    register(wechat, "oReg13")
    wechat.say("oReg13", "提交")
    wechat.send("oReg13", "event", event="unsubscribe")
    veteran = db.session.scalars(select(Veteran).filter_by(name="王建国")).one()
    assert veteran.openid is None and veteran.state == "submitted"


def test_older_veterans_id_numbers_are_accepted_and_wrong_ones_explained(wechat, network, db):
    wechat.follow("oReg30")
    wechat.click("oReg30", "REGISTER")
    wechat.say("oReg30", "1")
    wechat.say("oReg30", "王建国")
    for number in OLDER_VETERANS:
        assert "手机" in wechat.say("oReg30", number), number
        assert "身份证" in wechat.say("oReg30", "上一步")
    assert "手机" in wechat.say("oReg30", FULL_WIDTH_ID_NUMBER)
    veteran = db.session.scalars(select(Veteran).filter_by(openid="oReg30")).one()
    assert veteran.id_number == "33011019571120004X" and veteran.birth_date == date(1957, 11, 20)
    wechat.say("oReg30", "上一步")
    for number, reason in REFUSED_ID_NUMBERS:
        reply = wechat.say("oReg30", number)
        assert reason in reply and "请输入您的18位身份证号码" in reply, (number, reply)


# Choices by number or by words (handlers/choices.py)
ANSWERED_IN_WORDS = [
    ("同意", "姓名"),
    ("王建国", "身份证"),
    ("ID", "手机"),
    ("13800138000", "人员类别"),
    ("第一个", "军种"),
    ("海军", "入伍时间"),
    ("1998-12", "退役时间"),
    ("2003年12月", "户籍地址"),
    ("浙江省杭州市西湖区甲一甲村8号", "居住地址"),
    ("同上", "县区中心"),
    ("１", "乡镇街道站"),
    ("一", "村社区站"),
    ("甲一乙村站", "请核对"),
]


def test_choices_are_taken_by_their_words_or_any_way_of_writing_the_number(wechat, network, db):
    summary = register(wechat, "oReg20", answers=ANSWERED_IN_WORDS, id_serial=11)[-1]
    assert "服役军种：海军" in summary and "甲一乙村站" in summary
    veteran = db.session.scalars(select(Veteran).filter_by(openid="oReg20")).one()
    assert (veteran.branch, veteran.station.code) == ("海军", "A1b")


def test_nonsense_is_asked_again_with_the_choices(wechat, network):
    replies = register(wechat, "oReg21", answers=ANSWERS[:5], id_serial=13)
    assert "1. 陆军" in replies[-1]
    again = wechat.say("oReg21", "坦克兵")
    assert "请回复列表中的序号或名称" in again and "1. 陆军" in again and "2. 海军" in again
    assert "请回复列表中的序号" in wechat.say("oReg21", "１２")  # a number not on the list (11 branches)
    assert "入伍时间" in wechat.say("oReg21", "火箭军")
    for said, expected in ANSWERS[6:10]:
        assert expected in wechat.say("oReg21", said)
    again = wechat.say("oReg21", "不知道")
    assert "请回复列表中的序号或名称" in again and "1. " in again and "县区中心" in again


def test_the_scanned_station_is_confirmed_in_words_and_nonsense_asks_again(wechat, network):
    wechat.follow("oReg22", scene="st:A1b")
    answers = ANSWERS[:9] + [("同上", "甲一乙村站")]
    register(wechat, "oReg22", answers=answers, id_serial=15)
    again = wechat.say("oReg22", "嗯嗯")
    assert "请回复列表中的序号或名称" in again and "“甲一乙村站”" in again and "回复“1”确认" in again
    assert "请核对" in wechat.say("oReg22", "确认")


def test_consent_in_words_and_nonsense_asks_again(wechat, network):
    wechat.follow("oReg23")
    wechat.click("oReg23", "REGISTER")
    again = wechat.say("oReg23", "什么意思")
    assert "请回复列表中的序号或名称" in again and "回复“1”同意" in again
    assert "暂时无法在线登记" in wechat.say("oReg23", "不同意")
