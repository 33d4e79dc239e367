"""Provisional years: the explicit opt-in to days after a calendar's official coverage.

A `ProvisionalCalendar` is a `WorkCalendar` whose coverage runs past the last official day. The
days after it follow one of three bases: the ordinary week (``"weekends"``), the statutory
holidays the law fixes in advance (``"statutory"``, the default), or those plus a predicted
调休 arrangement (``"predicted"``). Every method answers with plain values, exactly as a
`WorkCalendar` does; whether an answer depends on a provisional day is asked separately with
`ProvisionalCalendar.is_provisional` (or `Deadline.provisional`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from govservice._errors import InvalidValueError
from govservice.calendar._calendar import DateLike, WorkCalendar
from govservice.calendar._model import Coverage, DayEntry, EntryKind, Notice, YearData

if TYPE_CHECKING:
    from govservice.calendar._calendar import BoolArray, DateArray

__all__ = ["BASES", "Basis", "ProvisionalCalendar", "extend"]

#: How the days after the official coverage are filled.
Basis = Literal["statutory", "weekends", "predicted"]
#: The accepted values of ``basis``.
BASES: tuple[str, ...] = ("statutory", "weekends", "predicted")
#: The last day with statutory-holiday data (festivals.json runs to 2100).
LAST_STATUTORY = dt.date(2100, 12, 31)
#: How the notes of the sources of provisional days begin.
PROVISIONAL_NOTE = "Provisional:"


def _basis(value: object) -> str:
    if value not in BASES:
        raise InvalidValueError("basis", value, "one of 'statutory', 'weekends', 'predicted'")
    return str(value)


def _official_end(
    instance: WorkCalendar, _attribute: attrs.Attribute[dt.date], value: dt.date
) -> None:
    start, end = instance.coverage
    if type(value) is not dt.date or not start - dt.timedelta(days=1) <= value <= end:
        raise InvalidValueError(
            "official_end", value, f"a datetime.date within the coverage {instance.coverage}"
        )


@attrs.frozen(repr=False)
class ProvisionalCalendar(WorkCalendar):
    """A `WorkCalendar` that runs past its official data, and knows which days are provisional.

    Build one with `WorkCalendar.provisional`. It is a drop-in for a `WorkCalendar`: every
    method returns the same plain values (dates, bools, ints, arrays), so it works in
    `deadline`, cases, schedules, records and reports. Whether a result depends on a
    provisional day is asked separately: `is_provisional` for a day, `Deadline.provisional`
    for a deadline. Nothing computed on a provisional day is official; when the year's notice
    is out, load it with `with_year` and recompute.

    Args:
        official_end: The last day of official data; the days after it are provisional.
        basis: How the provisional days were filled (``"statutory"``, ``"weekends"`` or
            ``"predicted"``).

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> cal = china().provisional(dt.date(2027, 12, 31))
        >>> cal.is_working_day(dt.date(2027, 1, 1))  # New Year's Day: fixed by law
        False
        >>> cal.is_provisional(dt.date(2027, 1, 1)), cal.is_provisional(dt.date(2026, 12, 31))
        (True, False)
        >>> cal.add_working_days(dt.date(2026, 12, 31), 1)
        datetime.date(2027, 1, 4)
    """

    official_end: dt.date = attrs.field(kw_only=True, validator=_official_end)
    basis: str = attrs.field(kw_only=True, default="statutory", converter=_basis)

    @property
    def official_coverage(self) -> Coverage:
        """The dates with official data."""
        return Coverage(self.coverage.start, self.official_end)

    @property
    def official(self) -> WorkCalendar:
        """The official part alone: a plain `WorkCalendar` cut at ``official_end``."""
        cut = WorkCalendar.until(self, self.official_end)
        notices = [n for n in cut.notices if not n.note.startswith(PROVISIONAL_NOTE)]
        return attrs.evolve(cut, notices=notices)

    @overload
    def is_provisional(self, day: DateLike) -> bool: ...
    @overload
    def is_provisional(self, day: DateArray) -> BoolArray: ...
    def is_provisional(self, day: DateLike | DateArray) -> bool | BoolArray:
        """Whether ``day`` is after the official data (elementwise for an array).

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> china().provisional(dt.date(2027, 6, 30)).is_provisional(dt.date(2027, 3, 1))
            True
        """
        return _after(self, day, self.official_end)  # type: ignore[no-any-return]

    def with_year(self, data: YearData, *, replace: bool = False) -> WorkCalendar:
        """The official part with the new year loaded, still provisional beyond it.

        The year's notice replaces the provisional days of that year; local days laid over
        the provisional part stay. When the new coverage reaches ``coverage.end``, the result
        is a plain (fully official) `WorkCalendar`.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china, YearData, DayEntry, EntryKind
            >>> p = china().provisional(dt.date(2027, 12, 31))
            >>> y = YearData(2027, days=[DayEntry(dt.date(2027, 1, 1), "元旦", EntryKind.HOLIDAY)])
            >>> type(p.with_year(y)).__name__
            'WorkCalendar'
        """
        official = self.official.with_year(data, replace=replace)
        end = official.coverage.end
        local = [d for d in self.days if d.kind is EntryKind.LOCAL and d.date > end]
        if end >= self.coverage.end:
            return official
        again = extend(official, self.coverage.end, self.basis)
        return again.with_days(local) if local else again

    def provisional(self, until: dt.date, *, basis: Basis = "statutory") -> ProvisionalCalendar:
        """The official part extended again, up to ``until`` on ``basis``.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> p = china().provisional(dt.date(2027, 6, 30))
            >>> p.provisional(dt.date(2027, 12, 31), basis="weekends").basis
            'weekends'
        """
        local = [d for d in self.days if d.kind is EntryKind.LOCAL and d.date > self.official_end]
        again = extend(self.official, until, basis)
        local = [d for d in local if d.date <= again.coverage.end]
        return attrs.evolve(again, days=[*again.days, *local]) if local else again

    def until(self, end: dt.date) -> WorkCalendar:
        """The same calendar with its coverage cut at ``end``.

        Still provisional when ``end`` is after the official end; a plain `WorkCalendar`
        when it is on or before it.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> p = china().provisional(dt.date(2027, 12, 31))
            >>> p.until(dt.date(2027, 6, 30)).coverage.end
            datetime.date(2027, 6, 30)
            >>> type(p.until(dt.date(2026, 6, 30))).__name__
            'WorkCalendar'
        """
        if type(end) is dt.date and end <= self.official_end:
            return WorkCalendar.until(self, end)
        self._offset(end, "end")
        return attrs.evolve(
            self,
            coverage=Coverage(self.coverage.start, end),
            days=[d for d in self.days if d.date <= end],
        )

    def __repr__(self) -> str:
        return (
            f"<ProvisionalCalendar {self.name} {self.coverage} official to "
            f"{self.official_end.isoformat()} basis={self.basis} weekmask={self.weekmask} "
            f"entries={len(self.days)}>"
        )


def _after(cal: WorkCalendar, day: object, end: dt.date) -> Any:
    """``day > end`` for a date or a datetime64 array, after checking it is covered."""
    if hasattr(day, "dtype"):
        import numpy as np

        cal.is_working_day(day)  # type: ignore[call-overload]  # type and coverage checks
        days = np.asarray(day).astype("datetime64[D]")
        result = days > np.datetime64(end.isoformat(), "D")
        return np.asarray(result & ~np.isnat(days), dtype=np.bool_)
    offset = cal._offset(day, "day")
    return cal.coverage.start + dt.timedelta(days=offset) > end


def extend(base: WorkCalendar, until: dt.date, basis: str) -> ProvisionalCalendar:
    """``base`` with provisional days from the day after its coverage up to ``until``."""
    basis = _basis(basis)
    end = base.coverage.end
    if type(until) is not dt.date or until <= end:
        raise InvalidValueError("until", until, f"a date after the coverage end {end.isoformat()}")
    if basis != "weekends" and until > LAST_STATUTORY:
        raise InvalidValueError(
            "until",
            until,
            f"a date up to {LAST_STATUTORY.isoformat()}, the last day with statutory-holiday "
            f"data (basis={basis!r}); use basis='weekends' for later dates",
        )
    days: list[DayEntry] = []
    notices: list[Notice] = []
    if basis == "statutory":
        days, notices = _statutory_days(end, until)
    elif basis == "predicted":
        from govservice.calendar._predict import predicted_days

        days, notices = predicted_days(base, until)
    official = base
    return ProvisionalCalendar(
        Coverage(official.coverage.start, until),
        days=[*official.days, *days],
        weekmask=official.weekmask,
        notices=[*official.notices, *(n for n in notices if n not in official.notices)],
        office_hours=official.office_hours,
        name=official.name,
        names=dict(official.names),
        official_end=end,
        basis=basis,
    )


def decree_notice(year: int) -> Notice:
    """The decree that fixes the statutory holidays of ``year``, as a `Notice`."""
    from govservice.calendar._data import rules_version

    version = rules_version(year)
    return Notice(
        version["decree"],
        "全国年节及纪念日放假办法 (" + version["title"] + ")",
        dt.date.fromisoformat(version["published"]),
        version.get("url", ""),
        f"{PROVISIONAL_NOTE} statutory holidays fixed by law for {year}; the year's notice "
        "(调休) is not published yet.",
    )


def _statutory_days(end: dt.date, until: dt.date) -> tuple[list[DayEntry], list[Notice]]:
    """The statutory holidays after ``end`` up to ``until``, as holiday entries."""
    from govservice.calendar._data import statutory_holidays

    days: list[DayEntry] = []
    notices: list[Notice] = []
    for year in range(end.year, until.year + 1):
        notice = decree_notice(year)
        if notice not in notices:
            notices.append(notice)
        for day, names in statutory_holidays(year).items():
            if end < day <= until:
                days.append(
                    DayEntry(day, "、".join(names), EntryKind.HOLIDAY, names, notice.number)
                )
    return days, notices
