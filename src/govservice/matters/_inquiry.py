"""First-inquiry responsibility (首问责任制): an inquiry and the person answerable for it.

county scheme makes 首问责任制 one of a county center's five systems: the first member of staff a
citizen asks is responsible for the inquiry (咨询) until it is answered, or until it is handed
to a named person, who then is. An inquiry exists before any application; it may later be
linked to the case it led to. A center sets a limit for answering (`Inquiry.open`'s ``limit``);
monitoring lists inquiries left unanswered past it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from govservice._errors import InvalidValueError, TransitionError
from govservice._trace import Trace, trace_to_json
from govservice.calendar import LimitUnit, ProvisionalCalendar, TimeLimit, WorkCalendar
from govservice.matters._chain import aware, iso, local_date, parse_at, replay, text
from govservice.matters._feedback import FeedbackChannel

__all__ = ["Handover", "Inquiry", "InquiryState"]

_SCHEMA = "govservice.inquiry/1"


class InquiryState(enum.Enum):
    """Where an inquiry stands.

    Examples:
        >>> InquiryState("open").value
        'open'
    """

    OPEN = "open"  #: asked, not yet answered (possibly handed over)
    ANSWERED = "answered"  #: answered; closed


@attrs.frozen
class Handover:
    """A hand-over of an inquiry to a named person (移交), with the reason.

    Args:
        from_person: Who was responsible.
        to_person: Who is responsible from now on.
        at: When.
        reason: Why (not this window's matter, needs the department, ...).
    """

    from_person: str
    to_person: str
    at: dt.datetime
    reason: str


def _check_limit(limit: object) -> TimeLimit:
    if not isinstance(limit, TimeLimit) or limit.unit not in (
        LimitUnit.WORKING_DAYS,
        LimitUnit.IMMEDIATE,
    ):
        raise InvalidValueError(
            "limit", limit, "a TimeLimit in working days, or immediate (the same day)"
        )
    return limit


@attrs.frozen
class Inquiry:
    """An inquiry (咨询) and who answers for it (首问责任制).

    Build one with `open`; ``hand_over`` and ``answer`` must be done by the person responsible
    at the time (``by``), so responsibility never lapses: it moves only to a named person.

    Args:
        inquiry_id: The inquiry's number.
        question: What was asked.
        channel: How it was asked.
        citizen: Who asked, or None when anonymous.
        first_responder: The first person asked (首问责任人).
        responsible: The person responsible now.
        asked_at: When it was asked.
        limit: The center's limit for answering.
        due_date: The last day to answer (the limit's n-th working day after the day asked;
            the day itself for an immediate limit).
        state: Open or answered.
        handovers: Each hand-over, in order.
        answer_text: The answer given.
        answered_by: Who answered.
        answered_at: When.
        case_id: The case it led to, if any.
        provisional: Whether ``due_date`` falls on days a `ProvisionalCalendar` only
            estimates (its year's notice not out yet).
        trace: The hash chain of every act.
        calendar: The working-day calendar, a `ProvisionalCalendar` too (not part of
            equality).

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import TimeLimit, china
        >>> sh = dt.timezone(dt.timedelta(hours=8))
        >>> q = Inquiry.open("Q-1", question="开办企业要带什么材料？", first_responder="王五",
        ...                  at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                  limit=TimeLimit.working_days(1), calendar=china())
        >>> q = q.hand_over("赵六", reason="属市场监管窗口", at=dt.datetime(2025, 3, 3, 9, 5,
        ...                 tzinfo=sh), by="王五")
        >>> q.responsible, q.first_responder, q.due_date
        ('赵六', '王五', datetime.date(2025, 3, 4))
        >>> q.overdue(dt.date(2025, 3, 5))
        True
    """

    inquiry_id: str
    question: str
    channel: FeedbackChannel
    citizen: str | None
    first_responder: str
    responsible: str
    asked_at: dt.datetime
    limit: TimeLimit
    due_date: dt.date
    state: InquiryState = InquiryState.OPEN
    handovers: tuple[Handover, ...] = ()
    answer_text: str = ""
    answered_by: str | None = None
    answered_at: dt.datetime | None = None
    case_id: str | None = None
    provisional: bool = False
    trace: Trace = attrs.field(factory=Trace, repr=False)
    calendar: WorkCalendar | ProvisionalCalendar = attrs.field(
        eq=False, hash=False, repr=False, kw_only=True
    )

    @classmethod
    def open(
        cls,
        inquiry_id: str,
        *,
        question: str,
        first_responder: str,
        at: dt.datetime,
        limit: TimeLimit,
        calendar: WorkCalendar | ProvisionalCalendar,
        citizen: str | None = None,
        channel: FeedbackChannel | str = FeedbackChannel.WINDOW,
    ) -> Inquiry:
        """Record an inquiry and its first responder (首问责任人)."""
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", type(calendar).__name__, "a WorkCalendar")
        limit = _check_limit(limit)
        aware("at", at)
        due = _due(calendar, at, limit)
        payload = {
            "action": "open",
            "schema": _SCHEMA,
            "at": iso(at),
            "by": text("first_responder", first_responder),
            "data": {
                "inquiry_id": text("inquiry_id", inquiry_id),
                "question": text("question", question),
                "channel": FeedbackChannel(channel).value,
                "citizen": citizen,
                "limit": {"amount": int(limit.amount), "unit": limit.unit.value},
                "due": due.isoformat(),
            },
        }
        return _first(payload, Trace().append(payload), calendar)

    def _act(self, action: str, at: dt.datetime, by: str, data: Mapping[str, Any]) -> Inquiry:
        aware("at", at, self._last_at())
        payload = {"action": action, "at": iso(at), "by": text("by", by), "data": dict(data)}
        return _apply(self, payload, self.trace.append(payload))

    def _last_at(self) -> dt.datetime:
        return parse_at(self.trace.events[-1].payload["at"])

    def hand_over(self, to: str, *, reason: str, at: dt.datetime, by: str) -> Inquiry:
        """Hand the inquiry to ``to``, who is responsible from now on; ``by`` must be now."""
        return self._act("hand_over", at, by, {"to": to, "reason": reason})

    def answer(self, answer: str, *, at: dt.datetime, by: str) -> Inquiry:
        """Record the answer; ``by`` must be the person responsible. This closes it."""
        return self._act("answer", at, by, {"text": answer})

    def link_case(self, case_id: str, *, at: dt.datetime, by: str) -> Inquiry:
        """Record the case the inquiry led to (an application made afterwards)."""
        return self._act("link_case", at, by, {"case_id": case_id})

    def as_of(self, day: dt.date) -> Inquiry | None:
        """The inquiry as it stood at the end of ``day`` (Asia/Shanghai); None if asked later.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import TimeLimit, china
            >>> sh = dt.timezone(dt.timedelta(hours=8))
            >>> q = Inquiry.open("Q-1", question="?", first_responder="王五",
            ...                  at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
            ...                  limit=TimeLimit.working_days(1), calendar=china())
            >>> q = q.answer("见指南", at=dt.datetime(2025, 3, 5, 9, tzinfo=sh), by="王五")
            >>> q.as_of(dt.date(2025, 3, 4)).answered, q.as_of(dt.date(2025, 3, 2))
            (False, None)
        """
        events = self.trace.events
        if local_date(self.asked_at) > day:
            return None
        n = 1
        while n < len(events) and local_date(parse_at(events[n].payload["at"])) <= day:
            n += 1
        if n == len(events):
            return self
        q = _first(events[0].payload, Trace(events[:1]), self.calendar)
        for i in range(1, n):
            q = _apply(q, events[i].payload, Trace(events[: i + 1]))
        return q

    @property
    def answered(self) -> bool:
        """Whether it has been answered."""
        return self.state is InquiryState.ANSWERED

    def days_left(self, today: dt.date) -> int:
        """Working days from ``today`` to the due date: 0 on it, negative once past."""
        return int(self.calendar.working_days_between(today, self.due_date))

    def overdue(self, today: dt.date) -> bool:
        """Whether it is still unanswered after its due date."""
        return not self.answered and today > self.due_date

    @property
    def on_time(self) -> bool | None:
        """Whether it was answered by its due date; None while unanswered."""
        if self.answered_at is None:
            return None
        return local_date(self.answered_at) <= self.due_date

    def to_json(self) -> str:
        """The inquiry as JSON text: its trace (replayed by `from_json`)."""
        return trace_to_json(self.trace, _SCHEMA)

    @classmethod
    def from_json(cls, text: str, *, calendar: WorkCalendar | ProvisionalCalendar) -> Inquiry:
        """Replay an inquiry written by `to_json`, re-checking every act.

        Raises:
            TraceIntegrityError: An event was changed or no longer passes its checks.
        """
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", type(calendar).__name__, "a WorkCalendar")
        return replay(text, _SCHEMA, lambda p, t: _first(p, t, calendar), _apply, what="an inquiry")


def _due(
    calendar: WorkCalendar | ProvisionalCalendar, at: dt.datetime, limit: TimeLimit
) -> dt.date:
    day = local_date(at)
    if limit.unit is LimitUnit.IMMEDIATE:
        return day
    return calendar.add_working_days(day, int(limit.amount))


def _first(
    payload: Mapping[str, Any], trace: Trace, calendar: WorkCalendar | ProvisionalCalendar
) -> Inquiry:
    if payload.get("action") != "open":
        raise InvalidValueError("action", payload.get("action"), "'open' first")
    data = payload["data"]
    at = parse_at(payload["at"])
    raw = data["limit"]
    limit = _check_limit(
        TimeLimit.immediate()
        if raw.get("unit") == LimitUnit.IMMEDIATE.value
        else TimeLimit(raw["amount"], LimitUnit(raw["unit"]))
    )
    due = _due(calendar, at, limit)
    if data.get("due") != due.isoformat():
        raise InvalidValueError("due", data.get("due"), f"{due.isoformat()} on the calendar given")
    citizen = data["citizen"]
    if citizen is not None:
        text("citizen", citizen)
    first = text("by", payload["by"])
    return Inquiry(
        text("inquiry_id", data["inquiry_id"]),
        text("question", data["question"]),
        FeedbackChannel(data["channel"]),
        citizen,
        first,
        first,
        at,
        limit,
        due,
        provisional=isinstance(calendar, ProvisionalCalendar) and calendar.is_provisional(due),
        trace=trace,
        calendar=calendar,
    )


def _apply(q: Inquiry, payload: Mapping[str, Any], trace: Trace) -> Inquiry:
    action = payload["action"]
    at = aware("at", parse_at(payload["at"]), q._last_at())
    by = text("by", payload["by"])
    data = payload["data"]
    if action == "link_case":
        if q.case_id is not None:
            raise InvalidValueError("case_id", data["case_id"], f"unset (already {q.case_id})")
        return attrs.evolve(q, case_id=text("case_id", data["case_id"]), trace=trace)
    if action not in ("hand_over", "answer"):
        raise InvalidValueError("action", action, "an act of an inquiry")
    if q.answered:
        raise TransitionError(f"{action} (inquiry {q.inquiry_id})", "answered", "link_case")
    if by != q.responsible:
        raise InvalidValueError(
            "by", by, f"{q.responsible}, the person responsible (首问责任制) for {q.inquiry_id}"
        )
    if action == "hand_over":
        to = text("to", data["to"])
        if to == q.responsible:
            raise InvalidValueError("to", to, "another person than the one responsible")
        handover = Handover(q.responsible, to, at, text("reason", data["reason"]))
        return attrs.evolve(q, responsible=to, handovers=(*q.handovers, handover), trace=trace)
    return attrs.evolve(
        q,
        state=InquiryState.ANSWERED,
        answer_text=text("text", data["text"]),
        answered_by=by,
        answered_at=at,
        trace=trace,
    )
