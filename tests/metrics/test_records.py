from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError, RecordError
from govservice.calendar import china
from govservice.matters import Case, CaseState, sample_catalog
from govservice.metrics import RECORD_COLUMNS, check_records, compute_indicators, records_from_cases
from govservice.testing import case_histories, case_records

from .helpers import at, frame, row

SH = ZoneInfo("Asia/Shanghai")


def test_a_consistent_frame_passes_and_extra_columns_are_kept() -> None:
    records = frame(row("a", note="备注"), row("b"))
    assert check_records(records).ok
    assert "note" in records.columns
    table = compute_indicators(records, by=("note",), period=None, calendar=china())
    assert table["note"].tolist()[0] in ("备注", None)


def test_every_problem_is_counted_with_examples() -> None:
    records = frame(
        row("ok"),
        row("dup"),
        row("dup"),
        row("early", completed_at=at("2025-03-03", 9)),
        row("nowhere", accepted_at=None, decided_at=None),
        row("nodue", committed_due=None),
        row("rate0", rating=0),
        row("bad", channel="fax"),
        row("neg", visits=-1),
        row("open-approved", completed_at=None),
        row("sub", submitted_at=at("2025-03-03", 11)),
        row("none", center=None),
        row("X", matter_code="NOT-IN-CATALOG"),
    )
    check = check_records(records, catalog=sample_catalog())
    found = {p.kind: p for p in check.problems}
    assert found["duplicate_case_id"].rows == 2
    assert found["duplicate_case_id"].examples == ("dup", "dup")
    assert found["completed_before_accepted"].examples == ("early",)
    assert found["completed_not_accepted"].examples == ("nowhere",)
    assert found["no_deadline"].examples == ("nodue",)
    assert found["impossible_rating"].examples == ("rate0",)
    assert found["bad_value"].examples == ("bad",)
    assert found["negative_count"].examples == ("neg",)
    assert found["outcome_mismatch"].examples == ("open-approved",)
    assert found["accepted_before_submitted"].examples == ("sub",)
    assert found["missing_value"].examples == ("none",)
    assert found["unknown_matter"].rows == 13  # the hand-made rows use M-1
    assert check.invalid.sum() == 13
    with pytest.raises(RecordError, match="13 of 13 case records refused"):
        check.raise_for_problems()


def test_missing_columns_are_named() -> None:
    with pytest.raises(InvalidValueError, match="rating"):
        check_records(frame(row("a")).drop(columns=["rating"]))


def test_schema_lists_the_issue_columns_in_order() -> None:
    assert [c.name for c in RECORD_COLUMNS] == [
        "case_id", "applicant_id", "center", "level", "department", "window", "matter_code",
        "kind", "channel", "accepted_in", "submitted_at", "accepted_at", "decided_at",
        "completed_at", "outcome", "committed_due", "statutory_due", "committed_working_days",
        "statutory_working_days", "suspended_working_days", "visits", "on_site", "rating",
        "complaint",
    ]  # fmt: skip


@given(records=case_records(max_size=20))
def test_generated_records_are_consistent(records: pd.DataFrame) -> None:
    assert check_records(records).ok


def _lifecycle(case_id: str, code: str, *, close_on: int, online: bool = False) -> Case:
    matter = sample_catalog()[code]
    start = dt.datetime(2025, 3, 3, 9, tzinfo=SH)
    case = Case.submit(matter, case_id=case_id, applicant="张三", at=start,
                       by=None if online else "1号窗口", calendar=china())  # fmt: skip
    case = case.accept(at=start + dt.timedelta(minutes=5), by="1号窗口")
    if case.kind.value != "immediate":
        case = case.review(at=start + dt.timedelta(minutes=30), by="审核员")
    done = start + dt.timedelta(days=close_on, minutes=40)
    case = case.approve(at=done - dt.timedelta(minutes=5), by="科长")
    return case.close(at=done, by="1号窗口")


def test_records_from_cases_read_the_case() -> None:
    immediate = _lifecycle("I-1", "990102-SJJ-004", close_on=0)
    committed = _lifecycle("C-1", "990102-SJJ-003", close_on=9, online=True)
    records = records_from_cases([immediate, committed], center="甲县中心",
                                 extra={"C-1": {"rating": 4, "complaint": True}},
                                 calendar=china())  # fmt: skip
    first, second = records.iloc[0], records.iloc[1]
    assert (first["kind"], first["channel"], bool(first["on_site"])) == (
        "immediate",
        "window",
        True,
    )
    assert int(first["committed_working_days"]) == 0
    assert (second["channel"], int(second["visits"]), int(second["rating"])) == ("online", 0, 4)
    assert second["window"] == "1号窗口"
    table = compute_indicators(records, by=(), period=None, calendar=china())
    assert table["overdue"].iloc[0] == 1  # C-1: 5 working days from 03-03 is 03-10, done 03-12
    assert table["complaint_rate"].iloc[0] == 0.5


def test_records_from_cases_refuse_an_unknown_matter_and_bad_ratings() -> None:
    case = _lifecycle("C-1", "990102-SJJ-003", close_on=1)
    other = sample_catalog().select(department="公安局")
    from govservice.matters import Catalog

    with pytest.raises(RecordError, match="unknown_matter"):
        records_from_cases([case], catalog=Catalog(other), calendar=china())
    with pytest.raises(RecordError, match="impossible_rating"):
        records_from_cases([case], extra={"C-1": {"rating": 9}}, calendar=china())
    assert (
        len(records_from_cases([case], extra={"C-1": {"rating": 9}}, check=False, calendar=china()))
        == 1
    )


def _reference(cases: list[Case]) -> dict[str, float]:
    """The figures computed straight from the Case objects, one by one."""
    accepted = [c for c in cases if c.accepted_at is not None]
    completed = [c for c in accepted if c.state is CaseState.COMPLETED]
    # on time as the case itself says: by the due instant (the close of office hours of the
    # due date, or the end of an hour limit), measured at 办结
    on_time = sum(c.timeliness.committed.value in ("early", "on_time") for c in completed)
    online = sum(c.trace.events[0].payload["by"] == c.applicant for c in accepted)
    nan = float("nan")
    return {
        "acceptance_volume": len(accepted),
        "completed": len(completed),
        "on_time": on_time,
        "on_time_rate": on_time / len(completed) if completed else nan,
        "online_rate": online / len(accepted) if accepted else nan,
        "immediate_share": (
            sum(c.kind.value == "immediate" for c in accepted) / len(accepted) if accepted else nan
        ),
    }


@settings(max_examples=30)
@given(cases=st.lists(case_histories(max_actions=10), max_size=4))
def test_the_object_path_equals_the_column_path(cases: list[Case]) -> None:
    cases = [c for c in cases if c.accepted_at is None or c.state is not CaseState.COMPLETED
             or c.due_date is not None]  # fmt: skip
    # case_histories() numbers every case C-1: the duplicate ids are allowed here
    records = records_from_cases(cases, check=False, calendar=china())
    table = compute_indicators(records, by=(), period=None, check=False, calendar=china())
    expected = _reference(cases)
    if not expected["acceptance_volume"]:
        assert len(table) == 0
        return
    got = table.iloc[0]
    for name, value in expected.items():
        assert (np.isnan(value) and np.isnan(got[name])) or got[name] == value, name


def test_a_complaint_flag_written_as_text_is_refused_not_read_by_truthiness_county_scheme(
    tmp_path: Path,
) -> None:
    """投诉率 (county scheme, monthly): complaints ÷ cases accepted.

    Hand-worked: one accepted case whose 好差评 export says 是否投诉 = "否" (no). Read by its
    truthiness, "否" was True: 1 complaint, a complaint rate of 100% instead of 0%. A flag
    is True or False; text is refused, naming the column and the value (as RecordColumns.flag
    refuses it), by records_from_cases and frame_from_rows alike.
    """
    case = _lifecycle("C-1", "990102-SJJ-003", close_on=1)
    for value in ("否", "false", 0):
        with pytest.raises(InvalidValueError, match="complaint") as raised:
            records_from_cases([case], extra={"C-1": {"complaint": value}}, calendar=china())
        assert raised.value.value == value
        with pytest.raises(InvalidValueError, match="complaint"):
            compute_indicators(frame(row("a", complaint=value)), by=(), period=None,
                               calendar=china())  # fmt: skip
    records = records_from_cases([case], extra={"C-1": {"complaint": False}}, calendar=china())
    table = compute_indicators(records, by=(), period=None, calendar=china())
    assert (table["complaints"].iloc[0], table["complaint_rate"].iloc[0]) == (0, 0.0)
    # the store's records, with the same extra, are refused the same way
    from govservice.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'cases.db'}", calendar=china())
    store.save(case)
    march = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    stored = store.records(*march, extra={"C-1": {"complaint": "否"}})
    with pytest.raises(InvalidValueError, match="complaint"):
        compute_indicators(stored, by=(), period=None, calendar=china())


def test_a_rating_of_true_is_not_grade_1_very_dissatisfied_gbf_2019_51(tmp_path: Path) -> None:
    """国办发〔2019〕51号: five grades, 1 = 非常不满意 .. 5 = 非常满意.

    Hand-worked: one rated case whose rating cell holds True (a "rated" flag, not a grade).
    Typed as an integer it became grade 1: very_dissatisfied_rate and dissatisfaction_rate
    100%. A grade of 4.5 stopped the records with a bare TypeError. Both are refused now,
    naming the column and the value: True as not a number, 4.5 as an impossible rating.
    """
    case = _lifecycle("C-1", "990102-SJJ-003", close_on=1)
    with pytest.raises(InvalidValueError, match="rating") as raised:
        records_from_cases([case], extra={"C-1": {"rating": True}}, calendar=china())
    assert raised.value.value is True
    with pytest.raises(InvalidValueError, match="rating"):
        compute_indicators(frame(row("a", rating=True)), by=(), period=None, calendar=china())
    with pytest.raises(RecordError, match="impossible_rating"):
        records_from_cases([case], extra={"C-1": {"rating": 4.5}}, calendar=china())
    with pytest.raises(RecordError, match="bad_count"):
        records_from_cases([case], extra={"C-1": {"visits": 1.5}}, calendar=china())
    records = records_from_cases([case], extra={"C-1": {"rating": 4.0}}, calendar=china())
    table = compute_indicators(records, by=(), period=None, calendar=china())
    assert (table["satisfaction_rate"].iloc[0], table["very_dissatisfied_rate"].iloc[0]) == (
        1.0,
        0.0,
    )
    from govservice.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'cases.db'}", calendar=china())
    store.save(case)
    march = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    with pytest.raises(InvalidValueError, match="rating"):
        compute_indicators(store.records(*march, extra={"C-1": {"rating": True}}), by=(),
                           period=None, calendar=china())  # fmt: skip
    with pytest.raises(RecordError, match="impossible_rating"):
        compute_indicators(store.records(*march, extra={"C-1": {"rating": 4.5}}), by=(),
                           period=None, calendar=china())  # fmt: skip
