"""Speed of electronic monitoring, irregularity detection and the monthly report, one run.

Run with ``make bench`` or ``python benchmarks/bench_monitoring.py``. Inputs are seeded
simulated records (`govservice.metrics.simulate`): a city's year, about 1,000,000 records.
Before anything is timed, the answers are checked: `find_irregularities` against a plain
pandas implementation of the same rules written here (same cases flagged), and `monitor`'s
open cases against a pandas filter. Timings never fail the run.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import find_irregularities, monitor, monthly_report

SEED = 20250801
START, END = dt.date(2025, 1, 2), dt.date(2025, 12, 31)
CITY_PER_DAY = 4_100.0  # about 1,000,000 records in a year of working days
COUNTY_PER_DAY = 400.0  # a county center (the simulator's default)
REPEATS = 3


def best(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def pandas_irregularities(records: pd.DataFrame, catalog: Any) -> set[tuple[str, str]]:
    """The same rules (default settings), written plainly in pandas."""
    cal = china()
    out: set[tuple[str, str]] = set()
    listed = {m.code for m in catalog if m.in_center}
    acc = records["accepted_at"]
    rows = records[acc.notna() & (records["accepted_in"] == "department")
                   & records["matter_code"].astype(str).isin(listed)]  # fmt: skip
    out |= {("listed_not_entered", c) for c in rows["case_id"]}
    r = records[acc.notna()].sort_values(["applicant_id", "matter_code", "accepted_at"])
    day = r["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None).dt.normalize()
    wd = cal.working_days_between(dt.date(2024, 12, 31), day.to_numpy().astype("datetime64[D]"))
    prev = r.shift(1)
    same = (r["applicant_id"] == prev["applicant_id"]) & (
        r["matter_code"].astype(str) == prev["matter_code"].astype(str)
    )
    near = pd.Series(np.diff(wd, prepend=-99), index=r.index) <= 1
    out |= {("double_acceptance", c) for c in r.loc[same & near, "case_id"]}
    dec, done = records["decided_at"], records["completed_at"]
    off = (
        (acc.isna() & (dec.notna() | done.notna()) & (records["outcome"] != "returned"))
        | (dec < acc)
        | (done < dec)
    )
    out |= {("off_system", c) for c in records.loc[off.fillna(False), "case_id"]}
    done_day = done.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None).dt.normalize()
    late = (done_day > records["statutory_due"]) & (records["suspended_working_days"] == 0)
    out |= {("overdue_unexplained", c) for c in records.loc[late & acc.notna(), "case_id"]}
    return out


def main() -> None:
    catalog, cal = sample_catalog(), china()
    version = importlib.metadata.version("govservice")
    print(f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"govservice {version}, {platform.machine()}")  # fmt: skip
    t = time.perf_counter()
    city = simulate(catalog, cal, START, END, seed=SEED, cases_per_day=CITY_PER_DAY)
    t_sim = time.perf_counter() - t
    n = len(city)
    print(f"simulated {n:,} records of a city's year in {t_sim:.2f} s")

    # -- checks before timing --------------------------------------------------------------------
    found = find_irregularities(city, catalog, calendar=china())
    ours = set(zip(found["rule"].astype(str), found["case_id"], strict=True))
    t_pd = time.perf_counter()
    theirs = pandas_irregularities(city, catalog)
    t_pd = time.perf_counter() - t_pd
    assert ours == theirs, (len(ours), len(theirs), sorted(ours ^ theirs)[:5])
    injected = set(city.dropna(subset=["injected"])["case_id"])
    flagged = {c for _, c in ours}
    coverage = f"{len(injected & flagged):,} of {len(injected):,} injected found, "
    coverage += f"{len(flagged - injected):,} others flagged"

    open_all = city.copy()
    open_all["completed_at"] = pd.Series(pd.NaT, index=city.index, dtype="datetime64[ns, UTC]")
    open_all["decided_at"] = open_all["completed_at"]
    open_all["outcome"] = None
    today = END
    watched = monitor(open_all, today, calendar=china())
    assert len(watched.cases) == n  # every record is open on the last day

    # -- timings ---------------------------------------------------------------------------------
    t_mon, _ = best(lambda: monitor(open_all, today, calendar=china()))
    t_irr, _ = best(lambda: find_irregularities(city, catalog, calendar=china()))
    county = simulate(catalog, cal, dt.date(2025, 3, 3), dt.date(2025, 5, 30), seed=SEED,
                      cases_per_day=COUNTY_PER_DAY)  # fmt: skip
    out = tempfile.mkdtemp()
    t_rep, report = best(
        lambda: monthly_report(county, "2025-05", out_dir=out, catalog=catalog, calendar=china()),
        repeats=1,
    )
    counts = watched.cases["status"].value_counts()
    rows = [
        ("monitor: open cases", n, t_mon, f"{counts['yellow']:,} yellow, {counts['red']:,} red"),
        ("find_irregularities", n, t_irr, f"{len(found):,} found; {coverage}"),
        ("  plain pandas, same rules", n, t_pd, f"ratio {t_pd / t_irr:.1f}x slower"),
        ("monthly_report (county, 3 months)", len(county), t_rep, f"{len(report.files)} files"),
    ]
    print(f"\n{'what':36} {'records':>10} {'seconds':>9} {'records/s':>12}  note")
    for name, size, secs, note in rows:
        print(f"{name:36} {size:>10,} {secs:>9.3f} {size / secs:>12,.0f}  {note}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
