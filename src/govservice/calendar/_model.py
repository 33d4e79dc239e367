"""The plain values a calendar is made of: days, notices, years, coverage, office hours."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from govservice._errors import InvalidValueError
from govservice._validators import of_type, tuple_of

__all__ = [
    "Coverage",
    "DayEntry",
    "DayKind",
    "EntryKind",
    "Notice",
    "OfficeHours",
    "YearData",
]


class EntryKind(enum.Enum):
    """What a calendar entry says about its date.

    Examples:
        >>> EntryKind("workday")
        <EntryKind.WORKDAY: 'workday'>
    """

    #: 法定节假日: a statutory holiday under the national measures in force that year.
    HOLIDAY = "holiday"
    #: 放假: a day off that is not itself a statutory holiday (调休, 补假, a weekend in a break).
    REST = "rest"
    #: 调休上班: a day of the weekly rest worked in exchange for a day off.
    WORKDAY = "workday"
    #: A day off by a local rule: a region's ethnic festival, an office closure.
    LOCAL = "local"


class DayKind(enum.Enum):
    """The five kinds of day of the official calendar, plus local closures.

    Telling them apart matters for overtime pay (Labour Law art. 44: rest days and statutory
    holidays are paid differently) and for displays.

    Examples:
        >>> from govservice.calendar import china
        >>> import datetime as dt
        >>> china().day_kind(dt.date(2025, 10, 1))
        <DayKind.STATUTORY_HOLIDAY: 'statutory_holiday'>
        >>> china().day_kind(dt.date(2025, 10, 7))
        <DayKind.MOVED_REST_DAY: 'moved_rest_day'>
        >>> china().day_kind(dt.date(2025, 9, 28))
        <DayKind.MAKEUP_WORKDAY: 'makeup_workday'>
    """

    #: 法定节假日: a statutory holiday (on whatever day of the week it falls).
    STATUTORY_HOLIDAY = "statutory_holiday"
    #: 调休/补假: a weekday off that is not a statutory holiday, moved by the notice.
    MOVED_REST_DAY = "moved_rest_day"
    #: 周末: a day of the ordinary weekly rest (also inside a holiday break).
    WEEKEND = "weekend"
    #: 调休上班: a weekend day worked in exchange.
    MAKEUP_WORKDAY = "makeup_workday"
    #: 工作日: an ordinary working day.
    WORKDAY = "workday"
    #: A day off by a local overlay (local holiday or closure).
    LOCAL_REST_DAY = "local_rest_day"

    @property
    def is_working(self) -> bool:
        """Whether a day of this kind is a working day."""
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


def _date_field(name: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not dt.date:
            raise InvalidValueError(name, value, "a datetime.date (not a datetime)")

    return check


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, "holidays", values)


def _nonempty_str(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a non-empty string")


@attrs.frozen
class Notice:
    """A State Council General Office notice (or a local decision) that calendar days come from.

    Args:
        number: The document number (文号), such as "国办发明电〔2024〕12号"; ``None`` where none
            was found (say why in ``note``).
        title: The title of the notice.
        published: The day it was published (``None`` when the source does not say).
        url: Where its text can be read.
        note: Anything a reader should know about this source.

    Examples:
        >>> import datetime as dt
        >>> Notice("国办发明电〔2024〕12号", "国务院办公厅关于2025年部分节假日安排的通知",
        ...        dt.date(2024, 11, 12), "https://www.gov.cn/").number
        '国办发明电〔2024〕12号'
    """

    number: str | None
    title: str = attrs.field(validator=_nonempty_str)
    published: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(_date_field("published"))
    )
    url: str = ""
    note: str = ""


@attrs.frozen(order=True)
class DayEntry:
    """One date that differs from the ordinary week.

    Args:
        date: The date.
        name: The holiday period it belongs to, as the notice names it ("春节").
        kind: What the entry says (statutory holiday, rest, make-up workday, local closure).
        holidays: For a statutory holiday, the holidays that fall on that date (two when
            Mid-Autumn falls on National Day). Defaults to ``(name,)`` for a holiday.
        notice: The number of the notice this day comes from, when it is not the first
            notice of its year.

    Examples:
        >>> import datetime as dt
        >>> DayEntry(dt.date(2025, 1, 26), "春节", EntryKind.WORKDAY).kind.value
        'workday'
        >>> DayEntry(dt.date(2025, 1, 1), "元旦", EntryKind.HOLIDAY).holidays
        ('元旦',)
    """

    date: dt.date = attrs.field(validator=_date_field("date"))
    name: str = attrs.field(validator=_nonempty_str, order=False)
    kind: EntryKind = attrs.field(validator=of_type(EntryKind), order=False)
    holidays: tuple[str, ...] = attrs.field(converter=_str_tuple, default=(), order=False)
    notice: str | None = attrs.field(default=None, order=False)

    def __attrs_post_init__(self) -> None:
        if self.kind is EntryKind.HOLIDAY and not self.holidays:
            object.__setattr__(self, "holidays", (self.name,))
        elif self.kind is not EntryKind.HOLIDAY and self.holidays:
            raise InvalidValueError(
                "holidays", self.holidays, f"empty for a day of kind {self.kind.value!r}"
            )

    @property
    def is_off(self) -> bool:
        """Whether the entry makes its date a day off."""
        return self.kind is not EntryKind.WORKDAY


def _notice_tuple(notices: Iterable[Notice]) -> tuple[Notice, ...]:
    return tuple_of(Notice, "notices", notices)


def _day_tuple(days: Iterable[DayEntry]) -> tuple[DayEntry, ...]:
    return tuple_of(DayEntry, "days", days)


@attrs.frozen
class YearData:
    """One year of official calendar data: its notices and the days that differ from the week.

    ``adjacent`` holds days of the neighbouring years that the year's notice also fixes (the
    2008 notice made 2007-12-29 a working Saturday); a calendar that covers them applies them.

    Args:
        year: The Gregorian year.
        notices: The notices, the annual one first, then amendments.
        days: The dates of the year that differ from the ordinary week.
        adjacent: Dates outside the year fixed by the same notices.

    Examples:
        >>> import datetime as dt
        >>> data = YearData(2027, (), (DayEntry(dt.date(2027, 1, 1), "元旦", EntryKind.HOLIDAY),))
        >>> data.year, len(data.days)
        (2027, 1)
    """

    year: int
    notices: tuple[Notice, ...] = attrs.field(converter=_notice_tuple, default=())
    days: tuple[DayEntry, ...] = attrs.field(converter=_day_tuple, default=())
    adjacent: tuple[DayEntry, ...] = attrs.field(converter=_day_tuple, default=())

    def __attrs_post_init__(self) -> None:
        if type(self.year) is not int or not 1900 <= self.year <= 2200:
            raise InvalidValueError("year", self.year, "an integer year between 1900 and 2200")
        for entry in self.days:
            if entry.date.year != self.year:
                raise InvalidValueError(
                    "days", entry.date, f"dates in {self.year} (put others in adjacent)"
                )


@attrs.frozen
class Coverage:
    """The first and last dates a calendar has data for, both included.

    Examples:
        >>> import datetime as dt
        >>> cov = Coverage(dt.date(2004, 1, 1), dt.date(2026, 12, 31))
        >>> dt.date(2026, 5, 1) in cov, dt.date(2027, 1, 1) in cov
        (True, False)
        >>> start, end = cov
        >>> len(cov)
        8401
    """

    start: dt.date = attrs.field(validator=_date_field("coverage.start"))
    end: dt.date = attrs.field(validator=_date_field("coverage.end"))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                "coverage.end", self.end, f"on or after coverage.start {self.start.isoformat()}"
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[dt.date]:
        return iter((self.start, self.end))

    def __len__(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _sessions(value: object) -> tuple[tuple[dt.time, dt.time], ...]:
    try:
        sessions = tuple((start, end) for start, end in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise InvalidValueError(
            "office_hours.sessions", value, "a sequence of (start, end) datetime.time pairs"
        ) from None
    return sessions


@attrs.frozen
class OfficeHours:
    """The office sessions of a center on each working day, in its local time zone.

    The default, 09:00-12:00 and 13:30-17:30 in Asia/Shanghai, is common but not a national rule
    (seen in public local documents, [P]; no national text sets hours); set your own.

    Args:
        sessions: Sorted, non-overlapping (start, end) times of day.
        timezone: An IANA time zone name.

    Examples:
        >>> OfficeHours().hours_per_day
        7.0
        >>> import datetime as dt
        >>> OfficeHours(((dt.time(9), dt.time(17)),)).hours_per_day
        8.0
    """

    sessions: tuple[tuple[dt.time, dt.time], ...] = attrs.field(
        converter=_sessions,
        default=((dt.time(9, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30))),
    )
    timezone: str = attrs.field(default="Asia/Shanghai")

    def __attrs_post_init__(self) -> None:
        if not self.sessions:
            raise InvalidValueError("office_hours.sessions", self.sessions, "at least one session")
        previous_end: dt.time | None = None
        for start, end in self.sessions:
            if not (isinstance(start, dt.time) and isinstance(end, dt.time)):
                raise InvalidValueError(
                    "office_hours.sessions", (start, end), "a pair of datetime.time values"
                )
            if start.tzinfo is not None or end.tzinfo is not None or not start < end:
                raise InvalidValueError(
                    "office_hours.sessions",
                    (start.isoformat(), end.isoformat()),
                    "naive times with start before end",
                )
            if previous_end is not None and start < previous_end:
                raise InvalidValueError(
                    "office_hours.sessions",
                    (start.isoformat(), end.isoformat()),
                    "sessions in order, not overlapping",
                )
            previous_end = end
        if self.timezone != _DEFAULT_ZONE:  # the default is known; load it on first use
            from govservice.calendar._hours import zone

            zone(self.timezone)  # raises InvalidValueError for an unknown zone

    @property
    def closing(self) -> dt.time:
        """The end of the last session: the deadline instant of a day (Civil Code art. 203)."""
        return self.sessions[-1][1]

    @property
    def hours_per_day(self) -> float:
        """Working hours in one working day."""
        seconds = sum(_seconds(end) - _seconds(start) for start, end in self.sessions)
        return seconds / 3600


_DEFAULT_ZONE = "Asia/Shanghai"


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second
