"""The explicit opt-in to weekends-only days after a calendar's coverage, marked provisional."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from govservice._errors import InvalidValueError
from govservice.calendar._calendar import DateLike, WorkCalendar
from govservice.calendar._model import Coverage, DayKind

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Provisional", "ProvisionalCalendar"]

T = TypeVar("T")


@attrs.frozen
class Provisional(Generic[T]):
    """A result computed with a provisional calendar.

    Args:
        value: The result, as the official calendar would give it if the provisional days
            turn out to be ordinary.
        provisional: Whether the computation touched a date after the official coverage, so
            that the result may change when that year's notice is published.
        official_end: The last date of official data.

    Examples:
        >>> import datetime as dt
        >>> Provisional(dt.date(2027, 1, 4), True, dt.date(2026, 12, 31)).provisional
        True
    """

    value: T
    provisional: bool
    official_end: dt.date


def _latest(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "dtype"):
        import numpy as np

        array = np.asarray(value)
        if array.dtype.kind != "M" or array.size == 0:
            return None
        days = array.astype("datetime64[D]").view(np.int64)
        days = days[days != np.iinfo(np.int64).min]
        if days.size == 0:
            return None
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(days.max()))
    return None


@attrs.frozen
class ProvisionalCalendar:
    """A calendar whose days after the official coverage are weekends-only, and say so.

    Build it with `WorkCalendar.provisional`. It answers the same questions as a
    `WorkCalendar`, but each answer is a `Provisional` carrying the value and
    whether it depends on a date the official data does not cover. Use it to plan ahead in
    November, before the next year's notice; never to decide a legal deadline.

    Args:
        official: The calendar with official data.
        extended: The same data, its coverage extended with ordinary weeks.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> cal = china().provisional(until=dt.date(2027, 12, 31))
        >>> cal.is_working_day(dt.date(2027, 1, 1))  # New Year's Day, not yet in a notice
        Provisional(value=True, provisional=True, official_end=datetime.date(2026, 12, 31))
        >>> cal.add_working_days(dt.date(2026, 9, 30), 1).provisional
        False
    """

    official: WorkCalendar
    extended: WorkCalendar = attrs.field(repr=False)

    @classmethod
    def extend(cls, official: WorkCalendar, until: dt.date) -> ProvisionalCalendar:
        """Extend ``official`` with ordinary weeks up to ``until`` (included)."""
        if type(until) is not dt.date or until <= official.coverage.end:
            raise InvalidValueError(
                "until", until, f"a date after the coverage end {official.coverage.end}"
            )
        extended = attrs.evolve(official, coverage=Coverage(official.coverage.start, until))
        return cls(official, extended)

    @property
    def coverage(self) -> Coverage:
        """Official and provisional dates together."""
        return self.extended.coverage

    @property
    def official_coverage(self) -> Coverage:
        """The dates with official data."""
        return self.official.coverage

    def _wrap(self, value: T, *touched: object) -> Provisional[T]:
        end = self.official.coverage.end
        latest = [d for d in map(_latest, (value, *touched)) if d is not None]
        return Provisional(value, any(d > end for d in latest), end)

    def _call(self, method: Callable[..., T], *args: Any) -> Provisional[T]:
        return self._wrap(method(*args), *args)

    def is_working_day(self, day: DateLike) -> Provisional[bool]:
        """`WorkCalendar.is_working_day`, marked."""
        return self._call(self.extended.is_working_day, day)

    def add_working_days(self, day: DateLike, n: int) -> Provisional[dt.date]:
        """`WorkCalendar.add_working_days`, marked."""
        return self._call(self.extended.add_working_days, day, n)

    def working_days_between(self, start: DateLike, end: DateLike) -> Provisional[int]:
        """`WorkCalendar.working_days_between`, marked."""
        return self._call(self.extended.working_days_between, start, end)

    def next_working_day(self, day: DateLike) -> Provisional[dt.date]:
        """`WorkCalendar.next_working_day`, marked."""
        return self._call(self.extended.next_working_day, day)

    def previous_working_day(self, day: DateLike) -> Provisional[dt.date]:
        """`WorkCalendar.previous_working_day`, marked."""
        return self._call(self.extended.previous_working_day, day)

    def day_kind(self, day: DateLike) -> Provisional[DayKind]:
        """`WorkCalendar.day_kind`, marked."""
        return self._wrap(self.extended.day_kind(day), day)

    def add_working_hours(
        self, at: dt.datetime, hours: float | dt.timedelta
    ) -> Provisional[dt.datetime]:
        """`WorkCalendar.add_working_hours`, marked."""
        return self._wrap(self.extended.add_working_hours(at, hours), at)

    def working_hours_between(
        self, start: dt.datetime, end: dt.datetime
    ) -> Provisional[dt.timedelta]:
        """`WorkCalendar.working_hours_between`, marked."""
        return self._wrap(self.extended.working_hours_between(start, end), start, end)
