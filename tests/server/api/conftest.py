"""Logging in to the mini-program API the way the mini-program does: a wx.login() code from the
sandbox, exchanged at POST /api/v1/auth/login."""

import pytest

from server.sandbox.api.sns import issue_code


@pytest.fixture
def issue(sandbox, wechat):
    """A fresh wx.login() code for `openid`, from the sandbox (reset for the test): single use, 5 minutes."""

    def issue_for(openid="oMini1"):
        with sandbox.app_context():
            return issue_code(openid)

    return issue_for


@pytest.fixture
def login(client, issue):
    """Log in as `openid`; returns the headers that carry the token."""

    def log_in(openid="oMini1"):
        response = client.post("/api/v1/auth/login", json={"code": issue(openid)})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return log_in
