from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError, TraceIntegrityError, TransitionError
from govservice.calendar import TimeLimit, china
from govservice.matters import FeedbackChannel, Inquiry, InquiryState

CAL = china()
SH = dt.timezone(dt.timedelta(hours=8))


def at(m: int, d: int, h: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, m, d, h, minute, tzinfo=SH)


ONE_DAY = TimeLimit.working_days(1)


def asked(limit: TimeLimit = ONE_DAY) -> Inquiry:
    return Inquiry.open(
        "Q-1",
        question="办理食品经营许可要哪些材料？",
        first_responder="王五",
        at=at(9, 30),
        limit=limit,
        calendar=CAL,
        citizen="张三",
    )


def test_the_first_person_asked_is_responsible_until_a_named_hand_over() -> None:
    q = asked()
    assert q.first_responder == q.responsible == "王五"
    assert q.due_date == dt.date(2025, 10, 9)  # Oct 1-8 off
    q = q.hand_over("赵六", reason="属市场监管窗口", at=at(9, 30, 9, 5), by="王五")
    assert q.responsible == "赵六"
    assert q.first_responder == "王五"
    assert q.handovers[0].from_person == "王五"
    with pytest.raises(InvalidValueError, match="赵六"):
        q.answer("材料清单见指南", at=at(9, 30, 10), by="王五")
    q = q.answer("材料清单见指南", at=at(9, 30, 10), by="赵六")
    assert q.state is InquiryState.ANSWERED
    assert q.answered_by == "赵六"
    assert q.on_time is True
    with pytest.raises(TransitionError):
        q.hand_over("孙七", reason="x", at=at(9, 30, 11), by="赵六")


def test_hand_over_needs_the_responsible_person_and_another_name() -> None:
    q = asked()
    with pytest.raises(InvalidValueError, match="首问责任制"):
        q.hand_over("赵六", reason="x", at=at(9, 30, 10), by="路人")
    with pytest.raises(InvalidValueError, match="another person"):
        q.hand_over("王五", reason="x", at=at(9, 30, 10), by="王五")
    with pytest.raises(InvalidValueError, match="reason"):
        q.hand_over("赵六", reason=" ", at=at(9, 30, 10), by="王五")


def test_unanswered_past_the_limit_is_overdue() -> None:
    q = asked()
    assert q.days_left(dt.date(2025, 9, 30)) == 1
    assert not q.overdue(dt.date(2025, 10, 9))
    assert q.overdue(dt.date(2025, 10, 10))
    assert q.days_left(dt.date(2025, 10, 10)) == -1
    late = q.answer("见指南", at=at(10, 10), by="王五")
    assert late.on_time is False
    assert not late.overdue(dt.date(2025, 10, 20))


def test_an_immediate_limit_is_due_the_same_day() -> None:
    q = asked(TimeLimit.immediate())
    assert q.due_date == dt.date(2025, 9, 30)
    with pytest.raises(InvalidValueError, match="limit"):
        asked(TimeLimit.natural_days(3))


def test_an_inquiry_exists_before_the_case_it_leads_to() -> None:
    q = asked().answer("见指南", at=at(9, 30, 10), by="王五")
    q = q.link_case("C-2025-0001", at=at(10, 9), by="王五")
    assert q.case_id == "C-2025-0001"
    with pytest.raises(InvalidValueError, match="already"):
        q.link_case("C-2", at=at(10, 9), by="王五")


def test_round_trip_and_forgery() -> None:
    q = asked().hand_over("赵六", reason="x", at=at(9, 30, 10), by="王五")
    q = q.answer("a", at=at(9, 30, 11), by="赵六")
    assert Inquiry.from_json(q.to_json(), calendar=CAL) == q
    doc = json.loads(q.to_json())
    doc["events"][2]["body"] = doc["events"][2]["body"].replace("赵六", "王五")
    with pytest.raises(TraceIntegrityError):
        Inquiry.from_json(json.dumps(doc), calendar=CAL)
    with pytest.raises(InvalidValueError, match="calendar"):
        Inquiry.from_json(q.to_json(), calendar=None)  # type: ignore[arg-type]


def test_channel_and_bad_inputs() -> None:
    q = Inquiry.open("Q-2", question="q", first_responder="a", at=at(3, 3),
                     limit=TimeLimit.working_days(2), calendar=CAL, channel="phone")  # fmt: skip
    assert q.channel is FeedbackChannel.PHONE
    assert q.citizen is None
    with pytest.raises(InvalidValueError, match="question"):
        Inquiry.open("Q-3", question="", first_responder="a", at=at(3, 3),
                     limit=TimeLimit.working_days(2), calendar=CAL)  # fmt: skip


@given(
    people=st.lists(st.sampled_from(["甲", "乙", "丙", "丁"]), min_size=1, max_size=6),
    answered=st.booleans(),
)
def test_someone_named_is_always_responsible(people: list[str], answered: bool) -> None:
    q = asked()
    chain = [q.responsible]
    for i, person in enumerate(people):
        if person == q.responsible:
            continue
        q = q.hand_over(person, reason="转办", at=at(9, 30, 10, i), by=q.responsible)
        chain.append(person)
    if answered:
        q = q.answer("a", at=at(9, 30, 11), by=q.responsible)
    assert q.responsible == chain[-1]
    assert [h.to_person for h in q.handovers] == chain[1:]
    assert Inquiry.from_json(q.to_json(), calendar=CAL) == q
