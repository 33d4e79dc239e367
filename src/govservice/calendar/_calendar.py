"""WorkCalendar: working days from a week mask, holidays, make-up workdays and a coverage range."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

import attrs

from govservice._errors import (
    CalendarCoverageError,
    CalendarDataError,
    DataProblem,
    InvalidValueError,
)
from govservice._validators import of_type, tuple_of
from govservice.calendar._model import (
    Coverage,
    DayEntry,
    DayKind,
    EntryKind,
    Notice,
    OfficeHours,
    YearData,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from govservice.calendar._provisional import Basis, ProvisionalCalendar

    DateArray = npt.NDArray[np.datetime64]
    IntArray = npt.NDArray[np.integer[Any]]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["DateLike", "DayChange", "WorkCalendar", "ordinal_suffix"]

#: What the scalar methods accept as a day: a date, a datetime (its date in the calendar's
#: time zone when aware) or a pendulum Date/DateTime (subclasses of both).
DateLike = dt.date

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_DATE_EXPECTED = "a datetime.date, datetime.datetime or pendulum date (or a datetime64 array)"


def ordinal_suffix(n: int) -> str:
    """English ordinal of a positive integer: 1st, 2nd, 3rd, 4th, 11th, 21st.

    Examples:
        >>> [ordinal_suffix(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
        ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _weekmask(value: object) -> str:
    if isinstance(value, str) and len(value) == 7 and set(value) <= {"0", "1"}:
        return value
    raise InvalidValueError(
        "weekmask", value, "seven '0'/'1' characters, Monday first, such as '1111100'"
    )


def _names(value: object) -> tuple[tuple[str, str], ...]:
    try:
        pairs = dict(value).items()  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InvalidValueError("names", value, "a mapping of holiday names to English") from None
    for key, english in pairs:
        if not isinstance(key, str) or not isinstance(english, str):
            raise InvalidValueError("names", (key, english), "text names and text English names")
    return tuple(sorted(pairs))


def _notices(value: Iterable[Notice]) -> tuple[Notice, ...]:
    """In publication order (undated last), so equal data gives equal calendars."""
    return tuple(
        sorted(
            tuple_of(Notice, "notices", value),
            key=lambda n: (
                n.published is None,
                n.published or dt.date.min,
                n.title,
                n.number or "",
            ),
        )
    )


def _days(value: Iterable[DayEntry]) -> tuple[DayEntry, ...]:
    return tuple(sorted(tuple_of(DayEntry, "days", value)))


class _Index:
    """Derived lookup tables of a calendar; built once, never changed after.

    ``work[i]`` is 1 when coverage.start + i is a working day, ``cum[i]`` the number of working days
    in [start, start + i], and ``days`` the ordinals of the working days in order. So the n-th
    working day after offset i is ``days[cum[i] + n - 1]`` and the count in (a, b] is
    ``cum[b] - cum[a]``: two lookups, whatever the distance.
    """

    __slots__ = (
        "_arrays", "cum", "days", "entries", "first", "makeup", "named_off", "size", "work"
    )  # fmt: skip

    def __init__(self, coverage: Coverage, weekmask: str, days: tuple[DayEntry, ...]) -> None:
        first = coverage.start.toordinal()
        size = len(coverage)
        week = bytes(int(c) for c in weekmask)
        shift = coverage.start.weekday()
        rotated = week[shift:] + week[:shift]
        work = bytearray((rotated * (size // 7 + 1))[:size])
        for entry in days:
            work[entry.date.toordinal() - first] = entry.kind is EntryKind.WORKDAY
        self.first = first
        self.size = size
        self.work = bytes(work)
        self.cum = list(itertools.accumulate(work))
        self.days = [first + i for i in itertools.compress(range(size), work)]
        self.entries = {entry.date: entry for entry in days}
        #: The ordinals of the make-up workdays, sorted (a deadline's explanation names them).
        self.makeup = sorted(e.date.toordinal() for e in days if e.kind is EntryKind.WORKDAY)
        #: The ordinals of the named days off (holidays, closures), sorted: the other days off
        #: in a span are ordinary weekend days, counted from ``cum`` without a look at each.
        self.named_off = sorted(e.date.toordinal() for e in days if e.kind is not EntryKind.WORKDAY)
        self._arrays: tuple[Any, ...] | None = None

    def arrays(self) -> tuple[Any, ...]:
        """(work, cum, before, days since 1970) as read-only numpy arrays, built on first use."""
        if self._arrays is None:
            import numpy as np

            work = np.frombuffer(self.work, dtype=np.uint8).astype(np.bool_)
            cum = np.asarray(self.cum, dtype=np.int64)
            before = cum - work
            days = np.asarray(self.days, dtype=np.int64) - _EPOCH_ORDINAL
            # Views over immutable bytes: unlike a flag on an owning array, nobody can set
            # them writable again (a shared calendar such as china() stays right everywhere).
            self._arrays = tuple(
                np.frombuffer(a.tobytes(), dtype=a.dtype) for a in (work, cum, before, days)
            )
        return self._arrays


def _check_entries(
    source: str, coverage: Coverage, weekmask: str, days: tuple[DayEntry, ...]
) -> list[DataProblem]:
    problems: list[DataProblem] = []
    seen: dict[dt.date, int] = {}
    for i, entry in enumerate(days):
        path = f"$.days[{i}]"
        if entry.date in seen:
            other = days[seen[entry.date]]
            problems.append(
                DataProblem.of(
                    source,
                    f"{path}.date",
                    f"{entry.date.isoformat()} is listed twice "
                    f"({other.kind.value} {other.name!r} and {entry.kind.value} {entry.name!r}); "
                    "a date is either a day off or a make-up workday, once",
                )
            )
            continue
        seen[entry.date] = i
        if entry.date not in coverage:
            problems.append(
                DataProblem.of(
                    source,
                    f"{path}.date",
                    f"{entry.date.isoformat()} is outside the coverage {coverage}",
                )
            )
        if entry.kind is EntryKind.WORKDAY and weekmask[entry.date.weekday()] == "1":
            problems.append(
                DataProblem.of(
                    source,
                    f"{path}.kind",
                    f"make-up workday {entry.date.isoformat()} is a "
                    f"{entry.date.strftime('%A')}; a make-up workday must be a day of the weekly "
                    "rest (Saturday or Sunday)",
                )
            )
    return problems


@attrs.frozen
class WorkCalendar:
    """An immutable calendar of working days over an explicit coverage range.

    A working day is a day of the week mask's working days that no entry makes a day off, or a
    rest day that an entry makes a make-up workday (调休上班). Dates outside ``coverage`` are
    unknown: every query on them raises `govservice.CalendarCoverageError`, never a
    guess. Build the official calendar with `china`, a custom one with the fields below.

    Conventions (Civil Code art. 201: the starting day is not counted):

    - ``add_working_days(d, n)``: for ``n >= 1`` the n-th working day strictly after ``d``, whether
      or not ``d`` is a working day; for ``n <= -1`` the ``|n|``-th working day strictly before
      ``d``; for ``n == 0``, ``d`` if it is a working day, else the next working day.
    - ``working_days_between(start, end)``: the working days in ``(start, end]``; negative when
      ``end < start``; so ``working_days_between(d, add_working_days(d, n)) == n`` for ``n >= 1``.

    Args:
        coverage: The first and last dates the calendar has data for.
        days: The dates that differ from the ordinary week.
        weekmask: Seven characters, Monday first, ``1`` for a working day of the ordinary week.
        notices: The sources of ``days``.
        office_hours: Office sessions on working days, and the time zone.
        name: A short name for messages ("CN", "CN-XJ", "my center").
        names: English names of the holiday names used in ``days``, as (zh, en) pairs.

    Raises:
        CalendarDataError: Listing every bad entry: a date twice, outside coverage, or a
            make-up workday on a day the week mask already works.

    Examples:
        >>> import datetime as dt
        >>> cal = WorkCalendar(
        ...     Coverage(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ...     days=[DayEntry(dt.date(2025, 1, 1), "元旦", EntryKind.HOLIDAY),
        ...           DayEntry(dt.date(2025, 1, 26), "春节", EntryKind.WORKDAY)],
        ... )
        >>> cal.is_working_day(dt.date(2025, 1, 26))  # a Sunday worked (调休)
        True
        >>> cal.add_working_days(dt.date(2024, 12, 31), 1)
        Traceback (most recent call last):
        ...
        govservice.CalendarCoverageError: day 2024-12-31 is outside the calendar's coverage ...
    """

    coverage: Coverage = attrs.field(validator=of_type(Coverage))
    days: tuple[DayEntry, ...] = attrs.field(converter=_days, default=())
    weekmask: str = attrs.field(converter=_weekmask, default="1111100")
    notices: tuple[Notice, ...] = attrs.field(converter=_notices, default=())
    office_hours: OfficeHours = attrs.field(factory=OfficeHours, validator=of_type(OfficeHours))
    name: str = attrs.field(default="custom", validator=of_type(str))
    names: tuple[tuple[str, str], ...] = attrs.field(converter=_names, default=())
    _index: _Index = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = _check_entries(self.name, self.coverage, self.weekmask, self.days)
        if problems:
            raise CalendarDataError(problems)
        object.__setattr__(self, "_index", _Index(self.coverage, self.weekmask, self.days))

    # -- scalar helpers -------------------------------------------------------------------------

    def _offset(self, day: object, field: str) -> int:
        """Offset of ``day`` from coverage.start; raises for a non-date or a date outside."""
        if type(day) is dt.date:
            ordinal = day.toordinal()
        elif isinstance(day, dt.date):
            try:  # a datetime, or pandas' NaT (a datetime with no date)
                local = self._local_date(day) if isinstance(day, dt.datetime) else day
                ordinal = local.toordinal()
            except ValueError:
                raise InvalidValueError(field, day, _DATE_EXPECTED + " (not NaT)") from None
        else:
            raise InvalidValueError(field, day, _DATE_EXPECTED)
        offset = ordinal - self._index.first
        if 0 <= offset < self._index.size:
            return offset
        raise CalendarCoverageError(
            field, dt.date.fromordinal(ordinal), self.coverage.start, self.coverage.end
        )

    def _local_date(self, moment: dt.datetime) -> dt.date:
        if moment.tzinfo is None:
            return moment.date()
        from govservice.calendar._hours import in_zone, zone

        return in_zone(moment, zone(self.office_hours.timezone), "day").date()

    def _beyond(self, day: dt.date, n: int) -> CalendarCoverageError:
        if n > 0:
            field = f"the {ordinal_suffix(n)} working day after"
        elif n < 0:
            field = f"the {ordinal_suffix(-n)} working day before"
        else:
            field = "the first working day on or after"
        return CalendarCoverageError(field, day, self.coverage.start, self.coverage.end)

    # -- queries --------------------------------------------------------------------------------

    @overload
    def is_working_day(self, day: DateLike) -> bool: ...
    @overload
    def is_working_day(self, day: DateArray) -> BoolArray: ...
    def is_working_day(self, day: DateLike | DateArray) -> bool | BoolArray:
        """Whether ``day`` is a working day; elementwise for a ``datetime64`` array.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().is_working_day(dt.date(2025, 10, 11))  # Saturday, 调休上班
            True
            >>> import numpy as np
            >>> china().is_working_day(np.array(["2025-10-01", "2025-10-09"], "datetime64[D]"))
            array([False,  True])
        """
        if hasattr(day, "dtype"):
            from govservice.calendar._vector import is_working_day

            return is_working_day(self, day)
        return self._index.work[self._offset(day, "day")] == 1

    @overload
    def add_working_days(self, day: DateLike, n: int) -> dt.date: ...
    @overload
    def add_working_days(self, day: DateArray, n: int | IntArray) -> DateArray: ...
    @overload
    def add_working_days(self, day: DateLike, n: IntArray) -> DateArray: ...
    def add_working_days(self, day: DateLike | DateArray, n: int | IntArray) -> dt.date | DateArray:
        """The n-th working day after ``day`` (before it for n < 0); see the class conventions.

        Args:
            day: The starting day (not counted), or a ``datetime64[D]`` array.
            n: How many working days, or an integer array (broadcast against ``day``).

        Returns:
            A date, or a ``datetime64[D]`` array for array inputs (NaT stays NaT).

        Raises:
            CalendarCoverageError: ``day`` or the result is outside coverage.
            InvalidValueError: ``day`` is not a date or ``n`` not an integer.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> cal = china()
            >>> cal.add_working_days(dt.date(2025, 9, 30), 1)  # Oct 1-8 off
            datetime.date(2025, 10, 9)
            >>> cal.add_working_days(dt.date(2025, 10, 9), -1)  # back across the break
            datetime.date(2025, 9, 30)
            >>> cal.add_working_days(dt.date(2025, 10, 4), 0)  # a rest day: the next working day
            datetime.date(2025, 10, 9)
        """
        if not hasattr(day, "dtype") and getattr(n, "ndim", None) == 0:
            n = _as_int(n, "n")  # a numpy integer scalar with a date: the scalar path
        if hasattr(day, "dtype") or hasattr(n, "dtype"):
            from govservice.calendar._vector import add_working_days

            return add_working_days(self, day, n)
        if type(n) is not int:
            n = _as_int(n, "n")
        index = self._index
        offset = self._offset(day, "day")
        k = index.cum[offset] + n - 1 if n > 0 else index.cum[offset] - index.work[offset] + n
        if 0 <= k < len(index.days):
            return dt.date.fromordinal(index.days[k])
        raise self._beyond(dt.date.fromordinal(index.first + offset), n)

    @overload
    def working_days_between(self, start: DateLike, end: DateLike) -> int: ...
    @overload
    def working_days_between(self, start: DateArray | DateLike, end: DateArray) -> IntArray: ...
    @overload
    def working_days_between(self, start: DateArray, end: DateArray | DateLike) -> IntArray: ...
    def working_days_between(
        self, start: DateLike | DateArray, end: DateLike | DateArray
    ) -> int | IntArray:
        """The number of working days in ``(start, end]``; negative when ``end < start``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 11))
            3
            >>> china().working_days_between(dt.date(2025, 10, 11), dt.date(2025, 9, 30))
            -3
        """
        if hasattr(start, "dtype") or hasattr(end, "dtype"):
            from govservice.calendar._vector import working_days_between

            return working_days_between(self, start, end)
        cum = self._index.cum
        return cum[self._offset(end, "end")] - cum[self._offset(start, "start")]

    def next_working_day(self, day: DateLike) -> dt.date:
        """The first working day strictly after ``day``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().next_working_day(dt.date(2026, 2, 13))  # Spring Festival 2026
            datetime.date(2026, 2, 14)
        """
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: DateLike) -> dt.date:
        """The last working day strictly before ``day``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().previous_working_day(dt.date(2026, 2, 24))
            datetime.date(2026, 2, 14)
        """
        return self.add_working_days(day, -1)

    def working_days(self, start: DateLike, end: DateLike) -> Iterator[dt.date]:
        """The working days from ``start`` to ``end``, both included, in order.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> [d.isoformat() for d in china().working_days(dt.date(2025, 9, 27),
            ...                                             dt.date(2025, 9, 29))]
            ['2025-09-28', '2025-09-29']
        """
        index = self._index
        lo = self._offset(start, "start")
        hi = self._offset(end, "end")
        begin = index.cum[lo] - index.work[lo]
        for ordinal in index.days[begin : index.cum[hi]] if hi >= lo else ():
            yield dt.date.fromordinal(ordinal)

    def day_kind(self, day: DateLike) -> DayKind:
        """What kind of day ``day`` is: statutory holiday, moved rest day, weekend, and so on.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().day_kind(dt.date(2025, 10, 4)).value  # Saturday inside the break
            'weekend'
        """
        offset = self._offset(day, "day")
        date = dt.date.fromordinal(self._index.first + offset)
        entry = self._index.entries.get(date)
        weekly_rest = self.weekmask[date.weekday()] == "0"
        if entry is None:
            return DayKind.WEEKEND if weekly_rest else DayKind.WORKDAY
        if entry.kind is EntryKind.HOLIDAY:
            return DayKind.STATUTORY_HOLIDAY
        if entry.kind is EntryKind.WORKDAY:
            return DayKind.MAKEUP_WORKDAY
        if entry.kind is EntryKind.LOCAL:
            return DayKind.LOCAL_REST_DAY
        return DayKind.WEEKEND if weekly_rest else DayKind.MOVED_REST_DAY

    def entry(self, day: DateLike) -> DayEntry | None:
        """The calendar's entry for ``day`` (its holiday name, kind and notice), if any.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().entry(dt.date(2025, 1, 29)).name
            '春节'
            >>> china().entry(dt.date(2025, 3, 3)) is None
            True
        """
        offset = self._offset(day, "day")
        return self._index.entries.get(dt.date.fromordinal(self._index.first + offset))

    def english_name(self, name: str) -> str:
        """The English name of a holiday name used in the data, or the name itself.

        Examples:
            >>> from govservice.calendar import china
            >>> china().english_name("春节")
            'Spring Festival'
        """
        return dict(self.names).get(name, name)

    def add_working_hours(self, at: dt.datetime, hours: float | dt.timedelta) -> dt.datetime:
        """The instant at which ``hours`` office hours after ``at`` have passed.

        Time outside office sessions and non-working days does not count; the result is in the
        calendar's time zone. A result that lands exactly on the end of a session is that end
        ("done by 12:00"), not the start of the next session.

        Args:
            at: An aware datetime.
            hours: Hours (a number) or a timedelta, zero or more.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> from zoneinfo import ZoneInfo
            >>> at = dt.datetime(2025, 9, 30, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> china().add_working_hours(at, 2).isoformat()  # Oct 1-8 off
            '2025-10-09T09:30:00+08:00'
        """
        from govservice.calendar._hours import add_working_hours

        return add_working_hours(self, at, hours)

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The office time between two aware instants; negative when ``end < start``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> from zoneinfo import ZoneInfo
            >>> tz = ZoneInfo("Asia/Shanghai")
            >>> china().working_hours_between(dt.datetime(2025, 3, 3, 11, 0, tzinfo=tz),
            ...                               dt.datetime(2025, 3, 3, 14, 30, tzinfo=tz))
            datetime.timedelta(seconds=7200)
        """
        from govservice.calendar._hours import working_hours_between

        return working_hours_between(self, start, end)

    # -- new calendars from this one ------------------------------------------------------------

    def with_year(self, data: YearData, *, replace: bool = False) -> WorkCalendar:
        """A new calendar with one more year of data (or one year replaced).

        The year must follow (or precede) the coverage, so coverage stays one unbroken range;
        a year already covered needs ``replace=True`` (an amendment such as 2020's extension of
        the Spring Festival holiday). Replacing keeps local overlay days and the late-December
        days that the next year's notice fixed, unless the new data lists those dates. Days that
        the year's notice fixes in a covered neighbour year (``data.adjacent``) are applied
        there.

        Args:
            data: The year, from `load_year` or `year_from_holiday_cn`.
            replace: Allow replacing a year already covered.

        Raises:
            CalendarDataError: A gap in coverage, a covered year without ``replace``, or
                adjacent days that contradict data already present.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, YearData, DayEntry, EntryKind
            >>> y2027 = YearData(2027, days=[DayEntry(dt.date(2027, 1, 1), "元旦",
            ...                                        EntryKind.HOLIDAY)])
            >>> cal = china().with_year(y2027)
            >>> cal.coverage.end, cal.is_working_day(dt.date(2027, 1, 1))
            (datetime.date(2027, 12, 31), False)
        """
        source = f"{self.name} + year {data.year}"
        start, end = self.coverage
        year_start, year_end = dt.date(data.year, 1, 1), dt.date(data.year, 12, 31)
        if year_start <= end and year_end >= start:
            if not replace:
                raise CalendarDataError(
                    [
                        DataProblem.of(
                            source,
                            "$.year",
                            f"{data.year} is already covered ({self.coverage}); pass "
                            "replace=True to replace it with this data",
                        )
                    ]
                )
            if year_start < start or year_end > end:
                raise CalendarDataError(
                    [
                        DataProblem.of(
                            source,
                            "$.year",
                            f"{data.year} is only partly covered ({self.coverage}); "
                            "it cannot be replaced",
                        )
                    ]
                )
        elif year_start != end + dt.timedelta(days=1) and year_end != start - dt.timedelta(days=1):
            raise CalendarDataError(
                [
                    DataProblem.of(
                        source,
                        "$.year",
                        f"{data.year} does not adjoin the coverage {self.coverage}; load the "
                        "years in between first so coverage has no gap",
                    )
                ]
            )
        coverage = Coverage(min(start, year_start), max(end, year_end))
        own = {n.number for n in data.notices}
        listed = {d.date for d in data.days}
        kept = [d for d in self.days if d.date.year != data.year or _survives(d, own, listed)]
        by_date = {d.date: d for d in kept}
        problems: list[DataProblem] = []
        for i, extra in enumerate(data.adjacent):
            if extra.date not in coverage:
                continue  # a neighbour year not loaded: it will bring its own notice
            present = by_date.get(extra.date)
            if present is None:
                kept.append(extra)
            elif (present.kind is EntryKind.WORKDAY) != (extra.kind is EntryKind.WORKDAY):
                problems.append(
                    DataProblem.of(
                        source,
                        f"$.adjacent[{i}]",
                        f"{extra.date.isoformat()} is a {extra.kind.value} here but a "
                        f"{present.kind.value} in the calendar",
                    )
                )
        if problems:
            raise CalendarDataError(problems)
        notices = tuple(n for n in self.notices if n not in data.notices) + data.notices
        return attrs.evolve(self, coverage=coverage, days=[*kept, *data.days], notices=notices)

    def with_days(self, days: Iterable[DayEntry], *, name: str | None = None) -> WorkCalendar:
        """A new calendar with local days laid over this one.

        For a region's ethnic-minority holidays (全国年节及纪念日放假办法 art. 4), an office's
        closure or relocation days, or a local make-up workday. An overlay entry replaces the
        national entry of the same date.

        Args:
            days: The local entries (use ``EntryKind.LOCAL`` for a local day off).
            name: A new name for the calendar ("CN-XJ"); default keeps the current one.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, DayEntry, EntryKind
            >>> move = DayEntry(dt.date(2025, 3, 3), "搬迁闭厅", EntryKind.LOCAL)
            >>> local = china().with_days([move], name="CN-my-center")
            >>> local.is_working_day(dt.date(2025, 3, 3)), local.day_kind(dt.date(2025, 3, 3)).value
            (False, 'local_rest_day')
        """
        overlay = list(days)
        replaced = {d.date for d in overlay}
        kept = [d for d in self.days if d.date not in replaced]
        return attrs.evolve(self, days=[*kept, *overlay], name=name or self.name)

    def with_closures(self, start: dt.date, end: dt.date, name: str) -> WorkCalendar:
        """A new calendar in which every day from ``start`` to ``end`` (included) is closed.

        Raises:
            CalendarCoverageError: ``start`` or ``end`` is outside the calendar's coverage
                (checked first, so a range of centuries is refused at once).

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> cal = china().with_closures(dt.date(2025, 3, 3), dt.date(2025, 3, 4), "系统升级")
            >>> cal.add_working_days(dt.date(2025, 2, 28), 1)
            datetime.date(2025, 3, 5)
        """
        if type(start) is not dt.date:
            raise InvalidValueError("start", start, "a datetime.date")
        if not (type(end) is dt.date and start <= end):
            raise InvalidValueError("end", end, f"a date on or after start {start!r}")
        for field, day in (("start", start), ("end", end)):  # refused before building anything
            if day not in self.coverage:
                raise CalendarCoverageError(field, day, self.coverage.start, self.coverage.end)
        count = (end - start).days + 1
        closed = [
            DayEntry(start + dt.timedelta(days=i), name, EntryKind.LOCAL) for i in range(count)
        ]
        return self.with_days(closed)

    def provisional(self, until: dt.date, *, basis: Basis = "statutory") -> ProvisionalCalendar:
        """Opt in to provisional days after the coverage, up to ``until`` (included).

        For a year whose notice is not out yet. The result is a drop-in `WorkCalendar` whose
        days after the official coverage follow ``basis``:

        - ``"statutory"``: the statutory holidays fixed by 全国年节及纪念日放假办法 for that
          year (元旦, 春节 from 除夕, 清明, 劳动节, 端午, 中秋, 国庆) are days off; every
          other day follows the week. Data runs to 2100.
        - ``"weekends"``: every day follows the week.
        - ``"predicted"``: the statutory holidays plus a predicted 调休 arrangement (bridging
          days off and make-up weekends), copied from the notices this calendar holds for
          years whose holidays fell on the same weekdays.

        ``cal.is_provisional(day)`` and ``Deadline.provisional`` say whether a result depends
        on a provisional day; the accuracy of each basis, measured against the notices of
        2009-2026, is in ``docs/keeping-current.md``.

        Raises:
            InvalidValueError: ``until`` not after the coverage, beyond 2100 for the
                statutory and predicted bases, or an unknown ``basis``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> cal = china().provisional(dt.date(2027, 12, 31))
            >>> cal.add_working_days(dt.date(2026, 12, 30), 5)  # Jan 1 2027 is off by law
            datetime.date(2027, 1, 7)
            >>> cal.is_provisional(dt.date(2027, 1, 7))
            True
            >>> weekends = china().provisional(dt.date(2027, 12, 31), basis="weekends")
            >>> weekends.add_working_days(dt.date(2026, 12, 30), 5)
            datetime.date(2027, 1, 6)
        """
        from govservice.calendar._provisional import extend

        return extend(self, until, basis)

    @overload
    def is_provisional(self, day: DateLike) -> bool: ...
    @overload
    def is_provisional(self, day: DateArray) -> BoolArray: ...
    def is_provisional(self, day: DateLike | DateArray) -> bool | BoolArray:
        """Whether ``day`` is a provisional day: never, for a calendar of official data.

        The same question asked of a `ProvisionalCalendar` says whether ``day`` is after
        its official data, so code that takes either kind of calendar can ask it.

        Raises:
            CalendarCoverageError: ``day`` is outside the coverage.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().is_provisional(dt.date(2026, 12, 31))
            False
        """
        if not hasattr(day, "dtype"):
            self._offset(day, "day")  # the type and coverage checks: a covered day is official
            return False
        from govservice.calendar._provisional import _after

        return _after(self, day, self.coverage.end)  # type: ignore[no-any-return]

    def until(self, end: dt.date) -> WorkCalendar:
        """The same calendar with its coverage cut at ``end`` (for backtests and what-ifs).

        Entries after ``end`` are dropped, and so are the notices for later years (a notice
        whose title names a year after ``end``).

        Raises:
            InvalidValueError: ``end`` is not a date.
            CalendarCoverageError: ``end`` is outside the coverage.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> cut = china().until(dt.date(2024, 12, 31))
            >>> cut.coverage.end, len(cut.notices) < len(china().notices)
            (datetime.date(2024, 12, 31), True)
        """
        if type(end) is not dt.date:
            raise InvalidValueError("end", end, "a datetime.date")
        self._offset(end, "end")
        return WorkCalendar(
            Coverage(self.coverage.start, end),
            days=[d for d in self.days if d.date <= end],
            weekmask=self.weekmask,
            notices=[n for n in self.notices if _notice_year(n) <= end.year],
            office_hours=self.office_hours,
            name=self.name,
            names=dict(self.names),
        )

    def diff(self, other: WorkCalendar) -> tuple[DayChange, ...]:
        """The days whose kind differs between this calendar and ``other``, in date order.

        Over the dates both calendars cover. For reviewing a new notice before loading it:
        ``cal.provisional(...).diff(cal.with_year(new))`` lists every day the notice changes.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, DayEntry, EntryKind
            >>> closed = china().with_days([DayEntry(dt.date(2025, 3, 3), "闭厅", EntryKind.LOCAL)])
            >>> [str(c) for c in china().diff(closed)]
            ['2025-03-03: workday -> local_rest_day (闭厅)']
        """
        if not isinstance(other, WorkCalendar):
            raise InvalidValueError("other", other, "a WorkCalendar")
        start = max(self.coverage.start, other.coverage.start)
        end = min(self.coverage.end, other.coverage.end)
        if end < start:
            return ()
        if self.weekmask == other.weekmask:
            dates: Iterable[dt.date] = sorted(
                {e.date for e in (*self.days, *other.days) if start <= e.date <= end}
            )
        else:
            dates = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
        changes = []
        for day in dates:
            before, after = self.day_kind(day), other.day_kind(day)
            if before is not after:
                entry = other.entry(day) or self.entry(day)
                changes.append(DayChange(day, before, after, entry.name if entry else None))
        return tuple(changes)

    def to_ics(
        self,
        feed: str = "combined",
        *,
        locale: str = "zh_CN",
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> bytes:
        """An iCalendar feed (RFC 5545) of the calendar's days, for staff calendars.

        One all-day event per day. Each event's UID is derived from its date and kind
        (``20270101-off@CN.govservice``), so importing a newer feed updates the events
        rather than duplicating them; its description carries the notice number and title
        (and says when the day is provisional). Long Chinese lines are folded at 75 octets
        without splitting a character. Needs the ``ics`` extra (``icalendar``).

        Args:
            feed: ``"statutory"`` (statutory holidays), ``"days_off"`` (every day off of the
                notices, local days included), ``"makeup_workdays"`` (调休上班), or
                ``"combined"`` (days off and make-up workdays).
            locale: ``"zh_CN"``, ``"zh_TW"`` or ``"en"`` for the names and texts.
            start: The first date included (default: the coverage start).
            end: The last date included (default: the coverage end).

        Raises:
            InvalidValueError: An unknown feed or locale, or a bad range.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> feed = china().to_ics("statutory", start=dt.date(2026, 1, 1),
            ...                       end=dt.date(2026, 1, 31))
            >>> text = feed.decode()
            >>> "UID:20260101-statutory@CN.govservice" in text, text.count("BEGIN:VEVENT")
            (True, 1)
        """
        from govservice.calendar._ics import to_ics

        return to_ics(self, feed, locale, start, end)

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {self.name} {self.coverage} weekmask={self.weekmask} "
            f"entries={len(self.days)}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))


def _notice_year(notice: Notice) -> int:
    """The year a notice is for, from its title ("关于2027年部分节假日安排"), else its date."""
    found = re.search(r"(\d{4})年", notice.title)
    if found:
        return int(found.group(1))
    return notice.published.year if notice.published else dt.MINYEAR


@attrs.frozen(order=True)
class DayChange:
    """One day whose kind differs between two calendars (see `WorkCalendar.diff`).

    Args:
        date: The day.
        before: Its kind in the first calendar.
        after: Its kind in the second.
        name: The holiday or closure name of the day, where either calendar has one.

    Examples:
        >>> import datetime as dt
        >>> str(DayChange(dt.date(2027, 2, 8), DayKind.WORKDAY, DayKind.MOVED_REST_DAY, "春节"))
        '2027-02-08: workday -> moved_rest_day (春节)'
    """

    date: dt.date
    before: DayKind = attrs.field(order=False)
    after: DayKind = attrs.field(order=False)
    name: str | None = attrs.field(default=None, order=False)

    def __str__(self) -> str:
        name = f" ({self.name})" if self.name else ""
        return f"{self.date.isoformat()}: {self.before.value} -> {self.after.value}{name}"


def _survives(entry: DayEntry, own: set[str | None], listed: set[dt.date]) -> bool:
    """Whether an entry of a replaced year stays when the new data does not list its date.

    Local overlay days stay, and so do late-December days fixed by the next year's notice.
    """
    if entry.date in listed:
        return False
    if entry.kind is EntryKind.LOCAL:
        return True
    return entry.notice is not None and entry.notice not in own and entry.date.month == 12


def _as_int(value: object, field: str) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InvalidValueError(field, value, "an integer")
    return int(value.__index__())
