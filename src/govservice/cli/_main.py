"""The command tree and the one place that turns outcomes into exit codes.

Commands are registered by import path, so ``govservice deadline`` imports the calendar and
nothing else (cyclopts loads a command's module only when it runs).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["build_app", "main"]

_HELP = """政务服务中心的工作日历、办结期限、事项目录、办件数据、指标和月报。
Working-day calendar, deadlines, catalogue, case records, indicators and monthly reports of
Chinese administrative service centers.

退出码 Exit codes: 0 完成 done; 1 数据有问题 problems found in the data (or 办件库出错 the store
failed: cannot open, locked, server gone); 2 用法错误 usage.
日历默认为国家官方日历 china()，可用 --calendar 文件 指定。
The calendar is the official China calendar (china()) unless --calendar FILE is given."""

_CLI = "govservice.cli."

#: (group, name, "module:function", help): every command, registered lazily.
_COMMANDS: tuple[tuple[str | None, str, str, str], ...] = (
    (None, "deadline", "_deadline:deadline_command",
     "办结期限：受理日期加时限。The due date of a time limit."),
    ("calendar", "show", "_calendar:show", "一个月的日历与日子类型。A month with its day kinds."),
    ("calendar", "is-working-day", "_calendar:is_working_day",
     "是否工作日。Whether a day is a working day."),
    ("calendar", "add", "_calendar:add", "加 N 个工作日。The n-th working day after a day."),
    ("calendar", "between", "_calendar:between",
     "两日之间的工作日数。Working days between two days."),
    ("calendar", "import", "_calendar:import_year",
     "导入年度放假安排。Import a year: our JSON, holiday-cn, or the notice text."),
    ("calendar", "diff", "_calendar:diff", "比较两个日历。The days two calendars differ on."),
    ("calendar", "export", "_calendar:export", "导出日历订阅。Export an iCalendar feed (.ics)."),
    ("calendar", "check", "_calendar:check", "检查日历数据文件。Check a calendar data file."),
    ("catalog", "check", "_catalog:check", "检查事项目录。Check a catalogue file."),
    ("catalog", "convert", "_catalog:convert",
     "转换事项目录格式。Convert a catalogue (xlsx, csv, json, toml)."),
    ("catalog", "figures", "_catalog:figures",
     "目录统计：时限压缩等。Catalogue figures (limits, compression)."),
    ("catalog", "guide", "_catalog:guide",
     "办事指南（一事一表）。Service guides: one matter, or the catalogue as a site."),
    ("records", "check", "_records:check",
     "检查办件数据，逐行列出问题。Check case records: every problem by row."),
    ("records", "convert", "_records:convert",
     "办件数据转为标准表。Convert case records to the standard table."),
    (None, "indicators", "_records:indicators",
     "效能指标（按部门、按月）。Efficiency indicators per group and period."),
    (None, "monitor", "_records:monitor_command",
     "电子监察：某日在办件预警。Warnings of open cases on a day."),
    (None, "irregularities", "_records:irregularities",
     "违规办件线索。Irregular handling found in the records."),
    (None, "report", "_records:report", "月度报告。The monthly report (HTML, CSV, xlsx, PNG)."),
    (None, "draw", "_draw:draw", "双随机抽查。A double random inspection draw."),
    (None, "verify-draw", "_draw:verify", "复核抽查结果。Re-run a published draw to check it."),
    ("case", "submit", "_case:submit", "收件。Submit a new case to a store."),
    ("case", "act", "_case:act", "办理。Record an act on a stored case."),
    ("case", "show", "_case:show", "查看办件。A stored case with its trace."),
    ("case", "list", "_case:list_cases", "办件列表。Open or overdue cases of a store."),
    ("case", "verify", "_case:verify", "校验办件库。Re-verify every stored trace."),
    ("case", "export", "_store:export", "导出办件。Every stored case as JSON lines (backup, moving)."),
    ("case", "import", "_store:import_", "导入办件。Cases from JSON lines, replayed and verified."),
    ("case", "digest", "_store:digest", "当日摘要。The digest of a day's heads, to publish."),
    ("case", "recalendar", "_store:recalendar",
     "换新日历。Move every open case to next year's calendar."),
    (None, "serve", "_serve:serve_command", "HTTP 服务。Serve the HTTP JSON API."),
    (None, "demo", "_demo:demo", "演示（不需要 make）。The README's demo, without make."),
)  # fmt: skip

#: One real-looking example per command, shown in its --help.
_EXAMPLES = {
    " deadline": 'deadline 2025-01-24 "20个工作日" --suspend 2025-02-10,2025-02-14,检测 --explain',
    "calendar show": "calendar show 2026-02",
    "calendar is-working-day": "calendar is-working-day 2026-02-14",
    "calendar add": "calendar add 2026-02-13 1",
    "calendar between": "calendar between 2025-01-24 2025-02-27",
    "calendar import": "calendar import 2027年放假通知.txt --out 日历.json",
    "calendar diff": "calendar diff 日历.json 新日历.json",
    "calendar export": "calendar export --ics 放假安排.ics --start 2026-01-01 --end 2026-12-31",
    "calendar check": "calendar check 2027.json",
    "catalog check": "catalog check 事项目录.xlsx",
    "catalog convert": "catalog convert catalog.json 事项目录.xlsx",
    "catalog figures": "catalog figures 事项目录.xlsx",
    "catalog guide": "catalog guide 事项目录.xlsx --out 办事指南",
    "records check": "records check 五月办件.xlsx --catalog 事项目录.xlsx",
    "records convert": "records convert 省平台导出.csv 五月办件.xlsx",
    " indicators": "indicators 五月办件.xlsx --by department --period month --out 指标.xlsx",
    " monitor": "monitor 五月办件.xlsx --today 2025-05-20",
    " irregularities": "irregularities 五月办件.xlsx --catalog 事项目录.xlsx",
    " report": "report 五月办件.xlsx --month 2025-05 --catalog 事项目录.xlsx --out 五月报告",
    " draw": 'draw 档案名录.xlsx 检查人员.txt --seed "2025-09 档案抽查" --share 0.05 --out 抽查结果.json',
    " verify-draw": "verify-draw 抽查结果.json 档案名录.xlsx 检查人员.txt",
    "case submit": 'case submit --store sqlite:///办件.db --catalog 事项目录.xlsx --matter 990102-SJJ-003 --case-id SJ2025000001 --applicant 张三 --at "2025-05-06 09:30" --by 窗口1',
    "case act": 'case act SJ2025000001 accept --store sqlite:///办件.db --at "2025-05-06 09:40" --by 窗口1',
    "case show": "case show SJ2025000001 --store sqlite:///办件.db",
    "case list": "case list --store sqlite:///办件.db --overdue --today 2025-05-20",
    "case verify": "case verify --store sqlite:///办件.db",
    "case export": "case export --store sqlite:///办件.db --out 办件备份.jsonl",
    "case import": "case import 办件备份.jsonl --store postgresql://govservice@db/province",
    "case digest": "case digest --store sqlite:///办件.db --day 2025-03-06",
    "case recalendar": 'case recalendar --store sqlite:///办件.db --to 日历2027.json --at "2026-12-20 09:00" --by 管理员',
    " serve": "serve --store sqlite:///办件.db --users users.toml --port 8000",
    " demo": "demo --out 演示",
}

_GROUPS = {
    "calendar": "工作日历。The working-day calendar.",
    "catalog": "事项目录。The catalogue of matters.",
    "records": "办件数据。Case records.",
    "case": "办件库。Cases on a store (SQLite or PostgreSQL).",
}


#: Top-level commands that are not groups: their run prints no help unless asked to.
_LEAVES = frozenset(name for group, name, _, _ in _COMMANDS if group is None)
_HELP_FLAGS = frozenset({"-h", "--help", "--version"})


def _may_show_help(tokens: Sequence[str]) -> bool:
    """Whether running ``tokens`` can print help (a group alone, or -h/--help anywhere)."""
    return not tokens or tokens[0] not in _LEAVES or not _HELP_FLAGS.isdisjoint(tokens)


def build_app(*, plain_help: bool = True) -> Any:
    """The cyclopts application (commands imported only when they run).

    Args:
        plain_help: Set the plain help formatter; `main` leaves it out when no help can be
            printed, which spares a cold start importing cyclopts' help machinery.
    """
    from cyclopts import App

    from govservice import __version__

    common: dict[str, Any] = {"result_action": "return_value"}
    if plain_help:
        common["help_formatter"] = "plain"  # no box drawing: safe on a Chinese Windows console
    app = App(name="govservice", help=_HELP, version=__version__, **common)
    groups = {}
    for name, text in _GROUPS.items():
        groups[name] = App(name=name, help=text, **common)
        app.command(groups[name])
    for group, name, target, text in _COMMANDS:
        parent = app if group is None else groups[group]
        example = _EXAMPLES.get((group or "") + " " + name, "")
        full = f"{text}\n\n示例 Example: govservice {example}" if example else text
        parent.command(_CLI + target, name=name, help=full)
    return app


#: What to do when a stored case's due dates differ on the calendar given (a new year's data).
_RECALENDAR_HINT = (
    "办件记录的期限与所给日历算出的不同：用 --calendar 指定办件当时所用的日历；若要改按新日历"
    "计算，用 govservice case recalendar --to 新日历。Open the store with the calendar its "
    "cases were counted on (--calendar FILE), or move them to the new one with "
    "`govservice case recalendar --to FILE`."
)


#: What to do from a shell when a date lies past the calendar's data (next year's notice).
_COVERAGE_HINT = (
    "日期超出日历数据：下一年的放假通知发布后，用 govservice calendar import 通知.txt --out "
    "日历.json 生成日历文件，再用 --calendar 日历.json。The date is past the calendar's data: "
    "when next year's notice is out, `govservice calendar import NOTICE.txt --out FILE.json`, "
    "then pass `--calendar FILE.json`."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (``sys.argv[1:]`` by default); return the exit code.

    Examples:
        >>> main(["calendar", "is-working-day", "2026-02-14"])
        是 yes: 2026-02-14 调休上班日 make-up workday
        0
    """
    from cyclopts import CycloptsError

    from govservice._errors import (
        CalendarCoverageError,
        CalendarMismatchError,
        GovServiceError,
        StoreError,
    )
    from govservice.cli._common import DataProblems, UsageError, say_error

    tokens = list(sys.argv[1:] if argv is None else argv)
    app = build_app(plain_help=_may_show_help(tokens))
    try:
        result = app(tokens, exit_on_error=False, print_error=False, help_on_error=False)
    except CycloptsError as exc:
        say_error(f"用法错误 usage: {exc}")
        return 2
    except UsageError as exc:
        say_error(f"用法错误 usage: {exc}")
        return 2
    except DataProblems as exc:
        return exc.code
    except GovServiceError as exc:
        notes = "".join(f"\n  {note}" for note in getattr(exc, "__notes__", ()))
        if isinstance(exc, StoreError) and type(exc) is StoreError:
            # the database (cannot open, locked, read-only, server gone): not the data
            say_error(f"办件库出错 store error: {exc}{notes}")
            return 1
        say_error(f"数据有问题 problem in the data: {exc}{notes}")
        if isinstance(exc, CalendarMismatchError):
            say_error(_RECALENDAR_HINT)
        elif isinstance(exc, CalendarCoverageError):
            say_error(_COVERAGE_HINT)
        return 1
    except ImportError as exc:
        say_error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a path that cannot be read or written (a file in the way, ...)
        where = exc.filename if exc.filename is not None else ""
        say_error(f"用法错误 usage: {where}: {exc.strerror or exc}")
        return 2
    if isinstance(result, int) and not isinstance(result, bool):
        return result
    return 0
