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
    case = ParallelCase.open(plan, "P1", dt.date(2026, 12, 1), calendar=PROV)
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
    assert len(compute_indicators(records, calendar=PROV)) >= 1


def test_records_say_which_cases_have_provisional_due_dates() -> None:
    from govservice.metrics import records_from_cases

    matter = _matter()
    late = Case.submit(matter, case_id="C2", applicant="王五", at=ACCEPTED, calendar=PROV)  # type: ignore[arg-type]
    late = late.accept(at=ACCEPTED + dt.timedelta(minutes=5), by="窗口A")
    early_at = dt.datetime(2026, 6, 1, 10, tzinfo=SH)
    early = Case.submit(matter, case_id="C3", applicant="赵六", at=early_at, calendar=PROV)  # type: ignore[arg-type]
    early = early.accept(at=early_at + dt.timedelta(minutes=5), by="窗口A")
    records = records_from_cases([late, early], center="示例中心", calendar=PROV)
    assert records.set_index("case_id")["provisional"].to_dict() == {"C2": True, "C3": False}


def test_the_monthly_report_carries_a_banner_for_estimated_dates() -> None:
    from govservice._columns import RecordColumns
    from govservice.supervision._report import _provisional_banner

    records = simulate(
        sample_catalog(),
        PROV,
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        seed=3,
        cases_per_day=5,
    )
    banner = _provisional_banner(RecordColumns(records, PROV), PROV, "zh_CN")
    assert "含预估日期" in banner
    assert "2026-12-31" in banner
    assert _provisional_banner(RecordColumns(records, PROV), CN, "zh_CN") == ""
    import pandas as pd

    due = pd.to_datetime(records["statutory_due"])
    early = records[due.notna() & (due <= pd.Timestamp(2026, 12, 31))]
    assert len(early) > 0
    assert _provisional_banner(RecordColumns(early, PROV), PROV, "en") == ""


def test_every_sample_matter_can_be_accepted_on_10_december_under_a_provisional_year() -> None:
    refused = accepted = 0
    for matter in sample_catalog():
        for cal in (CN, PROV):
            case = Case.submit(matter, case_id="X", applicant="甲", at=ACCEPTED, calendar=cal)
            try:
                case.accept(at=ACCEPTED + dt.timedelta(minutes=1), by="窗口A")
            except CalendarCoverageError:
                assert cal is CN
                refused += 1
            else:
                accepted += cal is PROV
    assert (refused, accepted) == (41, 66)  # the figures: 41 of 66 refused by 10 Dec
