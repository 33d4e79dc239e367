"""The year boundary on a case: a provisional year in December, the notice in winter.

A case accepted in December on a provisional year (2027 by rule of thumb) is marked
provisional; moved to the official calendar when the notice arrives it no longer is, and it
reads back on the new calendar exactly as it was moved, whenever the move is made (at 23:30
on 31 December or at 00:30 on 1 January, Beijing time: the UTC date is 31 December both
times). A provisional day already passed is never kept as "used": it was never official.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import CalendarCoverageError, CalendarMismatchError
from govservice.approval import ParallelCase, construction_project_plan
from govservice.calendar import china
from govservice.matters import Case, sample_catalog

from ..notice_2027 import official_2027, provisional_2027

SH = ZoneInfo("Asia/Shanghai")
PROVISIONAL = provisional_2027()
OFFICIAL = official_2027()
MATTER = sample_catalog()["990102-SJJ-003"]  # 5 committed, 10 statutory working days


def accepted(when: dt.datetime, calendar: object = PROVISIONAL, case_id: str = "Y-1") -> Case:
    case = Case.submit(
        MATTER, case_id=case_id, applicant="张三", at=when, by="窗口1", calendar=calendar
    )
    return case.accept(at=when, by="窗口1")


@pytest.mark.parametrize(("hour", "minute"), [(23, 30), (0, 30)])
def test_recalendar_across_new_year_counts_every_provisional_day_again(
    hour: int, minute: int
) -> None:
    """Accepted 31 Dec at 23:30; moved at 23:30 on 31 Dec or at 00:30 on 1 Jan (UTC: 31 Dec
    both times). Before, the move at 00:30 kept 1 January (a statutory holiday the weekends
    rule of thumb had as a working day) as "already used": due 7 Jan instead of 8 Jan, and
    the case no longer read back on the new calendar."""
    case = accepted(dt.datetime(2026, 12, 31, 23, 30, tzinfo=SH))
    assert (case.due_date, case.provisional) == (dt.date(2027, 1, 7), True)
    day = 31 if hour == 23 else 1
    when = dt.datetime(2026 if day == 31 else 2027, 12 if day == 31 else 1, day, hour, minute,
                       tzinfo=SH)  # fmt: skip
    assert when.astimezone(dt.UTC).date() == dt.date(2026, 12, 31)
    moved = case.recalendar(OFFICIAL, at=when, by="管理员")
    assert (moved.due_date, moved.statutory_due_date) == (dt.date(2027, 1, 8), dt.date(2027, 1, 15))
    assert moved.provisional is False
    assert Case.from_json(moved.to_json(), calendar=OFFICIAL) == moved


@settings(max_examples=60, deadline=None)
@given(
    accepted_at=st.datetimes(
        dt.datetime(2026, 12, 1),  # noqa: DTZ001  # local times, given the zone below
        dt.datetime(2026, 12, 31, 23, 59),  # noqa: DTZ001
    ),
    delay=st.timedeltas(dt.timedelta(0), dt.timedelta(days=12)),
)
def test_a_case_moved_off_a_provisional_year_is_the_case_counted_on_the_notice(
    accepted_at: dt.datetime, delay: dt.timedelta
) -> None:
    """Whenever it is moved (before or after the provisional days it ran over), a case moved
    from the provisional year to the notice has the due dates it would have had on the
    notice from the start, is official, and reads back on the new calendar as it is."""
    when = accepted_at.replace(tzinfo=SH)
    case = accepted(when)
    moved = case.recalendar(OFFICIAL, at=when + delay, by="管理员")
    direct = accepted(when, OFFICIAL)
    got = (moved.due_date, moved.statutory_due_date)
    assert got == (direct.due_date, direct.statutory_due_date)
    assert moved.provisional is False
    assert Case.from_json(moved.to_json(), calendar=OFFICIAL) == moved


def test_moved_to_a_calendar_still_provisional_later_the_mark_stays() -> None:
    later = OFFICIAL.provisional(dt.date(2028, 12, 31), basis="weekends")
    case = accepted(dt.datetime(2027, 12, 24, 10, tzinfo=SH), later)
    assert case.provisional  # due in January 2028
    moved = case.recalendar(later, at=dt.datetime(2027, 12, 27, 10, tzinfo=SH), by="管理员")
    assert moved.provisional


def test_a_provisional_case_read_on_the_calendar_before_its_year_is_a_coverage_error() -> None:
    """Not a forged trace (TraceIntegrityError, before): the trace is sound, the calendar
    ends before its due dates; the error says how to go on."""
    case = accepted(dt.datetime(2026, 12, 28, 10, tzinfo=SH))
    with pytest.raises(CalendarCoverageError, match="2026-12-31; either load that year's notice"):
        Case.from_json(case.to_json(), calendar=china())
    plan = construction_project_plan().open("P-1", dt.date(2026, 12, 16), calendar=PROVISIONAL)
    assert plan.provisional
    with pytest.raises(CalendarCoverageError):
        ParallelCase.from_json(plan.to_json(), calendar=china())
    with pytest.raises(CalendarMismatchError):  # the notice moves its dates: explicit recalendar
        ParallelCase.from_json(plan.to_json(), calendar=OFFICIAL)
    when = dt.datetime(2026, 12, 29, 17, tzinfo=SH)
    moved = ParallelCase.from_json(
        plan.to_json(), calendar=OFFICIAL, recalendar=True, by="管理员", at=when
    )
    assert moved.provisional is False


def test_a_local_closure_dropped_is_refused_and_a_later_year_is_accepted() -> None:
    closures = OFFICIAL.with_closures(dt.date(2027, 3, 1), dt.date(2027, 3, 2), "搬迁闭厅")
    case = accepted(dt.datetime(2027, 2, 22, 10, tzinfo=SH), closures)
    case = case.review(at=dt.datetime(2027, 2, 23, 10, tzinfo=SH), by="审核员", opinion="同意")
    case = case.approve(at=dt.datetime(2027, 3, 4, 10, tzinfo=SH), by="局长", opinion="准予")
    with pytest.raises(CalendarMismatchError, match="due recorded as 2027-03-03"):
        Case.from_json(case.to_json(), calendar=OFFICIAL)
    extended = closures.provisional(dt.date(2028, 12, 31))
    assert Case.from_json(case.to_json(), calendar=extended) == case


def test_a_reported_case_moved_counts_the_lower_levels_due_date_again() -> None:
    """Art. 43: the lower level's 20 working days. Before, `recalendar` left the provisional
    ``lower_due_date`` (7 January) while the case read back on the new calendar had
    8 January: the moved case and its replay differed."""
    matter = sample_catalog()["990102-SLJ-001"]  # reported to the province
    when = dt.datetime(2026, 12, 10, 10, tzinfo=SH)
    case = Case.submit(matter, case_id="R-1", applicant="张三", at=when, calendar=PROVISIONAL)
    case = case.accept(at=dt.datetime(2026, 12, 10, 10, tzinfo=SH), by="窗口1")
    case = case.review(at=dt.datetime(2026, 12, 11, 10, tzinfo=SH), by="审核员", opinion="同意")
    case = case.report_up(at=dt.datetime(2026, 12, 14, 10, tzinfo=SH), by="审核员", to="水利厅")
    assert (case.lower_due_date, case.provisional) == (dt.date(2027, 1, 7), True)
    moved = case.recalendar(OFFICIAL, at=dt.datetime(2026, 12, 29, 10, tzinfo=SH), by="管理员")
    assert (moved.lower_due_date, moved.provisional) == (dt.date(2027, 1, 8), False)
    assert Case.from_json(moved.to_json(), calendar=OFFICIAL) == moved
