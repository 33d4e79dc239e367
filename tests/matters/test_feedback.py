from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError, TraceIntegrityError, TransitionError
from govservice._trace import Trace, trace_to_json
from govservice.calendar import TimeLimit, china
from govservice.matters import (
    AppealGround,
    CaseFeedback,
    FeedbackChannel,
    Rating,
    RectificationOutcome,
    RectificationPolicy,
    RectificationSource,
    RectificationState,
)

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))
FIVE = RectificationPolicy.working_days(5)
FIFTEEN = RectificationPolicy.working_days(15)


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=SH)


def bad_review(when: dt.datetime, policy: RectificationPolicy = FIVE) -> CaseFeedback:
    fb = CaseFeedback.start("C-1", policy=policy, calendar=CAL)
    return fb.rate(1, channel=FeedbackChannel.WINDOW, person="张三", at=when, text="态度差")


def rectified(fb: CaseFeedback, answered: dt.datetime) -> CaseFeedback:
    start = fb.rectifications[-1].opened_at
    fb = fb.verify("R1", valid=True, finding="属实", at=start, by="督查科")
    fb = fb.rectify("R1", measures="批评教育", at=start, by="窗口负责人")
    return fb.answer("R1", text="已回访", at=answered, by="督查科")


# -- hand-worked clocks across holidays -----------------------------------------------------------


def test_five_days_across_national_day_2025() -> None:
    # Tue Sep 30 counts not; Oct 1-8 off; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3), Mon 13 (4),
    # Tue 14 (5).
    fb = bad_review(at(2025, 9, 30))
    assert fb.rectifications[0].due_date == dt.date(2025, 10, 14)
    assert fb.rectifications[0].days_left(dt.date(2025, 10, 10), calendar=CAL) == 3
    assert fb.rectifications[0].days_left(dt.date(2025, 10, 14), calendar=CAL) == 0
    assert fb.rectifications[0].days_left(dt.date(2025, 10, 16), calendar=CAL) == -2


def test_fifteen_days_across_spring_festival_2026() -> None:
    # Thu Feb 12 counts not; Fri 13 (1), Sat 14 make-up (2), Feb 15-23 off, Tue 24..Fri 27 (3-6),
    # Sat 28 make-up (7), Mar 2-6 (8-12), Mar 9, 10, 11 (13-15).
    fb = CaseFeedback.start("C-2", policy=FIFTEEN, calendar=CAL)
    fb = fb.complain(channel="phone", person=None, at=at(2026, 2, 12), text="多次跑腿")
    rect = fb.rectifications[0]
    assert rect.source is RectificationSource.COMPLAINT
    assert rect.due_date == dt.date(2026, 3, 11)
    assert not rect.real_name


def test_a_review_on_a_holiday_counts_from_the_next_working_day() -> None:
    fb = bad_review(at(2025, 10, 3))
    assert fb.rectifications[0].due_date == dt.date(2025, 10, 14)


def test_the_day_is_the_shanghai_date() -> None:
    # 2025-09-29 17:30 UTC is Sep 30 01:30 in Shanghai: due Oct 14, not Oct 13.
    fb = bad_review(dt.datetime(2025, 9, 29, 17, 30, tzinfo=dt.UTC))
    assert fb.rectifications[0].due_date == dt.date(2025, 10, 14)


def test_answered_on_the_due_day_is_on_time_the_day_after_is_late() -> None:
    on_time = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14, 17, 30))
    late = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 15, 9))
    assert on_time.rectifications[0].on_time is True
    assert late.rectifications[0].on_time is False
    assert on_time.rectifications[0].outcome is RectificationOutcome.RECTIFIED
    assert on_time.rectifications[0].state is RectificationState.ANSWERED
    assert bad_review(at(2025, 9, 30)).rectifications[0].on_time is None


def test_overdue_while_open() -> None:
    rect = bad_review(at(2025, 9, 30)).rectifications[0]
    assert not rect.overdue(dt.date(2025, 10, 14))
    assert rect.overdue(dt.date(2025, 10, 15))


# -- ratings --------------------------------------------------------------------------------------


def test_only_bad_grades_open_a_rectification() -> None:
    fb = CaseFeedback.start("C-1", policy=FIVE, calendar=CAL)
    for grade in (5, 4, 3):
        fb = fb.rate(grade, channel="window", person="张三", at=at(2025, 3, 3, 15 - grade))
    assert fb.rectifications == ()
    assert [r.rating.grade for r in fb.reviews] == [5, 4, 3]
    assert fb.grade == 3
    strict = RectificationPolicy(TimeLimit.working_days(5), bad_grades={1})
    fb = CaseFeedback.start("C-1", policy=strict, calendar=CAL)
    fb = fb.rate(Rating.DISSATISFIED, channel="window", person=None, at=at(2025, 3, 3))
    assert fb.rectifications == ()


def test_one_rating_per_visit_at_the_window_one_per_matter_online() -> None:
    fb = CaseFeedback.start("C-1", policy=FIVE, calendar=CAL)
    fb = fb.rate(5, channel="window", person="张三", at=at(2025, 3, 3))
    fb = fb.rate(4, channel="window", person="张三", at=at(2025, 3, 4))
    fb = fb.rate(5, channel="online", person="张三", at=at(2025, 3, 5))
    with pytest.raises(InvalidValueError, match="一事一评"):
        fb.rate(1, channel="sms", person="张三", at=at(2025, 3, 6))


def test_bad_inputs_name_the_field() -> None:
    fb = CaseFeedback.start("C-1", policy=FIVE, calendar=CAL)
    with pytest.raises(InvalidValueError, match="grade"):
        fb.rate(6, channel="window", person="a", at=at(2025, 3, 3))
    with pytest.raises(InvalidValueError, match="channel"):
        fb.rate(5, channel="pigeon", person="a", at=at(2025, 3, 3))
    with pytest.raises(InvalidValueError, match="aware"):
        fb.rate(5, channel="window", person="a", at=dt.datetime(2025, 3, 3, 10))  # noqa: DTZ001
    with pytest.raises(InvalidValueError, match="limit"):
        RectificationPolicy(TimeLimit.natural_days(5))
    with pytest.raises(InvalidValueError, match="bad_grades"):
        RectificationPolicy(TimeLimit.working_days(5), bad_grades={0})
    with pytest.raises(InvalidValueError, match="rect_id"):
        bad_review(at(2025, 3, 3)).verify("R9", valid=True, finding="x", at=at(2025, 3, 4), by="b")
    fb = bad_review(at(2025, 3, 3, 12))
    with pytest.raises(InvalidValueError, match="not before"):
        fb.verify("R1", valid=True, finding="x", at=at(2025, 3, 3, 11), by="b")


# -- the rectification's states -------------------------------------------------------------------


def test_steps_in_order_only() -> None:
    fb = bad_review(at(2025, 3, 3))
    with pytest.raises(TransitionError, match="rectify"):
        fb.rectify("R1", measures="x", at=at(2025, 3, 4), by="b")
    fb = fb.verify("R1", valid=True, finding="属实", at=at(2025, 3, 4), by="b")
    with pytest.raises(TransitionError, match="rectify"):
        fb.answer("R1", text="x", at=at(2025, 3, 4), by="b")
    fb = rectified(bad_review(at(2025, 3, 3)), at(2025, 3, 5))
    with pytest.raises(TransitionError, match="closed"):
        fb.verify("R1", valid=True, finding="x", at=at(2025, 3, 6), by="b")
    assert [s for s, _ in fb.rectifications[0].history] == [
        RectificationState.OPEN,
        RectificationState.VERIFIED,
        RectificationState.RECTIFIED,
        RectificationState.ANSWERED,
    ]


def test_unfounded_review_is_answered_and_not_counted() -> None:
    fb = bad_review(at(2025, 3, 3))
    fb = fb.verify("R1", valid=False, finding="按规定须补正", at=at(2025, 3, 4), by="b")
    with pytest.raises(TransitionError):
        fb.rectify("R1", measures="x", at=at(2025, 3, 4), by="b")
    fb = fb.answer("R1", text="已解释", at=at(2025, 3, 5), by="b")
    rect = fb.rectifications[0]
    assert rect.outcome is RectificationOutcome.UNFOUNDED
    assert not rect.counted


def test_appeal_upheld_sets_the_review_aside() -> None:
    fb = bad_review(at(2025, 3, 3))
    fb = fb.appeal(
        "R1", ground=AppealGround.MALICIOUS, text="恶意差评", at=at(2025, 3, 4), by="窗口"
    )
    assert fb.rectifications[0].state is RectificationState.APPEALED
    fb = fb.decide_appeal(
        "R1", upheld=True, reason="核实为恶意差评", at=at(2025, 3, 5), by="管理办"
    )
    rect = fb.rectifications[0]
    assert rect.closed
    assert rect.outcome is RectificationOutcome.APPEAL_UPHELD
    assert not rect.counted


def test_appeal_rejected_returns_to_work_and_keeps_the_clock() -> None:
    fb = bad_review(at(2025, 3, 3))
    fb = fb.verify("R1", valid=True, finding="属实", at=at(2025, 3, 3, 11), by="b")
    fb = fb.appeal("R1", ground="mistaken", text="评错窗口", at=at(2025, 3, 4), by="窗口")
    fb = fb.decide_appeal("R1", upheld=False, reason="并非误评", at=at(2025, 3, 5), by="管理办")
    rect = fb.rectifications[0]
    assert rect.state is RectificationState.VERIFIED
    assert rect.appeal_upheld is False
    assert rect.due_date == dt.date(2025, 3, 10)
    with pytest.raises(TransitionError, match="appealed once"):
        fb.appeal("R1", ground="mistaken", text="again", at=at(2025, 3, 5), by="窗口")
    fb = fb.rectify("R1", measures="整改", at=at(2025, 3, 6), by="b")
    fb = fb.answer("R1", text="已回访", at=at(2025, 3, 11), by="b")
    assert fb.rectifications[0].on_time is False


def test_complaints_cannot_be_appealed() -> None:
    fb = CaseFeedback.start("C-1", policy=FIVE, calendar=CAL)
    fb = fb.complain(channel="letter", person="王五", at=at(2025, 3, 3), text="推诿")
    with pytest.raises(TransitionError, match="complaint"):
        fb.appeal("R1", ground="malicious", text="x", at=at(2025, 3, 4), by="窗口")


# -- the record -----------------------------------------------------------------------------------


def test_round_trip_and_tamper_evidence() -> None:
    fb = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14))
    again = CaseFeedback.from_json(fb.to_json(), calendar=CAL)
    assert again == fb
    assert again.rectifications[0].due_date == dt.date(2025, 10, 14)
    doc = json.loads(fb.to_json())
    doc["events"][1]["body"] = doc["events"][1]["body"].replace("态度差", "很好")
    with pytest.raises(TraceIntegrityError):
        CaseFeedback.from_json(json.dumps(doc), calendar=CAL)


def _rechained(fb: CaseFeedback, edit: dict[int, dict[str, object]]) -> str:
    trace = Trace()
    for i, event in enumerate(fb.trace.events):
        payload = event.payload
        payload.update(edit.get(i, {}))
        trace = trace.append(payload)
    return trace_to_json(trace, "govservice.feedback/1")


def test_a_rechained_forgery_fails_its_checks_on_replay() -> None:
    fb = rectified(bad_review(at(2025, 9, 30)), at(2025, 10, 14))
    payload = fb.trace.events[1].payload
    forged = _rechained(fb, {1: {"data": {**payload["data"], "due": "2025-10-31"}}})
    with pytest.raises(TraceIntegrityError, match="event 1"):
        CaseFeedback.from_json(forged, calendar=CAL)
    skipped = _rechained(fb, {2: {"action": "answer", "data": {"id": "R1", "text": "x"}}})
    with pytest.raises(TraceIntegrityError, match="event 2"):
        CaseFeedback.from_json(skipped, calendar=CAL)


def test_a_calendar_that_moves_a_due_date_is_refused() -> None:
    fb = bad_review(at(2025, 9, 30))
    closed = CAL.with_closures(dt.date(2025, 10, 9), dt.date(2025, 10, 9), "台风停工")
    with pytest.raises(TraceIntegrityError, match="due"):
        CaseFeedback.from_json(fb.to_json(), calendar=closed)


def test_calendar_is_required() -> None:
    with pytest.raises(InvalidValueError, match="calendar"):
        CaseFeedback.start("C-1", policy=FIVE, calendar=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="calendar"):
        CaseFeedback.from_json("{}", calendar="china")  # type: ignore[arg-type]


# -- properties -----------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value=dt.datetime(2026, 11, 30),  # noqa: DTZ001
    timezones=st.just(SH),
)


@given(when=instants, days=st.integers(min_value=1, max_value=20))
def test_the_due_date_is_the_limit_in_working_days(when: dt.datetime, days: int) -> None:
    fb = bad_review(when, RectificationPolicy.working_days(days))
    due = fb.rectifications[0].due_date
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(when.date(), due) == days


ACTS = st.lists(
    st.sampled_from(
        [
            "verify_valid",
            "verify_unfounded",
            "rectify",
            "answer",
            "appeal",
            "upheld",
            "rejected",
            "rate_bad",
            "complain",
        ]
    ),
    max_size=14,
)


@given(acts=ACTS)
def test_any_sequence_of_acts_replays_to_the_same_record(acts: list[str]) -> None:
    fb = bad_review(at(2025, 6, 2))
    for i, act in enumerate(acts):
        when = at(2025, 6, 3) + dt.timedelta(hours=i)
        rid = fb.rectifications[-1].id
        try:
            if act.startswith("verify"):
                fb = fb.verify(rid, valid=act == "verify_valid", finding="f", at=when, by="b")
            elif act == "rectify":
                fb = fb.rectify(rid, measures="m", at=when, by="b")
            elif act == "answer":
                fb = fb.answer(rid, text="t", at=when, by="b")
            elif act == "appeal":
                fb = fb.appeal(rid, ground="mistaken", text="t", at=when, by="b")
            elif act in ("upheld", "rejected"):
                fb = fb.decide_appeal(rid, upheld=act == "upheld", reason="r", at=when, by="b")
            elif act == "rate_bad":
                fb = fb.rate(2, channel="window", person=None, at=when)
            else:
                fb = fb.complain(channel="online", person="p", at=when, text="t")
        except (TransitionError, InvalidValueError):
            pass
    assert CaseFeedback.from_json(fb.to_json(), calendar=CAL) == fb
    for rect in fb.rectifications:
        assert rect.closed == (rect.outcome is not None)
        assert rect.closed == (rect.closed_at is not None)
        if rect.state is RectificationState.ANSWERED:
            assert rect.outcome in (RectificationOutcome.RECTIFIED, RectificationOutcome.UNFOUNDED)
        if rect.outcome is RectificationOutcome.RECTIFIED:
            assert rect.valid is True
            assert rect.measures
