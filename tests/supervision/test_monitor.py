from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice.approval import ApprovalPlan, Step
from govservice.calendar import TimeLimit, china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import Thresholds, monitor, status_name

from .helpers import at, frame, row

CAL = china()
MON = dt.date(2025, 3, 3)  # a Monday
DUE = dt.date(2025, 3, 10)  # the next Monday: 5 working days later


def status_on(today: dt.date, thresholds: Thresholds | None = None, **more: object) -> tuple:
    m = monitor(frame(row("C", **more)), today, thresholds or Thresholds(), calendar=china())
    if m.cases.empty:
        return ("closed", None)
    r = m.cases.iloc[0]
    return (r["status"], r["remaining_working_days"])


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 3, 5), ("normal", 3)),
        (dt.date(2025, 3, 6), ("normal", 2)),
        (dt.date(2025, 3, 7), ("yellow", 1)),  # the edge: 1 working day left
        (dt.date(2025, 3, 8), ("yellow", 1)),  # Saturday: still 1 (Monday)
        (DUE, ("yellow", 0)),  # the due day itself is not overdue
        (dt.date(2025, 3, 11), ("red", -1)),
        (dt.date(2025, 3, 12), ("red", -2)),
    ],
)
def test_working_day_threshold_at_its_edges(today, expected):
    assert status_on(today) == expected


def test_red_from_the_day_after_due_even_on_a_weekend():
    # due Friday 2025-03-07: Saturday is already one working day late (Monday is late)
    assert status_on(dt.date(2025, 3, 8), committed_due=dt.date(2025, 3, 7)) == ("red", -1)
    assert status_on(dt.date(2025, 3, 10), committed_due=dt.date(2025, 3, 7)) == ("red", -1)
    assert status_on(dt.date(2025, 3, 11), committed_due=dt.date(2025, 3, 7)) == ("red", -2)


def test_red_past_the_statutory_due_date_too():
    # a statutory due date earlier than the committed one (bad data) still turns red
    got = status_on(dt.date(2025, 3, 6), statutory_due=dt.date(2025, 3, 5))
    assert got == ("red", -1)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2025, 3, 17), "normal"),  # 11 working days left of 20: 55%
        (dt.date(2025, 3, 24), "normal"),  # 5 left: 25%
        (dt.date(2025, 3, 25), "yellow"),  # 4 left: 20%, the edge
        (dt.date(2025, 3, 26), "yellow"),  # 3 left: 15%
    ],
)
def test_share_threshold_at_its_edges(today, status):
    due = CAL.add_working_days(MON, 20)
    assert due == dt.date(2025, 3, 31)
    t = Thresholds(yellow_working_days=None, yellow_share=0.2)
    assert status_on(today, t, committed_due=due)[0] == status


def test_either_threshold_turns_yellow():
    t = Thresholds(yellow_working_days=2, yellow_share=0.1)
    assert status_on(dt.date(2025, 3, 6), t)[0] == "yellow"  # 2 days left (40%)
    assert status_on(dt.date(2025, 3, 5), t)[0] == "normal"  # 3 days left (60%)
    off = Thresholds(yellow_working_days=None, yellow_share=None)
    assert status_on(DUE, off)[0] == "normal"


def test_open_means_accepted_and_not_completed_on_today():
    done = {"completed_at": at(dt.date(2025, 3, 6)), "outcome": "approved"}
    assert status_on(dt.date(2025, 3, 2)) == ("closed", None)  # before acceptance
    assert status_on(MON)[0] == "normal"  # accepted today
    assert status_on(dt.date(2025, 3, 5), **done)[0] == "normal"  # replayed: open then
    assert status_on(dt.date(2025, 3, 6), **done) == ("closed", None)  # completed today
    withdrawn = {"outcome": "withdrawn"}
    assert status_on(dt.date(2025, 3, 5), **withdrawn) == ("closed", None)


def test_a_case_withdrawn_in_may_is_open_on_a_day_in_march():
    withdrawn = {"outcome": "withdrawn", "ended_at": at(dt.date(2025, 5, 6))}
    assert status_on(dt.date(2025, 3, 5), **withdrawn)[0] == "normal"
    assert status_on(dt.date(2025, 5, 5), **withdrawn)[0] == "red"
    assert status_on(dt.date(2025, 5, 6), **withdrawn) == ("closed", None)
    returned = {"outcome": "returned", "ended_at": at(dt.date(2025, 3, 6))}
    assert status_on(dt.date(2025, 3, 5), **returned)[0] == "normal"
    assert status_on(dt.date(2025, 3, 6), **returned) == ("closed", None)


def test_a_withdrawn_case_replays_open_from_records_of_cases():
    from zoneinfo import ZoneInfo

    from govservice.matters import Case
    from govservice.metrics import records_from_cases

    sh = ZoneInfo("Asia/Shanghai")
    matter = sample_catalog()["990102-SJJ-003"]
    case = Case.submit(matter, case_id="W-1", applicant="张三",
                       at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=CAL)  # fmt: skip
    case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口")
    case = case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="审核员")
    case = case.withdraw(at=dt.datetime(2025, 5, 6, 10, tzinfo=sh), by="张三")
    records = records_from_cases([case], calendar=CAL)
    assert monitor(records, dt.date(2025, 3, 5), calendar=CAL).cases["case_id"].tolist() == ["W-1"]
    assert monitor(records, dt.date(2025, 5, 7), calendar=CAL).cases.empty


def test_an_application_withdrawn_later_was_awaiting_acceptance_before():
    waiting = row("A", accepted_at=None, outcome="withdrawn", ended_at=at(dt.date(2025, 3, 20)))
    m = monitor(frame(waiting), dt.date(2025, 3, 4), calendar=CAL)
    assert m.awaiting_acceptance["case_id"].tolist() == ["A"]
    m = monitor(frame(waiting), dt.date(2025, 3, 20), calendar=CAL)
    assert m.awaiting_acceptance.empty


def test_node_and_department_counts():
    records = frame(
        row("A", department="公安局"),
        row("B", department="公安局", decided_at=at(dt.date(2025, 3, 5))),
        row("C", department="民政局", committed_due=dt.date(2025, 3, 4)),
    )
    m = monitor(records, dt.date(2025, 3, 5), calendar=china())
    nodes = m.cases.set_index("case_id")["node"].to_dict()
    assert nodes == {"A": "undertake", "B": "complete", "C": "undertake"}
    counts = m.departments.set_index("department")
    assert counts.loc["公安局", ["open", "normal", "yellow", "red"]].tolist() == [2, 2, 0, 0]
    assert counts.loc["民政局", ["open", "red"]].tolist() == [1, 1]
    # a decision after today does not count yet
    assert (
        monitor(records, dt.date(2025, 3, 4), calendar=china())
        .cases.set_index("case_id")
        .loc["B", "node"]
        == "undertake"
    )


def test_parallel_steps_against_feedback_deadlines():
    plan = ApprovalPlan(
        [
            Step("plan", "规划", TimeLimit.working_days(2)),
            Step("build", "住建", TimeLimit.working_days(3), requires=["plan"]),
            Step("fire", "消防", TimeLimit.working_days(5)),
        ],
        lead="窗口",
    )
    case = plan.open("P-1", MON, calendar=CAL)
    m = monitor(frame(row("C")), dt.date(2025, 3, 4), parallel=[case], calendar=china())
    steps = m.steps.set_index("step")
    assert sorted(steps.index) == ["fire", "plan"]  # build waits on plan
    assert steps.loc["plan", "status"] == "yellow"  # due 3-5: 1 left
    assert steps.loc["fire", "status"] == "normal"
    m = monitor(frame(row("C")), dt.date(2025, 3, 6), parallel=[case], calendar=china())
    steps = m.steps.set_index("step")
    assert steps.loc["plan", "status"] == "red"
    assert steps.loc["plan", "remaining_working_days"] == -1
    dept = m.departments.set_index("department")
    assert dept.loc["规划", "steps_red"] == 1
    assert dept.loc["市场监督管理局", "open"] == 1


def test_bad_arguments_name_the_field():
    with pytest.raises(InvalidValueError, match="today"):
        monitor(frame(row("C")), dt.datetime(2025, 3, 3, tzinfo=dt.UTC), calendar=china())  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="yellow_share"):
        Thresholds(yellow_share=1.5)
    with pytest.raises(InvalidValueError, match="yellow_working_days"):
        Thresholds.from_mapping({"yellow_working_days": -1})
    with pytest.raises(InvalidValueError, match="thresholds"):
        Thresholds.from_mapping({"orange": 1})


def test_status_names_in_three_languages():
    assert [status_name(s, "zh") for s in ("normal", "yellow", "red")] == [
        "正常",
        "黄牌预警",
        "红牌超期",
    ]
    assert status_name("red", "zh_TW") == "紅牌超期"
    assert status_name("yellow", "en") == "yellow warning"


def test_simulated_center_replayed_at_month_end():
    records = simulate(
        sample_catalog(), CAL, dt.date(2025, 3, 3), dt.date(2025, 3, 31), seed=2, cases_per_day=80
    )
    m = monitor(records, dt.date(2025, 3, 14), calendar=china())
    day = records["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.date
    done = records["completed_at"].dt.tz_convert("Asia/Shanghai").dt.date
    expected = (
        (day <= dt.date(2025, 3, 14))
        & ~(done <= dt.date(2025, 3, 14))
        & ~(records["outcome"].isin(["withdrawn", "returned"]) & records["completed_at"].isna())
    )
    assert sorted(m.cases["case_id"]) == sorted(records.loc[expected, "case_id"])
    assert int(m.departments["open"].sum()) == len(m.cases)


@given(
    remaining=st.lists(st.integers(-30, 60), min_size=1, max_size=30),
    k=st.none() | st.integers(0, 10),
    share=st.none() | st.floats(0, 1),
)
def test_classification_is_monotone_in_remaining_days(remaining, k, share):
    t = Thresholds(yellow_working_days=k, yellow_share=share)
    rem = np.sort(np.asarray(remaining, dtype=np.int64))
    limit = np.full(rem.size, 20)
    codes = t.classify(rem, limit, rem < 0)
    # fewer days left never gives a milder status
    assert (np.diff(codes.astype(int)) <= 0).all()
    assert ((codes == 2) == (rem < 0)).all()


def test_applications_waiting_for_acceptance_show_days_before_deemed_acceptance_art_32_4():
    from govservice.matters import Case
    from govservice.metrics import records_from_cases
    from tests.matters.test_lifecycle import MATTER
    from tests.matters.test_lifecycle import at as at_sh

    cal = china()
    waiting = Case.submit(MATTER, case_id="W-1", applicant="甲", at=at_sh(3, 9), calendar=cal)
    done = Case.submit(MATTER, case_id="W-2", applicant="乙", at=at_sh(3, 9), calendar=cal)
    done = done.accept(at=at_sh(4), by="窗口")
    records = records_from_cases([waiting, done], calendar=cal, check=False)
    found = monitor(records, dt.date(2025, 3, 6), calendar=cal).awaiting_acceptance
    assert found["case_id"].tolist() == ["W-1"]
    assert str(found["deemed_on"].iloc[0].date()) == "2025-03-10"
    assert int(found["working_days_left"].iloc[0]) == 2  # 7 and 10 March
    later = monitor(records, dt.date(2025, 3, 12), calendar=cal).awaiting_acceptance
    assert int(later["working_days_left"].iloc[0]) == 0  # past it: accepted by law


def test_an_application_given_the_supplement_notice_stops_waiting_for_deemed_acceptance_art_32_4():
    from govservice.matters import Case
    from govservice.metrics import records_from_cases
    from tests.matters.test_lifecycle import MATTER
    from tests.matters.test_lifecycle import at as at_sh

    cal = china()
    waiting = Case.submit(MATTER, case_id="N-1", applicant="甲", at=at_sh(3, 9), calendar=cal)
    noticed = waiting.request_supplement(
        at=at_sh(5, 10), by="窗口", missing=[MATTER.materials[0].name]
    )
    records = records_from_cases([noticed], calendar=cal, check=False)
    assert str(records["supplement_notice_on"].iloc[0].date()) == "2025-03-05"

    def awaiting(day: int) -> list[str]:
        found = monitor(records, dt.date(2025, 3, day), calendar=cal).awaiting_acceptance
        return list(found["case_id"])

    # before the notice it waits to be deemed accepted; from its day on it waits for materials
    assert awaiting(4) == ["N-1"]
    assert awaiting(5) == []
    assert awaiting(12) == []  # never deemed accepted: the notice came in time


def test_a_parallel_case_past_its_overall_bound_on_a_saturday_is_one_day_late():
    """Bound of art. 42 para. 2 on Friday 2025-05-09: on Saturday the case is red with -1
    working days, as a step or a case due on a Friday is (Monday is already late)."""
    from govservice.metrics import frame_from_rows

    w = TimeLimit.working_days
    plan = ApprovalPlan([Step("a", "规划局", w(45))], lead="综合窗口", overall_limit=w(45))
    case = plan.open("P-1", dt.date(2025, 3, 4), calendar=CAL)
    assert case.statutory_due_date == dt.date(2025, 5, 9)
    for day, remaining in ((dt.date(2025, 5, 10), -1), (dt.date(2025, 5, 13), -2)):
        steps = monitor(frame_from_rows([]), day, calendar=CAL, parallel=[case]).steps
        overall = steps[steps["step"] == "(overall)"].iloc[0]
        assert (overall["status"], overall["remaining_working_days"]) == ("red", remaining)
    steps = monitor(frame_from_rows([]), dt.date(2025, 5, 9), calendar=CAL, parallel=[case]).steps
    assert "(overall)" not in steps["step"].tolist()


def test_a_due_date_counted_on_a_provisional_year_is_marked_in_monitoring() -> None:
    from govservice.matters import Case
    from govservice.metrics import records_from_cases
    from tests.matters.test_lifecycle import MATTER

    sh = dt.timezone(dt.timedelta(hours=8))
    cal = china()
    provisional = cal.provisional(dt.date(cal.coverage.end.year + 1, 12, 31), basis="weekends")
    december = dt.datetime(cal.coverage.end.year, 12, 28, 9, tzinfo=sh)
    late = Case.submit(MATTER, case_id="P-1", applicant="甲", at=december, calendar=provisional)
    late = late.accept(at=december + dt.timedelta(hours=1), by="窗口")
    november = december.replace(month=11)
    early = Case.submit(MATTER, case_id="P-2", applicant="乙", at=november, calendar=provisional)
    early = early.accept(at=november + dt.timedelta(hours=1), by="窗口")
    records = records_from_cases([late, early], calendar=provisional, check=False)
    cases = monitor(records, december.date(), calendar=provisional).cases
    assert dict(zip(cases["case_id"], cases["provisional"], strict=True)) == {
        "P-1": True,  # due in January, past the official data
        "P-2": False,
    }
