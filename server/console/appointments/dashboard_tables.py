"""The dashboard's appointment figures (预约统计) as tables, as service_requests/dashboard_tables.py
makes them for requests: what the page shows beside each chart and what each download holds."""

from server.console.service_requests.dashboard_tables import ChartTable


def booking_tables(stats):
    """The appointment tables in the order the page shows them."""
    return [_by_station(stats), _by_service(stats), _no_show(stats), _fill(stats)]


def _by_station(stats):
    rows = [(station.name, n, missed) for station, n, missed in stats.by_station]
    return ChartTable(
        "booking_stations", "预约（按站点）", "hbar", ("站点", "预约", "爽约"), rows, (1, 2),
        "统计时段内预约日期的预约，不含已取消的（改约只计新的一次）；下级站点含其全部下属站点。",
    )  # fmt: skip


def _by_service(stats):
    return ChartTable(
        "booking_services", "预约（按服务事项）", "bar", ("服务事项", "预约", "爽约"), list(stats.by_service),
        (1, 2),
        "统计时段内预约日期的预约，不含已取消的。",
    )  # fmt: skip


def _no_show(stats):
    share = stats.no_show
    rows = [("按约到场", share.whole - share.part), ("爽约", share.part)]
    return ChartTable(
        "no_show", "爽约率", "pie", ("结果", "人次"), rows, (1,),
        f"爽约率：{_percent(share.percent)}（爽约 ÷ 已签到、已完成和爽约的预约，共{share.whole}人次）。",
    )  # fmt: skip


def _fill(stats):
    share = stats.fill
    rows = [("已约", share.part), ("未约", share.whole - share.part)]
    return ChartTable(
        "slot_fill", "时段约满率", "pie", ("网上可约名额", "个"), rows, (1,),
        f"约满率：{_percent(share.percent)}（统计时段内已过去的时段中，网上可约的{share.whole}个名额已约出的比例；"
        "不含留给现场和电话预约的名额，不含停约的时段和闭站日）。",
    )  # fmt: skip


def _percent(value):
    return "—" if value is None else f"{value}%"
