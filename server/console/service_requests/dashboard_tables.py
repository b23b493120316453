"""The dashboard's figures as tables: what the page shows beside each chart, what the chart is drawn
from, and what each download holds. One place for their titles and column names."""

from dataclasses import dataclass

from models.request import RATINGS


@dataclass(frozen=True)
class ChartTable:
    key: str  # in the download's URL and file name
    title: str
    kind: str  # how dashboard.js draws it: line, bar, hbar or pie
    header: tuple
    rows: list  # (label, value, ...) per row; a value may be None (nothing to average)
    series: tuple  # the columns (indexes into header) drawn as series
    note: str = ""
    counts: bool = True  # whole numbers: the chart's axis steps by one at least


def level_name(level):
    return "未督办" if level == 0 else f"督办上提{level}级"


def chart_tables(stats):
    """The dashboard's tables in the order the page shows them."""
    return [
        _weekly(stats),
        _timing(stats),
        _on_time(stats),
        _satisfaction(stats),
        _repeat(stats),
        _by_category(stats),
        _by_station(stats),
        _overdue(stats),
    ]


def _weekly(stats):
    rows = [(f"{monday:%m-%d}起", new, closed) for monday, new, closed in stats.weekly]
    return ChartTable(
        "weekly", "每周新增与办结", "line", ("周", "新增", "办结或关闭"), rows, (1, 2),
        "办结或关闭含撤回、合并与不予受理；周一至周日，按北京时间。",
    )  # fmt: skip


def _timing(stats):
    rows = [
        ("首次答复", stats.first_response.days, stats.first_response.count),
        ("办结", stats.resolution.days, stats.resolution.count),
    ]
    return ChartTable(
        "timing", "平均用时（工作日）", "bar", ("环节", "平均工作日", "件数"), rows, (1,),
        "自登记之日起，按工作日计（扣除法定节假日，含调休上班日）；统计时段内首次答复或办结的诉求。",
        counts=False,
    )  # fmt: skip


def _on_time(stats):
    share = stats.on_time
    rows = [("按期办结", share.part), ("逾期办结", share.whole - share.part)]
    return ChartTable(
        "on_time", "按期办结率", "pie", ("结果", "件数"), rows, (1,),
        f"按期办结率：{_percent(share.percent)}（共{share.whole}件，以办结时的办理期限为准）。",
    )  # fmt: skip


def _satisfaction(stats):
    rows = [(RATINGS[rating], n, percent) for rating, n, percent in stats.satisfaction]
    return ChartTable(
        "satisfaction", "满意度", "pie", ("评价", "件数", "占比（%）"), rows, (1,),
        "统计时段内作出的评价。",
    )  # fmt: skip


def _repeat(stats):
    share = stats.repeat
    rows = [("只提出一件", share.whole - share.part), ("提出两件及以上", share.part)]
    return ChartTable(
        "repeat", "重复诉求", "pie", ("提出诉求的人", "人数"), rows, (1,),
        f"重复诉求率：{_percent(share.percent)}（统计时段内提出诉求的{share.whole}人中；"
        "代为登记且未关联建档的诉求无法识别本人，不计入）。",
    )  # fmt: skip


def _by_category(stats):
    return ChartTable(
        "categories", "未办结诉求（按类别）", "bar", ("类别", "未办结"), list(stats.open_by_category), (1,),
        "当前状态，不受统计时段影响。",
    )  # fmt: skip


def _by_station(stats):
    rows = [(station.name, n) for station, n in stats.open_by_station]
    return ChartTable(
        "stations", "未办结诉求（按站点）", "hbar", ("站点", "未办结"), rows, (1,),
        "下级站点含其全部下属站点；当前状态。",
    )  # fmt: skip


def _overdue(stats):
    rows = [(level_name(level), n) for level, n in stats.overdue_by_level]
    return ChartTable(
        "overdue", "逾期未办结（按督办层级）", "bar", ("督办层级", "件数"), rows, (1,),
        "已过办理期限且未在等待本人补充的诉求；督办上提n级：已逐级上报n级。",
    )  # fmt: skip


def _percent(value):
    return "—" if value is None else f"{value}%"
