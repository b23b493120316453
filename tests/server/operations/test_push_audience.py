"""Who a push reaches and who it leaves out, and why: the count shown before sending."""

from datetime import timedelta

from models import db
from models.types import utcnow
from server.gateway import MassSend
from server.operations.policies.subscriptions import grant_notice_taps, set_subscriptions, unsubscribe_all
from server.operations.pushes.audience import measure_audience, month_start
from server.operations.pushes.sending import batches_left, record_batch_sent, start_push
from tests.support.policies import topic
from tests.support.pushes import follower, push_for, registered


def _openids(audience):
    return [openid for openid, _ in audience.recipients]


def test_a_station_subtree_reaches_its_followers_and_names_who_is_left_out(network):
    reached = registered(network, "A1a", 1, openid="oReached")
    registered(network, "A1a", 2)  # registered at the counter, never followed
    registered(network, "A2a", 3, miniapp_openid="mOnlyMini")
    registered(network, "A1b", 4, openid="oGone", following=False)  # unfollowed since
    follower(network, "oScannedA1", "A1")
    follower(network, "oScannedB1", "B1")  # another county's
    registered(network, "B1a", 5, openid="oInB")
    audience = measure_audience({"station_ids": [network.station("A").id]})
    assert audience.recipients == [("oReached", reached.id), ("oScannedA1", None)]
    assert audience.left_out == {"not_following": 2, "miniapp_only": 1}
    assert audience.targeted == 5


def test_a_registration_waiting_for_review_places_its_person_by_its_station_and_category(network):
    waiting = registered(network, "B1a", 1, openid="oWaiting", category_id=2, approved=False)
    follower_row = follower(network, "oWaiting2", "A1")
    registered(network, "B1a", 2, openid=follower_row.openid, approved=False)  # scanned A1, lives in B
    by_county = measure_audience({"station_ids": [network.station("B").id]})
    assert by_county.recipients == [("oWaiting", waiting.id), ("oWaiting2", by_county.recipients[1][1])]
    assert measure_audience({"station_ids": [network.station("A").id]}).recipients == []
    assert _openids(measure_audience({"category_ids": [2]})) == ["oWaiting"]


def test_kinds_are_anded_and_choices_within_a_kind_ored(network):
    registered(network, "A1a", 1, openid="oSoldierA", category_id=1)
    registered(network, "B1a", 2, openid="oSoldierB", category_id=1)
    registered(network, "A1a", 3, openid="oOtherA", category_id=2)
    follower(network, "oNoCategory", "A1")
    both_counties = [network.station("A").id, network.station("B").id]
    soldiers = measure_audience({"station_ids": both_counties, "category_ids": [1]})
    assert _openids(soldiers) == ["oSoldierA", "oSoldierB"]  # a category leaves out the unregistered
    either = measure_audience({"station_ids": [network.station("A1").id], "category_ids": [1, 2]})
    assert _openids(either) == ["oOtherA", "oSoldierA"]


def test_everyone_is_every_follower_and_the_registered_who_do_not_follow_are_counted(network):
    registered(network, "A1a", 1, openid="oOne")
    registered(network, "A1a", 2)
    follower(network, "oNowhere")
    audience = measure_audience({"all": True})
    assert _openids(audience) == ["oNowhere", "oOne"] and audience.left_out == {"not_following": 1}


def test_a_follower_who_had_four_of_our_sends_this_china_month_is_left_out(network):
    follower(network, "oBusy")
    follower(network, "oQuiet")
    for n in range(4):
        _sent(push_for(network, role="supervisor", token=f"month-{n}"), moment=utcnow())
    audience = measure_audience({"all": True})
    assert _openids(audience) == [] and audience.left_out == {"monthly_limit": 2}
    next_month = month_start() + timedelta(days=40)
    assert _openids(measure_audience({"all": True}, now=next_month)) == ["oBusy", "oQuiet"]


def _sent(push, moment):
    start_push(push)
    for batch in batches_left(push):
        record_batch_sent(batch, MassSend(1000 + push.id))
        batch.sent_at = moment
    db.session.flush()


def test_with_topics_only_their_subscribers_are_reached_and_the_rest_counted(network):
    jobs_topic, health = topic("就业创业"), topic("医疗保障")
    for openid in ("oJobs", "oHealth", "oStopped", "oNever"):
        follower(network, openid, "A1")
    set_subscriptions([jobs_topic.id], openid="oJobs")
    set_subscriptions([health.id], openid="oHealth")
    unsubscribe_all(openid="oStopped")
    either = measure_audience({"topic_ids": [jobs_topic.id, health.id]})
    assert _openids(either) == ["oHealth", "oJobs"] and either.left_out == {"unsubscribed": 2}
    elsewhere = measure_audience({"topic_ids": [jobs_topic.id], "station_ids": [network.station("B").id]})
    assert elsewhere.recipients == [] and elsewhere.left_out == {}


def test_a_mini_program_only_person_with_a_tap_left_gets_a_subscribe_message_instead(network):
    tapped = registered(network, "A1a", 1, miniapp_openid="mTapped_mp")
    registered(network, "A1a", 2, miniapp_openid="mNoTap_mp")
    follower(network, "oFollowerA1", "A1")
    grant_notice_taps(1, miniapp_openid="mTapped_mp")
    audience = measure_audience({"station_ids": [network.station("A").id]})
    assert audience.notices == [("mTapped_mp", tapped.id)]
    assert _openids(audience) == ["oFollowerA1"] and audience.left_out == {"miniapp_only": 1}
    assert audience.targeted == 3


def test_an_unregistered_mini_program_subscriber_is_in_audiences_of_topics_and_of_all_only(network):
    jobs_topic, health = topic("就业创业"), topic("医疗保障")
    set_subscriptions([jobs_topic.id], miniapp_openid="mJobs_mp")
    grant_notice_taps(2, miniapp_openid="mJobs_mp")
    set_subscriptions([health.id], miniapp_openid="mHealth_mp")
    grant_notice_taps(1, miniapp_openid="mHealth_mp")
    set_subscriptions([jobs_topic.id], miniapp_openid="mNoTap_mp")
    by_topic = measure_audience({"topic_ids": [jobs_topic.id]})
    assert by_topic.notices == [("mJobs_mp", None)]
    assert by_topic.left_out == {"unsubscribed": 1, "miniapp_only": 1}
    assert [m for m, _ in measure_audience({"all": True}).notices] == ["mHealth_mp", "mJobs_mp"]
    by_station = measure_audience({"station_ids": [network.station("A").id], "topic_ids": [jobs_topic.id]})
    assert by_station.notices == [] and by_station.left_out == {}  # no station: not in a station's audience


def test_a_follower_s_mini_program_taps_do_not_make_them_a_second_recipient(network):
    linked = registered(network, "A1a", 1, openid="oBoth", miniapp_openid="oBoth_mp")
    grant_notice_taps(1, miniapp_openid="oBoth_mp")
    audience = measure_audience({"all": True})
    assert audience.recipients == [("oBoth", linked.id)] and audience.notices == []
