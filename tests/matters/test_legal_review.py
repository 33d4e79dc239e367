"""Findings of an independent legal review of the case lifecycle, each worked by hand.

Dates are of 2025 unless named; the calendar is China's official one. Office hours end at 17:30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from govservice import InvalidValueError, TraceIntegrityError
from govservice.calendar import TimeLimit
from govservice.matters import Case

from ..forging import rechain
from .test_lifecycle import CN, MATTER, SH


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SH)


def reviewing(matter: Any = MATTER) -> Case:
    """Accepted on Monday 3 March: statutory due Monday 31 March (20 working days)."""
    case = Case.submit(matter, case_id="L-1", applicant="张三", at=at(3, 3, 9), calendar=CN)
    return case.accept(at=at(3, 3), by="窗口").review(at=at(3, 4), by="审核员")


EXTEND = {"by": "审核员", "amount": 10, "approved_by": "局长", "reason": "需现场核查"}


def test_an_extension_after_closing_on_the_last_day_is_refused_art_42() -> None:
    case = reviewing()
    assert case.statutory_due_at == dt.datetime(2025, 3, 31, 17, 30, tzinfo=SH)
    assert case.extend(at=at(3, 31, 17, 30), **EXTEND).statutory_due_date == dt.date(2025, 4, 15)
    with pytest.raises(InvalidValueError, match=r"2025-03-31 \(ends 17:30; art. 42") as info:
        case.extend(at=at(3, 31, 18), **EXTEND)
    assert info.value.field == "at"


def test_a_suspension_after_expiry_does_not_reopen_the_extension_art_42_art_45() -> None:
    # Suspended on 2 April, two days after the limit ran out: art. 45 stops a running clock,
    # it does not revive an expired one, so no extension can be approved in the meantime.
    late = reviewing().suspend(at=at(4, 2), by="审核员", reason="专家评审")
    with pytest.raises(InvalidValueError, match="2025-03-31"):
        late.extend(at=at(4, 3), **EXTEND)
    # Suspended while the limit still ran: the clock is stopped, the extension may come later.
    running = reviewing().suspend(at=at(3, 20), by="审核员", reason="专家评审")
    extended = running.extend(at=at(4, 20), **EXTEND)
    resumed = extended.resume(at=at(4, 21), by="审核员")
    # 20 March to 20 April suspended; 12 working days used (4-19 March), 18 of the 30 left
    # from 21 April: 21-25, 27 (a Sunday worked), 28-30 April, 6-9 and 12-16 May (1-5 May off).
    assert resumed.statutory_due_date == dt.date(2025, 5, 16)
    assert Case.from_json(resumed.to_json(), calendar=CN) == resumed


def test_an_immediate_statutory_limit_cannot_be_extended_art_42_para_1() -> None:
    matter = attrs.evolve(
        MATTER, statutory_limit=TimeLimit.immediate(), committed_limit=TimeLimit.immediate()
    )
    case = Case.submit(matter, case_id="L-2", applicant="张三", at=at(3, 3, 9), calendar=CN)
    case = case.accept(at=at(3, 3), by="窗口")
    with pytest.raises(InvalidValueError, match="art. 42 para. 1") as info:
        case.extend(at=at(3, 3, 11), **EXTEND)
    assert info.value.field == "statutory_limit"
    assert case.extended_working_days == 0


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        # an immediate case may be decided without review: the kind cannot be forged to one
        ("kind", "immediate", "kind must be a kind the matter"),
        ("system", "rejection", "system must be commitment"),  # not a restricted matter
        ("urgent", "yes", "urgent must be True or False"),
        ("green_channel", True, "on the green channel"),  # the mark without its reason
    ],
)
def test_a_forged_classification_is_refused_at_load_one_review_one_approval(
    field: str, value: object, named: str
) -> None:
    case = reviewing().approve(at=at(3, 5), by="科长")

    def forge(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["data"][field] = value
        if field == "kind":
            payloads[0]["data"]["system"] = "direct"
            del payloads[2]  # the review an immediate case does not need

    with pytest.raises(TraceIntegrityError, match=named) as info:
        Case.from_json(rechain(case, forge), calendar=CN)
    assert info.value.sequence == 0


def test_an_act_before_the_last_one_names_the_last_in_local_time_not_utc() -> None:
    case = reviewing()  # reviewed on 4 March at 10:00, Beijing time
    with pytest.raises(InvalidValueError) as info:
        case.approve(at=at(3, 4, 9), by="科长")
    assert "(2025-03-04T10:00:00+08:00)" in str(info.value)
    assert "+00:00" not in str(info.value)
