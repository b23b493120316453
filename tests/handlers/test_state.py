from cryptography.fernet import Fernet

from handlers.state import DialogState
from server.keyring import Keyring


def test_state_round_trips_through_redis(redis, keyring):
    state = DialogState(redis, keyring, "oState", ttl=60).load()
    state.goto("register:name", name="张三")
    state.save()
    again = DialogState(redis, keyring, "oState", ttl=60).load()
    assert (again.step, again.data) == ("register:name", {"name": "张三"})


def test_half_finished_dialog_expires_and_is_reported_once(redis, keyring):
    state = DialogState(redis, keyring, "oState", ttl=1).load()
    state.goto("register:name")
    state.save()
    assert redis.ttl(state.key) == 1 and redis.ttl(state.trace_key) > 1  # the trace outlives the dialog
    redis.delete(state.key)  # what Redis does when its second is up
    expired = DialogState(redis, keyring, "oState", ttl=1).load()
    assert not expired.active
    assert expired.expired == "register:name"
    expired.save()
    assert DialogState(redis, keyring, "oState", ttl=1).load().expired is None


def test_ending_a_dialog_forgets_it(redis, keyring):
    state = DialogState(redis, keyring, "oState", ttl=60).load()
    state.goto("register:name")
    state.save()
    state.end()
    state.save()
    fresh = DialogState(redis, keyring, "oState", ttl=60).load()
    assert not fresh.active and fresh.expired is None


def test_the_draft_is_stored_encrypted(redis, keyring):
    state = DialogState(redis, keyring, "oState", ttl=60).load()
    state.goto("request:describe", parts=["我的电话13800138000"])
    state.save()
    stored = redis.get("dialog:oState")
    assert b"13800138000" not in stored and "电话".encode() not in stored
    assert DialogState(redis, keyring, "oState", ttl=60).load().data == {"parts": ["我的电话13800138000"]}


def test_a_state_sealed_with_a_retired_key_reads_as_no_dialog(redis, keyring):
    redis.set("dialog:oState", Keyring(Fernet.generate_key().decode()).encrypt('{"step": "x", "data": {}}'))
    assert not DialogState(redis, keyring, "oState", ttl=60).load().active
