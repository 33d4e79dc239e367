from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import CalendarCoverageError, InvalidValueError
from govservice.calendar import china
from govservice.testing import covered_dates, work_calendars

CN = china()


def as_array(days: list[dt.date]) -> np.ndarray:
    return np.array(days, dtype="datetime64[D]")


@given(data=st.data())
def test_vectorized_equals_scalar(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(), label="calendar")
    start, end = cal.coverage
    capacity = cal.working_days_between(start, end) + cal.is_working_day(start)
    most = max(0, min(40, capacity // 2 - 2))
    days = data.draw(st.lists(covered_dates(cal, headroom=most + 1), min_size=1, max_size=30))
    ns = data.draw(st.lists(st.integers(-most, most), min_size=len(days), max_size=len(days)))
    others = data.draw(st.lists(covered_dates(cal), min_size=len(days), max_size=len(days)))
    arr, n = as_array(days), np.array(ns, dtype=np.int64)
    added = cal.add_working_days(arr, n)
    assert added.dtype == np.dtype("datetime64[D]")
    assert added.tolist() == [cal.add_working_days(d, k) for d, k in zip(days, ns, strict=True)]
    counts = cal.working_days_between(arr, as_array(others))
    assert counts.tolist() == [
        cal.working_days_between(a, b) for a, b in zip(days, others, strict=True)
    ]
    assert cal.is_working_day(arr).tolist() == [cal.is_working_day(d) for d in days]
    # A scalar n broadcasts, and so does a scalar date against an array of n.
    assert cal.add_working_days(arr, 1).tolist() == [cal.add_working_days(d, 1) for d in days]
    assert cal.add_working_days(days[0], n).tolist() == [
        cal.add_working_days(days[0], k) for k in ns
    ]


def test_two_dimensional_arrays_keep_their_shape() -> None:
    arr = np.array([["2025-01-24", "2025-09-30"], ["2026-02-13", "2026-09-30"]], "datetime64[D]")
    out = CN.add_working_days(arr, 1)
    assert out.shape == (2, 2)
    assert out[1, 0] == np.datetime64("2026-02-14")


def test_nat_propagates_in_add_and_is_not_a_working_day() -> None:
    arr = np.array(["2025-09-30", "NaT"], dtype="datetime64[D]")
    out = CN.add_working_days(arr, 1)
    assert out[0] == np.datetime64("2025-10-09")
    assert np.isnat(out[1])
    assert CN.is_working_day(arr).tolist() == [True, False]
    with pytest.raises(InvalidValueError, match="NaT"):
        CN.working_days_between(arr, arr)


def test_other_datetime64_units_are_accepted() -> None:
    arr = np.array(["2025-09-30T15:00"], dtype="datetime64[ns]")
    assert CN.add_working_days(arr, 1)[0] == np.datetime64("2025-10-09")


def test_array_outside_coverage_raises_naming_the_element() -> None:
    arr = as_array([dt.date(2025, 1, 2), dt.date(2027, 1, 1)])
    with pytest.raises(CalendarCoverageError) as info:
        CN.is_working_day(arr)
    assert info.value.field == "day[1]"
    assert info.value.value == dt.date(2027, 1, 1)
    with pytest.raises(CalendarCoverageError, match="working day after 2026-12-30"):
        CN.add_working_days(as_array([dt.date(2026, 12, 1), dt.date(2026, 12, 30)]), 5)


def test_bad_array_types_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="datetime64"):
        CN.is_working_day(np.array([1, 2]))
    with pytest.raises(InvalidValueError, match="integers"):
        CN.add_working_days(as_array([dt.date(2025, 1, 2)]), np.array([1.5]))


def test_empty_arrays() -> None:
    empty = np.array([], dtype="datetime64[D]")
    assert CN.add_working_days(empty, 3).size == 0
    assert CN.working_days_between(empty, empty).size == 0


def test_aware_datetime_against_an_array_uses_the_local_date() -> None:
    utc_evening = dt.datetime(2025, 9, 28, 17, 0, tzinfo=dt.UTC)  # 01:00 on Sep 29 in Shanghai
    arr = as_array([dt.date(2025, 9, 30)])
    assert CN.working_days_between(utc_evening, arr).tolist() == [
        CN.working_days_between(utc_evening, dt.date(2025, 9, 30))
    ]


def test_zero_dimensional_nat_and_numpy_scalars() -> None:
    assert not CN.is_working_day(np.datetime64("NaT", "D"))
    assert np.isnat(CN.add_working_days(np.datetime64("NaT", "D"), 1))
    assert CN.add_working_days(dt.date(2025, 9, 30), np.int64(1)) == dt.date(2025, 10, 9)


def test_counts_beyond_int64_are_refused() -> None:
    arr = as_array([dt.date(2025, 1, 2)])
    with pytest.raises(CalendarCoverageError):
        CN.add_working_days(arr, 2**70)
    with pytest.raises(InvalidValueError):
        CN.add_working_days(arr, np.array([2**63 + 5], dtype=np.uint64))
    with pytest.raises(CalendarCoverageError):
        CN.is_working_day(np.array(["20000-01-01"], dtype="datetime64[D]"))
