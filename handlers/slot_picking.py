"""Choosing a day and a time of a schedule in chat, for 预约办事 and for 改约 in 我的预约: the days of the
next two weeks with places left ("12月8日 周二 余5"), then that day's free times ("09:00 余1"),
numbered. A long list shows a page at a time ("更多"); the numbers stay those of the whole list, and
what a number means is what was shown, kept in the dialog."""

from datetime import date, datetime, timedelta

from handlers import texts
from handlers.choices import normal, position_of
from handlers.request_parts import BACK
from models.types import utcnow
from server.operations.appointments.slots import availability, day_label
from server.timezone import local_date

DAYS_AHEAD = 14
DAY_PAGE = 7
TIME_PAGE = 8
MORE = "更多"


def free_days(schedule):
    today = local_date(utcnow())
    return [d for d in availability(schedule, today, today + timedelta(days=DAYS_AHEAD)) if d.remaining > 0]


def free_times(schedule, day):
    return [slot for found in availability(schedule, day, day) for slot in found.slots if slot.remaining > 0]


def day_choices(ctx, schedule, step, start=0):
    """The numbered days with places (a page of them) with the dialog at `step`; "" when none."""
    days = free_days(schedule)
    ctx.dialog.goto(step, days=[d.day.isoformat() for d in days], start=start)
    lines = [
        texts.BOOK_DAY_LINE.format(n=n, day=day_label(d.day), remaining=d.remaining)
        for n, d in enumerate(days, start=1)
    ]
    return _page(lines, start, DAY_PAGE)


def time_choices(ctx, schedule, day, step, start=0):
    """The numbered free times of `day` (a page of them) with the dialog at `step`; "" when none."""
    slots = free_times(schedule, day)
    ctx.dialog.goto(step, day=day.isoformat(), times=[s.starts_at.isoformat() for s in slots], start=start)
    lines = [
        texts.BOOK_TIME_LINE.format(n=n, time=f"{s.local_start:%H:%M}", remaining=s.remaining)
        for n, s in enumerate(slots, start=1)
    ]
    return _page(lines, start, TIME_PAGE)


def next_start(data, key, size):
    """Where the page after the one shown starts (the first again after the last)."""
    start = data.get("start", 0) + size
    return start if start < len(data[key]) else 0


def picked_day(said, data):
    value = _picked(said, data["days"])
    return date.fromisoformat(value) if value else None


def picked_time(said, data):
    value = _picked(said, data["times"])
    return datetime.fromisoformat(value) if value else None


def is_more(said):
    return normal(said) == MORE


def chosen_day(data):
    return date.fromisoformat(data["day"])


def chosen_time(data):
    return datetime.fromisoformat(data["starts_at"])


def _picked(said, values):
    position = position_of(said)
    if position is None or not 1 <= position <= len(values):
        return None
    return values[position - 1]


def _page(lines, start, size):
    shown = lines[start : start + size]
    if start + size < len(lines):
        shown.append(texts.BOOK_MORE)
    return "\n".join(shown)


def answer_day(said, data, back, ask_day, ask_time):
    """The day step booking and moving share: 上一步 (`back()`), 更多, a day (`ask_time(day)`), or
    nonsense (the days again with a note)."""
    if normal(said) == BACK:
        return back()
    if is_more(said):
        return ask_day(start=next_start(data, "days", DAY_PAGE))
    day = picked_day(said, data)
    if day is None:
        return ask_day(start=data.get("start", 0), note=texts.BAD_CHOICE + "\n")
    return ask_time(day)


def answer_time(said, data, back, ask_time, chosen):
    """The time step booking and moving share: 上一步 (`back()`), 更多, a time (`chosen(starts_at)`),
    or nonsense (the times again with a note)."""
    if normal(said) == BACK:
        return back()
    day = chosen_day(data)
    if is_more(said):
        return ask_time(day, start=next_start(data, "times", TIME_PAGE))
    starts_at = picked_time(said, data)
    if starts_at is None:
        return ask_time(day, start=data.get("start", 0), note=texts.BAD_CHOICE + "\n")
    return chosen(starts_at)
