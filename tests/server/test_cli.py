import pytest


def test_worker_and_scheduler_refuse_the_embedded_redis(app, settings):
    if not settings.embedded_redis:
        pytest.skip("with a real Redis these commands run until stopped")
    for command in ("worker", "scheduler"):
        result = app.test_cli_runner().invoke(args=[command])
        assert result.exit_code != 0
        assert "REDIS_URL is not set" in result.output


def test_sandbox_run_delays_every_call_by_sandbox_latency_ms(app, monkeypatch):
    import werkzeug.serving

    served = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, wsgi, **kw: served.append(wsgi))
    monkeypatch.setenv("SANDBOX_LATENCY_MS", "80")
    result = app.test_cli_runner().invoke(args=["sandbox", "run"])
    assert result.exit_code == 0 and "80 ms" in result.output
    assert served[0].extensions["sandbox"].faults.latency_ms == 80
    monkeypatch.setenv("SANDBOX_LATENCY_MS", "fast")
    result = app.test_cli_runner().invoke(args=["sandbox", "run"])
    assert result.exit_code != 0 and "SANDBOX_LATENCY_MS" in result.output
