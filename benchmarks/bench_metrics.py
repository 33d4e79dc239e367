"""Speed of govservice.metrics: indicators for a million records, Dask, the simulator, cases.

Run with ``make bench`` or ``python benchmarks/bench_metrics.py``. Every answer is checked
before it is reported: the indicator table equals the one of a plain pandas groupby
implementation written here from the indicators' documented formulas (completion figures in
the month of completion, the rest in the month of acceptance), figure for figure, and the Dask
result on a two-worker local cluster equals the one-machine result. The simulated records get
seeded 好差评 rectification columns (``FEEDBACK_COLUMNS``), so the rectification indicators are
checked on real figures too. Timings never fail the run; the one target (the full indicator
set per department and month for 1,000,000 records in under 1 s) prints PASS or MISS.
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
from govservice.metrics import (
    FEEDBACK_COLUMNS,
    INDICATORS,
    compute_indicators,
    records_from_cases,
    simulate,
)

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
    """Every indicator of INDICATORS with ordinary pandas: boolean columns, groupby, ratios.

    Written from the indicators' documented formulas: completion figures (办结量, on time,
    handling days, visits, ...) in the month of completion, everything else in the month of
    acceptance (both in Asia/Shanghai).
    """
    cal = china()
    r = records[records["accepted_at"].notna()]
    acc_local = r["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    done_local = r["completed_at"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    done = r["completed_at"].notna()
    acc_day, done_day = acc_local.dt.normalize(), done_local.dt.normalize()
    due = r["committed_due"].astype("datetime64[ns]")
    sdue = r["statutory_due"].astype("datetime64[ns]")
    department = r["department"].astype(str)
    acc_period = acc_local.dt.strftime("%Y-%m")
    done_period = done_local.dt.strftime("%Y-%m").where(done, acc_period)
    in_center = r["accepted_in"] == "center"
    rating = r["rating"].fillna(0).astype(int)

    # by the acceptance month
    a = pd.DataFrame({"department": department, "period": acc_period})
    a["accepted"] = 1
    a["completed_of_accepted"] = done.astype(int)
    a["in_center"] = in_center.astype(int)
    a["immediate"] = (r["kind"] == "immediate").astype(int)
    a["online"] = (r["channel"] == "online").astype(int)
    a["statutory_days"] = r["statutory_working_days"]
    a["saved_days"] = r["statutory_working_days"] - r["committed_working_days"]
    a["rated"] = (rating > 0).astype(int)
    for g in range(1, 6):
        a[f"g{g}"] = (rating == g).astype(int)
    a["complaints"] = r["complaint"].astype(int)
    for name in FEEDBACK_COLUMNS:  # optional columns: absent or missing count as 0
        a[name] = r[name].fillna(0).astype(np.int64) if name in r else 0

    # by the completion month
    d = pd.DataFrame({"department": department, "period": done_period})
    d["completed"] = done.astype(int)
    d["on_time"] = (done & (done_day <= due)).astype(int)
    d["early"] = (done & (done_day < due)).astype(int)
    d["overdue"] = (done & (done_day > due)).astype(int)
    d["statutory_overdue"] = (done & (done_day > sdue)).astype(int)
    d["settled_in_center"] = (done & in_center).astype(int)
    handling = np.zeros(len(r), dtype=np.int64)
    mask = done.to_numpy()
    first = acc_day[mask].to_numpy().astype("datetime64[D]")
    last = done_day[mask].to_numpy().astype("datetime64[D]")
    wd = cal.working_days_between(first, last) - r["suspended_working_days"].to_numpy()[mask]
    handling[mask] = np.maximum(wd, 0)
    d["handling"] = handling
    committed_done = done & (r["kind"] == "committed") & (r["committed_working_days"] > 0)
    d["committed_handling"] = np.where(committed_done, handling, 0)
    d["committed_limit"] = np.where(committed_done, r["committed_working_days"], 0)
    d["rated_completed"] = ((rating > 0) & done).astype(int)
    d["v1"] = (done & (r["visits"] <= 1)).astype(int)
    d["v0"] = (done & (r["visits"] == 0)).astype(int)

    keys = ["department", "period"]
    s = a.groupby(keys).sum().join(d.groupby(keys).sum(), how="outer").fillna(0)
    s = s.sort_index()
    out = pd.DataFrame(index=s.index)

    def rate(n: pd.Series, den: pd.Series) -> pd.Series:
        return (n / den.where(den > 0)).astype(float)

    out["acceptance_volume"] = s["accepted"]
    out["completed"] = s["completed"]
    out["completion_rate"] = rate(s["completed_of_accepted"], s["accepted"])
    out["on_time"] = s["on_time"]
    out["on_time_rate"] = rate(s["on_time"], s["completed"])
    out["early"] = s["early"]
    out["early_rate"] = rate(s["early"], s["completed"])
    out["overdue"] = s["overdue"]
    out["overdue_rate"] = rate(s["overdue"], s["completed"])
    out["statutory_overdue"] = s["statutory_overdue"]
    out["on_site_rate"] = rate(s["settled_in_center"], s["completed"])
    out["immediate_share"] = rate(s["immediate"], s["accepted"])
    out["online_rate"] = rate(s["online"], s["accepted"])
    out["mean_handling_days"] = rate(s["handling"], s["completed"])
    h = d.loc[mask, [*keys, "handling"]]
    p90 = h.groupby(keys)["handling"].apply(
        lambda v: float(np.percentile(v, 90, method="inverted_cdf"))
    )
    out["p90_handling_days"] = p90.reindex(out.index)
    out["time_saving_rate"] = 1 - rate(s["committed_handling"], s["committed_limit"])
    out["commitment_compression_rate"] = rate(s["saved_days"], s["statutory_days"])
    out["entry_rate"] = rate(s["in_center"], s["accepted"])
    # matters: with a case in the center ÷ with an accepted case; all in-center cases decided
    # at an authorized window (the catalogue's record, else the kind of case) ÷ in the center
    if "window_authorized" in r:
        authorized = r["window_authorized"].fillna(False).astype(bool)
    else:
        authorized = r["kind"].isin(["immediate", "committed"])
    m = a[[*keys, "accepted", "in_center"]].assign(
        matter=r["matter_code"].astype(str), wd=(in_center & authorized).astype(int)
    )
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
    out["rectification_rate"] = rate(s["rectified"], s["rectifications"])
    out["on_time_rectification_rate"] = rate(s["rectified_on_time"], s["rectifications"])
    out["real_name_bad_review_callback_rate"] = rate(
        s["real_name_called_back"], s["real_name_bad_reviews"]
    )
    out = out.reset_index()
    return out[["department", "period", *(i.id for i in INDICATORS)]]


def with_rectifications(records: pd.DataFrame) -> pd.DataFrame:
    """The simulated records with seeded `FEEDBACK_COLUMNS` (``simulate`` has no feedback).

    About 3% of cases get one or two rectifications; of them some rectified, some on time,
    some by a named person and called back, each count at most the one it is part of.
    """
    rng = np.random.default_rng(SEED)
    n = len(records)
    opened = np.where(rng.random(n) < 0.03, rng.integers(1, 3, n), 0)
    rectified = rng.binomial(opened, 0.8)
    real_name = rng.binomial(opened, 0.6)
    return records.assign(
        rectifications=opened,
        rectified=rectified,
        rectified_on_time=rng.binomial(rectified, 0.9),
        real_name_bad_reviews=real_name,
        real_name_called_back=rng.binomial(real_name, 0.7),
    )


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
    records = with_rectifications(records)
    n = len(records)
    print(
        f"simulated {n:,} records over {working_days} working days "
        f"(with seeded 好差评 rectification columns)"
    )

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
