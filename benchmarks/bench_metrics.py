"""Speed of govservice.metrics: indicators for a million records, Dask, the simulator, cases.

Run with ``make bench`` or ``python benchmarks/bench_metrics.py``. Every answer is checked
before it is reported: the indicator table equals the one of a plain pandas groupby
implementation written here, figure for figure, and the Dask result on a two-worker local
cluster equals the one-machine result. Timings never fail the run; the one target (the full
indicator set per department and month for 1,000,000 records in under 1 s) prints PASS or MISS.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pandas as pd

from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.metrics import INDICATORS, compute_indicators, records_from_cases, simulate

SEED = 20261124
START, END = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
TARGET_ROWS = 1_000_000
CASES = 100_000
DISTINCT_CASES = 1_000  # built through the lifecycle, each copied under 100 case ids
REPEATS = 3
TARGET_S = 1.0
SH = ZoneInfo("Asia/Shanghai")
BY = ("department",)


def best(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


# -- the plain pandas implementation of the same figures ---------------------------------------


def plain_pandas(records: pd.DataFrame) -> pd.DataFrame:
    """Every indicator of INDICATORS with ordinary pandas: boolean columns, groupby, ratios."""
    cal = china()
    r = records[records["accepted_at"].notna()].copy()
    local = r["accepted_at"].dt.tz_convert("Asia/Shanghai")
    r["period"] = local.dt.strftime("%Y-%m")
    acc_day = local.dt.tz_localize(None).dt.normalize()
    done_local = r["completed_at"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    done_day = done_local.dt.normalize()
    done = r["completed_at"].notna()
    due = r["committed_due"].astype("datetime64[ns]")
    sdue = r["statutory_due"].astype("datetime64[ns]")
    c = pd.DataFrame({"department": r["department"].astype(str), "period": r["period"]})
    c["accepted"] = 1
    c["completed"] = done.astype(int)
    c["on_time"] = (done & (done_day <= due)).astype(int)
    c["early"] = (done & (done_day < due)).astype(int)
    c["overdue"] = (done & (done_day > due)).astype(int)
    c["statutory_overdue"] = (done & (done_day > sdue)).astype(int)
    in_center = r["accepted_in"] == "center"
    c["in_center"] = in_center.astype(int)
    c["on_site"] = (in_center & r["on_site"]).astype(int)
    c["immediate"] = (r["kind"] == "immediate").astype(int)
    c["online"] = (r["channel"] == "online").astype(int)
    handling = np.zeros(len(r), dtype=np.int64)
    mask = done.to_numpy()
    a = acc_day[mask].to_numpy().astype("datetime64[D]")
    b = done_day[mask].to_numpy().astype("datetime64[D]")
    wd = cal.working_days_between(a, b) - r["suspended_working_days"].to_numpy()[mask]
    handling[mask] = np.maximum(wd, 0)
    c["handling"] = handling
    committed_done = done & (r["kind"] == "committed") & (r["committed_working_days"] > 0)
    c["committed_handling"] = np.where(committed_done, handling, 0)
    c["committed_limit"] = np.where(committed_done, r["committed_working_days"], 0)
    c["committed_done"] = committed_done.astype(int)
    c["statutory_days"] = r["statutory_working_days"]
    c["saved_days"] = r["statutory_working_days"] - r["committed_working_days"]
    rating = r["rating"].fillna(0).astype(int)
    c["rated"] = (rating > 0).astype(int)
    c["rated_completed"] = ((rating > 0) & done).astype(int)
    for g in range(1, 6):
        c[f"g{g}"] = (rating == g).astype(int)
    c["complaints"] = r["complaint"].astype(int)
    c["v1"] = (done & (r["visits"] <= 1)).astype(int)
    c["v0"] = (done & (r["visits"] == 0)).astype(int)
    keys = ["department", "period"]
    s = c.groupby(keys, sort=True).sum()
    out = pd.DataFrame(index=s.index)

    def rate(n: pd.Series, d: pd.Series) -> pd.Series:
        return (n / d.where(d > 0)).astype(float)

    out["acceptance_volume"] = s["accepted"]
    out["completed"] = s["completed"]
    out["completion_rate"] = rate(s["completed"], s["accepted"])
    out["on_time"] = s["on_time"]
    out["on_time_rate"] = rate(s["on_time"], s["completed"])
    out["early"] = s["early"]
    out["early_rate"] = rate(s["early"], s["completed"])
    out["overdue"] = s["overdue"]
    out["overdue_rate"] = rate(s["overdue"], s["completed"])
    out["statutory_overdue"] = s["statutory_overdue"]
    out["on_site_rate"] = rate(s["on_site"], s["in_center"])
    out["immediate_share"] = rate(s["immediate"], s["accepted"])
    out["online_rate"] = rate(s["online"], s["accepted"])
    out["mean_handling_days"] = rate(s["handling"], s["completed"])
    h = c.loc[mask, [*keys, "handling"]]
    p90 = h.groupby(keys)["handling"].apply(
        lambda v: float(np.percentile(v, 90, method="inverted_cdf"))
    )
    out["p90_handling_days"] = p90.reindex(out.index)
    out["time_saving_rate"] = 1 - rate(s["committed_handling"], s["committed_limit"])
    out["commitment_compression_rate"] = rate(s["saved_days"], s["statutory_days"])
    out["entry_rate"] = rate(s["in_center"], s["accepted"])
    m = c.assign(matter=r["matter_code"].astype(str).to_numpy(), wd=0)
    m["wd"] = (in_center & r["kind"].isin(["immediate", "committed"])).astype(int).to_numpy()
    per = m.groupby([*keys, "matter"])[["accepted", "in_center", "wd"]].sum()
    conc = per.assign(n=(per["in_center"] > 0).astype(int), d=1).groupby(keys)[["n", "d"]].sum()
    out["concentration_rate"] = rate(conc["n"], conc["d"]).reindex(out.index)
    auth = per[per["in_center"] > 0]
    auth = auth.assign(n=(auth["wd"] == auth["in_center"]).astype(int), d=1)
    auth = auth.groupby(keys)[["n", "d"]].sum()
    out["window_authorization_rate"] = rate(auth["n"], auth["d"]).reindex(out.index)
    out["satisfaction_rate"] = rate(s["g4"] + s["g5"], s["rated"])
    out["dissatisfaction_rate"] = rate(s["g1"] + s["g2"], s["rated"])
    names = [
        "very_dissatisfied",
        "dissatisfied",
        "basically_satisfied",
        "satisfied",
        "very_satisfied",
    ]
    for g, name in reversed(list(enumerate(names, start=1))):
        out[f"{name}_rate"] = rate(s[f"g{g}"], s["rated"])
    out["active_rating_rate"] = rate(s["rated_completed"], s["completed"])
    out["complaints"] = s["complaints"]
    out["complaint_rate"] = rate(s["complaints"], s["accepted"])
    out["one_visit_rate"] = rate(s["v1"], s["completed"])
    out["zero_visit_rate"] = rate(s["v0"], s["completed"])
    out = out.reset_index()
    return out[["department", "period", *(i.id for i in INDICATORS)]]


def same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert list(ours.columns) == list(theirs.columns), "columns differ"
    assert (
        ours[["department", "period"]]
        .astype(str)
        .equals(theirs[["department", "period"]].astype(str))
    ), "groups differ"
    for ind in INDICATORS:
        a = ours[ind.id].to_numpy(dtype=float)
        b = theirs[ind.id].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True), ind.id


# -- cases for records_from_cases ----------------------------------------------------------------


def lifecycles(n: int) -> list[Case]:
    rng = np.random.default_rng(SEED)
    matters = list(sample_catalog())
    cases = []
    for i in range(n):
        matter = matters[int(rng.integers(len(matters)))]
        day = dt.date(2025, 3, 3) + dt.timedelta(days=int(rng.integers(0, 90)))
        start = dt.datetime.combine(day, dt.time(9), tzinfo=SH)
        case = Case.submit(matter, case_id=f"B{i:06d}", applicant=f"P{i}", at=start,
                           by="1号窗口" if i % 3 else None, calendar=china())  # fmt: skip
        case = case.accept(at=start + dt.timedelta(minutes=10), by="1号窗口")
        if case.kind.value != "immediate":
            case = case.review(at=start + dt.timedelta(hours=2), by="审核员")
        if i % 10:
            done = start + dt.timedelta(days=int(rng.integers(0, 4)), hours=3)
            case = case.approve(at=done, by="科长").close(at=done, by="1号窗口")
        cases.append(case)
    return cases


def main() -> None:
    versions = {
        p: importlib.metadata.version(p) for p in ("numpy", "pandas", "dask", "distributed")
    }
    print(
        f"Python {sys.version.split()[0]}, {platform.machine()}, {os.cpu_count()} cpus; {versions}"
    )
    print(f"seed {SEED}; sample catalogue; calendar china(); records {START}..{END}")
    cat, cal = sample_catalog(), china()
    working_days = len(list(cal.working_days(START, END)))
    per_day = TARGET_ROWS / working_days
    t = time.perf_counter()
    records = simulate(cat, cal, START, END, seed=SEED, cases_per_day=per_day)
    sim_s = time.perf_counter() - t
    n = len(records)
    print(f"simulated {n:,} records over {working_days} working days")

    ours_s, ours = best(
        lambda: compute_indicators(records, by=BY, period="month", calendar=china())
    )
    fast_s, fast = best(
        lambda: compute_indicators(records, by=BY, period="month", check=False, calendar=china())
    )
    theirs_s, theirs = best(lambda: plain_pandas(records), repeats=1)
    same(ours, theirs)
    pd.testing.assert_frame_equal(ours, fast)
    print(f"checked: {len(ours)} department-months x {len(INDICATORS)} indicators agree")

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        frame = client.persist(dd.from_pandas(records, npartitions=8))
        dask_s, got = best(
            lambda: compute_indicators(frame, by=BY, period="month", calendar=china()), repeats=2
        )
    pd.testing.assert_frame_equal(got, ours)
    print("checked: Dask on a 2-worker LocalCluster (processes) equals the one-machine table")

    base = lifecycles(DISTINCT_CASES)
    cases = [
        attrs.evolve(case, case_id=f"{case.case_id}-{k:03d}")
        for k in range(CASES // DISTINCT_CASES)
        for case in base
    ]
    rfc_s, rows = best(
        lambda: records_from_cases(cases, center="基准中心", calendar=china()), repeats=1
    )
    assert len(rows) == CASES
    assert rows["case_id"].is_unique

    print()
    print(f"{'what':<62}{'seconds':>9}{'per second':>14}")
    table = [
        (f"indicators per department and month, {n:,} records", ours_s, n / ours_s),
        ("  same, check=False (records trusted)", fast_s, n / fast_s),
        ("  plain pandas groupby implementation in this file", theirs_s, n / theirs_s),
        ("  Dask, 8 partitions on a 2-worker LocalCluster", dask_s, n / dask_s),
        (f"simulate {n:,} records", sim_s, n / sim_s),
        (f"records_from_cases, {CASES:,} cases", rfc_s, CASES / rfc_s),
    ]
    for what, seconds, rate in table:
        print(f"{what:<62}{seconds:>9.3f}{rate:>14,.0f}")
    print()
    print(f"govservice vs plain pandas: {theirs_s / ours_s:.1f}x faster")
    verdict = "PASS" if ours_s < TARGET_S else "MISS"
    print(f"target: indicators for {n:,} records in < {TARGET_S:.0f} s: {ours_s:.3f} s {verdict}")


if __name__ == "__main__":
    main()
