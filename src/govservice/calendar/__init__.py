"""govservice.calendar: the official working-day calendar, time limits and deadlines.

Examples:
    >>> import datetime as dt
    >>> from govservice.calendar import china, deadline, TimeLimit
    >>> cal = china()
    >>> cal.add_working_days(dt.date(2026, 2, 13), 1)  # Spring Festival 2026, Sat Feb 14 worked
    datetime.date(2026, 2, 14)
    >>> deadline(dt.date(2026, 2, 13), TimeLimit.parse("20个工作日"), cal).due_date
    datetime.date(2026, 3, 19)
"""

from typing import TYPE_CHECKING, Any

from govservice.calendar._calendar import DateLike, DayChange, WorkCalendar
from govservice.calendar._data import (
    calendar_to_json,
    china,
    festival_dates,
    load_calendar,
    load_year,
    save_calendar,
    statutory_holidays,
    year_from_holiday_cn,
)
from govservice.calendar._deadline import (
    Deadline,
    DeadlineStep,
    Extension,
    ReceiptPolicy,
    StepKind,
    Suspension,
    SuspensionReason,
    deadline,
)
from govservice.calendar._l10n import (
    LOCALES,
    format_date,
    format_day_kind,
    format_deadline,
    format_limit,
)
from govservice.calendar._limits import MAX_DAYS, MAX_HOURS, LimitUnit, TimeLimit
from govservice.calendar._model import (
    Coverage,
    DayEntry,
    DayKind,
    EntryKind,
    Notice,
    OfficeHours,
    YearData,
)
from govservice.calendar._notice import year_from_notice
from govservice.calendar._provisional import Basis, ProvisionalCalendar

if TYPE_CHECKING:
    from govservice.calendar._serde import make_converter

__all__ = [
    "LOCALES",
    "MAX_DAYS",
    "MAX_HOURS",
    "Basis",
    "Coverage",
    "DateLike",
    "DayChange",
    "DayEntry",
    "DayKind",
    "Deadline",
    "DeadlineStep",
    "EntryKind",
    "Extension",
    "LimitUnit",
    "Notice",
    "OfficeHours",
    "ProvisionalCalendar",
    "ReceiptPolicy",
    "StepKind",
    "Suspension",
    "SuspensionReason",
    "TimeLimit",
    "WorkCalendar",
    "YearData",
    "calendar_to_json",
    "china",
    "deadline",
    "festival_dates",
    "format_date",
    "format_day_kind",
    "format_deadline",
    "format_limit",
    "load_calendar",
    "load_year",
    "make_converter",
    "save_calendar",
    "statutory_holidays",
    "year_from_holiday_cn",
    "year_from_notice",
]


def __getattr__(name: str) -> Any:
    # cattrs is imported when a converter is first asked for, so that what never
    # (de)serialises (``govservice deadline`` from a cold start) does not import it.
    if name == "make_converter":
        from govservice.calendar import _serde

        return getattr(_serde, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
