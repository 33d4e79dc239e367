"""The winter workflow on a store, SQLite and PostgreSQL: December on a provisional year, then
the notice, `recalendar`, and everything read back on the new calendar.

Before, a case accepted and closed in December whose statutory or delivery due date fell in
the provisional January was left as it was, and no longer read back once the store counted on
the notice (`get` and `verify` raised `CalendarMismatchError`); and a store opened with a
calendar that could not count its cases (the official one, from a shell) could not be moved.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from govservice import CalendarMismatchError
from govservice.approval import construction_project_plan
from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.metrics import records_from_cases
from govservice.store import open_store

from ..notice_2027 import official_2027, provisional_2027

SH = ZoneInfo("Asia/Shanghai")
PROVISIONAL = provisional_2027()
OFFICIAL = official_2027()
FOOD = sample_catalog()["990102-SJJ-003"]  # 5 committed, 10 statutory working days
SOCIETY = sample_catalog()["990102-MZJ-002"]  # 20 committed, 60 statutory working days


def t(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


def accepted(matter: object, case_id: str, when: dt.datetime) -> Case:
    case = Case.submit(
        matter, case_id=case_id, applicant="张三", at=when, by="窗口1", calendar=PROVISIONAL
    )
    return case.accept(at=when, by="窗口1")


def december() -> list[object]:
    """Open cases due in the provisional January, one closed in December with a provisional
    statutory and delivery due date, one closed on official days only, a parallel case."""
    closed = accepted(FOOD, "C-4", t(12, 21, 10))
    closed = closed.review(at=t(12, 22), by="审核员", opinion="同意")
    closed = closed.approve(at=t(12, 23), by="局长", opinion="准予")
    closed = closed.issue_certificate(at=t(12, 24), by="窗口1").complete(
        at=t(12, 24, 11), by="窗口1"
    )
    old = accepted(FOOD, "C-3", t(12, 1, 10))
    old = old.review(at=t(12, 2), by="审核员", opinion="同意").deny(at=t(12, 3), by="局长",
                                                               reason="不符合条件")  # fmt: skip
    old = old.complete(at=t(12, 3, 11), by="窗口1")
    return [
        accepted(SOCIETY, "C-1", t(12, 15, 10)),
        accepted(FOOD, "C-2", t(12, 31, 23, 30)),  # accepted at 23:30 on New Year's Eve
        old,
        closed,
        construction_project_plan().open("P-1", dt.date(2026, 12, 16), calendar=PROVISIONAL),
    ]


@pytest.mark.parametrize("opened_with", ["provisional", "official"])
def test_the_winter_workflow_on_a_store(store_url: str, opened_with: str) -> None:
    cases = december()
    with open_store(store_url, calendar=PROVISIONAL) as store:
        for case in cases:
            store.add(case)
        assert {r.case_id: r.provisional for r in (store.row(c.case_id) for c in cases)} == {
            "C-1": True, "C-2": True, "C-3": False, "C-4": True, "P-1": True}  # fmt: skip
        records = store.records(dt.date(2026, 12, 1), dt.date(2027, 12, 31))
        assert records.set_index("case_id")["provisional"].to_dict() == {
            "C-1": True, "C-2": True, "C-3": False, "C-4": True, "P-1": True}  # fmt: skip
        old_events = len(store.get("C-3").trace)
    # the notice arrives: 00:30 on 1 January in Beijing, still 31 December in UTC
    when = t(1, 1, 0, 30, year=2027)
    calendar = PROVISIONAL if opened_with == "provisional" else china()
    with open_store(store_url, calendar=calendar) as store:
        report = store.recalendar(OFFICIAL, at=when, by="管理员")
        assert report.recalendared == ("C-1", "C-2", "C-4", "P-1")  # C-3: closed, official
        assert report.skipped == ()
        moves = {(m.case_id, m.field): (m.old, m.new) for m in report.moved}
        assert moves == {
            ("C-1", "due_date"): (dt.date(2027, 1, 12), dt.date(2027, 1, 13)),
            ("C-1", "statutory_due_date"): (dt.date(2027, 3, 9), dt.date(2027, 3, 15)),
            ("C-2", "due_date"): (dt.date(2027, 1, 7), dt.date(2027, 1, 8)),
            ("C-2", "statutory_due_date"): (dt.date(2027, 1, 14), dt.date(2027, 1, 15)),
            ("C-4", "statutory_due_date"): (dt.date(2027, 1, 4), dt.date(2027, 1, 5)),
            ("C-4", "delivery_due_date"): (dt.date(2027, 1, 6), dt.date(2027, 1, 7)),
            ("P-1", "due_date"): (dt.date(2027, 6, 2), dt.date(2027, 6, 14)),
            ("P-1", "statutory_due_date"): (dt.date(2027, 2, 17), dt.date(2027, 2, 23)),
        }
        for case_id in ("C-1", "C-2", "C-4", "P-1"):
            last = store.get(case_id).trace.events[-1].payload
            assert (last["action"], last["by"]) == ("recalendar", "管理员")
            assert dt.datetime.fromisoformat(last["at"]) == when
            assert store.row(case_id).provisional is False
        assert len(store.get("C-3").trace) == old_events  # untouched
        assert store.verify().ok
        replayed = [store.get(c) for c in ("C-1", "C-2", "C-3", "C-4")]
        assert not any(c.provisional for c in replayed)
        got = store.records(dt.date(2026, 12, 1), dt.date(2027, 12, 31))
        cases_only = got[got["case_id"] != "P-1"].reset_index(drop=True)
        expected = records_from_cases(replayed, calendar=OFFICIAL)
        pd.testing.assert_frame_equal(cases_only, expected, check_dtype=False)
        again = store.recalendar(OFFICIAL, at=when, by="管理员")  # nothing left provisional
        assert (again.recalendared, again.moved) == (("C-1", "C-2", "P-1"), ())
    with open_store(store_url, calendar=PROVISIONAL) as store:  # the old calendar
        for case_id in ("C-1", "C-2", "C-4", "P-1"):
            with pytest.raises(CalendarMismatchError):
                store.get(case_id)
        assert store.get("C-3").state.value == "completed"
