"""The steps of a deadline's explanation name the same days as a day-by-day reading would."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from govservice.calendar import (
    DayKind,
    DeadlineStep,
    StepKind,
    Suspension,
    TimeLimit,
    china,
    deadline,
)

CAL = china()


def day_by_day(first: dt.date, last: dt.date, suspended: list[tuple[dt.date, dt.date]]) -> list:
    """The make-up workdays, runs of days off and the weekend count, one day at a time."""
    body: list[DeadlineStep] = []
    weekends = 0
    day = first
    while day <= last:
        if any(a <= day <= b for a, b in suspended):
            day += dt.timedelta(days=1)
            continue
        kind, entry = CAL.day_kind(day), CAL.entry(day)
        if kind is DayKind.MAKEUP_WORKDAY and entry is not None:
            body.append(DeadlineStep(StepKind.MAKEUP_DAY, day, name=entry.name))
        elif kind.is_working:
            pass
        elif entry is None:
            weekends += 1
        elif (
            body
            and body[-1].kind is StepKind.DAYS_OFF
            and body[-1].end == day - dt.timedelta(days=1)
            and body[-1].name == entry.name
        ):
            last_run = body[-1]
            body[-1] = DeadlineStep(
                StepKind.DAYS_OFF, last_run.start, day, entry.name, (last_run.count or 0) + 1
            )
        else:
            body.append(DeadlineStep(StepKind.DAYS_OFF, day, day, entry.name, 1))
        day += dt.timedelta(days=1)
    return [*body, *([DeadlineStep(StepKind.WEEKENDS, count=weekends)] if weekends else [])]


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(dt.date(2019, 1, 1), dt.date(2025, 6, 30)),
    days=st.integers(1, 80),
    pause=st.none() | st.tuples(st.integers(1, 20), st.integers(0, 15)),
)
def test_named_days_equal_a_day_by_day_reading(
    start: dt.date, days: int, pause: tuple[int, int] | None
) -> None:
    suspensions = []
    if pause is not None:
        begin = start + dt.timedelta(days=pause[0])
        suspensions.append(Suspension(begin, begin + dt.timedelta(days=pause[1]), "检测"))
    d = deadline(start, TimeLimit.working_days(days), CAL, suspensions=suspensions)
    named = [
        s
        for s in d.steps()
        if s.kind in (StepKind.MAKEUP_DAY, StepKind.DAYS_OFF, StepKind.WEEKENDS)
    ]
    ranges = [(s.start, s.end) for s in suspensions]
    assert named == day_by_day(start + dt.timedelta(days=1), d.due_date, ranges)
