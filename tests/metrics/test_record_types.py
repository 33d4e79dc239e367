"""check_records reads every column by its type and range, never by truthiness (issue 18)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.metrics import check_records, compute_indicators
from tests.metrics.helpers import at, frame, row


@pytest.mark.parametrize("text", ["否", "false", "0", "no", 0, 1.0])
def test_flags_written_as_text_or_numbers_are_refused(text) -> None:
    records = frame(row("C-1"), row("C-2"))
    records["complaint"] = pd.Series([False, text], dtype=object)
    with pytest.raises(InvalidValueError) as info:
        check_records(records)
    assert info.value.field == "complaint"
    with pytest.raises(InvalidValueError):
        compute_indicators(records, by=(), period=None, check=False, calendar=china())


@pytest.mark.parametrize("rating", [True, "5", "五"])
def test_ratings_that_are_not_numbers_are_refused(rating) -> None:
    records = frame(row("C-1"), row("C-2"))
    records["rating"] = pd.Series([5, rating], dtype=object)
    with pytest.raises(InvalidValueError, match="rating"):
        check_records(records)


@pytest.mark.parametrize(
    ("column", "value", "kind"),
    [
        ("visits", float("inf"), "bad_count"),
        ("visits", 2.5, "bad_count"),
        ("suspended_working_days", 1e30, "bad_count"),
        ("rating", 2.5, "impossible_rating"),
        ("level", "galactic", "bad_value"),
        ("department", 42, "bad_type"),
    ],
)
def test_out_of_range_values_are_problems(column, value, kind) -> None:
    records = frame(row("C-1"), row("C-2"))
    first = records[column].iloc[0]
    if column in ("visits", "suspended_working_days", "rating"):
        records[column] = pd.Series([np.nan if pd.isna(first) else first, value], dtype=float)
    else:
        records[column] = pd.Series([first, value], dtype=object)
    check = check_records(records)
    assert kind in [p.kind for p in check.problems]
    assert check.invalid.tolist() == [False, True]


def test_text_numbers_are_refused() -> None:
    records = frame(row("C-1"), row("C-2"))
    records["visits"] = pd.Series([1, "1"], dtype=object)
    with pytest.raises(InvalidValueError, match="visits"):
        check_records(records)


def test_a_no_limit_due_date_of_9999_12_31_stays_in_9999() -> None:
    far = dt.date(9999, 12, 31)
    records = frame(row("C-1", committed_due=far, statutory_due=far), row("C-2"))
    assert check_records(records).ok
    result = compute_indicators(records, by=(), period=None, calendar=china())
    assert float(result["on_time_rate"].iloc[0]) == 1.0


def test_instants_outside_the_nanosecond_range_are_refused() -> None:
    records = frame(row("C-1"), row("C-2"))
    late = pd.Series(
        np.array(["2025-03-05T03:00", "2300-01-01T00:00"], dtype="datetime64[s]")
    ).dt.tz_localize("UTC")
    records["completed_at"] = late
    with pytest.raises(InvalidValueError, match="2262"):
        check_records(records)


def test_unhashable_cells_are_refused() -> None:
    records = frame(row("C-1"), row("C-2"))
    records["department"] = pd.Series([["a"], "b"], dtype=object)
    with pytest.raises(InvalidValueError, match="department"):
        check_records(records)


def test_the_invalid_mask_cannot_be_changed() -> None:
    check = check_records(frame(row("C-1"), row("C-2", accepted_at=at("2025-03-06"))))
    with pytest.raises(ValueError, match="read-only"):
        check.invalid[0] = True
    with pytest.raises(ValueError, match="WRITEABLE"):
        check.invalid.flags.writeable = True
