"""Eighth review of parallel cases: deemed consent and the one extension, by hand on `china()`.

March 2025 has no holiday: a plan accepted on Monday 3 March 2025, its land-use step decided
on Tuesday 4 March, gives the fire step (4 working days from 4 March) the deadline Monday 10
March, which ends at the close of office hours, 17:30 (Civil Code art. 203).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from govservice import CalendarMismatchError, InvalidValueError, TraceIntegrityError
from govservice.approval import ApprovalPlan, ParallelCase, ParallelState, Step
from govservice.calendar import TimeLimit, china
from govservice.metrics import records_from_cases

from ..forging import rechain

SH = ZoneInfo("Asia/Shanghai")
CN = china()
W = TimeLimit.working_days
ACCEPTED = dt.date(2025, 3, 3)
RULE = "某市工程建设项目并联审批实施办法第十二条"
PLAN = ApprovalPlan(
    [
        Step("land", "自然资源局", W(5)),
        Step("fire", "消防救援大队", W(4), requires=["land"], on_timeout="deemed_consent",
             timeout_basis=RULE),
        Step("env", "生态环境局", W(10), requires=["land"]),
    ],
    lead="综合窗口",
    overall_limit=W(20),
)  # fmt: skip


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SH)


def land_decided() -> ParallelCase:
    case = PLAN.open("P-8", ACCEPTED, calendar=CN)
    return case.decide("land", "approved", at=at(3, 4), by="规划科")


# -- deemed consent (超时默认同意, a local rule): dated when the deadline expired -----------------


def test_deemed_consent_is_dated_at_the_close_of_the_deadline_day_civil_code_art_203() -> None:
    """The timeout job runs on Thursday 13 March, three days late: consent was deemed when the
    deadline expired, Monday 10 March at 17:30, and the event stays recorded on the 13th."""
    case = land_decided().decide("env", "approved", at=at(3, 7), by="环评科")
    assert case.tasks["fire"].deadline == dt.date(2025, 3, 10)
    case = case.apply_timeouts(at=at(3, 13), by="电子监察")
    deemed = case._decided["fire"]
    assert (deemed.deemed, deemed.basis, deemed.on) == (True, RULE, dt.date(2025, 3, 10))
    assert deemed.at == at(3, 10, 17, 30)
    assert case.trace.events[-1].payload["at"] == "2025-03-13T02:00:00+00:00"  # recorded late
    # fire was the last answer: the joint result is decided when its consent was deemed
    assert case.state is ParallelState.APPROVED
    assert case.decided_at == at(3, 10, 17, 30)
    # art. 44: ten working days from Monday 10 March (11-14, 17-21, 24), not from the 13th
    assert case.delivery_due_date == dt.date(2025, 3, 24)
    late = case.complete(at=at(3, 25, 9), by="综合窗口")
    assert late.timeliness.delivery.value == "late"
    assert case.complete(at=at(3, 24, 17), by="综合窗口").timeliness.delivery.value == "on_time"
    # the records and the store read the same instant
    row = records_from_cases([late], calendar=CN).iloc[0]
    assert row["decided_at"] == at(3, 10, 17, 30)
    again = ParallelCase.from_json(late.to_json(), calendar=CN)
    assert again == late
    assert again.decided_at == at(3, 10, 17, 30)


def test_the_result_waits_for_an_answer_given_after_the_deemed_consent() -> None:
    """env answers on Wednesday 12 March, after fire's consent was deemed (Monday 10 March at
    17:30) but before the timeout was recorded (13 March): the result is decided on the 12th."""
    case = land_decided().decide("env", "approved", at=at(3, 12), by="环评科")
    case = case.apply_timeouts(at=at(3, 13), by="电子监察")
    assert case._decided["fire"].at == at(3, 10, 17, 30)
    assert case.decided_at == at(3, 12)
    assert case.delivery_due_date == dt.date(2025, 3, 26)  # 13, 14, 17-21, 24, 25, 26


def test_deemed_consent_is_not_dated_before_an_opening_recorded_late() -> None:
    """Accepted Monday 3 March but opened in the system on Wednesday 12 March: fire (4 working
    days, due Friday 7 March) is deemed when the case was opened, not before it existed."""
    fire = Step("fire", "消防救援大队", W(4), on_timeout="deemed_consent", timeout_basis=RULE)
    alone = ApprovalPlan([fire], lead="综合窗口")
    case = alone.open("P-8L", ACCEPTED, calendar=CN, at=at(3, 12))
    assert case.tasks["fire"].deadline == dt.date(2025, 3, 7)
    case = case.apply_timeouts(at=at(3, 13), by="电子监察")
    assert case.decided_at == case._decided["fire"].at == at(3, 12)


def test_a_trace_written_before_still_loads_with_the_deemed_date() -> None:
    """Before, the timeout's check recorded the delivery due date counted from the day the
    timeout was recorded (13 March: due 27 March); the trace loads, the case is decided on 10
    March. Any other recorded date is still a calendar mismatch."""
    case = land_decided().decide("env", "approved", at=at(3, 7), by="环评科")
    case = case.apply_timeouts(at=at(3, 13), by="电子监察")

    def older(payloads: list[dict[str, Any]]) -> None:
        payloads[-1]["data"]["check"]["delivery_due"] = "2025-03-27"

    again = ParallelCase.from_json(rechain(case, older), calendar=CN)
    assert again.decided_at == at(3, 10, 17, 30)
    assert again.delivery_due_date == dt.date(2025, 3, 24)

    def other(payloads: list[dict[str, Any]]) -> None:
        payloads[-1]["data"]["check"]["delivery_due"] = "2025-03-28"

    with pytest.raises(CalendarMismatchError, match="delivery_due"):
        ParallelCase.from_json(rechain(case, other), calendar=CN)


# -- art. 42 para. 2: one extension of the statutory bound ----------------------------------------

HEAD = {"by": "综合窗口", "approved_by": "副县长", "reason": "联合验收"}


def test_a_second_overall_extension_is_refused_art_42_para_2() -> None:
    """45 working days from Monday 3 March end Thursday 8 May; one extension by 5 ends Thursday
    15 May (9, 12-15 May). A second extension of 5, still within 15 in all, is refused."""
    once = PLAN.open("P-8E", ACCEPTED, calendar=CN).extend(at=at(3, 10), amount=5, **HEAD)
    assert once.statutory_due_date == dt.date(2025, 5, 15)
    with pytest.raises(InvalidValueError) as refused:
        once.extend(at=at(3, 11), amount=5, **HEAD)
    assert (refused.value.field, refused.value.value) == ("basis", "")
    assert "one extension (Administrative Licensing Law art. 42 para. 2)" in str(refused.value)
    # a law that allows more: 16, 19-22 May
    twice = once.extend(at=at(3, 11), amount=5, basis="某法第十条", **HEAD)
    assert twice.statutory_due_date == dt.date(2025, 5, 22)
    # after one under a law, another without one is still a second extension
    with pytest.raises(InvalidValueError, match="one extension"):
        twice.extend(at=at(3, 12), amount=1, **HEAD)


def test_a_steps_feedback_limit_may_be_extended_more_than_once() -> None:
    """land's 5 working days end Monday 10 March; 2 + 2 more end Friday 14 March."""
    case = PLAN.open("P-8S", ACCEPTED, calendar=CN)
    case = case.extend(at=at(3, 4), amount=2, step="land", **HEAD)
    case = case.extend(at=at(3, 5), amount=2, step="land", **HEAD)
    case = case.extend(at=at(3, 6), amount=15, **HEAD)  # the bound's one extension
    assert case.tasks["land"].deadline == dt.date(2025, 3, 14)
    assert case.statutory_due_date == dt.date(2025, 5, 29)  # 45 + 15 working days


def test_a_trace_with_a_second_overall_extension_is_refused_on_load() -> None:
    twice = PLAN.open("P-8T", ACCEPTED, calendar=CN).extend(at=at(3, 10), amount=5, **HEAD)
    twice = twice.extend(at=at(3, 11), amount=5, basis="某法第十条", **HEAD)

    def unfounded(payloads: list[dict[str, Any]]) -> None:
        payloads[2]["data"]["basis"] = ""

    with pytest.raises(TraceIntegrityError, match="one extension"):
        ParallelCase.from_json(rechain(twice, unfounded), calendar=CN)
