from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError, TraceIntegrityError
from govservice.calendar import china
from govservice.matters import Case, Trace, TraceEvent, canonical
from govservice.testing import case_histories


def chain(n: int) -> Trace:
    trace = Trace()
    for i in range(n):
        trace = trace.append(
            {"action": "review", "at": f"2025-03-0{1 + i % 9}", "by": "甲", "i": i}
        )
    return trace


def test_canonical_json_is_sorted_compact_and_refuses_floats() -> None:
    assert canonical({"b": [1, "二"], "a": None}) == '{"a":null,"b":[1,"二"]}'
    with pytest.raises(InvalidValueError, match="no float"):
        canonical({"amount": 1.5})


def test_head_and_links() -> None:
    t = chain(3)
    assert t.head == t.events[-1].hash
    assert [e.seq for e in t] == [0, 1, 2]
    assert t.events[1].prev == t.events[0].hash
    t.verify()
    t.verify(expected_head=t.events[1].hash)


@given(n=st.integers(2, 8), data=st.data())
def test_any_single_change_is_detected(n: int, data: st.DataObject) -> None:
    t = chain(n)
    i = data.draw(st.integers(0, n - 1), label="event")
    event = t.events[i]
    pos = data.draw(st.integers(0, len(event.body) - 1), label="position")
    old = event.body[pos]
    new = data.draw(st.characters(codec="utf-8").filter(lambda c: c != old), label="char")
    body = event.body[:pos] + new + event.body[pos + 1 :]
    events = list(t.events)
    events[i] = TraceEvent(body, event.hash)
    with pytest.raises(TraceIntegrityError) as info:
        Trace(events).verify()
    assert info.value.sequence == i
    # Re-hashing the forged event does not help: the next link (or the head) breaks.
    events[i] = TraceEvent(body, __import__("hashlib").sha256(body.encode()).hexdigest())
    forged = Trace(events)
    with pytest.raises(TraceIntegrityError):
        forged.verify(expected_head=t.head)


@given(n=st.integers(2, 8), data=st.data())
def test_reordering_and_deletion_are_detected(n: int, data: st.DataObject) -> None:
    t = chain(n)
    i = data.draw(st.integers(0, n - 2), label="i")
    swapped = list(t.events)
    swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    with pytest.raises(TraceIntegrityError) as info:
        Trace(swapped).verify()
    assert info.value.sequence == i
    j = data.draw(st.integers(0, n - 2), label="deleted")
    with pytest.raises(TraceIntegrityError):
        Trace(t.events[:j] + t.events[j + 1 :]).verify()
    with pytest.raises(TraceIntegrityError, match="truncated"):
        Trace(t.events[:-1]).verify(expected_head=t.head)


@given(case=case_histories())
def test_random_histories_verify_and_round_trip_exactly(case: Case) -> None:
    case.trace.verify()
    again = Case.from_json(case.to_json(), calendar=china())
    assert again == case
    assert again.to_json() == case.to_json()


@given(case=case_histories(max_actions=6), data=st.data())
def test_tampered_case_json_is_refused(case: Case, data: st.DataObject) -> None:
    raw = json.loads(case.to_json())
    i = data.draw(st.integers(0, len(raw["events"]) - 1), label="event")
    body = raw["events"][i]["body"]
    raw["events"][i]["body"] = (
        body.replace('"by":"', '"by":"X', 1) if '"by":"' in body else body + " "
    )
    with pytest.raises(TraceIntegrityError):
        Case.from_json(json.dumps(raw, ensure_ascii=False), calendar=china())
    raw = json.loads(case.to_json())
    if len(raw["events"]) > 1:
        raw["events"].pop()
        with pytest.raises(TraceIntegrityError):
            Case.from_json(json.dumps(raw, ensure_ascii=False), calendar=china())


@pytest.mark.parametrize(
    "text",
    ["", "null", "[]", '{"schema": "x"}', '{"schema": "govservice.case/1", "events": []}',
     '{"schema": "govservice.case/1", "events": [1]}',
     '{"schema": "govservice.case/1", "events": [{"body": 1, "hash": 2}]}'],
)  # fmt: skip
def test_malformed_case_json_is_a_govservice_error(text: str) -> None:
    with pytest.raises((InvalidValueError, TraceIntegrityError)):
        Case.from_json(text, calendar=china())
