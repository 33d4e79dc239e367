"""``govservice deadline``: the due date of a time limit, from a cold start in well under 300 ms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from cyclopts import Parameter

from govservice.cli._common import (
    CALENDAR_HELP,
    UsageError,
    load_calendar_option,
    locale_option,
    parse_day,
    say,
)

if TYPE_CHECKING:
    from govservice.calendar import Deadline

__all__ = ["deadline_command"]

# The medium date and full weekday of CLDR (what babel gives `format_deadline`) for the three
# locales, so that the plain answer does not import babel; a test pins it to format_deadline.
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def due_line(result: Deadline, locale: str) -> str:
    """``format_deadline(result, locale)`` without babel: the cold start of a plain answer."""
    from govservice._i18n import _t

    day = result.due_date
    if locale == "en":
        date = f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
        weekday = _WEEKDAYS_EN[day.weekday()]
    else:
        date, weekday = f"{day.year}年{day.month}月{day.day}日", _WEEKDAYS_ZH[day.weekday()]
    local = result.due_at.astimezone(result.due_at.tzinfo)
    return _t(locale, "by %(time)s on %(date)s (%(weekday)s)") % {
        "time": local.strftime("%H:%M"),
        "date": date,
        "weekday": weekday,
    }


def deadline_command(
    start: str,
    limit: str,
    /,
    *,
    suspend: Annotated[list[str] | None, Parameter(consume_multiple=False)] = None,
    explain: bool = False,
    locale: str = "zh_CN",
    calendar: Annotated[Path | None, Parameter(help=CALENDAR_HELP)] = None,
) -> int:
    """办结期限：受理日期加时限。The due date of a case accepted on START with time limit LIMIT.

    Working days count from the day after acceptance (Civil Code art. 201; Administrative
    Licensing Law art. 82); suspended days are not counted (art. 45). 从受理次日起算；
    特别程序期间不计入。

    Example 示例: govservice deadline 2025-01-24 "20个工作日" --suspend 2025-02-10,2025-02-14,检测 --explain

    Args:
        start: 受理日期 The acceptance date, such as 2025-01-24 or 2025年1月24日.
        limit: 时限 The time limit as a service guide writes it: "20个工作日", "5天", "即办".
        suspend: 特别程序 A suspension FIRST,LAST,REASON (reason: 听证 招标 拍卖 检验 检测 检疫
            鉴定 专家评审); repeat the option for more.
        explain: 列出计算步骤 Show each step of the count.
        locale: 语言 zh_CN, zh_TW or en.
        calendar: 日历文件 Calendar file.
    """
    from govservice.calendar import Suspension, TimeLimit, deadline

    day = parse_day(start, "START")
    loc = locale_option(locale)
    try:
        time_limit = TimeLimit.parse(limit)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    suspensions = []
    for text in suspend or []:
        parts = [p.strip() for p in text.replace("，", ",").split(",")]
        if len(parts) != 3:
            raise UsageError(f"--suspend must be FIRST,LAST,REASON, got {text!r}")
        first, last = parse_day(parts[0], "--suspend"), parse_day(parts[1], "--suspend")
        try:
            suspensions.append(Suspension(first, last, parts[2]))
        except ValueError as exc:
            raise UsageError(f"--suspend: {exc}") from None
    cal = load_calendar_option(calendar)
    result = deadline(day, time_limit, cal, suspensions=suspensions)
    label = "办结期限" if loc != "en" else "Due"
    say(f"{label}: {due_line(result, loc)}  ({result.due_date.isoformat()})")
    if explain:
        say(result.explain(loc))
    return 0
