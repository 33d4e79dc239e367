"""``govservice calendar ...``: look at and maintain the working-day calendar."""

from __future__ import annotations

import calendar as _monthdays
import datetime as dt
from pathlib import Path
from typing import Annotated

from cyclopts import Parameter

from govservice.cli._common import (
    CALENDAR_HELP,
    DataProblems,
    existing,
    load_calendar_option,
    locale_option,
    parse_day,
    parse_month,
    say,
    say_error,
    table,
)

__all__ = ["add", "between", "check", "import_year", "is_working_day", "show"]

_Cal = Annotated[Path | None, Parameter(help=CALENDAR_HELP)]
_WEEKDAYS = "一二三四五六日"


def show(month: str, /, *, locale: str = "zh_CN", calendar: _Cal = None) -> int:
    """一个月的日历与日子类型。A month, each day with its kind.

    Example 示例: govservice calendar show 2026-02

    Args:
        month: 月份 The month, such as 2026-02.
        locale: 语言 zh_CN, zh_TW or en.
        calendar: 日历文件 Calendar file.
    """
    from govservice.calendar import format_day_kind

    year, number = parse_month(month)
    loc = locale_option(locale)
    cal = load_calendar_option(calendar)
    rows = []
    for d in range(1, _monthdays.monthrange(year, number)[1] + 1):
        day = dt.date(year, number, d)
        entry = cal.entry(day)
        name = ""
        if entry is not None:
            name = entry.name if loc != "en" else cal.english_name(entry.name)
        working = cal.is_working_day(day)
        rows.append(
            [
                day.isoformat(),
                "星期" + _WEEKDAYS[day.weekday()] if loc != "en" else day.strftime("%a"),
                ("是" if working else "否") if loc != "en" else ("yes" if working else "no"),
                format_day_kind(cal.day_kind(day), loc),
                name or "",
            ]
        )
    header = (
        ["日期", "星期", "工作日", "类型", "节日"]
        if loc != "en"
        else ["date", "weekday", "working", "kind", "holiday"]
    )
    table(f"{year}-{number:02d}", header, rows)
    return 0


def is_working_day(day: str, /, *, calendar: _Cal = None) -> int:
    """是否工作日。Whether DAY is a working day (make-up Saturdays count; holidays do not).

    Example 示例: govservice calendar is-working-day 2026-02-14

    Args:
        day: 日期 The day, such as 2026-02-14.
        calendar: 日历文件 Calendar file.
    """
    from govservice.calendar import format_day_kind

    d = parse_day(day, "DAY")
    cal = load_calendar_option(calendar)
    kind = format_day_kind(cal.day_kind(d), "zh_CN")
    english = format_day_kind(cal.day_kind(d), "en")
    answer = "是 yes" if cal.is_working_day(d) else "否 no"
    say(f"{answer}: {d.isoformat()} {kind} {english}")
    return 0


def add(day: str, n: int, /, *, calendar: _Cal = None) -> int:
    """加 N 个工作日。The N-th working day after DAY (before it for a negative N).

    Example 示例: govservice calendar add 2026-02-13 1

    Args:
        day: 日期 The day, such as 2026-02-13.
        n: 工作日数 How many working days.
        calendar: 日历文件 Calendar file.
    """
    d = parse_day(day, "DAY")
    cal = load_calendar_option(calendar)
    say(cal.add_working_days(d, n).isoformat())
    return 0


def between(start: str, end: str, /, *, calendar: _Cal = None) -> int:
    """两日之间的工作日数。Working days after START up to and including END.

    Example 示例: govservice calendar between 2025-01-24 2025-02-27

    Args:
        start: 起始日 The first day (not counted).
        end: 截止日 The last day (counted).
        calendar: 日历文件 Calendar file.
    """
    a, b = parse_day(start, "START"), parse_day(end, "END")
    cal = load_calendar_option(calendar)
    say(str(cal.working_days_between(a, b)))
    return 0


def import_year(file: Path, /, *, out: Path | None = None, calendar: _Cal = None) -> int:
    """导入年度放假安排。Import a year's holiday notice (our JSON, or a holiday-cn file).

    The year is checked against the calendar and written in our JSON format (to --out, by
    default YEAR.json beside the current directory), ready for --calendar YEAR.json.
    检查后写成本库格式的年度文件，之后用 --calendar 年度文件 即可使用。

    Example 示例: govservice calendar import holiday-cn-2027.json --out 2027.json

    Args:
        file: 年度文件 The year's file.
        out: 输出 Where to write the year.
        calendar: 日历文件 The calendar it joins.
    """
    import json

    from govservice._tabular import _atomic
    from govservice.calendar import load_year, make_converter

    year = load_year(existing(file, "FILE"))
    cal = load_calendar_option(calendar).with_year(year, replace=True)
    target = out if out is not None else Path(f"{year.year}.json")
    text = json.dumps(make_converter().unstructure(year), ensure_ascii=False, indent=1) + "\n"

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    _atomic(target, write)
    say(f"{year.year}: {len(year.days)} 条 entries -> {target}")
    say(f"覆盖 coverage {cal.coverage.start}..{cal.coverage.end}")
    return 0


def check(file: Path, /) -> int:
    """检查日历数据文件。Check a calendar data file: every problem at once, exit 1 if any.

    Example 示例: govservice calendar check 2027.json

    Args:
        file: 文件 A whole calendar or one year (our JSON or holiday-cn).
    """
    import json

    from govservice import CalendarDataError
    from govservice.calendar import load_calendar, load_year

    path = existing(file, "FILE")
    try:
        raw = json.loads(path.read_text("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        say_error(f"{path}: not JSON ({exc})")
        raise DataProblems(1) from None
    try:
        if isinstance(raw, dict) and "years" in raw:
            cal = load_calendar(path)
            say(f"好 ok: {path} 覆盖 coverage {cal.coverage.start}..{cal.coverage.end}")
        else:
            year = load_year(path)
            say(f"好 ok: {path} {year.year}, {len(year.days)} 条 entries")
    except CalendarDataError as exc:
        table("问题 problems", ["文件 file", "位置 where", "问题 problem"],
              [[p.source, p.path, p.problem] for p in exc.problems])  # fmt: skip
        raise DataProblems(1) from None
    return 0
