"""Schema version 8: rows worked out again after the eighth review.

当日办结 (``on_site``) ends at the close of business (the glossary), and a parallel step's
deemed consent is dated at the close of its deadline day (Civil Code art. 203). A database
written by version 7 holds the rows as they were worked out then; opening it migrates them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from govservice.calendar import WorkCalendar
from govservice.matters import Case, CaseKind, sample_catalog
from govservice.store import SCHEMA_VERSION, open_store
from govservice.store._rows import COLUMNS, packed
from govservice.store._store import _open_at_version

from .conftest import accepted_case, at, records_of


def test_version_8_ends_on_site_at_the_close_of_business(
    store_url: str, calendar: WorkCalendar
) -> None:
    matter = sample_catalog().by_case_kind(CaseKind.IMMEDIATE)[0]
    late = Case.submit(matter, case_id="S-1", applicant="张三", at=at(4, 15, 50), by="窗口1",
                       calendar=calendar)  # fmt: skip
    late = late.accept(at=at(4, 16), by="窗口1").approve(at=at(4, 16, 30), by="窗口1")
    late = late.complete(at=at(4, 18), by="窗口1")  # after the 17:30 close: not 当日办结
    untouched = accepted_case("C-2")
    on_site = COLUMNS.index("on_site")
    with _open_at_version(store_url, calendar=calendar, version=7) as old:
        old.save_many([late, untouched])
        db = old._open("test")
        with db.transaction("the row as version 7 worked it out"):
            values = list(db.execute("SELECT * FROM cases WHERE case_id = 'S-1'")[0][1:])
            assert values[on_site] == 0
            values[on_site] = 1  # the calendar day was enough then
            sets = ", ".join(f"{name} = ?" for name in COLUMNS)
            db.execute(f"UPDATE cases SET {sets} WHERE case_id = ?", (*values, "S-1"))
            db.execute(
                "UPDATE case_records SET rec_text = ?, rec_num = ? WHERE case_id = ?",
                (*packed("S-1", values), "S-1"),
            )
        assert not old.verify().ok
        before = old._read("t", "SELECT * FROM cases WHERE case_id = 'C-2'")
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION == 8
        assert store.verify().ok
        assert store._read("t", "SELECT * FROM cases WHERE case_id = 'C-2'") == before
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
        assert not got.set_index("case_id").loc["S-1", "on_site"]
        pd.testing.assert_frame_equal(
            got.sort_values("case_id").reset_index(drop=True),
            records_of([late, untouched]).sort_values("case_id").reset_index(drop=True),
        )
