import os
import subprocess
import sys
from pathlib import Path

import pytest

from server import create_app
from server.config import DEMO, SANDBOX_ACCOUNT_ID, Config, ConfigError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "APP_ENV": "production",
    "DATABASE_URL": "postgresql://app@db.internal/veterans",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "SECRET_KEY": "a-real-secret-key-of-decent-length",
    "DATA_KEY": "bXktcmVhbC1kYXRhLWtleS1vZi0zMi1ieXRlcy1sb24=",
    "WECHAT_APPID": "wx1234567890abcdef",
    "WECHAT_SECRET": "real-secret",
    "WECHAT_TOKEN": "realtoken2026",
    "WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "MINIAPP_APPID": "wxminiapp1234567",
    "MINIAPP_SECRET": "real-miniapp-secret",
    "WECHAT_TEMPLATE_REGISTRATION_RESULT": "tmpl-registration-id",
    "WECHAT_TEMPLATE_REQUEST_UPDATE": "tmpl-request-id",
    "WECHAT_TEMPLATE_STAFF_NOTICE": "tmpl-staff-notice-id",
    "WECHAT_TEMPLATE_APPOINTMENT": "tmpl-appointment-id",
    "WECHAT_TEMPLATE_EVENT_SIGNUP": "tmpl-event-signup-id",
    "WECHAT_TEMPLATE_MINIAPP_APPOINTMENT": "tmpl-miniapp-appointment-id",
    "WECHAT_TEMPLATE_MINIAPP_REMINDER": "tmpl-miniapp-reminder-id",
    "WECHAT_TEMPLATE_MINIAPP_POLICY": "tmpl-miniapp-policy-id",
}


def problems(env):
    with pytest.raises(ConfigError) as caught:
        Config.from_env(env)
    return "\n".join(caught.value.problems)


def test_development_uses_embedded_defaults_and_demo_keys():
    config = Config.from_env({})
    assert config.embedded_database and config.database_url.endswith("instance/veterans.db")
    assert config.embedded_redis
    assert config.wechat_token == DEMO["WECHAT_TOKEN"]
    assert config.wechat_api_base == "https://api.weixin.qq.com/"


def test_a_complete_production_config_is_accepted():
    config = Config.from_env(PRODUCTION)
    assert config.production
    assert config.database_url == "postgresql+psycopg://app@db.internal/veterans"


def test_production_refuses_embedded_defaults_naming_each_setting():
    text = problems({"APP_ENV": "production"})
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "DATA_KEY",
        "WECHAT_APPID",
        "WECHAT_SECRET",
        "WECHAT_TOKEN",
        "WECHAT_AES_KEY",
        "MINIAPP_APPID",
        "MINIAPP_SECRET",
        "WECHAT_TEMPLATE_REQUEST_UPDATE",
    ):
        assert f"{name} is not set" in text


def test_production_refuses_demo_keys_and_sqlite():
    env = PRODUCTION | {
        "SECRET_KEY": DEMO["SECRET_KEY"],
        "DATA_KEY": DEMO["DATA_KEY"],
        "DATABASE_URL": "sqlite:///x.db",
    }
    text = problems(env)
    assert "SECRET_KEY is the public demo value" in text
    assert "DATA_KEY is the public demo value" in text
    assert "production needs PostgreSQL" in text


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("DATA_KEY", "not-a-key", "32 random bytes"),
        ("DATA_KEY_PREVIOUS", "short", "32 random bytes"),
        ("WECHAT_AES_KEY", "tooshort", "43-character EncodingAESKey"),
        ("WECHAT_AES_KEY_PREVIOUS", "x" * 44, "43-character EncodingAESKey"),
        ("WECHAT_TOKEN", "has spaces!", "3-32 letters or digits"),
        ("DATABASE_URL", "mysql://x/y", "postgresql:// or sqlite:///"),
        ("REDIS_URL", "localhost:6379", "must start with redis://"),
        ("WECHAT_API_BASE", "api.weixin.qq.com", "http(s) URL"),
        ("WEB_CONCURRENCY", "many", "whole number"),
        ("WECHAT_TIMESTAMP_WINDOW", "0", "at least 1"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be at least 0"),
        ("TRUSTED_PROXIES", "one", "TRUSTED_PROXIES must be a whole number"),
        ("WECHAT_MESSAGE_MODE", "encrypted", "WECHAT_MESSAGE_MODE must be one of plain, compatible, safe"),
        ("WECHAT_ACCOUNT_ID", "wx1234567890abcdef", "WECHAT_ACCOUNT_ID must be the account's original id"),
        ("WECHAT_ACCOUNT_ID", "gh_1 2", "WECHAT_ACCOUNT_ID must be the account's original id"),
        ("POSTER_FONT", "wqy-microhei.ttc", "POSTER_FONT must be the absolute path of a .ttf, .ttc or .otf"),
        ("POSTER_FONT", "/usr/share/fonts/wqy.pcf", "POSTER_FONT must be the absolute path of a .ttf"),
        ("PUSH_APPROVAL_REQUIRED", "maybe", "PUSH_APPROVAL_REQUIRED must be true or false"),
    ],
)
def test_malformed_values_get_a_clear_message(name, value, expected):
    assert expected in problems({name: value})


def test_the_message_mode_is_safe_by_default_and_plain_needs_no_aes_key():
    assert Config.from_env({}).wechat_message_mode == "safe"
    assert Config.from_env({"WECHAT_MESSAGE_MODE": "Compatible"}).wechat_message_mode == "compatible"
    assert "WECHAT_AES_KEY is not set" in problems(
        {k: v for k, v in PRODUCTION.items() if k != "WECHAT_AES_KEY"}
    )
    plain = Config.from_env(
        {k: v for k, v in PRODUCTION.items() if k != "WECHAT_AES_KEY"} | {"WECHAT_MESSAGE_MODE": "plain"}
    )
    assert plain.wechat_message_mode == "plain" and plain.wechat_aes_key is None


def test_the_account_id_is_checked_only_when_set_and_never_the_sandboxs_in_production():
    assert Config.from_env({}).wechat_account_id is None
    assert Config.from_env({"WECHAT_ACCOUNT_ID": "gh_10f6c3c3ac5a"}).wechat_account_id == "gh_10f6c3c3ac5a"
    assert Config.from_env(PRODUCTION | {"WECHAT_ACCOUNT_ID": "gh_10f6c3c3ac5a"}).production
    assert "sandbox's demo id" in problems(PRODUCTION | {"WECHAT_ACCOUNT_ID": SANDBOX_ACCOUNT_ID})


def test_pushes_need_approval_unless_the_setting_says_false():
    assert Config.from_env({}).push_approval_required
    assert not Config.from_env({"PUSH_APPROVAL_REQUIRED": "false"}).push_approval_required
    assert Config.from_env({"PUSH_APPROVAL_REQUIRED": "1"}).push_approval_required


def test_trusted_proxies_default_to_none():
    assert Config.from_env({}).trusted_proxies == 0
    assert Config.from_env({"TRUSTED_PROXIES": "2"}).trusted_proxies == 2


def test_a_poster_font_may_be_set_before_it_is_installed():
    assert Config.from_env({}).poster_font is None
    assert Config.from_env({"POSTER_FONT": "/opt/fonts/simhei.TTF"}).poster_font == "/opt/fonts/simhei.TTF"


def test_the_instance_dir_holds_the_embedded_database(tmp_path):
    config = Config.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert config.instance_dir == tmp_path.resolve()
    assert config.database_url == f"sqlite:///{tmp_path.resolve() / 'veterans.db'}"


def test_embedded_redis_with_several_workers_is_refused():
    with pytest.raises(ConfigError) as caught:
        create_app(Config.from_env({"WEB_CONCURRENCY": "3"}))
    assert "3 worker processes would each get a private copy" in str(caught.value)


def test_gunicorn_refuses_several_workers_on_the_embedded_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "WEB_CONCURRENCY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'g.db'}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "-w",
            "2",
            "-b",
            "127.0.0.1:0",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr
