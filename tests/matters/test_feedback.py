"""好差评, complaints and rectification as acts in a case's own trace."""

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
from govservice.calendar import TimeLimit, china
from govservice.matters import (
    Action,
    AppealGround,
    Case,
    CaseFeedback,
    FeedbackChannel,
    Inquiry,
    Rating,
    RectificationOutcome,
    RectificationPolicy,
    RectificationSource,
    RectificationState,
    sample_catalog,
)

from ..feedback_acts import FEEDBACK_ACTS, FIFTEEN, apply_feedback
from ..forging import rechain

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
FIVE = RectificationPolicy.working_days(5)
MATTER = sample_catalog().matters[0]


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=SH)


START = at(2025, 1, 2, 9)


def submitted(when: dt.datetime = START, calendar: Any = CAL) -> Case:
    return Case.submit(MATTER, case_id="C-1", applicant="张三", at=when, calendar=calendar)


def completed() -> Case:
    """A case approved and completed in September 2025."""
    case = submitted(at(2025, 9, 22, 9))
    case = case.accept(at=at(2025, 9, 22, 9, 30), by="窗口1")
    case = case.review(at=at(2025, 9, 23), by="审核员")
    case = case.approve(at=at(2025, 9, 24), by="科长")
    return case.complete(at=at(2025, 9, 24, 11), by="窗口1")


def bad_review(when: dt.datetime, policy: RectificationPolicy = FIVE) -> Case:
    case = submitted(min(when, at(2025, 1, 2, 9)))
    return case.rate(1, channel=FeedbackChannel.WINDOW, person="张三", at=when, by="窗口1",
                     text="态度差", policy=policy)  # fmt: skip


def rectified(case: Case, answered: dt.datetime) -> Case:
    start = case.rectifications[-1].opened_at
    case = case.verify_feedback("R1", valid=True, finding="属实", at=start, by="督查科")
    case = case.rectify("R1", measures="批评教育", at=start, by="窗口负责人")
    return case.answer("R1", text="已回访", at=answered, by="督查科")


# -- hand-worked clocks across holidays -----------------------------------------------------------


def test_five_days_from_the_eve_of_national_day_2025() -> None:
    # Tue Sep 30 counts not; Oct 1-8 off; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3), Mon 13 (4),
    # Tue 14 (5).
    case = bad_review(at(2025, 9, 30))
    rect = case.rectifications[0]
    assert rect.due_date == dt.date(2025, 10, 14)
    assert rect.days_left(dt.date(2025, 10, 10), calendar=CAL) == 3
    assert rect.days_left(dt.date(2025, 10, 14), calendar=CAL) == 0
    assert rect.days_left(dt.date(2025, 10, 16), calendar=CAL) == -2
    recorded = case.trace.events[-1].payload["data"]["check"]
    assert recorded == {"rectification_due": "2025-10-14"}


def test_fifteen_days_from_the_eve_of_national_day_2025() -> None:
    # Oct 9, 10, 11 (make-up), 13, 14 (1-5); 15, 16, 17 (6-8); 20-24 (9-13); 27 (14), 28 (15).
    case = bad_review(at(2025, 9, 30), FIFTEEN)
    assert case.rectifications[0].due_date == dt.date(2025, 10, 28)
    assert case.rectifications[0].limit == TimeLimit.working_days(15)


def test_fifteen_days_across_spring_festival_2026() -> None:
    # Thu Feb 12 counts not; Fri 13 (1), Sat 14 make-up (2), Feb 15-23 off, Tue 24..Fri 27 (3-6),
    # Sat 28 make-up (7), Mar 2-6 (8-12), Mar 9, 10, 11 (13-15).
    case = submitted().complain(channel="phone", person=None, at=at(2026, 2, 12),
                                text="多次跑腿", by="12345热线", policy=15)  # fmt: skip
    rect = case.rectifications[0]
    assert rect.source is RectificationSource.COMPLAINT
    assert rect.due_date == dt.date(2026, 3, 11)
    assert not rect.real_name
    assert case.feedback.complaints[0].by == "12345热线"


def test_a_review_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert bad_review(at(2025, 10, 3)).rectifications[0].due_date == dt.date(2025, 10, 14)


def test_the_day_is_the_local_date() -> None:
    # 2025-09-29 17:30 UTC is Sep 30 01:30 in Shanghai: due Oct 14, not Oct 13.
    case = bad_review(dt.datetime(2025, 9, 29, 17, 30, tzinfo=dt.UTC))
    assert case.rectifications[0].due_date == dt.date(2025, 10, 14)


def test_answered_on_the_due_day_is_on_time_the_day_after_is_late() -> None:
    on_time = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14, 17, 30))
    late = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 15, 9))
    assert on_time.rectifications[0].on_time is True
    assert late.rectifications[0].on_time is False
    assert on_time.rectifications[0].outcome is RectificationOutcome.RECTIFIED
    assert on_time.rectifications[0].state is RectificationState.ANSWERED
    assert bad_review(at(2025, 9, 30)).rectifications[0].on_time is None


def test_open_rectifications_with_days_left() -> None:
    case = bad_review(at(2025, 9, 30))
    case = case.complain(channel="letter", person="王五", at=at(2025, 9, 30, 11), text="推诿",
                         by="意见箱", policy=FIFTEEN)  # fmt: skip
    found = case.open_rectifications(dt.date(2025, 10, 10))
    assert [(r.id, days) for r, days in found] == [("R1", 3), ("R2", 13)]
    assert case.open_rectifications(dt.date(2025, 9, 29)) == ()
    rect = case.rectifications[0]
    assert not rect.overdue(dt.date(2025, 10, 14))
    assert rect.overdue(dt.date(2025, 10, 15))


@pytest.mark.parametrize("today", [dt.datetime(2025, 10, 10, 9, tzinfo=SH), "2025-10-10", None])
def test_open_rectifications_needs_a_date(today: Any) -> None:
    with pytest.raises(InvalidValueError, match="today"):
        bad_review(at(2025, 9, 30)).open_rectifications(today)


def test_both_kinds_of_case_share_one_set_of_feedback_acts() -> None:
    from govservice.approval import ParallelCase
    from govservice.matters import FeedbackActs

    names = ["rate", "complain", "verify_feedback", "rectify", "answer", "appeal",
             "decide_appeal", "open_rectifications", "rectifications", "grade"]  # fmt: skip
    for name in names:
        assert name in vars(FeedbackActs), name
        assert name not in vars(Case), name
        assert name not in vars(ParallelCase), name
        assert getattr(Case, name) is getattr(ParallelCase, name), name


# -- on the case --------------------------------------------------------------------------------


def test_feedback_follows_completion_and_never_changes_the_case() -> None:
    case = completed()
    rated = case.rate(2, channel="online", person="张三", at=at(2025, 9, 30), policy=FIVE)
    rated = rectified(rated, at(2025, 10, 10))
    rated = rated.complain(channel="phone", person=None, at=at(2025, 10, 11), text="态度",
                           by="12345热线", policy=FIVE)  # fmt: skip
    for name in ("state", "outcome", "decided_at", "completed_at", "ended_at", "due_date",
                 "statutory_due_date", "delivery_due_date", "timeliness", "provisional",
                 "notices", "missing_notices"):  # fmt: skip
        assert getattr(rated, name) == getattr(case, name), name
    assert rated.grade == 2
    assert rated.trace.events[-1].action == Action.COMPLAIN
    assert [e.action for e in rated.trace.events[5:]] == [
        "rate", "verify_feedback", "rectify", "answer", "complain"
    ]  # fmt: skip
    assert rated.allows("rate")
    assert rated.allows(Action.DECIDE_APPEAL)


def test_feedback_acts_record_who_what_where_and_when() -> None:
    case = bad_review(at(2025, 9, 30))
    payload = case.trace.events[-1].payload
    assert payload["by"] == "窗口1"
    assert payload["data"] == {
        "grade": 1, "channel": "window", "person": "张三", "text": "态度差",
        "policy": {"limit": 5, "bad_grades": [1, 2]},
        "check": {"rectification_due": "2025-10-14"},
    }  # fmt: skip
    review = case.feedback.reviews[0]
    assert (review.person, review.by, review.channel) == ("张三", "窗口1", FeedbackChannel.WINDOW)
    assert review.sequence == 1
    case = case.verify_feedback("R1", valid=True, finding="属实", at=at(2025, 10, 9), by="督查科")
    assert case.rectifications[0].history[-1] == (
        RectificationState.VERIFIED, at(2025, 10, 9), "督查科"
    )  # fmt: skip
    anonymous = submitted().rate(5, channel="online", person=None, at=at(2025, 3, 3))
    assert anonymous.trace.events[-1].payload["by"] == "anonymous"


def test_the_view_is_read_only_and_looks_back() -> None:
    case = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 15))
    view = case.feedback
    assert isinstance(view, CaseFeedback)
    assert not hasattr(view, "rate")
    assert not hasattr(view, "to_json")
    before = view.as_of(dt.date(2025, 10, 14))
    assert before.rectifications[0].state is RectificationState.RECTIFIED
    assert before.rectifications[0].due_date == dt.date(2025, 10, 14)
    assert not before.rectifications[0].closed
    assert view.as_of(dt.date(2025, 9, 29)).reviews == ()
    assert view.as_of(dt.date(2025, 10, 15)) == view


# -- ratings ------------------------------------------------------------------------------------


def test_only_bad_grades_open_a_rectification() -> None:
    case = submitted()
    for grade in (5, 4, 3):
        case = case.rate(grade, channel="window", person="张三", at=at(2025, 3, 3, 15 - grade))
    assert case.rectifications == ()
    assert [r.rating.grade for r in case.feedback.reviews] == [5, 4, 3]
    assert case.grade == 3
    strict = RectificationPolicy(TimeLimit.working_days(5), bad_grades={1})
    case = submitted().rate(Rating.DISSATISFIED, channel="window", person=None,
                            at=at(2025, 3, 3), policy=strict)  # fmt: skip
    assert case.rectifications == ()


def test_a_bad_review_or_a_complaint_needs_the_policy() -> None:
    with pytest.raises(InvalidValueError, match="policy"):
        submitted().rate(1, channel="window", person="张三", at=at(2025, 3, 3))
    with pytest.raises(InvalidValueError, match="policy"):
        submitted().complain(channel="phone", person=None, at=at(2025, 3, 3), text="x",
                             policy=0)  # fmt: skip


def test_one_rating_per_visit_at_the_window_one_per_matter_online() -> None:
    case = submitted()
    case = case.rate(5, channel="window", person="张三", at=at(2025, 3, 3))
    case = case.rate(4, channel="window", person="张三", at=at(2025, 3, 4))
    case = case.rate(5, channel="online", person="张三", at=at(2025, 3, 5))
    with pytest.raises(InvalidValueError, match="一事一评"):
        case.rate(1, channel="sms", person="张三", at=at(2025, 3, 6), policy=FIVE)


def test_bad_inputs_name_the_field() -> None:
    case = submitted()
    with pytest.raises(InvalidValueError, match="grade"):
        case.rate(6, channel="window", person="a", at=at(2025, 3, 3))
    with pytest.raises(InvalidValueError, match="channel"):
        case.rate(5, channel="pigeon", person="a", at=at(2025, 3, 3))
    with pytest.raises(InvalidValueError, match="aware"):
        case.rate(5, channel="window", person="a", at=dt.datetime(2025, 3, 3, 10))  # noqa: DTZ001
    with pytest.raises(InvalidValueError, match="not before"):
        case.rate(5, channel="window", person="a", at=at(2024, 3, 3))
    with pytest.raises(InvalidValueError, match="limit"):
        RectificationPolicy(TimeLimit.natural_days(5))
    with pytest.raises(InvalidValueError, match="bad_grades"):
        RectificationPolicy(TimeLimit.working_days(5), bad_grades={0})
    with pytest.raises(InvalidValueError, match="rect_id"):
        bad_review(at(2025, 3, 3)).verify_feedback("R9", valid=True, finding="x", at=at(2025, 3, 4),
                                          by="b")  # fmt: skip
    with pytest.raises(InvalidValueError, match="valid"):
        bad_review(at(2025, 3, 3)).verify_feedback("R1", valid="yes", finding="x",  # type: ignore[arg-type]
                                          at=at(2025, 3, 4), by="b")  # fmt: skip


# -- the rectification's states -------------------------------------------------------------------


def test_steps_in_order_only() -> None:
    case = bad_review(at(2025, 3, 3))
    with pytest.raises(TransitionError, match="rectify"):
        case.rectify("R1", measures="x", at=at(2025, 3, 4), by="b")
    case = case.verify_feedback("R1", valid=True, finding="属实", at=at(2025, 3, 4), by="b")
    with pytest.raises(TransitionError, match="rectify"):
        case.answer("R1", text="x", at=at(2025, 3, 4), by="b")
    case = rectified(bad_review(at(2025, 3, 3)), at(2025, 3, 5))
    with pytest.raises(TransitionError, match="closed"):
        case.verify_feedback("R1", valid=True, finding="x", at=at(2025, 3, 6), by="b")
    assert [s for s, _, _ in case.rectifications[0].history] == [
        RectificationState.OPEN,
        RectificationState.VERIFIED,
        RectificationState.RECTIFIED,
        RectificationState.ANSWERED,
    ]


def test_unfounded_review_is_answered_and_not_counted() -> None:
    case = bad_review(at(2025, 3, 3))
    case = case.verify_feedback(
        "R1", valid=False, finding="按规定须补正", at=at(2025, 3, 4), by="b"
    )
    with pytest.raises(TransitionError):
        case.rectify("R1", measures="x", at=at(2025, 3, 4), by="b")
    case = case.answer("R1", text="已解释", at=at(2025, 3, 5), by="b")
    rect = case.rectifications[0]
    assert rect.outcome is RectificationOutcome.UNFOUNDED
    assert not rect.counted


def test_appeal_upheld_sets_the_review_aside() -> None:
    case = bad_review(at(2025, 3, 3))
    case = case.appeal(
        "R1", ground=AppealGround.MALICIOUS, text="恶意差评", at=at(2025, 3, 4), by="窗口"
    )
    assert case.rectifications[0].state is RectificationState.APPEALED
    case = case.decide_appeal(
        "R1", upheld=True, reason="核实为恶意差评", at=at(2025, 3, 5), by="管理办"
    )
    rect = case.rectifications[0]
    assert rect.closed
    assert rect.outcome is RectificationOutcome.APPEAL_UPHELD
    assert not rect.counted
    with pytest.raises(TransitionError, match="closed"):
        case.decide_appeal("R1", upheld=False, reason="again", at=at(2025, 3, 6), by="管理办")


def test_appeal_rejected_returns_to_work_and_keeps_the_clock() -> None:
    case = bad_review(at(2025, 3, 3))
    case = case.verify_feedback("R1", valid=True, finding="属实", at=at(2025, 3, 3, 11), by="b")
    case = case.appeal("R1", ground="mistaken", text="评错窗口", at=at(2025, 3, 4), by="窗口")
    case = case.decide_appeal("R1", upheld=False, reason="并非误评", at=at(2025, 3, 5),
                              by="管理办")  # fmt: skip
    rect = case.rectifications[0]
    assert rect.state is RectificationState.VERIFIED
    assert rect.appeal_upheld is False
    assert rect.due_date == dt.date(2025, 3, 10)
    with pytest.raises(TransitionError, match="appealed once"):
        case.appeal("R1", ground="mistaken", text="again", at=at(2025, 3, 5), by="窗口")
    with pytest.raises(TransitionError, match="verified"):
        case.decide_appeal("R1", upheld=True, reason="twice", at=at(2025, 3, 5), by="管理办")
    case = case.rectify("R1", measures="整改", at=at(2025, 3, 6), by="b")
    case = case.answer("R1", text="已回访", at=at(2025, 3, 11), by="b")
    assert case.rectifications[0].on_time is False


def test_complaints_cannot_be_appealed() -> None:
    case = submitted().complain(channel="letter", person="王五", at=at(2025, 3, 3), text="推诿",
                                policy=FIVE)  # fmt: skip
    with pytest.raises(TransitionError, match="complaint"):
        case.appeal("R1", ground="malicious", text="x", at=at(2025, 3, 4), by="窗口")


# -- replay ---------------------------------------------------------------------------------------


def test_round_trip_and_tamper_evidence() -> None:
    case = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14))
    again = Case.from_json(case.to_json(), calendar=CAL)
    assert again == case
    assert again.feedback == case.feedback
    assert again.rectifications[0].due_date == dt.date(2025, 10, 14)
    doc = json.loads(case.to_json())
    doc["events"][1]["body"] = doc["events"][1]["body"].replace("态度差", "很好")
    with pytest.raises(TraceIntegrityError):
        Case.from_json(json.dumps(doc), calendar=CAL)


def _refused(case: Case, change: Any, seq: int, match: str = "") -> None:
    with pytest.raises(TraceIntegrityError, match=match) as info:
        Case.from_json(rechain(case, change), calendar=CAL)
    assert info.value.sequence == seq


def test_an_answer_before_the_rectification_was_opened_is_refused_rechained() -> None:
    case = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14))

    def forge(p: list[dict[str, Any]]) -> None:
        answer = p.pop(4)
        p.insert(1, dict(answer, at=p[1]["at"]))

    _refused(case, forge, 1, "rect_id")


def test_an_appeal_decided_twice_is_refused_rechained() -> None:
    case = bad_review(at(2025, 3, 3))
    case = case.appeal("R1", ground="mistaken", text="评错", at=at(2025, 3, 4), by="窗口")
    case = case.decide_appeal("R1", upheld=False, reason="不成立", at=at(2025, 3, 5), by="督查")

    def forge(p: list[dict[str, Any]]) -> None:
        p.append(dict(p[-1], data={**p[-1]["data"], "upheld": True}))

    _refused(case, forge, 4, "decide_appeal")


def test_a_calendar_that_moves_a_rectification_due_date_is_refused_or_recalendared() -> None:
    case = bad_review(at(2025, 9, 30))
    closed = CAL.with_closures(dt.date(2025, 10, 9), dt.date(2025, 10, 9), "台风停工")
    with pytest.raises(CalendarMismatchError, match="rectification_due") as info:
        Case.from_json(case.to_json(), calendar=closed)
    assert info.value.sequence == 1
    again = Case.from_json(case.to_json(), calendar=closed, recalendar=True)
    assert again.rectifications[0].due_date == dt.date(2025, 10, 15)
    assert again.trace.events[-1].action == Action.RECALENDAR
    assert again.state is case.state


def test_a_provisional_calendar_marks_the_rectification_due_date() -> None:
    provisional = CAL.provisional(until=dt.date(2027, 12, 31))
    case = submitted(at(2026, 12, 21), provisional)
    case = case.rate(1, channel="window", person="张三", at=at(2026, 12, 24), policy=FIFTEEN)
    rect = case.rectifications[0]
    assert rect.due_date.year == 2027
    assert rect.provisional
    assert case.feedback.provisional
    assert not case.provisional  # the case's own clocks are untouched
    assert Case.from_json(case.to_json(), calendar=provisional) == case
    early = bad_review(at(2025, 9, 30))
    assert not early.rectifications[0].provisional
    assert rect.days_left(dt.date(2026, 12, 31), calendar=provisional) > 0


def test_an_inquiry_on_a_provisional_calendar_is_marked() -> None:
    provisional = CAL.provisional(until=dt.date(2027, 12, 31))
    q = Inquiry.open("Q-1", question="?", first_responder="王五", at=at(2026, 12, 31),
                     limit=TimeLimit.working_days(3), calendar=provisional)  # fmt: skip
    assert q.provisional
    assert q.due_date.year == 2027
    assert Inquiry.from_json(q.to_json(), calendar=provisional) == q
    plain = Inquiry.open("Q-2", question="?", first_responder="王五", at=at(2025, 3, 3),
                         limit=TimeLimit.working_days(3), calendar=CAL)  # fmt: skip
    assert not plain.provisional


# -- properties -----------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 3),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value=dt.datetime(2026, 11, 30),  # noqa: DTZ001
    timezones=st.just(SH),
)


@given(when=instants, days=st.integers(min_value=1, max_value=20))
def test_the_due_date_is_the_limit_in_working_days(when: dt.datetime, days: int) -> None:
    case = bad_review(when, RectificationPolicy.working_days(days))
    due = case.rectifications[0].due_date
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(when.date(), due) == days


ACTS = st.lists(st.sampled_from([*FEEDBACK_ACTS, "accept"]), max_size=14)


@settings(max_examples=60, deadline=None)
@given(acts=ACTS, first=st.integers(min_value=0, max_value=3))
def test_any_legal_sequence_of_feedback_acts_replays_to_an_equal_case(
    acts: list[str], first: int
) -> None:
    case = bad_review(at(2025, 6, 2))
    for i, act in enumerate(acts):
        when = at(2025, 6, 3) + dt.timedelta(hours=i * 7)
        rid = case.rectifications[min(first, len(case.rectifications) - 1)].id
        try:
            if act == "accept":
                case = case.accept(at=when, by="窗口")
            else:
                case = apply_feedback(case, act, rid, when)
        except (TransitionError, InvalidValueError):
            pass
    again = Case.from_json(case.to_json(), calendar=CAL)
    assert again == case
    assert again.feedback == case.feedback
    assert again.state is case.state
    for rect in case.rectifications:
        assert rect.closed == (rect.outcome is not None)
        assert rect.closed == (rect.closed_at is not None)
        if rect.state is RectificationState.ANSWERED:
            assert rect.outcome in (RectificationOutcome.RECTIFIED, RectificationOutcome.UNFOUNDED)
        if rect.outcome is RectificationOutcome.RECTIFIED:
            assert rect.valid is True
            assert rect.measures
