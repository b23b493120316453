"""Logging in: every refusal costs one password hash, so its time does not tell why it was refused."""

from datetime import timedelta

import pytest

from models.types import utcnow
from server.operations.network import staff as staff_ops
from server.operations.network.staff import REFUSED, LoginRefused, authenticate
from tests.support.network import PASSWORD


@pytest.fixture
def hashes(monkeypatch):
    """How many times a password was checked against a hash."""
    calls = []
    verify = staff_ops._verify

    def counted(password_hash, password):
        calls.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(staff_ops, "_verify", counted)
    return calls


def refusal(username, password):
    with pytest.raises(LoginRefused) as refused:
        authenticate(username, password, "203.0.113.9")
    return refused.value.message


def test_a_locked_disabled_or_unknown_account_hashes_the_password_like_a_wrong_one(network, db, hashes):
    person = network.staff("clerk_a1a")
    assert refusal("clerk_a1a", "wrong-password1") == REFUSED
    assert refusal("nobody", PASSWORD) == REFUSED
    person.locked_until = utcnow() + timedelta(minutes=10)
    assert refusal("clerk_a1a", PASSWORD) == REFUSED
    person.locked_until, person.active = None, False
    assert refusal("clerk_a1a", PASSWORD) == REFUSED
    assert len(hashes) == 4
