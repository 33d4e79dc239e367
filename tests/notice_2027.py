"""A made-up 2027 holiday notice (the one of docs/keeping-current.md), for year-boundary tests.

The shipped data ends on 2026-12-31. Like the real notices, this one closes the Spring
Festival for a week and has make-up workdays on a Sunday (31 January) and a Saturday
(20 February). Every date and number in it is invented.
"""

from __future__ import annotations

import datetime as dt

from govservice.calendar import (
    DayEntry,
    EntryKind,
    Notice,
    ProvisionalCalendar,
    WorkCalendar,
    YearData,
    china,
)

_H, _R, _W = EntryKind.HOLIDAY, EntryKind.REST, EntryKind.WORKDAY
_DAYS = [
    ((1, 1), "元旦", _H), ((1, 2), "元旦", _R), ((1, 3), "元旦", _R),
    ((1, 31), "春节", _W), ((2, 5), "春节", _H), ((2, 6), "春节", _H), ((2, 7), "春节", _H),
    ((2, 8), "春节", _H), ((2, 9), "春节", _R), ((2, 10), "春节", _R), ((2, 11), "春节", _R),
    ((2, 20), "春节", _W), ((4, 3), "清明节", _R), ((4, 4), "清明节", _R),
    ((4, 5), "清明节", _H), ((5, 1), "劳动节", _H), ((5, 2), "劳动节", _H),
    ((5, 3), "劳动节", _R), ((5, 4), "劳动节", _R), ((5, 5), "劳动节", _R),
    ((5, 8), "劳动节", _W), ((6, 9), "端午节", _H), ((9, 15), "中秋节", _H),
    ((9, 26), "国庆节", _W), ((10, 1), "国庆节", _H), ((10, 2), "国庆节", _H),
    ((10, 3), "国庆节", _H), ((10, 4), "国庆节", _R), ((10, 5), "国庆节", _R),
    ((10, 6), "国庆节", _R), ((10, 7), "国庆节", _R), ((10, 9), "国庆节", _W),
]  # fmt: skip
NOTICE = Notice(
    "国办发明电〔2026〕99号",
    "国务院办公厅关于2027年部分节假日安排的通知（示例，虚构）",
    dt.date(2026, 11, 10),
    "https://example.org/made-up-2027-notice",
    "",
)


def year_2027() -> YearData:
    """The made-up notice as a year block."""
    days = [DayEntry(dt.date(2027, m, d), name, kind) for (m, d), name, kind in _DAYS]
    return YearData(2027, days=days, notices=[NOTICE])


def provisional_2027() -> ProvisionalCalendar:
    """December, before the notice: 2027 by rule of thumb (weekends only)."""
    return china().provisional(dt.date(2027, 12, 31), basis="weekends")


def official_2027() -> WorkCalendar:
    """After the notice: the official calendar with 2027 loaded."""
    return china().with_year(year_2027())
