"""Working hours: adding office hours to an instant and counting them between two instants."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from govservice._errors import InvalidValueError
from govservice._zones import zone

if TYPE_CHECKING:
    from govservice.calendar._calendar import WorkCalendar

__all__ = ["add_working_hours", "in_zone", "working_hours_between", "zone"]

_MICRO = 1_000_000
_DAY = 86_400 * _MICRO
_MAX_HOURS = 24 * 366 * 10_000  # more than every hour of years 1..9999


def _micro(t: dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _MICRO + t.microsecond


def _sessions(cal: WorkCalendar) -> tuple[tuple[int, int], ...]:
    return tuple((_micro(s), _micro(e)) for s, e in cal.office_hours.sessions)


def in_zone(moment: dt.datetime, tz: dt.tzinfo, field: str) -> dt.datetime:
    """``moment`` in ``tz``, or InvalidValueError when that falls outside years 1..9999."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        raise InvalidValueError(
            field, moment, "an instant whose local time is within years 1..9999"
        ) from None


def _local(cal: WorkCalendar, moment: object, field: str) -> dt.datetime:
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        raise InvalidValueError(field, moment, "an aware datetime (with a time zone)")
    return in_zone(moment, zone(cal.office_hours.timezone), field)


def _at(cal: WorkCalendar, day: dt.date, micro: int) -> dt.datetime:
    try:
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(microseconds=micro)
    except OverflowError:
        raise InvalidValueError("at", day, "an instant within years 1..9999") from None
    return naive.replace(tzinfo=zone(cal.office_hours.timezone))


def _amount(hours: object) -> int:
    if isinstance(hours, dt.timedelta):
        micro = hours // dt.timedelta(microseconds=1)
    elif (
        isinstance(hours, int | float)
        and not isinstance(hours, bool)
        and abs(hours) <= _MAX_HOURS  # also refuses NaN, infinities and huge integers
    ):
        micro = round(hours * 3600 * _MICRO)
    else:
        raise InvalidValueError(
            "hours", hours, f"a number of hours (at most {_MAX_HOURS:,}) or a timedelta"
        )
    if micro < 0:
        raise InvalidValueError("hours", hours, "zero or more hours")
    return micro


def add_working_hours(
    cal: WorkCalendar, at: dt.datetime, hours: float | dt.timedelta
) -> dt.datetime:
    """The instant at which ``hours`` office hours after ``at`` have passed (see WorkCalendar)."""
    local = _local(cal, at, "at")
    remaining = _amount(hours)
    if remaining == 0:
        return local
    sessions = _sessions(cal)
    per_day = sum(e - s for s, e in sessions)
    day = local.date()
    clock = _micro(local.timetz().replace(tzinfo=None))
    while True:
        if cal.is_working_day(day):
            for start, end in sessions:
                if clock >= end:
                    continue
                begin = max(clock, start)
                if remaining <= end - begin:
                    return _at(cal, day, begin + remaining)
                remaining -= end - begin
                clock = end
        whole = (remaining - 1) // per_day
        day = cal.add_working_days(day, whole + 1)
        remaining -= whole * per_day
        clock = 0


def _within_day(sessions: tuple[tuple[int, int], ...], lo: int, hi: int) -> int:
    return sum(max(0, min(e, hi) - max(s, lo)) for s, e in sessions)


def working_hours_between(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Office time between two instants; negative when ``end`` is before ``start``."""
    a = _local(cal, start, "start")
    b = _local(cal, end, "end")
    if b < a:
        return -working_hours_between(cal, b, a)
    sessions = _sessions(cal)
    per_day = sum(e - s for s, e in sessions)
    d0, d1 = a.date(), b.date()
    t0 = _micro(a.timetz().replace(tzinfo=None))
    t1 = _micro(b.timetz().replace(tzinfo=None))
    if d0 == d1:
        total = _within_day(sessions, t0, t1) if cal.is_working_day(d0) else 0
    else:
        first = _within_day(sessions, t0, _DAY) if cal.is_working_day(d0) else 0
        last = _within_day(sessions, 0, t1) if cal.is_working_day(d1) else 0
        middle = cal.working_days_between(d0, d1) - cal.is_working_day(d1)
        total = first + middle * per_day + last
    return dt.timedelta(microseconds=total)
