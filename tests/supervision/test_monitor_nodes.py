"""Monitoring order (urgent and green channel raised) and node monitoring, worked by hand.

Monday 3 March 2025 is day 0; the working days after it are 4, 5, 6, 7, 10, 11, ... (no
holiday in March 2025).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice.calendar import TimeLimit, china
from govservice.matters import Case, CaseKind, Node, ProcedureStep, sample_catalog
from govservice.supervision import monitor

from .helpers import frame, row

CN = china()
SH = ZoneInfo("Asia/Shanghai")
MATTER = attrs.evolve(
    sample_catalog().by_case_kind(CaseKind.COMMITTED)[0],
    statutory_limit=TimeLimit.working_days(20),
    committed_limit=TimeLimit.working_days(10),
    procedure=(
        ProcedureStep("受理", Node.ACCEPT, TimeLimit.immediate()),
        ProcedureStep("承办", Node.UNDERTAKE, TimeLimit.working_days(2)),
        ProcedureStep("审核", Node.REVIEW, TimeLimit.working_days(3)),
        ProcedureStep("批准", Node.APPROVE, TimeLimit.working_days(1)),
        ProcedureStep("送达", Node.NOTIFY, TimeLimit.working_days(1)),
    ),
)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=SH)


def accepted(case_id: str = "N-1", *, notified: bool = True) -> Case:
    case = Case.submit(MATTER, case_id=case_id, applicant="张三", at=at(3, 9), calendar=CN)
    return case.accept(at=at(3), by="窗口", notified=notified)


def test_urgent_and_green_channel_cases_come_first_within_a_status() -> None:
    records = frame(
        row("plain-normal", committed_due=dt.date(2025, 3, 14)),
        row("urgent-normal", committed_due=dt.date(2025, 3, 21), urgent=True),
        row("plain-red", committed_due=dt.date(2025, 3, 4)),
        row("green-normal", committed_due=dt.date(2025, 3, 28), green_channel=True),
        row("urgent-red", committed_due=dt.date(2025, 3, 5), urgent=True),
    )
    m = monitor(records, dt.date(2025, 3, 7), calendar=CN)
    assert m.cases["case_id"].tolist() == [
        "urgent-red",  # red, raised
        "plain-red",
        "urgent-normal",  # normal, raised: 10 working days left (10..14, 17..21)
        "green-normal",  # normal, raised: 15 left
        "plain-normal",  # 5 left, but not raised
    ]
    assert m.cases["urgent"].tolist() == [True, False, True, False, False]
    assert m.cases["green_channel"].tolist() == [False, False, False, True, False]
    assert m.cases["remaining_working_days"].tolist() == [-2, -3, 10, 15, 5]


def test_an_open_case_without_due_dates_is_normal_with_no_days_left() -> None:
    """A suspended case's records carry no due date (its clocks stop, art. 45); the calendar
    starts in 2004, so nothing may be counted against a missing date read as 1970."""
    records = frame(
        row("suspended", committed_due=None, statutory_due=None),
        row("late", committed_due=dt.date(2025, 3, 4)),
    )
    m = monitor(records, dt.date(2025, 3, 7), calendar=CN)
    got = m.cases.set_index("case_id")
    assert got.loc["suspended", "status"] == "normal"
    assert got.loc["suspended", "remaining_working_days"] is pd.NA
    assert got.loc["suspended", "due_date"] is pd.NaT
    assert got.loc["late", "status"] == "red"


def test_records_without_the_flags_show_them_false() -> None:
    m = monitor(frame(row("A")), dt.date(2025, 3, 5), calendar=CN)
    assert m.cases[["urgent", "green_channel"]].to_numpy().tolist() == [[False, False]]


def node_of(case: Case, today: dt.date) -> dict[str, object]:
    m = monitor(frame(row("X")), today, calendar=CN, cases=[case])
    assert len(m.nodes) == 1
    r = m.nodes.iloc[0]
    due = None if r["node_due"] is None or r["node_due"] != r["node_due"] else r["node_due"]
    return {
        "node": r["node"],
        "step": r["step"],
        "since": r["node_since"].date(),
        "due": None if due is None else due.date(),
        "overdue": bool(r["node_overdue"]),
        "missing": r["notices_missing"],
        "notice_overdue": bool(r["notice_overdue"]),
    }


def test_each_node_against_its_own_limit() -> None:
    case = accepted()
    # 承办: 2 working days from Monday 3 March: due Wednesday 5; overdue on Thursday 6.
    assert node_of(case, dt.date(2025, 3, 5))["due"] == dt.date(2025, 3, 5)
    assert not node_of(case, dt.date(2025, 3, 5))["overdue"]
    assert node_of(case, dt.date(2025, 3, 6))["overdue"]
    reviewed = case.review(at=at(4), by="承办人", opinion="同意")
    # 审核 from Tuesday 4: 3 working days, due Friday 7; every limit kept on 7 March.
    got = node_of(reviewed, dt.date(2025, 3, 7))
    assert (got["node"], got["step"], got["since"]) == ("review", "审核", dt.date(2025, 3, 4))
    assert (got["due"], got["overdue"]) == (dt.date(2025, 3, 7), False)
    # On Monday 10 the 审核 node is past its limit, though the case is within its 10 days.
    m = monitor(frame(row("X")), dt.date(2025, 3, 10), calendar=CN, cases=[reviewed])
    assert m.nodes["node_overdue"].tolist() == [True]
    # The node as it stood on a past day: before the review, still 承办.
    assert node_of(reviewed, dt.date(2025, 3, 3))["node"] == "undertake"
    second = reviewed.review(at=at(5), by="审核人", opinion="同意")
    assert node_of(second, dt.date(2025, 3, 6))["step"] == "批准"
    assert node_of(second, dt.date(2025, 3, 6))["due"] == dt.date(2025, 3, 6)
    decided = second.approve(at=at(6), by="局长")
    got = node_of(decided, dt.date(2025, 3, 6))
    assert (got["node"], got["due"], got["overdue"]) == ("complete", None, False)


def test_art45_suspension_stops_the_node_clock() -> None:
    """Suspended Tuesday 4 to Sunday 9 (resumed Monday 10): the 承办 node's two working days
    skip 4, 5, 6 and 7 March and end on Tuesday 11 instead of Wednesday 5 (art. 45)."""
    case = accepted().suspend(at=at(4), by="承办人", reason="专家评审", note="专家组")
    # While suspended the node's clock is stopped: no due date, never overdue.
    assert node_of(case, dt.date(2025, 3, 7))["due"] is None
    assert not node_of(case, dt.date(2025, 3, 7))["overdue"]
    resumed = case.resume(at=at(10), by="承办人")
    assert node_of(resumed, dt.date(2025, 3, 11))["due"] == dt.date(2025, 3, 11)
    assert not node_of(resumed, dt.date(2025, 3, 11))["overdue"]
    assert node_of(resumed, dt.date(2025, 3, 12))["overdue"]
    # A suspension at an earlier node does not move the next node's clock: 审核 from
    # Wednesday 12 has its own 3 working days, due Monday 17.
    reviewed = resumed.review(at=at(12), by="承办人", opinion="同意")
    assert node_of(reviewed, dt.date(2025, 3, 17))["due"] == dt.date(2025, 3, 17)


def test_a_local_rule_supplement_stops_the_node_clock_too() -> None:
    """补正材料 under a local rule stops the committed and node clocks (never the statutory
    one): suspended Tuesday 4 only (resumed Wednesday 5), 承办 is due Thursday 6."""
    case = accepted().suspend(
        at=at(4),
        by="窗口",
        reason="supplement",
        note="《某市政务服务容缺受理办法》第五条",
        notified=False,
    )
    resumed = case.resume(at=at(5), by="窗口")
    assert node_of(resumed, dt.date(2025, 3, 6))["due"] == dt.date(2025, 3, 6)


def test_a_sealed_case_has_no_node() -> None:
    done = accepted().review(at=at(4, 9), by="承办人").approve(at=at(4), by="局长")
    done = done.complete(at=at(5), by="窗口")
    assert monitor(frame(row("X")), dt.date(2025, 3, 6), calendar=CN, cases=[done]).nodes.empty
    # ... but on the day before it was sealed it waited at 办结.
    m = monitor(frame(row("X")), dt.date(2025, 3, 4), calendar=CN, cases=[done])
    assert m.nodes["node"].tolist() == ["complete"]


def test_the_notification_node_a_missing_acceptance_receipt() -> None:
    case = accepted(notified=False)
    got = node_of(case, dt.date(2025, 3, 4))
    # 送达/告知 has 1 working day from acceptance: due Tuesday 4, overdue on Wednesday 5.
    assert (got["missing"], got["notice_overdue"]) == ("acceptance_receipt", False)
    assert node_of(case, dt.date(2025, 3, 5))["notice_overdue"]
    given_ = case.notify(at=at(4), by="窗口", kind="acceptance_receipt")
    got = node_of(given_, dt.date(2025, 3, 5))
    assert (got["missing"], got["notice_overdue"]) == ("", False)
    # Without a limit for the notify step, a missing receipt is overdue at once (art. 32).
    bare = attrs.evolve(MATTER, procedure=MATTER.procedure[:4])
    late = Case.submit(bare, case_id="N-2", applicant="张三", at=at(3, 9), calendar=CN)
    late = late.accept(at=at(3), by="窗口", notified=False)
    assert node_of(late, dt.date(2025, 3, 3))["notice_overdue"]


def test_a_matter_without_handling_steps_uses_undertake_review_approve() -> None:
    bare = attrs.evolve(MATTER, procedure=())
    case = Case.submit(bare, case_id="N-3", applicant="张三", at=at(3, 9), calendar=CN)
    case = case.accept(at=at(3), by="窗口")
    got = node_of(case, dt.date(2025, 3, 20))
    assert (got["node"], got["due"], got["overdue"]) == ("undertake", None, False)


@settings(max_examples=20, deadline=None)
@given(reviews=st.integers(0, 4), day=st.integers(3, 14))
def test_the_node_is_past_its_limit_exactly_when_today_is_after_its_due(
    reviews: int, day: int
) -> None:
    case = accepted()
    for i in range(reviews):
        case = case.review(at=at(3, 11 + i), by="审核人", opinion="同意")
    today = dt.date(2025, 3, day)
    m = monitor(frame(row("X")), today, calendar=CN, cases=[case])
    r = m.nodes.iloc[0]
    assert r["node"] == ("undertake", "review", "approve")[min(reviews, 2)]
    assert bool(r["node_overdue"]) == bool(np.datetime64(r["node_due"], "D") < np.datetime64(today))
