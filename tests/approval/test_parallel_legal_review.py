"""Findings of an independent legal review of parallel cases, each worked by hand.

A plan opened on Monday 3 March 2025: the statutory bound of art. 42 para. 2 (45 working days)
is Thursday 8 May (4 April and 1-5 May off, 27 April worked); office hours end at 17:30.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from govservice import InvalidValueError
from govservice.approval import ApprovalPlan, ParallelCase, Step
from govservice.calendar import TimeLimit, china

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
