"""Monitoring shows the open rectifications of cases and parallel cases with their days left.

Worked by hand around National Day 2025: Oct 1-8 off, Sat Oct 11 a make-up working day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from govservice import InvalidValueError
from govservice.approval import ApprovalPlan, ParallelCase, Step
from govservice.calendar import TimeLimit, china
from govservice.matters import Case, Inquiry, sample_catalog
from govservice.metrics import simulate
from govservice.supervision import monitor, monthly_report, open_rectifications

from .helpers import frame, row

CN = china()
SH = ZoneInfo("Asia/Shanghai")
PLAN = ApprovalPlan(
    [Step("land", "自然资源局", TimeLimit.working_days(5)),
     Step("fire", "消防救援大队", TimeLimit.working_days(6), requires=["land"])],
    lead="工程建设项目综合窗口",
)  # fmt: skip


def at(m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(2025, m, d, h, tzinfo=SH)


def rated_case(case_id: str = "C-1") -> Case:
    """A bad review on Tue Sep 30 under 5 working days: due Tue Oct 14."""
    case = Case.submit(sample_catalog().matters[0], case_id=case_id, applicant="张三",
                       at=at(9, 29), calendar=CN)  # fmt: skip
    return case.rate(1, channel="window", person="张三", at=at(9, 30), by="窗口1", policy=5)


def parallel_case(case_id: str = "P-1") -> ParallelCase:
    """A complaint on Mon Sep 29 under 5 working days: Sep 30 (1), Oct 9, 10, 11, 13 (2-5)."""
    case = PLAN.open(case_id, dt.date(2025, 9, 22), calendar=CN)
    return case.complain(channel="phone", person=None, at=at(9, 29), text="推诿",
                         by="12345热线", policy=5)  # fmt: skip


def test_monitoring_lists_open_rectifications_most_urgent_first() -> None:
    m = monitor(frame(row("X")), dt.date(2025, 10, 10), calendar=CN,
                cases=[rated_case()], parallel=[parallel_case()])  # fmt: skip
    table = m.rectifications
    assert table["case_id"].tolist() == ["P-1", "C-1"]
    assert table["department"].tolist() == ["工程建设项目综合窗口", rated_case().department]
    assert table["rectification"].tolist() == ["R1", "R1"]
    assert table["source"].tolist() == ["complaint", "review"]
    assert table["state"].tolist() == ["open", "open"]
    assert table["opened_on"].tolist() == [dt.date(2025, 9, 29), dt.date(2025, 9, 30)]
    assert table["due_date"].tolist() == [dt.date(2025, 10, 13), dt.date(2025, 10, 14)]
    # Oct 10 -> Sat 11 (1), Mon 13 (2): two left for P-1, three for C-1
    assert table["days_left"].tolist() == [2, 3]
    assert table["overdue"].tolist() == [False, False]
    assert table["provisional"].tolist() == [False, False]


def test_past_the_due_date_days_left_go_negative_and_closed_ones_leave() -> None:
    case = rated_case()
    done = case.verify_feedback("R1", valid=False, finding="不属实", at=at(10, 9), by="督查")
    done = done.answer("R1", text="已解释", at=at(10, 9, 11), by="督查")
    m = monitor(frame(row("X")), dt.date(2025, 10, 16), calendar=CN,
                cases=[done], parallel=[parallel_case()])  # fmt: skip
    # due Mon Oct 13: Oct 14, 15, 16 are three working days past it
    assert m.rectifications["case_id"].tolist() == ["P-1"]
    assert m.rectifications["days_left"].tolist() == [-3]
    assert m.rectifications["overdue"].tolist() == [True]
    # looking back at Oct 9, the answer of that day has closed C-1's by the end of it
    back = monitor(frame(row("X")), dt.date(2025, 10, 9), calendar=CN, cases=[done])
    assert back.rectifications.empty
    before = monitor(frame(row("X")), dt.date(2025, 10, 8), calendar=CN, cases=[done])
    assert before.rectifications["case_id"].tolist() == ["C-1"]


def test_each_case_counts_on_its_own_calendar() -> None:
    typhoon = CN.with_closures(dt.date(2025, 10, 10), dt.date(2025, 10, 10), "台风停工")
    shut = Case.submit(sample_catalog().matters[0], case_id="C-2", applicant="李四",
                       at=at(9, 29), calendar=typhoon)  # fmt: skip
    shut = shut.rate(2, channel="online", person="李四", at=at(9, 30), policy=5)
    m = monitor(frame(row("X")), dt.date(2025, 10, 9), calendar=CN,
                cases=[rated_case(), shut])  # fmt: skip
    table = m.rectifications.set_index("case_id")
    assert table.loc["C-1", "due_date"] == dt.date(2025, 10, 14)
    assert table.loc["C-2", "due_date"] == dt.date(2025, 10, 15)  # Oct 10 shut: one day later
    assert int(table.loc["C-1", "days_left"]) == 4  # 10, 11, 13, 14
    assert int(table.loc["C-2", "days_left"]) == 4  # 11, 13, 14, 15
    assert m.rectifications["case_id"].tolist() == ["C-1", "C-2"]


def test_without_cases_the_table_is_empty_with_its_columns() -> None:
    m = monitor(frame(row("X")), dt.date(2025, 10, 9), calendar=CN)
    assert m.rectifications.empty
    assert list(m.rectifications.columns) == [
        "case_id", "department", "rectification", "source", "state", "opened_on", "due_date",
        "days_left", "overdue", "real_name", "provisional",
    ]  # fmt: skip


def test_open_rectifications_refuses_what_is_not_a_case() -> None:
    with pytest.raises(InvalidValueError, match="parallel cases"):
        open_rectifications(["C-1"], today=dt.date(2025, 10, 9), calendar=CN)  # type: ignore[list-item]


def test_the_monthly_report_lists_a_parallel_cases_rectification(tmp_path: Path) -> None:
    records = simulate(sample_catalog(), CN, dt.date(2025, 9, 1), dt.date(2025, 9, 30), seed=3,
                       cases_per_day=5)  # fmt: skip
    first, second = records.loc[records["accepted_at"].notna(), "case_id"].astype(str)[:2]
    report = monthly_report(records, "2025-09", out_dir=tmp_path, calendar=CN,
                            feedback=[rated_case(first), parallel_case(second)])  # fmt: skip
    rect = report.tables["rectifications"]
    assert isinstance(rect, pd.DataFrame)
    assert rect["case_id"].tolist() == [second, first]
    assert rect["department"].tolist()[0] == "工程建设项目综合窗口"
    # Sep 30 -> Oct 9, 10, 11, 13: four left for P-1; five for C-1
    assert rect["days_left"].tolist() == [4, 5]
    assert "工程建设项目综合窗口" in report.html.read_text("utf-8")


def test_monitoring_lists_unanswered_inquiries_with_the_person_answerable() -> None:
    """首问责任制: asked Monday 3 March 2025 at 09:00 with a limit of one working day, due
    Tuesday 4; on Wednesday 5 the open one is a day late and answerable by the person it
    was handed to; the answered one is gone."""
    sh = dt.timezone(dt.timedelta(hours=8))
    at = dt.datetime(2025, 3, 3, 9, tzinfo=sh)
    one = TimeLimit.working_days(1)
    open_q = Inquiry.open("Q-1", question="营业执照怎么办?", first_responder="王五", at=at,
                          limit=one, calendar=china())  # fmt: skip
    open_q = open_q.hand_over("孙七", reason="市场监管事项", at=at, by="王五")
    answered = Inquiry.open("Q-2", question="几点下班?", first_responder="王五", at=at,
                            limit=one, calendar=china())  # fmt: skip
    answered = answered.answer("17:00", at=at, by="王五")
    m = monitor(frame(row("X")), dt.date(2025, 3, 5), calendar=china(),
                inquiries=[open_q, answered])  # fmt: skip
    rows = m.inquiries.to_dict("records")
    assert [(r["inquiry_id"], r["first_responder"], r["responsible"]) for r in rows] == [
        ("Q-1", "王五", "孙七")
    ]
    assert (rows[0]["days_left"], bool(rows[0]["overdue"])) == (-1, True)
    assert monitor(frame(row("X")), dt.date(2025, 3, 5), calendar=china()).inquiries.empty
