"""A deliberately naive day-by-day model of the calendar conventions, to test the fast paths."""

from __future__ import annotations

import datetime as dt

from govservice.calendar import EntryKind, WorkCalendar

ONE = dt.timedelta(days=1)


class Reference:
    """Answers from the calendar's raw data (week mask and entries), one day at a time."""

    def __init__(self, cal: WorkCalendar) -> None:
        self.weekmask = cal.weekmask
        self.entries = {e.date: e.kind for e in cal.days}

    def working(self, day: dt.date) -> bool:
        kind = self.entries.get(day)
        if kind is not None:
            return kind is EntryKind.WORKDAY
        return self.weekmask[day.weekday()] == "1"

    def add(self, day: dt.date, n: int) -> dt.date:
        if n == 0:
            while not self.working(day):
                day += ONE
            return day
        step = ONE if n > 0 else -ONE
        left = abs(n)
        while left:
            day += step
            if self.working(day):
                left -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE
            count += self.working(day)
        return count
