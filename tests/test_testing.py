from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from govservice.calendar import LimitUnit, TimeLimit, WorkCalendar, china
from govservice.matters import Catalog, Matter
from govservice.testing import covered_dates, time_limits, weekmasks, work_calendars


@given(cal=st.from_type(WorkCalendar), limit=st.from_type(TimeLimit),
       matter=st.from_type(Matter), catalog=st.from_type(Catalog))  # fmt: skip
def test_from_type_is_registered_by_the_entry_point(
    cal: WorkCalendar, limit: TimeLimit, matter: Matter, catalog: Catalog
) -> None:
    assert isinstance(cal, WorkCalendar)
    assert isinstance(limit, TimeLimit)
    assert isinstance(matter, Matter)
    assert isinstance(catalog, Catalog)


@given(mask=weekmasks())
def test_weekmasks_have_a_working_day(mask: str) -> None:
    assert len(mask) == 7
    assert "1" in mask


@given(limit=time_limits(units=(LimitUnit.WORKING_HOURS,), max_hours=3))
def test_time_limits_respect_their_bounds(limit: TimeLimit) -> None:
    assert limit.unit is LimitUnit.WORKING_HOURS
    assert 0 < limit.amount <= 3


@given(data=st.data())
def test_covered_dates_leave_the_headroom(data: st.DataObject) -> None:
    cal = data.draw(work_calendars(min_years=2, include_china=False))
    day = data.draw(covered_dates(cal, headroom=20))
    cal.add_working_days(day, 20)
    cal.add_working_days(day, -20)


@pytest.mark.parametrize(
    "strategy",
    [
        lambda: work_calendars(min_years=0),
        lambda: work_calendars(first_year=2030, last_year=2020),
        lambda: covered_dates("not a calendar"),  # type: ignore[arg-type]
        lambda: covered_dates(china(), headroom=-1),
        lambda: covered_dates(china(), headroom=10_000),
        lambda: time_limits(units=()),
        lambda: time_limits(max_days=0),
    ],
)
def test_bad_arguments_raise_invalid_argument(strategy: object) -> None:
    with pytest.raises(InvalidArgument):
        strategy()  # type: ignore[operator]


def test_headroom_dates_on_the_official_calendar() -> None:
    @given(covered_dates(china(), headroom=250))
    def check(day: dt.date) -> None:
        assert china().add_working_days(day, 250) <= dt.date(2026, 12, 31)
        assert china().add_working_days(day, -250) >= dt.date(2004, 1, 1)

    check()
