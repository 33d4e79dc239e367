"""A small case store: three clerks, one conflict retried, the overdue list of a day.

Run with `make demo`. The store is a SQLite file in a temporary directory; every time is a
fixed, aware datetime in Asia/Shanghai, so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from govservice import ConcurrencyError
from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.store import open_store

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A fixed moment of March 2025 in Asia/Shanghai."""
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=SH)


def main(directory: Path) -> None:
    calendar = china()
    store = open_store(f"sqlite:///{directory / 'cases.db'}", calendar=calendar)
    catalog = sample_catalog()
    matter = catalog["990102-SJJ-003"]
    print(f"Store cases.db: {store.backend}, schema version {store.schema_version}")

    # The front desk accepts twelve applications over a week.
    for n in range(12):
        day = 3 + n // 3
        case = Case.submit(
            matter, case_id=f"2025-{n + 1:04d}", applicant=f"申请人{n + 1}",
            at=at(day, 9, n), by="窗口1", calendar=calendar,
        )  # fmt: skip
        store.add(case.accept(at=at(day, 9, 30 + n), by="窗口1"))
    print(f"Accepted {len(store)} cases of {matter.name} ({matter.department})")

    # Clerks A and B load the same case at once; A approves first, B's review conflicts.
    clerk_a, clerk_b = store.get("2025-0001"), store.get("2025-0001")
    store.save(clerk_a.review(at=at(4, 10), by="审核员A").approve(at=at(4, 11), by="科长A"))
    try:
        store.save(clerk_b.review(at=at(4, 10, 5), by="审核员B"))
    except ConcurrencyError as exc:
        print(f"Clerk B: {exc}")
        # reload, act again, save again: B's act on the now approved case is the delivery
        fresh = store.get("2025-0001")
        store.save(fresh.close(at=at(4, 15), by="审核员B"))
        print(
            f"Clerk B retried on head {fresh.trace.head[:12]}: now {store.row('2025-0001').state}"
        )

    # Clerk C works through four more cases without any conflict.
    for case_id in ("2025-0002", "2025-0003", "2025-0004", "2025-0005"):
        case = store.get(case_id)
        case = case.review(at=at(6, 10), by="审核员C").approve(at=at(6, 11), by="科长C")
        store.save(case.close(at=at(6, 16), by="窗口1"))

    today = dt.date(2025, 3, 13)
    overdue = store.overdue(today)
    print(f"\nOverdue on {today} (committed limit): {overdue.total} of "
          f"{store.open_cases(today).total} open cases")  # fmt: skip
    for row in overdue:
        late = calendar.working_days_between(row.due_date, today) if row.due_date else 0
        print(
            f"  {row.case_id}  due {row.due_date}  {late} working day(s) late  window {row.window}"
        )
    soon = store.due_within(today, 2)
    print(f"Due within 2 working days: {', '.join(r.case_id for r in soon) or 'none'}")

    digest = store.digest(dt.date(2025, 3, 6))
    proof = digest.proof("2025-0002")
    print(f"\nDigest of 2025-03-06: {len(digest)} heads, root {digest.root[:16]}...; "
          f"2025-0002's receipt proof verifies: {proof.verify(digest.root)}")  # fmt: skip
    report = store.verify()
    print(f"verify(): {report.cases} cases, {report.events} events, ok={report.ok}")
    store.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as directory:
        main(Path(directory))
