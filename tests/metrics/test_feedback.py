from __future__ import annotations

import datetime as dt

import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice.calendar import TimeLimit, china
from govservice.matters import (
    Case,
    Inquiry,
    RectificationPolicy,
    sample_catalog,
    sample_hierarchy,
)
from govservice.metrics import (
    compute_indicators,
    feedback_columns,
    rollup_indicators,
    simulate,
    with_feedback,
)
from govservice.supervision import open_rectifications, unanswered_inquiries
from govservice.testing import case_records

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
HIER = sample_hierarchy()


def at(m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(2025, m, d, h, tzinfo=SH)


def records(center: str = "示例县政务服务中心", seed: int = 1, days: int = 5) -> pd.DataFrame:
    level = HIER[center].level
    r = simulate(sample_catalog(), CAL, dt.date(2025, 9, 22), dt.date(2025, 9, 21 + days),
                 seed=seed, cases_per_day=12, center=center, level=level)  # fmt: skip
    return r.assign(case_id=center + "-" + r["case_id"].astype(str))


FIVE = RectificationPolicy.working_days(5)


def case_of(case_id: str) -> Case:
    """A case with the records' case id (what it applied for does not matter here)."""
    return Case.submit(sample_catalog().matters[0], case_id=case_id, applicant="张三",
                       at=at(9, 22, 9), calendar=CAL)  # fmt: skip


def bad(case_id: str, when: dt.datetime) -> Case:
    case = case_of(case_id)
    return case.rate(1, channel="window", person="张三", at=when, text="不满意", policy=FIVE)


def fix(fb: Case, answered: dt.datetime) -> Case:
    opened = fb.rectifications[-1].opened_at
    fb = fb.verify_feedback("R1", valid=True, finding="属实", at=opened, by="督查")
    fb = fb.rectify("R1", measures="整改", at=opened, by="窗口")
    return fb.answer("R1", text="已回访", at=answered, by="督查")


def _three(r: pd.DataFrame) -> list[Case]:
    ids = r.loc[r["accepted_at"].notna(), "case_id"].tolist()
    on_time = fix(bad(ids[0], at(9, 30)), at(10, 14))  # due Oct 14 (National Day)
    late = fix(bad(ids[1], at(9, 30)), at(10, 15))
    unfounded = bad(ids[2], at(9, 30))
    unfounded = unfounded.verify_feedback(
        "R1", valid=False, finding="无过错", at=at(10, 9), by="督查"
    )
    unfounded = unfounded.answer("R1", text="已解释", at=at(10, 9), by="督查")
    return [on_time, late, unfounded]


def test_rectification_rates_hand_worked() -> None:
    r = records()
    feedback = _three(r)
    rows = with_feedback(r, feedback, today=dt.date(2025, 10, 31))
    table = compute_indicators(rows, by=(), period=None, calendar=CAL)
    assert table["rectification_rate"].iloc[0] == 1.0  # 2 of 2 counted (unfounded left out)
    assert table["on_time_rectification_rate"].iloc[0] == 0.5
    assert table["real_name_bad_review_callback_rate"].iloc[0] == 1.0
    early = with_feedback(r, feedback, today=dt.date(2025, 10, 14))
    table = compute_indicators(early, by=(), period=None, calendar=CAL)
    assert table["rectification_rate"].iloc[0] == 0.5  # the late one is still open
    assert table["on_time_rectification_rate"].iloc[0] == 0.5
    before = with_feedback(r, feedback, today=dt.date(2025, 9, 29))
    assert int(before["rectifications"].sum()) == 0
    plain = compute_indicators(r, by=(), period=None, calendar=CAL)
    assert plain["rectification_rate"].isna().all()


def test_feedback_columns_replace_rating_and_complaint() -> None:
    r = records()
    case = r["case_id"].iloc[0]
    fb = case_of(case).complain(channel="phone", person=None, at=at(9, 30), text="推诿",
                                policy=15)  # fmt: skip
    fb = fb.rate(4, channel="online", person="李四", at=at(10, 9))
    out = with_feedback(r, [fb], today=dt.date(2025, 10, 31))
    row = out[out["case_id"] == case].iloc[0]
    assert row["rating"] == 4
    assert bool(row["complaint"])
    assert row["rectifications"] == 1
    assert row["rectified"] == 0
    assert feedback_columns([fb], today=dt.date(2025, 9, 30))[case]["rating"] is None
    assert len(out) == len(r)
    with pytest.raises(InvalidValueError, match="case ids"):
        with_feedback(r, [bad("nobody", at(9, 30))], today=dt.date(2025, 10, 31))
    with pytest.raises(InvalidValueError, match="one record per case"):
        feedback_columns([fb, fb], today=dt.date(2025, 10, 31))
    assert feedback_columns([fb.feedback], today=dt.date(2025, 10, 31)) == feedback_columns(
        [fb], today=dt.date(2025, 10, 31)
    )
    with pytest.raises(InvalidValueError, match="cases"):
        feedback_columns(["C-1"], today=dt.date(2025, 10, 31))  # type: ignore[list-item]


def test_monitoring_lists_open_rectifications_with_days_left() -> None:
    fbs = [bad("A", at(9, 30)), fix(bad("B", at(9, 30)), at(10, 10)), bad("C", at(10, 9))]
    table = open_rectifications(fbs, today=dt.date(2025, 10, 15), calendar=CAL)
    assert table["case_id"].tolist() == ["A", "C"]
    # A due Oct 14; C (Thu Oct 9): Fri 10, Sat 11 (make-up), Mon 13, Tue 14, Wed 15 -> due today
    assert table["days_left"].tolist() == [-1, 0]
    assert table["overdue"].tolist() == [True, False]
    earlier = open_rectifications(fbs, today=dt.date(2025, 10, 9), calendar=CAL)
    assert earlier["case_id"].tolist() == ["A", "B", "C"]


def test_monitoring_lists_unanswered_inquiries_and_who_is_responsible() -> None:
    q = Inquiry.open("Q-1", question="?", first_responder="王五", at=at(9, 30, 9),
                     limit=TimeLimit.working_days(1), calendar=CAL)  # fmt: skip
    q = q.hand_over("赵六", reason="转窗口", at=at(9, 30, 9), by="王五")
    done = Inquiry.open("Q-2", question="?", first_responder="王五", at=at(9, 30, 9),
                        limit=TimeLimit.working_days(1), calendar=CAL)  # fmt: skip
    done = done.answer("a", at=at(9, 30, 11), by="王五")
    later = Inquiry.open("Q-3", question="?", first_responder="孙七", at=at(10, 20, 9),
                         limit=TimeLimit.working_days(1), calendar=CAL)  # fmt: skip
    table = unanswered_inquiries([q, done, later], today=dt.date(2025, 10, 10))
    assert table["inquiry_id"].tolist() == ["Q-1"]
    assert table["responsible"].tolist() == ["赵六"]
    assert table["first_responder"].tolist() == ["王五"]
    assert table["overdue"].tolist() == [True]


def test_rollup_adds_townships_into_counties_and_counties_into_the_city() -> None:
    centers = ["示例县政务服务中心", "城关镇便民服务中心", "东门村便民服务站", "示例区政务服务中心"]
    allr = pd.concat([records(c, seed=i) for i, c in enumerate(centers)], ignore_index=True)
    table = rollup_indicators(allr, HIER, period="month", calendar=CAL)
    for center in ("示例市政务服务中心", "示例县政务服务中心", "城关镇便民服务中心"):
        members = set(HIER.subtree(center))
        own = compute_indicators(allr[allr["center"].isin(members)], by=(), period="month",
                                 calendar=CAL)  # fmt: skip
        got = table[table["center"] == center].drop(columns=["center", "level"])
        pd.testing.assert_frame_equal(got.reset_index(drop=True), own, check_dtype=False)
    assert set(table["level"]) == {"city", "county", "township", "village"}
    assert "东山乡便民服务中心" not in set(table["center"])  # no records under it


def test_rollup_on_dask_equals_pandas() -> None:
    allr = pd.concat([records("示例县政务服务中心", 1), records("城关镇便民服务中心", 2)],
                     ignore_index=True)  # fmt: skip
    expected = rollup_indicators(allr, HIER, period="week", calendar=CAL)
    got = rollup_indicators(dd.from_pandas(allr, npartitions=3), HIER, period="week", calendar=CAL)
    pd.testing.assert_frame_equal(got, expected)


def test_rollup_refuses_unknown_centers() -> None:
    with pytest.raises(InvalidValueError, match="centers of the hierarchy"):
        rollup_indicators(records("示例县政务服务中心").assign(center="别处"), HIER, calendar=CAL)
    with pytest.raises(InvalidValueError, match="hierarchy"):
        rollup_indicators(records(), "county", calendar=CAL)  # type: ignore[arg-type]


@settings(max_examples=15)
@given(
    answered=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=6),
    today=st.integers(min_value=0, max_value=40),
)
def test_rates_are_shares_and_on_time_never_exceeds_done(answered: list[int], today: int) -> None:
    r = records(days=3)
    ids = r.loc[r["accepted_at"].notna(), "case_id"].tolist()
    fbs = [fix(bad(ids[i], at(9, 25)), at(9, 25) + dt.timedelta(days=d))
           for i, d in enumerate(answered)]  # fmt: skip
    cols = feedback_columns(fbs, today=dt.date(2025, 9, 25) + dt.timedelta(days=today))
    for values in cols.values():
        assert 0 <= values["rectified_on_time"] <= values["rectified"] <= values["rectifications"]


@settings(max_examples=12)
@given(records=case_records(max_size=30), data=st.data())
def test_each_rollup_row_is_the_indicators_of_its_subtree(
    records: pd.DataFrame, data: st.DataObject
) -> None:
    ids = [c.id for c in HIER]
    centers = data.draw(st.lists(st.sampled_from(ids), min_size=len(records),
                                 max_size=len(records)))  # fmt: skip
    records = records.assign(center=centers)
    table = rollup_indicators(records, HIER, period=None, calendar=CAL)
    if table.empty:
        return
    center = data.draw(st.sampled_from(table["center"].tolist()))
    members = set(HIER.subtree(center))
    own = compute_indicators(
        records[records["center"].isin(members)], by=(), period=None, calendar=CAL
    )
    got = table[table["center"] == center].drop(columns=["center", "level"])
    pd.testing.assert_frame_equal(got.reset_index(drop=True), own, check_dtype=False)


def test_records_read_rating_and_complaint_from_the_case_events() -> None:
    from govservice.metrics import records_from_cases
    from govservice.store import open_store

    rated = case_of("C-1").rate(4, channel="window", person="张三", at=at(9, 23))
    rated = rated.rate(2, channel="window", person="张三", at=at(9, 24), policy=FIVE)
    complained = case_of("C-2").complain(channel="phone", person=None, at=at(9, 23),
                                         text="推诿", by="12345热线", policy=15)  # fmt: skip
    plain = case_of("C-3")
    records = records_from_cases([rated, complained, plain], calendar=CAL)
    assert records["rating"].tolist()[0] == 2  # the latest grade
    assert pd.isna(records["rating"].iloc[1])
    assert records["complaint"].tolist() == [False, True, False]
    overridden = records_from_cases([rated], calendar=CAL, extra={"C-1": {"rating": 5}})
    assert overridden["rating"].tolist() == [5]
    with open_store("sqlite:///:memory:", calendar=CAL) as store:
        for case in (rated, complained, plain):
            store.add(case)
        assert store.get("C-1") == rated
        stored = store.records(dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    pd.testing.assert_frame_equal(
        stored.sort_values("case_id").reset_index(drop=True),
        records.sort_values("case_id").reset_index(drop=True),
    )
