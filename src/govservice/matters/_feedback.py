"""好差评 and complaints on a case, and the rectification each bad review or complaint opens.

国办发〔2019〕51号 (2019-12-03) sets up the good/bad rating system: five grades, "一次一评" on site
and "一事一评" online, every bad review verified, rectified and answered within a limit, and an
appeal against a mistaken or malicious review. The limit is local: 5 working days (Dezhou, a
county town) or 15 (a Sichuan city's scheme) (practice), so it is configuration
(`RectificationPolicy`), given with the act that opens the rectification.

Ratings, complaints and every rectification step are events in the case's own trace
(``Case.rate``, ``Case.complain``, ``Case.verify_feedback``, ...), checked and replayed by
the case's lifecycle like every other act. `CaseFeedback` is the read-only view of those
events (``case.feedback``); this module holds the values, and `FeedbackActs`, the acts
themselves, which `Case` and ``ParallelCase`` both inherit. The one function that folds a
feedback event into the view, used by live acts and replay alike, lives in the lifecycle core.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

import attrs

from govservice._errors import InvalidValueError
from govservice._feedback_core import (
    FeedbackEvent,
    appeal_data,
    complain_data,
    feedback_step,
    open_with_days_left,
    rate_data,
    recorder,
)
from govservice._lifecycle import Action
from govservice._validators import tuple_of
from govservice.calendar import LimitUnit, ProvisionalCalendar, TimeLimit, WorkCalendar
from govservice.matters._chain import local_date

__all__ = [
    "AppealGround",
    "CaseFeedback",
    "Complaint",
    "FeedbackActs",
    "FeedbackChannel",
    "Rating",
    "Rectification",
    "RectificationOutcome",
    "RectificationPolicy",
    "RectificationSource",
    "RectificationState",
    "Review",
]


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

    @classmethod
    def of(cls, value: RectificationPolicy | int) -> RectificationPolicy:
        """``value`` itself, or the policy of ``value`` working days (5 or 15 locally).

        Examples:
            >>> RectificationPolicy.of(15) == RectificationPolicy.working_days(15)
            True
        """
        if isinstance(value, RectificationPolicy):
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValueError(
                "policy", value, "a RectificationPolicy or a number of working days >= 1"
            )
        return cls.working_days(value)


@attrs.frozen
class Review:
    """One rating of a case (一次评价).

    Args:
        rating: The grade.
        channel: Where it came in.
        person: Who rated (实名), or None when anonymous.
        at: When.
        text: What the person wrote.
        by: Who recorded it (the person, a window clerk, the portal).
        sequence: The trace event that records it.
    """

    rating: Rating
    channel: FeedbackChannel
    person: str | None
    at: dt.datetime
    text: str = ""
    by: str = ""
    sequence: int = 0


@attrs.frozen
class Complaint:
    """A complaint (投诉) about a case.

    Args:
        channel: Where it came in.
        person: Who complained, or None when anonymous.
        at: When.
        text: What the complaint says.
        by: Who recorded it.
        sequence: The trace event that records it.
    """

    channel: FeedbackChannel
    person: str | None
    at: dt.datetime
    text: str
    by: str = ""
    sequence: int = 0


@attrs.frozen
class Rectification:
    """The rectification a bad review or a complaint opens, with its own working-day clock.

    Args:
        id: ``R1``, ``R2``, ... within the case.
        case_id: The case.
        source: A bad review or a complaint.
        opened_at: When the review or complaint came in.
        limit: The limit in working days (from the act's `RectificationPolicy`).
        due_date: The last day to answer: the ``limit``-th working day after ``opened_at``'s
            date, the day itself not counted (Civil Code art. 201 by analogy). Recorded in
            the event that opened it and recomputed when the case is read back.
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
        history: ``(state, at, by)`` for each step.
        provisional: Whether ``due_date`` was counted on days a `ProvisionalCalendar` only
            estimates (its year's notice not out yet).

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> at = lambda m, d, h=10: dt.datetime(2025, m, d, h, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
        ...                    at=at(9, 29), calendar=china())
        >>> case = case.rate(2, channel="window", person="张三", at=at(9, 30), by="窗口1",
        ...                  text="等候太久", policy=RectificationPolicy.working_days(5))
        >>> case.rectifications[0].due_date  # National Day: Oct 1-8 off, Sat Oct 11 worked
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
    history: tuple[tuple[RectificationState, dt.datetime, str], ...] = ()
    provisional: bool = False

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

    def days_left(self, today: dt.date, *, calendar: WorkCalendar | ProvisionalCalendar) -> int:
        """Working days from ``today`` to the due date: 0 on it, negative once past."""
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError(
                "calendar", type(calendar).__name__, "a WorkCalendar or ProvisionalCalendar"
            )
        return int(calendar.working_days_between(today, self.due_date))

    def overdue(self, today: dt.date) -> bool:
        """Whether it is still open after its due date."""
        return not self.closed and today > self.due_date


@attrs.frozen
class CaseFeedback:
    """The ratings, complaints and rectifications of one case: a read-only view of its events.

    A case's 好差评 and complaints are acts in its own trace (``Case.rate``, ``Case.complain``,
    ``Case.verify_feedback``, ``Case.rectify``, ``Case.answer``, ``Case.appeal``,
    ``Case.decide_appeal``); ``case.feedback`` is this view of them, rebuilt whenever the case
    is replayed. A bad review or a complaint opens a `Rectification` due ``policy.limit``
    working days later on the case's calendar.

    Args:
        case_id: The case the feedback is about.
        reviews: The ratings, in order.
        complaints: The complaints, in order.
        rectifications: The rectifications, in order of opening.
        events: The feedback events of the case's trace (to look back at a past day).

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> at = lambda d, h=10: dt.datetime(2025, 9, d, h, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="李四",
        ...                    at=at(5), calendar=china())
        >>> policy = RectificationPolicy.working_days(5)
        >>> case = case.rate(1, channel="online", person="李四", at=at(8), by="李四",
        ...                  policy=policy)
        >>> case = case.verify_feedback("R1", valid=True, finding="材料退回未说明理由", at=at(9),
        ...                    by="督查科")
        >>> case = case.rectify("R1", measures="一次性告知培训", at=at(10), by="窗口")
        >>> case = case.answer("R1", text="已电话回访", at=at(11), by="督查科")
        >>> r = case.feedback.rectifications[0]
        >>> r.state.value, r.outcome.value, r.on_time
        ('answered', 'rectified', True)
        >>> case.state.value, case.grade
        ('submitted', 1)
        >>> Case.from_json(case.to_json(), calendar=china()).feedback == case.feedback
        True
    """

    case_id: str
    reviews: tuple[Review, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    rectifications: tuple[Rectification, ...] = ()
    events: tuple[FeedbackEvent, ...] = attrs.field(default=(), repr=False)

    @property
    def grade(self) -> int | None:
        """The latest rating's grade (as case records hold it), or None if unrated."""
        return self.reviews[-1].rating.grade if self.reviews else None

    @property
    def provisional(self) -> bool:
        """Whether a rectification's due date was counted on provisional days."""
        return any(r.provisional for r in self.rectifications)

    def rectification(self, rect_id: str) -> Rectification:
        """The rectification ``rect_id`` (``R1``, ...)."""
        for r in self.rectifications:
            if r.id == rect_id:
                return r
        ids = ", ".join(r.id for r in self.rectifications) or "none yet"
        raise InvalidValueError("rect_id", rect_id, f"a rectification of this case ({ids})")

    def open_rectifications(self) -> tuple[Rectification, ...]:
        """The rectifications not yet closed."""
        return tuple(r for r in self.rectifications if not r.closed)

    def as_of(self, day: dt.date) -> CaseFeedback:
        """The view as it stood at the end of ``day`` (Asia/Shanghai): later acts left out.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.matters import Case, sample_catalog
            >>> sh = ZoneInfo("Asia/Shanghai")
            >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="李四",
            ...                    at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=china())
            >>> case = case.rate(5, channel="window", person=None, by="窗口1",
            ...                  at=dt.datetime(2025, 3, 4, 9, tzinfo=sh))
            >>> [len(case.feedback.as_of(dt.date(2025, 3, d)).reviews) for d in (3, 4)]
            [0, 1]
        """
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidValueError("day", day, "a datetime.date")
        kept = [e for e in self.events if local_date(e.at) <= day]
        if len(kept) == len(self.events):
            return self

        def recorded(fb: CaseFeedback, _days: int, _opened: dt.datetime) -> tuple[dt.date, bool]:
            r = self.rectifications[len(fb.rectifications)]
            return r.due_date, r.provisional

        view = CaseFeedback(self.case_id)
        for e in kept:
            view = feedback_step(view, e.action, e.at, e.by, json.loads(e.data), e.sequence,
                                 recorded)  # fmt: skip
        return view


class FeedbackActs:
    """The 好差评 acts every kind of case has: `Case` and `govservice.approval.ParallelCase`.

    Ratings, complaints and each step of the rectification they open (国办发〔2019〕51号) are
    acts in the case's own trace, checked by one fold (the lifecycle core's `feedback_step`)
    when the act is done and again when the case is read back. They are allowed in any state,
    also once the case is completed or withdrawn, and never change the case's state, decisions
    or clocks. Each returns the new case; the case it is called on is unchanged.

    A kind of case records the act its own way (``_feedback_act``); everything else is here,
    once.

    Examples:
        >>> from govservice.approval import ParallelCase
        >>> from govservice.matters import Case
        >>> issubclass(Case, FeedbackActs), issubclass(ParallelCase, FeedbackActs)
        (True, True)
    """

    __slots__ = ()

    feedback: CaseFeedback
    calendar: WorkCalendar | ProvisionalCalendar

    if TYPE_CHECKING:  # each kind of case records an act its own way: Case and ParallelCase

        def _feedback_act(
            self, action: Action, at: dt.datetime, by: str, data: dict[str, Any]
        ) -> Self: ...

    def rate(
        self,
        grade: int | Rating,
        *,
        channel: FeedbackChannel | str,
        person: str | None,
        at: dt.datetime,
        by: str | None = None,
        text: str = "",
        policy: RectificationPolicy | int | None = None,
    ) -> Self:
        """Record a rating (好差评) of the case; a bad one opens a rectification.

        At the window a case may be rated on each visit (一次一评); through any other channel
        once (一事一评): a second such rating is refused.

        Args:
            grade: 1..5 (5 = very satisfied) or a `Rating`.
            channel: Where it came in (`FeedbackChannel`).
            person: Who rated, or None when anonymous (then no call back is possible).
            at: When (aware).
            by: Who recorded it (a window clerk, the portal); ``person`` (or "anonymous")
                by default.
            text: What the person wrote.
            policy: The rectification rule in force (a `RectificationPolicy`, or its working
                days): required for a bad review, which opens a rectification due that many
                working days later.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.approval import construction_project_plan
            >>> from govservice.calendar import china
            >>> from govservice.matters import Case, sample_catalog
            >>> at = lambda m, d: dt.datetime(2025, m, d, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> case = Case.submit(sample_catalog().matters[0], case_id="C-1", applicant="张三",
            ...                    at=at(9, 29), calendar=china())
            >>> case = case.rate(2, channel="window", person="张三", at=at(9, 30), by="窗口1",
            ...                  policy=15)
            >>> case.grade, case.rectifications[0].due_date, case.state.value
            (2, datetime.date(2025, 10, 28), 'submitted')
            >>> joint = construction_project_plan().open("P-1", dt.date(2025, 9, 1),
            ...                                          calendar=china())
            >>> joint = joint.rate(2, channel="online", person="张三", at=at(9, 30), policy=5)
            >>> joint.grade, joint.rectifications[0].due_date, joint.state.value
            (2, datetime.date(2025, 10, 14), 'open')
        """
        data = rate_data(grade, channel, person, text, policy)
        return self._feedback_act(Action.RATE, at, recorder(by, person), data)

    def complain(
        self,
        *,
        channel: FeedbackChannel | str,
        person: str | None,
        at: dt.datetime,
        text: str,
        policy: RectificationPolicy | int,
        by: str | None = None,
    ) -> Self:
        """Record a complaint (投诉) about the case; it opens a rectification under ``policy``.

        Args:
            channel: Where it came in (`FeedbackChannel`; ``phone`` for the 12345 hotline).
            person: Who complained, or None when anonymous.
            at: When (aware).
            text: The complaint.
            policy: The rectification rule in force (a `RectificationPolicy`, or its working
                days).
            by: Who recorded it; ``person`` (or "anonymous") by default.
        """
        data = complain_data(channel, person, text, policy)
        return self._feedback_act(Action.COMPLAIN, at, recorder(by, person), data)

    def verify_feedback(
        self, rect_id: str, *, valid: bool, finding: str, at: dt.datetime, by: str
    ) -> Self:
        """Record a rectification's verification (核实): ``valid`` if there is a fault to fix."""
        data = {"id": rect_id, "valid": valid, "finding": finding}
        return self._feedback_act(Action.VERIFY_FEEDBACK, at, by, data)

    def rectify(self, rect_id: str, *, measures: str, at: dt.datetime, by: str) -> Self:
        """Record that the fault was put right (整改) and how."""
        return self._feedback_act(Action.RECTIFY, at, by, {"id": rect_id, "measures": measures})

    def answer(self, rect_id: str, *, text: str, at: dt.datetime, by: str) -> Self:
        """Record the answer to the person (反馈, 回访); this closes the rectification."""
        return self._feedback_act(Action.ANSWER, at, by, {"id": rect_id, "text": text})

    def appeal(
        self, rect_id: str, *, ground: AppealGround | str, text: str, at: dt.datetime, by: str
    ) -> Self:
        """Record an appeal (申诉) against a mistaken or malicious review (`AppealGround`)."""
        return self._feedback_act(Action.APPEAL, at, by, appeal_data(rect_id, ground, text))

    def decide_appeal(
        self, rect_id: str, *, upheld: bool, reason: str, at: dt.datetime, by: str
    ) -> Self:
        """Record the decision on an appeal: upheld sets the review aside; else work goes on.

        An appeal is decided once: a second decision is refused.
        """
        data = {"id": rect_id, "upheld": upheld, "reason": reason}
        return self._feedback_act(Action.DECIDE_APPEAL, at, by, data)

    @property
    def rectifications(self) -> tuple[Rectification, ...]:
        """The rectifications bad reviews and complaints opened, in order (``feedback``)."""
        return self.feedback.rectifications

    @property
    def grade(self) -> int | None:
        """The latest rating's grade 1..5, or None if the case was not rated."""
        return self.feedback.grade

    def open_rectifications(self, today: dt.date) -> tuple[tuple[Rectification, int], ...]:
        """The rectifications open at the end of ``today``, each with its working days left.

        Days left are counted on the case's calendar: 0 on the due date, negative once past.
        Most urgent first.

        Examples:
            >>> import datetime as dt
            >>> from zoneinfo import ZoneInfo
            >>> from govservice.calendar import china
            >>> from govservice.approval import construction_project_plan
            >>> at = lambda m, d: dt.datetime(2025, m, d, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> case = construction_project_plan().open("P-1", dt.date(2025, 9, 1),
            ...                                         calendar=china())
            >>> case = case.complain(channel="phone", person=None, text="推诿", at=at(9, 30),
            ...                      by="12345热线", policy=5)
            >>> [(r.id, left) for r, left in case.open_rectifications(dt.date(2025, 10, 10))]
            [('R1', 3)]
        """
        if type(today) is not dt.date:
            raise InvalidValueError("today", today, "a datetime.date")
        return open_with_days_left(self.feedback, today, self.calendar)
