"""The case (办件) lifecycle: an immutable value rebuilt from its trace, one action at a time."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from govservice._errors import (
    GovServiceError,
    InvalidValueError,
    TraceIntegrityError,
    TransitionError,
)
from govservice.calendar import (
    Extension,
    LimitUnit,
    Suspension,
    SuspensionReason,
    WorkCalendar,
    china,
    deadline,
)
from govservice.matters._classify import CaseFacts, ClassificationPolicy, classify
from govservice.matters._guard import Guard, ProposedAct
from govservice.matters._model import CaseKind, Matter
from govservice.matters._serde import converter
from govservice.matters._trace import Trace, TraceEvent, trace_from_json, trace_to_json

__all__ = ["Case", "CaseState"]

_SCHEMA = "govservice.case/1"


class CaseState(enum.Enum):
    """The states of a case (DOMAIN §1.5; Administrative Licensing Law arts. 29-45).

    Examples:
        >>> CaseState("under_review").terminal
        False
    """

    SUBMITTED = "submitted"  #: 申请/收件 (art. 29)
    SUPPLEMENT_REQUESTED = "supplement_requested"  #: 补正, one-time notice (art. 32(4))
    ACCEPTED = "accepted"  #: 受理 (art. 32(5))
    NOT_ACCEPTED = "not_accepted"  #: 不予受理 (art. 32(1)(2))
    UNDER_REVIEW = "under_review"  #: 审查 (arts. 34-37)
    SUSPENDED = "suspended"  #: clock stopped (art. 45)
    APPROVED = "approved"  #: 准予许可 (art. 38)
    DENIED = "denied"  #: 不予许可 (art. 38)
    DELIVERED = "delivered"  #: 发证/送达 (art. 44)
    COMPLETED = "completed"  #: 办结, sealed
    WITHDRAWN = "withdrawn"  #: 撤回, sealed

    @property
    def terminal(self) -> bool:
        """Whether the case is sealed: no further action but corrections."""
        return self in (CaseState.COMPLETED, CaseState.WITHDRAWN)


S = CaseState
# Which action is allowed from which state ([C], after DOMAIN §1.5).
_ALLOWED: dict[str, tuple[CaseState, ...]] = {
    "accept": (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    "refuse_acceptance": (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    "request_supplement": (S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    "supplement": (S.SUPPLEMENT_REQUESTED,),
    "review": (S.ACCEPTED, S.UNDER_REVIEW),
    "suspend": (S.ACCEPTED, S.UNDER_REVIEW),
    "resume": (S.SUSPENDED,),
    "extend": (S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED),
    "approve": (S.ACCEPTED, S.UNDER_REVIEW),
    "deny": (S.ACCEPTED, S.UNDER_REVIEW),
    "issue_certificate": (S.APPROVED,),
    "close": (S.APPROVED, S.DELIVERED, S.DENIED, S.NOT_ACCEPTED),
    "withdraw": (S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED),
    "recalendar": (S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED),
}
_TARGET = {
    "accept": S.ACCEPTED,
    "refuse_acceptance": S.NOT_ACCEPTED,
    "request_supplement": S.SUPPLEMENT_REQUESTED,
    "review": S.UNDER_REVIEW,
    "suspend": S.SUSPENDED,
    "resume": S.UNDER_REVIEW,
    "approve": S.APPROVED,
    "deny": S.DENIED,
    "issue_certificate": S.DELIVERED,
    "close": S.COMPLETED,
    "withdraw": S.WITHDRAWN,
}


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _suspension_range(start: dt.date, resumed: dt.date) -> tuple[dt.date, dt.date] | None:
    """Suspended dates: from the day of suspension to the day before resumption [C]."""
    end = resumed - dt.timedelta(days=1)
    return (start, end) if end >= start else None


@attrs.frozen
class Case:
    """A case (办件): an application for a matter, from submission to completion.

    Every action (``accept``, ``approve``, ...) takes ``at=`` (an aware datetime, never the
    clock) and ``by=`` (who acted), and returns a new case with one more event in its trace;
    an action the state does not allow raises `TransitionError` naming both, and leaves the
    case as it was. The matter is pinned at submission, so a later catalogue change does not
    alter a running case. Deadlines are fixed at acceptance from the matter's committed and
    statutory limits with the calendar's `deadline`, moved by suspensions (the day of
    suspension to the day before resumption are not counted [C]) and approved extensions.

    Args:
        case_id: The case number.
        applicant: Who applied.
        matter: The matter as it was at submission.
        kind: The kind of case, classified at submission.
        state: The current state.
        trace: The hash chain of every action.
        calendar: The calendar for deadlines (not part of equality).
        guard: Called with a `ProposedAct` before each action is recorded; raises to veto it
            (separation-of-duty checks). Not recorded and not part of equality; set it with
            `with_guard` or at `submit` / `from_json`.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.matters import sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> matter = sample_catalog().select(case_kind=CaseKind.COMMITTED)[0]
        >>> case = Case.submit(matter, case_id="2025-0001", applicant="张三",
        ...                    at=dt.datetime(2025, 9, 26, 10, 0, tzinfo=sh))
        >>> case = case.accept(at=dt.datetime(2025, 9, 26, 10, 30, tzinfo=sh), by="窗口A")
        >>> case.state, case.due_date > dt.date(2025, 9, 26)
        (<CaseState.ACCEPTED: 'accepted'>, True)
        >>> case.trace.verify()
    """

    case_id: str
    applicant: str
    matter: Matter
    kind: CaseKind
    state: CaseState
    trace: Trace
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    due_date: dt.date | None = None
    statutory_due_date: dt.date | None = None
    missing: tuple[str, ...] = ()
    notified: tuple[str, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    suspended_since: dt.date | None = None
    suspension_reason: SuspensionReason | None = None
    extensions: tuple[Extension, ...] = ()
    urgent: bool = False
    green_channel: bool = False
    corrections: tuple[tuple[str, str, str], ...] = ()
    calendar: WorkCalendar = attrs.field(factory=china, eq=False, repr=False)
    guard: Guard | None = attrs.field(default=None, eq=False, repr=False)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def submit(
        cls,
        matter: Matter,
        *,
        case_id: str,
        applicant: str,
        at: dt.datetime,
        by: str | None = None,
        facts: CaseFacts | None = None,
        policy: ClassificationPolicy | None = None,
        calendar: WorkCalendar | None = None,
        guard: Guard | None = None,
    ) -> Case:
        """A new case, submitted (申请) at ``at``; its kind is classified now.

        Args:
            matter: The matter applied for (pinned into the case).
            case_id: The case number.
            applicant: Who applies.
            at: When (aware).
            by: Who received it; defaults to the applicant (an online submission).
            facts: Facts of the application for `classify`.
            policy: The center's classification policy.
            calendar: The calendar for deadlines; the official China calendar by default.
            guard: Vetoes acts before they are recorded, the submission included.
        """
        if not isinstance(matter, Matter):
            raise InvalidValueError("matter", matter, "a Matter")
        for field, value in (("case_id", case_id), ("applicant", applicant)):
            if not isinstance(value, str) or not value.strip():
                raise InvalidValueError(field, value, "a non-empty string")
        _check_at(at, None)
        classification = classify(matter, facts, policy=policy)
        data = {
            "case_id": case_id,
            "applicant": applicant,
            "matter": _plain_matter(matter),
            "kind": classification.kind.value,
            "reasons": [[r.zh, r.en] for r in classification.reasons],
            "urgent": classification.urgent,
            "green_channel": classification.green_channel,
        }
        actor = by or applicant
        event = {"action": "submit", "at": _iso(at), "by": actor, "data": data}
        if guard is not None:
            guard(ProposedAct(case_id, "submit", actor, at, data, Trace(), matter.code))
        trace = Trace().append(event)
        return attrs.evolve(_replay(trace.events, calendar or china(), trace), guard=guard)

    def with_guard(self, guard: Guard | None) -> Case:
        """The same case with ``guard`` called before every further action (None: no guard).

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.matters import sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> def no_self_acceptance(act):
            ...     if act.action == "accept" and act.by == "张三":
            ...         raise GovServiceError("张三 applied and may not accept")
            >>> case = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="张三",
            ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=sh))
            >>> case.with_guard(no_self_acceptance).accept(
            ...     at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="张三")
            Traceback (most recent call last):
            ...
            govservice.GovServiceError: 张三 applied and may not accept
        """
        return attrs.evolve(self, guard=guard)

    # -- actions ------------------------------------------------------------------------------

    def _act(self, action: str, at: dt.datetime, by: str, data: Mapping[str, Any]) -> Case:
        _check_at(at, self._last_at())
        if not isinstance(by, str) or not by.strip():
            raise InvalidValueError("by", by, "who acted (a non-empty string)")
        if self.guard is not None:
            self.guard(
                ProposedAct(self.case_id, action, by, at, data, self.trace, self.matter.code)
            )
        trace = self.trace.append({"action": action, "at": _iso(at), "by": by, "data": data})
        return _apply(self, trace.events[-1], trace)

    def _require(self, action: str) -> None:
        if self.state not in _ALLOWED[action]:
            allowed = ", ".join(a for a, states in _ALLOWED.items() if self.state in states)
            raise TransitionError(action, self.state.value, allowed or "none (sealed)")

    def _last_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.trace.events[-1].payload["at"])

    def _local(self, at: dt.datetime) -> dt.date:
        return self.calendar._local_date(at)

    def _deadlines(
        self,
        accepted: dt.date,
        suspensions: Iterable[Suspension],
        extensions: Iterable[Extension],
    ) -> dict[str, str]:
        suspensions, extensions = tuple(suspensions), tuple(extensions)
        due = {}
        for key, limit in (
            ("due", self.matter.committed_limit),
            ("statutory_due", self.matter.statutory_limit),
        ):
            ext = extensions if limit.unit is not LimitUnit.IMMEDIATE else ()
            d = deadline(accepted, limit, self.calendar, suspensions=suspensions, extensions=ext)
            due[key] = d.due_date.isoformat()
        return due

    def accept(self, *, at: dt.datetime, by: str) -> Case:
        """Accept the application (受理, art. 32(5)); fixes the committed and statutory due dates.

        Accepting after a supplement request needs every requested material supplied, except
        materials the matter accepts with gaps (容缺).
        """
        self._require("accept")
        _check_at(at, self._last_at())
        tolerant = {m.name for m in self.matter.materials if m.tolerant}
        blocking = [name for name in self.missing if name not in tolerant]
        if blocking:
            raise InvalidValueError(
                "missing", blocking, "supplied before acceptance (not on the 容缺 list)"
            )
        data: dict[str, Any] = {"missing_tolerated": list(self.missing)}
        data.update(self._deadlines(self._local(at), (), ()))
        return self._act("accept", at, by, data)

    def refuse_acceptance(self, *, at: dt.datetime, by: str, reason: str) -> Case:
        """Refuse to accept (不予受理, art. 32(1)(2)), with the reason given to the applicant."""
        self._require("refuse_acceptance")
        return self._act("refuse_acceptance", at, by, {"reason": _text("reason", reason)})

    def request_supplement(self, *, at: dt.datetime, by: str, missing: Iterable[str]) -> Case:
        """Tell the applicant every missing material at once (一次性告知, art. 32(4)).

        A later request may only repeat materials already listed; asking for a new one is
        refused, because the first notice must list them all.
        """
        self._require("request_supplement")
        items = [_text("missing", m) for m in missing]
        if not items:
            raise InvalidValueError("missing", items, "at least one material")
        known = {m.name for m in self.matter.materials}
        unknown = [m for m in items if m not in known]
        if unknown:
            raise InvalidValueError("missing", unknown, "materials of the matter's list")
        if self.notified:
            new = [m for m in items if m not in self.notified]
            if new:
                raise InvalidValueError(
                    "missing",
                    new,
                    "materials already in the first notice (一次性告知: all at once, art. 32(4))",
                )
        return self._act("request_supplement", at, by, {"missing": items})

    def supplement(self, *, at: dt.datetime, by: str, provided: Iterable[str]) -> Case:
        """Record materials the applicant supplied (补正)."""
        self._require("supplement")
        items = [_text("provided", m) for m in provided]
        strange = [m for m in items if m not in self.missing]
        if strange or not items:
            raise InvalidValueError("provided", strange or items, "materials still missing")
        return self._act("supplement", at, by, {"provided": items})

    def review(self, *, at: dt.datetime, by: str, opinion: str = "") -> Case:
        """Record a review (承办/审核) with the reviewer's opinion."""
        self._require("review")
        return self._act("review", at, by, {"opinion": _any_text("opinion", opinion)})

    def suspend(
        self, *, at: dt.datetime, by: str, reason: SuspensionReason | str, note: str = ""
    ) -> Case:
        """Stop the clock for an art. 45 reason (hearing, testing, expert review, ...)."""
        self._require("suspend")
        why = SuspensionReason.parse(reason)
        return self._act("suspend", at, by, {"reason": why.value, "note": _any_text("note", note)})

    def resume(self, *, at: dt.datetime, by: str) -> Case:
        """Restart the clock; the due dates move by the suspended working days."""
        self._require("resume")
        _check_at(at, self._last_at())
        start, reason = self.suspended_since, self.suspension_reason
        assert start is not None  # set by every suspend
        assert reason is not None
        span = _suspension_range(start, self._local(at))
        suspensions = list(self.suspensions)
        if span is not None:
            suspensions.append(Suspension(span[0], span[1], reason))
        data: dict[str, Any] = {"suspended": [d.isoformat() for d in span] if span else None}
        data.update(self._deadlines(self._accepted_on(), suspensions, self.extensions))
        return self._act("resume", at, by, data)

    def extend(
        self,
        *,
        at: dt.datetime,
        by: str,
        amount: int,
        approved_by: str,
        reason: str,
        basis: str = "",
    ) -> Case:
        """Extend the limits (Administrative Licensing Law art. 42).

        Para. 1: at most 10 working days in all, approved by the head of the organ; para. 2:
        joint handling at most 15, approved by the head of the government. A longer extension
        needs ``basis``, the other law or regulation that provides it ("法律、法规另有规定").
        """
        self._require("extend")
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise InvalidValueError("amount", amount, "a whole number of working days")
        ext = Extension(amount, approved_by, reason)
        cap = 15 if self.kind is CaseKind.JOINT else 10
        used = sum(int(e.amount) for e in self.extensions)
        if not _any_text("basis", basis).strip() and used + amount > cap:
            raise InvalidValueError(
                "amount",
                amount,
                f"at most {cap - used} more working days (Administrative Licensing Law art. 42), "
                "or the basis of the law that allows more",
            )
        data: dict[str, Any] = {
            "amount": amount,
            "approved_by": approved_by,
            "reason": reason,
            "basis": basis,
        }
        if self.state is not S.SUSPENDED:
            data.update(
                self._deadlines(self._accepted_on(), self.suspensions, (*self.extensions, ext))
            )
        return self._act("extend", at, by, data)

    def approve(self, *, at: dt.datetime, by: str) -> Case:
        """Approve (准予, art. 38). An immediate case may be approved straight after acceptance."""
        self._require("approve")
        if self.state is S.ACCEPTED and self.kind is not CaseKind.IMMEDIATE:
            raise TransitionError("approve", self.state.value, "review (not an immediate case)")
        return self._act("approve", at, by, {})

    def deny(self, *, at: dt.datetime, by: str, reason: str) -> Case:
        """Deny (不予许可, art. 38): the reasons and the right to reconsideration or litigation."""
        self._require("deny")
        if self.state is S.ACCEPTED and self.kind is not CaseKind.IMMEDIATE:
            raise TransitionError("deny", self.state.value, "review (not an immediate case)")
        return self._act("deny", at, by, {"reason": _text("reason", reason)})

    def issue_certificate(self, *, at: dt.datetime, by: str, certificate: str = "") -> Case:
        """Issue and deliver the certificate (发证/送达, art. 44: within 10 working days)."""
        self._require("issue_certificate")
        return self._act(
            "issue_certificate", at, by, {"certificate": _any_text("certificate", certificate)}
        )

    def close(self, *, at: dt.datetime, by: str) -> Case:
        """Complete the case (办结); the trace is sealed."""
        self._require("close")
        return self._act("close", at, by, {})

    def withdraw(self, *, at: dt.datetime, by: str, reason: str = "") -> Case:
        """The applicant withdraws (撤回); the trace is sealed."""
        self._require("withdraw")
        return self._act("withdraw", at, by, {"reason": _any_text("reason", reason)})

    def correct(self, *, at: dt.datetime, by: str, field: str, value: str, reason: str) -> Case:
        """Record a correction as a new event; nothing recorded is ever edited.

        Allowed in any state, also after the case is sealed.
        """
        data = {
            "field": _text("field", field),
            "value": _any_text("value", value),
            "reason": _text("reason", reason),
        }
        return self._act("correct", at, by, data)

    def recalendar(self, calendar: WorkCalendar, *, at: dt.datetime, by: str) -> Case:
        """Move a running case to a changed calendar (a late notice, an amendment like 2020's).

        Working days already used, up to the day of ``at``, stay as the old calendar counted
        them; the remainder is counted on the new one. The change is recorded in the trace
        with the old and new due dates.
        """
        self._require("recalendar")
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", calendar, "a WorkCalendar")
        _check_at(at, self._last_at())
        as_of = self._local(at)
        changes = _changes(self.calendar, calendar, as_of)
        moved = attrs.evolve(
            self, calendar=_overlay(self.calendar, as_of, changes, calendar.coverage.end)
        )
        data: dict[str, Any] = {
            "calendar": calendar.name,
            "as_of": as_of.isoformat(),
            "coverage_end": calendar.coverage.end.isoformat(),
            "changes": changes,
            "old_due": self.due_date.isoformat() if self.due_date else None,
            "old_statutory_due": (
                self.statutory_due_date.isoformat() if self.statutory_due_date else None
            ),
        }
        if self.state is not S.SUSPENDED:
            data.update(moved._deadlines(self._accepted_on(), self.suspensions, self.extensions))
        return self._act("recalendar", at, by, data)

    # -- questions ----------------------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"<Case {self.case_id} matter={self.matter.code} kind={self.kind.value} "
            f"state={self.state.value} events={len(self.trace)} head={self.trace.head[:12]}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    def _accepted_on(self) -> dt.date:
        assert self.accepted_at is not None  # only asked in accepted states
        return self._local(self.accepted_at)

    def deemed_accepted(self, today: dt.date) -> bool:
        """Whether the application counts as accepted by law on ``today`` (art. 32(4)).

        When neither acceptance, refusal nor a complete supplement notice came within five
        working days of submission, the application is accepted from the day of receipt.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.matters import sample_catalog
            >>> m = next(iter(sample_catalog()))
            >>> c = Case.submit(m, case_id="1", applicant="李四",
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
            >>> c.deemed_accepted(dt.date(2025, 3, 10)), c.deemed_accepted(dt.date(2025, 3, 11))
            (False, True)
        """
        limit = self.calendar.add_working_days(self._local(self.submitted_at), 5)
        for event in self.trace.events[1:]:
            if event.action in ("accept", "refuse_acceptance", "request_supplement"):
                decided = self._local(dt.datetime.fromisoformat(event.payload["at"]))
                return decided > limit
        return today > limit

    @property
    def corrected(self) -> dict[str, str]:
        """The latest corrected value of each corrected field (the records stay as they were)."""
        return {field: value for field, value, _reason in self.corrections}

    @property
    def sealed(self) -> bool:
        """Whether the case is completed or withdrawn."""
        return self.state.terminal

    @property
    def outcome_kind(self) -> CaseKind:
        """The kind as seed 003 counts it: returned (退回件) or supplementary (补办件) meanwhile."""
        if self.state is S.NOT_ACCEPTED:
            return CaseKind.RETURNED
        if self.state is S.SUPPLEMENT_REQUESTED:
            return CaseKind.SUPPLEMENTARY
        return self.kind

    # -- serialization ------------------------------------------------------------------------

    def to_json(self) -> str:
        """The case as JSON text: its schema version and its trace, event by event.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.matters import sample_catalog
            >>> c = Case.submit(next(iter(sample_catalog())), case_id="1", applicant="李四",
            ...                 at=dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
            >>> Case.from_json(c.to_json()) == c
            True
        """
        return trace_to_json(self.trace, _SCHEMA)

    @classmethod
    def from_json(
        cls,
        text: str,
        *,
        calendar: WorkCalendar | None = None,
        expected_head: str | None = None,
        guard: Guard | None = None,
    ) -> Case:
        """A case from `to_json` text; its trace is verified before anything is rebuilt.

        Args:
            text: What `to_json` wrote.
            calendar: The calendar the case was accepted on (the official China calendar by
                default); calendar changes recorded in the trace are laid over it again.
            expected_head: A head handed out earlier (a receipt): a trace cut back to before
                it is refused.
            guard: Vetoes further acts (see `with_guard`).

        Raises:
            TraceIntegrityError: The trace was changed, reordered, cut or forged.
            InvalidValueError: The text is not a case at all.
        """
        trace = trace_from_json(text, _SCHEMA, expected_head=expected_head)
        return attrs.evolve(_replay(trace.events, calendar or china(), trace), guard=guard)


def _check_at(at: object, last: dt.datetime | None) -> None:
    if not isinstance(at, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError("at", at, "an aware datetime (never the clock)")
    if last is not None and at < last:
        raise InvalidValueError(
            "at", at.isoformat(), f"not before the last event ({last.isoformat()})"
        )


def _text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, "a non-empty string")
    return value


def _any_text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "a string")
    return value


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
    base: WorkCalendar, as_of: dt.date, changes: Iterable[Mapping[str, Any]], end: dt.date
) -> WorkCalendar:
    """``base`` with recorded changes after ``as_of``: the days already used stay as they were."""
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
    return attrs.evolve(base, coverage=coverage, days=list(entries.values()))


def _replay(events: Iterable[TraceEvent], calendar: WorkCalendar, trace: Trace) -> Case:
    """Rebuild a case from its events; the same events always give the same case."""
    events = tuple(events)
    try:
        first = events[0].payload
        if first.get("action") != "submit":
            raise TraceIntegrityError(0, "the first event is not a submission")
        data = first["data"]
        matter = converter.structure(_numbers(data["matter"]), Matter)
        case = Case(
            case_id=data["case_id"],
            applicant=data["applicant"],
            matter=matter,
            kind=CaseKind(data["kind"]),
            state=S.SUBMITTED,
            trace=trace,
            submitted_at=dt.datetime.fromisoformat(first["at"]),
            urgent=bool(data.get("urgent")),
            green_channel=bool(data.get("green_channel")),
            calendar=calendar,
        )
        for event in events[1:]:
            case = _apply(case, event, trace)
    except GovServiceError:
        raise
    except Exception as exc:
        raise TraceIntegrityError(0, f"content cannot be replayed ({exc!r})") from None
    return attrs.evolve(case, trace=trace)


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


def _apply(case: Case, event: TraceEvent, trace: Trace) -> Case:
    """The case after ``event``; raises TransitionError for an action its state forbids."""
    payload = event.payload
    action = payload["action"]
    at = dt.datetime.fromisoformat(payload["at"])
    data = payload.get("data", {})
    if action == "correct":
        fix = (data["field"], data["value"], data["reason"])
        return attrs.evolve(case, trace=trace, corrections=(*case.corrections, fix))
    if action not in _ALLOWED:
        raise TraceIntegrityError(event.seq, f"unknown action {action!r}")
    if case.state not in _ALLOWED[action]:
        allowed = ", ".join(a for a, states in _ALLOWED.items() if case.state in states)
        raise TransitionError(action, case.state.value, allowed or "none (sealed)")
    changes: dict[str, Any] = {"trace": trace}
    if action in _TARGET:
        changes["state"] = _TARGET[action]
    handler = _HANDLERS.get(action)
    if handler is not None:
        changes.update(handler(case, at, data))
    return attrs.evolve(case, **changes)


def _dues(data: Mapping[str, Any]) -> dict[str, Any]:
    if "due" not in data:
        return {}
    return {"due_date": _date(data["due"]), "statutory_due_date": _date(data["statutory_due"])}


def _on_accept(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"accepted_at": at, "missing": (), **_dues(data)}


def _on_request(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    missing = tuple(data["missing"])
    notified = case.notified or missing
    return {"missing": tuple(dict.fromkeys((*case.missing, *missing))), "notified": notified}


def _on_supplement(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    provided = set(data["provided"])
    return {"missing": tuple(m for m in case.missing if m not in provided)}


def _on_suspend(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "suspended_since": case._local(at),
        "suspension_reason": SuspensionReason(data["reason"]),
        "due_date": None,
        "statutory_due_date": None,
    }


def _on_resume(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    span = data.get("suspended")
    suspensions = case.suspensions
    if span and case.suspension_reason is not None:
        start, end = dt.date.fromisoformat(span[0]), dt.date.fromisoformat(span[1])
        suspensions = (*suspensions, Suspension(start, end, case.suspension_reason))
    return {
        "suspended_since": None,
        "suspension_reason": None,
        "suspensions": suspensions,
        **_dues(data),
    }


def _on_extend(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    ext = Extension(int(data["amount"]), data["approved_by"], data["reason"])
    return {"extensions": (*case.extensions, ext), **_dues(data)}


def _on_decision(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"decided_at": at}


def _on_end(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"completed_at": at}


def _on_recalendar(case: Case, at: dt.datetime, data: Mapping[str, Any]) -> dict[str, Any]:
    as_of, end = dt.date.fromisoformat(data["as_of"]), dt.date.fromisoformat(data["coverage_end"])
    return {"calendar": _overlay(case.calendar, as_of, data["changes"], end), **_dues(data)}


_HANDLERS: dict[str, Callable[[Case, dt.datetime, Mapping[str, Any]], dict[str, Any]]] = {
    "accept": _on_accept,
    "request_supplement": _on_request,
    "supplement": _on_supplement,
    "suspend": _on_suspend,
    "resume": _on_resume,
    "extend": _on_extend,
    "approve": _on_decision,
    "deny": _on_decision,
    "refuse_acceptance": _on_decision,
    "close": _on_end,
    "withdraw": _on_end,
    "recalendar": _on_recalendar,
}
