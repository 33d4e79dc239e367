"""The 好差评 fold: one function that checks a feedback act and folds it into a case's view.

Ratings, complaints and every rectification step (国办发〔2019〕51号) are acts in a case's own
trace. `feedback_step` checks one such act against the view so far and returns the new view;
`govservice.matters.Case` and `govservice.approval.ParallelCase` call it for a live act and for
the same act read back, so replay re-checks everything a live act checks. The value classes
(`CaseFeedback`, `Rectification`, ...) are public in `govservice.matters`, which imports this
module while it loads: they are imported here where they are used.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from govservice._errors import InvalidValueError, TransitionError
from govservice._lifecycle import any_text, engine, text
from govservice.calendar import ProvisionalCalendar, TimeLimit, WorkCalendar

if TYPE_CHECKING:
    from govservice.matters import (
        AppealGround,
        CaseFeedback,
        FeedbackChannel,
        Rating,
        Rectification,
        RectificationPolicy,
        RectificationSource,
    )

__all__ = [
    "FEEDBACK_FIELDS",
    "DueOf",
    "FeedbackEvent",
    "appeal_data",
    "complain_data",
    "feedback_step",
    "open_with_days_left",
    "policy_data",
    "rate_data",
    "recorder",
]


@attrs.frozen
class FeedbackEvent:
    """A feedback event as the view keeps it, to rebuild the view as of a day."""

    sequence: int
    action: str
    at: dt.datetime
    by: str
    data: str  # canonical JSON of the event's data


#: What the view needs to open a rectification: the due date of ``days`` working days after
#: ``opened`` and whether it is provisional (computed on the case's calendar, or recorded).
DueOf = Callable[["CaseFeedback", int, dt.datetime], tuple[dt.date, bool]]

#: The fields each feedback act records (exactly these).
FEEDBACK_FIELDS: dict[str, frozenset[str]] = {
    "rate": frozenset({"grade", "channel", "person", "text", "policy"}),
    "complain": frozenset({"channel", "person", "text", "policy"}),
    "verify_feedback": frozenset({"id", "valid", "finding"}),
    "rectify": frozenset({"id", "measures"}),
    "answer": frozenset({"id", "text"}),
    "appeal": frozenset({"id", "ground", "text"}),
    "decide_appeal": frozenset({"id", "upheld", "reason"}),
}


def _person(value: object) -> str | None:
    if value is None:
        return None
    return text("person", value)


def _channel(value: object) -> FeedbackChannel:
    from govservice.matters import FeedbackChannel

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


def policy_data(policy: RectificationPolicy | int | None) -> dict[str, Any] | None:
    """The policy as an act records it (None: no policy given)."""
    from govservice.matters import RectificationPolicy

    if policy is None:
        return None
    p = RectificationPolicy.of(policy)
    return {"limit": int(p.limit.amount), "bad_grades": sorted(p.bad_grades)}


def rate_data(
    grade: int | Rating,
    channel: FeedbackChannel | str,
    person: str | None,
    text: str,
    policy: RectificationPolicy | int | None,
) -> dict[str, Any]:
    """The payload of a ``rate`` act, the same for every kind of case."""
    from govservice.matters import Rating

    rating = grade if isinstance(grade, Rating) else Rating.from_grade(grade)
    return {"grade": rating.grade, "channel": _value(channel), "person": person, "text": text,
            "policy": policy_data(policy)}  # fmt: skip


def complain_data(
    channel: FeedbackChannel | str,
    person: str | None,
    text: str,
    policy: RectificationPolicy | int,
) -> dict[str, Any]:
    """The payload of a ``complain`` act, the same for every kind of case."""
    return {"channel": _value(channel), "person": person, "text": text,
            "policy": policy_data(policy)}  # fmt: skip


def appeal_data(rect_id: str, ground: AppealGround | str, text: str) -> dict[str, Any]:
    """The payload of an ``appeal`` act, the same for every kind of case."""
    return {"id": rect_id, "ground": _value(ground), "text": text}


def recorder(by: str | None, person: str | None) -> str:
    """Who records a rating or complaint: ``by``, else the person, else "anonymous"."""
    return by or person or "anonymous"


def _value(member: Any) -> Any:
    """An enum member's value, or the value given as it is (checked when the act is applied)."""
    return member.value if isinstance(member, enum.Enum) else member


def _policy_from(data: object) -> RectificationPolicy | None:
    from govservice.matters import RectificationPolicy

    if data is None:
        return None
    if not isinstance(data, dict) or data.keys() != {"limit", "bad_grades"}:
        raise InvalidValueError("policy", data, "null or exactly limit and bad_grades")
    days, grades = data["limit"], data["bad_grades"]
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidValueError("policy.limit", days, "an integer >= 1")
    if not isinstance(grades, list) or grades != sorted(set(grades)):
        raise InvalidValueError("policy.bad_grades", grades, "sorted grades, each once")
    return RectificationPolicy(TimeLimit.working_days(days), grades)


def _open(
    fb: CaseFeedback,
    source: RectificationSource,
    at: dt.datetime,
    by: str,
    person: str | None,
    policy: RectificationPolicy,
    due_of: DueOf,
) -> CaseFeedback:
    from govservice.matters import Rectification, RectificationState

    due, provisional = due_of(fb, int(policy.limit.amount), at)
    rect = Rectification(
        f"R{len(fb.rectifications) + 1}", fb.case_id, source, at, policy.limit, due,
        person is not None, history=((RectificationState.OPEN, at, by),),
        provisional=provisional,
    )  # fmt: skip
    return attrs.evolve(fb, rectifications=(*fb.rectifications, rect))


#: The states each rectification step may follow (RectificationState values).
_FROM: dict[str, tuple[str, ...]] = {
    "verify_feedback": ("open",),
    "rectify": ("verified",),
    "answer": ("rectified", "verified"),
    "appeal": ("open", "verified"),
    "decide_appeal": ("appealed",),
}


def _step(
    fb: CaseFeedback, action: str, at: dt.datetime, by: str, data: Mapping[str, Any]
) -> CaseFeedback:
    from govservice.matters import (
        AppealGround,
        RectificationOutcome,
        RectificationSource,
        RectificationState,
    )

    rect_id = data["id"]
    if not isinstance(rect_id, str):
        raise InvalidValueError("id", rect_id, "a rectification id (R1, R2, ...)")
    r = fb.rectification(rect_id)
    allowed = _FROM[action]
    where = f"{action} (rectification {fb.case_id} {r.id})"
    if r.closed or r.state.value not in allowed:
        state = f"{r.state.value}, closed" if r.closed else r.state.value
        raise TransitionError(where, state, ", ".join(allowed))
    changes: dict[str, Any] = {}
    if action == "verify_feedback":
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
    new = attrs.evolve(new, history=(*r.history, (new.state, at, by)))
    rects = tuple(new if x.id == r.id else x for x in fb.rectifications)
    return attrs.evolve(fb, rectifications=rects)


def feedback_step(
    fb: CaseFeedback,
    action: str,
    at: dt.datetime,
    by: str,
    data: Mapping[str, Any],
    sequence: int,
    due_of: DueOf,
) -> CaseFeedback:
    """Check one feedback act against the view and fold it in; the same for live acts and replay.

    ``data`` must hold exactly the act's fields (`FEEDBACK_FIELDS`); a rating or complaint
    that opens a rectification asks ``due_of`` for its due date.

    Raises:
        InvalidValueError: A field is missing, extra or out of range (a rating of 7, an
            unknown rectification, a second rating through a 一事一评 channel).
        TransitionError: The rectification's state does not allow the step (answered before
            it was verified, an appeal decided twice).
    """
    from govservice.matters import Complaint, Rating, RectificationSource, Review

    fields = FEEDBACK_FIELDS.get(action)
    if fields is None:
        raise InvalidValueError("action", action, "a feedback act: " + ", ".join(FEEDBACK_FIELDS))
    if set(data) != fields:
        raise InvalidValueError(
            "data", sorted(data), f"exactly the fields of {action}: " + ", ".join(sorted(fields))
        )
    if action == "rate":
        rating = Rating.from_grade(data["grade"])
        channel = _channel(data["channel"])
        person = _person(data["person"])
        policy = _policy_from(data["policy"])
        if not channel.per_visit and any(not r.channel.per_visit for r in fb.reviews):
            raise InvalidValueError(
                "channel", channel.value, "one rating per case outside the window (一事一评)"
            )
        bad = policy.bad_grades if policy is not None else frozenset({1, 2})
        review = Review(rating, channel, person, at, any_text("text", data["text"]),
                        by, sequence)  # fmt: skip
        fb = attrs.evolve(fb, reviews=(*fb.reviews, review))
        if rating.grade in bad:
            if policy is None:
                raise InvalidValueError(
                    "policy", None, "a RectificationPolicy: a bad review opens a rectification"
                )
            fb = _open(fb, RectificationSource.REVIEW, at, by, person, policy, due_of)
    elif action == "complain":
        channel = _channel(data["channel"])
        person = _person(data["person"])
        policy = _policy_from(data["policy"])
        if policy is None:
            raise InvalidValueError(
                "policy", None, "a RectificationPolicy: a complaint opens a rectification"
            )
        complaint = Complaint(channel, person, at, text("text", data["text"]), by, sequence)
        fb = attrs.evolve(fb, complaints=(*fb.complaints, complaint))
        fb = _open(fb, RectificationSource.COMPLAINT, at, by, person, policy, due_of)
    else:
        fb = _step(fb, action, at, by, data)
    body = json.dumps(dict(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return attrs.evolve(fb, events=(*fb.events, FeedbackEvent(sequence, action, at, by, body)))


def open_with_days_left(
    fb: CaseFeedback, today: dt.date, calendar: WorkCalendar | ProvisionalCalendar
) -> tuple[tuple[Rectification, int], ...]:
    """The rectifications open at the end of ``today`` with their working days left.

    Days left are counted on ``calendar``: 0 on the due date, negative once past. Most urgent
    first, then in order of opening.
    """
    view = fb.as_of(today)
    cal = engine(calendar)
    found = [(r, r.days_left(today, calendar=cal)) for r in view.open_rectifications()]
    return tuple(sorted(found, key=lambda pair: (pair[1], int(pair[0].id[1:]))))
