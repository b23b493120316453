"""bench/request_scale.py judges a case against its target; a baseline has none to judge by."""

from bench.request_scale import Case, verdict


def case(part, *times):
    return Case(part, "bench_city", "all: 张", "/console/requests", {}, 300, list(times))


def test_a_case_is_judged_by_its_target():
    assert verdict(case("search", 120.0, 180.0)) == "p95 < 300: ok"
    assert verdict(case("search", 120.0, 310.0)) == "p95 < 300: OVER"


def test_a_baseline_gets_no_verdict():
    assert verdict(case("search baseline", 310.0, 582.0)) == "-"
