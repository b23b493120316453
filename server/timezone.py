"""Times are stored in UTC and reasoned about in Asia/Shanghai."""

from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")


def local(moment):
    return moment.astimezone(LOCAL)


def local_date(moment):
    return moment.astimezone(LOCAL).date()
