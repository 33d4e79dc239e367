"""``govservice case ...``: cases on a store (SQLite on one machine, PostgreSQL for a province)."""

from __future__ import annotations

import datetime as dt
import inspect
import typing
from pathlib import Path
from typing import Annotated, Any

from cyclopts import Parameter

from govservice.cli._common import (
    CALENDAR_HELP,
    DataProblems,
    UsageError,
    load_calendar_option,
    load_catalog_option,
    parse_day,
    say,
    table,
)

__all__ = ["act", "list_cases", "show", "submit", "verify"]

_Store = Annotated[
    str, Parameter(help="办件库 The store: sqlite:///cases.db or postgresql://user@host/db.")
]
_Cal = Annotated[Path | None, Parameter(help=CALENDAR_HELP)]
#: Acts not run from here: submission has its own command; the rest are an administrator's.
_NOT_HERE = frozenset({"submit", "open", "timeout", "correct", "recalendar"})


def _acts() -> tuple[str, ...]:
    """The acts of the lifecycle (`govservice.matters.Action`) a clerk records from here."""
    from govservice.matters import Action

    return tuple(a.value for a in Action if a.value not in _NOT_HERE)


def _at(text: str, calendar: Any) -> dt.datetime:
    """``--at``: a local date and time (in the calendar's zone) or an aware ISO instant."""
    import re
    import unicodedata
    from zoneinfo import ZoneInfo

    norm = unicodedata.normalize("NFKC", text).strip().replace("T", " ")
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?", norm)
    try:
        if m is not None:
            y, mo, d, h, mi, s = (int(g or 0) for g in m.groups())
            return dt.datetime(y, mo, d, h, mi, s, tzinfo=ZoneInfo(calendar.office_hours.timezone))
        moment = dt.datetime.fromisoformat(norm)
    except ValueError:
        raise UsageError(f"--at must be a time such as 2025-05-06 09:30, got {text!r}") from None
    if moment.tzinfo is None:
        raise UsageError(f"--at must be a time such as 2025-05-06 09:30, got {text!r}")
    return moment


def _open(store: str, calendar: Path | None) -> Any:
    from govservice.store import open_store

    return open_store(store, calendar=load_calendar_option(calendar))


def submit(
    *,
    store: _Store,
    catalog: Annotated[Path, Parameter(help="事项目录 The catalogue the matter comes from.")],
    matter: str,
    case_id: str,
    applicant: str,
    at: str,
    by: str | None = None,
    calendar: _Cal = None,
) -> int:
    """收件。Submit a new case to the store.

    Example 示例: govservice case submit --store sqlite:///办件.db --catalog 事项目录.xlsx --matter 990102-SJJ-003 --case-id SJ2025000001 --applicant 张三 --at "2025-05-06 09:30" --by 窗口1

    Args:
        store: 办件库.
        catalog: 事项目录.
        matter: 事项编码 The matter's code.
        case_id: 办件编号 The case number.
        applicant: 申请人 Who applies.
        at: 时间 When, local time (2025-05-06 09:30).
        by: 收件人 Who received it (by default the applicant: an online submission).
        calendar: 日历文件 Calendar file.
    """
    from govservice.matters import Case

    cat = load_catalog_option(catalog)
    if cat is None or matter not in cat:
        raise UsageError(f"--matter {matter!r} is not in the catalogue")
    with _open(store, calendar) as cases:
        case = Case.submit(cat[matter], case_id=case_id, applicant=applicant,
                           at=_at(at, cases.calendar), by=by, calendar=cases.calendar)  # fmt: skip
        cases.add(case)
        say(f"收件 submitted: {case.case_id} ({case.state.value})")
    return 0


def _kwargs(method: Any, values: list[str]) -> dict[str, Any]:
    """``--set name=value`` for an act's text arguments (lists separated by 、)."""
    params = inspect.signature(method).parameters
    hints = typing.get_type_hints(getattr(method, "__func__", method))
    out: dict[str, Any] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in params or name in ("at", "by", "calendar", "guard"):
            allowed = [p for p in params if p not in ("self", "at", "by", "calendar", "guard")]
            raise UsageError(f"--set must be NAME=VALUE with NAME one of {allowed}, got {item!r}")
        hint = str(hints.get(name, ""))
        if "Iterable" in hint or "tuple" in hint or "list" in hint:
            out[name] = [v.strip() for v in value.replace("，", "、").replace(",", "、").split("、")
                         if v.strip()]  # fmt: skip
        elif ("int" in hint and value.strip().isdigit()) or (
            "bool" in hint and value.strip().lower() in ("true", "false")
        ):  # a grade, a number of working days, a yes/no finding
            out[name] = value.strip().lower() == "true" if "bool" in hint else int(value)
        else:
            out[name] = value
    return out


def act(
    case_id: str,
    action: str,
    /,
    *,
    store: _Store,
    at: str,
    by: str,
    set: Annotated[list[str] | None, Parameter(consume_multiple=False)] = None,
    calendar: _Cal = None,
) -> int:
    """办理。Record an act on a stored case (accept, review, approve, close, ...).

    Example 示例: govservice case act SJ2025000001 accept --store sqlite:///办件.db --at "2025-05-06 09:40" --by 窗口1

    Args:
        case_id: 办件编号 The case.
        action: 动作 An act of the lifecycle: accept, refuse_acceptance, request_supplement,
            supplement, review, suspend, resume, extend, report_up, approve, deny, decide,
            issue_certificate, complete, withdraw, notify; 好差评: rate, complain, verify_feedback,
            rectify, answer, appeal, decide_appeal.
        store: 办件库.
        at: 时间 When, local time.
        by: 经办人 Who acts.
        set: 参数 An act's argument NAME=VALUE (reason=..., opinion=..., missing=甲、乙).
        calendar: 日历文件 Calendar file.
    """
    acts = _acts()
    if action not in acts:
        raise UsageError(f"ACTION must be one of {', '.join(acts)}, got {action!r}")
    with _open(store, calendar) as cases:
        case = cases.get(case_id)
        method = getattr(case, action, None)
        if not callable(method):
            raise UsageError(f"a case of this kind has no act {action!r}")
        kwargs = _kwargs(method, set or [])
        try:
            changed = method(at=_at(at, cases.calendar), by=by, **kwargs)
        except TypeError as exc:
            raise UsageError(f"{action}: {exc}") from None
        cases.save(changed)
        say(f"{action}: {changed.case_id} -> {changed.state.value}")
    return 0


def show(case_id: str, /, *, store: _Store, calendar: _Cal = None) -> int:
    """查看办件。A stored case: its state, due dates and every event of its trace.

    Example 示例: govservice case show SJ2025000001 --store sqlite:///办件.db

    Args:
        case_id: 办件编号 The case.
        store: 办件库.
        calendar: 日历文件 Calendar file.
    """
    from zoneinfo import ZoneInfo

    with _open(store, calendar) as cases:
        row = cases.row(case_id)
        case = cases.get(case_id)
        tz = ZoneInfo(cases.calendar.office_hours.timezone)

    def local(value: object) -> object:
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return value

    facts = [["办件编号 case", row.case_id], ["状态 state", row.state], ["类型 kind", row.kind],
             ["事项 matter", row.matter_code], ["部门 department", row.department],
             ["受理 accepted", local(getattr(case, "accepted_at", None))],
             ["承诺办结日 due", getattr(case, "due_date", None)],
             ["法定办结日 statutory due", getattr(case, "statutory_due_date", None)]]  # fmt: skip
    table(case_id, ["项目 item", "值 value"], facts)
    events = [[e.seq, e.payload.get("action", e.payload.get("kind", "")),
               local(e.payload.get("at", "")), e.payload.get("by", "")]
              for e in case.trace.events]  # fmt: skip
    table("痕迹 trace", ["序号 seq", "动作 act", "时间 at", "经办人 by"], events)
    return 0


def list_cases(
    *, store: _Store, overdue: bool = False, today: str | None = None, calendar: _Cal = None
) -> int:
    """办件列表。Open cases, or (--overdue --today DAY) those past their committed due date.

    Example 示例: govservice case list --store sqlite:///办件.db --overdue --today 2025-05-20

    Args:
        store: 办件库.
        overdue: 超期 Only cases open on --today and past their due date.
        today: 日期 The day (required with --overdue).
        calendar: 日历文件 Calendar file.
    """
    with _open(store, calendar) as cases:
        if overdue:
            if today is None:
                raise UsageError("--overdue needs --today DAY")
            page = cases.overdue(parse_day(today, "--today"), limit=10_000)
        else:
            page = cases.open_cases(limit=10_000)
    rows = [[r.case_id, r.state, r.matter_code, r.department, r.window or ""] for r in page.items]
    table(f"{page.total} 件 cases", ["办件编号 case", "状态 state", "事项 matter",
                                     "部门 department", "窗口 window"], rows)  # fmt: skip
    return 0


def verify(*, store: _Store, calendar: _Cal = None) -> int:
    """校验办件库。Re-verify every stored trace and state row; exit 1 on any problem.

    Example 示例: govservice case verify --store sqlite:///办件.db

    Args:
        store: 办件库.
        calendar: 日历文件 Calendar file.
    """
    with _open(store, calendar) as cases:
        report = cases.verify()
    if report.problems:
        table(f"{len(report.problems)} 个问题 problems", ["问题 problem"],
              [[p] for p in report.problems])  # fmt: skip
        raise DataProblems(1)
    say(f"好 ok: {report.cases} 件 cases, {report.events} 条事件 events verified")
    return 0
