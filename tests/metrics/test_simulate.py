from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import (
    IRREGULARITIES,
    RECORD_COLUMNS,
    check_records,
    compute_indicators,
    simulate,
)

START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def month() -> pd.DataFrame:
    irregular = {"overdue_unexplained": 0.005, "listed_not_entered": 0.004,
                 "double_acceptance": 0.003, "off_system": 0.003}  # fmt: skip
    return simulate(sample_catalog(), china(), START, END, seed=11, irregular=irregular)


def test_schema_and_consistency(month: pd.DataFrame) -> None:
    assert [c.name for c in RECORD_COLUMNS] == list(month.columns[: len(RECORD_COLUMNS)])
    assert check_records(month, catalog=sample_catalog()).ok
    assert str(month["accepted_at"].dtype) == "datetime64[ns, UTC]"
    assert month["accepted_at"].is_monotonic_increasing
    assert month["case_id"].is_unique


def test_volume_about_400_per_working_day_with_a_weekly_shape(month: pd.DataFrame) -> None:
    days = month["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.date
    per_day = days.value_counts()
    assert len(per_day) == 21  # March 2025 has 21 working days
    assert 300 < per_day.mean() < 500
    weekday = pd.Series(pd.to_datetime(per_day.index).day_of_week, index=per_day.index)
    by_weekday = per_day.groupby(weekday).mean()
    assert by_weekday[0] > by_weekday[4]  # Mondays busier than Fridays


def test_deterministic_for_a_seed() -> None:
    a = simulate(sample_catalog(), china(), START, START + dt.timedelta(days=6), seed=5)
    b = simulate(sample_catalog(), china(), START, START + dt.timedelta(days=6), seed=5)
    c = simulate(sample_catalog(), china(), START, START + dt.timedelta(days=6), seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_injected_irregularities_are_exactly_the_irregular_rows(month: pd.DataFrame) -> None:
    injected = month["injected"]
    assert set(injected.dropna().unique()) == set(IRREGULARITIES)
    local = month["completed_at"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    overdue = local.dt.normalize() > month["committed_due"]
    assert (overdue == (injected == "overdue_unexplained")).all()
    outside = month["accepted_in"] == "department"
    assert (outside == (injected == "listed_not_entered")).all()
    early = month["decided_at"] < month["accepted_at"]
    assert (early == (injected == "off_system")).all()
    key = ["applicant_id", "matter_code", "submitted_at"]
    second = month.duplicated(key, keep="first")
    assert (second == (injected == "double_acceptance")).all()


def test_open_cases_at_the_end_and_irregular_counts(month: pd.DataFrame) -> None:
    last_week = month["accepted_at"] >= pd.Timestamp("2025-03-25", tz="Asia/Shanghai")
    assert month.loc[last_week, "completed_at"].isna().any()
    assert month["outcome"].isna().sum() > 0
    table = compute_indicators(month, by=("center",), period="month", calendar=china())
    r = table.iloc[0]
    assert r["overdue"] == (month["injected"] == "overdue_unexplained").sum()
    assert 0.95 < r["on_time_rate"] < 1
    assert 0.3 < r["online_rate"] < 0.5
    assert 0.9 < r["satisfaction_rate"] <= 1


def test_immediate_cases_end_the_same_day_and_suspensions_occur(month: pd.DataFrame) -> None:
    immediate = month[(month["kind"] == "immediate") & month["completed_at"].notna()]
    a = immediate["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.date
    b = immediate["completed_at"].dt.tz_convert("Asia/Shanghai").dt.date
    assert (a == b).all()
    assert (month["suspended_working_days"] > 0).mean() > 0.005
    assert np.isin(month["rating"].dropna().unique(), [1, 2, 3, 4, 5]).all()


def test_bad_arguments() -> None:
    with pytest.raises(InvalidValueError, match="end"):
        simulate(sample_catalog(), china(), END, START, seed=1)
    with pytest.raises(InvalidValueError, match="irregular"):
        simulate(sample_catalog(), china(), START, END, seed=1, irregular={"late": 0.1})
    with pytest.raises(InvalidValueError, match="seed"):
        simulate(sample_catalog(), china(), START, END, seed=1.5)  # type: ignore[arg-type]


def test_decisions_and_completions_fall_in_office_hours_on_working_days(
    month: pd.DataFrame,
) -> None:
    """Regular cases are decided and completed in an office session (09:00-12:00, 13:30-17:00)
    of a working day, after acceptance and never after completion."""
    cal = china()
    regular = month[month["injected"].isna()]
    for column in ("decided_at", "completed_at"):
        local = regular[column].dropna().dt.tz_convert("Asia/Shanghai")
        minute = local.dt.hour * 60 + local.dt.minute + local.dt.second / 60
        in_session = ((minute >= 9 * 60) & (minute <= 12 * 60)) | (
            (minute >= 13 * 60 + 30) & (minute <= 17 * 60)
        )
        assert in_session.all(), local[~in_session].head()
        assert all(cal.is_working_day(d) for d in set(local.dt.date))
    both = regular.dropna(subset=["decided_at", "completed_at"])
    assert (both["decided_at"] >= both["accepted_at"]).all()
    assert (both["decided_at"] <= both["completed_at"]).all()


def test_the_authorization_record_comes_from_the_catalogue() -> None:
    import attrs

    from govservice.matters import Catalog

    base = sample_catalog()
    authorized = {m.code for m in base.matters[::2]}
    catalog = Catalog(
        [attrs.evolve(m, window_authorized=m.code in authorized) for m in base.matters]
    )
    records = simulate(
        catalog, china(), dt.date(2025, 3, 3), dt.date(2025, 3, 4), seed=5, cases_per_day=60
    )
    expected = records["matter_code"].astype(str).isin(authorized)
    assert records["window_authorized"].tolist() == expected.tolist()
    rate = compute_indicators(records, by=(), period=None, calendar=china())[
        "window_authorization_rate"
    ].iloc[0]
    in_center = records[records["accepted_in"] == "center"]["matter_code"].astype(str)
    assert rate == len(set(in_center) & authorized) / len(set(in_center))
