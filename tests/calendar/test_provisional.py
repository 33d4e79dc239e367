from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from govservice import CalendarCoverageError, InvalidValueError
from govservice.calendar import DayKind, Provisional, china

D = dt.date
CN = china()
PROV = CN.provisional(until=D(2027, 12, 31))


def test_results_inside_official_coverage_are_not_provisional() -> None:
    result = PROV.add_working_days(D(2025, 9, 30), 1)
    assert result == Provisional(D(2025, 10, 9), False, D(2026, 12, 31))


def test_results_touching_the_extension_are_marked() -> None:
    assert PROV.is_working_day(D(2027, 1, 1)) == Provisional(True, True, D(2026, 12, 31))
    assert PROV.add_working_days(D(2026, 12, 31), 1).value == D(2027, 1, 1)
    assert PROV.add_working_days(D(2026, 12, 31), 1).provisional
    assert PROV.add_working_days(D(2027, 1, 4), -2).value == D(2026, 12, 31)
    assert PROV.add_working_days(D(2027, 1, 4), -2).provisional  # started from a provisional day
    assert PROV.working_days_between(D(2026, 12, 1), D(2027, 1, 31)).provisional
    assert PROV.day_kind(D(2027, 1, 2)) == Provisional(DayKind.WEEKEND, True, D(2026, 12, 31))
    assert PROV.next_working_day(D(2026, 12, 31)).provisional
    assert not PROV.previous_working_day(D(2026, 12, 31)).provisional


def test_vectorized_results_are_marked_too() -> None:
    days = np.array(["2026-06-01", "2026-12-31"], dtype="datetime64[D]")
    result = PROV.add_working_days(days, 1)  # type: ignore[arg-type]
    assert result.provisional
    assert not PROV.add_working_days(days[:1], 1).provisional  # type: ignore[arg-type]


def test_the_extension_has_its_own_end() -> None:
    with pytest.raises(CalendarCoverageError, match="2004-01-01..2027-12-31"):
        PROV.is_working_day(D(2028, 1, 1))
    with pytest.raises(InvalidValueError, match="until"):
        CN.provisional(until=D(2026, 6, 1))


def test_the_official_calendar_still_refuses() -> None:
    with pytest.raises(CalendarCoverageError):
        CN.is_working_day(D(2027, 1, 1))
    assert PROV.official_coverage == CN.coverage
    assert PROV.coverage.end == D(2027, 12, 31)
