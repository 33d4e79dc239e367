"""Hypothesis strategies for govservice values, for our tests and for yours.

Needs the ``testing`` extra (``pip install "govservice[testing]"``). With it installed,
``st.from_type(WorkCalendar)`` and ``st.from_type(TimeLimit)`` work too, through the
``hypothesis`` entry point.

Examples:
    >>> from hypothesis import given
    >>> from govservice.testing import work_calendars, covered_dates
    >>> from hypothesis import strategies as st
    >>> @given(st.data())
    ... def test_next_is_after(data):
    ...     cal = data.draw(work_calendars())
    ...     day = data.draw(covered_dates(cal, headroom=1))
    ...     assert cal.next_working_day(day) > day
    >>> test_next_is_after()
"""

from __future__ import annotations

import datetime as dt

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        'govservice.testing needs Hypothesis: pip install "govservice[testing]"'
    ) from exc

from govservice.calendar import (
    Coverage,
    DayEntry,
    EntryKind,
    LimitUnit,
    TimeLimit,
    WorkCalendar,
    china,
)

__all__ = ["covered_dates", "time_limits", "weekmasks", "work_calendars"]


def weekmasks() -> st.SearchStrategy[str]:
    """Week masks with at least one working day, mostly the ordinary Monday-to-Friday.

    Examples:
        >>> from hypothesis import find
        >>> len(find(weekmasks(), lambda mask: True))
        7
    """
    other = st.lists(st.booleans(), min_size=7, max_size=7).filter(any)
    return st.one_of(
        st.just("1111100"),
        other.map(lambda bits: "".join("1" if b else "0" for b in bits)),
    )


@st.composite
def _custom_calendars(
    draw: st.DrawFn, min_years: int, max_years: int, first_year: int, last_year: int
) -> WorkCalendar:
    start_year = draw(st.integers(first_year, last_year), label="start year")
    years = draw(st.integers(min_years, max_years), label="years")
    coverage = Coverage(dt.date(start_year, 1, 1), dt.date(start_year + years - 1, 12, 31))
    weekmask = draw(weekmasks(), label="weekmask")
    offsets = draw(
        st.sets(st.integers(0, len(coverage) - 1), max_size=min(len(coverage) // 4, 120)),
        label="entry offsets",
    )
    days = []
    for offset in sorted(offsets):
        day = coverage.start + dt.timedelta(days=offset)
        if weekmask[day.weekday()] == "0":
            kind = draw(st.sampled_from([EntryKind.WORKDAY, EntryKind.REST, EntryKind.HOLIDAY]))
        else:
            kind = draw(st.sampled_from([EntryKind.HOLIDAY, EntryKind.REST, EntryKind.LOCAL]))
        days.append(DayEntry(day, "假日", kind))
    cal = WorkCalendar(coverage, days=days, weekmask=weekmask, name="generated")
    if not cal._index.days:
        # Every working day was taken away; keep one so the calendar is usable.
        cal = WorkCalendar(coverage, days=[], weekmask=weekmask, name="generated")
    return cal


def work_calendars(
    *,
    min_years: int = 1,
    max_years: int = 3,
    first_year: int = 1990,
    last_year: int = 2060,
    include_china: bool = True,
) -> st.SearchStrategy[WorkCalendar]:
    """Work calendars: generated ones (random week masks, holidays, make-up workdays) and china().

    Args:
        min_years: The fewest whole years of coverage.
        max_years: The most whole years of coverage.
        first_year: The earliest first year.
        last_year: The latest first year.
        include_china: Also draw the official China calendar.

    Examples:
        >>> from hypothesis import find
        >>> cal = find(work_calendars(include_china=False), lambda cal: True)
        >>> cal.coverage.start.month, cal.coverage.start.day
        (1, 1)
    """
    if not 1 <= min_years <= max_years:
        raise InvalidArgument(f"need 1 <= min_years <= max_years, got {min_years}, {max_years}")
    if not 1 <= first_year <= last_year <= 9000:
        raise InvalidArgument(f"need first_year <= last_year, got {first_year}, {last_year}")
    custom = _custom_calendars(min_years, max_years, first_year, last_year)
    if include_china:
        return st.one_of(st.just(china()), custom)
    return custom


def covered_dates(calendar: WorkCalendar, *, headroom: int = 0) -> st.SearchStrategy[dt.date]:
    """Dates of ``calendar``'s coverage with ``headroom`` working days covered on either side.

    So ``calendar.add_working_days(day, n)`` stays covered for ``-headroom <= n <= headroom``.

    Args:
        calendar: The calendar.
        headroom: How many working days must stay covered before and after the date.

    Examples:
        >>> from govservice.calendar import china
        >>> cal = china()
        >>> from hypothesis import find
        >>> day = find(covered_dates(cal, headroom=250), lambda day: True)
        >>> cal.add_working_days(day, 250) <= cal.coverage.end
        True
    """
    if not isinstance(calendar, WorkCalendar):
        raise InvalidArgument(f"calendar must be a WorkCalendar, got {calendar!r}")
    if isinstance(headroom, bool) or not isinstance(headroom, int) or headroom < 0:
        raise InvalidArgument(f"headroom must be an integer >= 0, got {headroom!r}")
    days = calendar._index.days
    lo, hi = calendar.coverage.start, calendar.coverage.end
    if headroom:
        if 2 * headroom >= len(days):
            raise InvalidArgument(
                f"{calendar!r} has {len(days)} working days; headroom={headroom} needs at "
                f"least {2 * headroom + 1}"
            )
        lo = dt.date.fromordinal(days[headroom - 1] + 1)
        hi = dt.date.fromordinal(days[len(days) - headroom] - 1)
        if lo > hi:
            raise InvalidArgument(f"no date of {calendar!r} has {headroom} working days each side")
    return st.dates(min_value=lo, max_value=hi)


def time_limits(
    *,
    units: tuple[LimitUnit, ...] = tuple(LimitUnit),
    max_days: int = 250,
    max_hours: float = 40.0,
) -> st.SearchStrategy[TimeLimit]:
    """Time limits of the given units, up to ``max_days`` days or ``max_hours`` hours.

    Examples:
        >>> from hypothesis import find
        >>> find(time_limits(units=(LimitUnit.WORKING_DAYS,)), lambda limit: True).unit.value
        'working_days'
    """
    if not units or not all(isinstance(u, LimitUnit) for u in units):
        raise InvalidArgument(f"units must be a non-empty tuple of LimitUnit, got {units!r}")
    if max_days < 1 or max_hours <= 0:
        raise InvalidArgument(f"need max_days >= 1 and max_hours > 0, got {max_days}, {max_hours}")
    options = []
    if LimitUnit.WORKING_DAYS in units:
        options.append(st.integers(1, max_days).map(TimeLimit.working_days))
    if LimitUnit.NATURAL_DAYS in units:
        options.append(st.integers(1, max_days).map(TimeLimit.natural_days))
    if LimitUnit.WORKING_HOURS in units:
        hours = st.one_of(
            st.integers(1, max(1, int(max_hours))),
            st.floats(0.25, max_hours, allow_nan=False, allow_infinity=False).map(
                lambda h: round(h * 4) / 4 or 0.25
            ),
        )
        options.append(hours.map(TimeLimit.working_hours))
    if LimitUnit.IMMEDIATE in units:
        options.append(st.just(TimeLimit.immediate()))
    return st.one_of(options)
