"""Replaying one long trace is linear in its events (issue: 80,000 events once took 27 s).

Builds a case with N corrections (allowed in any state, so a trace can grow without bound),
checks that `Case.from_json` gives back an equal case, then times the replay for N = 5,000,
10,000 and 20,000 and prints the time per event: linear replay keeps it flat.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

from govservice.calendar import china
from govservice.matters import Case, sample_catalog

SH = ZoneInfo("Asia/Shanghai")


def main() -> None:
    cal = china()
    start = dt.datetime(2025, 3, 3, 9, tzinfo=SH)
    case = Case.submit(sample_catalog().matters[0], case_id="LONG", applicant="甲", at=start,
                       calendar=cal)  # fmt: skip
    done = 0
    print(f"{'events':>8} {'replay s':>9} {'µs/event':>9}")
    for n in (5_000, 10_000, 20_000):
        while done < n:
            done += 1
            case = case.correct(at=start + dt.timedelta(seconds=done), by="窗口", field="note",
                                value=str(done), reason="更正")  # fmt: skip
        text = case.to_json()
        began = time.perf_counter()
        again = Case.from_json(text, calendar=cal)
        took = time.perf_counter() - began
        assert again == case
        print(f"{n:>8} {took:>9.2f} {took / n * 1e6:>9.1f}")


if __name__ == "__main__":
    main()
