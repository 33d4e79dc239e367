"""``govservice case export|import|digest|recalendar``: a store's administration from a shell.

Backups and moves between databases (JSON lines), the daily digest a center publishes, and
the winter workflow when next year's holiday notice arrives (every open case moved to the
new calendar). The library calls behind them are `govservice.store.CaseStore`'s.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from cyclopts import Parameter

from govservice.cli._case import _at, _Cal, _open, _Store
from govservice.cli._common import (
    DataProblems,
    UsageError,
    load_calendar_option,
    parse_day,
    progress,
    say,
    say_error,
    table,
)

if TYPE_CHECKING:
    from govservice.store import Progress

__all__ = ["digest", "export", "import_", "recalendar"]


class _Counter:
    """A store's progress callback (cases done so far) moving a progress bar by steps."""

    def __init__(self, advance: Callable[..., None]) -> None:
        self.advance, self.done = advance, 0

    def __call__(self, p: Progress) -> None:
        self.advance(steps=p.done - self.done)
        self.done = p.done


def export(
    *,
    store: _Store,
    out: Annotated[
        Path | None, Parameter(help="输出 The JSON lines file (standard output without it).")
    ] = None,
    calendar: _Cal = None,
) -> int:
    """导出办件。Every stored case as JSON lines (one case a line, in case-number order).

    For backups and for moving a store (SQLite to PostgreSQL): `case import` reads the file
    back, replaying and verifying every case. A file is written whole or not at all; without
    ``--out`` the lines go to standard output.

    Example 示例: govservice case export --store sqlite:///办件.db --out 办件备份.jsonl

    Args:
        store: 办件库.
        out: 输出文件 The file.
        calendar: 日历文件 Calendar file.
    """
    with _open(store, calendar) as cases:
        total = len(cases)
        with progress("导出 exporting", total) as advance:
            target = sys.stdout if out is None else out
            written = cases.export_jsonl(target, progress=_Counter(advance))
    if out is not None:
        say(f"导出 exported: {written} 件 cases -> {out}")
    return 0


def import_(
    source: Annotated[Path, Parameter(help="输入 A JSON lines file (from case export).")],
    /,
    *,
    store: _Store,
    batch: int = 1000,
    calendar: _Cal = None,
) -> int:
    """导入办件。Cases from JSON lines, each replayed and verified, ``--batch`` per transaction.

    A case new to the store is added, a stored one extended by the events it lacks, one
    stored exactly so left as it is; importing the same file twice changes nothing. A bad
    line stops the import naming the line (exit 1): the batches before it stay, so running
    it again after fixing the line finishes the work.

    Example 示例: govservice case import 办件备份.jsonl --store postgresql://govservice@db/province

    Args:
        source: 输入文件 The JSON lines file.
        store: 办件库.
        batch: 每批件数 Cases per transaction.
        calendar: 日历文件 Calendar file.
    """
    from govservice._errors import GovServiceError, StoreError

    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    if batch < 1:
        raise UsageError(f"--batch must be 1 or more, got {batch}")
    with source.open("rb") as raw:  # counted as bytes: the import itself checks UTF-8
        total = sum(1 for line in raw if line.strip())
    with (
        _open(store, calendar, create=True) as cases,
        progress("导入 importing", total) as advance,
    ):
        step = _Counter(advance)
        try:
            report = cases.import_jsonl(source, batch=batch, progress=step)
        except GovServiceError as exc:
            where = "; ".join(getattr(exc, "__notes__", ()))
            if type(exc) is StoreError:  # the database (locked, read-only, gone): not the data
                say_error(f"办件库出错 store error: {exc}")
            else:
                say_error(
                    f"数据有问题 problem in the data: {exc}" + (f" ({where})" if where else "")
                )
            say_error(f"已导入 imported before it: {step.done} 件 cases (whole batches)")
            raise DataProblems(1) from None
    say(
        f"导入 imported: {report.added} 件新增 added, {report.extended} 件续写 extended, "
        f"{report.unchanged} 件未变 unchanged"
    )
    return 0


def digest(
    *,
    store: _Store,
    day: str,
    case: Annotated[
        str | None, Parameter(help="办件编号 Print this case's inclusion proof (JSON).")
    ] = None,
    json_: Annotated[
        bool, Parameter(name="--json", help="JSON 输出 The whole digest as JSON.")
    ] = False,
    calendar: _Cal = None,
) -> int:
    """当日摘要。The digest of a day: one root over the head of every case written that day.

    Publish the root (on the center's site, or printed on the day's receipts): a history
    rewritten afterwards gives another root. ``--case`` prints that case's inclusion proof,
    which shows its head is among the day's without the other cases; ``--json`` the whole
    digest, every (case, head), for the published file.

    Example 示例: govservice case digest --store sqlite:///办件.db --day 2025-03-06

    Args:
        store: 办件库.
        day: 日期 The day (local to the store's calendar).
        case: 办件编号 The case whose proof to print.
        json_: JSON 输出 The whole digest as JSON.
        calendar: 日历文件 Calendar file.
    """
    when = parse_day(day, "--day")
    with _open(store, calendar) as cases:
        found = cases.digest(when)
    if case is not None:
        proof = found.proof(case)  # an InvalidValueError names the case: exit 1
        say(json.dumps({"day": proof.day.isoformat(), "case_id": proof.case_id,
                        "head": proof.head, "index": proof.index,
                        "path": [list(p) for p in proof.path], "root": proof.root},
                       ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if json_:
        say(json.dumps({"day": found.day.isoformat(), "root": found.root,
                        "heads": [list(h) for h in found.heads]},
                       ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    say(f"日期 day: {found.day.isoformat()}")
    say(f"链头 heads: {len(found)} 件 cases")
    say(f"根 root: {found.root}")
    return 0


def recalendar(
    *,
    store: _Store,
    to: Annotated[Path, Parameter(help="新日历 The new calendar file (calendar import --out).")],
    at: str,
    by: str,
    calendar: _Cal = None,
) -> int:
    """换新日历。Move every open case to a new calendar (next year's holiday notice came).

    The store is opened with the calendar its cases were counted on (``--calendar``, the
    official one by default). Every open case moves to the new calendar, one transaction a
    case; a case whose due dates move records the change in its own trace at ``--at`` by
    ``--by``, and the due dates that moved are listed. Afterwards open the store with the
    new calendar.

    Example 示例: govservice case recalendar --store sqlite:///办件.db --to 日历2027.json --at "2026-12-20 09:00" --by 管理员

    Args:
        store: 办件库.
        to: 新日历 The new calendar file.
        at: 时间 When the change is recorded (2026-12-20 09:00).
        by: 经办人 Who records it.
        calendar: 日历文件 The calendar the cases were counted on.
    """
    new = load_calendar_option(to, "--to")
    with _open(store, calendar) as cases:
        when = _at(at, cases.calendar)
        with progress("换新日历 recalendaring", None) as advance:
            report = cases.recalendar(new, at=when, by=by, progress=lambda _p: advance())
    if report.moved:
        table(f"{len(report.moved)} 个期限变动 due dates moved",
              ["办件编号 case", "期限 due", "原 before", "新 after"],
              [[m.case_id, m.field, m.old, m.new] for m in report.moved])  # fmt: skip
    if report.skipped:
        table(f"{len(report.skipped)} 件未改 left as they were", ["办件编号 case", "原因 why"],
              [list(s) for s in report.skipped])  # fmt: skip
    changed = len({m.case_id for m in report.moved})
    say(f"换新日历 recalendared: {len(report.recalendared)} 件 cases, "
        f"{changed} 件期限变动并记入痕迹 with moved due dates recorded in their traces "
        f"({len(report.moved)} 个期限 due dates)")  # fmt: skip
    return 0
