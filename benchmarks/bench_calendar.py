"""Speed of govservice's working-day calendar against its peers, on the same inputs, in one run.

Run with ``make bench`` (or ``python benchmarks/bench_calendar.py`` with the ``bench`` extra).
Every peer is first checked to give govservice's answer on every input it is timed on; only
then is anything timed. Timings never fail the run: each target prints PASS or MISS, exit 0.
See benchmarks/README.md for how each peer is encoded and why the inputs are what they are.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import random
import subprocess
import sys
import time
import timeit
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import chinese_calendar
import holidays
import numpy as np
import pandas as pd
from pandas.tseries.offsets import CustomBusinessDay
from workalendar.asia import China as WorkalendarChina

from govservice.calendar import WorkCalendar, china

SEED = 20261123
SCALAR_CALLS = 2_000
VECTOR_SIZE = 1_000_000
MAX_N = 60  # add_working_days(d, n) with n in 1..MAX_N
MAX_SPAN = 120  # working_days_between(a, b) with b - a in 1..MAX_SPAN calendar days
# Scalar inputs and every answer stay in the years all peers have right: workalendar 17's China
# has data for 2018-2023 only, and misses the 2020 Spring Festival extension (2020-01-31 and
# 2020-02-01 were days off, 国办发明电〔2020〕1号); chinese_calendar and python-holidays agree
# with govservice on every day of 2018-2026.
SCALAR_FIRST, SCALAR_LAST = dt.date(2020, 2, 3), dt.date(2023, 12, 31)
# Vector inputs: only numpy competes there, encoded with the calendar's full coverage.
VECTOR_FIRST, VECTOR_LAST = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
# Best of up to 7 runs over all inputs (fewer once 1.5 s is spent), each run at least 50 ms.
SCALAR_REPEATS, SCALAR_BUDGET_S, SCALAR_MIN_RUN_S = 7, 1.5, 0.05
VECTOR_REPEATS = 5
STARTUP_REPEATS = 5
STARTUP_CODE = "from govservice.calendar import china; china()"

ADD, BETWEEN, IS = "add_working_days", "working_days_between", "is_working_day"
OPS = (ADD, BETWEEN, IS)
LOOP_VARS = {ADD: "d, n", BETWEEN: "a, b", IS: "d"}
GOVSERVICE = "govservice"
ONE_DAY = dt.timedelta(days=1)


# -- inputs --------------------------------------------------------------------------------------


def scalar_inputs(
    cal: WorkCalendar, rng: random.Random
) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, dt.date]], list[dt.date]]:
    """(add pairs, between pairs, days), every day and every answer inside the scalar range."""
    first, last = SCALAR_FIRST.toordinal(), SCALAR_LAST.toordinal()
    adds: list[tuple[dt.date, int]] = []
    while len(adds) < SCALAR_CALLS:
        day, n = dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, MAX_N)
        if cal.add_working_days(day, n) <= SCALAR_LAST:  # keep workalendar inside its data
            adds.append((day, n))
    betweens: list[tuple[dt.date, dt.date]] = []
    for _ in range(SCALAR_CALLS):
        a = rng.randint(first, last - 1)
        b = a + rng.randint(1, min(MAX_SPAN, last - a))
        betweens.append((dt.date.fromordinal(a), dt.date.fromordinal(b)))
    days = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(SCALAR_CALLS)]
    return adds, betweens, days


def vector_inputs(rng: np.random.Generator) -> dict[str, np.ndarray[Any, Any]]:
    first = np.datetime64(VECTOR_FIRST, "D").astype(np.int64)
    last = np.datetime64(VECTOR_LAST, "D").astype(np.int64)
    days = rng.integers(first, last, size=VECTOR_SIZE, endpoint=True)
    span = rng.integers(1, MAX_SPAN, size=VECTOR_SIZE, endpoint=True)
    return {
        "d": days.astype("datetime64[D]"),
        "n": rng.integers(1, MAX_N, size=VECTOR_SIZE, endpoint=True, dtype=np.int64),
        "a": days.astype("datetime64[D]"),
        "b": (days + span).astype("datetime64[D]"),
    }


def rest_days(cal: WorkCalendar) -> np.ndarray[Any, Any]:
    """Every day of the calendar's coverage that is not a working day, as datetime64[D]."""
    start, end = (np.datetime64(day, "D") for day in cal.coverage)
    days = np.arange(start, end + 1)
    rest: np.ndarray[Any, Any] = days[~cal.is_working_day(days)]
    return rest


# -- cases: one call expression per peer and operation, both checked and timed -------------------


@dataclass(frozen=True)
class Case:
    """How one peer answers one operation.

    ``call`` is evaluated for every element of the namespace list ``inputs`` (unpacked into the
    loop variables of the operation), after ``setup`` binds its locals; the same text is used to
    check the answers (converted by ``answer``) and to time the calls.
    """

    peer: str
    op: str
    setup: str
    call: str
    inputs: str
    answer: Callable[[Any], object] = lambda value: value
    note: str = ""


def _date(value: Any) -> dt.date:
    """A pandas Timestamp or numpy datetime64 answer as the datetime.date govservice gives."""
    if isinstance(value, np.datetime64):
        value = value.astype(object)
    elif isinstance(value, pd.Timestamp):
        value = value.date()
    return cast(dt.date, value)


def cases() -> list[Case]:
    return [
        Case(GOVSERVICE, ADD, "f = cal.add_working_days", "f(d, n)", "ADD"),
        Case(GOVSERVICE, BETWEEN, "f = cal.working_days_between", "f(a, b)", "BETWEEN"),
        Case(GOVSERVICE, IS, "f = cal.is_working_day", "f(d)", "DAYS"),
        # find_workday(k, d) first moves to the first workday on or after d, then k more: so the
        # n-th working day strictly after d is find_workday(n - 1, d + 1).
        Case(
            "chinese_calendar",
            ADD,
            "f = chinese_calendar.find_workday",
            "f(n, d)",
            "ADD_CC",
            note="find_workday(n - 1, d + 1 day), inputs pre-shifted",
        ),
        Case(
            "chinese_calendar",
            BETWEEN,
            "f = chinese_calendar.get_workdays",
            "len(f(a, b))",
            "BETWEEN_PLUS1_A",
            note="len(get_workdays(a + 1 day, b)), inputs pre-shifted",
        ),
        Case("chinese_calendar", IS, "f = chinese_calendar.is_workday", "f(d)", "DAYS"),
        Case("workalendar", ADD, "f = wcal.add_working_days", "f(d, n)", "ADD"),
        Case("workalendar", BETWEEN, "f = wcal.get_working_days_delta", "f(a, b)", "BETWEEN"),
        Case("workalendar", IS, "f = wcal.is_working_day", "f(d)", "DAYS"),
        Case(
            "python-holidays",
            ADD,
            "f = hcal.get_nth_working_day",
            "f(d, n)",
            "ADD",
            note="China(...).get_nth_working_day, make-up days from weekend_workdays",
        ),
        Case(
            "python-holidays",
            BETWEEN,
            "f = hcal.get_working_days_count",
            "f(a, b)",
            "BETWEEN_PLUS1_A",
            note="get_working_days_count(a + 1 day, b) ([start, end]), inputs pre-shifted",
        ),
        Case("python-holidays", IS, "f = hcal.is_working_day", "f(d)", "DAYS"),
        Case("pandas", ADD, "o = cbd", "d + n * o", "ADD_PD", _date, "Timestamp + n * CBD"),
        Case(
            "pandas",
            BETWEEN,
            "f = pd.date_range; o = cbd",
            "len(f(a, b, freq=o))",
            "BETWEEN_PD",
            note="len(date_range(a + 1 day, b, freq=CBD)), inputs pre-shifted",
        ),
        Case("pandas", IS, "f = cbd.is_on_offset", "f(d)", "DAYS_PD", bool),
        Case(
            "numpy",
            ADD,
            "f = np.busday_offset; c = busdaycal",
            "f(d, n, roll='backward', busdaycal=c)",
            "ADD_NP",
            _date,
        ),
        Case(
            "numpy",
            BETWEEN,
            "f = np.busday_count; c = busdaycal",
            "f(a, b, busdaycal=c)",
            "BETWEEN_NP",
            int,
            "busday_count(a + 1, b + 1) ([a, b)), inputs pre-shifted",
        ),
        Case("numpy", IS, "f = np.is_busday; c = busdaycal", "f(d, busdaycal=c)", "DAYS_NP", bool),
    ]


def scalar_namespace(cal: WorkCalendar) -> dict[str, Any]:
    rng = random.Random(SEED)
    adds, betweens, days = scalar_inputs(cal, rng)
    rest = rest_days(cal)
    day = ONE_DAY

    def ts(value: dt.date) -> pd.Timestamp:
        return pd.Timestamp(value)

    def d64(value: dt.date) -> np.datetime64:
        return np.datetime64(value, "D")

    hcal = holidays.China(years=range(SCALAR_FIRST.year, SCALAR_LAST.year + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Support years 2018-2023 currently" on every year
        wcal = WorkalendarChina()
        for year in range(SCALAR_FIRST.year, SCALAR_LAST.year + 1):
            wcal.holidays(year)  # fill workalendar's per-year cache before timing
    return {
        "cal": cal,
        "chinese_calendar": chinese_calendar,
        "wcal": wcal,
        "hcal": hcal,
        "pd": pd,
        "np": np,
        # The only correct China encoding for numpy and pandas: every day is a weekday of the
        # mask, and every rest day in coverage (weekends not worked, days off) is a "holiday".
        "busdaycal": np.busdaycalendar(weekmask="1111111", holidays=rest),
        "cbd": CustomBusinessDay(weekmask="Mon Tue Wed Thu Fri Sat Sun", holidays=rest),
        "ADD": adds,
        "ADD_CC": [(d + day, n - 1) for d, n in adds],
        "ADD_PD": [(ts(d), n) for d, n in adds],
        "ADD_NP": [(d64(d), n) for d, n in adds],
        "BETWEEN": betweens,
        "BETWEEN_PLUS1_A": [(a + day, b) for a, b in betweens],
        "BETWEEN_PD": [(ts(a + day), ts(b)) for a, b in betweens],
        "BETWEEN_NP": [(d64(a + day), d64(b + day)) for a, b in betweens],
        "DAYS": days,
        "DAYS_PD": [ts(d) for d in days],
        "DAYS_NP": [d64(d) for d in days],
    }


def _answers(case: Case, namespace: dict[str, Any]) -> list[object]:
    source = (
        f"def _run():\n    {case.setup}\n"
        f"    return [{case.call} for {LOOP_VARS[case.op]} in {case.inputs}]\n"
    )
    local: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(source, namespace, local)
        raw = local["_run"]()
    return [case.answer(value) for value in raw]


def check_scalar(all_cases: list[Case], namespace: dict[str, Any]) -> None:
    expected: dict[str, list[object]] = {}
    for case in all_cases:
        if case.peer == GOVSERVICE:
            expected[case.op] = _answers(case, namespace)
    names = {ADD: "ADD", BETWEEN: "BETWEEN", IS: "DAYS"}
    for case in all_cases:
        if case.peer == GOVSERVICE:
            continue
        want, got = expected[case.op], _answers(case, namespace)
        inputs = namespace[names[case.op]]
        for given, mine, theirs in zip(inputs, want, got, strict=True):
            if mine != theirs or type(mine) is not type(theirs):
                args = ", ".join(map(str, given)) if isinstance(given, tuple) else str(given)
                raise AssertionError(
                    f"{case.peer} disagrees with govservice on {case.op}({args}): "
                    f"govservice {mine!r}, {case.peer} {theirs!r} (via {case.call})"
                )


def time_case(case: Case, namespace: dict[str, Any]) -> float:
    """Best per-call time in microseconds of ``case`` over its inputs."""
    stmt = f"for {LOOP_VARS[case.op]} in {case.inputs}:\n    {case.call}"
    timer = timeit.Timer(stmt, setup=case.setup, globals=namespace)
    best, spent, number = float("inf"), 0.0, 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        while (took := timer.timeit(number)) < SCALAR_MIN_RUN_S:  # fast cases: loop more
            number *= 2
        for i in range(SCALAR_REPEATS):
            best, spent = min(best, took / number), spent + took
            if i >= 1 and spent > SCALAR_BUDGET_S:
                break
            took = timer.timeit(number)
    return best / len(namespace[case.inputs]) * 1e6


# -- vectorized -----------------------------------------------------------------------------------


def best_of(run: Callable[[], object], repeats: int) -> float:
    return min(timeit.repeat(run, number=1, repeat=repeats))


def vector_results(cal: WorkCalendar) -> dict[str, tuple[float, float]]:
    """{operation: (govservice, numpy) per-element microseconds}, after checking the answers."""
    arrays = vector_inputs(np.random.default_rng(SEED))
    busdaycal = np.busdaycalendar(weekmask="1111111", holidays=rest_days(cal))
    d, n, a, b = arrays["d"], arrays["n"], arrays["a"], arrays["b"]
    a1, b1 = a + 1, b + 1  # busday_count counts [a, b), govservice (a, b]: pre-shifted
    runs: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        ADD: (
            lambda: cal.add_working_days(d, n),
            lambda: np.busday_offset(d, n, roll="backward", busdaycal=busdaycal),
        ),
        BETWEEN: (
            lambda: cal.working_days_between(a, b),
            lambda: np.busday_count(a1, b1, busdaycal=busdaycal),
        ),
    }
    for op, (ours, theirs) in runs.items():
        mine, other = ours(), theirs()
        if not np.array_equal(mine, other):
            i = int(np.flatnonzero(mine != other)[0])
            given = (d[i], n[i]) if op == ADD else (a[i], b[i])
            raise AssertionError(
                f"numpy disagrees with govservice on vectorized {op} at [{i}] {given!r}: "
                f"govservice {mine[i]!r}, numpy {other[i]!r}"
            )
    return {
        op: (
            best_of(ours, VECTOR_REPEATS) / VECTOR_SIZE * 1e6,
            best_of(theirs, VECTOR_REPEATS) / VECTOR_SIZE * 1e6,
        )
        for op, (ours, theirs) in runs.items()
    }


# -- start-up -------------------------------------------------------------------------------------


def startup_ms(code: str) -> float:
    times = []
    for _ in range(STARTUP_REPEATS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times) * 1e3


# -- report ---------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _versions() -> str:
    names = ["govservice", "chinesecalendar", "workalendar", "holidays", "pandas", "numpy"]
    return ", ".join(f"{name} {importlib.metadata.version(name)}" for name in names)


def main() -> int:
    started = time.perf_counter()
    cal = china()
    print(f"Python {platform.python_version()} on {platform.machine()}; {_versions()}")
    print(
        f"seed {SEED}; scalar: {SCALAR_CALLS:,} inputs per operation, days and answers in "
        f"{SCALAR_FIRST}..{SCALAR_LAST}, n in 1..{MAX_N}, between spans 1..{MAX_SPAN} days"
    )
    print(
        f"vector: {VECTOR_SIZE:,} elements, days in {VECTOR_FIRST}..{VECTOR_LAST}, "
        f"n in 1..{MAX_N}, spans 1..{MAX_SPAN} days; numpy/pandas encoding: weekmask all days, "
        f"holidays = the {rest_days(cal).size:,} rest days of {cal.coverage}"
    )

    all_cases = cases()
    namespace = scalar_namespace(cal)
    check_scalar(all_cases, namespace)
    print("checked: every peer gives govservice's answer on every scalar input; timing now\n")

    times = {(case.peer, case.op): time_case(case, namespace) for case in all_cases}
    peers = list(dict.fromkeys(case.peer for case in all_cases))
    print("scalar, us per call (x = peer time / govservice time)")
    print(f"{'':18}" + "".join(f"{op:>26}" for op in OPS))
    for peer in peers:
        cells = []
        for op in OPS:
            us = times[peer, op]
            factor = "" if peer == GOVSERVICE else f" ({us / times[GOVSERVICE, op]:,.0f}x)"
            cells.append(f"{us:,.3f}{factor}")
        print(f"{peer:18}" + "".join(f"{cell:>26}" for cell in cells))
    for case in all_cases:
        if case.note:
            print(f"  {case.peer} {case.op}: {case.note}")

    vector = vector_results(cal)
    print(f"\nvectorized, {VECTOR_SIZE:,} elements, us per element (checked equal first)")
    for op, (ours, theirs) in vector.items():
        print(
            f"  {op:22} govservice {ours:.4f}   numpy {theirs:.4f}   "
            f"govservice {theirs / ours:.1f}x faster"
        )

    ours_ms, bare_ms = startup_ms(STARTUP_CODE), startup_ms("pass")
    print(
        f"\nstart-up: python -c {STARTUP_CODE!r}: {ours_ms:.0f} ms best of {STARTUP_REPEATS} "
        f"(bare python -c pass: {bare_ms:.0f} ms)"
    )

    add = times[GOVSERVICE, ADD]
    (vec_add, np_add), (vec_between, np_count) = vector[ADD], vector[BETWEEN]
    targets: list[tuple[str, float, float]] = [
        ("scalar add_working_days vs numpy busday_offset", times["numpy", ADD] / add, 3.0),
        ("scalar add_working_days vs python-holidays", times["python-holidays", ADD] / add, 50.0),
        ("vector add_working_days vs numpy busday_offset", np_add / vec_add, 5.0),
        ("vector working_days_between vs busday_count", np_count / vec_between, 2.0),
    ]
    print("\ntargets")
    for name, ratio, goal in targets:
        print(f"  {_verdict(ratio >= goal)}  {name}: {ratio:.1f}x faster (target >= {goal:g}x)")
    print(f"  {_verdict(ours_ms <= 150)}  import + china() start-up: {ours_ms:.0f} ms (<= 150 ms)")
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
