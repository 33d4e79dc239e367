"""A parallel case's state row says what the case says: its statutory bound, its timeliness,
its delivery, and no running due date while its clocks are stopped. Both backends.

Hand-worked: a plan with an overall (committed) limit of 20 working days accepted on Monday
29 December 2025 (Jan 1-3 2026 off, Sunday Jan 4 worked).
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError, TransitionError
from govservice.approval import ParallelCase, TaskStatus
from govservice.calendar import TimeLimit, WorkCalendar
from govservice.store import CaseStore

from ..approval.test_parallel_review import PLAN as STEPS_ONLY
from ..approval.test_parallel_review import SH, at

W = TimeLimit.working_days
#: The review's plan (land, then build and fire) with an overall limit of its own.
PLAN = attrs.evolve(STEPS_ONLY, overall_limit=W(20))
EXTEND = {"by": "综合窗口", "approved_by": "副县长", "reason": "联合验收"}


def delivered(calendar: WorkCalendar) -> ParallelCase:
    case = PLAN.open("P-A", dt.date(2025, 12, 29), calendar=calendar)
    case = case.decide("land", "approved", at=at(1, 4), by="规划科")
    case = case.extend(at=at(1, 5), amount=10, **EXTEND)
    case = case.decide("build", "approved", at=at(1, 6), by="住建科")
    case = case.decide("fire", "approved", at=at(1, 6, 11), by="消防科")
    return case.complete(at=at(1, 8, 15), by="综合窗口")


def test_the_row_has_the_statutory_bound_and_the_delivery_art_42_para_2_art_44(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    case = delivered(calendar)
    # 45 + 10 working days: the statutory bound, not the plan's 20 committed days (an
    # art. 42 extension moves the plan's limit only under a local rule)
    assert (case.due_date, case.statutory_due_date) == (dt.date(2026, 1, 27), dt.date(2026, 3, 23))
    store.add(case)
    row = store.row("P-A")
    assert (row.due_date, row.statutory_due_date) == (case.due_date, case.statutory_due_date)
    assert row.delivery_due_date == dt.date(2026, 1, 20)
    assert row.timeliness == ("early", "early", "early")
    assert row.decided_at == case.decided_at == at(1, 6, 11)
    record = store.records(dt.date(2025, 12, 1), dt.date(2026, 1, 31)).iloc[0]
    assert str(record["statutory_due"].date()) == "2026-03-23"
    assert (int(record["committed_working_days"]), int(record["statutory_working_days"])) == (
        20,
        45,
    )
    assert int(record["extended_working_days"]) == 10
    assert record["delivered_at"] == case.delivered_at
    assert bool(record["deemed_acceptance"]) is False
    assert store.verify().ok


def test_a_suspended_parallel_case_is_not_overdue_and_a_local_rule_keeps_the_bound_art_45(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    opened = PLAN.open("P-S", dt.date(2026, 2, 12), calendar=calendar)
    expert = opened.suspend(at=at(2, 13), by="综合窗口", reason="专家评审")
    store.add(expert)
    row = store.row("P-S")
    assert (row.due_date, row.statutory_due_date) == (None, None)  # the clocks are stopped
    assert store.overdue(dt.date(2026, 6, 1)).total == 0
    assert store.overdue(dt.date(2026, 6, 1), due="statutory").total == 0
    # resumed on Feb 26: Feb 13, Sat Feb 14, Feb 24, 25 were not counted
    resumed = expert.resume(at=at(2, 26), by="综合窗口")
    store.save(resumed)
    row = store.row("P-S")
    assert (row.due_date, row.statutory_due_date) == (dt.date(2026, 3, 24), dt.date(2026, 4, 29))
    assert [r.case_id for r in store.overdue(dt.date(2026, 3, 25)).items] == ["P-S"]
    record = store.records(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).iloc[0]
    assert int(record["suspended_working_days"]) == 4
    # a supplement under a local rule stops the committed clock only
    local = PLAN.open("P-L", dt.date(2026, 2, 12), calendar=calendar)
    store.add(local.suspend(at=at(2, 13), by="综合窗口", reason="补正材料", note="本县办法"))
    row = store.row("P-L")
    assert (row.due_date, row.statutory_due_date) == (None, dt.date(2026, 4, 23))
    assert [r.case_id for r in store.overdue(dt.date(2026, 4, 24), due="statutory").items] == [
        "P-L"
    ]
    assert store.verify().ok


_IDS = itertools.count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moves=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 12)), max_size=12),
    start=st.sampled_from([dt.date(2025, 12, 29), dt.date(2026, 1, 30), dt.date(2026, 2, 12)]),
)
def test_any_parallel_case_is_stored_with_the_values_it_gives(
    store: CaseStore,
    calendar: WorkCalendar,
    moves: list[tuple[int, int]],
    start: dt.date,
) -> None:
    """Whatever legal acts a case went through, its row is the case's own view of itself."""
    case_id = f"P-H{next(_IDS)}"
    case = PLAN.open(case_id, start, calendar=calendar)
    store.add(case)
    day = start
    for kind, gap in moves:
        day = calendar.add_working_days(day, gap) if gap else day
        when = dt.datetime.combine(day, dt.time(11), SH)
        ready = [s for s, t in case.tasks.items() if t.status is TaskStatus.READY]
        try:
            if kind in (0, 1, 2) and ready:
                outcome = "denied" if kind == 2 else "approved"
                case = case.decide(ready[0], outcome, at=when, by="科长")
            elif kind == 3:
                reason = "专家评审" if gap % 2 else "补正材料"
                case = case.suspend(at=when, by="综合窗口", reason=reason, note="本县办法")
            elif kind == 4:
                case = case.resume(at=when, by="综合窗口")
            elif kind == 5:
                case = case.extend(at=when, amount=1 + gap % 5, **EXTEND)
            elif kind == 6:
                case = case.complete(at=when, by="综合窗口")
            elif kind == 7 and gap == 0:
                case = case.withdraw(at=when, by="申请人")
        except (TransitionError, InvalidValueError):  # an act the case refuses
            continue
        store.save(case)
    row = store.row(case_id)
    reason = case.suspension_reason if case.suspended_since is not None else None
    assert row.state == case.state.value
    assert row.due_date == (case.due_date if reason is None else None)
    statutory = case.statutory_due_date if reason is None or not reason.statutory else None
    assert row.statutory_due_date == statutory
    assert row.delivery_due_date == case.delivery_due_date
    t = case.timeliness
    assert row.timeliness == (t.committed.value, t.statutory.value, t.delivery.value)
    assert (row.decided_at, row.ended_at) == (case.decided_at, case.ended_at)
    today = calendar.add_working_days(day, 3)
    listed = {r.case_id for r in store.overdue(today, limit=1000).items}
    # the committed limit runs to 办结 (the unified delivery): a decided case still counts
    running = case.ended_at is None and row.due_date is not None
    assert (case_id in listed) == (running and row.due_date < today)
    assert store.get(case_id) == case


@pytest.mark.parametrize("when", [dt.date(2026, 1, 2), dt.date(2026, 2, 20)])
def test_a_case_opened_on_a_holiday_keeps_its_row(
    store: CaseStore, calendar: WorkCalendar, when: dt.date
) -> None:
    """Accepted online on a rest day (New Year, Spring Festival): counted from that day."""
    case = PLAN.open(f"P-{when}", when, calendar=calendar)
    store.add(case)
    row = store.row(f"P-{when}")
    assert (row.due_date, row.statutory_due_date) == (case.due_date, case.statutory_due_date)
