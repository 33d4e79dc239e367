"""好差评, complaints and rectification on a parallel case: the same acts as on a `Case`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import (
    CalendarMismatchError,
    InvalidValueError,
    TraceIntegrityError,
    TransitionError,
)
from govservice.approval import ParallelCase, ParallelState
from govservice.approval._parallel import plan_digest
from govservice.calendar import china
from govservice.matters import (
    Action,
    Case,
    ProposedAct,
    RectificationOutcome,
    RectificationPolicy,
    RectificationSource,
    RectificationState,
    sample_catalog,
)

from ..feedback_acts import FEEDBACK_ACTS, FIFTEEN, apply_feedback
from ..forging import rechain
from .test_plan import fixture_plan

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
FIVE = RectificationPolicy.working_days(5)


def at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=SH)


def opened(accepted: dt.date = dt.date(2025, 9, 1), calendar: Any = CAL) -> ParallelCase:
    return fixture_plan().open("P-1", accepted, calendar=calendar)


def bad_review(when: dt.datetime, policy: RectificationPolicy = FIVE) -> ParallelCase:
    return opened().rate(1, channel="window", person="张三", at=when, by="综合窗口",
                         text="跑了三趟", policy=policy)  # fmt: skip


# -- hand-worked clocks ---------------------------------------------------------------------------


def test_five_days_from_the_eve_of_national_day_2025() -> None:
    # Tue Sep 30 counts not; Oct 1-8 off; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3), Mon 13 (4),
    # Tue 14 (5).
    case = bad_review(at(2025, 9, 30))
    rect = case.rectifications[0]
    assert rect.id == "R1"
    assert rect.case_id == "P-1"
    assert rect.source is RectificationSource.REVIEW
    assert rect.due_date == dt.date(2025, 10, 14)
    assert case.trace.events[-1].payload["data"]["check"] == {"rectification_due": "2025-10-14"}
    assert [(r.id, left) for r, left in case.open_rectifications(dt.date(2025, 10, 10))] == [
        ("R1", 3)
    ]
    assert [left for _r, left in case.open_rectifications(dt.date(2025, 10, 16))] == [-2]
    assert case.open_rectifications(dt.date(2025, 9, 29)) == ()
    assert case.grade == 1


def test_fifteen_days_across_spring_festival_2026() -> None:
    # Thu Feb 12 counts not; Fri 13 (1), Sat 14 make-up (2), Feb 15-23 off, Tue 24..Fri 27 (3-6),
    # Sat 28 make-up (7), Mar 2-6 (8-12), Mar 9, 10, 11 (13-15).
    case = opened(dt.date(2026, 2, 2)).complain(
        channel="phone", person=None, at=at(2026, 2, 12), text="多次跑腿", by="12345热线",
        policy=15,
    )  # fmt: skip
    rect = case.rectifications[0]
    assert rect.source is RectificationSource.COMPLAINT
    assert rect.due_date == dt.date(2026, 3, 11)
    assert not rect.real_name


def test_the_same_acts_give_the_same_rectifications_as_on_a_case() -> None:
    sub = Case.submit(sample_catalog().matters[0], case_id="P-1", applicant="张三",
                      at=at(2025, 9, 1, 9), calendar=CAL)  # fmt: skip
    par = opened()
    for name, args, kw in [
        ("rate", (2,), {"channel": "online", "person": "张三", "policy": FIFTEEN}),
        ("complain", (), {"channel": "letter", "person": None, "text": "推诿", "policy": 5,
                          "by": "意见箱"}),
        ("verify_feedback", ("R2",), {"valid": True, "finding": "属实", "by": "督查"}),
        ("rectify", ("R2",), {"measures": "培训", "by": "窗口"}),
        ("answer", ("R2",), {"text": "已回访", "by": "督查"}),
        ("appeal", ("R1",), {"ground": "mistaken", "text": "x", "by": "窗口"}),
    ]:  # fmt: skip
        when = at(2025, 9, 30) if name in ("rate", "complain") else at(2025, 10, 20)
        sub = getattr(sub, name)(*args, at=when, **kw)
        par = getattr(par, name)(*args, at=when, **kw)
    assert par.feedback == sub.feedback
    assert par.rectifications[1].outcome is RectificationOutcome.RECTIFIED
    assert par.rectifications[1].on_time is False  # due Oct 14, answered Oct 20
    assert par.rectifications[0].state is RectificationState.APPEALED
    today = dt.date(2025, 10, 27)
    assert par.open_rectifications(today) == sub.open_rectifications(today)
    assert [(r.id, left) for r, left in par.open_rectifications(today)] == [("R1", 1)]


def test_complaints_cannot_be_appealed_on_a_parallel_case_either() -> None:
    case = opened().complain(channel="phone", person=None, at=at(2025, 9, 2), text="推诿",
                             by="12345热线", policy=FIVE)  # fmt: skip
    with pytest.raises(TransitionError, match="complaint"):
        case.appeal("R1", ground="malicious", text="x", at=at(2025, 9, 3), by="窗口")


def test_feedback_never_changes_the_case_and_follows_delivery() -> None:
    case = opened()
    for step in case.plan.order:
        case = case.decide(step, "approved", at=at(2025, 9, 2), by="王")
    assert case.state is ParallelState.APPROVED
    case = case.complete(at=at(2025, 9, 3), by="综合窗口")
    before = (case.state, case.tasks, case.due_date, case.timeliness)
    rated = case.rate(1, channel="online", person="张三", at=at(2025, 9, 4), policy=FIVE)
    assert (rated.state, rated.tasks, rated.due_date, rated.timeliness) == before
    withdrawn = opened().withdraw(at=at(2025, 9, 2), by="张三")
    assert withdrawn.complain(channel="phone", person=None, at=at(2025, 9, 3), text="x",
                              policy=5).rectifications  # fmt: skip


def test_a_bad_review_or_a_complaint_needs_the_policy_and_bad_input_names_the_field() -> None:
    case = opened()
    with pytest.raises(InvalidValueError, match="policy"):
        case.rate(1, channel="online", person=None, at=at(2025, 9, 2))
    with pytest.raises(InvalidValueError, match="grade"):
        case.rate(7, channel="online", person=None, at=at(2025, 9, 2))
    with pytest.raises(InvalidValueError, match="channel"):
        case.rate(4, channel="fax", person=None, at=at(2025, 9, 2))
    with pytest.raises(InvalidValueError, match="rect_id"):
        case.answer("R9", text="x", at=at(2025, 9, 2), by="x")
    with pytest.raises(InvalidValueError, match="today"):
        case.open_rectifications(at(2025, 9, 2))  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="at"):
        case.rate(4, channel="online", person=None, at=dt.datetime(2025, 9, 2))  # noqa: DTZ001
    online = case.rate(4, channel="online", person="p", at=at(2025, 9, 2))
    with pytest.raises(InvalidValueError, match="一事一评"):
        online.rate(5, channel="online", person="p", at=at(2025, 9, 3))


def test_a_guard_sees_the_feedback_act_and_can_veto_it() -> None:
    seen: list[ProposedAct] = []

    def guard(act: ProposedAct) -> None:
        seen.append(act)
        if act.action == Action.VERIFY_FEEDBACK and act.by == "综合窗口":
            raise InvalidValueError("by", act.by, "someone other than the window rated")

    case = bad_review(at(2025, 9, 30)).with_guard(guard)
    with pytest.raises(InvalidValueError, match="someone other"):
        case.verify_feedback("R1", valid=True, finding="x", at=at(2025, 10, 9), by="综合窗口")
    case = case.verify_feedback("R1", valid=True, finding="x", at=at(2025, 10, 9), by="督查")
    assert [a.action for a in seen] == [Action.VERIFY_FEEDBACK] * 2
    assert seen[-1].department == case.plan.lead


# -- replay ---------------------------------------------------------------------------------------


def test_round_trip_keeps_the_feedback_and_tampering_is_caught() -> None:
    case = bad_review(at(2025, 9, 30))
    case = case.verify_feedback("R1", valid=True, finding="属实", at=at(2025, 10, 9), by="督查")
    again = ParallelCase.from_json(case.to_json(), calendar=CAL)
    assert again == case
    assert again.feedback == case.feedback
    doc = json.loads(case.to_json())
    doc["events"][1]["body"] = doc["events"][1]["body"].replace("跑了三趟", "很好")
    with pytest.raises(TraceIntegrityError):
        ParallelCase.from_json(json.dumps(doc), calendar=CAL)


def _refused(case: ParallelCase, change: Any, seq: int, match: str = "") -> None:
    with pytest.raises(TraceIntegrityError, match=match) as info:
        ParallelCase.from_json(rechain(case, change), calendar=CAL)
    assert info.value.sequence == seq


def test_an_answer_before_verification_is_refused_rechained() -> None:
    case = bad_review(at(2025, 9, 30))
    case = case.verify_feedback("R1", valid=False, finding="不属实", at=at(2025, 10, 9), by="督")
    case = case.answer("R1", text="已解释", at=at(2025, 10, 10), by="督查")

    def forge(p: list[dict[str, Any]]) -> None:
        del p[2]  # the verification

    _refused(case, forge, 2, "answer")


def test_a_calendar_that_moves_a_rectification_due_date_is_refused_or_recalendared() -> None:
    case = bad_review(at(2025, 9, 30))
    closed = CAL.with_closures(dt.date(2025, 10, 9), dt.date(2025, 10, 9), "台风停工")
    with pytest.raises(CalendarMismatchError):  # the opening's bounds move first
        ParallelCase.from_json(case.to_json(), calendar=closed)
    when = at(2025, 10, 10)
    again = ParallelCase.from_json(case.to_json(), calendar=closed, recalendar=True,
                                   by="管理员", at=when)  # fmt: skip
    assert again.rectifications[0].due_date == dt.date(2025, 10, 15)
    # The recorded events are kept as they were; the change is recorded after them.
    assert again.trace.events[: len(case.trace)] == case.trace.events
    change = again.trace.events[-1].payload
    assert (change["action"], change["by"], change["data"]) == (
        "recalendar",
        "管理员",
        {
            "calendar": closed.name,
            "reload": True,
            # the bounds on the new calendar, compared when read back (the closure moves them)
            # and the plan they were counted from
            "check": {
                "overall_due": "2025-11-10",
                "statutory_due": "2025-11-10",
                "plan": plan_digest(case.plan),
            },
        },
    )
    assert dt.datetime.fromisoformat(change["at"]) == when
    # Read back on the new calendar, the recorded change explains the earlier due dates.
    assert ParallelCase.from_json(again.to_json(), calendar=closed) == again
    with pytest.raises(InvalidValueError, match="not before the last event"):
        ParallelCase.from_json(case.to_json(), calendar=closed, recalendar=True,
                               at=at(2025, 9, 1))  # fmt: skip


def test_a_forged_calendar_change_is_refused_rechained() -> None:
    case = bad_review(at(2025, 9, 30))
    closed = CAL.with_closures(dt.date(2025, 10, 9), dt.date(2025, 10, 9), "台风停工")
    again = ParallelCase.from_json(case.to_json(), calendar=closed, recalendar=True)

    def forge(p: list[dict[str, Any]]) -> None:
        p[-1]["data"]["reload"] = False  # not the record a reload writes

    with pytest.raises(TraceIntegrityError) as info:
        ParallelCase.from_json(rechain(again, forge), calendar=closed)
    assert info.value.sequence == len(again.trace) - 1


def test_a_provisional_calendar_marks_the_rectification_due_date() -> None:
    provisional = CAL.provisional(until=dt.date(2027, 12, 31))
    case = opened(dt.date(2026, 12, 21), provisional)
    case = case.rate(1, channel="window", person="张三", at=at(2026, 12, 24), policy=FIFTEEN)
    assert case.rectifications[0].due_date.year == 2027
    assert case.rectifications[0].provisional
    assert ParallelCase.from_json(case.to_json(), calendar=provisional) == case


ACTS = st.lists(st.sampled_from([*FEEDBACK_ACTS, "decide", "suspend", "resume"]), max_size=14)


@settings(max_examples=60, deadline=None)
@given(acts=ACTS, first=st.integers(min_value=0, max_value=3))
def test_any_sequence_of_feedback_and_case_acts_replays_to_an_equal_case(
    acts: list[str], first: int
) -> None:
    case = bad_review(at(2025, 9, 2))
    for i, act in enumerate(acts):
        when = at(2025, 9, 3) + dt.timedelta(hours=i * 7)
        rid = case.rectifications[min(first, len(case.rectifications) - 1)].id
        try:
            if act == "decide":
                ready = case.overview(when.date()).ready
                if ready:
                    case = case.decide(ready[0], "approved", at=when, by="王")
            elif act == "suspend":
                case = case.suspend(at=when, by="窗口", reason="检测")
            elif act == "resume":
                case = case.resume(at=when, by="窗口")
            else:
                case = apply_feedback(case, act, rid, when)
        except (TransitionError, InvalidValueError):
            pass
    again = ParallelCase.from_json(case.to_json(), calendar=CAL)
    assert again == case
    assert again.feedback == case.feedback
    assert again.tasks == case.tasks
    assert again.state is case.state
    for rect in case.rectifications:
        assert rect.closed == (rect.outcome is not None)
        if rect.state is RectificationState.ANSWERED:
            assert rect.outcome in (RectificationOutcome.RECTIFIED, RectificationOutcome.UNFOUNDED)
