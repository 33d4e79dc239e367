"""The case (办件) lifecycle: an immutable value rebuilt from its trace, one act at a time.

Every act goes through one step function, `_State.step`, whether it is done live or read back
from a stored trace: the state must allow it, times are aware and never go backwards, the
actor is named, the payload holds exactly the act's fields, and each due date is recomputed on
the calendar given and compared with the value the act recorded.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

import attrs
import orjson

from govservice._errors import (
    CalendarMismatchError,
    GovServiceError,
    InvalidValueError,
    TraceIntegrityError,
    TransitionError,
)
from govservice._feedback_core import (
    FEEDBACK_FIELDS,
    feedback_step,
)
from govservice._guard import Guard
from govservice._lifecycle import (
    NOTICE_OF,
    Action,
    ApproverRole,
    CaseNotice,
    HandlingSystem,
    NoticeKind,
    Timeliness,
    TimelinessStatus,
    any_text,
    check_at,
    check_by,
    check_calendar,
    closing,
    dump_trace,
    engine,
    last_recalendar,
    load_trace,
    local_date,
    local_instant,
    propose,
    replay_error,
    suspension_range,
    text,
    timeliness_of,
)
from govservice._trace import Trace, event_at
from govservice.calendar import (
    Deadline,
    Extension,
    LimitUnit,
    ProvisionalCalendar,
    ReceiptPolicy,
    Suspension,
    SuspensionReason,
    TimeLimit,
    WorkCalendar,
    deadline,
)
from govservice.matters._classify import _SYSTEMS, CaseFacts, ClassificationPolicy, classify
from govservice.matters._feedback import CaseFeedback, FeedbackActs
from govservice.matters._model import CaseKind, Matter
from govservice.matters._serde import converter

__all__ = ["Case", "CaseState", "load_case"]

SCHEMA = "govservice.case/2"

#: Working days to give the one-time notice of missing materials (art. 32(4)).
NOTICE_DAYS = 5
#: Working days to deliver the certificate after an approval (art. 44).
DELIVERY_DAYS = 10
#: Working days of the lower level's review before reporting up (art. 43).
LOWER_REVIEW_DAYS = 20


class CaseState(enum.StrEnum):
    """The states of a case (the glossary; Administrative Licensing Law arts. 29-45).

    Examples:
        >>> CaseState("under_review").terminal
        False
    """

    SUBMITTED = "submitted"  #: 申请/收件 (art. 29)
    SUPPLEMENT_REQUESTED = "supplement_requested"  #: 补正, one-time notice (art. 32(4))
    ACCEPTED = "accepted"  #: 受理 (art. 32(5))
    NOT_ACCEPTED = "not_accepted"  #: 不予受理 (art. 32(1)(2))
    UNDER_REVIEW = "under_review"  #: 审查 (arts. 34-37)
    SUSPENDED = "suspended"  #: clock stopped (art. 45, or a named local rule)
    REPORTED = "reported"  #: 上报: with the higher level for its decision (arts. 35, 43)
    APPROVED = "approved"  #: 准予许可 (art. 38)
    DENIED = "denied"  #: 不予许可 (art. 38)
    DELIVERED = "delivered"  #: 发证/送达 (art. 44)
    COMPLETED = "completed"  #: 办结, sealed
    WITHDRAWN = "withdrawn"  #: 撤回, sealed

    @property
    def terminal(self) -> bool:
        """Whether the case is sealed: no further action but corrections and notices."""
        return self in (CaseState.COMPLETED, CaseState.WITHDRAWN)


@attrs.frozen
class Verification:
    """A verification of the substance of the materials (核查, art. 34), by two or more staff.

    Administrative Licensing Law art. 34: 指派两名以上工作人员进行核查.

    Args:
        at: When it was recorded.
        staff: Who verified (two or more, each once).
        findings: What they found.

    Examples:
        >>> import datetime as dt
        >>> v = Verification(dt.datetime(2025, 3, 4, 7, tzinfo=dt.UTC), ("王五", "赵六"), "一致")
        >>> len(v.staff)
        2
    """

    at: dt.datetime
    staff: tuple[str, ...]
    findings: str


S = CaseState
A = Action
_REVIEWING = (S.ACCEPTED, S.UNDER_REVIEW)
# Which act is allowed from which state ((convention), after the glossary).
_ALLOWED: dict[Action, tuple[CaseState, ...]] = {
    A.ACCEPT: (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    A.REFUSE_ACCEPTANCE: (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    A.REQUEST_SUPPLEMENT: (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    A.SUPPLEMENT: (S.SUPPLEMENT_REQUESTED,),
    A.REVIEW: _REVIEWING,
    # The substance verified (核查, art. 34), by the lower level or the deciding higher one.
    A.VERIFY_SUBSTANCE: (*_REVIEWING, S.REPORTED),
    # The higher level deciding a reported case may stop its clock (art. 45) and extend its
    # limit (art. 42) as any deciding organ may; a resumed case goes back to it.
    A.SUSPEND: (*_REVIEWING, S.REPORTED),
    A.RESUME: (S.SUSPENDED,),
    A.EXTEND: (*_REVIEWING, S.SUSPENDED, S.REPORTED),
    A.REPORT_UP: _REVIEWING,
    A.APPROVE: (*_REVIEWING, S.REPORTED),
    A.DENY: (*_REVIEWING, S.REPORTED),
    A.ISSUE_CERTIFICATE: (S.APPROVED,),
    A.COMPLETE: (S.APPROVED, S.DELIVERED, S.DENIED, S.NOT_ACCEPTED),
    A.WITHDRAW: (S.SUBMITTED, S.SUPPLEMENT_REQUESTED, *_REVIEWING, S.SUSPENDED, S.REPORTED),
    A.RECALENDAR: (*_REVIEWING, S.SUSPENDED, S.REPORTED, S.APPROVED),
    A.NOTIFY: tuple(S),
    A.CORRECT: tuple(S),
    # 好差评 and complaints: in any state after submission, a sealed case too (a rating
    # follows completion); they never change the state, the decision or the clocks.
    **{a: tuple(S) for a in Action if a.feedback},
}
_TARGET = {
    A.ACCEPT: S.ACCEPTED,
    A.REFUSE_ACCEPTANCE: S.NOT_ACCEPTED,
    A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
    A.REVIEW: S.UNDER_REVIEW,
    A.VERIFY_SUBSTANCE: S.UNDER_REVIEW,
    A.SUSPEND: S.SUSPENDED,
    A.RESUME: S.UNDER_REVIEW,
    A.REPORT_UP: S.REPORTED,
    A.APPROVE: S.APPROVED,
    A.DENY: S.DENIED,
    A.ISSUE_CERTIFICATE: S.DELIVERED,
    A.COMPLETE: S.COMPLETED,
    A.WITHDRAW: S.WITHDRAWN,
}
# The exact fields each act records (the payload must be canonical: nothing more, nothing less).
_FIELDS: dict[Action, frozenset[str]] = {
    A.ACCEPT: frozenset({"missing_tolerated", "window", "notified"}),
    A.REFUSE_ACCEPTANCE: frozenset({"reason", "notified"}),
    A.REQUEST_SUPPLEMENT: frozenset({"missing"}),
    A.SUPPLEMENT: frozenset({"provided"}),
    A.REVIEW: frozenset({"opinion"}),
    A.VERIFY_SUBSTANCE: frozenset({"staff", "findings"}),
    A.SUSPEND: frozenset({"reason", "note", "notified"}),
    A.RESUME: frozenset(),
    A.EXTEND: frozenset(
        {"amount", "approved_by", "approver_role", "reason", "basis", "local_rule", "notified"}
    ),
    A.REPORT_UP: frozenset({"to", "opinion", "limit"}),
    A.APPROVE: frozenset({"opinion"}),
    A.DENY: frozenset({"reason", "notified"}),
    A.ISSUE_CERTIFICATE: frozenset({"certificate"}),
    A.COMPLETE: frozenset({"outcome"}),
    A.WITHDRAW: frozenset({"reason"}),
    A.NOTIFY: frozenset({"kind"}),
    A.CORRECT: frozenset({"field", "value", "reason"}),
    A.RECALENDAR: frozenset(
        {"calendar", "as_of", "coverage_end", "official_end", "basis", "changes", "reload"}
    ),
    **{Action(name): fields for name, fields in FEEDBACK_FIELDS.items()},
}
# Fields an act recorded before the law's rules asked for more: such a trace still loads, as
# it was (a report up without the higher level's limit measured the decision against the
# matter's own limit from acceptance).
_EARLIER_FIELDS: dict[Action, frozenset[str]] = {A.REPORT_UP: frozenset({"to", "opinion"})}
_DUE_FIELDS = ("due", "statutory_due", "delivery_due", "lower_due", "rectification_due")
# The fixed limits, one object each (`_deadline` remembers answers by the limit's identity).
_DELIVERY_LIMIT = TimeLimit.working_days(DELIVERY_DAYS)
_LOWER_LIMIT = TimeLimit.working_days(LOWER_REVIEW_DAYS)
#: The higher level's decision limit when the report names none (art. 42 para. 1).
HIGHER_DECISION_DAYS = 20
_IMMEDIATE = TimeLimit.immediate()


def _allowed_in(state: CaseState, matter: Matter | None = None) -> str:
    """The acts ``state`` allows, as an error lists them (not report_up for a local matter)."""
    names = [a.value for a, states in _ALLOWED.items() if state in states]
    names = [n for n in names if n not in ("notify", "correct") and not Action(n).feedback]
    if matter is not None and matter.reports_to is None:
        names = [n for n in names if n != "report_up"]
    return ", ".join(names) or "none (sealed)"


class _State:
    """The mutable state a replay or a live act steps through; frozen into a `Case` after.

    No ``__slots__``: `of` fills an instance's dictionary in one call (mypy checks the names).
    """

    FIELDS = (
        "accepted_at",
        "applicant",
        "approver_roles",
        "calendar",
        "case_id",
        "committed_extensions",
        "completed_at",
        "corrections",
        "decided_at",
        "deemed_acceptance",
        "delivered_at",
        "delivery_due_at",
        "delivery_due_date",
        "due_at",
        "due_date",
        "ended_at",
        "extensions",
        "feedback",
        "green_channel",
        "handling_reasons",
        "higher_extensions",
        "higher_limit",
        "handling_system",
        "kind",
        "lower_due_at",
        "lower_due_date",
        "matter",
        "missing",
        "notices",
        "notified",
        "outcome",
        "owed",
        "provisional",
        "recalendared",
        "receipt",
        "reported_at",
        "reported_to",
        "state",
        "statutory_due_at",
        "statutory_due_date",
        "submitted_at",
        "submitted_by",
        "suspended_since",
        "suspension_note",
        "suspension_reason",
        "suspensions",
        "urgent",
        "verifications",
        "window",
    )

    case_id: str
    applicant: str
    matter: Matter
    kind: CaseKind
    handling_system: HandlingSystem
    handling_reasons: tuple[tuple[str, str], ...]
    state: CaseState
    submitted_at: dt.datetime
    submitted_by: str
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    delivered_at: dt.datetime | None
    ended_at: dt.datetime | None
    window: str | None
    due_date: dt.date | None
    statutory_due_date: dt.date | None
    delivery_due_date: dt.date | None
    due_at: dt.datetime | None
    statutory_due_at: dt.datetime | None
    delivery_due_at: dt.datetime | None
    provisional: bool
    deemed_acceptance: bool
    receipt: ReceiptPolicy
    missing: tuple[str, ...]
    notified: tuple[str, ...]
    suspensions: tuple[Suspension, ...]
    suspended_since: dt.date | None
    suspension_reason: SuspensionReason | None
    suspension_note: str
    extensions: tuple[Extension, ...]
    committed_extensions: tuple[Extension, ...]
    approver_roles: tuple[ApproverRole, ...]
    urgent: bool
    green_channel: bool
    corrections: tuple[tuple[str, str, str], ...]
    notices: tuple[CaseNotice, ...]
    owed: tuple[NoticeKind, ...]
    verifications: tuple[Verification, ...]
    reported_to: str | None
    reported_at: dt.datetime | None
    higher_limit: TimeLimit | None
    higher_extensions: tuple[Extension, ...]
    lower_due_date: dt.date | None
    lower_due_at: dt.datetime | None
    calendar: WorkCalendar | ProvisionalCalendar
    outcome: str | None
    recalendared: bool
    feedback: CaseFeedback

    # Not fields of the case: the instants of each suspension (start, end or None while it
    # runs, whether art. 45 lists it), which a limit in office hours counts by (`hour_spans`).
    # A replay builds them act by act; a live act reads them from the case's trace when needed.
    spans: list[tuple[dt.datetime, dt.datetime | None, bool]] | None
    source: Trace | None

    @classmethod
    def of(cls, case: Case) -> _State:
        state = cls.__new__(cls)
        state.__dict__.update(zip(cls.FIELDS, _STATE_OF(case), strict=True))
        state.spans, state.source = None, case.trace
        return state

    def hour_spans(self) -> list[tuple[dt.datetime, dt.datetime | None, bool]]:
        """The suspensions as instants (start, end or None, statutory), in order.

        Read from the trace of a live case only when one of its limits counts office hours
        (none of its clocks needs them otherwise).
        """
        if self.spans is None:
            spans: list[tuple[dt.datetime, dt.datetime | None, bool]] = []
            hours = LimitUnit.WORKING_HOURS
            committed = committed_limit_of(self.matter, self.urgent, self.green_channel)
            counts = hours in (committed.unit, self.matter.statutory_limit.unit)
            for event in self.source.events if self.source is not None and counts else ():
                payload = event.payload
                if payload["action"] == "suspend":
                    reason = SuspensionReason(payload["data"]["reason"])
                    spans.append((_FROM_ISO(payload["at"]), None, reason.statutory))
                elif payload["action"] == "resume" and spans:
                    spans[-1] = (spans[-1][0], _FROM_ISO(payload["at"]), spans[-1][2])
            self.spans = spans
        return self.spans

    def build(self, trace: Trace, guard: Guard | None) -> Case:
        # Lists while replaying (linear in events), tuples on the case.
        self.corrections, self.notices = tuple(self.corrections), tuple(self.notices)
        return _assemble(Case, self, trace, guard)

    # -- time --------------------------------------------------------------------------------

    def local(self, at: dt.datetime) -> dt.date:
        return local_date(self.calendar, at)

    def receipt_day(self) -> dt.date:
        """Day 0 of the receipt under the case's receipt policy (`ReceiptPolicy`)."""
        if self.receipt is ReceiptPolicy.NEXT_WORKING_DAY:
            return _deadline(
                self.submitted_at, _IMMEDIATE, self.calendar, (), (), self.receipt
            ).due_date
        return self.local(self.submitted_at)

    def notice_due(self) -> dt.date:
        """The last day for the one-time notice of missing materials (art. 32(4))."""
        day, calendar = self.receipt_day(), self.calendar
        key = (id(calendar), day)
        entry = _NOTICE_DUES.get(key)  # remembered per calendar object, as `_deadline` does
        if entry is not None and entry[0] is calendar:
            return entry[1]
        due = engine(calendar).add_working_days(day, NOTICE_DAYS)
        if len(_NOTICE_DUES) >= _DEADLINES_MAX:
            _NOTICE_DUES.clear()
        _NOTICE_DUES[key] = (calendar, due)
        return due

    def notice_expired(self, at: dt.datetime) -> bool:
        """Whether the five working days for the notice (art. 32(4)) had run out by ``at``.

        They end at the close of office hours of their last day (Civil Code art. 203), as every
        limit the case counts in days does.
        """
        return at > closing(self.calendar, self.notice_due())

    # -- due dates ---------------------------------------------------------------------------

    def dues(self) -> dict[str, Any]:
        """Recompute the committed and statutory due dates from the recorded facts."""
        out: dict[str, Any] = {}
        start = self.accepted_at
        if start is None:
            return out
        closed = self.suspensions
        open_reason = self.suspension_reason if self.suspended_since is not None else None
        statutory_closed = tuple(s for s in closed if s.reason.statutory)
        pairs: list[tuple[str, TimeLimit, tuple[Suspension, ...], tuple[Extension, ...]]] = []
        if open_reason is None:
            limit = committed_limit_of(self.matter, self.urgent, self.green_channel)
            pairs.append(("due", limit, closed, self.committed_extensions))
        running = open_reason is None or not open_reason.statutory  # the statutory clock
        if running and self.higher_limit is None:
            pairs.append(
                ("statutory_due", self.matter.statutory_limit, statutory_closed, self.extensions)
            )
        for key, limit, suspensions, extensions in pairs:
            exts = extensions if limit.unit is not LimitUnit.IMMEDIATE else ()
            if limit.unit is LimitUnit.WORKING_HOURS:
                out[key] = self.hours_deadline(limit, key == "statutory_due", exts)
                continue
            found = _deadline(
                start, limit, self.calendar, self.counted(suspensions), exts, self.receipt
            )
            out[key] = found
        if running and self.higher_limit is not None:
            out["statutory_due"] = self.higher_due()
        if open_reason is not None:
            out.setdefault("due", None)
            out.setdefault("statutory_due", None)
        return out

    def higher_due(self) -> Deadline:
        """The due date of a reported case's decision (arts. 42, 43): the higher level's.

        Its own limit, counted from the day of the report (convention, as `linkage` counts
        it), stopped by the art. 45 suspensions begun since (closed ones: a running one has no
        due date) and moved by its own extension.
        """
        limit = self.higher_limit
        assert self.reported_at is not None
        assert limit is not None
        since = self.local(self.reported_at)
        stops = tuple(s for s in self.suspensions if s.reason.statutory and s.start >= since)
        return _deadline(
            self.reported_at, limit, self.calendar, stops, self.higher_extensions,
            ReceiptPolicy.CALENDAR_DATE,
        )  # fmt: skip

    def counted(self, suspensions: tuple[Suspension, ...]) -> tuple[Suspension, ...]:
        """The suspensions that reach day 0 of the clocks or later.

        With `ReceiptPolicy.NEXT_WORKING_DAY`, a case accepted after closing or on a rest day
        counts from the next working day: a suspension begun and ended before it stops no day
        of the clocks (and `deadline` refuses a suspension ending before its start).
        """
        if not suspensions or self.receipt is not ReceiptPolicy.NEXT_WORKING_DAY:
            return suspensions
        assert self.accepted_at is not None
        day0 = _deadline(self.accepted_at, _IMMEDIATE, self.calendar, (), (), self.receipt).due_date
        if all(s.end >= day0 for s in suspensions):
            return suspensions
        return tuple(s for s in suspensions if s.end >= day0)

    def hours_deadline(
        self, limit: TimeLimit, statutory_only: bool, extensions: tuple[Extension, ...]
    ) -> Deadline:
        """The deadline of a limit in office hours, its suspensions counted by the instant.

        The office time before each suspension is used; the rest counts from the instant of
        resumption (Civil Code art. 201: a period in hours runs from the instant). Counting
        whole days, as the dates of `suspensions` do, would give back the hours used before the
        suspension and charge the hours of the day of resumption before it resumed. A
        suspension still running ends the count there (the due date is then not asked for, or
        is the one the limit had before it stopped, see `_statutory_expiry`).
        """
        assert self.accepted_at is not None
        cal = engine(self.calendar)
        if extensions:  # refused for such a limit since (`_on_extend`); kept for old traces
            amount = float(limit.amount) + sum(float(e.amount) for e in extensions)
        else:
            amount = float(limit.amount)
        remaining = dt.timedelta(hours=amount)
        cursor = self.accepted_at
        for begun, ended, statutory in self.hour_spans():
            if statutory_only and not statutory:
                continue
            if ended is None:  # still running: the due instant as it stood before it
                break
            if begun > cursor:
                used = cal.working_hours_between(cursor, begun)
                if used >= remaining:  # the limit ran out before this suspension
                    break
                remaining -= used
            cursor = max(cursor, ended)
        due_at = cal.add_working_hours(cursor, remaining)
        due_date = due_at.date()
        return Deadline(
            self.accepted_at, limit, (), extensions, due_date, due_at,
            bool(self.calendar.is_provisional(due_date)), self.calendar,
        )  # fmt: skip

    def set_dues(self, dues: Mapping[str, Deadline | None]) -> None:
        for key, found in dues.items():
            if key == "rectification_due":  # the rectification keeps it (and its provisional)
                continue
            date = None if found is None else found.due_date
            at = None if found is None else found.due_at
            if key == "due":
                self.due_date, self.due_at = date, at
            elif key == "statutory_due":
                self.statutory_due_date, self.statutory_due_at = date, at
            elif key == "delivery_due":
                self.delivery_due_date, self.delivery_due_at = date, at
            elif key == "lower_due":
                self.lower_due_date, self.lower_due_at = date, at
            if found is not None and found.provisional:
                self.provisional = True

    # -- the one step function ----------------------------------------------------------------

    def step(
        self,
        action: Action,
        at: dt.datetime,
        by: str,
        data: Mapping[str, Any],
        seq: int,
    ) -> dict[str, Deadline | None]:
        """Check and apply one act; return the due dates it fixed (to record or compare)."""
        fields = _FIELDS[action]
        if data.keys() != fields and data.keys() != _EARLIER_FIELDS.get(action, fields):
            raise InvalidValueError(
                "data", sorted(data), f"exactly the fields of {action.value}: "
                + ", ".join(sorted(_FIELDS[action]))
            )  # fmt: skip
        reload = action is A.RECALENDAR and data["reload"] is True  # any state: see _replay
        if self.state not in _ALLOWED[action] and not reload:
            allowed = _allowed_in(self.state, self.matter)
            if self.state is S.REPORTED and action in (A.REQUEST_SUPPLEMENT, A.SUPPLEMENT):
                allowed += (" (reported up with every material: the higher level may not ask "
                            "for them again, Administrative Licensing Law art. 35)")  # fmt: skip
            raise TransitionError(action.value, self.state.value, allowed)
        handler = _HANDLERS[action]
        dues: dict[str, Deadline | None] = handler(self, at, by, data, seq)
        target = _TARGET.get(action)
        if target is S.UNDER_REVIEW and self.reported_at is not None:
            target = S.REPORTED  # resumed, or verified: with the higher level still
        if target is not None:
            self.state = target
        if dues:
            self.set_dues(dues)
        return dues

    def require_notice(self, action: Action, notified: object, on: dt.date, seq: int) -> None:
        if not isinstance(notified, bool):
            raise InvalidValueError("notified", notified, "True or False")
        kind = NOTICE_OF[action]
        if notified:
            self.notices = (*self.notices, CaseNotice(kind, on, seq))
        else:
            self.owed = (*self.owed, kind)


def committed_limit_of(matter: Matter, urgent: bool, green_channel: bool) -> TimeLimit:
    """The committed limit of a case: the matter's ``urgent_limit`` when urgent or green."""
    if (urgent or green_channel) and matter.urgent_limit is not None:
        return matter.urgent_limit
    return matter.committed_limit


def _deadline(
    start: dt.datetime,
    limit: TimeLimit,
    calendar: WorkCalendar | ProvisionalCalendar,
    suspensions: tuple[Suspension, ...],
    extensions: tuple[Extension, ...],
    receipt: ReceiptPolicy,
) -> Deadline:
    """`deadline`, remembered per calendar and limit object (values immutable; they hash slowly).

    The key holds the identities of the calendar and the limit; a hit is used only if it was
    computed on those very objects (the entry keeps them alive, so an id is never reused while
    it is remembered), so a reused id never returns another calendar's answer.
    """
    key = (id(calendar), id(limit), start, suspensions, extensions, id(receipt))
    entry = _DEADLINES.get(key)
    if entry is not None and entry[0] is calendar and entry[1] is limit:
        return entry[2]
    found = deadline(
        start, limit, calendar, suspensions=suspensions, extensions=extensions, receipt=receipt
    )
    if len(_DEADLINES) >= _DEADLINES_MAX:
        _DEADLINES.clear()
    _DEADLINES[key] = (calendar, limit, found)
    return found


_DEADLINES: dict[tuple[Any, ...], tuple[Any, TimeLimit, Deadline]] = {}
_DEADLINES_MAX = 65536
_NOTICE_DUES: dict[tuple[int, dt.date], tuple[Any, dt.date]] = {}


# -- handlers: each checks its act against the law and applies it ------------------------------


def _on_accept(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    if st.missing:
        tolerant = {m.name for m in st.matter.materials if m.tolerant}
        blocking = [name for name in st.missing if name not in tolerant]
        if blocking:
            raise InvalidValueError(
                "missing", blocking, "supplied before acceptance (not on the 容缺 list)"
            )
    if list(data["missing_tolerated"]) != list(st.missing):
        raise InvalidValueError(
            "missing_tolerated",
            data["missing_tolerated"],
            f"the materials missing {list(st.missing)}",
        )
    window = data["window"]
    if window is not None:
        text("window", window)
    today = st.local(at)
    # Art. 32(4): no notice of missing materials within five working days of receipt means
    # the application is accepted from the day of receipt (the days end at closing time).
    if not st.notified and st.notice_expired(at):
        st.deemed_acceptance = True
        st.accepted_at = st.submitted_at
    else:
        st.accepted_at = at
    st.window = window if window is not None else by
    st.missing = ()
    st.require_notice(A.ACCEPT, data["notified"], today, seq)
    return st.dues()


def _on_refuse(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    text("reason", data["reason"])
    if not st.notified and st.notice_expired(at):
        # Art. 32(4): the application already counts as accepted from receipt; what is left
        # is a decision on it (a denial gives reasons and remedies, art. 38).
        raise TransitionError(
            "refuse_acceptance",
            st.state.value,
            f"accept, then approve or deny (no notice by {st.notice_due().isoformat()}: the "
            "application counts as accepted from the day of receipt, Administrative Licensing "
            "Law art. 32(4))",
        )
    st.outcome = "returned"
    st.require_notice(A.REFUSE_ACCEPTANCE, data["notified"], st.local(at), seq)
    return {}


def _on_request(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    items = data["missing"]
    if not isinstance(items, list) or not items:
        raise InvalidValueError("missing", items, "at least one material")
    for item in items:
        text("missing", item)
    if len(set(items)) != len(items):
        raise InvalidValueError("missing", items, "each material once")
    known = {m.name for m in st.matter.materials}
    unknown = [m for m in items if m not in known]
    if unknown:
        raise InvalidValueError("missing", unknown, "materials of the matter's list")
    today = st.local(at)
    if not st.notified and st.notice_expired(at):
        raise TransitionError(
            "request_supplement",
            st.state.value,
            f"accept (no notice by {st.notice_due().isoformat()}: the application counts as "
            "accepted from the day of receipt, Administrative Licensing Law art. 32(4))",
        )
    if st.notified:
        new = [m for m in items if m not in st.notified]
        if new:
            raise InvalidValueError(
                "missing",
                new,
                "materials already in the first notice (一次性告知: all at once, art. 32(4))",
            )
    else:
        _grow(st, "notices", CaseNotice(NoticeKind.SUPPLEMENT, today, seq))
    st.missing = tuple(dict.fromkeys((*st.missing, *items)))
    st.notified = st.notified or tuple(items)
    return {}


def _on_supplement(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    items = data["provided"]
    if not isinstance(items, list) or not items:
        raise InvalidValueError("provided", items, "materials still missing")
    strange = [m for m in items if m not in st.missing]
    if strange:
        raise InvalidValueError("provided", strange, "materials still missing")
    provided = set(items)
    st.missing = tuple(m for m in st.missing if m not in provided)
    return {}


def _on_review(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    any_text("opinion", data["opinion"])
    return {}


def _on_verify(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    staff, findings = data["staff"], any_text("findings", data["findings"])
    names = [text("staff", n) for n in staff] if isinstance(staff, list) else []
    people = {n.strip() for n in names}  # " 王五" is 王五 again
    if len(people) < 2 or len(people) != len(names):
        raise InvalidValueError(
            "staff",
            staff,
            "two or more different staff members, each named once (Administrative Licensing "
            "Law art. 34: 指派两名以上工作人员进行核查)",
        )
    st.verifications = (*st.verifications, Verification(at, tuple(names), findings))
    return {}


def _on_suspend(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    try:
        reason = SuspensionReason(data["reason"])
    except ValueError:
        raise InvalidValueError("reason", data["reason"], "a SuspensionReason value") from None
    note = any_text("note", data["note"])
    if not reason.statutory and not note.strip():
        raise InvalidValueError(
            "note", note, "the local rule that stops the clock (art. 45 does not list it)"
        )
    if not reason.statutory and st.state is S.REPORTED:
        raise InvalidValueError(
            "reason",
            reason.value,
            "a reason of art. 45 (reported up, the materials went with the case: the higher "
            "level may not ask the applicant for them again, Administrative Licensing Law "
            "art. 35)",
        )
    today = st.local(at)
    st.suspended_since, st.suspension_reason, st.suspension_note = today, reason, note
    st.hour_spans().append((at, None, reason.statutory))
    if reason.statutory:
        st.require_notice(A.SUSPEND, data["notified"], today, seq)
    elif data["notified"] is not False:
        raise InvalidValueError("notified", data["notified"], "False for a local-rule suspension")
    return st.dues()


def _on_resume(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    start, reason = st.suspended_since, st.suspension_reason
    assert start is not None  # every suspend sets it
    assert reason is not None
    span = suspension_range(start, st.local(at))
    if span is not None:
        note = st.suspension_note
        st.suspensions = (*st.suspensions, Suspension(span[0], span[1], reason, note))
    st.suspended_since, st.suspension_reason, st.suspension_note = None, None, ""
    spans = st.hour_spans()
    if spans:  # (none kept when no limit counts office hours)
        spans[-1] = (spans[-1][0], at, spans[-1][2])
    return st.dues()


def _on_extend(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    amount = data["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise InvalidValueError("amount", amount, "a whole number of working days >= 1")
    approved_by, reason = text("approved_by", data["approved_by"]), text("reason", data["reason"])
    basis, rule = any_text("basis", data["basis"]), any_text("local_rule", data["local_rule"])
    try:
        role = ApproverRole(data["approver_role"])
    except ValueError:
        raise InvalidValueError(
            "approver_role", data["approver_role"], "head_of_organ or head_of_government"
        ) from None
    unified = st.matter.unified_handling
    cap, needed = (
        (15, ApproverRole.HEAD_OF_GOVERNMENT) if unified else (10, ApproverRole.HEAD_OF_ORGAN)
    )
    para = "art. 42 para. 2 (art. 26 handling)" if unified else "art. 42 para. 1"
    if not basis.strip():
        if role is not needed:
            raise InvalidValueError(
                "approver_role",
                role.value,
                f"{needed.value} (Administrative Licensing Law {para})",
            )
        # Art. 42 grants one extension ("可以延长十日"), not a budget to spend in parts; a
        # reported case's higher level has its own limit, and its own one extension.
        done = st.higher_extensions if st.higher_limit is not None else st.extensions
        if done:
            raise InvalidValueError(
                "basis",
                basis,
                f"the law that allows a further extension: the statutory limit was extended "
                f"already by {done[0].amount} working days, and the Administrative "
                f"Licensing Law ({para}) grants one extension",
            )
        if amount > cap:
            raise InvalidValueError(
                "amount",
                amount,
                f"at most {cap} working days (Administrative Licensing Law {para}), "
                "or the basis of the law that allows more",
            )
    law = st.matter.statutory_limit
    if law.unit is LimitUnit.IMMEDIATE:
        # Art. 42 para. 1 extends the limit of a decision not made on the spot: an immediate
        # limit has nothing to extend (it would be recorded and count for nothing).
        raise InvalidValueError(
            "statutory_limit",
            law.unit.value,
            "a limit in days to extend (an immediate decision is made on the spot; "
            "Administrative Licensing Law art. 42 para. 1)",
        )
    if law.unit is LimitUnit.WORKING_HOURS:
        # The extension is in working days (art. 42, counted by art. 82); added to a limit in
        # office hours it would have counted as that many hours.
        raise InvalidValueError(
            "statutory_limit",
            law.unit.value,
            "a limit in days to extend (an extension of art. 42 is in working days, "
            "Administrative Licensing Law art. 82; a limit in office hours cannot take it)",
        )
    today = st.local(at)
    expired = _statutory_expiry(st, at)
    if expired is not None:
        raise InvalidValueError(
            "at",
            at.isoformat(),
            f"on or before the statutory due date {expired[0].isoformat()} (ends {expired[1]}; "
            "art. 42: an extension is approved before the limit it extends has expired)",
        )
    ext = Extension(amount, approved_by, reason)
    st.extensions = (*st.extensions, ext)
    if st.higher_limit is not None:
        st.higher_extensions = (*st.higher_extensions, ext)
    st.approver_roles = (*st.approver_roles, role)
    if rule.strip():
        st.committed_extensions = (*st.committed_extensions, ext)
    st.require_notice(A.EXTEND, data["notified"], today, seq)
    return st.dues()


def _statutory_expiry(st: _State, at: dt.datetime) -> tuple[dt.date, str] | None:
    """The statutory due date and its closing time if the limit had expired by ``at``.

    The limit ends at the close of office hours of its last day (Civil Code art. 203). While an
    art. 45 suspension stops the clock there is no due date; the limit had expired if the
    suspension began after its last day (a suspension does not revive an expired limit).
    """
    due_date, due_at = st.statutory_due_date, st.statutory_due_at
    if due_at is None and st.accepted_at is not None and st.suspended_since is not None:
        law = st.matter.statutory_limit
        if st.higher_limit is not None:  # reported: the higher level's limit
            found = st.higher_due()
            expired = st.suspended_since > found.due_date
        elif law.unit is LimitUnit.WORKING_HOURS:
            # counted by the instant: had the limit run out when the suspension began?
            found = st.hours_deadline(law, True, st.extensions)
            expired = st.hour_spans()[-1][0] > found.due_at
        else:
            found = _deadline(
                st.accepted_at,
                law,
                st.calendar,
                st.counted(tuple(s for s in st.suspensions if s.reason.statutory)),
                st.extensions,
                st.receipt,
            )
            expired = st.suspended_since > found.due_date
        if not expired:
            return None
        due_date, due_at = found.due_date, found.due_at
    if due_date is None or due_at is None or at <= due_at:
        return None
    return due_date, due_at.strftime("%H:%M")


def _on_report_up(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    to = text("to", data["to"])
    any_text("opinion", data["opinion"])
    if st.matter.reports_to is None:
        # Art. 43 covers a licence that must by law be reviewed by the lower organ and decided
        # by the higher one: a catalogue fact (`Matter.reports_to`), not a clerk's choice.
        raise TransitionError(
            A.REPORT_UP.value,
            st.state.value,
            f"{_allowed_in(st.state, st.matter)} (matter {st.matter.code} is decided here: "
            "only a matter the catalogue reports to a higher level (reports_to) is reported "
            "up, Administrative Licensing Law art. 43)",
        )
    assert st.accepted_at is not None
    st.reported_to, st.reported_at = to, at
    if "limit" not in data:  # recorded before the higher level's limit was: as it was then
        return {"lower_due": _lower_due(st, st.local(at))}
    try:
        limit = converter.structure(data["limit"], TimeLimit)
    except GovServiceError:
        limit = None
    if limit is None or limit.unit not in (LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS):
        raise InvalidValueError(
            "limit",
            data["limit"],
            "the higher level's statutory limit in days, such as {'amount': 20, 'unit': "
            "'working_days'} (Administrative Licensing Law art. 42)",
        )
    st.higher_limit = limit
    return {"lower_due": _lower_due(st, st.local(at)), **st.dues()}


def _lower_due(st: _State, reported_on: dt.date) -> Deadline:
    """The lower level's due date (art. 43): its limit from acceptance, art. 45 stops excluded.

    Only the suspensions begun by the day of the report count: the lower level's part ends
    with it.
    """
    assert st.accepted_at is not None
    stops = tuple(s for s in st.suspensions if s.reason.statutory and s.start <= reported_on)
    return _deadline(st.accepted_at, _LOWER_LIMIT, st.calendar, st.counted(stops), (), st.receipt)


def _on_decision(
    st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int, action: Action
) -> Any:
    if st.state is S.ACCEPTED and st.kind is not CaseKind.IMMEDIATE:
        raise TransitionError(action.value, st.state.value, "review (not an immediate case)")
    if action is A.APPROVE and st.handling_system is HandlingSystem.REJECTION:
        raise TransitionError(
            action.value,
            st.state.value,
            "deny or withdraw (a restricted matter, 控制事项, is handled by rejection: "
            "驳回办理制, refused with reasons)",
        )
    st.decided_at = at
    if action is A.DENY:
        text("reason", data["reason"])
        st.outcome = "denied"
        st.require_notice(A.DENY, data["notified"], st.local(at), seq)
        return {}
    any_text("opinion", data["opinion"])
    st.outcome = "approved"
    delivery = _deadline(at, _DELIVERY_LIMIT, st.calendar, (), (), st.receipt)
    return {"delivery_due": delivery}


def _on_approve(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    return _on_decision(st, at, by, data, seq, A.APPROVE)


def _on_deny(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    return _on_decision(st, at, by, data, seq, A.DENY)


def _on_issue(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    any_text("certificate", data["certificate"])
    st.delivered_at = at
    return {}


def _on_complete(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    if data["outcome"] != st.outcome:
        raise InvalidValueError("outcome", data["outcome"], f"the case's outcome {st.outcome!r}")
    if st.state is S.APPROVED:
        # 办结 of an approval not yet delivered delivers it (APPROVED -> DELIVERED -> COMPLETED
        # at one instant, as a parallel case's unified delivery does): the delivery clock of
        # art. 44 is kept or broken here, never left pending.
        st.delivered_at = at
    st.completed_at = st.ended_at = at
    return {}


def _on_withdraw(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    any_text("reason", data["reason"])
    st.outcome = "withdrawn"
    st.ended_at = at
    return {}


def _on_notify(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    try:
        kind = NoticeKind(data["kind"])
    except ValueError:
        raise InvalidValueError("kind", data["kind"], "a NoticeKind value") from None
    if kind not in st.owed:
        owed = ", ".join(k.value for k in st.owed) or "none"
        raise InvalidValueError("kind", kind.value, f"a notice the case still owes ({owed})")
    owed_list = list(st.owed)
    owed_list.remove(kind)
    st.owed = tuple(owed_list)
    _grow(st, "notices", CaseNotice(kind, st.local(at), seq))
    return {}


def _grow(st: _State, name: str, item: Any) -> None:
    """Append ``item`` to a growing field: in place once it is a list (replay stays linear).

    The fields that can grow without bound are ``corrections`` and ``notices`` (in any
    state); `_State.build` turns them back into tuples.
    """
    current = getattr(st, name)
    if isinstance(current, list):
        current.append(item)
    else:
        setattr(st, name, [*current, item])


def _on_correct(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    fix = (
        text("field", data["field"]),
        any_text("value", data["value"]),
        text("reason", data["reason"]),
    )
    _grow(st, "corrections", fix)
    return {}


def _on_recalendar(st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int) -> Any:
    if data["reload"]:
        st.recalendared = True
    else:
        as_of = dt.date.fromisoformat(data["as_of"])
        end = dt.date.fromisoformat(data["coverage_end"])
        official = data["official_end"]
        st.calendar = _overlay(
            st.calendar,
            as_of,
            data["changes"],
            end,
            None if official is None else dt.date.fromisoformat(official),
            data["basis"],
        )
    dues = st.dues()
    if st.decided_at is not None and st.outcome == "approved":
        dues["delivery_due"] = _deadline(
            st.decided_at, _DELIVERY_LIMIT, st.calendar, (), (), st.receipt
        )
    if st.reported_at is not None and st.accepted_at is not None:
        # The lower level's due date (art. 43) is counted again too, as a replay on the new
        # calendar counts it; no check value (traces recorded before it still load): it is
        # fixed by the acceptance and the suspensions before the report, recorded already.
        lower = _lower_due(st, st.local(st.reported_at))
        st.lower_due_date, st.lower_due_at = lower.due_date, lower.due_at
    # Provisional is what the due dates on the calendar moved to say, not what they said
    # before: a provisional year replaced by its notice clears the mark (replay agrees).
    st.provisional = _provisional_day(st.calendar, st.lower_due_date)
    return dues


def _provisional_day(calendar: WorkCalendar, day: dt.date | None) -> bool:
    """Whether ``day`` is after the official data of ``calendar`` (False for None)."""
    official_end = getattr(calendar, "official_end", None)
    return day is not None and official_end is not None and day > official_end


def _on_feedback(
    st: _State, at: dt.datetime, by: str, data: Mapping[str, Any], seq: int, action: Action
) -> Any:
    """A 好差评 or complaint act: folded into the case's feedback view, nothing else changes.

    A rectification opened now is due ``limit`` working days after the day of the act (the
    day itself not counted), on the case's calendar; the due date is the act's check value.
    """
    found: dict[str, Deadline | None] = {}

    def due_of(_fb: CaseFeedback, days: int, opened: dt.datetime) -> tuple[dt.date, bool]:
        limit = TimeLimit.working_days(days)
        d = _deadline(opened, limit, st.calendar, (), (), ReceiptPolicy.CALENDAR_DATE)
        found["rectification_due"] = d
        return d.due_date, d.provisional

    st.feedback = feedback_step(st.feedback, action.value, at, by, data, seq, due_of)
    return found


_HANDLERS: dict[Action, Any] = {
    **{a: functools.partial(_on_feedback, action=a) for a in Action if a.feedback},
    A.ACCEPT: _on_accept,
    A.REFUSE_ACCEPTANCE: _on_refuse,
    A.REQUEST_SUPPLEMENT: _on_request,
    A.SUPPLEMENT: _on_supplement,
    A.REVIEW: _on_review,
    A.VERIFY_SUBSTANCE: _on_verify,
    A.SUSPEND: _on_suspend,
    A.RESUME: _on_resume,
    A.EXTEND: _on_extend,
    A.REPORT_UP: _on_report_up,
    A.APPROVE: _on_approve,
    A.DENY: _on_deny,
    A.ISSUE_CERTIFICATE: _on_issue,
    A.COMPLETE: _on_complete,
    A.WITHDRAW: _on_withdraw,
    A.NOTIFY: _on_notify,
    A.CORRECT: _on_correct,
    A.RECALENDAR: _on_recalendar,
}


def _check_values(dues: Mapping[str, Deadline | None]) -> dict[str, str | None]:
    return {k: (None if d is None else d.due_date.isoformat()) for k, d in dues.items()}


@attrs.frozen
class Case(FeedbackActs):
    """A case (办件): an application for a matter, from submission to completion.

    Every act (``accept``, ``approve``, ...) takes ``at=`` (an aware datetime, never the clock)
    and ``by=`` (who acted), and returns a new case with one more event in its trace; an act the
    state does not allow raises `TransitionError` naming both, and leaves the case as it was.
    The matter is pinned at submission, so a later catalogue change does not alter a running
    case. The calendar is required: the due dates are computed on it, recorded in the event
    that fixed them, and recomputed and compared when the case is read back.

    The law, rule by rule (Administrative Licensing Law):

    - art. 32(4): without a one-time notice of missing materials within five working days of
      receipt (ending at the close of office hours of the fifth, Civil Code art. 203), the
      application is accepted from the day of receipt (``deemed_acceptance``); a later
      notice is refused.
    - art. 34: a verification of the substance of the materials is by two or more staff
      (``verify_substance``).
    - art. 42: the statutory limit counts from acceptance and is measured at the decision;
      one extension, approved before it expires, by the head of the organ (para. 1, at most
      10 working days) or, for art. 26 handling, the head of the government (para. 2, 15).
    - art. 44: delivery within 10 working days of the approval (``delivery_due_date``); 办结
      of an approval not yet delivered is its delivery (``APPROVED -> DELIVERED ->
      COMPLETED`` at one instant).
    - art. 45: the closed list of reasons stops both clocks, with a written notice; a
      supplement under a named local rule stops the committed clock only. A limit in office
      hours counts a suspension by its instants.
    - arts. 35, 43: ``report_up`` (a matter the catalogue reports to a higher level) ends
      the lower level's review (20 working days); the higher level may suspend (art. 45
      only) and extend, and its decision is recorded when it comes back.
    - 驳回办理制: a restricted matter (控制事项) is refused with reasons, never approved.
    - arts. 32, 38, 42, 45: the notices are recorded with their date (``notices``).

    Args:
        case_id: The case number.
        applicant: Who applied.
        matter: The matter as it was at submission.
        kind: The kind of case, classified at submission.
        handling_system: Its handling system (六制办理), with ``handling_reasons``.
        state: The current state.
        trace: The hash chain of every act.
        submitted_by: Who received the application (the applicant: an online submission).
        calendar: The calendar for deadlines (not part of equality).
        guard: Called with a `ProposedAct` before each act is recorded; raises to veto it.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> matter = sample_catalog().select(case_kind=CaseKind.COMMITTED)[0]
        >>> case = Case.submit(matter, case_id="2025-0001", applicant="张三",
        ...                    at=dt.datetime(2025, 9, 26, 10, 0, tzinfo=sh), calendar=china())
        >>> case = case.accept(at=dt.datetime(2025, 9, 26, 10, 30, tzinfo=sh), by="窗口A")
        >>> case.state, case.due_date > dt.date(2025, 9, 26)
        (<CaseState.ACCEPTED: 'accepted'>, True)
        >>> case.timeliness.statutory.value
        'pending'
    """

    case_id: str
    applicant: str
    matter: Matter
    kind: CaseKind
    handling_system: HandlingSystem
    handling_reasons: tuple[tuple[str, str], ...]
    state: CaseState
    trace: Trace
    submitted_at: dt.datetime
    submitted_by: str = ""
    accepted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    window: str | None = None
    due_date: dt.date | None = None
    statutory_due_date: dt.date | None = None
    delivery_due_date: dt.date | None = None
    due_at: dt.datetime | None = None
    statutory_due_at: dt.datetime | None = None
    delivery_due_at: dt.datetime | None = None
    provisional: bool = False
    deemed_acceptance: bool = False
    receipt: ReceiptPolicy = ReceiptPolicy.CALENDAR_DATE
    missing: tuple[str, ...] = ()
    notified: tuple[str, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    suspended_since: dt.date | None = None
    suspension_reason: SuspensionReason | None = None
    suspension_note: str = ""
    extensions: tuple[Extension, ...] = ()
    committed_extensions: tuple[Extension, ...] = ()
    approver_roles: tuple[ApproverRole, ...] = ()
    urgent: bool = False
    green_channel: bool = False
    corrections: tuple[tuple[str, str, str], ...] = ()
    notices: tuple[CaseNotice, ...] = ()
    owed: tuple[NoticeKind, ...] = ()
    verifications: tuple[Verification, ...] = ()
    reported_to: str | None = None
    reported_at: dt.datetime | None = None
    higher_limit: TimeLimit | None = None
    higher_extensions: tuple[Extension, ...] = ()
    lower_due_date: dt.date | None = None
    lower_due_at: dt.datetime | None = None
    outcome: str | None = None
    recalendared: bool = False
    feedback: CaseFeedback = attrs.field(
        default=attrs.Factory(lambda self: CaseFeedback(self.case_id), takes_self=True),
        repr=False,
    )
    calendar: WorkCalendar | ProvisionalCalendar = attrs.field(kw_only=True, eq=False, repr=False)
    guard: Guard | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        matter: Matter,
        *,
        case_id: str,
        applicant: str,
        at: dt.datetime,
        calendar: WorkCalendar | ProvisionalCalendar,
        by: str | None = None,
        facts: CaseFacts | None = None,
        policy: ClassificationPolicy | None = None,
        receipt: ReceiptPolicy = ReceiptPolicy.CALENDAR_DATE,
        guard: Guard | None = None,
    ) -> Case:
        """A new case, submitted (申请) at ``at``; its kind and handling system are fixed now.

        Args:
            matter: The matter applied for (pinned into the case).
            case_id: The case number.
            applicant: Who applies.
            at: When (aware).
            calendar: The calendar for deadlines (required; a `ProvisionalCalendar` marks
                every due date it produces as provisional).
            by: Who received it; defaults to the applicant (an online submission).
            facts: Facts of the application for `classify`.
            policy: The center's classification policy.
            receipt: Day 0 of an application received outside office hours (`ReceiptPolicy`).
            guard: Vetoes acts before they are recorded, the submission included.
        """
        if not isinstance(matter, Matter):
            raise InvalidValueError("matter", matter, "a Matter")
        for field, value in (("case_id", case_id), ("applicant", applicant)):
            if not isinstance(value, str) or not value.strip():
                raise InvalidValueError(field, value, "a non-empty string")
        if by is not None and (not isinstance(by, str) or not by.strip()):
            # a blank clerk is not "no clerk": an online submission is by=None
            raise InvalidValueError("by", by, "who received it, or None for an online submission")
        cal = check_calendar(calendar)
        check_at(at, None)
        if not isinstance(receipt, ReceiptPolicy):
            raise InvalidValueError("receipt", receipt, "a ReceiptPolicy")
        engine(cal).is_working_day(engine(cal)._local_date(at))  # outside coverage raises here
        c = classify(matter, facts, policy=policy)
        data = {
            "case_id": case_id,
            "applicant": applicant,
            "matter": _plain_matter(matter),
            "kind": c.kind.value,
            "system": c.system.value,
            "reasons": [[r.zh, r.en] for r in c.reasons],
            "urgent": c.urgent,
            "green_channel": c.green_channel,
            "receipt": receipt.value,
        }
        stub = _Stub(case_id, Trace.start(SCHEMA, case_id), guard)
        trace = propose(stub, A.SUBMIT, at, by or applicant, data, matter_code=matter.code)
        return _replay(trace, cal, guard=guard)

    def with_guard(self, guard: Guard | None) -> Case:
        """The same case with ``guard`` called before every further act (None: no guard).

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice import GovServiceError
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> def no_self_acceptance(act):
            ...     if act.action == "accept" and act.by == "张三":
            ...         raise GovServiceError("张三 applied and may not accept")
            >>> case = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="张三",
            ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=china())
            >>> case.with_guard(no_self_acceptance).accept(
            ...     at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="张三")
            Traceback (most recent call last):
            ...
            govservice.GovServiceError: 张三 applied and may not accept
        """
        return _assemble(type(self), self, self.trace, guard)

    # -- acts ---------------------------------------------------------------------------------

    def _act(self, action: Action, at: dt.datetime, by: str, data: dict[str, Any]) -> Case:
        check_at(at, self._last_at())
        check_by(by)
        st = _State.of(self)
        dues = st.step(action, at, by, data, len(self.trace))
        if dues:
            data = {**data, "check": _check_values(dues)}
        trace = propose(self, action, at, by, data, matter_code=self.matter.code)
        return st.build(trace, self.guard)

    _feedback_act = _act  # the 好差评 acts of `FeedbackActs` are acts like any other

    def _last_at(self) -> dt.datetime:
        """The last event's instant in the calendar's zone (as the person acted, for messages)."""
        return local_instant(self.calendar, event_at(self.trace.events[-1].body))

    def accept(
        self, *, at: dt.datetime, by: str, window: str | None = None, notified: bool = True
    ) -> Case:
        """Accept the application (受理, art. 32(5)); fixes the committed and statutory due dates.

        Accepting after a supplement request needs every requested material supplied, except
        materials the matter accepts with gaps (容缺). Accepted more than five working days
        after receipt without a notice of missing materials, the application counts as
        accepted from the day of receipt (art. 32(4)): both clocks start there.

        Args:
            at: When (aware); the clocks start at this instant (or at receipt, if deemed).
            by: Who accepted.
            window: The window (窗口) that accepted; ``by`` by default.
            notified: Whether the dated, sealed acceptance receipt (art. 32) was given now.
        """
        data = {"missing_tolerated": list(self.missing), "window": window, "notified": notified}
        return self._act(A.ACCEPT, at, by, data)

    def refuse_acceptance(
        self, *, at: dt.datetime, by: str, reason: str, notified: bool = True
    ) -> Case:
        """Refuse to accept (不予受理, art. 32(1)(2)), with the dated receipt and the reason."""
        return self._act(A.REFUSE_ACCEPTANCE, at, by, {"reason": reason, "notified": notified})

    def request_supplement(self, *, at: dt.datetime, by: str, missing: Iterable[str]) -> Case:
        """Tell the applicant every missing material at once (一次性告知, art. 32(4)).

        Within five working days of receipt only; a later request may only repeat materials
        already listed, because the first notice must list them all.

        Raises:
            TransitionError: After the five working days (art. 32(4): deemed accepted).
            InvalidValueError: An unknown material, or one missing from the first notice.
        """
        if isinstance(missing, str) or not isinstance(missing, Iterable):
            raise InvalidValueError("missing", missing, "a list of materials")
        return self._act(A.REQUEST_SUPPLEMENT, at, by, {"missing": list(missing)})

    def supplement(self, *, at: dt.datetime, by: str, provided: Iterable[str]) -> Case:
        """Record materials the applicant supplied (补正)."""
        if isinstance(provided, str) or not isinstance(provided, Iterable):
            raise InvalidValueError("provided", provided, "a list of materials")
        return self._act(A.SUPPLEMENT, at, by, {"provided": list(provided)})

    def review(self, *, at: dt.datetime, by: str, opinion: str = "") -> Case:
        """Record a review (承办/审核) with the reviewer's opinion."""
        return self._act(A.REVIEW, at, by, {"opinion": opinion})

    def verify_substance(
        self, *, at: dt.datetime, by: str, staff: Sequence[str], findings: str = ""
    ) -> Case:
        """Record the verification of the substance of the materials (核查, art. 34).

        Where the law's conditions and procedure need the substance of the materials
        verified, the organ assigns two or more staff to it (指派两名以上工作人员进行核查):
        ``staff`` names them, each once, and ``findings`` says what they found. It is part of
        the review (``under_review`` after it); a higher level deciding a reported case may
        verify too, and the case stays with it (``reported``). Listed in ``verifications``.

        Raises:
            InvalidValueError: Fewer than two different staff members.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> case = Case.submit(sample_catalog()["990102-SJJ-003"], case_id="C-1",
            ...                    applicant="张三", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
            ...                    calendar=china())
            >>> case = case.accept(at=dt.datetime(2025, 3, 3, 9, 10, tzinfo=sh), by="窗口1")
            >>> case = case.verify_substance(at=dt.datetime(2025, 3, 4, 15, tzinfo=sh),
            ...                              by="科长", staff=["王五", "赵六"], findings="一致")
            >>> case.state.value, case.verifications[0].staff
            ('under_review', ('王五', '赵六'))
        """
        names = staff if isinstance(staff, str) else list(staff)  # one text is one name
        return self._act(A.VERIFY_SUBSTANCE, at, by, {"staff": names, "findings": findings})

    def suspend(
        self,
        *,
        at: dt.datetime,
        by: str,
        reason: SuspensionReason | str,
        note: str = "",
        notified: bool = True,
    ) -> Case:
        """Stop the clocks (special procedure, 特别程序).

        An art. 45 reason (hearing, bidding, auction, testing, inspection, quarantine,
        appraisal, expert review) stops both clocks, and the time needed is told to the
        applicant in writing (``notified``). A supplement of materials (补正材料) is not in
        art. 45: it needs ``note`` naming the local rule, and stops the committed clock and
        step clocks only, never the statutory limit. Every suspension can be resumed; one
        runs at a time. A reported case may be suspended by the higher level for an art. 45
        reason, never for a supplement (art. 35: the materials went up with it).
        """
        why = SuspensionReason.parse(reason)
        data = {"reason": why.value, "note": note, "notified": notified and why.statutory}
        return self._act(A.SUSPEND, at, by, data)

    def resume(self, *, at: dt.datetime, by: str) -> Case:
        """Restart the clocks; the due dates move by the suspended working days.

        The day of suspension to the day before resumption are not counted (convention); a
        limit in office hours does not count the time from the instant of suspension to the
        instant of resumption. A reported case goes back to the higher level (``reported``).
        """
        return self._act(A.RESUME, at, by, {})

    def extend(
        self,
        *,
        at: dt.datetime,
        by: str,
        amount: int,
        approved_by: str,
        reason: str,
        approver_role: ApproverRole | str = ApproverRole.HEAD_OF_ORGAN,
        basis: str = "",
        local_rule: str = "",
        notified: bool = True,
    ) -> Case:
        """Extend the statutory limit (延期, Administrative Licensing Law art. 42).

        Para. 1: at most 10 working days, approved by the head of the organ (本行政机关负责人);
        para. 2, a matter handled under art. 26 (``Matter.unified_handling``): at most 15,
        approved by the head of the government (本级人民政府负责人). The law grants one
        extension, not a budget spent in parts. The approval must come before the statutory
        due date has passed, and the reason is told to the applicant. A longer or a further
        extension needs ``basis``, the law or regulation that provides it. The committed
        limit moves only under a named ``local_rule``.

        Raises:
            InvalidValueError: Too long, a second one without ``basis``, the wrong approver, or
                after the due date.
        """
        role = approver_role.value if isinstance(approver_role, ApproverRole) else approver_role
        data = {
            "amount": amount,
            "approved_by": approved_by,
            "approver_role": role,
            "reason": reason,
            "basis": basis,
            "local_rule": local_rule,
            "notified": notified,
        }
        return self._act(A.EXTEND, at, by, data)

    def report_up(
        self,
        *,
        at: dt.datetime,
        by: str,
        to: str,
        opinion: str = "",
        limit: TimeLimit | str | None = None,
    ) -> Case:
        """Report the case up after the lower level's review (上报, arts. 35 and 43).

        The lower level's part ends here, on time or late against 20 working days from
        acceptance (art. 43; ``lower_due_date``). The decision is the higher level's, within
        its own statutory limit (``limit``: the limit of the matter the case's matter reports
        to, ``catalog[case.matter.reports_to].statutory_limit``; without one, the 20 working
        days of art. 42 para. 1), counted from the day of the report as `linkage` counts it:
        ``statutory_due_date`` and ``timeliness.statutory`` measure the higher level's
        decision against it (``higher_limit``). The case records to whom it went; the higher
        level's decision is recorded with `approve` or `deny` when it comes back; meanwhile it
        may stop the clock for an art. 45 reason (`suspend`) and extend it once (`extend`,
        art. 42). The applicant is never asked to resubmit the materials (art. 35): no
        supplement request, nor supplement suspension, follows.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> at = dt.datetime(2025, 9, 22, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> catalog = sample_catalog()
            >>> matter = catalog["990102101-XZ-001"]  # a township's 受理及初审; the county decides
            >>> case = Case.submit(matter, case_id="XZ-1", applicant="张三", at=at,
            ...                    calendar=china())
            >>> case = case.accept(at=at.replace(hour=10), by="镇窗口")
            >>> up = case.report_up(at=at.replace(month=10, day=10), by="镇窗口", to="县民政局",
            ...                     limit=catalog[matter.reports_to].statutory_limit)
            >>> up.lower_due_date, up.higher_limit.amount, up.statutory_due_date
            (datetime.date(2025, 10, 24), 30, datetime.date(2025, 11, 20))
        """
        chosen = TimeLimit.working_days(HIGHER_DECISION_DAYS) if limit is None else limit
        if isinstance(chosen, str):
            chosen = TimeLimit.parse(chosen)
        if not isinstance(chosen, TimeLimit):
            raise InvalidValueError("limit", limit, "a TimeLimit, or a limit like '20个工作日'")
        data = {"to": to, "opinion": opinion, "limit": converter.unstructure(chosen)}
        return self._act(A.REPORT_UP, at, by, data)

    def approve(self, *, at: dt.datetime, by: str, opinion: str = "") -> Case:
        """Approve (准予许可, art. 38): the decision the statutory limit is measured at.

        Starts the delivery clock: 10 working days (art. 44). An immediate case may be
        approved straight after acceptance. A restricted matter (控制事项, 驳回办理制) is
        refused with reasons, never approved (`TransitionError`).
        """
        return self._act(A.APPROVE, at, by, {"opinion": opinion})

    def deny(self, *, at: dt.datetime, by: str, reason: str, notified: bool = True) -> Case:
        """Deny (不予许可, art. 38): the reasons, and the right to reconsideration or litigation."""
        return self._act(A.DENY, at, by, {"reason": reason, "notified": notified})

    def issue_certificate(self, *, at: dt.datetime, by: str, certificate: str = "") -> Case:
        """Issue and deliver the certificate (发证/送达, art. 44: within 10 working days).

        Late delivery is allowed, and recorded as late (``timeliness.delivery``).
        """
        return self._act(A.ISSUE_CERTIFICATE, at, by, {"certificate": certificate})

    deliver = issue_certificate

    def complete(self, *, at: dt.datetime, by: str) -> Case:
        """Complete the case (办结); the trace is sealed. ``close`` is the same act.

        An approval not yet delivered is delivered by it (the glossary's states run
        ``APPROVED -> CERTIFICATE_MAKING -> DELIVERED -> COMPLETED``, and a parallel case's
        办结 is its unified delivery too): ``delivered_at`` is this instant, and
        ``timeliness.delivery`` measures it against ``delivery_due_date`` (art. 44), so it
        never stays pending on a closed approval.
        """
        return self._act(A.COMPLETE, at, by, {"outcome": self.outcome})

    close = complete

    def withdraw(self, *, at: dt.datetime, by: str, reason: str = "") -> Case:
        """The applicant withdraws (撤回); the trace is sealed."""
        return self._act(A.WITHDRAW, at, by, {"reason": reason})

    def notify(self, kind: NoticeKind | str, *, at: dt.datetime, by: str) -> Case:
        """Record a notice the case still owes (see `missing_notices`), given now."""
        value = kind.value if isinstance(kind, NoticeKind) else kind
        return self._act(A.NOTIFY, at, by, {"kind": value})

    def correct(self, *, at: dt.datetime, by: str, field: str, value: str, reason: str) -> Case:
        """Record a correction as a new event; nothing recorded is ever edited.

        Allowed in any state, also after the case is sealed.
        """
        return self._act(A.CORRECT, at, by, {"field": field, "value": value, "reason": reason})

    def recalendar(self, calendar: WorkCalendar, *, at: dt.datetime, by: str) -> Case:
        """Move a running case to a changed calendar (a late notice, an amendment like 2020's).

        Working days already used, up to the day of ``at``, stay as the old calendar counted
        them; the remainder is counted on the new one. Provisional days are never "used":
        from a `ProvisionalCalendar`, every day after its official data is counted again on
        the new calendar, even one already passed (a notice loaded on 2 January still makes
        1 January a holiday). The change is recorded in the trace with the new due dates;
        ``provisional`` then says whether the new dates still depend on provisional days.
        """
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", calendar, "a WorkCalendar")
        check_at(at, self._last_at())
        as_of = local_date(self.calendar, at)
        if isinstance(self.calendar, ProvisionalCalendar):
            # Provisional days were never official, passed or not: they are counted again on
            # the new calendar, as a replay on it counts them (and as a store recalendars).
            as_of = min(as_of, self.calendar.official_end)
        data: dict[str, Any] = {
            "calendar": calendar.name,
            "as_of": as_of.isoformat(),
            "coverage_end": calendar.coverage.end.isoformat(),
            # a provisional target calendar stays provisional after its official data
            "official_end": (
                calendar.official_end.isoformat()
                if isinstance(calendar, ProvisionalCalendar)
                else None
            ),
            "basis": calendar.basis if isinstance(calendar, ProvisionalCalendar) else None,
            "changes": _changes(self.calendar, calendar, as_of),
            "reload": False,
        }
        return self._act(A.RECALENDAR, at, by, data)

    # -- questions ----------------------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"<Case {self.case_id} matter={self.matter.code} kind={self.kind.value} "
            f"state={self.state.value} events={len(self.trace)} head={self.trace.head[:12]}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        """A card for notebooks: state, kind, due dates, timeliness and the trace's last events."""
        from govservice._display import card, table

        def day(value: dt.date | None) -> str:
            return "-" if value is None else value.isoformat()

        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.calendar.office_hours.timezone)

        def local(stamp: str) -> str:
            return dt.datetime.fromisoformat(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M")

        t = self.timeliness
        rows = [
            [e.seq, e.payload["action"], e.payload["by"], local(e.payload["at"]), e.hash[:12]]
            for e in list(self.trace)[-8:]
        ]
        return card(
            f"办件 Case {self.case_id}: {self.matter.name}",
            [
                ("状态 state", self.state.value),
                ("类型 kind", f"{self.kind.value} / {self.handling_system.value}"),
                ("承诺到期 committed due", day(self.due_date)),
                ("法定到期 statutory due", day(self.statutory_due_date)),
                ("送达到期 delivery due", day(self.delivery_due_date)),
                (
                    "时效 timeliness",
                    f"{t.committed.value} / {t.statutory.value} / {t.delivery.value}",
                ),
                ("含预估日期 provisional", self.provisional),
                ("告知 notices", ", ".join(n.kind.value for n in self.notices) or "-"),
                ("留痕 trace", f"{len(self.trace)} events, head {self.trace.head[:16]}"),
            ],
            extra=table(["#", "act", "by", "at", "hash"], rows),
        )

    @property
    def committed_limit(self) -> TimeLimit:
        """The committed limit this case runs under (承诺时限).

        The matter's ``urgent_limit`` for an urgent or green-channel case, when the catalogue
        gives one; its ``committed_limit`` otherwise. The committed due date recorded at
        acceptance is fixed from it, so replay re-checks it.

        Examples:
            >>> import attrs, datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import TimeLimit, china
            >>> from govservice.matters import CaseFacts, sample_catalog
            >>> m = attrs.evolve(next(iter(sample_catalog())),
            ...                  urgent_limit=TimeLimit.working_days(1))
            >>> at = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> case = Case.submit(m, case_id="1", applicant="张三", at=at, calendar=china(),
            ...                    facts=CaseFacts(urgent=True))
            >>> str(case.committed_limit)
            '1 working day'
            >>> case.accept(at=at, by="李四").due_date
            datetime.date(2025, 3, 4)
        """
        return committed_limit_of(self.matter, self.urgent, self.green_channel)

    @property
    def matter_code(self) -> str:
        """The matter's implementation code."""
        return self.matter.code

    @property
    def department(self) -> str:
        """The department implementing the matter."""
        return self.matter.department

    @property
    def deemed_acceptance_date(self) -> dt.date:
        """The last day for the notice of missing materials; after it, acceptance is deemed.

        Five working days after the day of receipt (Administrative Licensing Law art. 32(4)).
        """
        return _State.of(self).notice_due()

    @property
    def deemed_acceptance_at(self) -> dt.datetime:
        """The instant the five working days for the notice end (art. 32(4)).

        The close of office hours on `deemed_acceptance_date` (Civil Code art. 203), as every
        limit in days ends: a notice of missing materials, a refusal or an acceptance after
        it finds the application accepted from the day of receipt.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> c = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="李四",
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
            ...                 calendar=china())
            >>> c.deemed_acceptance_at.isoformat()
            '2025-03-10T17:30:00+08:00'
        """
        return closing(self.calendar, self.deemed_acceptance_date)

    def deemed_accepted(self, today: dt.date) -> bool:
        """Whether the application counts as accepted by law on ``today`` (art. 32(4)).

        When neither acceptance, refusal nor a notice of missing materials came within five
        working days of receipt, the application is accepted from the day of receipt.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> m = next(iter(sample_catalog()))
            >>> c = Case.submit(m, case_id="1", applicant="李四", calendar=china(),
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
            >>> c.deemed_accepted(dt.date(2025, 3, 10)), c.deemed_accepted(dt.date(2025, 3, 11))
            (False, True)
        """
        if self.deemed_acceptance:
            return True
        if self.notified or self.state not in (S.SUBMITTED, S.SUPPLEMENT_REQUESTED):
            return False
        return today > self.deemed_acceptance_date

    def working_days_to_deemed_acceptance(self, today: dt.date) -> int | None:
        """Working days left on ``today`` before acceptance is deemed (None: it cannot be)."""
        if self.notified or self.state is not S.SUBMITTED:
            return None
        cal = engine(self.calendar)
        due = self.deemed_acceptance_date
        return cal.working_days_between(today, due) if today <= due else 0

    @property
    def timeliness(self) -> Timeliness:
        """The three clocks: committed at 办结, statutory at the decision, delivery (art. 44)."""
        return Timeliness(
            timeliness_of(self.completed_at, self.due_date, self.due_at),
            timeliness_of(self.decided_at, self.statutory_due_date, self.statutory_due_at),
            timeliness_of(self.delivered_at, self.delivery_due_date, self.delivery_due_at),
        )

    @property
    def lower_timeliness(self) -> TimelinessStatus:
        """How the lower level kept its review limit before reporting up (art. 43)."""
        return timeliness_of(self.reported_at, self.lower_due_date, self.lower_due_at)

    @property
    def missing_notices(self) -> tuple[NoticeKind, ...]:
        """The notices the law requires that were not given (visible to monitoring)."""
        return self.owed

    @property
    def supplement_notice_on(self) -> dt.date | None:
        """The day of the one-time notice of missing materials (补正告知, art. 32(4)), or None.

        From that day the application no longer waits to be deemed accepted: it waits for the
        materials (records' ``supplement_notice_on``; monitoring leaves it out of the
        applications awaiting acceptance).

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> m = sample_catalog()["990102-SJJ-003"]
            >>> c = Case.submit(m, case_id="1", applicant="李四", calendar=china(),
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), by="窗口1")
            >>> c.supplement_notice_on is None
            True
            >>> c = c.request_supplement(at=dt.datetime(2025, 3, 4, 9, tzinfo=sh), by="窗口1",
            ...                          missing=[m.materials[0].name])
            >>> c.supplement_notice_on
            datetime.date(2025, 3, 4)
        """
        for notice in self.notices:
            if notice.kind is NoticeKind.SUPPLEMENT:
                return notice.on
        return None

    @property
    def extended_working_days(self) -> int:
        """Working days added to the statutory limit by approved extensions (art. 42)."""
        return sum(int(e.amount) for e in self.extensions)

    @property
    def corrected(self) -> dict[str, str]:
        """The latest corrected value of each corrected field (the records stay as they were)."""
        return {field: value for field, value, _reason in self.corrections}

    @property
    def sealed(self) -> bool:
        """Whether the case is completed or withdrawn."""
        return self.state.terminal

    def allows(self, action: Action | str) -> bool:
        """Whether the case's state allows ``action``: the first check of every act.

        Other checks (times, the law's conditions, a guard) may still refuse the act; this
        says which acts a screen may offer at all.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> at = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> case = Case.submit(sample_catalog().matters[0], case_id="X", applicant="王",
            ...                    at=at, calendar=china())
            >>> case.allows("accept"), case.allows("complete")
            (True, False)
        """
        act = Action(action)
        if act is A.REPORT_UP and self.matter.reports_to is None:
            return False  # art. 43: only a matter the catalogue reports up
        return self.state in _ALLOWED[act]

    @property
    def outcome_kind(self) -> CaseKind:
        """The kind as the Zhoushan profile counts it: returned (退回件), supplementary (补办件)."""
        if self.state is S.NOT_ACCEPTED or self.outcome == "returned":
            return CaseKind.RETURNED
        if self.state is S.SUPPLEMENT_REQUESTED:
            return CaseKind.SUPPLEMENTARY
        return self.kind

    # -- serialization ------------------------------------------------------------------------

    def to_json(self) -> str:
        """The case as JSON text: its schema, its id and its trace, event by event.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import sample_catalog
            >>> c = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="李四",
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
            ...                 calendar=china())
            >>> Case.from_json(c.to_json(), calendar=china()) == c
            True
        """
        return dump_trace(self.trace, SCHEMA, self.case_id)

    @classmethod
    def from_json(
        cls,
        text: str,
        *,
        calendar: WorkCalendar | ProvisionalCalendar,
        guard: Guard | None = None,
        recalendar: bool = False,
        expected_head: str | None = None,
        by: str = "govservice",
        at: dt.datetime | None = None,
    ) -> Case:
        """A case from `to_json` text; every event is re-checked as the live act was.

        The hashes are verified, then each event runs through the same checks as the live act
        (state, time, actor, exact payload, the law's rules); the due dates are recomputed on
        ``calendar`` and compared with the values recorded.

        Args:
            text: What `to_json` wrote.
            calendar: The calendar (required). Calendar changes recorded in the trace are laid
                over it again.
            guard: Vetoes further acts (see `with_guard`).
            recalendar: Accept due dates that ``calendar`` moves: the change is recorded in
                the trace (a ``recalendar`` event by ``by``, dated ``at``).
            expected_head: A head handed out earlier (a receipt): a trace cut back to before
                it is refused.
            by: Who records a recalendar on load.
            at: When a recalendar on load is recorded (aware, not before the last event);
                the last event's instant when None (no clock is read).

        Raises:
            TraceIntegrityError: The trace was changed, reordered, cut or forged; it names the
                event.
            CalendarMismatchError: ``calendar`` gives another due date than the one recorded.
            InvalidValueError: The text is not a case at all.
        """
        cal = check_calendar(calendar)
        trace = load_trace(text, SCHEMA, expected_head=expected_head, what="a case")
        if at is not None:
            check_at(at, None)
        return _replay(trace, cal, guard=guard, recalendar=recalendar, by=by, when=at)


# The case's fields in its order, read from a `_State` by `_State.build` (the trace comes
# after the first seven; the calendar and the guard are keywords).
_ORDER = tuple(f.name for f in attrs.fields(Case) if f.init and f.name not in ("calendar", "guard"))
_BEFORE_TRACE = attrgetter(*_ORDER[: _ORDER.index("trace")])
_AFTER_TRACE = attrgetter(*_ORDER[_ORDER.index("trace") + 1 :])
_STATE_OF = attrgetter(*_State.FIELDS)


def _assemble(kind: type[Case], values: Case | _State, trace: Trace, guard: Guard | None) -> Case:
    """A case of ``kind`` from the values of a case or a live state, with ``trace``, ``guard``.

    Positional, in the case's own order: the values are read in one C call.
    """
    make: Any = kind  # mypy cannot match values read by attrgetter to the fields
    case: Case = make(
        *_BEFORE_TRACE(values), trace, *_AFTER_TRACE(values), calendar=values.calendar,
        guard=guard,
    )  # fmt: skip
    return case


if {*_ORDER, "calendar"} - {"trace"} != set(_State.FIELDS):  # pragma: no cover
    raise AssertionError("_State must hold every field of Case but the trace and the guard")


class _Stub:
    """What `propose` needs of a case before its first event exists."""

    def __init__(self, case_id: str, trace: Trace, guard: Guard | None) -> None:
        self.case_id, self.trace, self.guard = case_id, trace, guard


def _plain_matter(matter: Matter) -> Any:
    """The matter as JSON data without floats (hour limits as text amounts)."""

    def fix(value: Any) -> Any:
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return fix(converter.unstructure(matter))


@functools.lru_cache(maxsize=1024)
def _matter_from_text(raw: str) -> Matter:
    """The matter of a submission, remembered by its canonical text (matters are immutable)."""
    plain = json.loads(raw, parse_float=_no_float)
    result: Matter = converter.structure(_numbers(plain), Matter)
    if _canonical(_plain_matter(result)) != raw:
        raise InvalidValueError("matter", raw[:60], "a matter in canonical form")
    return result


def _no_float(text: str) -> Any:
    raise InvalidValueError("payload", text, "no float in a trace (numbers as integers or text)")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_DECODER = json.JSONDecoder(parse_float=_no_float)


def _canonical(value: Any) -> str:
    return _ENCODER.encode(value)


# The same encoding as `_ENCODER`, through the C encoder directly: `_parse` re-encodes every
# payload to check it is canonical, and the encoder's Python wrappers cost about as much as
# the encoding. Payloads are parsed JSON (no cycles, no floats), so no circularity markers.
_C_MAKE = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE = (
    None
    if _C_MAKE is None
    else _C_MAKE(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",",
                 True, False, True)
)  # fmt: skip


def _canonical_payload(value: dict[str, Any]) -> str:
    if _C_ENCODE is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


_ACTION_OF = {a.value: a for a in Action}
E = TypeVar("E", bound=enum.Enum)


def _numbers(value: Any) -> Any:
    """Undo `_plain_matter`: text amounts of limits back to numbers."""
    if isinstance(value, dict):
        out = {k: _numbers(v) for k, v in value.items()}
        if set(out) == {"amount", "unit"} and isinstance(out["amount"], str):
            out["amount"] = float(out["amount"])
        return out
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


_SUBMIT_FIELDS = frozenset(
    {"case_id", "applicant", "matter", "kind", "system", "reasons", "urgent", "green_channel",
     "receipt"}
)  # fmt: skip
_ENVELOPE = frozenset({"action", "at", "by", "data"})
_ZERO = dt.timedelta(0)


def _parse(body: str) -> tuple[Action, dt.datetime, str, dict[str, Any], str]:
    """An event's act, instant, actor and data; the payload must be canonical JSON.

    A submission's matter is left out of the data (``None``) and returned as its exact text,
    so a matter already seen is never parsed again.
    """
    text_ = body.split("\n", 3)[3]
    matter = ""
    if text_.startswith('{"action":"submit",'):
        # Canonical JSON has sorted keys and escapes every quote inside a string, so the
        # matter's text is what stands between these two keys of the submission's data.
        start = text_.index('"matter":') + len('"matter":')
        end = text_.index(',"reasons":', start)
        matter, text_ = text_[start:end], text_[:start] + "null" + text_[end:]
    payload = _canonical_decode(text_)
    canonical_ok = payload is not None
    if payload is None:  # not canonical as orjson reads it: the standard library decides
        payload, end = _DECODER.raw_decode(text_)
        if end != len(text_):
            raise InvalidValueError("payload", text_[end : end + 20], "one JSON object")
    if not isinstance(payload, dict) or payload.keys() != _ENVELOPE:
        raise InvalidValueError("event", sorted(payload), "exactly action, at, by and data")
    name = payload["action"]
    action = _ACTION_OF.get(name) if isinstance(name, str) else None
    if action is None:
        action = Action(name)  # raises, naming the value
    stamp = payload["at"]
    at = _instant(stamp)
    by, data = payload["by"], payload["data"]
    check_by(by)
    if not isinstance(data, dict):
        raise InvalidValueError("data", data, "an object")
    if not canonical_ok and _canonical_payload(payload) != text_:
        raise InvalidValueError("payload", text_[:60], "canonical JSON (sorted keys, no spaces)")
    return action, at, by, data, matter


_SORT_KEYS = orjson.OPT_SORT_KEYS


def _canonical_decode(text_: str) -> Any:
    """The JSON value of ``text_`` if ``text_`` is exactly its canonical form, else None.

    orjson reads the text and writes the value back; equal bytes and no float inside mean the
    standard library's canonical form is the same text (the encoders agree, a property test
    shows it). Anything else (a float, an integer beyond 64 bits, a lone surrogate, spaces,
    a duplicate key) gives None, and the caller checks the text the old way.
    """
    try:
        raw = text_.encode("utf-8")
        value = orjson.loads(raw)
    except (UnicodeEncodeError, orjson.JSONDecodeError):
        return None
    if orjson.dumps(value, option=_SORT_KEYS) != raw:
        return None
    # orjson writes every float with "." or an exponent "e+"/"e-": without them, none is left.
    if "." in text_ or "e+" in text_ or "e-" in text_:
        try:
            if _has_float(value):
                return None
        except RecursionError:  # nested too deep to look: the standard library decides
            return None
    return value


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


_FROM_ISO = dt.datetime.fromisoformat


def _instant(stamp: Any) -> dt.datetime:
    """An event's instant: its text must be the UTC ISO form `iso` writes.

    The common form, ``YYYY-MM-DDTHH:MM:SS+00:00``, is recognised by its shape once it has
    parsed; any other text is compared with the instant written back.
    """
    at = _FROM_ISO(stamp)
    common = (
        at.tzinfo is dt.UTC
        and len(stamp) == 25
        and stamp[4:17:3] == "--T::"
        and stamp[19:] == "+00:00"
    )
    if not common and (at.utcoffset() != _ZERO or at.isoformat() != stamp):
        raise InvalidValueError("at", stamp, "an aware instant in UTC ISO form")
    return at


def _member(enum_: type[E], value: object) -> E:
    """``enum_(value)`` by a dictionary look-up (the enum call raises for anything else)."""
    found = enum_._value2member_map_.get(value) if isinstance(value, str) else None
    return found if type(found) is enum_ else enum_(value)


def _start(trace: Trace, calendar: WorkCalendar | ProvisionalCalendar) -> _State:
    event = trace.events[0]
    action, at, by, data, raw_matter = _parse(event.body)
    if action is not A.SUBMIT:
        raise TraceIntegrityError(0, "the first event is not a submission")
    if data.keys() != _SUBMIT_FIELDS:
        raise InvalidValueError("data", sorted(data), "exactly the fields of a submission")
    matter = _matter_from_text(raw_matter)
    st = _State.__new__(_State)
    st.case_id, st.applicant = (
        text("case_id", data["case_id"]),
        text("applicant", data["applicant"]),
    )
    st.matter = matter
    st.kind = _member(CaseKind, data["kind"])
    st.handling_system = _member(HandlingSystem, data["system"])
    st.handling_reasons = tuple((str(zh), str(en)) for zh, en in data["reasons"])
    for mark in ("urgent", "green_channel"):
        if not isinstance(data[mark], bool):
            raise InvalidValueError(mark, data[mark], "True or False")
    st.urgent, st.green_channel = data["urgent"], data["green_channel"]
    _check_classification(matter, st.kind, st.handling_system)
    for mark, reason in _MARK_REASONS.items():
        if (reason in st.handling_reasons) is not data[mark]:
            raise InvalidValueError(
                "reasons", data["reasons"], f"listing {reason[1]!r} exactly when {mark} is true"
            )
    st.receipt = _member(ReceiptPolicy, data["receipt"])
    st.state = S.SUBMITTED
    st.submitted_at, st.submitted_by = at, by
    st.accepted_at = st.decided_at = st.completed_at = st.delivered_at = st.ended_at = None
    st.window = st.due_date = st.statutory_due_date = st.delivery_due_date = None
    st.due_at = st.statutory_due_at = st.delivery_due_at = None
    st.suspended_since = st.suspension_reason = st.reported_to = st.reported_at = None
    st.higher_limit, st.higher_extensions = None, ()
    st.lower_due_date = st.lower_due_at = st.outcome = None
    st.provisional = st.deemed_acceptance = st.recalendared = False
    st.missing = st.notified = ()
    st.suspensions, st.extensions, st.committed_extensions, st.approver_roles = (), (), (), ()
    st.corrections, st.notices, st.owed, st.verifications = (), (), (), ()
    st.suspension_note = ""
    st.feedback = CaseFeedback(st.case_id)
    st.calendar = calendar
    st.spans, st.source = [], None
    return st


#: The reason `classify` gives for each mark of a case (recorded with the submission).
_MARK_REASONS = {
    "urgent": ("标记为急办", "marked urgent"),
    "green_channel": ("走绿色通道", "on the green channel"),
}


def _possible_kinds(matter: Matter) -> frozenset[CaseKind]:
    """The kinds `classify` can give ``matter`` under some facts and some policy.

    The facts and the policy of a submission are not recorded, so replay checks that the
    recorded kind is one of these: a matter handled as 特事特办 is special whatever the facts;
    a reported one is reported (or special); one needing two departments is joint (or special);
    only a commitment that is immediate or in office hours can make an immediate case.
    """
    if matter.special:
        return frozenset({CaseKind.SPECIAL})
    if matter.reports_to is not None:
        return frozenset({CaseKind.SPECIAL, CaseKind.REPORTED})
    if len(matter.all_departments) >= 2:
        return frozenset({CaseKind.SPECIAL, CaseKind.JOINT})
    unit = matter.committed_limit.unit
    own = {
        LimitUnit.IMMEDIATE: {CaseKind.IMMEDIATE},
        LimitUnit.WORKING_HOURS: {CaseKind.IMMEDIATE, CaseKind.COMMITTED},
    }.get(unit, {CaseKind.COMMITTED})
    return frozenset({CaseKind.SPECIAL, CaseKind.JOINT, *own})


def _check_classification(matter: Matter, kind: CaseKind, system: HandlingSystem) -> None:
    """A submission's recorded kind and handling system, as `classify` could have given them.

    An immediate case may be decided without review, so a kind forged after the fact would
    skip a check of the law; the handling system follows from the kind (驳回办理制 for a
    restricted matter).
    """
    possible = _possible_kinds(matter)
    if kind not in possible:
        raise InvalidValueError(
            "kind",
            kind.value,
            f"a kind the matter {matter.code} can have: "
            + ", ".join(sorted(k.value for k in possible)),
        )
    expected = HandlingSystem.REJECTION if matter.restricted else _SYSTEMS.get(kind)
    if system is not expected:
        raise InvalidValueError(
            "system",
            system.value,
            f"{expected.value if expected else 'none'} for a {kind.value} case",
        )


def _replay(
    trace: Trace,
    calendar: WorkCalendar | ProvisionalCalendar,
    *,
    guard: Guard | None = None,
    recalendar: bool = False,
    by: str = "govservice",
    when: dt.datetime | None = None,
) -> Case:
    """Rebuild a case from its trace, re-checking every event as the live act was checked.

    ``when``: the instant a recalendar on load is recorded at (else the last event's).
    """
    events = trace.events
    seq = 0
    mismatches: list[CalendarMismatchError] = []
    # A recorded calendar change explains the due dates before it: replayed on the calendar
    # after the change, only that event and the ones after it must agree exactly. Where the
    # last change is, is looked up on the first mismatch (most traces have none).
    reload_at: int | None = None
    try:
        st = _start(trace, calendar)
        last = st.submitted_at
        for seq in range(1, len(events)):
            action, at, who, data, _raw = _parse(events[seq].body)
            if action is A.SUBMIT:
                raise InvalidValueError("action", "submit", "a submission only as event 0")
            if at < last:
                raise InvalidValueError("at", at.isoformat(), f"not before {last.isoformat()}")
            last = at
            recorded = data.pop("check", None)
            dues = st.step(action, at, who, data, seq)
            got = _check_values(dues) if dues else None
            if got != recorded:
                if not isinstance(recorded, dict) or got is None or recorded.keys() != got.keys():
                    raise InvalidValueError("check", recorded, f"the due dates {got}")
                for key in _DUE_FIELDS:
                    if key in got and got[key] != recorded[key]:
                        error = CalendarMismatchError(
                            st.case_id, key, _date(recorded[key]), _date(got[key]), seq
                        )
                        if reload_at is None:
                            reload_at = last_recalendar(events)
                        if seq < reload_at:
                            continue  # explained by the calendar change recorded later
                        if not recalendar:
                            raise error
                        mismatches.append(error)
    except Exception as exc:
        raise replay_error(seq, exc) from None
    case = st.build(trace, guard)
    if mismatches:
        # Recalendar on load: the change is recorded at ``when``, else at the last event.
        last_at = local_instant(calendar, events[-1].payload["at"])
        if when is not None:
            last_at = check_at(when, last_at)
        data = {"calendar": getattr(engine(calendar), "name", ""), "as_of": None,
                "coverage_end": None, "official_end": None, "basis": None, "changes": [],
                "reload": True}  # fmt: skip
        case = attrs.evolve(case, guard=None)._act(A.RECALENDAR, last_at, by, data)
        case = attrs.evolve(case, guard=guard)
    return case


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _changes(old: WorkCalendar, new: WorkCalendar, as_of: dt.date) -> list[dict[str, Any]]:
    """The entries after ``as_of`` that differ between two calendars, as JSON data."""
    before = {d.date: d for d in old.days if d.date > as_of}
    after = {d.date: d for d in new.days if d.date > as_of}
    changes = []
    for day in sorted(before.keys() | after.keys()):
        if before.get(day) != after.get(day):
            entry = after.get(day)
            raw = None if entry is None else converter.unstructure(entry)
            changes.append({"date": day.isoformat(), "entry": raw})
    return changes


def _overlay(
    base: WorkCalendar,
    as_of: dt.date,
    changes: Iterable[Mapping[str, Any]],
    end: dt.date,
    official_end: dt.date | None = None,
    basis: str | None = None,
) -> WorkCalendar:
    """``base`` with recorded changes after ``as_of``: the days already used stay as they were.

    The result is provisional after ``official_end`` when the calendar recalendared to was a
    `ProvisionalCalendar`, and a plain `WorkCalendar` otherwise (a provisional year replaced by
    its notice is official from then on).
    """
    from govservice.calendar import DayEntry

    entries = {d.date: d for d in base.days}
    for change in changes:
        day = dt.date.fromisoformat(change["date"])
        if day <= as_of:
            continue
        if change["entry"] is None:
            entries.pop(day, None)
        else:
            entries[day] = converter.structure(change["entry"], DayEntry)
    coverage = attrs.evolve(base.coverage, end=max(base.coverage.end, end))
    fields = {f.name: getattr(base, f.name) for f in attrs.fields(WorkCalendar) if f.init}
    fields.update(coverage=coverage, days=list(entries.values()))
    if official_end is not None and official_end < coverage.end:
        return ProvisionalCalendar(**fields, official_end=official_end, basis=basis or "statutory")
    return WorkCalendar(**fields)


def load_case(
    text: str,
    *,
    calendar: WorkCalendar | ProvisionalCalendar,
    guard: Guard | None = None,
    recalendar: bool = False,
    expected_head: str | None = None,
) -> Any:
    """A stored case of either kind: `Case.from_json` or ``ParallelCase.from_json`` by schema.

    Args:
        text: What ``to_json`` wrote, for a case or a parallel case.
        calendar: The calendar (required).
        guard: Vetoes further acts.
        recalendar: Accept due dates the calendar moves (recorded in the trace).
        expected_head: A head handed out earlier (a receipt).

    Raises:
        InvalidValueError: The text names no known schema.
        TraceIntegrityError: The trace was changed, reordered, cut or forged.
        CalendarMismatchError: The calendar moves a recorded due date.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> c = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="李四",
        ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        ...                 calendar=china())
        >>> load_case(c.to_json(), calendar=china()) == c
        True
    """
    from govservice._lifecycle import document_schema

    schema = document_schema(text)
    options: dict[str, Any] = {
        "calendar": calendar,
        "guard": guard,
        "recalendar": recalendar,
        "expected_head": expected_head,
    }
    if schema == SCHEMA:
        return Case.from_json(text, **options)
    from govservice.approval import ParallelCase  # the approval package builds on this one

    if schema == ParallelCase.SCHEMA:
        return ParallelCase.from_json(text, **options)
    raise InvalidValueError("schema", schema, f"{SCHEMA!r} or {ParallelCase.SCHEMA!r}")
