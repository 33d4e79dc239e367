"""Live coordination of a parallel case: one acceptance, one task per department, one delivery.

A `ParallelCase` is an immutable value rebuilt from its hash-chained trace, like a
`govservice.matters.Case`; every question about it is a pure function of (plan, events, today).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from govservice._errors import (
    CalendarMismatchError,
    InvalidValueError,
    TraceIntegrityError,
    TransitionError,
)
from govservice._feedback_core import (
    FEEDBACK_FIELDS,
    feedback_step,
)
from govservice._lifecycle import (
    UNIFIED_HANDLING_DAYS,
    check_at,
    check_by,
    check_calendar,
    closing,
    dump_trace,
    engine,
    iso,
    last_recalendar,
    load_trace,
    local_date,
    local_instant,
    propose,
    replay_error,
    suspension_range,
)
from govservice._trace import canonical, event_at, genesis
from govservice.approval._plan import ApprovalPlan, JoinMode, Step, TimeoutPolicy
from govservice.calendar import (
    Deadline,
    Extension,
    LimitUnit,
    ProvisionalCalendar,
    Suspension,
    SuspensionReason,
    TimeLimit,
    WorkCalendar,
    deadline,
)
from govservice.matters import (
    Action,
    ApproverRole,
    CaseFeedback,
    CaseKind,
    CaseNotice,
    FeedbackActs,
    Guard,
    HandlingSystem,
    NoticeKind,
    Timeliness,
    Trace,
    TraceEvent,
    timeliness_of,
)

__all__ = ["Decision", "Outcome", "Overview", "ParallelCase", "ParallelState", "Task", "TaskStatus"]

_SCHEMA = "govservice.parallel_case/2"
#: Working days to deliver after an approval (Administrative Licensing Law art. 44).
_DELIVERY_DAYS = 10


class Outcome(enum.Enum):
    """A department's result on its step.

    Examples:
        >>> Outcome("denied")
        <Outcome.DENIED: 'denied'>
    """

    APPROVED = "approved"  #: 同意 / 准予
    DENIED = "denied"  #: 不同意 / 不予


class ParallelState(enum.StrEnum):
    """The state of a parallel case.

    Examples:
        >>> ParallelState.OPEN.value
        'open'
    """

    OPEN = "open"  #: departments still answering
    APPROVED = "approved"  #: the join says approved; awaiting unified delivery
    DENIED = "denied"  #: the join says denied; awaiting unified delivery
    COMPLETED = "completed"  #: 按时办结: delivered once by the lead window
    WITHDRAWN = "withdrawn"  #: withdrawn by the applicant


class TaskStatus(enum.Enum):
    """Where one department's task stands.

    Examples:
        >>> TaskStatus.READY.value
        'ready'
    """

    WAITING = "waiting"  #: a prerequisite is not decided yet
    READY = "ready"  #: every prerequisite decided; the department's clock runs
    DECIDED = "decided"  #: the department answered (or consent was deemed)
    BLOCKED = "blocked"  #: a prerequisite was denied: the basis it needs will not exist
    CANCELLED = "cancelled"  #: the case's result is decided without it


@attrs.frozen
class Decision:
    """A department's recorded result on its step.

    Args:
        step: The step id.
        department: The department.
        outcome: Approved or denied.
        at: When it was made: when it was recorded, or for a deemed consent when the
            deadline expired, the close of office hours of its last day (Civil Code art.
            203), however late the timeout was recorded.
        by: Who decided.
        on: The day it counts as made (for re-anchoring dependents; the deadline for deemed
            consent).
        opinion: The department's opinion text.
        deemed: Whether consent was deemed on a timeout (under ``basis``).
        basis: The local rule for a deemed consent.

    Examples:
        >>> import datetime as dt
        >>> d = Decision("fire", "消防", Outcome.APPROVED,
        ...              dt.datetime(2024, 10, 9, 2, tzinfo=dt.UTC), "李", dt.date(2024, 10, 9))
        >>> d.deemed
        False
    """

    step: str
    department: str
    outcome: Outcome
    at: dt.datetime
    by: str
    on: dt.date
    opinion: str = ""
    deemed: bool = False
    basis: str = ""


@attrs.frozen
class Task:
    """One department's task (抄告相关) with its feedback deadline (限时反馈).

    Args:
        step: The step id.
        department: The department.
        status: `TaskStatus`.
        anchor: The day its limit counts from (acceptance, or its last prerequisite's
            decision day); None while waiting.
        deadline: Its feedback deadline, after suspensions and its extensions; None while
            waiting.
        decision: The result, once decided.
        timeouts: Timeout events recorded for it so far.

    Examples:
        >>> Task("a", "规划", TaskStatus.WAITING, None, None).deadline is None
        True
    """

    step: str
    department: str
    status: TaskStatus
    anchor: dt.date | None
    deadline: dt.date | None
    decision: Decision | None = None
    timeouts: int = 0


@attrs.frozen
class Overview:
    """Where a parallel case stands on ``today``.

    Args:
        today: The day asked about.
        state: The case's state.
        ready: Steps whose department should be working now.
        waiting: For each waiting step, the undecided prerequisites it waits on.
        waiting_on: For each department holding others up, the steps of its own that others
            wait for.
        overdue: Ready steps past their deadline, with the working days overdue.
        blocking: The undecided steps on the current critical path: any delay there delays
            completion.
        due_date: The projected finish: decided steps on their actual days, the rest on their
            deadlines from today's anchors (an overdue step counts as finishing no earlier
            than today).
        overall_due_date: The legal bound: acceptance plus the overall limit, suspensions
            and approved extensions included.
        timeouts: Steps whose deadline has passed with their timeout not yet recorded, and the
            policy `ParallelCase.apply_timeouts` will apply.
        suspended: Whether the clock is stopped.
        statutory_due_date: The statutory bound: 45 working days plus extensions (art. 42
            para. 2), art. 45 suspensions excluded.
        past_bound: Whether ``today`` is past the statutory bound with the result not yet
            decided: the case is red even when every step is inside its own limit.
        tasks: Every task, by step id.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import TimeLimit as L, china
        >>> from govservice.approval import ApprovalPlan, Step
        >>> plan = ApprovalPlan([Step("a", "规划", L.working_days(2)),
        ...                      Step("b", "住建", L.working_days(3), requires=["a"])], lead="窗口")
        >>> case = plan.open("P-1", dt.date(2025, 3, 3), calendar=china())
        >>> o = case.overview(dt.date(2025, 3, 7))
        >>> o.ready, dict(o.waiting), dict(o.overdue)
        (('a',), {'b': ('a',)}, {'a': 2})
    """

    today: dt.date
    state: ParallelState
    ready: tuple[str, ...]
    waiting: Mapping[str, tuple[str, ...]]
    waiting_on: Mapping[str, tuple[str, ...]]
    overdue: Mapping[str, int]
    blocking: tuple[str, ...]
    due_date: dt.date | None
    overall_due_date: dt.date
    timeouts: tuple[tuple[str, TimeoutPolicy], ...]
    suspended: bool
    statutory_due_date: dt.date
    past_bound: bool
    tasks: Mapping[str, Task] = attrs.field(repr=False)


def _day_limit(
    limit: TimeLimit, extra: float, calendar: WorkCalendar | ProvisionalCalendar
) -> TimeLimit:
    """A step's limit (plus extensions) in day units; working hours round up to whole days."""
    if limit.unit is LimitUnit.IMMEDIATE:
        return limit
    total = limit.amount + extra
    if limit.unit is LimitUnit.WORKING_HOURS:
        hours = engine(calendar).office_hours.hours_per_day
        return TimeLimit.working_days(math.ceil(total / hours))
    return TimeLimit(int(total), limit.unit)


@attrs.frozen(repr=False)
class ParallelCase(FeedbackActs):
    """A live parallel case: one acceptance, one task per department, one delivery.

    Open one with `ApprovalPlan.open`. Each action takes ``at=`` (aware; never the clock) and
    ``by=``, appends one event to the hash-chained trace, and returns a new case; a guard (see
    `govservice.matters.ProposedAct`) can veto any action before it is recorded.

    - ``decide(step_id, outcome)`` records a department's result, each kept separately; the
      steps whose prerequisites are now all decided become ready, their limits counted from
      the actual day of the last prerequisite's decision.
    - ``suspend`` / ``resume`` stop the whole case's clocks (art. 45 reasons; a supplement
      of materials under a named local rule); ``extend`` lengthens one step's feedback limit
      or the overall limit (art. 42 para. 2: one extension of at most 15 working days,
      approved by the head of the government, unless ``basis`` names a law that allows more).
    - ``apply_timeouts`` records, for each overdue step, its `TimeoutPolicy`.
    - The join (`Join`) decides the result; ``complete`` records the unified delivery.

    Args:
        case_id: The case number.
        plan: The plan it follows (pinned at opening).
        accepted_on: The day of acceptance.
        trace: The hash chain of every action.
        calendar: The calendar (not part of equality).
        guard: Vetoes acts before they are recorded (not recorded, not part of equality).

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import TimeLimit as L, china
        >>> from govservice.approval import ApprovalPlan, Step
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> plan = ApprovalPlan([Step("land", "自然资源局", L.working_days(5)),
        ...                      Step("fire", "消防救援大队", L.working_days(6), requires=["land"]),
        ...                      Step("env", "生态环境局", L.working_days(4), requires=["land"])],
        ...                     lead="综合窗口")
        >>> case = plan.open("P-2025-1", dt.date(2025, 3, 3), calendar=china())
        >>> case = case.decide("land", "approved", at=dt.datetime(2025, 3, 6, 10, tzinfo=sh),
        ...                    by="王")
        >>> case.tasks["fire"].anchor, case.tasks["fire"].deadline
        (datetime.date(2025, 3, 6), datetime.date(2025, 3, 14))
        >>> case.overview(dt.date(2025, 3, 7)).ready
        ('fire', 'env')
    """

    case_id: str
    plan: ApprovalPlan
    accepted_on: dt.date
    trace: Trace
    opened_at: dt.datetime
    decisions: tuple[Decision, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    suspended_since: dt.date | None = None
    suspension_reason: SuspensionReason | None = None
    suspension_note: str = ""
    extensions: tuple[Extension, ...] = ()
    committed_extensions: tuple[Extension, ...] = ()
    step_extensions: tuple[tuple[str, Extension], ...] = ()
    timeouts: tuple[tuple[str, TimeoutPolicy, dt.date], ...] = ()
    reviews: tuple[tuple[str, str, dt.datetime, str], ...] = ()
    notices: tuple[CaseNotice, ...] = ()
    decided_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    feedback: CaseFeedback = attrs.field(
        default=attrs.Factory(lambda self: CaseFeedback(self.case_id), takes_self=True),
        repr=False,
    )
    calendar: WorkCalendar | ProvisionalCalendar = attrs.field(kw_only=True, eq=False)
    guard: Guard | None = attrs.field(default=None, kw_only=True, eq=False)

    #: The schema of `to_json` text.
    SCHEMA: ClassVar[str] = _SCHEMA

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        plan: ApprovalPlan,
        case_id: str,
        accepted_on: dt.date,
        *,
        calendar: WorkCalendar | ProvisionalCalendar,
        at: dt.datetime | None = None,
        by: str | None = None,
        guard: Guard | None = None,
    ) -> ParallelCase:
        """Open a case accepted on ``accepted_on`` and copy it to every department (抄告相关).

        The dated acceptance receipt is recorded (art. 32). A plan whose schedule already
        finishes after the statutory bound (45 working days, art. 42 para. 2) opens, but is
        flagged (`exceeds_bound`).

        Args:
            plan: The plan to follow.
            case_id: The case number.
            accepted_on: The day the lead window accepted (一门受理).
            calendar: The calendar (required).
            at: When the opening is recorded; by default the start of office hours on
                ``accepted_on`` (no clock is read).
            by: Who opened it; the plan's lead by default.
            guard: Vetoes acts before they are recorded.
        """
        if not isinstance(plan, ApprovalPlan):
            raise InvalidValueError("plan", plan, "an ApprovalPlan")
        if not isinstance(case_id, str) or not case_id.strip():
            raise InvalidValueError("case_id", case_id, "a non-empty string")
        if type(accepted_on) is not dt.date:
            raise InvalidValueError("accepted_on", accepted_on, "a datetime.date")
        cal = check_calendar(calendar)
        work = engine(cal)
        work.is_working_day(accepted_on)  # outside coverage raises here
        if at is None:
            from govservice._zones import zone

            hours = work.office_hours
            at = dt.datetime.combine(accepted_on, hours.sessions[0][0], zone(hours.timezone))
        _check_opened(at, accepted_on, cal)
        actor = by or plan.lead
        data = {
            "case_id": case_id,
            "plan": plan.to_mapping(),
            "accepted_on": accepted_on.isoformat(),
            "calendar": getattr(work, "name", ""),
        }
        stub = _Stub(case_id, Trace.start(_SCHEMA, case_id), guard)
        first = _opening(plan, accepted_on, cal, data)
        trace = propose(stub, Action.OPEN, at, actor, first, department=plan.lead)
        return attrs.evolve(_replay(trace, cal)[0], guard=guard)

    def with_guard(self, guard: Guard | None) -> ParallelCase:
        """The same case with ``guard`` called before every further action."""
        return attrs.evolve(self, guard=guard)

    def __repr__(self) -> str:
        return (
            f"<ParallelCase {self.case_id} state={self.state.value} "
            f"decided={len(self.decisions)}/{len(self.plan.steps)} events={len(self.trace)}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    # -- actions ------------------------------------------------------------------------------

    def _last_at(self) -> dt.datetime:
        """The last event's instant in the calendar's zone (as the person acted, for messages)."""
        return local_instant(self.calendar, event_at(self.trace.events[-1].body))

    def _local(self, at: dt.datetime) -> dt.date:
        return local_date(self.calendar, at)

    def _act(
        self, action: str, at: dt.datetime, by: str, data: Mapping[str, Any], step: Step | None
    ) -> ParallelCase:
        check_at(at, self._last_at())
        if _fixes_dues(action, data):
            # The due dates this act fixes are recorded with it as check values, recomputed and
            # compared on replay (as a case's are): applied first to a trial trace.
            probe = self.trace.append({"action": action, "at": iso(at), "by": by, "data": data})
            trial = _apply(self, probe.events[-1])
            decides = self.decided_at is None and trial.decided_at is not None
            if decides and self.suspended_since is not None:  # as a case is not decided either
                raise TransitionError(
                    f"{action} (deciding the case's result)", "suspended",
                    "resume first (the result is decided with the clocks running: art. 45 "
                    "time is not counted), or a step that leaves the result open",
                )  # fmt: skip
            data = {**data, "check": _check_values(trial)}
        trace = propose(
            self, Action(action), at, by, data,
            matter_code=step.matter_code if step else None,
            department=step.department if step else self.plan.lead,
            step_id=step.id if step else None,
        )  # fmt: skip
        return attrs.evolve(_apply(self, trace.events[-1]), trace=trace)

    def _require_open(self, action: str, tasks: Mapping[str, Task] | None = None) -> None:
        state = self._state(tasks)
        if state is not ParallelState.OPEN:
            allowed = {
                ParallelState.APPROVED: "complete, withdraw",
                ParallelState.DENIED: "complete, withdraw",
            }.get(state, "none (sealed)")
            raise TransitionError(action, state.value, allowed)

    def decide(
        self,
        step_id: str,
        outcome: Outcome | str,
        *,
        at: dt.datetime,
        by: str,
        opinion: str = "",
    ) -> ParallelCase:
        """Record a department's result on a ready step.

        Raises:
            TransitionError: The case's result is already decided, or it is withdrawn.
            InvalidValueError: An unknown step, a step already decided, or one whose
                prerequisites are not all decided (it names them).
        """
        tasks = self._tasks()
        self._require_open("decide", tasks)
        step = self.plan[step_id]
        try:
            result = Outcome(outcome.value if isinstance(outcome, Outcome) else outcome)
        except ValueError:
            raise InvalidValueError("outcome", outcome, "'approved' or 'denied'") from None
        task = tasks[step.id]
        if task.status is not TaskStatus.READY:
            expected = {
                TaskStatus.DECIDED: "a step not yet decided",
                TaskStatus.WAITING: "a ready step; it waits on "
                + ", ".join(p for p in step.requires if p not in self._decided),
                TaskStatus.BLOCKED: "a step whose prerequisites were approved",
                TaskStatus.CANCELLED: "a step the result still depends on",
            }[task.status]
            raise InvalidValueError("step_id", step_id, expected)
        if not isinstance(opinion, str):
            raise InvalidValueError("opinion", opinion, "a string")
        data = {"step": step.id, "department": step.department, "outcome": result.value,
                "opinion": opinion}  # fmt: skip
        return self._act("decide", at, by, data, step)

    def review(self, step_id: str, *, at: dt.datetime, by: str, opinion: str = "") -> ParallelCase:
        """Record a reviewer's opinion on a ready step (审核意见), before its decision.

        One review, one approval (一审一核): the reviewer should not also decide the step;
        a separation guard (`Separation`) refuses that before it is recorded.
        """
        self._require_open("review")
        step = self.plan[step_id]
        if self.tasks[step.id].status is not TaskStatus.READY:
            raise InvalidValueError("step_id", step_id, "a ready step, not yet decided")
        if not isinstance(opinion, str):
            raise InvalidValueError("opinion", opinion, "a string")
        data = {"step": step.id, "department": step.department, "opinion": opinion}
        return self._act("review", at, by, data, step)

    def suspend(
        self,
        *,
        at: dt.datetime,
        by: str,
        reason: SuspensionReason | str,
        note: str = "",
        step: str | None = None,
    ) -> ParallelCase:
        """Stop the case's clocks.

        For an art. 45 reason (expert review, testing, ...), or a supplement of materials,
        which needs ``note`` naming the local rule. ``step`` notes which department asked.
        """
        self._require_open("suspend")
        if self.suspended_since is not None:
            raise TransitionError("suspend", "suspended", "resume, decide, extend, withdraw")
        why = SuspensionReason.parse(reason)
        if not isinstance(note, str):
            raise InvalidValueError("note", note, "a string")
        if not why.statutory and not note.strip():
            raise InvalidValueError("note", note, "the local rule that stops the clock for it")
        target = self.plan[step] if step is not None else None
        data = {"reason": why.value, "note": note, "step": step}
        return self._act("suspend", at, by, data, target)

    def resume(self, *, at: dt.datetime, by: str) -> ParallelCase:
        """Restart the clocks.

        The suspended days (the day of suspension to the day before resuming) are not counted.
        """
        if self.suspended_since is None:
            raise TransitionError("resume", self.state.value, "suspend, decide, extend")
        check_at(at, self._last_at())
        span = suspension_range(self.suspended_since, self._local(at))
        data = {"suspended": [d.isoformat() for d in span] if span else None}
        return self._act("resume", at, by, data, None)

    def extend(
        self,
        *,
        at: dt.datetime,
        by: str,
        amount: int,
        approved_by: str,
        reason: str,
        step: str | None = None,
        basis: str = "",
        approver_role: ApproverRole | str = ApproverRole.HEAD_OF_GOVERNMENT,
        local_rule: str = "",
    ) -> ParallelCase:
        """Extend one step's feedback limit (``step``) or the statutory bound.

        The statutory bound may be extended once, by at most the plan's ``extension_limit``
        (15 working days, Administrative Licensing Law art. 42 para. 2), with the approval of
        the head of the government (``ApproverRole.HEAD_OF_GOVERNMENT``), before it has
        passed, the reason told to the applicant; ``basis`` names a law that allows more (a
        longer or a further extension). A step's feedback limit (``step``) is a limit of the
        plan, not of the law: it may be extended more than once. The plan's own overall
        limit (the committed bound, `due_date`) moves only under a named ``local_rule``, as a
        case's committed limit does: art. 42 extends the limit of the law, not a promise.

        Raises:
            InvalidValueError: A second extension of the statutory bound without ``basis``
                (art. 42 para. 2 allows one), more than ``extension_limit`` days, another
                approver than the head of the government, or a bound that has passed.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import TimeLimit as L, china
            >>> from govservice.approval import ApprovalPlan, Step
            >>> at = dt.datetime(2025, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> plan = ApprovalPlan([Step("land", "自然资源局", L.working_days(5))], lead="窗口")
            >>> case = plan.open("P-4", dt.date(2025, 3, 3), calendar=china())
            >>> head = {"by": "窗口", "approved_by": "副县长", "reason": "联合验收"}
            >>> once = case.extend(at=at, amount=5, **head)
            >>> once.statutory_due_date  # 45 + 5 working days
            datetime.date(2025, 5, 15)
            >>> once.extend(at=at, amount=5, **head)
            Traceback (most recent call last):
            ...
            govservice.InvalidValueError: basis must be the law that allows more than one ...
            >>> once.extend(at=at, amount=5, basis="某法第十条", **head).statutory_due_date
            datetime.date(2025, 5, 22)
        """
        if not isinstance(local_rule, str):
            raise InvalidValueError("local_rule", local_rule, "a string")
        if step is not None and local_rule.strip():
            raise InvalidValueError(
                "local_rule", local_rule, "empty for a step's extension (it moves that step only)"
            )
        return self._extend(
            at=at, by=by, amount=amount, approved_by=approved_by, reason=reason, step=step,
            basis=basis, approver_role=approver_role, local_rule=None if step else local_rule,
        )  # fmt: skip

    def _extend(
        self,
        *,
        at: dt.datetime,
        by: str,
        amount: int,
        approved_by: str,
        reason: str,
        step: str | None,
        basis: str,
        approver_role: ApproverRole | str,
        local_rule: str | None,
    ) -> ParallelCase:
        """`extend`, and the replay of an extension recorded before ``local_rule`` was.

        ``local_rule`` None records none: a step's extension, or an overall extension of a
        trace written before (which moved the plan's overall limit too, as it then did).
        """
        self._require_open("extend")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise InvalidValueError("amount", amount, "a whole number of working days >= 1")
        Extension(amount, approved_by, reason)  # validates approver and reason
        try:
            role = ApproverRole(approver_role)
        except ValueError:
            raise InvalidValueError(
                "approver_role", approver_role, "head_of_organ or head_of_government"
            ) from None
        target = None
        if step is not None:
            target = self.plan[step]
            if self.tasks[target.id].status is TaskStatus.DECIDED:
                raise InvalidValueError("step", step, "a step not yet decided")
        else:
            if not str(basis).strip():
                if role is not ApproverRole.HEAD_OF_GOVERNMENT:
                    raise InvalidValueError(
                        "approver_role", role.value,
                        "head_of_government (Administrative Licensing Law art. 42 para. 2)",
                    )  # fmt: skip
                if self.extensions:
                    used = sum(int(e.amount) for e in self.extensions)
                    raise InvalidValueError(
                        "basis", str(basis),
                        "the law that allows more than one extension (Administrative Licensing "
                        f"Law art. 42 para. 2); the statutory bound was extended by {used} "
                        "working days already",
                    )  # fmt: skip
                if amount > self.plan.extension_limit:
                    raise InvalidValueError(
                        "amount", amount,
                        f"at most {self.plan.extension_limit} working days (Administrative "
                        "Licensing Law art. 42 para. 2), or the basis that allows more",
                    )  # fmt: skip
            bound = self._statutory(None)  # closed suspensions: the clock as it stands
            since, why = self.suspended_since, self.suspension_reason
            if since is not None and (why is None or why.statutory):
                expired = since > bound.due_date  # an art. 45 stop after the bound had passed
            else:
                expired = at > bound.due_at  # the close of office hours of the last day
            if expired:
                raise InvalidValueError(
                    "at", at.isoformat(),
                    f"on or before the overall due date {bound.due_date.isoformat()} (ends "
                    f"{bound.due_at.strftime('%H:%M')}; art. 42: an extension is approved "
                    "before the limit it extends has expired)",
                )  # fmt: skip
        data: dict[str, Any] = {
            "amount": amount, "approved_by": approved_by, "reason": reason, "step": step,
            "basis": str(basis), "approver_role": role.value,
        }  # fmt: skip
        if local_rule is not None:
            data["local_rule"] = local_rule
        return self._act("extend", at, by, data, target)

    def apply_timeouts(self, *, at: dt.datetime, by: str) -> ParallelCase:
        """Record each pending timeout with its step's policy (see `Overview.timeouts`).

        ``ESCALATE`` and ``REMIND`` are recorded and the step stays open (a step is escalated
        once per deadline); ``DEEMED_CONSENT`` records the step as approved on its deadline,
        with the local rule. The event is recorded at ``at``; the consent is deemed when the
        deadline expired, at the close of office hours of its last day (Civil Code art. 203),
        and a result it decides is decided then (`decided_at`, the statutory timeliness and
        the delivery due date of art. 44 count from it). Nothing is recorded while the case
        is suspended.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import TimeLimit as L, china
            >>> from govservice.approval import ApprovalPlan, Step
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> fire = Step("fire", "消防", L.working_days(4), on_timeout="deemed_consent",
            ...             timeout_basis="某市办法第12条")
            >>> plan = ApprovalPlan([fire], lead="综合窗口")
            >>> case = plan.open("P-3", dt.date(2025, 3, 4), calendar=china())  # due Mon 10 Mar
            >>> case = case.apply_timeouts(at=dt.datetime(2025, 3, 13, 10, tzinfo=sh), by="监察")
            >>> case.decided_at.astimezone(sh).isoformat()  # not the 13th: 17:30 on the 10th
            '2025-03-10T17:30:00+08:00'
        """
        self._require_open("apply_timeouts")
        case = self
        for step_id, _policy in self.overview(self._local(at)).timeouts:
            if case.state is not ParallelState.OPEN:
                break
            case = case._timeout(step_id, at=at, by=by)
        return case

    def _timeout(self, step_id: str, *, at: dt.datetime, by: str) -> ParallelCase:
        """Record one pending timeout (the act `apply_timeouts` repeats; replay re-runs it)."""
        self._require_open("timeout")
        pending = dict(self.overview(self._local(at)).timeouts)
        if step_id not in pending:
            raise InvalidValueError("step", step_id, "a step with a pending timeout")
        step = self.plan[step_id]
        task = self.tasks[step_id]
        assert task.deadline is not None
        data = {
            "step": step_id,
            "department": step.department,
            "policy": pending[step_id].value,
            "deadline": task.deadline.isoformat(),
            "basis": step.timeout_basis or "",
        }
        return self._act("timeout", at, by, data, step)

    def complete(self, *, at: dt.datetime, by: str) -> ParallelCase:
        """Record the unified delivery of the result (统一送达, art. 26) once the join decided."""
        state = self.state
        if state not in (ParallelState.APPROVED, ParallelState.DENIED):
            is_open = state is ParallelState.OPEN
            allowed = "decide (the result is open)" if is_open else "none (sealed)"
            raise TransitionError("complete", state.value, allowed)
        return self._act("complete", at, by, {"outcome": self.state.value}, None)

    def withdraw(self, *, at: dt.datetime, by: str, reason: str = "") -> ParallelCase:
        """The applicant withdraws (撤回); the case is sealed."""
        if self.state in (ParallelState.COMPLETED, ParallelState.WITHDRAWN):
            raise TransitionError("withdraw", self.state.value, "none (sealed)")
        return self._act("withdraw", at, by, {"reason": str(reason)}, None)

    close = complete

    # -- 好差评, complaints and rectification (国办发〔2019〕51号), as on a Case ----------------

    def _feedback_act(
        self,
        action: Action,
        at: dt.datetime,
        by: str,
        data: Mapping[str, Any],
        *,
        keep_check: Mapping[str, Any] | None = None,
    ) -> ParallelCase:
        """Fold a feedback act into ``feedback`` and record it; live acts and replay alike.

        A rectification opened now is due ``limit`` working days after the day of the act
        (the day itself not counted) on the case's calendar: that due date is the act's check
        value, recomputed and compared when the case is read back. ``keep_check`` records
        the check read back instead (a replay that accepts a calendar change).
        """
        check_at(at, self._last_at())
        found: list[Deadline] = []

        def due_of(_fb: CaseFeedback, days: int, opened: dt.datetime) -> tuple[dt.date, bool]:
            due = deadline(opened, TimeLimit.working_days(days), self.calendar)
            found.append(due)
            return due.due_date, due.provisional

        feedback = feedback_step(self.feedback, action.value, at, by, data, len(self.trace),
                                 due_of)  # fmt: skip
        body = dict(data)
        if found:
            body["check"] = {"rectification_due": found[0].due_date.isoformat()}
        if keep_check is not None:
            body["check"] = dict(keep_check)
        trace = propose(self, action, at, by, body, department=self.plan.lead)
        return attrs.evolve(self, trace=trace, feedback=feedback)

    # -- the contract every case keeps (see govservice.matters.Case) --------------------------

    @property
    def kind(self) -> CaseKind:
        """Always a joint case (联办件)."""
        return CaseKind.JOINT

    @property
    def handling_system(self) -> HandlingSystem:
        """Lead-department handling (牵头办理制)."""
        return HandlingSystem.LEAD

    @property
    def matter_code(self) -> str:
        """The matter of the first step that names one, else the plan's name or the case id."""
        for step_id in self.plan.order:
            code = self.plan[step_id].matter_code
            if code:
                return code
        return self.plan.name or self.case_id

    @property
    def department(self) -> str:
        """The lead department or window."""
        return self.plan.lead

    @property
    def window(self) -> str | None:
        """The lead window that accepted once and delivers once (art. 26)."""
        return self.plan.lead

    @property
    def accepted_at(self) -> dt.datetime:
        """When the lead window accepted (the opening)."""
        return self.opened_at

    @property
    def ended_at(self) -> dt.datetime | None:
        """When the case was sealed: the unified delivery, or the withdrawal."""
        return self.completed_at or self.withdrawn_at

    @property
    def delivered_at(self) -> dt.datetime | None:
        """The unified delivery (统一送达), recorded by `complete`."""
        return self.completed_at

    @property
    def due_date(self) -> dt.date:
        """The committed bound: acceptance plus the plan's overall limit.

        Suspensions (art. 45 and local rules) are not counted; an extension moves it only
        under a named local rule (``extend(local_rule=...)``).
        """
        return self._overall_due(None)

    @property
    def statutory_due_date(self) -> dt.date:
        """The statutory bound: 45 working days plus extensions (art. 42 para. 2)."""
        return self._statutory(None).due_date

    def _statutory(self, today: dt.date | None) -> Deadline:
        exts = tuple(self.extensions)
        limit = TimeLimit.working_days(UNIFIED_HANDLING_DAYS)
        suspensions = [s for s in self._suspensions(today) if s.reason.statutory]
        return deadline(
            self.accepted_on, limit, self.calendar, suspensions=suspensions, extensions=exts
        )

    @property
    def delivery_due_date(self) -> dt.date | None:
        """Ten working days after an approval (art. 44); None until approved."""
        if self.decided_at is None or self.outcome is not Outcome.APPROVED:
            return None
        return self._delivery().due_date

    def _delivery(self) -> Deadline:
        assert self.decided_at is not None
        return deadline(self.decided_at, TimeLimit.working_days(_DELIVERY_DAYS), self.calendar)

    @property
    def exceeds_bound(self) -> bool:
        """Whether the plan's schedule already finishes after the statutory bound (flagged)."""
        schedule = self.plan.schedule(self.accepted_on, engine(self.calendar))
        return schedule.due_date > self.statutory_due_date

    @property
    def provisional(self) -> bool:
        """Whether a due date depends on provisional calendar days."""
        found = [self._statutory(None), self._overall(None)]
        if self.delivery_due_date is not None:
            found.append(self._delivery())
        return any(d.provisional for d in found)

    @property
    def timeliness(self) -> Timeliness:
        """Committed at the unified delivery, statutory at the join's decision, delivery."""
        overall, statutory = self._overall(None), self._statutory(None)
        delivery = self._delivery() if self.delivery_due_date is not None else None
        return Timeliness(
            timeliness_of(self.completed_at, overall.due_date, overall.due_at),
            timeliness_of(self.decided_at, statutory.due_date, statutory.due_at),
            timeliness_of(
                self.completed_at,
                delivery.due_date if delivery else None,
                delivery.due_at if delivery else None,
            ),
        )

    @property
    def projected_due_date(self) -> dt.date | None:
        """The projected finish, without a ``today``.

        Decided steps count on their days, the others on their deadlines; None once nothing
        is left that can finish.
        """
        return self._projection(self._tasks(), None)[0]

    # -- questions ----------------------------------------------------------------------------

    @property
    def _decided(self) -> dict[str, Decision]:
        return {d.step: d for d in self.decisions}

    @property
    def outcome(self) -> Outcome | None:
        """The case's result under the plan's join, once it is decided."""
        return self._outcome(None)

    def _outcome(self, tasks: Mapping[str, Task] | None) -> Outcome | None:
        """The join's result; task statuses come from ``tasks`` or are worked out if needed."""

        def running() -> int:
            current = tasks if tasks is not None else self._tasks()
            return sum(t.status in (TaskStatus.READY, TaskStatus.WAITING) for t in current.values())

        decided = self._decided
        outcomes = [d.outcome for d in decided.values()]
        approvals = outcomes.count(Outcome.APPROVED)
        mode = self.plan.join.mode
        if mode is JoinMode.FIRST_DENIAL:
            if Outcome.DENIED in outcomes:
                return Outcome.DENIED
            return Outcome.APPROVED if approvals == len(self.plan.steps) else None
        if mode is JoinMode.K_OF_N:
            k = self.plan.join.k or 0
            if approvals >= k:
                return Outcome.APPROVED
            return Outcome.DENIED if approvals + running() < k else None
        if running():
            return None
        return Outcome.APPROVED if approvals == len(self.plan.steps) else Outcome.DENIED

    @property
    def state(self) -> ParallelState:
        """The case's state (`ParallelState`)."""
        return self._state(None)

    def _state(self, tasks: Mapping[str, Task] | None) -> ParallelState:
        if self.withdrawn_at is not None:
            return ParallelState.WITHDRAWN
        if self.completed_at is not None:
            return ParallelState.COMPLETED
        outcome = self._outcome(tasks)
        if outcome is None:
            return ParallelState.OPEN
        return ParallelState.APPROVED if outcome is Outcome.APPROVED else ParallelState.DENIED

    @property
    def tasks(self) -> dict[str, Task]:
        """Every department's task by step id (closed suspensions only; see `overview`)."""
        return self._tasks()

    def _tasks(self, today: dt.date | None = None) -> dict[str, Task]:
        plan, decided = self.plan, self._decided
        suspensions = self._suspensions(today)
        extra = self._extra()
        timeouts: dict[str, int] = {}
        for step_id, _policy, _deadline in self.timeouts:
            timeouts[step_id] = timeouts.get(step_id, 0) + 1
        denial_ends = plan.join.mode is JoinMode.FIRST_DENIAL and any(
            d.outcome is Outcome.DENIED for d in decided.values()
        )
        k_reached = plan.join.mode is JoinMode.K_OF_N and sum(
            d.outcome is Outcome.APPROVED for d in decided.values()
        ) >= (plan.join.k or 0)
        tasks: dict[str, Task] = {}
        for step_id in plan.order:
            step = plan[step_id]
            decision = decided.get(step_id)
            count = timeouts.get(step_id, 0)
            if decision is not None:
                tasks[step_id] = Task(step_id, step.department, TaskStatus.DECIDED,
                                      _anchor(step, decided, self.accepted_on), None, decision,
                                      count)  # fmt: skip
                continue
            if denial_ends or k_reached:
                status = TaskStatus.CANCELLED
            elif any(tasks[p].status in (TaskStatus.BLOCKED,) for p in step.requires) or any(
                p in decided and decided[p].outcome is Outcome.DENIED for p in step.requires
            ):
                status = TaskStatus.BLOCKED
            elif all(p in decided for p in step.requires):
                status = TaskStatus.READY
            else:
                status = TaskStatus.WAITING
            anchor = due = None
            if status is TaskStatus.READY:
                anchor = _anchor(step, decided, self.accepted_on)
                limit = _day_limit(step.limit, extra.get(step_id, 0), self.calendar)
                relevant = [s for s in suspensions if s.end >= anchor]
                due = deadline(anchor, limit, self.calendar, suspensions=relevant).due_date
            tasks[step_id] = Task(step_id, step.department, status, anchor, due, None, count)
        for step_id, task in tasks.items():
            if task.status is TaskStatus.DECIDED:
                assert task.decision is not None
                tasks[step_id] = attrs.evolve(task, deadline=self._deadline_of(step_id, extra))
        return tasks

    def _suspensions(self, today: dt.date | None) -> list[Suspension]:
        """The closed suspensions, and the open one counted through ``today`` if given."""
        suspensions = list(self.suspensions)
        since = self.suspended_since
        if today is not None and since is not None and today >= since:
            reason = self.suspension_reason or SuspensionReason.EXPERT_REVIEW
            suspensions.append(Suspension(since, today, reason, self.suspension_note or "open"))
        return suspensions

    def _extra(self) -> dict[str, float]:
        """The extensions granted to each step, summed."""
        extra: dict[str, float] = {}
        for step_id, ext in self.step_extensions:
            extra[step_id] = extra.get(step_id, 0) + ext.amount
        return extra

    def _deadline_of(self, step_id: str, extra: Mapping[str, float]) -> dt.date:
        """The deadline a decided step had when it was decided (closed suspensions)."""
        step = self.plan[step_id]
        anchor = _anchor(step, self._decided, self.accepted_on)
        limit = _day_limit(step.limit, extra.get(step_id, 0), self.calendar)
        relevant = [s for s in self.suspensions if s.end >= anchor]
        return deadline(anchor, limit, self.calendar, suspensions=relevant).due_date

    @property
    def overall_due_date(self) -> dt.date:
        """Acceptance plus the plan's overall limit (`due_date`), closed suspensions excepted.

        Extensions count only under a local rule.
        """
        return self._overall_due(None)

    def _overall_due(self, today: dt.date | None) -> dt.date:
        return self._overall(today).due_date

    def _overall(self, today: dt.date | None) -> Deadline:
        suspensions = self._suspensions(today)
        limit = self.plan.overall_limit
        exts = self.committed_extensions if limit.unit is not LimitUnit.IMMEDIATE else ()
        return deadline(
            self.accepted_on, limit, self.calendar, suspensions=suspensions, extensions=exts
        )

    def _projection(
        self, tasks: Mapping[str, Task], today: dt.date | None
    ) -> tuple[dt.date | None, tuple[str, ...]]:
        """Projected finish of each step, the case's finish, and the critical undecided steps."""
        plan, extra = self.plan, self._extra()
        finish: dict[str, dt.date] = {}
        for step_id in plan.order:
            task = tasks[step_id]
            step = plan[step_id]
            if task.status is TaskStatus.DECIDED:
                assert task.decision is not None
                finish[step_id] = task.decision.on
            elif task.status is TaskStatus.READY:
                assert task.deadline is not None
                due = task.deadline
                finish[step_id] = max(due, today) if today is not None else due
            elif task.status is TaskStatus.WAITING:
                anchors = [finish[p] for p in step.requires if p in finish]
                if len(anchors) < len(step.requires):
                    continue
                anchor = max(anchors)
                limit = _day_limit(step.limit, extra.get(step_id, 0), self.calendar)
                finish[step_id] = deadline(anchor, limit, self.calendar).due_date
        if not finish:
            return None, ()
        position = {s: i for i, s in enumerate(plan.order)}
        last = max(finish, key=lambda s: (finish[s], -position[s]))
        chain = [last]
        while True:
            step = plan[chain[-1]]
            prior = [p for p in step.requires if p in finish]
            if not prior:
                break
            chain.append(max(prior, key=lambda p: finish[p]))
        blocking = tuple(s for s in reversed(chain) if tasks[s].status is not TaskStatus.DECIDED)
        return finish[last], blocking

    def overview(self, today: dt.date) -> Overview:
        """Where the case stands on ``today`` (passed in, never read from the clock).

        From the events recorded up to the end of ``today`` (local dates): a past day is
        seen as it was then, a decision or a delivery recorded later not yet made, so
        monitoring replays it exactly.
        """
        if type(today) is not dt.date:
            raise InvalidValueError("today", today, "a datetime.date")
        past = self._as_of(today)
        if past is not self:
            return past.overview(today)
        tasks = self._tasks(today)
        ready = tuple(s for s, t in tasks.items() if t.status is TaskStatus.READY)
        decided = self._decided
        waiting = {
            s: tuple(p for p in self.plan[s].requires if p not in decided)
            for s, t in tasks.items()
            if t.status is TaskStatus.WAITING
        }
        holders: dict[str, list[str]] = {}
        for prereqs in waiting.values():
            for p in prereqs:
                if tasks[p].status is TaskStatus.READY and p not in holders.get(
                    tasks[p].department, []
                ):
                    holders.setdefault(tasks[p].department, []).append(p)
        overdue: dict[str, int] = {}
        pending: list[tuple[str, TimeoutPolicy]] = []
        recorded = {(s, d) for s, _p, d in self.timeouts}
        state = self._state(tasks)
        open_case = state is ParallelState.OPEN
        for s in ready:
            due = tasks[s].deadline
            assert due is not None
            if today > due:
                overdue[s] = engine(self.calendar).working_days_between(due, today)
                if open_case and self.suspended_since is None and (s, due) not in recorded:
                    pending.append((s, self.plan[s].on_timeout))
        due_date, blocking = self._projection(tasks, today)
        return Overview(
            today=today,
            state=state,
            ready=ready,
            waiting=waiting,
            waiting_on={k: tuple(v) for k, v in holders.items()},
            overdue=overdue,
            blocking=blocking,
            due_date=due_date,
            overall_due_date=self._overall_due(today),
            statutory_due_date=(bound := self._statutory(today).due_date),
            past_bound=today > bound and state is ParallelState.OPEN,
            timeouts=tuple(pending),
            suspended=self.suspended_since is not None,
            tasks=tasks,
        )

    def _as_of(self, today: dt.date) -> ParallelCase:
        """The case as its events up to the end of ``today`` left it (self when all were).

        The opening is always kept. The events were checked when recorded or read back, so
        they are applied, not re-done; 好差评 acts are left out (they change no clock).
        """
        events = self.trace.events
        n = len(events)
        while n > 1 and self._local(_instant(events[n - 1])) > today:
            n -= 1
        if n == len(events):
            return self
        case = ParallelCase(
            case_id=self.case_id,
            plan=self.plan,
            accepted_on=self.accepted_on,
            trace=Trace(events[:1], self.trace.genesis),
            opened_at=self.opened_at,
            notices=self.notices[:1],
            calendar=self.calendar,
            guard=self.guard,
        )
        for event in events[1:n]:
            if event.payload["action"] not in FEEDBACK_FIELDS:
                case = _apply(case, event)
        return attrs.evolve(case, trace=Trace(events[:n], self.trace.genesis))

    # -- serialization ------------------------------------------------------------------------

    def to_json(self) -> str:
        """The case as JSON text: its schema, its id and its trace, event by event.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> from govservice.approval import construction_project_plan
            >>> case = construction_project_plan().open("P-9", dt.date(2025, 3, 3),
            ...                                         calendar=china())
            >>> ParallelCase.from_json(case.to_json(), calendar=china()) == case
            True
        """
        return dump_trace(self.trace, _SCHEMA, self.case_id)

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
    ) -> ParallelCase:
        """A case from `to_json` text; every event is re-run through the live act.

        The hashes are verified, then each event is re-done on the case so far with the same
        act and must give exactly the recorded bytes: a decision on a step not in the plan, on
        a sealed case, or a denial turned into an approval after the fact is refused.

        Args:
            text: What `to_json` wrote.
            calendar: The calendar (required).
            guard: Vetoes further acts.
            recalendar: Accept due dates that ``calendar`` moves (the overall bound, a
                rectification's): the change is recorded in the trace (a ``recalendar`` event
                by ``by``, dated ``at``). Due dates a recorded change explains (those before
                it) are accepted without.
            expected_head: A head handed out earlier (a receipt).
            by: Who records a recalendar on load.
            at: When a recalendar on load is recorded (aware, not before the last event);
                the last event's instant when None (no clock is read).

        Raises:
            TraceIntegrityError: The trace was changed, reordered, cut or forged; it names the
                event.
            CalendarMismatchError: ``calendar`` moves the recorded overall due date.
            InvalidValueError: The text is not a parallel case.
        """
        cal = check_calendar(calendar)
        if at is not None:
            check_at(at, None)
        trace = load_trace(text, _SCHEMA, expected_head=expected_head, what="a parallel case")
        case, moved = _replay(trace, cal, recalendar=recalendar)
        if moved:  # recorded, as a case's recalendar on load is: when, by whom, to what
            last = case._last_at()
            when = last if at is None else check_at(at, last)
            data = {"calendar": getattr(engine(cal), "name", ""), "reload": True}
            case = case._act("recalendar", when, check_by(by), data, None)
        return attrs.evolve(case, guard=guard)


def _check_opened(
    at: object, accepted_on: dt.date, calendar: WorkCalendar | ProvisionalCalendar
) -> dt.datetime:
    """The opening's instant: aware, and not on a day before the acceptance it records.

    An opening may be recorded after the day of acceptance (entered later), never before
    it: every act would then count from a day the application was not yet accepted.
    """
    moment = check_at(at, None)
    if local_date(calendar, moment) < accepted_on:
        raise InvalidValueError(
            "at", moment.isoformat(), f"on or after the day of acceptance {accepted_on}"
        )
    return moment


class _Stub:
    """What `propose` needs of a case before its first event exists."""

    def __init__(self, case_id: str, trace: Trace, guard: Guard | None) -> None:
        self.case_id, self.trace, self.guard = case_id, trace, guard


def _opening(
    plan: ApprovalPlan,
    accepted_on: dt.date,
    calendar: WorkCalendar | ProvisionalCalendar,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    """The opening's data with its check values: the overall and statutory due dates."""
    limit = plan.overall_limit
    overall = deadline(accepted_on, limit, calendar).due_date
    statutory = deadline(
        accepted_on, TimeLimit.working_days(UNIFIED_HANDLING_DAYS), calendar
    ).due_date
    check = {"overall_due": overall.isoformat(), "statutory_due": statutory.isoformat()}
    return {**data, "check": check}


def _fixes_dues(action: str, data: Mapping[str, Any]) -> bool:
    """Whether an act fixes the overall, statutory or delivery due date (records its check).

    A resumption and an overall extension move the bounds; a calendar change moves them all;
    a department's result may decide the join, which fixes the delivery due date (art. 44).
    """
    if action == "extend":
        return not data.get("step")
    return action in ("resume", "recalendar", "decide", "timeout")


def _check_values(case: ParallelCase) -> dict[str, str]:
    """The due dates of ``case`` as an act records them: overall, statutory, delivery.

    With them the digest of the plan they were counted from (``plan``): every step limit,
    dependency and policy the act was judged under. A calendar never changes it, so a
    difference is a plan rewritten in the opening after the fact (refused, even when a
    calendar change would explain the dates).
    """
    out = {
        "overall_due": case._overall(None).due_date.isoformat(),
        "statutory_due": case._statutory(None).due_date.isoformat(),
        "plan": plan_digest(case.plan),
    }
    delivery = case.delivery_due_date
    if delivery is not None:
        out["delivery_due"] = delivery.isoformat()
    return out


@functools.lru_cache(maxsize=256)
def plan_digest(plan: ApprovalPlan) -> str:
    """The first 16 hex digits of the SHA-256 of the plan's canonical form."""
    return hashlib.sha256(canonical(plan.to_mapping()).encode()).hexdigest()[:16]


def _anchor(step: Step, decided: Mapping[str, Decision], accepted_on: dt.date) -> dt.date:
    if not step.requires:
        return accepted_on
    return max(decided[p].on for p in step.requires)


def _redo(case: ParallelCase, event: TraceEvent, *, recalendar: bool = False) -> ParallelCase:
    """Re-do ``event``'s act on ``case`` with the live method (every check it makes)."""
    payload = event.payload
    action, data = payload["action"], payload["data"]
    at = dt.datetime.fromisoformat(payload["at"])
    by = payload["by"]
    if action in FEEDBACK_FIELDS:
        return _redo_feedback(case, event, recalendar=recalendar)
    if action == "decide":
        return case.decide(data["step"], data["outcome"], at=at, by=by, opinion=data["opinion"])
    if action == "review":
        return case.review(data["step"], at=at, by=by, opinion=data["opinion"])
    if action == "suspend":
        return case.suspend(at=at, by=by, reason=data["reason"], note=data["note"],
                            step=data["step"])  # fmt: skip
    if action == "resume":
        return case.resume(at=at, by=by)
    if action == "extend":
        rule = data.get("local_rule")
        if rule is not None and (data["step"] or not isinstance(rule, str)):
            raise InvalidValueError("local_rule", rule, "text, on an overall extension only")
        return case._extend(
            at=at, by=by, amount=data["amount"], approved_by=data["approved_by"],
            reason=data["reason"], step=data["step"], basis=data["basis"],
            approver_role=data["approver_role"], local_rule=rule,
        )  # fmt: skip
    if action == "timeout":
        return case._timeout(data["step"], at=at, by=by)
    if action == "complete":
        return case.complete(at=at, by=by)
    if action == "withdraw":
        return case.withdraw(at=at, by=by, reason=data["reason"])
    if action == "recalendar":
        data = {k: v for k, v in data.items() if k != "check"}
        if set(data) != {"calendar", "reload"} or data["reload"] is not True:
            raise InvalidValueError("data", sorted(data), "exactly calendar and reload (true)")
        return case._act("recalendar", at, by, data, None)
    raise InvalidValueError("action", action, "an act of a parallel case")


def _redo_feedback(case: ParallelCase, event: TraceEvent, *, recalendar: bool) -> ParallelCase:
    """Re-do a feedback act; a rectification's due date is recomputed and compared."""
    payload = event.payload
    data = dict(payload["data"])
    recorded = data.pop("check", None)
    action = Action(payload["action"])
    at = dt.datetime.fromisoformat(payload["at"])
    redone = case._feedback_act(action, at, payload["by"], data)
    got = redone.trace.events[-1].payload["data"].get("check")
    if got == recorded:
        return redone
    if not isinstance(recorded, dict) or got is None or recorded.keys() != got.keys():
        raise InvalidValueError("check", recorded, f"the due dates {got}")
    if not recalendar:
        raise CalendarMismatchError(
            case.case_id, "rectification_due", _iso_date(recorded["rectification_due"]),
            dt.date.fromisoformat(got["rectification_due"]), event.seq,
        )  # fmt: skip
    # The calendar changed since: the rectification is due on this calendar's day, and the
    # event stays as recorded.
    return case._feedback_act(action, at, payload["by"], data, keep_check=recorded)


def _instant(event: TraceEvent) -> dt.datetime:
    """The instant an event records."""
    return dt.datetime.fromisoformat(event_at(event.body))


def _iso_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _replay(
    trace: Trace, calendar: WorkCalendar | ProvisionalCalendar, *, recalendar: bool = False
) -> tuple[ParallelCase, bool]:
    """The case and whether ``recalendar`` let a due date move (a change to record).

    A due date that differs before the last calendar change recorded in the trace is
    explained by it; one after it (or with none recorded) needs ``recalendar``.
    """
    events = trace.events
    seq = 0
    reload_at = last_recalendar(events)
    moved = False
    try:
        first = events[0].payload
        if first.get("action") != "open":
            raise TraceIntegrityError(0, "the first event is not an opening")
        # The acts after it are compared byte for byte with the live act's event; the opening
        # is read, so its text must be the canonical one of what it holds (no key twice).
        text = events[0].body.split("\n", 3)[3]
        if canonical(first) != text:
            raise InvalidValueError("payload", text[:60], "canonical JSON (sorted keys, no spaces)")
        data = dict(first["data"])
        recorded = data.pop("check", None)
        if set(data) != {"case_id", "plan", "accepted_on", "calendar"}:
            raise InvalidValueError("data", sorted(data), "exactly the fields of an opening")
        if not isinstance(data["case_id"], str) or genesis(_SCHEMA, data["case_id"]) != (
            trace.genesis
        ):  # the case id the hashes bind (the document's) is the one the opening names
            raise TraceIntegrityError(0, "the opening names another case than its trace's")
        if not isinstance(data["calendar"], str):
            raise InvalidValueError("calendar", data["calendar"], "the calendar's name")
        check_by(first["by"])
        plan = ApprovalPlan.from_mapping(data["plan"], source="trace")
        if plan.to_mapping() != data["plan"]:
            raise InvalidValueError("plan", data["plan"], "a plan in canonical form")
        accepted_on = dt.date.fromisoformat(data["accepted_on"])
        # Every act records the digest of the plan it was counted on; no calendar changes it,
        # so one that differs is a plan rewritten after the fact (before any date is compared).
        digest = plan_digest(plan)
        for seq in range(1, len(events)):
            check = events[seq].payload["data"].get("check")
            if isinstance(check, dict) and check.get("plan", digest) != digest:
                raise TraceIntegrityError(
                    seq, "the act was counted on another plan than the opening records"
                )
        seq = 0
        got = _opening(plan, accepted_on, calendar, data)["check"]
        if got != recorded:
            if not isinstance(recorded, dict) or recorded.keys() != got.keys():
                raise InvalidValueError("check", recorded, f"the due dates {got}")
            if reload_at < 0 and not recalendar:
                key = next(k for k in got if got[k] != recorded[k])
                raise CalendarMismatchError(
                    data["case_id"], key, dt.date.fromisoformat(recorded[key]),
                    dt.date.fromisoformat(got[key]), 0,
                )  # fmt: skip
            moved = moved or reload_at < 0
        _check_opened(dt.datetime.fromisoformat(first["at"]), accepted_on, calendar)
        case = ParallelCase(
            case_id=data["case_id"],
            plan=plan,
            accepted_on=accepted_on,
            trace=Trace(events[:1], trace.genesis),
            opened_at=dt.datetime.fromisoformat(first["at"]),
            notices=(CaseNotice(NoticeKind.ACCEPTANCE_RECEIPT, accepted_on, 0),),
            calendar=calendar,
        )
        for seq in range(1, len(events)):
            try:
                redone = _redo(case, events[seq], recalendar=seq < reload_at)
            except CalendarMismatchError:
                if not recalendar:
                    raise
                redone, moved = _redo(case, events[seq], recalendar=True), True
            if redone.trace.events[-1] != events[seq]:
                key = _check_difference(redone.trace.events[-1], events[seq])
                if key == "delivery_due" and _dated_when_recorded(redone, events[seq]):
                    key = ""  # written before deemed consent was dated at its deadline
                if key is None:
                    raise TraceIntegrityError(seq, "the event is not what its act records")
                if key == "plan":
                    raise TraceIntegrityError(
                        seq, "the act was counted on another plan than the opening records"
                    )
                if key and seq >= reload_at:  # not explained by a calendar change recorded later
                    if not recalendar:
                        recorded = events[seq].payload["data"]["check"].get(key)
                        mine = redone.trace.events[-1].payload["data"]["check"].get(key)
                        raise CalendarMismatchError(
                            case.case_id, key, _iso_date(recorded), _iso_date(mine), seq
                        )
                    moved = True
                # the event as recorded: its act is the same, only the calendar differs
                redone = attrs.evolve(redone, trace=Trace(events[: seq + 1], trace.genesis))
            case = redone
    except Exception as exc:
        raise replay_error(seq, exc) from None
    return attrs.evolve(case, trace=trace), moved


def _check_difference(mine: TraceEvent, recorded: TraceEvent) -> str | None:
    """How a redone event differs from the recorded one, if only in its check values.

    None: it differs otherwise (a forgery). ``""``: the recorded event has no check values
    (written before they were recorded; nothing to compare), or differs only by the plan's
    digest it was written without. ``"plan"``: it was counted on another plan (a forgery no
    calendar explains). Else the first due date that differs.
    """
    a, b = mine.payload, recorded.payload
    if a.keys() != b.keys() or any(a[k] != b[k] for k in a if k != "data"):
        return None
    if canonical(b) != recorded.body.split("\n", 3)[3]:  # one value, one text (no key twice)
        return None
    da, db = dict(a["data"]), dict(b["data"])
    ca, cb = da.pop("check", None), db.pop("check", None)
    if da != db or ca is None:
        return None
    if cb is None:
        return ""
    if not isinstance(cb, dict):
        return None
    ca, cb = dict(ca), dict(cb)
    if "plan" in cb:  # no calendar explains another plan
        if cb.pop("plan") != ca.pop("plan", None):
            return "plan"
    else:  # written before the plan's digest was recorded
        ca.pop("plan", None)
    if cb.keys() != ca.keys():
        return None
    return next((k for k in ca if ca[k] != cb[k]), "")


def _apply(case: ParallelCase, event: TraceEvent) -> ParallelCase:
    before = len(case.decisions)
    case = _apply_one(case, event)
    if case.decided_at is None and case.outcome is not None:
        at = _instant(event)
        case = attrs.evolve(case, decided_at=_result_at(case, case.decisions[before:], at))
        if case.outcome is Outcome.DENIED:
            on = case._local(at)
            notice = CaseNotice(NoticeKind.DENIAL_REASONS, on, event.seq)
            case = attrs.evolve(case, notices=(*case.notices, notice))
    return case


def _result_at(case: ParallelCase, new: Sequence[Decision], at: dt.datetime) -> dt.datetime:
    """When the join's result was decided by the act recorded at ``at`` that added ``new``.

    The act's instant, unless it deemed a consent before it (at the close of the deadline):
    then the first instant from that one on at which the answers given by then decide the
    result (an answer given after the deadline, before the timeout was recorded, counts).
    """
    earliest = min((d.at for d in new), default=at)
    if earliest >= at:
        return at
    for moment in sorted({d.at for d in case.decisions if earliest <= d.at < at}):
        given = tuple(d for d in case.decisions if d.at <= moment)
        if attrs.evolve(case, decisions=given).outcome is not None:
            return moment
    return at


def _dated_when_recorded(case: ParallelCase, event: TraceEvent) -> bool:
    """Whether a deemed consent's recorded delivery due date counts from its event's instant.

    So traces wrote it before a deemed consent was dated at the close of its deadline: the
    check the act recorded then, not a calendar change (the case reads back deemed on time).
    """
    data = event.payload["data"]
    if event.payload["action"] != "timeout" or data.get("policy") != "deemed_consent":
        return False
    then = attrs.evolve(case, decided_at=_instant(event)).delivery_due_date
    return then is not None and data["check"].get("delivery_due") == then.isoformat()


def _apply_one(case: ParallelCase, event: TraceEvent) -> ParallelCase:
    payload = event.payload
    action, data = payload["action"], payload["data"]
    at = dt.datetime.fromisoformat(payload["at"])
    if action == "decide":
        decision = Decision(data["step"], data["department"], Outcome(data["outcome"]), at,
                            payload["by"], case._local(at), data.get("opinion", ""))  # fmt: skip
        return attrs.evolve(case, decisions=(*case.decisions, decision))
    if action == "suspend":
        if SuspensionReason(data["reason"]).statutory:
            notice = CaseNotice(NoticeKind.SUSPENSION, case._local(at), event.seq)
            case = attrs.evolve(case, notices=(*case.notices, notice))
        return attrs.evolve(case, suspended_since=case._local(at),
                            suspension_reason=SuspensionReason(data["reason"]),
                            suspension_note=data.get("note", ""))  # fmt: skip
    if action == "resume":
        added: tuple[Suspension, ...] = ()
        if data.get("suspended"):
            start, end = (dt.date.fromisoformat(d) for d in data["suspended"])
            reason = case.suspension_reason or SuspensionReason.EXPERT_REVIEW
            added = (Suspension(start, end, reason, note=case.suspension_note),)
        return attrs.evolve(case, suspensions=case.suspensions + added, suspended_since=None,
                            suspension_reason=None, suspension_note="")  # fmt: skip
    if action == "extend":
        ext = Extension(data["amount"], data["approved_by"], data["reason"])
        if data.get("step"):
            return attrs.evolve(case, step_extensions=(*case.step_extensions, (data["step"], ext)))
        notice = CaseNotice(NoticeKind.EXTENSION_REASON, case._local(at), event.seq)
        case = attrs.evolve(case, extensions=(*case.extensions, ext),
                            notices=(*case.notices, notice))  # fmt: skip
        # The plan's overall limit moves under a named local rule, or for an extension
        # recorded before the rule was (no ``local_rule``: it moved then).
        rule = data.get("local_rule")
        if rule is None or rule.strip():
            case = attrs.evolve(case, committed_extensions=(*case.committed_extensions, ext))
        return case
    if action == "timeout":
        policy = TimeoutPolicy(data["policy"])
        due = dt.date.fromisoformat(data["deadline"])
        case = attrs.evolve(case, timeouts=(*case.timeouts, (data["step"], policy, due)))
        if policy is TimeoutPolicy.DEEMED_CONSENT:
            # Consent is deemed when the deadline expires, at the close of office hours of its
            # last day (Civil Code art. 203), however late the timeout is recorded; never before
            # the opening it belongs to (one recorded after the day of acceptance).
            expired = max(closing(case.calendar, due), case.opened_at)
            deemed_at = min(expired, at).astimezone(dt.UTC)
            decision = Decision(
                data["step"], data["department"], Outcome.APPROVED, deemed_at, payload["by"],
                due, deemed=True, basis=data.get("basis", ""),
            )  # fmt: skip
            case = attrs.evolve(case, decisions=(*case.decisions, decision))
        return case
    if action == "review":
        review = (data["step"], payload["by"], at, data.get("opinion", ""))
        return attrs.evolve(case, reviews=(*case.reviews, review))
    if action == "complete":
        return attrs.evolve(case, completed_at=at)
    if action == "withdraw":
        return attrs.evolve(case, withdrawn_at=at)
    if action == "recalendar":  # the record of a calendar change: no state of its own
        return case
    raise TraceIntegrityError(event.seq, f"unknown action {action!r}")
