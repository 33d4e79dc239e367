"""好差评 and complaints on a case, and the rectification each bad review or complaint opens.

国办发〔2019〕51号 (2019-12-03) sets up the good/bad rating system: five grades, "一次一评" on site
and "一事一评" online, every bad review verified, rectified and answered within a limit, and an
appeal against a mistaken or malicious review. The limit is local: 5 working days (Dezhou, a
county town) or 15 (a Sichuan city's scheme) (practice), so it is configuration
(`RectificationPolicy`).

The feedback of a case is kept as its own hash-chained record keyed by the case id
(`CaseFeedback`): every rating, complaint and rectification step is an event with the person,
the channel, the text and the time, and replaying the record re-checks each one.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from govservice._errors import InvalidValueError, TransitionError
from govservice._trace import Trace, trace_to_json
from govservice._validators import tuple_of
from govservice.calendar import LimitUnit, TimeLimit, WorkCalendar
from govservice.matters._chain import aware, iso, local_date, parse_at, replay, text

__all__ = [
    "AppealGround",
    "CaseFeedback",
    "Complaint",
    "FeedbackChannel",
    "Rating",
    "Rectification",
    "RectificationOutcome",
    "RectificationPolicy",
    "RectificationSource",
    "RectificationState",
    "Review",
]

_SCHEMA = "govservice.feedback/1"


class Rating(enum.Enum):
    """The five grades of 好差评 (国办发〔2019〕51号), best first.

    好评 is the first two, 中评 基本满意, 差评 the last two ((practice)).

    Examples:
        >>> Rating.from_grade(2)
        <Rating.DISSATISFIED: 'dissatisfied'>
        >>> Rating.VERY_SATISFIED.grade, Rating.DISSATISFIED.bad
        (5, True)
    """

    VERY_SATISFIED = "very_satisfied"  #: 非常满意 (5)
    SATISFIED = "satisfied"  #: 满意 (4)
    BASICALLY_SATISFIED = "basically_satisfied"  #: 基本满意 (3)
    DISSATISFIED = "dissatisfied"  #: 不满意 (2)
    VERY_DISSATISFIED = "very_dissatisfied"  #: 非常不满意 (1)

    @property
    def grade(self) -> int:
        """The grade 1..5 (5 = very satisfied), as case records hold it."""
        return 5 - list(Rating).index(self)

    @property
    def bad(self) -> bool:
        """Whether it is a bad review (差评: dissatisfied or very dissatisfied)."""
        return self.grade <= 2

    @classmethod
    def from_grade(cls, grade: int) -> Rating:
        """The rating of a grade 1..5."""
        if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 5:
            raise InvalidValueError("grade", grade, "an integer 1..5 (5 = very satisfied)")
        return list(cls)[5 - grade]


class FeedbackChannel(enum.Enum):
    """Where a rating or complaint came in.

    At the window a case is rated once per visit (一次一评); through any other channel once per
    matter (一事一评, 国办发〔2019〕51号).
    """

    WINDOW = "window"  #: 窗口评价器 / 现场 (一次一评)
    ONLINE = "online"  #: 网上 (portal, app, mini program: 一事一评)
    PHONE = "phone"  #: 电话 (12345, the complaint telephone)
    SMS = "sms"  #: 短信
    LETTER = "letter"  #: 信件、意见箱

    @property
    def per_visit(self) -> bool:
        """Whether ratings through it are one per visit (else one per matter)."""
        return self is FeedbackChannel.WINDOW


class RectificationSource(enum.Enum):
    """What opened a rectification."""

    REVIEW = "review"  #: a bad review (差评)
    COMPLAINT = "complaint"  #: a complaint (投诉)


class RectificationState(enum.Enum):
    """Where a rectification stands (核实、整改、反馈, and 申诉).

    Examples:
        >>> RectificationState("verified")
        <RectificationState.VERIFIED: 'verified'>
    """

    OPEN = "open"  #: opened, to be verified
    VERIFIED = "verified"  #: 核实: verified (valid, or found unfounded)
    RECTIFIED = "rectified"  #: 整改: the fault put right
    ANSWERED = "answered"  #: 反馈/回访: answered to the person; closed
    APPEALED = "appealed"  #: 申诉: an appeal against the review is pending or was upheld


class RectificationOutcome(enum.Enum):
    """How a rectification ended."""

    RECTIFIED = "rectified"  #: valid, rectified and answered
    UNFOUNDED = "unfounded"  #: verification found no fault; explained to the person
    APPEAL_UPHELD = "appeal_upheld"  #: the review was mistaken or malicious and is set aside


class AppealGround(enum.Enum):
    """Why a center appeals against a review (申诉, 国办发〔2019〕51号)."""

    MISTAKEN = "mistaken"  #: 误评: the person rated the wrong matter, window or case
    MALICIOUS = "malicious"  #: 恶意差评: a bad review made in bad faith


def _limit(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, TimeLimit) or value.unit is not LimitUnit.WORKING_DAYS:
        raise InvalidValueError("limit", value, "a TimeLimit in working days (5 or 15 locally)")


def _grades(value: Iterable[int]) -> frozenset[int]:
    grades = frozenset(tuple_of(int, "bad_grades", value))
    if not grades or not grades <= {1, 2, 3, 4, 5}:
        raise InvalidValueError("bad_grades", sorted(grades), "a non-empty subset of 1..5")
    return grades


@attrs.frozen
class RectificationPolicy:
    """A center's rule for rectifying bad reviews and complaints.

    Args:
        limit: Working days to verify, rectify and answer, counted from the day after the
            review or complaint (local rules: 5 or 15 working days (practice)).
        bad_grades: Grades that open a rectification (差评: 1 and 2).

    Examples:
        >>> RectificationPolicy.working_days(5).limit
        TimeLimit(amount=5, unit=<LimitUnit.WORKING_DAYS: 'working_days'>)
    """

    limit: TimeLimit = attrs.field(validator=_limit)
    bad_grades: frozenset[int] = attrs.field(default=frozenset({1, 2}), converter=_grades)

    @classmethod
    def working_days(cls, n: int) -> RectificationPolicy:
        """The policy of ``n`` working days, bad reviews being grades 1 and 2."""
        return cls(TimeLimit.working_days(n))


@attrs.frozen
class Review:
    """One rating of a case (一次评价).

    Args:
        rating: The grade.
        channel: Where it came in.
        person: Who rated (实名), or None when anonymous.
        at: When.
        text: What the person wrote.
    """

    rating: Rating
    channel: FeedbackChannel
    person: str | None
    at: dt.datetime
    text: str = ""


@attrs.frozen
class Complaint:
    """A complaint (投诉) about a case.

    Args:
        channel: Where it came in.
        person: Who complained, or None when anonymous.
        at: When.
        text: What the complaint says.
    """

    channel: FeedbackChannel
    person: str | None
    at: dt.datetime
    text: str


@attrs.frozen
class Rectification:
    """The rectification a bad review or a complaint opens, with its own working-day clock.

    Args:
        id: ``R1``, ``R2``, ... within the case.
        case_id: The case.
        source: A bad review or a complaint.
        opened_at: When the review or complaint came in.
        limit: The limit in working days.
        due_date: The last day to answer: the ``limit``-th working day after ``opened_at``'s
            date (Asia/Shanghai), the day itself not counted (Civil Code art. 201 by analogy).
        real_name: Whether the person gave a name (实名), so a call back is possible.
        state: Where it stands.
        valid: The verification's finding: True (a fault to put right), False (unfounded),
            None before verification.
        finding: What verification found.
        measures: What was done to put it right.
        answer: What the person was told.
        appeal_ground: The ground of an appeal, if any.
        appeal_upheld: The appeal's decision (None: pending or none).
        outcome: How it ended; None while open.
        closed_at: When it ended.
        history: ``(state, at)`` for each step.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> sh = dt.timezone(dt.timedelta(hours=8))
        >>> fb = CaseFeedback.start("C-1", policy=RectificationPolicy.working_days(5),
        ...                         calendar=china())
        >>> fb = fb.rate(2, channel=FeedbackChannel.WINDOW, person="张三",
        ...              at=dt.datetime(2025, 9, 30, 10, tzinfo=sh), text="等候太久")
        >>> fb.rectifications[0].due_date  # National Day: Oct 1-8 off, Sat Oct 11 worked
        datetime.date(2025, 10, 14)
    """

    id: str
    case_id: str
    source: RectificationSource
    opened_at: dt.datetime
    limit: TimeLimit
    due_date: dt.date
    real_name: bool
    state: RectificationState = RectificationState.OPEN
    valid: bool | None = None
    finding: str = ""
    measures: str = ""
    answer: str = ""
    appeal_ground: AppealGround | None = None
    appeal_upheld: bool | None = None
    outcome: RectificationOutcome | None = None
    closed_at: dt.datetime | None = None
    history: tuple[tuple[RectificationState, dt.datetime], ...] = ()

    @property
    def closed(self) -> bool:
        """Whether it has ended (answered, or set aside on appeal)."""
        return self.outcome is not None

    @property
    def counted(self) -> bool:
        """Whether it counts in the rectification rates: not found unfounded nor set aside."""
        return (
            self.outcome
            not in (
                RectificationOutcome.UNFOUNDED,
                RectificationOutcome.APPEAL_UPHELD,
            )
            and self.valid is not False
        )

    @property
    def on_time(self) -> bool | None:
        """Whether it closed on or before its due date (Asia/Shanghai); None while open."""
        if self.closed_at is None:
            return None
        return local_date(self.closed_at) <= self.due_date

    def days_left(self, today: dt.date, *, calendar: WorkCalendar) -> int:
        """Working days from ``today`` to the due date: 0 on it, negative once past."""
        return int(calendar.working_days_between(today, self.due_date))

    def overdue(self, today: dt.date) -> bool:
        """Whether it is still open after its due date."""
        return not self.closed and today > self.due_date


def _person(value: object) -> str | None:
    if value is None:
        return None
    return text("person", value)


def _channel(value: object) -> FeedbackChannel:
    if isinstance(value, FeedbackChannel):
        return value
    try:
        return FeedbackChannel(value)
    except ValueError:
        allowed = ", ".join(c.value for c in FeedbackChannel)
        raise InvalidValueError("channel", value, f"one of {allowed}") from None


def _flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(field, value, "True or False")
    return value


@attrs.frozen
class CaseFeedback:
    """The ratings, complaints and rectifications of one case, on its own hash chain.

    Build one with `start`; each act (``rate``, ``complain``, ``verify``, ``rectify``,
    ``answer``, ``appeal``, ``decide_appeal``) takes ``at=`` (aware, never the clock) and
    returns a new record with one more event. A bad review or a complaint opens a
    `Rectification` due ``policy.limit`` working days later on ``calendar``. `to_json` and
    `from_json` keep it; replay re-runs every check, and a recorded due date the calendar
    given does not reproduce is refused.

    Args:
        case_id: The case the feedback is about.
        policy: The rectification rule in force when the record was started.
        reviews: The ratings, in order.
        complaints: The complaints, in order.
        rectifications: The rectifications, in order of opening.
        trace: The hash chain of every act.
        calendar: The working-day calendar (not part of equality).

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> sh = dt.timezone(dt.timedelta(hours=8))
        >>> at = lambda d, h=10: dt.datetime(2025, 9, d, h, tzinfo=sh)
        >>> fb = CaseFeedback.start("C-1", policy=RectificationPolicy.working_days(5),
        ...                         calendar=china())
        >>> fb = fb.rate(1, channel=FeedbackChannel.ONLINE, person="李四", at=at(8))
        >>> fb = fb.verify("R1", valid=True, finding="材料退回未说明理由", at=at(9), by="督查科")
        >>> fb = fb.rectify("R1", measures="一次性告知培训", at=at(10), by="窗口")
        >>> fb = fb.answer("R1", text="已电话回访", at=at(11), by="督查科")
        >>> r = fb.rectifications[0]
        >>> r.state.value, r.outcome.value, r.on_time
        ('answered', 'rectified', True)
        >>> CaseFeedback.from_json(fb.to_json(), calendar=china()) == fb
        True
    """

    case_id: str
    policy: RectificationPolicy
    reviews: tuple[Review, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    rectifications: tuple[Rectification, ...] = ()
    trace: Trace = attrs.field(factory=Trace, repr=False)
    calendar: WorkCalendar = attrs.field(eq=False, hash=False, repr=False, kw_only=True)

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def start(
        cls, case_id: str, *, policy: RectificationPolicy, calendar: WorkCalendar
    ) -> CaseFeedback:
        """An empty feedback record for ``case_id`` under ``policy``, counted on ``calendar``."""
        if not isinstance(policy, RectificationPolicy):
            raise InvalidValueError("policy", policy, "a RectificationPolicy")
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", type(calendar).__name__, "a WorkCalendar")
        payload = {
            "action": "start",
            "schema": _SCHEMA,
            "case_id": text("case_id", case_id),
            "data": _policy_data(policy),
        }
        return _first(payload, Trace().append(payload), calendar)

    def _act(self, action: str, at: dt.datetime, by: str, data: Mapping[str, Any]) -> CaseFeedback:
        last = self._last_at()
        aware("at", at, last)
        payload = {"action": action, "at": iso(at), "by": text("by", by), "data": dict(data)}
        return _apply(self, payload, self.trace.append(payload))

    def _last_at(self) -> dt.datetime | None:
        for event in reversed(self.trace.events):
            at = event.payload.get("at")
            if at is not None:
                return parse_at(at)
        return None

    def _due(self, at: dt.datetime) -> dt.date:
        return self.calendar.add_working_days(local_date(at), int(self.policy.limit.amount))

    def rectification(self, rect_id: str) -> Rectification:
        """The rectification ``rect_id`` (``R1``, ...)."""
        for r in self.rectifications:
            if r.id == rect_id:
                return r
        ids = ", ".join(r.id for r in self.rectifications) or "none yet"
        raise InvalidValueError("rect_id", rect_id, f"a rectification of this case ({ids})")

    # -- acts -------------------------------------------------------------------------------------

    def rate(
        self,
        grade: int | Rating,
        *,
        channel: FeedbackChannel | str,
        person: str | None,
        at: dt.datetime,
        text: str = "",
    ) -> CaseFeedback:
        """Record a rating; a bad one opens a rectification.

        At the window a case may be rated on each visit (一次一评); through any other channel
        once (一事一评): a second such rating is refused.

        Args:
            grade: 1..5 (5 = very satisfied) or a `Rating`.
            channel: Where it came in.
            person: Who rated, or None when anonymous (then no call back is possible).
            at: When.
            text: What the person wrote.
        """
        rating = grade if isinstance(grade, Rating) else Rating.from_grade(grade)
        data: dict[str, Any] = {"grade": rating.grade, "channel": _channel(channel).value,
                                "person": person, "text": text}  # fmt: skip
        if rating.grade in self.policy.bad_grades:
            data["due"] = self._due(aware("at", at)).isoformat()
        return self._act("rate", at, person or "anonymous", data)

    def complain(
        self, *, channel: FeedbackChannel | str, person: str | None, at: dt.datetime, text: str
    ) -> CaseFeedback:
        """Record a complaint (投诉); it opens a rectification."""
        data = {"channel": _channel(channel).value, "person": person, "text": text,
                "due": self._due(aware("at", at)).isoformat()}  # fmt: skip
        return self._act("complain", at, person or "anonymous", data)

    def verify(
        self, rect_id: str, *, valid: bool, finding: str, at: dt.datetime, by: str
    ) -> CaseFeedback:
        """Record the verification (核实): ``valid`` if there is a fault to put right."""
        return self._act("verify", at, by, {"id": rect_id, "valid": valid, "finding": finding})

    def rectify(self, rect_id: str, *, measures: str, at: dt.datetime, by: str) -> CaseFeedback:
        """Record that the fault was put right (整改) and how."""
        return self._act("rectify", at, by, {"id": rect_id, "measures": measures})

    def answer(self, rect_id: str, *, text: str, at: dt.datetime, by: str) -> CaseFeedback:
        """Record the answer to the person (反馈, 回访); this closes the rectification."""
        return self._act("answer", at, by, {"id": rect_id, "text": text})

    def appeal(
        self,
        rect_id: str,
        *,
        ground: AppealGround | str,
        text: str,
        at: dt.datetime,
        by: str,
    ) -> CaseFeedback:
        """Record an appeal (申诉) against a mistaken or malicious review."""
        ground = AppealGround(ground) if not isinstance(ground, AppealGround) else ground
        data = {"id": rect_id, "ground": ground.value, "text": text}
        return self._act("appeal", at, by, data)

    def decide_appeal(
        self, rect_id: str, *, upheld: bool, reason: str, at: dt.datetime, by: str
    ) -> CaseFeedback:
        """Record the decision on an appeal: upheld sets the review aside; else work goes on."""
        return self._act("decide_appeal", at, by, {"id": rect_id, "upheld": upheld,
                                                    "reason": reason})  # fmt: skip

    # -- reading ----------------------------------------------------------------------------------

    @property
    def grade(self) -> int | None:
        """The latest rating's grade (as case records hold it), or None if unrated."""
        return self.reviews[-1].rating.grade if self.reviews else None

    def as_of(self, day: dt.date) -> CaseFeedback:
        """The record as it stood at the end of ``day`` (Asia/Shanghai): later acts left out.

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> sh = dt.timezone(dt.timedelta(hours=8))
            >>> fb = CaseFeedback.start("C-1", policy=RectificationPolicy.working_days(5),
            ...                         calendar=china())
            >>> fb = fb.rate(5, channel="window", person=None, at=dt.datetime(2025, 3, 4,
            ...              tzinfo=sh))
            >>> [len(fb.as_of(dt.date(2025, 3, d)).reviews) for d in (3, 4)]
            [0, 1]
        """
        events = self.trace.events
        n = 1
        while n < len(events) and local_date(parse_at(events[n].payload["at"])) <= day:
            n += 1
        if n == len(events):
            return self
        record = _first(events[0].payload, Trace(events[:1]), self.calendar)
        for i in range(1, n):
            record = _apply(record, events[i].payload, Trace(events[: i + 1]))
        return record

    def open_rectifications(self) -> tuple[Rectification, ...]:
        """The rectifications not yet closed."""
        return tuple(r for r in self.rectifications if not r.closed)

    def to_json(self) -> str:
        """The record as JSON text: its trace (replayed by `from_json`)."""
        return trace_to_json(self.trace, _SCHEMA)

    @classmethod
    def from_json(cls, text: str, *, calendar: WorkCalendar) -> CaseFeedback:
        """Replay a record written by `to_json`, re-checking every act.

        Raises:
            TraceIntegrityError: An event was changed, or no longer passes its checks (for
                example a due date that ``calendar`` does not reproduce).
        """
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", type(calendar).__name__, "a WorkCalendar")
        return replay(
            text,
            _SCHEMA,
            lambda payload, trace: _first(payload, trace, calendar),
            _apply,
            what="case feedback",
        )


def _policy_data(policy: RectificationPolicy) -> dict[str, Any]:
    return {"limit_working_days": int(policy.limit.amount), "bad_grades": sorted(policy.bad_grades)}


def _first(payload: Mapping[str, Any], trace: Trace, calendar: WorkCalendar) -> CaseFeedback:
    if payload.get("action") != "start":
        raise InvalidValueError("action", payload.get("action"), "'start' first")
    data = payload["data"]
    days = data["limit_working_days"]
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidValueError("limit_working_days", days, "an integer >= 1")
    policy = RectificationPolicy(TimeLimit.working_days(days), data["bad_grades"])
    return CaseFeedback(text("case_id", payload["case_id"]), policy, trace=trace, calendar=calendar)


def _open(fb: CaseFeedback, source: RectificationSource, at: dt.datetime, person: str | None,
          data: Mapping[str, Any]) -> Rectification:  # fmt: skip
    due = fb._due(at)
    if data.get("due") != due.isoformat():
        raise InvalidValueError("due", data.get("due"), f"{due.isoformat()} on the calendar given")
    return Rectification(
        f"R{len(fb.rectifications) + 1}", fb.case_id, source, at, fb.policy.limit, due,
        person is not None, history=((RectificationState.OPEN, at),),
    )  # fmt: skip


_FROM: dict[str, tuple[RectificationState, ...]] = {
    "verify": (RectificationState.OPEN,),
    "rectify": (RectificationState.VERIFIED,),
    "answer": (RectificationState.RECTIFIED, RectificationState.VERIFIED),
    "appeal": (RectificationState.OPEN, RectificationState.VERIFIED),
    "decide_appeal": (RectificationState.APPEALED,),
}


def _step(fb: CaseFeedback, action: str, at: dt.datetime, data: Mapping[str, Any]) -> CaseFeedback:
    r = fb.rectification(data["id"])
    allowed = _FROM[action]
    where = f"{action} (rectification {fb.case_id} {r.id})"
    if r.closed or r.state not in allowed:
        state = f"{r.state.value}, closed" if r.closed else r.state.value
        raise TransitionError(where, state, ", ".join(s.value for s in allowed))
    changes: dict[str, Any] = {}
    if action == "verify":
        changes = {"valid": _flag("valid", data["valid"]),
                   "finding": text("finding", data["finding"]),
                   "state": RectificationState.VERIFIED}  # fmt: skip
    elif action == "rectify":
        if r.valid is not True:
            raise TransitionError(where, "verified as unfounded", "answer")
        changes = {"measures": text("measures", data["measures"]),
                   "state": RectificationState.RECTIFIED}  # fmt: skip
    elif action == "answer":
        if r.state is RectificationState.VERIFIED and r.valid is True:
            raise TransitionError(where, "verified, not yet rectified", "rectify")
        outcome = RectificationOutcome.RECTIFIED if r.valid else RectificationOutcome.UNFOUNDED
        changes = {"answer": text("text", data["text"]), "state": RectificationState.ANSWERED,
                   "outcome": outcome, "closed_at": at}  # fmt: skip
    elif action == "appeal":
        if r.source is not RectificationSource.REVIEW:
            raise TransitionError(where, "opened by a complaint", "verify, rectify, answer")
        if r.appeal_ground is not None:
            raise TransitionError(where, "appealed once already", "verify, rectify, answer")
        try:
            ground = AppealGround(data["ground"])
        except ValueError:
            raise InvalidValueError("ground", data["ground"], "mistaken or malicious") from None
        text("text", data["text"])
        changes = {"appeal_ground": ground, "state": RectificationState.APPEALED}
    else:  # decide_appeal
        upheld = _flag("upheld", data["upheld"])
        text("reason", data["reason"])
        before = r.history[-2][0] if len(r.history) >= 2 else RectificationState.OPEN
        changes = {"appeal_upheld": upheld}
        if upheld:
            changes.update(outcome=RectificationOutcome.APPEAL_UPHELD, closed_at=at)
        else:
            changes["state"] = before
    new = attrs.evolve(r, **changes)
    new = attrs.evolve(new, history=(*r.history, (new.state, at)))
    rects = tuple(new if x.id == r.id else x for x in fb.rectifications)
    return attrs.evolve(fb, rectifications=rects)


def _apply(fb: CaseFeedback, payload: Mapping[str, Any], trace: Trace) -> CaseFeedback:
    action = payload["action"]
    at = parse_at(payload["at"])
    last = fb._last_at()
    aware("at", at, last)
    text("by", payload["by"])
    data = payload["data"]
    if action == "rate":
        rating = Rating.from_grade(data["grade"])
        channel = _channel(data["channel"])
        person = _person(data["person"])
        if not channel.per_visit and any(not r.channel.per_visit for r in fb.reviews):
            raise InvalidValueError(
                "channel", channel.value, "one rating per case outside the window (一事一评)"
            )
        review = Review(rating, channel, person, at, text("text", data["text"], required=False))
        fb = attrs.evolve(fb, reviews=(*fb.reviews, review))
        if rating.grade in fb.policy.bad_grades:
            rect = _open(fb, RectificationSource.REVIEW, at, person, data)
            fb = attrs.evolve(fb, rectifications=(*fb.rectifications, rect))
        elif "due" in data:
            raise InvalidValueError("due", data["due"], "absent for a rating that is not bad")
    elif action == "complain":
        channel = _channel(data["channel"])
        person = _person(data["person"])
        complaint = Complaint(channel, person, at, text("text", data["text"]))
        fb = attrs.evolve(fb, complaints=(*fb.complaints, complaint))
        rect = _open(fb, RectificationSource.COMPLAINT, at, person, data)
        fb = attrs.evolve(fb, rectifications=(*fb.rectifications, rect))
    elif action in _FROM:
        fb = _step(fb, action, at, data)
    else:
        raise InvalidValueError("action", action, "an act of case feedback")
    return attrs.evolve(fb, trace=trace)
