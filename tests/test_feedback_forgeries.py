"""Forged 好差评 events, rechained, refused on a `Case` and a `ParallelCase` alike.

The feedback acts are written once (`govservice.matters.FeedbackActs`), but each kind of case
replays them its own way, so every forgery is tried on both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from govservice import CalendarMismatchError, TraceIntegrityError
from govservice.approval import ParallelCase
from govservice.calendar import china
from govservice.matters import Case, RectificationPolicy, sample_catalog

from .approval.test_plan import fixture_plan
from .forging import rechain

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
FIVE = RectificationPolicy.working_days(5)
SEP_30 = dt.datetime(2025, 9, 30, 10, tzinfo=SH)


def submitted() -> Case:
    return Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
                       at=dt.datetime(2025, 1, 2, 9, tzinfo=SH), calendar=CAL)  # fmt: skip


def opened() -> ParallelCase:
    return fixture_plan().open("P-1", dt.date(2025, 9, 1), calendar=CAL)


KINDS: dict[str, tuple[Callable[[], Any], Callable[..., Any]]] = {
    "case": (submitted, Case.from_json),
    "parallel": (opened, ParallelCase.from_json),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> tuple[Callable[[], Any], Callable[..., Any]]:
    return KINDS[request.param]


def bad_review(new: Callable[[], Any]) -> Any:
    """A bad review on 30 September 2025: rectification R1 due 14 October under FIVE."""
    return new().rate(1, channel="window", person="张三", at=SEP_30, by="窗口1",
                      text="跑了三趟", policy=FIVE)  # fmt: skip


def refused(case: Any, load: Callable[..., Any], forge: Any, seq: int, match: str) -> None:
    with pytest.raises(TraceIntegrityError, match=match) as info:
        load(rechain(case, forge), calendar=CAL)
    assert info.value.sequence == seq


def test_a_rating_of_seven_is_refused_rechained(kind: Any) -> None:
    new, load = kind

    def forge(p: list[dict[str, Any]]) -> None:
        p[1]["data"]["grade"] = 7

    refused(bad_review(new), load, forge, 1, "grade")


def test_a_good_review_turned_bad_without_its_rectification_is_refused(kind: Any) -> None:
    new, load = kind
    case = new().rate(5, channel="window", person="张三", at=SEP_30, policy=5)

    def forge(p: list[dict[str, Any]]) -> None:
        p[1]["data"]["grade"] = 1

    refused(case, load, forge, 1, "check")


def test_extra_fields_are_refused_rechained(kind: Any) -> None:
    new, load = kind

    def forge(p: list[dict[str, Any]]) -> None:
        p[1]["data"]["state"] = "completed"

    refused(bad_review(new), load, forge, 1, "exactly the fields")


def test_a_forged_rectification_due_date_is_a_calendar_mismatch(kind: Any) -> None:
    new, load = kind

    def forge(p: list[dict[str, Any]]) -> None:
        p[1]["data"]["check"]["rectification_due"] = "2025-10-31"

    with pytest.raises(CalendarMismatchError, match="rectification_due") as info:
        load(rechain(bad_review(new), forge), calendar=CAL)
    assert info.value.sequence == 1
    assert info.value.recorded == dt.date(2025, 10, 31)
    assert info.value.recomputed == dt.date(2025, 10, 14)


def test_an_untouched_trace_replays_to_an_equal_case(kind: Any) -> None:
    new, load = kind
    case = bad_review(new)
    assert load(rechain(case, lambda _p: None), calendar=CAL) == case
