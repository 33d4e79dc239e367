"""Denial of service, measured: explain() against the deadline itself, with_closures' refusal.

Run with ``make bench`` or ``python benchmarks/bench_robustness.py``. Issue 18 found
``Deadline.explain()`` quadratic in suspensions (15.8 s against 0.3 s for the deadline) and
``with_closures(0001-01-01, 9999-12-31)`` taking 44 s and 1.9 GB before refusing. Here the
deadline has SUSPENSIONS seeded one-day suspensions on working days; before timing, the
explanation must count every suspended working day once and end on the due date. The ratio
explain / deadline should stay small and constant as SUSPENSIONS grows (linear, not quadratic).
"""

from __future__ import annotations

import datetime as dt
import platform
import random
import time

from govservice import CalendarCoverageError
from govservice.calendar import StepKind, Suspension, TimeLimit, china, deadline

SEED = 20261129
START = dt.date(2004, 1, 5)


def suspensions(n: int, rng: random.Random) -> list[Suspension]:
    """n suspensions of 1 to 60 days, overlapping, starting within the first 3n days."""
    out = []
    for _ in range(n):
        start = START + dt.timedelta(days=rng.randrange(1, 3 * n))
        out.append(Suspension(start, start + dt.timedelta(days=rng.randrange(60)), "检测"))
    return out


def best(run, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    print(f"python {platform.python_version()}, seed {SEED}")
    cal = china()
    print(
        f"{'suspensions':>12} {'deadline s':>11} {'explain s':>10} {'ratio':>7}  (explain/deadline)"
    )
    for n in (250, 1_000, 2_000):
        rng = random.Random(SEED + n)
        stops = suspensions(n, rng)
        d = deadline(START, TimeLimit.working_days(20), cal, suspensions=stops)
        text = d.explain("en")
        union = {
            s.start + dt.timedelta(days=i) for s in stops for i in range((s.end - s.start).days + 1)
        }
        wanted = sum(1 for day in union if START < day <= d.due_date and cal.is_working_day(day))
        shown = sum(step.count or 0 for step in d.steps() if step.kind is StepKind.SUSPENDED)
        assert shown == wanted, "every suspended working day counted once"
        assert text.splitlines()[-1].startswith("Due on"), "the due line is last"
        t_deadline = best(lambda stops=stops: deadline(START, TimeLimit.working_days(20), cal,
                                                       suspensions=stops))  # fmt: skip
        t_explain = best(lambda d=d: d.explain("en"))
        print(f"{n:>12,} {t_deadline:>11.3f} {t_explain:>10.3f} {t_explain / t_deadline:>7.2f}")
    t0 = time.perf_counter()
    try:
        cal.with_closures(dt.date(1, 1, 1), dt.date(9999, 12, 31), "闭厅")
    except CalendarCoverageError:
        pass
    else:
        raise AssertionError("with_closures must refuse a range outside the coverage")
    print(f"with_closures(0001-01-01, 9999-12-31) refused in {time.perf_counter() - t0:.6f} s")


if __name__ == "__main__":
    main()
