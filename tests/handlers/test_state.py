import time

from handlers.state import DialogState


def test_state_round_trips_through_redis(redis):
    state = DialogState(redis, "oState", ttl=60).load()
    state.goto("register:name", name="张三")
    state.save()
    again = DialogState(redis, "oState", ttl=60).load()
    assert (again.step, again.data) == ("register:name", {"name": "张三"})


def test_half_finished_dialog_expires_and_is_reported_once(redis):
    state = DialogState(redis, "oState", ttl=1).load()
    state.goto("register:name")
    state.save()
    time.sleep(1.3)
    expired = DialogState(redis, "oState", ttl=1).load()
    assert not expired.active
    assert expired.expired == "register:name"
    expired.save()
    assert DialogState(redis, "oState", ttl=1).load().expired is None


def test_ending_a_dialog_forgets_it(redis):
    state = DialogState(redis, "oState", ttl=60).load()
    state.goto("register:name")
    state.save()
    state.end()
    state.save()
    fresh = DialogState(redis, "oState", ttl=60).load()
    assert not fresh.active and fresh.expired is None
