"""Schema version 7: rows worked out again after the seventh review of the lifecycle.

办结 of an approval not yet delivered is its delivery (art. 44), and a limit in office hours
counts a suspension from instant to instant (art. 45). A database written by version 6 holds
the rows as they were worked out then; opening it migrates them.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pandas as pd

from govservice.calendar import TimeLimit, WorkCalendar
from govservice.matters import Case
from govservice.store import SCHEMA_VERSION, open_store
from govservice.store._rows import COLUMNS, packed
from govservice.store._store import _open_at_version

from .conftest import accepted_case, at, matter, records_of


def test_version_7_delivers_approvals_closed_at_banjie_and_counts_hour_suspensions_art_44_45(
    store_url: str, calendar: WorkCalendar
) -> None:
    closed = accepted_case("C-1").review(at=at(4), by="审核员")
    closed = closed.approve(at=at(5), by="科长").close(at=at(6), by="窗口1")
    hours = attrs.evolve(matter(), committed_limit=TimeLimit.working_hours(1.5))
    quick = Case.submit(hours, case_id="H-1", applicant="李四", at=at(7, 11), by="窗口1",
                        calendar=calendar)  # fmt: skip
    # accepted Friday 7 March 11:00; 1.5 office hours: 30 minutes used before the
    # suspension at 11:30, the hour left counts from the resumption at 16:00: due 17:00
    quick = quick.accept(at=at(7, 11), by="窗口1").review(at=at(7, 11, 10), by="审核员")
    quick = quick.suspend(at=at(7, 11, 30), by="审核员", reason="supplement", note="补正规则")
    quick = quick.resume(at=at(10, 16), by="审核员")
    assert quick.due_at == dt.datetime(2025, 3, 10, 17, tzinfo=quick.due_at.tzinfo)
    untouched = accepted_case("C-2")
    delivery = COLUMNS.index("delivery_timeliness")
    delivered = COLUMNS.index("delivered_at")
    due = COLUMNS.index("committed_due")
    with _open_at_version(store_url, calendar=calendar, version=6) as old:
        old.save_many([closed, quick, untouched])
        db = old._open("test")
        with db.transaction("the rows as version 6 worked them out"):
            for case_id in ("C-1", "H-1"):
                values = list(
                    db.execute("SELECT * FROM cases WHERE case_id = ?", (case_id,))[0][1:]
                )
                if case_id == "C-1":
                    assert values[delivery] == "early"  # delivered at 办结 on the 6th, due the 19th
                    values[delivery], values[delivered] = "pending", None
                else:  # counted in whole days: overdue since 10:30 on the 10th
                    values[due] = "2025-03-07"
                sets = ", ".join(f"{name} = ?" for name in COLUMNS)
                db.execute(f"UPDATE cases SET {sets} WHERE case_id = ?", (*values, case_id))
                db.execute(
                    "UPDATE case_records SET rec_text = ?, rec_num = ? WHERE case_id = ?",
                    (*packed(case_id, values), case_id),
                )
        assert not old.verify().ok
        before = old._read("t", "SELECT * FROM cases WHERE case_id = 'C-2'")
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION >= 7
        assert store.verify().ok
        assert store.row("C-1").timeliness[2] == "early"
        assert store.row("H-1").due_date == dt.date(2025, 3, 10)
        assert store._read("t", "SELECT * FROM cases WHERE case_id = 'C-2'") == before
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
        pd.testing.assert_frame_equal(
            got.sort_values("case_id").reset_index(drop=True),
            records_of([closed, quick, untouched]).sort_values("case_id").reset_index(drop=True),
        )
