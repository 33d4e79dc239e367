"""The lifecycle core shared by `Case` and ``ParallelCase``: act -> guard -> append -> apply.

Both kinds of case are immutable values rebuilt from a hash-chained trace. An act is checked
(state, time, actor, payload), shown to the guard as a read-only view, appended, and applied
by the same code that replays a stored trace, so a trace read back goes through every check a
live act went through. The names of the acts are one `Action` enum, used by cases, guards,
separation rules and records alike.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import attrs
import orjson

from govservice._errors import (
    CalendarCoverageError,
    CalendarMismatchError,
    GovServiceError,
    InvalidValueError,
    TraceIntegrityError,
)
from govservice._guard import Guard, ProposedAct
from govservice._trace import (
    Trace,
    TraceEvent,
    event_at,
    loads_document,
    read_document,
    trace_from_document,
    trace_to_json,
)
from govservice._zones import zone
from govservice.calendar import ProvisionalCalendar, WorkCalendar

__all__ = [
    "Action",
    "ApproverRole",
    "CaseNotice",
    "HandlingSystem",
    "NoticeKind",
    "Timeliness",
    "TimelinessStatus",
    "timeliness_of",
]


class Action(enum.StrEnum):
    """Every act recorded in a case's trace, for `Case` and ``ParallelCase`` alike.

    The value is the action's name in the trace; a guard, a separation rule and the records
    read it. 办结 is ``COMPLETE`` for both kinds of case (``Case.close`` is an alias).

    Examples:
        >>> Action("approve") is Action.APPROVE, Action.COMPLETE == "complete"
        (True, True)
    """

    SUBMIT = "submit"  #: 申请/收件 (art. 29)
    OPEN = "open"  #: a parallel case accepted by the lead window (一门受理, art. 26)
    ACCEPT = "accept"  #: 受理 (art. 32(5))
    REFUSE_ACCEPTANCE = "refuse_acceptance"  #: 不予受理 (art. 32(1)(2))
    REQUEST_SUPPLEMENT = "request_supplement"  #: 一次性告知 补正 (art. 32(4))
    SUPPLEMENT = "supplement"  #: materials supplied (补正)
    REVIEW = "review"  #: 承办/审核 opinion
    VERIFY_SUBSTANCE = "verify_substance"  #: 核查 by two or more staff (art. 34)
    SUSPEND = "suspend"  #: clock stopped (art. 45, or a named local rule)
    RESUME = "resume"  #: clock restarted
    EXTEND = "extend"  #: 延期 (art. 42)
    REPORT_UP = "report_up"  #: 上报: the lower level's review ends (arts. 35, 43)
    APPROVE = "approve"  #: 准予许可 (art. 38)
    DENY = "deny"  #: 不予许可 (art. 38)
    DECIDE = "decide"  #: a department's result on a parallel step
    TIMEOUT = "timeout"  #: a parallel step's timeout policy applied
    ISSUE_CERTIFICATE = "issue_certificate"  #: 发证/送达 (art. 44)
    COMPLETE = "complete"  #: 办结; seals the case
    WITHDRAW = "withdraw"  #: 撤回; seals the case
    NOTIFY = "notify"  #: a notice the law requires, given after the act it belongs to
    CORRECT = "correct"  #: a correction recorded as a new event
    RECALENDAR = "recalendar"  #: due dates moved to a changed calendar
    RATE = "rate"  #: 好差评: a rating 1..5 (一次一评 at the window, 一事一评 online)
    COMPLAIN = "complain"  #: 投诉: a complaint about the case
    VERIFY_FEEDBACK = "verify_feedback"  #: 核实: a rectification's verification
    RECTIFY = "rectify"  #: 整改: the fault put right
    ANSWER = "answer"  #: 反馈/回访: the person answered; the rectification closes
    APPEAL = "appeal"  #: 申诉: an appeal against a mistaken or malicious review
    DECIDE_APPEAL = "decide_appeal"  #: the decision on an appeal

    @property
    def feedback(self) -> bool:
        """Whether it is a 好差评 or complaint act (never changes a case's state or clocks)."""
        return self in _FEEDBACK_ACTIONS


_FEEDBACK_ACTIONS = frozenset(
    {Action.RATE, Action.COMPLAIN, Action.VERIFY_FEEDBACK, Action.RECTIFY, Action.ANSWER,
     Action.APPEAL, Action.DECIDE_APPEAL}
)  # fmt: skip


class TimelinessStatus(enum.StrEnum):
    """How a limit was kept: 提前 (early), on the due date, late, or still pending.

    Examples:
        >>> TimelinessStatus("on_time").kept
        True
    """

    EARLY = "early"  #: before the due date (提前办结)
    ON_TIME = "on_time"  #: on the due date, before its close
    LATE = "late"  #: after the due instant (超期)
    PENDING = "pending"  #: not measured yet (or no such limit applies)

    @property
    def kept(self) -> bool:
        """Whether the limit was kept (early or on time)."""
        return self in (TimelinessStatus.EARLY, TimelinessStatus.ON_TIME)


@attrs.frozen
class Timeliness:
    """A case's three clocks: committed (at 办结), statutory (at the decision), delivery.

    Args:
        committed: The committed limit (承诺时限), measured at 办结: the center's promise
            covers the whole service.
        statutory: The statutory limit (Administrative Licensing Law art. 42), measured at the
            decision (approve or deny), not at 办结.
        delivery: Delivery of the certificate within 10 working days of an approval (art. 44),
            measured at the delivery (at 办结 when no earlier delivery was recorded); pending
            for a denial, which has no such limit.

    Examples:
        >>> Timeliness(TimelinessStatus.EARLY, TimelinessStatus.ON_TIME,
        ...            TimelinessStatus.PENDING).statutory.value
        'on_time'
    """

    committed: TimelinessStatus
    statutory: TimelinessStatus
    delivery: TimelinessStatus


def timeliness_of(
    done: dt.datetime | None, due_date: dt.date | None, due_at: dt.datetime | None
) -> TimelinessStatus:
    """Whether ``done`` kept a limit due on ``due_date`` at ``due_at``.

    Late when after the due instant (the close of office hours of the last day, Civil Code
    art. 203, or the instant a working-hour limit runs out); early when on a day before the
    due date; on time otherwise. Pending while not done or without a due date.

    Examples:
        >>> import datetime as dt
        >>> due = dt.datetime(2025, 3, 10, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        >>> timeliness_of(due - dt.timedelta(hours=1), due.date(), due).value
        'on_time'
        >>> timeliness_of(due - dt.timedelta(days=1), due.date(), due).value
        'early'
    """
    if done is None or due_date is None or due_at is None:
        return TimelinessStatus.PENDING
    if done > due_at:
        return TimelinessStatus.LATE
    local = done.astimezone(due_at.tzinfo).date()
    return TimelinessStatus.EARLY if local < due_date else TimelinessStatus.ON_TIME


class HandlingSystem(enum.StrEnum):
    """The six handling systems (六制办理) that map a matter's class to a procedure.

    From the Zhoushan profile.

    Examples:
        >>> HandlingSystem("lead").chinese
        '牵头办理制'
    """

    DIRECT = "direct"  #: 直接办理制: immediate matters (即办)
    COMMITMENT = "commitment"  #: 承诺办理制: ordinary matters, done within the commitment
    LEAD = "lead"  #: 牵头办理制: joint matters, one lead department
    GUIDED = "guided"  #: 指导办理制: reported matters, the center guides and forwards up
    REJECTION = "rejection"  #: 驳回办理制: restricted matters (控制事项), refused with reasons
    SPECIAL = "special"  #: 特别办理制: special matters (特事特办)

    @property
    def chinese(self) -> str:
        """The system's Chinese name."""
        return _SYSTEM_ZH[self]


_SYSTEM_ZH = {
    HandlingSystem.DIRECT: "直接办理制",
    HandlingSystem.COMMITMENT: "承诺办理制",
    HandlingSystem.LEAD: "牵头办理制",
    HandlingSystem.GUIDED: "指导办理制",
    HandlingSystem.REJECTION: "驳回办理制",
    HandlingSystem.SPECIAL: "特别办理制",
}


class ApproverRole(enum.StrEnum):
    """Who may approve an extension (Administrative Licensing Law art. 42).

    Examples:
        >>> ApproverRole("head_of_government").article
        'art. 42 para. 2'
    """

    HEAD_OF_ORGAN = "head_of_organ"  #: 本行政机关负责人 (art. 42 para. 1)
    HEAD_OF_GOVERNMENT = "head_of_government"  #: 本级人民政府负责人 (art. 42 para. 2)

    @property
    def article(self) -> str:
        """The paragraph of art. 42 that names this approver."""
        return "art. 42 para. 1" if self is ApproverRole.HEAD_OF_ORGAN else "art. 42 para. 2"


class NoticeKind(enum.StrEnum):
    """The written notices the Administrative Licensing Law requires, each with its article.

    Examples:
        >>> NoticeKind.SUSPENSION.article
        'art. 45'
    """

    ACCEPTANCE_RECEIPT = "acceptance_receipt"  #: 受理凭证, sealed and dated (art. 32)
    NON_ACCEPTANCE_RECEIPT = "non_acceptance_receipt"  #: 不予受理凭证 (art. 32)
    SUPPLEMENT = "supplement"  #: 补正告知, all at once (art. 32(4))
    SUSPENSION = "suspension"  #: the time needed, in writing (art. 45)
    EXTENSION_REASON = "extension_reason"  #: the reason of an extension (art. 42)
    DENIAL_REASONS = "denial_reasons"  #: reasons and the right to reconsideration (art. 38)

    @property
    def article(self) -> str:
        """The article that requires the notice."""
        return _NOTICE_ARTICLE[self]


_NOTICE_ARTICLE = {
    NoticeKind.ACCEPTANCE_RECEIPT: "art. 32",
    NoticeKind.NON_ACCEPTANCE_RECEIPT: "art. 32",
    NoticeKind.SUPPLEMENT: "art. 32(4)",
    NoticeKind.SUSPENSION: "art. 45",
    NoticeKind.EXTENSION_REASON: "art. 42",
    NoticeKind.DENIAL_REASONS: "art. 38",
}

#: The written notice each act owes the applicant (arts. 32, 38, 42, 45): what the case
#: records as owed and what monitoring's notification node watches.
#: The limit of joint, centralized or unified handling under art. 26: 45 working days
#: (Administrative Licensing Law art. 42 para. 2; days are working days, art. 82). The
#: bound of a parallel case, and the most a catalogue may give such a matter.
UNIFIED_HANDLING_DAYS = 45

NOTICE_OF = {
    Action.ACCEPT: NoticeKind.ACCEPTANCE_RECEIPT,
    Action.REFUSE_ACCEPTANCE: NoticeKind.NON_ACCEPTANCE_RECEIPT,
    Action.SUSPEND: NoticeKind.SUSPENSION,
    Action.EXTEND: NoticeKind.EXTENSION_REASON,
    Action.DENY: NoticeKind.DENIAL_REASONS,
}


@attrs.frozen
class CaseNotice:
    """A notice given to the applicant, with its date.

    Args:
        kind: Which notice (`NoticeKind`).
        on: The date it was given.
        sequence: The trace event that records it.

    Examples:
        >>> import datetime as dt
        >>> CaseNotice(NoticeKind.DENIAL_REASONS, dt.date(2025, 3, 5), 4).kind.article
        'art. 38'
    """

    kind: NoticeKind
    on: dt.date
    sequence: int


# -- shared checks -----------------------------------------------------------------------------


def iso(moment: dt.datetime) -> str:
    """An instant as ISO text in UTC, as traces record it."""
    return moment.astimezone(dt.UTC).isoformat()


def last_at(trace: Trace) -> dt.datetime | None:
    """The instant of a trace's last event (None for an empty trace)."""
    if not trace.events:
        return None
    return dt.datetime.fromisoformat(event_at(trace.events[-1].body))


def last_recalendar(events: Sequence[TraceEvent]) -> int:
    """The position of the last calendar change recorded in a trace, or -1.

    A recorded change explains the due dates recorded before it: replayed on the calendar
    after the change, only that event and the ones after it must agree exactly.
    """
    return max((i for i, e in enumerate(events) if '{"action":"recalendar",' in e.body), default=-1)


def check_at(at: object, last: dt.datetime | None) -> dt.datetime:
    """``at`` if it is an aware datetime not before ``last``; else InvalidValueError."""
    if not isinstance(at, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError("at", at, "an aware datetime (never the clock)")
    if last is not None and at < last:
        raise InvalidValueError(
            "at", at.isoformat(), f"not before the last event ({last.isoformat()})"
        )
    return at


def check_by(by: object) -> str:
    """``by`` if it names who acted."""
    if not isinstance(by, str) or not by.strip():
        raise InvalidValueError("by", by, "who acted (a non-empty string)")
    return by


def text(field: str, value: object) -> str:
    """A non-empty string, else InvalidValueError naming ``field``."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, "a non-empty string")
    return value


def any_text(field: str, value: object) -> str:
    """A string (possibly empty), else InvalidValueError naming ``field``."""
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "a string")
    return value


def suspension_range(start: dt.date, resumed: dt.date) -> tuple[dt.date, dt.date] | None:
    """Suspended dates: from the day of suspension to the day before resumption (convention)."""
    end = resumed - dt.timedelta(days=1)
    return (start, end) if end >= start else None


def check_calendar(calendar: object) -> WorkCalendar | ProvisionalCalendar:
    """The calendar, required wherever working days are counted (no silent default)."""
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError(
            "calendar", calendar, "a WorkCalendar or ProvisionalCalendar (required, no default)"
        )
    return calendar


def engine(calendar: WorkCalendar | ProvisionalCalendar) -> WorkCalendar:
    """The working-day engine of a calendar (a `ProvisionalCalendar` is one itself)."""
    return calendar


def local_date(calendar: WorkCalendar | ProvisionalCalendar, moment: dt.datetime) -> dt.date:
    """The local date of an instant in the calendar's time zone (as the calendar gives it)."""
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(zone(calendar.office_hours.timezone)).date()
    except OverflowError:  # outside years 1..9999 there: the calendar's own error
        return engine(calendar)._local_date(moment)


def closing(calendar: WorkCalendar | ProvisionalCalendar, day: dt.date) -> dt.datetime:
    """The close of office hours on ``day`` (Civil Code art. 203), in the calendar's zone.

    The instant a limit in days ends on its last day, as `govservice.calendar.deadline` gives
    it (``due_at``).
    """
    hours = engine(calendar).office_hours
    return dt.datetime.combine(day, hours.closing, tzinfo=zone(hours.timezone))


def local_instant(calendar: WorkCalendar | ProvisionalCalendar, stamp: str) -> dt.datetime:
    """A recorded instant (UTC text) in the calendar's time zone: messages show local time.

    Examples:
        >>> from govservice.calendar import china
        >>> local_instant(china(), "2025-03-03T02:00:00+00:00").isoformat()
        '2025-03-03T10:00:00+08:00'
    """
    moment = dt.datetime.fromisoformat(stamp)
    try:
        return moment.astimezone(zone(calendar.office_hours.timezone))
    except (OverflowError, GovServiceError):  # out of range there, or an unknown zone: as is
        return moment


def frozen_view(payload_text: str) -> Mapping[str, Any]:
    """A read-only copy of an act's data for a guard: it cannot change what gets recorded.

    Read back from the canonical text of the event's payload, so the guard sees exactly what
    is recorded (the text is written once).
    """

    def freeze(value: Any) -> Any:
        if isinstance(value, dict):
            return types.MappingProxyType({k: freeze(v) for k, v in value.items()})
        if isinstance(value, list):
            return tuple(freeze(v) for v in value)
        return value

    result: Mapping[str, Any] = freeze(json.loads(payload_text)["data"])
    return result


# -- act -> guard -> append -> apply -----------------------------------------------------------


class _Traced(Protocol):
    @property
    def case_id(self) -> str: ...
    @property
    def trace(self) -> Trace: ...
    @property
    def guard(self) -> Guard | None: ...


def propose(
    case: _Traced,
    action: Action,
    at: dt.datetime,
    by: str,
    data: Mapping[str, Any],
    *,
    matter_code: str | None = None,
    department: str | None = None,
    step_id: str | None = None,
) -> Trace:
    """Check time and actor, let the guard see a read-only view, and append the event.

    Returns the trace with the new event; the caller applies it with the code replay uses.
    """
    check_at(at, last_at(case.trace))
    check_by(by)
    payload = {"action": action.value, "at": iso(at), "by": by, "data": dict(data)}
    trace = case.trace.append(payload)  # canonical: refuses floats and non-JSON values
    if case.guard is not None:
        view = ProposedAct(
            case.case_id,
            action,
            by,
            at,
            frozen_view(trace.events[-1].body.split("\n", 3)[3]),
            case.trace,
            matter_code,
            department,
            step_id,
        )
        case.guard(view)
    return trace


def load_trace(text: str, schema: str, *, expected_head: str | None, what: str) -> Trace:
    """The verified trace of a stored case: it must name its case id, bound into event 0."""

    def build(raw: object) -> Trace:
        if isinstance(raw, dict) and raw.get("schema") == schema and "case_id" not in raw:
            raise InvalidValueError(
                "case_id", None, "the case id in the document (bound into event 0)"
            )
        return trace_from_document(raw, schema, expected_head=expected_head)

    return read_document(text, what, build)


def dump_trace(trace: Trace, schema: str, case_id: str) -> str:
    """JSON text of a case's trace under ``schema``."""
    return trace_to_json(trace, schema, case_id)


def replay_error(seq: int, exc: BaseException) -> GovServiceError:
    """What a failed replay step raises: TraceIntegrityError, but a calendar problem as it is.

    A due date past the calendar's coverage (a case counted on a provisional year, read back
    on a calendar that ends before it) is `CalendarCoverageError`, naming the way forward,
    and a due date the calendar moves is `CalendarMismatchError`: the trace is sound, the
    calendar is not the one it needs.
    """
    if isinstance(exc, CalendarMismatchError | CalendarCoverageError | TraceIntegrityError):
        return exc
    if isinstance(exc, GovServiceError):
        return TraceIntegrityError(seq, f"the event fails the live checks: {exc}")
    return TraceIntegrityError(seq, f"content cannot be replayed ({exc!r})")


def document_schema(text: str) -> str | None:
    """The ``schema`` a stored case names, without verifying anything."""

    def schema_of(raw: object) -> str | None:
        schema = raw.get("schema") if isinstance(raw, dict) else None
        return schema if isinstance(schema, str) else None

    if type(text) is str:
        try:
            return schema_of(orjson.loads(text))
        except orjson.JSONDecodeError:
            pass
    return schema_of(loads_document(text, "a case"))


Loader = Callable[..., Any]
