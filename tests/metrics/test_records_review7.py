"""Seventh review: records and indicators from cases, parallel cases included (issue 12).

Hand-worked on `china()`, 2025 National Day: 1-8 October off, Saturday 27 September off,
Sunday 28 September and Saturday 11 October worked. A parallel case accepted on Friday 26
September 2025: its plan's 20 working days end Thursday 30 October, the 45 of art. 42 para. 2
Thursday 4 December (before any suspension).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from govservice import InvalidValueError
from govservice.approval import ParallelCase
from govservice.matters import Case, sample_catalog
from govservice.metrics import check_records, compute_indicators, records_from_cases
from govservice.testing import case_histories

from ..approval.test_parallel_review7 import ACTS, CN, PLAN, at, play


def delivered() -> ParallelCase:
    """Accepted Friday 26 September, an expert review from that afternoon to Tuesday 30."""
    case = PLAN.open("P-R7", dt.date(2025, 9, 26), calendar=CN)
    case = case.suspend(at=at(9, 26, 16), by="综合窗口", reason="专家评审", step="land")
    case = case.resume(at=at(9, 30, 9), by="综合窗口")
    case = case.decide("land", "approved", at=at(10, 9), by="规划科")
    case = case.decide("build", "approved", at=at(10, 10), by="住建科")
    case = case.decide("fire", "approved", at=at(10, 11), by="消防科")  # the make-up Saturday
    return case.complete(at=at(10, 15), by="综合窗口")


def test_a_parallel_case_has_its_own_row_by_hand() -> None:
    case = delivered()
    row = records_from_cases([case], calendar=CN).iloc[0]
    # Stopped 26..29 September; from the day after acceptance that is Sunday 28 (worked) and
    # Monday 29: 2 working days (the day of acceptance is not a handling day).
    assert int(row["suspended_working_days"]) == 2
    # 20 working days end 30 October, + 2 = Monday 3 November; 45 end 4 December, + 2 = 8.
    assert str(row["committed_due"].date()) == "2025-11-03" == str(case.due_date)
    assert str(row["statutory_due"].date()) == "2025-12-08" == str(case.statutory_due_date)
    assert (int(row["committed_working_days"]), int(row["statutory_working_days"])) == (20, 45)
    # The joint decision on Saturday 11 October: delivery due 10 working days later (art. 44)
    assert row["decided_at"] == at(10, 11)
    assert str(row["delivery_due"].date()) == "2025-10-24"
    assert row["delivered_at"] == row["completed_at"] == row["ended_at"] == at(10, 15)
    assert (row["kind"], row["outcome"], row["window"], row["department"]) == (
        "joint", "approved", "综合窗口", "综合窗口",
    )  # fmt: skip
    assert (row["committed_timeliness"], row["statutory_timeliness"]) == ("early", "early")
    assert (bool(row["deemed_acceptance"]), int(row["extended_working_days"])) == (False, 0)
    assert not row["provisional"]
    # Handling days: (26 Sep, 15 Oct] holds 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct (9),
    # less the 2 suspended.
    table = compute_indicators(records_from_cases([case], calendar=CN), by=(), period=None,
                               calendar=CN)  # fmt: skip
    assert float(table["mean_handling_days"].iloc[0]) == 7.0


def test_parallel_records_equal_the_stores(tmp_path: Path) -> None:
    from govservice.store import open_store

    extended = PLAN.open("P-EX", dt.date(2025, 9, 26), calendar=CN)
    extended = extended.extend(at=at(9, 29), by="综合窗口", amount=10, approved_by="副县长",
                               reason="联合验收")  # fmt: skip
    local = PLAN.open("P-LR", dt.date(2025, 9, 26), calendar=CN)
    local = local.suspend(at=at(9, 29), by="综合窗口", reason="补正材料", note="本县并联审批办法")
    withdrawn = PLAN.open("P-WD", dt.date(2025, 9, 26), calendar=CN)
    withdrawn = withdrawn.withdraw(at=at(10, 20), by="申请人")
    cases = sorted([delivered(), extended, local, withdrawn], key=lambda c: c.case_id)
    with open_store(f"sqlite:///{tmp_path / 'cases.db'}", calendar=CN) as store:
        for case in cases:
            store.add(case)
        stored = store.records(dt.date(2025, 9, 1), dt.date(2025, 10, 31))
    mine = records_from_cases(cases, calendar=CN)
    pd.testing.assert_frame_equal(mine[list(stored.columns)], stored)
    by_id = mine.set_index("case_id")
    # a statutory extension leaves the plan's 20 working days alone (art. 42 para. 2)
    assert str(by_id.loc["P-EX", "committed_due"].date()) == "2025-10-30"
    assert str(by_id.loc["P-EX", "statutory_due"].date()) == "2025-12-18"
    assert int(by_id.loc["P-EX", "extended_working_days"]) == 10
    # a local-rule suspension stops the committed clock only (art. 45 does not list it)
    assert pd.isna(by_id.loc["P-LR", "committed_due"])
    assert str(by_id.loc["P-LR", "statutory_due"].date()) == "2025-12-04"
    assert by_id.loc["P-WD", "outcome"] == "withdrawn"
    assert pd.isna(by_id.loc["P-WD", "completed_at"])
    assert by_id.loc["P-WD", "ended_at"] == at(10, 20)


def test_cases_and_parallel_cases_in_one_frame() -> None:
    matter = sample_catalog()["990102-SJJ-003"]
    case = Case.submit(matter, case_id="C-1", applicant="张三", at=at(9, 26, 9), by="窗口1",
                       calendar=CN)  # fmt: skip
    case = case.accept(at=at(9, 26, 9), by="窗口1")
    records = records_from_cases([case, delivered()], calendar=CN)
    assert list(records["case_id"]) == ["C-1", "P-R7"]
    assert list(records["kind"]) == ["committed", "joint"]
    assert check_records(records).ok
    with pytest.raises(InvalidValueError, match="ParallelCase"):
        records_from_cases([object()], calendar=CN)  # type: ignore[list-item]


def test_completion_counts_by_completion_month_acceptance_by_acceptance_month() -> None:
    records = records_from_cases([delivered()], calendar=CN)
    table = compute_indicators(records, by=(), period="month", calendar=CN).set_index("period")
    assert table.loc["2025-09", ["acceptance_volume", "completed"]].tolist() == [1, 0]
    assert table.loc["2025-10", ["acceptance_volume", "completed"]].tolist() == [0, 1]
    assert float(table.loc["2025-10", "on_time_rate"]) == 1.0
    by_acceptance = compute_indicators(records, by=(), period="month", calendar=CN,
                                       period_by="acceptance").set_index("period")  # fmt: skip
    assert by_acceptance.loc["2025-09", ["acceptance_volume", "completed"]].tolist() == [1, 1]
    by_completion = compute_indicators(records, by=(), period="month", calendar=CN,
                                       period_by="completion").set_index("period")  # fmt: skip
    assert list(by_completion.index) == ["2025-10"]


def test_the_window_authorization_rate_reads_the_catalogue_record_not_the_kind() -> None:
    """A parallel case has no catalogue matter: it has no authorization record, and is left
    out of the rate's matters rather than guessed; a case's matter says what it holds."""
    matter = sample_catalog()["990102-SJJ-003"]
    case = Case.submit(matter, case_id="C-2", applicant="李四", at=at(9, 26, 9), by="窗口1",
                       calendar=CN)  # fmt: skip
    case = case.accept(at=at(9, 26, 9), by="窗口1")
    only_parallel = compute_indicators(records_from_cases([delivered()], calendar=CN), by=(),
                                       period=None, calendar=CN)  # fmt: skip
    assert np.isnan(float(only_parallel["window_authorization_rate"].iloc[0]))
    both = compute_indicators(records_from_cases([case, delivered()], calendar=CN), by=(),
                              period=None, calendar=CN)  # fmt: skip
    expected = 1.0 if matter.window_authorized else 0.0
    assert float(both["window_authorization_rate"].iloc[0]) == expected
    # on_site_rate: settled at the center ÷ completed (the parallel case was, at the lead)
    assert float(both["on_site_rate"].iloc[0]) == 1.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTS)
def test_records_of_a_parallel_case_equal_before_and_after_a_json_round_trip(
    acts: list[tuple[str, int, int]],
) -> None:
    case = play(acts)
    again = ParallelCase.from_json(case.to_json(), calendar=CN)
    before = records_from_cases([case], calendar=CN, check=False)
    after = records_from_cases([again], calendar=CN, check=False)
    pd.testing.assert_frame_equal(before, after)
    assert check_records(before).ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_histories(max_actions=10))
def test_records_of_a_case_equal_before_and_after_a_json_round_trip(case: Case) -> None:
    again = Case.from_json(case.to_json(), calendar=case.calendar)
    before = records_from_cases([case], calendar=case.calendar, check=False)
    after = records_from_cases([again], calendar=case.calendar, check=False)
    pd.testing.assert_frame_equal(before, after)
