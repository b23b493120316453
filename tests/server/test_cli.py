import pytest


def test_worker_and_scheduler_refuse_the_embedded_redis(app, settings):
    if not settings.embedded_redis:
        pytest.skip("with a real Redis these commands run until stopped")
    for command in ("worker", "scheduler"):
        result = app.test_cli_runner().invoke(args=[command])
        assert result.exit_code != 0
        assert "REDIS_URL is not set" in result.output
