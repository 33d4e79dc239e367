"""A shorter committed limit for urgent and green-channel cases, worked by hand.

Monday 3 March 2025 is day 0; the working days after it are 4, 5, 6, 7, 10, 11, ... (no
holiday in March 2025).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import CalendarMismatchError, TraceIntegrityError
from govservice.calendar import TimeLimit, china
from govservice.matters import Case, CaseFacts, CaseKind, Trace, sample_catalog
from govservice.matters._case import SCHEMA
from govservice.matters._catalog import validate
from govservice.metrics import records_from_cases

SH = ZoneInfo("Asia/Shanghai")
CN = china()
BASE = sample_catalog().by_case_kind(CaseKind.COMMITTED)[0]
MATTER = attrs.evolve(
    BASE,
    statutory_limit=TimeLimit.working_days(20),
    committed_limit=TimeLimit.working_days(10),
    urgent_limit=TimeLimit.working_days(3),
)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=SH)


def accepted(matter: Any = MATTER, case_id: str = "U-1", **facts: bool) -> Case:
    case = Case.submit(matter, case_id=case_id, applicant="张三", at=at(3, 9), calendar=CN,
                       facts=CaseFacts(**facts))  # fmt: skip
    return case.accept(at=at(3), by="窗口")


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        ({}, dt.date(2025, 3, 17)),  # 10 working days: 4..7, 10..14, 17
        ({"urgent": True}, dt.date(2025, 3, 6)),  # 3 working days: 4, 5, 6
        ({"green_channel": True}, dt.date(2025, 3, 6)),
    ],
)
def test_urgent_and_green_channel_cases_run_under_the_shorter_limit(facts: Any, due: Any) -> None:
    case = accepted(**facts)
    assert case.due_date == due
    assert case.statutory_due_date == dt.date(2025, 3, 31)  # the statutory limit is untouched
    assert case.committed_limit == (MATTER.urgent_limit if facts else MATTER.committed_limit)


def test_without_an_urgent_limit_an_urgent_case_keeps_the_committed_limit() -> None:
    plain = attrs.evolve(MATTER, urgent_limit=None)
    assert accepted(plain, urgent=True).due_date == dt.date(2025, 3, 17)


def test_replay_recomputes_and_rechecks_the_urgent_due_date() -> None:
    case = accepted(urgent=True)
    again = Case.from_json(case.to_json(), calendar=CN)
    assert again.due_date == dt.date(2025, 3, 6)
    assert again == case

    # The urgent mark removed and every hash recomputed: the due recorded at acceptance no
    # longer matches the one recomputed under the ordinary committed limit.
    def forge(drop_reason: bool) -> str:
        payloads = [e.payload for e in case.trace]
        payloads[0]["data"]["urgent"] = False
        if drop_reason:
            reasons = payloads[0]["data"]["reasons"]
            payloads[0]["data"]["reasons"] = [r for r in reasons if r[1] != "marked urgent"]
        trace = Trace.start(SCHEMA, case.case_id)
        for p in payloads:
            trace = trace.append(p)
        return json.dumps(
            {"schema": SCHEMA, "case_id": case.case_id, "head": trace.head,
             "events": [{"body": e.body, "hash": e.hash} for e in trace]}
        )  # fmt: skip

    # The mark no longer agrees with the reasons classify recorded with it.
    with pytest.raises(TraceIntegrityError, match="marked urgent") as info:
        Case.from_json(forge(drop_reason=False), calendar=CN)
    assert info.value.sequence == 0
    with pytest.raises(CalendarMismatchError, match="due"):
        Case.from_json(forge(drop_reason=True), calendar=CN)


def test_a_matter_without_an_urgent_limit_is_written_as_before() -> None:
    case = accepted(attrs.evolve(MATTER, urgent_limit=None))
    assert "urgent_limit" not in case.trace.events[0].body


def test_records_carry_the_flags_and_the_limit_the_case_ran_under() -> None:
    frame = records_from_cases([accepted(urgent=True), accepted(case_id="U-2")], calendar=CN)
    assert frame["urgent"].tolist() == [True, False]
    assert frame["green_channel"].tolist() == [False, False]
    assert frame["committed_working_days"].tolist() == [3, 10]
    dues = [d.date() for d in frame["committed_due"]]
    assert dues == [dt.date(2025, 3, 6), dt.date(2025, 3, 17)]


def test_a_catalogue_reports_an_urgent_limit_longer_than_the_committed_one() -> None:
    long = attrs.evolve(MATTER, urgent_limit=TimeLimit.working_days(12))
    assert [p.field for p in validate((long,)) if p.field == "urgent_limit"] == ["urgent_limit"]
    assert not [p for p in validate((MATTER,)) if p.field == "urgent_limit"]


@settings(max_examples=25, deadline=None)
@given(urgent=st.integers(1, 10), urgent_flag=st.booleans(), green=st.booleans())
def test_the_raised_due_date_is_never_later_than_the_ordinary_one(
    urgent: int, urgent_flag: bool, green: bool
) -> None:
    matter = attrs.evolve(MATTER, urgent_limit=TimeLimit.working_days(urgent))
    raised = accepted(matter, urgent=urgent_flag, green_channel=green)
    ordinary = accepted(matter)
    assert raised.due_date is not None
    assert ordinary.due_date is not None
    assert raised.due_date <= ordinary.due_date
    assert (raised.due_date < ordinary.due_date) == ((urgent_flag or green) and urgent < 10)
