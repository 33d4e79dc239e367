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

from govservice.calendar._calendar import DateLike, WorkCalendar
from govservice.calendar._data import (
    china,
    load_calendar,
    load_year,
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
from govservice.calendar._limits import LimitUnit, TimeLimit
from govservice.calendar._model import (
    Coverage,
    DayEntry,
    DayKind,
    EntryKind,
    Notice,
    OfficeHours,
    YearData,
)
from govservice.calendar._provisional import Provisional, ProvisionalCalendar
from govservice.calendar._serde import converter, make_converter

__all__ = [
    "LOCALES",
    "Coverage",
    "DateLike",
    "DayEntry",
    "DayKind",
    "Deadline",
    "DeadlineStep",
    "EntryKind",
    "Extension",
    "LimitUnit",
    "Notice",
    "OfficeHours",
    "Provisional",
    "ProvisionalCalendar",
    "ReceiptPolicy",
    "StepKind",
    "Suspension",
    "SuspensionReason",
    "TimeLimit",
    "WorkCalendar",
    "YearData",
    "china",
    "converter",
    "deadline",
    "format_date",
    "format_day_kind",
    "format_deadline",
    "format_limit",
    "load_calendar",
    "load_year",
    "make_converter",
    "statutory_holidays",
    "year_from_holiday_cn",
]
