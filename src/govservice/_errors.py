"""Every error govservice raises on purpose.

The tree::

    GovServiceError
    ├── InvalidValueError (also ValueError)       a field got a value it does not accept
    │   └── TimeLimitParseError                   a service-guide string is not a time limit
    ├── CalendarCoverageError (also LookupError)  a date outside what a calendar knows
    └── CalendarDataError (also ValueError)       a calendar data file or mapping is bad

Each message names the field, the value received and what was expected; the same parts are
attributes, and are passed to ``Exception.__init__`` so that errors pickle across processes.
Messages are English, for developers; a UI renders localized text from the attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "DataProblem",
    "GovServiceError",
    "InvalidValueError",
    "TimeLimitParseError",
]


class GovServiceError(Exception):
    """Root of every error that govservice raises on purpose.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> try:
        ...     TimeLimit.parse("soon")
        ... except GovServiceError as exc:
        ...     print(type(exc).__name__)
        TimeLimitParseError
    """


class InvalidValueError(GovServiceError, ValueError):
    """A field was given a value it does not accept.

    Args:
        field: The name of the field or argument.
        value: The value received.
        expected: What the field accepts, as a phrase ("an integer >= 1").

    Examples:
        >>> print(InvalidValueError("amount", -1, "an integer >= 1"))
        amount must be an integer >= 1, got -1
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__(field, value, expected)
        self.field = field
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        return f"{self.field} must be {self.expected}, got {self.value!r}"


class TimeLimitParseError(InvalidValueError):
    """A service-guide string could not be read as a time limit.

    Examples:
        >>> print(TimeLimitParseError("text", "soon", "a time limit such as '20个工作日'"))
        text must be a time limit such as '20个工作日', got 'soon'
    """


class CalendarCoverageError(GovServiceError, LookupError):
    """A query touched a date outside the dates a calendar has data for.

    A calendar never guesses: a year whose notice is not loaded is unknown, not ordinary.

    Args:
        field: The argument that held the date (or the computation that left coverage).
        value: The date outside coverage.
        start: The first covered date.
        end: The last covered date.

    Examples:
        >>> import datetime as dt
        >>> err = CalendarCoverageError(
        ...     "day", dt.date(2027, 3, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
        ... )
        >>> print(err)  # doctest: +ELLIPSIS
        day 2027-03-01 is outside the calendar's coverage 2004-01-01..2026-12-31; ...
    """

    def __init__(self, field: str, value: object, start: dt.date, end: dt.date) -> None:
        super().__init__(field, value, start, end)
        self.field = field
        self.value = value
        self.start = start
        self.end = end

    def __str__(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, dt.date) else repr(self.value)
        return (
            f"{self.field} {shown} is outside the calendar's coverage "
            f"{self.start.isoformat()}..{self.end.isoformat()}; load the year's notice with "
            "calendar.with_year(load_year(path)) (our JSON or a holiday-cn file), or opt in to "
            "weekends-only results with calendar.provisional(until=...)"
        )


class DataProblem(tuple[str, str, str]):
    """One problem in a data file: where (file), which entry (a JSON path) and what is wrong.

    Examples:
        >>> p = DataProblem.of("2027.json", "$.days[3].date", "'2027-02-30' is not a date")
        >>> print(p)
        2027.json $.days[3].date: '2027-02-30' is not a date
    """

    __slots__ = ()

    @classmethod
    def of(cls, source: str, path: str, problem: str) -> DataProblem:
        """Build a problem from its three parts."""
        return cls((source, path, problem))

    @property
    def source(self) -> str:
        """The file name, or ``<mapping>`` for data passed in memory."""
        return self[0]

    @property
    def path(self) -> str:
        """The JSON path of the entry, such as ``$.days[3].date``."""
        return self[1]

    @property
    def problem(self) -> str:
        """What is wrong with it, and what was expected."""
        return self[2]

    def __str__(self) -> str:
        return f"{self.source} {self.path}: {self.problem}"


class CalendarDataError(GovServiceError, ValueError):
    """Calendar data (a file, a mapping or an overlay) was refused.

    Every problem found is listed at once, not only the first.

    Args:
        problems: Each problem with its file, entry path and description.

    Examples:
        >>> err = CalendarDataError([DataProblem.of("x.json", "$.year", "must be an integer")])
        >>> print(err)
        1 problem in calendar data:
          x.json $.year: must be an integer
    """

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        super().__init__(tuple(problems))
        self.problems: tuple[DataProblem, ...] = tuple(problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in calendar data:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])


for _cls in (
    GovServiceError,
    InvalidValueError,
    TimeLimitParseError,
    CalendarCoverageError,
    CalendarDataError,
    DataProblem,
):
    _cls.__module__ = "govservice"
