"""Findings of an independent legal review of parallel cases, each worked by hand.

A plan opened on Monday 3 March 2025: the statutory bound of art. 42 para. 2 (45 working days)
is Thursday 8 May (4 April and 1-5 May off, 27 April worked); office hours end at 17:30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from govservice import CalendarMismatchError, InvalidValueError
from govservice.approval import ApprovalPlan, ParallelCase, Step
from govservice.calendar import TimeLimit, china

from ..forging import rechain

SH = ZoneInfo("Asia/Shanghai")
CN = china()
PLAN = ApprovalPlan(
    [
        Step("land", "自然资源局", TimeLimit.working_days(5)),
        Step("build", "住建局", TimeLimit.working_days(5), requires=["land"]),
    ],
    lead="综合窗口",
)
EXTEND = {"by": "综合窗口", "amount": 15, "approved_by": "副县长", "reason": "联合验收"}


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=SH)


def opened() -> ParallelCase:
    case = PLAN.open("P-L1", dt.date(2025, 3, 3), calendar=CN)
    assert case.statutory_due_date == dt.date(2025, 5, 8)
    return case


def test_an_overall_extension_after_closing_on_the_last_day_is_refused_art_42_para_2() -> None:
    case = opened()
    assert case.extend(at=at(5, 8, 17), **EXTEND).statutory_due_date == dt.date(2025, 5, 29)
    with pytest.raises(InvalidValueError, match=r"2025-05-08 \(ends 17:30"):
        case.extend(at=at(5, 8, 18), **EXTEND)


def test_a_suspension_after_the_bound_does_not_reopen_the_extension_art_42_art_45() -> None:
    late = opened().suspend(at=at(5, 9), by="综合窗口", reason="专家评审")
    with pytest.raises(InvalidValueError, match="2025-05-08"):
        late.extend(at=at(5, 12), **EXTEND)
    # A supplement under a local rule never stops the statutory clock.
    local = opened().suspend(at=at(5, 7), by="综合窗口", reason="补正材料", note="本县并联审批办法")
    with pytest.raises(InvalidValueError, match="2025-05-08"):
        local.extend(at=at(5, 9), **EXTEND)
    # An art. 45 suspension while the bound still ran: the extension may come later.
    running = opened().suspend(at=at(5, 7), by="综合窗口", reason="专家评审")
    extended = running.extend(at=at(5, 20), **EXTEND)
    assert ParallelCase.from_json(extended.to_json(), calendar=CN) == extended


def test_a_calendar_that_moves_an_extended_bound_is_refused_on_replay_art_42_para_2() -> None:
    extended = opened().extend(at=at(4, 1), **EXTEND)
    assert extended.statutory_due_date == dt.date(2025, 5, 29)
    # A closure after the 45 days but inside the extension: the opening's dates stay, the
    # extension's move, and it records them.
    closed = CN.with_closures(dt.date(2025, 5, 20), dt.date(2025, 5, 22), "台风停工")
    with pytest.raises(CalendarMismatchError, match="2025-05-29") as info:
        ParallelCase.from_json(extended.to_json(), calendar=closed)
    assert info.value.sequence == 1
    moved = ParallelCase.from_json(extended.to_json(), calendar=closed, recalendar=True)
    assert moved.statutory_due_date == dt.date(2025, 6, 4)


def test_a_recalendared_case_read_on_the_old_calendar_is_refused_not_given_old_dates() -> None:
    closed = CN.with_closures(dt.date(2025, 3, 10), dt.date(2025, 3, 11), "台风停工")
    case = opened()
    moved = ParallelCase.from_json(case.to_json(), calendar=closed, recalendar=True)
    assert moved.statutory_due_date == dt.date(2025, 5, 12)
    assert ParallelCase.from_json(moved.to_json(), calendar=closed) == moved
    # Read on the calendar it left (or a third one), it used to give that calendar's dates.
    for other in (CN, CN.with_closures(dt.date(2025, 3, 4), dt.date(2025, 3, 7), "闭厅")):
        with pytest.raises(CalendarMismatchError, match="recorded as 2025-05-12"):
            ParallelCase.from_json(moved.to_json(), calendar=other)


def test_the_delivery_due_date_is_checked_on_replay_art_44() -> None:
    case = opened().decide("land", "approved", at=at(3, 4), by="规划科")
    case = case.decide("build", "approved", at=at(3, 5), by="住建科")
    assert case.delivery_due_date == dt.date(2025, 3, 19)
    closed = CN.with_closures(dt.date(2025, 3, 12), dt.date(2025, 3, 12), "停电")
    text = case.to_json()
    with pytest.raises(CalendarMismatchError):  # the opening's bounds move first
        ParallelCase.from_json(text, calendar=closed)
    again = ParallelCase.from_json(text, calendar=closed, recalendar=True)
    assert again.delivery_due_date == dt.date(2025, 3, 20)


def test_a_trace_written_without_check_values_still_replays() -> None:
    case = opened().suspend(at=at(3, 5), by="综合窗口", reason="专家评审")
    case = case.resume(at=at(3, 10), by="综合窗口").extend(at=at(3, 11), **EXTEND)

    def older(payloads: list[dict[str, Any]]) -> None:
        for p in payloads[1:]:
            p["data"].pop("check", None)

    again = ParallelCase.from_json(rechain(case, older), calendar=CN)
    assert again.statutory_due_date == case.statutory_due_date


def test_an_act_before_the_last_one_names_the_last_in_local_time_not_utc() -> None:
    with pytest.raises(InvalidValueError, match=r"\(2025-03-03T09:00:00\+08:00\)"):
        opened().decide("land", "approved", at=at(3, 2, 9), by="规划科")
