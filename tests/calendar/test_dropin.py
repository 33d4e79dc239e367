"""A ProvisionalCalendar is a drop-in WorkCalendar everywhere a calendar is taken."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from govservice import CalendarCoverageError
from govservice.approval import ParallelCase, construction_project_plan
from govservice.calendar import china, deadline
from govservice.matters import Case, sample_catalog
from govservice.metrics import compute_indicators, simulate
from govservice.supervision import monitor

SH = ZoneInfo("Asia/Shanghai")
CN = china()
PROV = CN.provisional(dt.date(2027, 12, 31))
ACCEPTED = dt.datetime(2026, 12, 10, 10, 0, tzinfo=SH)


def _matter() -> object:
    return sample_catalog()["990102-MZJ-002"]  # 60 working days statutory


def test_a_case_accepted_in_december_gets_provisional_due_dates() -> None:
    matter = _matter()
    official = Case.submit(matter, case_id="C1", applicant="李四", at=ACCEPTED, calendar=CN)  # type: ignore[arg-type]
    with pytest.raises(CalendarCoverageError):
        official.accept(at=ACCEPTED + dt.timedelta(minutes=5), by="窗口A")
    case = Case.submit(matter, case_id="C1", applicant="李四", at=ACCEPTED, calendar=PROV)  # type: ignore[arg-type]
    case = case.accept(at=ACCEPTED + dt.timedelta(minutes=5), by="窗口A")
    assert case.statutory_due_date is not None
    assert PROV.is_provisional(case.statutory_due_date)
    expected = deadline(ACCEPTED, matter.statutory_limit, PROV).due_date  # type: ignore[attr-defined]
    assert case.statutory_due_date == expected


def test_parallel_cases_and_schedules_take_a_provisional_calendar() -> None:
    plan = construction_project_plan()
    schedule = plan.schedule(dt.date(2026, 12, 1), PROV)
    assert PROV.is_provisional(schedule.due_date)
    case = ParallelCase.open(plan, "P1", dt.date(2026, 12, 1), PROV)
    assert case.calendar is PROV


def test_simulate_monitor_and_indicators_take_a_provisional_calendar() -> None:
    records = simulate(
        sample_catalog(),
        PROV,
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        seed=7,
        cases_per_day=10,
    )
    assert len(records) > 100
    watched = monitor(records, dt.date(2027, 1, 5), calendar=PROV)
    assert watched is not None
    assert len(compute_indicators(records)) >= 1
