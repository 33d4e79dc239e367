"""``govservice case ...``: cases on a store (SQLite on one machine, PostgreSQL for a province)."""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
import unicodedata
from collections.abc import Collection, Iterable, Sequence
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
    say_error,
    table,
)

__all__ = ["act", "list_cases", "show", "submit", "verify"]

_Store = Annotated[
    str, Parameter(help="办件库 The store: sqlite:///cases.db or postgresql://user@host/db.")
]
_Cal = Annotated[Path | None, Parameter(help=CALENDAR_HELP)]
#: Acts not run from here: submission has its own command; the rest are an administrator's.
_NOT_HERE = frozenset({"submit", "open", "timeout", "correct", "recalendar"})
#: Other names of an act: 办结 is ``complete``, and ``close`` as the library and the HTTP
#: service also call it.
_ALIASES = {"close": "complete"}


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


def _holds_store(url: str) -> bool | None:
    """Whether the database at ``url`` holds a case store, looked at without writing to it.

    False for a SQLite file that is not there, or a database without the store's tables (a
    mistyped path or database name, another program's database); None where it cannot be
    told (not a database, a server that does not answer): opening the store then says why.
    """
    import sqlite3
    import urllib.parse

    from govservice._extras import optional
    from govservice._urls import sqlite_path

    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        if path == ":memory:" or "\x00" in path:
            return None
        if not Path(path).is_file():
            return False
        try:
            conn = sqlite3.connect(f"file:{urllib.parse.quote(path)}?mode=ro", uri=True)
            try:
                rows = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' "
                    "AND name = 'govservice_schema'"
                ).fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            return None
        return bool(rows)
    if url.split(":", 1)[0].lower() in ("postgresql", "postgres"):
        try:
            psycopg = optional("psycopg", "postgres", "PostgreSQL stores")
            with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
                found = conn.execute("SELECT to_regclass('govservice_schema')").fetchone()
        except Exception:  # any failure: opening the store says why
            return None
        return found is not None and found[0] is not None
    return None


def _other_tables(path: str) -> list[str]:
    """The tables of a SQLite file that holds no case store (another program's), read-only."""
    import sqlite3
    import urllib.parse

    try:
        conn = sqlite3.connect(f"file:{urllib.parse.quote(path)}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:  # not a database: opening the store says why
        return []
    names = [str(r[0]) for r in rows]
    return [] if "govservice_schema" in names else names


def _open(store: str, calendar: Path | None, *, create: bool = False) -> Any:
    """The store of ``--store``; a new one (a file, or tables in a database) only where ``create``.

    Opening a store creates it: a mistyped path or database name, or another program's
    database, would otherwise get the store's tables and verify, list or export as an empty
    store reporting success. Even where ``create``, another program's SQLite file (one with
    tables of its own) is refused: the store's tables would be added to it.
    """
    from govservice._errors import InvalidValueError
    from govservice._urls import redact, sqlite_path
    from govservice.store import open_store

    path = sqlite_path(store) if store.startswith("sqlite:///") else None
    if path is not None and "#" in store:  # the path would end at it (a URL's fragment)
        raise UsageError(f"--store: write each '#' of the file path as %23, got {store!r}")
    if path is not None and path != ":memory:" and "\x00" not in path:
        if not create and not Path(path).is_file():
            raise UsageError(
                f"--store: no store at {path!r} (case submit or case import makes a new one)"
            )
        others = _other_tables(path) if Path(path).is_file() else []
        if others:
            raise UsageError(
                f"--store: {path!r} holds no case store: it is another program's database "
                f"(its tables: {', '.join(others[:5])}); give the store a file of its own"
            )
    if not create and _holds_store(store) is False:
        raise UsageError(
            f"--store: {redact(store)} holds no case store (case submit or case import "
            "makes a new one)"
        )
    cal = load_calendar_option(calendar)
    try:
        return open_store(store, calendar=cal)
    except InvalidValueError as exc:  # the URL itself: a bad option
        raise UsageError(f"--store: {exc}") from None


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
    with _open(store, calendar, create=True) as cases:
        case = Case.submit(cat[matter], case_id=case_id, applicant=applicant,
                           at=_at(at, cases.calendar), by=by, calendar=cases.calendar)  # fmt: skip
        if case.case_id in cases:
            say_error(
                f"数据有问题 problem in the data: 办件编号 {case.case_id} 已在办件库中，用 case act "
                f"办理 case {case.case_id!r} is in the store already: record acts on it with "
                "case act"
            )
            raise DataProblems(1)
        cases.add(case)
        say(f"收件 submitted: {case.case_id} ({case.state.value})")
    return 0


#: Parameters an act never takes from --set or --json: they come from --at, --by and the store.
_FIXED = frozenset({"self", "at", "by", "calendar", "guard"})
_TRUE = frozenset({"是", "true", "yes", "y", "1", "对"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "不"})
_SEQUENCES = frozenset({list, tuple, set, frozenset, Iterable, Sequence, Collection})


class _BadArgumentError(Exception):
    """An act's argument that does not convert: the argument, the value and what was expected."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(name, value, expected)
        self.name, self.value, self.expected = name, value, expected

    def __str__(self) -> str:
        return f"{self.name} must be {self.expected}, got {self.value!r}"


def _enum_labels(kind: type[enum.Enum]) -> str:
    labels = [str(m.value) for m in kind]
    chinese = [str(getattr(m, "chinese", "")) for m in kind if getattr(m, "chinese", "")]
    return "one of " + ", ".join(labels) + (" (or " + " ".join(chinese) + ")" if chinese else "")


def _describe(hint: Any) -> str:
    """What a value of ``hint`` is, for a usage error and the help."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
        return " or ".join(_describe(a) for a in (enums or args))
    if origin in _SEQUENCES:
        (item,) = typing.get_args(hint)[:1] or (str,)
        return f"a list of {_describe(item)} separated by 、 or ,"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_labels(hint)
    from govservice.calendar import TimeLimit

    return {
        bool: "是 or 否 (true or false)",
        int: "a whole number",
        float: "a number",
        str: "text",
        dt.date: "a date such as 2025-05-06",
        dt.datetime: "a time such as 2025-05-06 09:30",
        TimeLimit: "a time limit such as 20个工作日, 5天 or 即办",
    }.get(hint, getattr(hint, "__name__", str(hint)))


def _convert(name: str, value: object, hint: Any, calendar: Any) -> Any:
    """An act's argument from text (--set) or a JSON value (--json), by its type hint."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None or (value == "" and type(None) in args):
            if type(None) in args:
                return None
            raise _BadArgumentError(name, value, _describe(hint))
        # An enum first; a str alternative beside an enum is the same enum by another name
        # (for Python callers), so it is not tried; other alternatives (a grade as an int
        # beside `Rating`) are.
        ordered = sorted(
            (a for a in args if a is not type(None)),
            key=lambda a: not (isinstance(a, type) and issubclass(a, enum.Enum)),
        )
        if any(isinstance(a, type) and issubclass(a, enum.Enum) for a in ordered):
            ordered = [a for a in ordered if a is not str]
        for arg in ordered:
            try:
                return _convert(name, value, arg, calendar)
            except _BadArgumentError:
                continue
        raise _BadArgumentError(name, value, _describe(hint))
    if origin in _SEQUENCES or hint in _SEQUENCES:
        (item,) = typing.get_args(hint)[:1] or (str,)
        if isinstance(value, str):
            text = value.replace("，", "、").replace(",", "、")
            parts: list[object] = [v.strip() for v in text.split("、") if v.strip()]
        elif isinstance(value, list):
            parts = list(value)
        else:
            raise _BadArgumentError(name, value, _describe(hint))
        return [_convert(f"{name}[{i}]", v, item, calendar) for i, v in enumerate(parts)]
    if isinstance(value, list | dict) or value is None:
        raise _BadArgumentError(name, value, _describe(hint))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(name, value, hint)
    if hint is str:
        if not isinstance(value, str):
            raise _BadArgumentError(name, value, "text")
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        word = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise _BadArgumentError(name, value, _describe(bool))
    if hint is int or hint is float:
        if isinstance(value, bool):
            raise _BadArgumentError(name, value, _describe(hint))
        text = unicodedata.normalize("NFKC", str(value)).strip()
        try:
            number = float(text) if hint is float else int(text)
        except ValueError:
            raise _BadArgumentError(name, value, _describe(hint)) from None
        return number
    if not isinstance(value, str):
        raise _BadArgumentError(name, value, _describe(hint))
    if hint is dt.datetime:
        try:
            return _at(value, calendar)
        except UsageError:
            raise _BadArgumentError(name, value, _describe(hint)) from None
    if hint is dt.date:
        try:
            return parse_day(value, name)
        except UsageError:
            raise _BadArgumentError(name, value, _describe(hint)) from None
    from govservice.calendar import TimeLimit

    if hint is TimeLimit:
        try:
            return TimeLimit.parse(value)
        except ValueError as exc:
            raise _BadArgumentError(name, value, _describe(hint) + f" ({exc})") from None
    raise _BadArgumentError(name, value, _describe(hint))  # pragma: no cover - no such act yet


def _enum(name: str, value: object, kind: type[enum.Enum]) -> enum.Enum:
    """An enum member by its value, its name or its Chinese word (听证, 专家评审, ...)."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for member in kind:
        if text in (str(member.value), member.name, member.name.lower()):
            return member
        if text and text == getattr(member, "chinese", None):
            return member
    parse = getattr(kind, "parse", None)
    if parse is not None:
        try:
            found = parse(text)
        except (ValueError, TypeError):
            found = None
        if isinstance(found, kind):
            return found
    raise _BadArgumentError(name, value, _enum_labels(kind))


def _parameters(method: Any) -> tuple[dict[str, inspect.Parameter], dict[str, Any]]:
    """An act method's parameters that --set and --json give, and their type hints."""
    function = getattr(method, "__func__", method)
    params = {n: p for n, p in inspect.signature(function).parameters.items() if n not in _FIXED}
    return params, typing.get_type_hints(function)


def _kwargs(
    action: str, method: Any, values: list[str], body: dict[str, Any], calendar: Any
) -> dict[str, Any]:
    """An act's arguments from ``--set name=value`` (text) and ``--json`` (JSON values)."""
    params, hints = _parameters(method)
    allowed = ", ".join(params) or "none"
    given: dict[str, object] = dict(body)
    for item in values:
        name, sep, value = item.partition("=")
        key = name.strip().replace("-", "_")
        if not sep or not key:
            raise UsageError(f"--set must be NAME=VALUE (NAME one of: {allowed}), got {item!r}")
        if key in given:
            raise UsageError(f"--set {key}: given twice")
        given[key] = value
    out: dict[str, Any] = {}
    for key, raw in given.items():
        if key not in params:
            raise UsageError(f"{action} takes no argument {key!r}; its arguments: {allowed}")
        try:
            out[key] = _convert(key, raw, hints.get(key, Any), calendar)
        except _BadArgumentError as exc:
            raise UsageError(f"{action}: {exc}") from None
    missing = [n for n, p in params.items() if p.default is p.empty and n not in out]
    if missing:
        shown = ", ".join(f"{n} ({_describe(hints.get(n, Any))})" for n in missing)
        raise UsageError(f"{action} needs --set {missing[0]}=...: missing {shown}")
    return out


def _body(text: str | None, action: str) -> tuple[dict[str, Any], str | None]:
    """``--json``: the HTTP service's act body (``act`` and ``at`` optional here; no ``by``)."""
    if text is None:
        return {}, None
    import json

    try:
        body = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--json must be a JSON object, got {text!r} ({exc})") from None
    if not isinstance(body, dict):
        raise UsageError(f'--json must be a JSON object such as {{"reason": "..."}}, got {text!r}')
    act = body.pop("act", action)
    if act != action:
        raise UsageError(f'--json: "act" is {act!r} but ACTION is {action!r}')
    if "by" in body:
        raise UsageError('--json: no "by": who acts is --by')
    at = body.pop("at", None)
    if at is not None and not isinstance(at, str):
        raise UsageError(f'--json: "at" must be a time such as 2025-05-06 09:30, got {at!r}')
    return body, at


def act(
    case_id: str,
    action: str,
    /,
    *,
    store: _Store,
    by: str,
    at: str | None = None,
    set: Annotated[list[str] | None, Parameter(consume_multiple=False)] = None,
    json: str | None = None,
    calendar: _Cal = None,
) -> int:
    """办理。Record an act on a stored case (accept, review, approve, close, ...).

    Example 示例: govservice case act SJ2025000001 accept --store sqlite:///办件.db --at "2025-05-06 09:40" --by 窗口1

    Args:
        case_id: 办件编号 The case.
        action: 动作 An act of the lifecycle, and its arguments 参数 (* required; P: on a
            parallel case). accept: window, notified (是/否). refuse_acceptance: reason*,
            notified. request_supplement: missing* (材料甲、材料乙). supplement: provided*
            (材料甲、材料乙). review: opinion; P: step_id*, opinion. verify_substance (核查,
            art. 34): staff* (two or more: 王五、赵六), findings. suspend: reason* (听证 招标
            拍卖 检验 检测 检疫 鉴定 专家评审 补正材料, or hearing ...), note, notified; P:
            step. resume: none. extend: amount* (working days), approved_by*, reason*,
            approver_role (head_of_organ or head_of_government), basis, local_rule, notified;
            P: step. report_up: to*, opinion, limit (the higher matter's statutory limit, 30个工作日;
            by default 20个工作日, art. 42). approve: opinion. deny: reason*, notified.
            decide (P): step_id*, outcome* (approved or denied), opinion. issue_certificate:
            certificate. complete (or close, 办结): none. withdraw: reason. notify: kind* (acceptance_receipt,
            non_acceptance_receipt, supplement, suspension, extension_reason, denial_reasons).
            好差评 and complaints (any state, also once completed): rate: grade* (1-5),
            channel* (window, online, phone, sms, letter), person* (empty: anonymous), text,
            policy (working days to rectify a bad review). complain: channel*, person*, text*,
            policy*. verify_feedback: rect_id* (R1 ...), valid* (是/否), finding*. rectify:
            rect_id*, measures*. answer: rect_id*, text*. appeal: rect_id*, ground*
            (mistaken or malicious), text*. decide_appeal: rect_id*, upheld* (是/否), reason*.
        store: 办件库.
        by: 经办人 Who acts.
        at: 时间 When, local time (2025-05-06 09:40); or "at" in --json.
        set: 参数 An act's argument NAME=VALUE, converted by its type (reason=检测,
            amount=10, notified=否, missing=甲、乙); repeat for more. A list item that holds
            、 or a comma goes in --json.
        json: 参数 The act's arguments as the HTTP service's act body, a JSON object
            ({"missing": ["甲", "乙"]}; "act" and "at" may be given, "by" may not).
        calendar: 日历文件 Calendar file.
    """
    acts = _acts()
    action = _ALIASES.get(action, action)
    if action not in acts:
        raise UsageError(
            f"ACTION must be one of {', '.join(acts)} (close: complete), got {action!r}"
        )
    body, body_at = _body(json, action)
    if at is not None and body_at is not None:
        raise UsageError('give the time once: --at or "at" in --json')
    when = at if at is not None else body_at
    if when is None:
        raise UsageError('--at is required (or "at" in --json): a time such as 2025-05-06 09:30')
    with _open(store, calendar) as cases:
        case = cases.get(case_id)
        method = getattr(case, action, None)
        if not callable(method):
            raise UsageError(f"a {type(case).__name__} has no act {action!r}")
        kwargs = _kwargs(action, method, set or [], body, cases.calendar)
        changed = method(at=_at(when, cases.calendar), by=by, **kwargs)
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
    if case.grade is not None:
        facts.append(["评价 rating (1-5)", case.grade])
    for r in case.rectifications:  # 好差评 and complaints: each rectification and its clock
        facts.append([f"整改 rectification {r.id}", f"{r.state.value}, 期限 due {r.due_date}"])
    table(case_id, ["项目 item", "值 value"], facts)
    events = [[e.seq, e.payload.get("action", e.payload.get("kind", "")),
               local(e.payload.get("at", "")), e.payload.get("by", "")]
              for e in case.trace.events]  # fmt: skip
    table("痕迹 trace", ["序号 seq", "动作 act", "时间 at", "经办人 by"], events)
    return 0


def list_cases(
    *, store: _Store, overdue: bool = False, today: str | None = None, calendar: _Cal = None
) -> int:
    """办件列表。Cases open on --today DAY, or (--overdue) those past their committed due date.

    Example 示例: govservice case list --store sqlite:///办件.db --overdue --today 2025-05-20

    Args:
        store: 办件库.
        overdue: 超期 Only cases open on --today and past their due date.
        today: 日期 The day the list is as of (required: never the computer's clock).
        calendar: 日历文件 Calendar file.
    """
    if today is None:
        raise UsageError("--today DAY is required: the list is as of a day (2025-05-20)")
    day = parse_day(today, "--today")
    found: list[Any] = []
    with _open(store, calendar) as cases:
        query = cases.overdue if overdue else cases.open_cases
        while True:  # every page: a province has more open cases than one page holds
            page = query(day, limit=_PAGE, offset=len(found))
            found += page.items
            if not (page.more and page.items):
                break
    rows = [[r.case_id, r.state, r.matter_code, r.department, r.window or ""] for r in found]
    table(f"{len(found)} 件 cases", ["办件编号 case", "状态 state", "事项 matter",
                                     "部门 department", "窗口 window"], rows)  # fmt: skip
    return 0


#: Rows `case list` reads at a time.
_PAGE = 10_000


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
        if any(" calendar: " in p for p in report.problems):
            say("日历问题：办件按另一日历计算（例如导入的下一年日历），请加 --calendar 日历.json 再校验。"
                " A calendar problem: the cases were counted on another calendar (such as an "
                "imported next year); verify again with --calendar FILE.json.")  # fmt: skip
        raise DataProblems(1)
    say(f"好 ok: {report.cases} 件 cases, {report.events} 条事件 events verified")
    return 0
