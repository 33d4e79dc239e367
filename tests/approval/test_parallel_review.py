"""Findings of an integrator's review of parallel cases, each worked by hand.

Calendars: 2026 New Year (Jan 1-3 off, Sunday Jan 4 worked) and Spring Festival (Feb 15-23
off, Saturdays Feb 14 and Feb 28 worked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from govservice import InvalidValueError, TraceIntegrityError, TransitionError
from govservice.approval import ApprovalPlan, ParallelCase, Step
from govservice.calendar import TimeLimit, china

from ..forging import rechain

SH = ZoneInfo("Asia/Shanghai")
CN = china()
W = TimeLimit.working_days
PLAN = ApprovalPlan(
    [
        Step("land", "自然资源局", W(5)),
        Step("build", "住建局", W(5), requires=["land"]),
        Step("fire", "消防救援大队", W(4), requires=["land"]),
    ],
    lead="综合窗口",
)


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SH)


def decided() -> ParallelCase:
    case = PLAN.open("P-NY", dt.date(2025, 12, 29), calendar=CN)
    case = case.decide("land", "approved", at=at(1, 4), by="规划科")
    case = case.decide("build", "approved", at=at(1, 6), by="住建科")
    return case.decide("fire", "approved", at=at(1, 7), by="消防科")


def test_steps_and_delivery_across_new_year_2026_art_44() -> None:
    case = PLAN.open("P-NY", dt.date(2025, 12, 29), calendar=CN)
    # Dec 30, Dec 31, Sunday Jan 4 (worked), Jan 5, Jan 6
    assert case.tasks["land"].deadline == dt.date(2026, 1, 6)
    case = case.decide("land", "approved", at=at(1, 4), by="规划科")
    assert case.tasks["fire"].deadline == dt.date(2026, 1, 8)  # anchored on the make-up Sunday
    case = decided()
    # ten working days after the joint decision of Wednesday Jan 7
    assert case.delivery_due_date == dt.date(2026, 1, 21)
    done = case.close(at=at(1, 21, 17), by="综合窗口")
    assert done.timeliness.delivery.value == "on_time"


def test_steps_across_the_spring_festival_2026() -> None:
    case = PLAN.open("P-SF", dt.date(2026, 2, 12), calendar=CN)
    # Feb 13, Saturday Feb 14 (worked), then Feb 24, 25, 26
    assert case.tasks["land"].deadline == dt.date(2026, 2, 26)
    case = case.decide("land", "approved", at=at(2, 14), by="规划科")
    assert case.tasks["fire"].deadline == dt.date(2026, 2, 27)
    assert case.tasks["build"].deadline == dt.date(2026, 2, 28)  # the make-up Saturday


def test_an_opening_naming_another_case_than_its_trace_is_refused_rechained() -> None:
    case = decided()

    def other(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["data"]["case_id"] = "P-OTHER"

    with pytest.raises(TraceIntegrityError, match="event 0") as info:
        ParallelCase.from_json(rechain(case, other), calendar=CN)
    assert info.value.sequence == 0


def test_an_opening_recorded_before_the_day_of_acceptance_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="on or after the day of acceptance 2025-12-29"):
        PLAN.open("P-E", dt.date(2025, 12, 29), calendar=CN, at=at(12, 20, year=2025))
    # recorded later than the day of acceptance (entered afterwards) is allowed
    later = PLAN.open("P-E", dt.date(2025, 12, 29), calendar=CN, at=at(12, 30, year=2025))
    assert later.tasks["land"].anchor == dt.date(2025, 12, 29)
    # 07:00 in Shanghai on the day of acceptance is still that day (23:00 UTC the day before)
    early = dt.datetime(2025, 12, 28, 23, tzinfo=dt.UTC)
    assert PLAN.open("P-E", dt.date(2025, 12, 29), calendar=CN, at=early).opened_at == early

    def backdated(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["at"] = "2025-12-20T02:00:00+00:00"

    with pytest.raises(TraceIntegrityError, match="day of acceptance"):
        ParallelCase.from_json(rechain(decided(), backdated), calendar=CN)


def test_an_opening_without_an_actor_is_refused_rechained() -> None:
    def anonymous(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["by"] = " "

    with pytest.raises(TraceIntegrityError, match="by must be who acted"):
        ParallelCase.from_json(rechain(decided(), anonymous), calendar=CN)


def test_completing_a_sealed_case_says_nothing_is_allowed() -> None:
    done = decided().complete(at=at(1, 8), by="综合窗口")
    withdrawn = PLAN.open("P-W", dt.date(2025, 12, 29), calendar=CN).withdraw(
        at=at(12, 30, year=2025), by="申请人"
    )
    for case in (done, withdrawn):
        with pytest.raises(TransitionError, match=r"allowed: none \(sealed\)"):
            case.complete(at=at(1, 9), by="综合窗口")
    with pytest.raises(TransitionError, match=r"allowed: decide"):
        PLAN.open("P-O", dt.date(2025, 12, 29), calendar=CN).complete(at=at(1, 9), by="窗口")
