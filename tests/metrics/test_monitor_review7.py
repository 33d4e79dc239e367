"""Monitoring (`govservice.metrics.monitor`) of the law's clocks and notices, worked by hand.

Real dates around 国庆 2025: Sunday 28 September and Saturday 11 October are worked, 1-8
October are off. Counting from Friday 26 September (day 0): 28, 29, 30 September, 9, 10, 11,
13, 14, 15, 16 (the 10th), 17, 20, ..., 30 October (the 20th).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pandas as pd

from govservice.calendar import ReceiptPolicy, TimeLimit
from govservice.matters import Case, Node, NoticeKind, ProcedureStep
from govservice.metrics import monitor, records_from_cases

from ..matters import test_law_review7 as law
from ..matters.test_law_review7 import CN, at

# no limit for the notify step: a notice not given is overdue at once
MATTER = attrs.evolve(law.MATTER, procedure=())


def day(month: int, day_: int) -> pd.Timestamp:
    """A date as the tables give it (a timestamp at midnight)."""
    return pd.Timestamp(2025, month, day_)


def reviewing(case_id: str, matter: Any = MATTER, **kw: Any) -> Case:
    case = Case.submit(matter, case_id=case_id, applicant="张三", at=at(9, 26, 9), calendar=CN)
    return case.accept(at=at(9, 26), by="窗口", **kw).review(at=at(9, 28), by="审核员")


def watch(today: dt.date, *cases: Case) -> Any:
    return monitor(records_from_cases(cases, calendar=CN), today, calendar=CN, cases=cases)


def row_of(m: Any, case_id: str) -> dict[str, Any]:
    found: dict[str, Any] = m.cases.set_index("case_id").loc[case_id].to_dict()
    return found


# -- notices (arts. 32, 38, 45) ------------------------------------------------------------------


def test_a_local_rule_suspension_owes_no_written_notice_art_45() -> None:
    """补正材料 under a local rule is not in art. 45's list: it records ``notified`` False and
    owes nothing; monitoring used to list it as a missing art. 45 notice."""
    local = reviewing("L-1").suspend(at=at(9, 29), by="窗口", reason="补正材料",
                                     note="本市容缺受理办法第五条")  # fmt: skip
    expert = reviewing("L-2").suspend(at=at(9, 29), by="审核员", reason="专家评审",
                                      notified=False)  # fmt: skip
    assert local.missing_notices == ()
    m = watch(dt.date(2025, 9, 30), local, expert)
    assert m.nodes.set_index("case_id")["notices_missing"].to_dict() == {
        "L-1": "",
        "L-2": "suspension",
    }
    assert m.notices["case_id"].tolist() == ["L-2"]
    assert m.notices["article"].tolist() == ["art. 45"]


def test_a_notice_still_owed_by_a_sealed_case_stays_visible_arts_32_38() -> None:
    """A denial closed before its reasons were given (art. 38), and a refusal of acceptance
    without its dated receipt (art. 32), have no node left to wait at; the notices they owe
    are still listed, overdue at once (the procedure gives the notice no limit)."""
    denied = reviewing("D-1").deny(at=at(10, 9), by="局长", reason="不符合条件", notified=False)
    denied = denied.close(at=at(10, 9, 11), by="窗口")
    refused = Case.submit(MATTER, case_id="R-1", applicant="李四", at=at(9, 26, 9), calendar=CN)
    refused = refused.refuse_acceptance(at=at(9, 26, 11), by="窗口", reason="不属于本机关职权",
                                        notified=False)  # fmt: skip
    m = watch(dt.date(2025, 10, 10), denied, refused)
    assert m.nodes.empty  # neither is open
    got = m.notices[["case_id", "notice", "article", "owed_since", "overdue", "sealed"]]
    assert got.to_dict("records") == [
        {"case_id": "R-1", "notice": "non_acceptance_receipt", "article": "art. 32",
         "owed_since": day(9, 26), "overdue": True, "sealed": True},
        {"case_id": "D-1", "notice": "denial_reasons", "article": "art. 38",
         "owed_since": day(10, 9), "overdue": True, "sealed": True},
    ]  # fmt: skip
    # Given after sealing (a notice may be), it leaves the table; on a day before the denial
    # nothing was owed yet.
    given = denied.notify(NoticeKind.DENIAL_REASONS, at=at(10, 10), by="窗口")
    assert watch(dt.date(2025, 10, 10), given).notices.empty
    assert watch(dt.date(2025, 10, 8), denied).notices.empty


def test_a_notice_owed_within_the_notify_step_limit_is_not_yet_overdue() -> None:
    matter = attrs.evolve(
        MATTER, procedure=(ProcedureStep("送达", Node.NOTIFY, TimeLimit.working_days(1)),)
    )
    case = reviewing("N-1", matter).deny(at=at(10, 9), by="局长", reason="不符合条件",
                                         notified=False)  # fmt: skip
    on_time = watch(dt.date(2025, 10, 10), case).notices  # due Friday 10 October
    assert on_time[["due_date", "overdue", "sealed"]].to_dict("records") == [
        {"due_date": day(10, 10), "overdue": False, "sealed": False}
    ]
    assert watch(dt.date(2025, 10, 11), case).notices["overdue"].tolist() == [True]


# -- decision and delivery (arts. 42, 44) ----------------------------------------------------------


def extended(case_id: str) -> Case:
    """Committed and statutory limits extended by 10 working days under a local rule: due
    30 October (20) and 13 November (30)."""
    case = reviewing(case_id).extend(
        at=at(9, 29), by="审核员", amount=10, approved_by="局长", reason="需现场核查",
        local_rule="本中心承诺件延期办法",
    )  # fmt: skip
    assert case.due_date == dt.date(2025, 10, 30)
    assert case.statutory_due_date == dt.date(2025, 11, 13)
    return case


def test_an_approval_awaiting_delivery_is_watched_against_art_44() -> None:
    """Approved on Thursday 9 October: delivery due 22 October. Not delivered on 23 October,
    the case is red although its committed limit (30 October) still runs."""
    waiting = extended("W-1").approve(at=at(10, 9), by="局长")
    delivered = extended("W-2").approve(at=at(10, 9), by="局长").deliver(at=at(10, 21), by="窗口")
    assert waiting.delivery_due_date == dt.date(2025, 10, 22)
    m = watch(dt.date(2025, 10, 23), waiting, delivered)
    late, done = row_of(m, "W-1"), row_of(m, "W-2")
    assert (late["status"], late["remaining_working_days"]) == ("red", -1)
    assert late["due_date"] == day(10, 22)
    # Delivered: only the committed limit is left (24, 27-30 October).
    assert (done["status"], done["remaining_working_days"]) == ("normal", 5)
    assert done["due_date"] == day(10, 30)
    # On the delivery due date itself the case is not yet late.
    assert row_of(watch(dt.date(2025, 10, 22), waiting), "W-1")["status"] == "yellow"


def test_a_statutory_limit_kept_at_the_decision_no_longer_turns_the_case_red_art_42() -> None:
    """Reviewed under a local-rule supplement from 29 September to 27 October, the committed
    clock stopped for 16 working days (due 7 November) while the statutory one ran (due 30
    October). Decided on 29 October, the statutory limit is kept: on 31 October the case
    waits for its committed date, not red. Decided on 31 October, it was broken: red."""

    def stopped(case_id: str) -> Case:
        case = reviewing(case_id).suspend(at=at(9, 29), by="窗口", reason="补正材料",
                                          note="本市容缺受理办法第五条")  # fmt: skip
        case = case.resume(at=at(10, 28), by="窗口")
        assert (case.due_date, case.statutory_due_date) == (
            dt.date(2025, 11, 7),
            dt.date(2025, 10, 30),
        )
        return case

    kept = stopped("K-1").approve(at=at(10, 29), by="局长")
    broken = stopped("K-2").approve(at=at(10, 31), by="局长")
    m = watch(dt.date(2025, 10, 31), kept, broken)
    assert (row_of(m, "K-1")["status"], row_of(m, "K-1")["remaining_working_days"]) == (
        "normal",
        5,  # 3-7 November
    )
    assert row_of(m, "K-2")["status"] == "red"
    assert row_of(m, "K-2")["due_date"] == day(10, 30)


# -- receipt outside office hours ------------------------------------------------------------------


def test_awaiting_acceptance_follows_the_cases_receipt_policy() -> None:
    """Received on Friday 26 September at 18:00: five working days from its calendar date end
    on 10 October; under NEXT_WORKING_DAY from Sunday 28 September, on 11 October."""
    case = Case.submit(MATTER, case_id="A-1", applicant="张三", at=at(9, 26, 18), calendar=CN,
                       receipt=ReceiptPolicy.NEXT_WORKING_DAY)  # fmt: skip
    records = records_from_cases([case], calendar=CN)
    today = dt.date(2025, 10, 9)
    alone = monitor(records, today, calendar=CN).awaiting_acceptance
    given = monitor(records, today, calendar=CN, cases=[case]).awaiting_acceptance
    assert alone["deemed_on"].tolist() == [day(10, 10)]
    assert given["deemed_on"].tolist() == [day(10, 11)]
    assert given["working_days_left"].tolist() == [2]  # 10 and 11 October
    assert case.deemed_acceptance_date == dt.date(2025, 10, 11)
