"""``govservice calendar ...``: look at and maintain the working-day calendar."""

from __future__ import annotations

import calendar as _monthdays
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from cyclopts import Parameter

from govservice.cli._common import (
    CALENDAR_HELP,
    DataProblems,
    UsageError,
    existing,
    load_calendar_option,
    locale_option,
    parse_day,
    parse_month,
    read_user_text,
    say,
    say_error,
    table,
)

__all__ = ["add", "between", "check", "diff", "export", "import_year", "is_working_day", "show"]

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


def _year_of(path: Path) -> Any:
    """A year from our JSON, a holiday-cn file or the text of a State Council notice."""
    from govservice.calendar import load_year, year_from_notice

    if path.suffix.lower() in (".txt", ".text", ".md"):
        return year_from_notice(read_user_text(path, "FILE"))
    existing(path, "FILE")
    return load_year(path)


def import_year(file: Path, /, *, out: Path, calendar: _Cal = None) -> int:
    """导入年度放假安排。Import a year: our JSON, a holiday-cn file, or the notice's text (.txt).

    The year is checked against the law (every statutory holiday present, make-up days on
    weekends, ...) and added to the calendar, which is written whole to --out, ready for
    --calendar. 按法律核对后并入日历，写出完整日历文件，之后用 --calendar 使用。

    Example 示例: govservice calendar import 2027年放假通知.txt --out 日历.json

    Args:
        file: 年度文件 The year's file: .json (ours or holiday-cn) or .txt (the notice text).
        out: 输出 Where to write the whole calendar (JSON).
        calendar: 日历文件 The calendar it joins.
    """
    from govservice.calendar import save_calendar

    year = _year_of(file)
    cal = load_calendar_option(calendar).with_year(year, replace=True)
    save_calendar(cal, out)
    say(f"{year.year}: {len(year.days)} 条 entries -> {out}")
    say(f"覆盖 coverage {cal.coverage.start}..{cal.coverage.end}")
    return 0


def diff(first: Path, second: Path, /, *, locale: str = "zh_CN") -> int:
    """比较两个日历。The days whose kind differs between two calendars (or a year and china()).

    For reviewing a new notice before loading it. 载入新通知前核对变化。

    Example 示例: govservice calendar diff 日历.json 新日历.json

    Args:
        first: 日历文件 A calendar file (a whole calendar, or a year added to china()).
        second: 日历文件 The other.
        locale: 语言 zh_CN, zh_TW or en.
    """
    from govservice.calendar import format_day_kind

    loc = locale_option(locale)
    a, b = load_calendar_option(first, "FIRST"), load_calendar_option(second, "SECOND")
    changes = a.diff(b)
    rows = [[c.date.isoformat(), format_day_kind(c.before, loc), format_day_kind(c.after, loc),
             c.name or ""] for c in changes]  # fmt: skip
    table(f"{len(rows)} 天不同 days differ", ["日期 date", "之前 before", "之后 after",
          "名称 name"], rows)  # fmt: skip
    return 0


def export(
    *,
    ics: Path,
    feed: str = "combined",
    start: str | None = None,
    end: str | None = None,
    locale: str = "zh_CN",
    calendar: _Cal = None,
) -> int:
    """导出日历订阅。Export the calendar as an iCalendar feed (.ics) for staff calendars.

    Example 示例: govservice calendar export --ics 放假安排.ics --start 2026-01-01 --end 2026-12-31

    Args:
        ics: 输出文件 The .ics file to write.
        feed: 内容 statutory, days_off, makeup_workdays or combined.
        start: 起始日 The first day (default: the calendar's first).
        end: 截止日 The last day (default: the calendar's last).
        locale: 语言 zh_CN, zh_TW or en.
        calendar: 日历文件 Calendar file.
    """
    from govservice._files import atomic_write

    loc = locale_option(locale)
    cal = load_calendar_option(calendar)
    first = None if start is None else parse_day(start, "--start")
    last = None if end is None else parse_day(end, "--end")
    try:
        data = cal.to_ics(feed, locale=loc, start=first, end=last)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    atomic_write(ics, data)
    say(f"写入 written: {ics}")
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
    if path.suffix.lower() in (".txt", ".text", ".md"):
        try:
            year = _year_of(path)
        except CalendarDataError as exc:
            table("问题 problems", ["文件 file", "位置 where", "问题 problem"],
                  [[p.source, p.path, p.problem] for p in exc.problems])  # fmt: skip
            raise DataProblems(1) from None
        say(f"好 ok: {path} {year.year}, {len(year.days)} 条 entries")
        return 0
    try:
        raw = json.loads(read_user_text(path, "FILE"))
    except ValueError as exc:
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
