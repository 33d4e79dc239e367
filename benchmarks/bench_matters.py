"""Speed of govservice.matters: catalogue loading, case replay and trace verification, one run.

Run with ``make bench`` (after bench_calendar.py) or ``python benchmarks/bench_matters.py``.
Everything is built from seeded inputs, and every answer is checked before anything is timed:
each file loads back to the catalogue it was written from, every replayed case equals the case
it was serialized from, and every trace verifies. Timings never fail the run: the one target
prints PASS or MISS, exit 0. See benchmarks/README.md for what each row measures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import platform
import random
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from govservice.calendar import LimitUnit, SuspensionReason, TimeLimit, china
from govservice.matters import (
    Case,
    CaseKind,
    Catalog,
    Matter,
    OnlineDepth,
    classify,
    sample_catalog,
)

SEED = 20261124
CATALOG_SIZE = 10_000
HISTORIES = 300
REPLAYS = 100_000
LOAD_REPEATS = 2  # best of 2 loads per format (the checked load is the first)
BUILD_REPEATS = 3  # best of 3 builds of every history
HASH_REPEATS, HASH_MIN_RUN_S = 7, 0.2  # best of 7 runs, each over all traces at least 0.2 s
VERIFY_TARGET = 2.0  # trace.verify() within 2x of raw hashlib over the same bytes
FORMATS = (".json", ".toml", ".csv")
SH = ZoneInfo("Asia/Shanghai")
CN = china()
# Cases start on a working-day morning in 2024-01-02..2025-06-30, so every deadline (at most
# 60 statutory working days plus a 15-day extension and a suspension) stays inside china().
FIRST_START, LAST_START = dt.date(2024, 1, 2), dt.date(2025, 6, 30)
SUSPENSION_REASONS = (
    SuspensionReason.EXPERT_REVIEW,
    SuspensionReason.TESTING,
    SuspensionReason.HEARING,
    SuspensionReason.INSPECTION,
)
OFFICERS = ("窗口A", "窗口B", "综合窗口")
REVIEWERS = ("审核员甲", "审核员乙", "科长丙")
HEADS = ("局长", "分管副局长")


# -- (a) a 10,000-matter catalogue ----------------------------------------------------------------


def big_catalog(sample: Catalog, size: int, rng: random.Random) -> Catalog:
    """``size`` matters: copies of the sample's matters under new codes, with seeded variations.

    Copy ``k`` of a matter gets the code ``<code>-<k:03d>``; its ``reports_to`` points at copy
    ``k`` of the higher matter. The committed limit (when in working days), visits and online
    depth vary. The last, partial batch leaves out every matter that reports or is reported to.
    """
    targets = {m.reports_to for m in sample if m.reports_to is not None}
    matters: list[Matter] = []
    k = 0
    while len(matters) < size:
        batch = [_variant(m, k, rng) for m in sample]
        room = size - len(matters)
        if room < len(batch):
            batch = [
                v
                for v, m in zip(batch, sample, strict=True)
                if m.reports_to is None and m.code not in targets
            ][:room]
        matters += batch
        k += 1
    return Catalog(matters, name=f"{size:,} matters (benchmark)", note=f"seed {SEED}")


def _variant(m: Matter, k: int, rng: random.Random) -> Matter:
    committed = m.committed_limit
    statutory = m.statutory_limit
    both_days = statutory.unit is committed.unit is LimitUnit.WORKING_DAYS
    if both_days and rng.random() < 0.5:
        committed = TimeLimit.working_days(rng.randint(1, int(statutory.amount)))
    return attrs.evolve(
        m,
        code=f"{m.code}-{k:03d}",
        committed_limit=committed,
        visits_required=rng.choice((0, 1, 1, 2)),
        online_depth=rng.choice((m.online_depth, OnlineDepth.FULL, OnlineDepth.APPLY)),
        reports_to=None if m.reports_to is None else f"{m.reports_to}-{k:03d}",
    )


def load_results(catalog: Catalog, folder: Path) -> dict[str, tuple[int, float]]:
    """{suffix: (file bytes, best seconds per load)}, checking that each file loads back.

    The check is made on the first load, which is also timed: a load takes seconds.
    """
    results = {}
    for suffix in FORMATS:
        path = folder / f"catalog{suffix}"
        catalog.save(path)
        t0 = time.perf_counter()
        loaded = Catalog.load(path)
        first_s = time.perf_counter() - t0
        if loaded.matters != catalog.matters:
            first = next(i for i, (a, b) in enumerate(zip(loaded, catalog, strict=True)) if a != b)
            raise AssertionError(f"{path.name}: matter {first} does not load back as written")
        again = timeit.repeat(lambda p=path: Catalog.load(p), number=1, repeat=LOAD_REPEATS - 1)
        results[suffix] = (path.stat().st_size, min(first_s, *again))
    return results


# -- (b) case histories and their replay ----------------------------------------------------------

Step = tuple[str, dict[str, Any]]


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 15), rng.randrange(60), tzinfo=SH
    )


def plan_history(
    number: int, matter: Matter, kind: CaseKind, rng: random.Random
) -> tuple[Matter, list[Step]]:
    """The actions of one realistic case, each with its ``at=`` and ``by=``, as a plan.

    Immediate cases: submit, accept, approve, certificate, close. Others: submit, sometimes a
    one-time supplement request and the supplement, accept, review, sometimes a suspension and
    its resumption, sometimes an extension (art. 42), a second review, approve (or, 1 in 20,
    deny), certificate, close.
    """
    span = (LAST_START - FIRST_START).days
    at = _moment(FIRST_START + dt.timedelta(days=rng.randrange(span)), rng)
    steps: list[Step] = []

    def step(action: str, after: tuple[int, int], by: str, **extra: Any) -> None:
        nonlocal at
        at += dt.timedelta(minutes=rng.randint(*after))
        steps.append((action, {"at": at, "by": by, **extra}))

    minutes, hours, day = (5, 60), (60, 24 * 60), 24 * 60
    officer, reviewer, head = rng.choice(OFFICERS), rng.choice(REVIEWERS), rng.choice(HEADS)
    applicant = f"申请人{number:04d}"
    steps.append(
        (
            "submit",
            {"case_id": f"2025-{number:06d}", "applicant": applicant, "at": at, "calendar": CN},
        )
    )
    if kind is CaseKind.IMMEDIATE:
        step("accept", minutes, officer)
        step("approve", minutes, officer)
        step("issue_certificate", minutes, officer, certificate="即办")
        step("close", minutes, officer)
        return matter, steps
    if rng.random() < 0.3:
        names = [m.name for m in matter.materials]
        missing = rng.sample(names, rng.randint(1, min(2, len(names))))
        step("request_supplement", minutes, officer, missing=missing)
        step("supplement", (day, 4 * day), applicant, provided=missing)
    step("accept", minutes, officer)
    step("review", hours, reviewer, opinion="材料齐全，符合法定形式")
    if rng.random() < 0.25:
        step("suspend", hours, reviewer, reason=rng.choice(SUSPENSION_REASONS), note="委托第三方")
        step("resume", (3 * day, 15 * day), reviewer)
    if rng.random() < 0.15:
        # Art. 42 para. 1 (10 working days, the head of the organ) unless the matter is handled
        # under art. 26 (para. 2: 15, the head of the government).
        unified = matter.unified_handling
        role = "head_of_government" if unified else "head_of_organ"
        step("extend", hours, reviewer, amount=15 if unified else 10, approved_by=head,
             approver_role=role, reason="需现场核查")  # fmt: skip
    step("review", hours, rng.choice(REVIEWERS), opinion="同意")
    if rng.random() < 0.05:
        step("deny", hours, head, reason="不符合法定条件")
    else:
        step("approve", hours, head)
        step("issue_certificate", hours, officer, certificate=f"证字第{number:05d}号")
    step("close", minutes, officer)
    return matter, steps


def build(plan: tuple[Matter, list[Step]]) -> Case:
    """Run a plan through the public Case API."""
    matter, steps = plan
    case = Case.submit(matter, **steps[0][1])
    for action, kwargs in steps[1:]:
        case = getattr(case, action)(**kwargs)
    return case


def best_per_run(run: Callable[[], object], repeats: int, min_run_s: float = 0.0) -> float:
    """Best seconds of one ``run()``, repeating ``run`` inside a timing so it lasts min_run_s."""
    number = 1
    while True:
        seconds = timeit.timeit(run, number=number)
        if seconds >= min_run_s:
            break
        number *= 2
    return min(timeit.repeat(run, number=number, repeat=repeats)) / number


# -- report ---------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _row(what: str, per: str, rate: str) -> None:
    print(f"  {what:52}{per:>16}{rate:>26}")


def main() -> int:
    started = time.perf_counter()
    names = ["govservice", "attrs", "cattrs", "tomli_w"]
    versions = ", ".join(f"{n} {importlib.metadata.version(n)}" for n in names)
    print(f"Python {platform.python_version()} on {platform.machine()}; {versions}")
    rng = random.Random(SEED)
    sample = sample_catalog()

    # (a) catalogue
    catalog = big_catalog(sample, CATALOG_SIZE, rng)
    print(
        f"seed {SEED}; catalogue: {len(catalog):,} matters, copies of the {len(sample)} sample "
        f"matters with new codes and seeded limits, visits and online depth"
    )
    with tempfile.TemporaryDirectory(prefix="govservice-bench-") as tmp:
        loads = load_results(catalog, Path(tmp))

    # (b) histories
    kinds = {m.code: classify(m).kind for m in sample}
    matters = list(sample)
    plans = [
        plan_history(i, m, kinds[m.code], rng)
        for i, m in enumerate(rng.choice(matters) for _ in range(HISTORIES))
    ]
    cases = [build(plan) for plan in plans]
    actions = sum(len(steps) for _, steps in plans)
    texts = [case.to_json() for case in cases]
    for case, text in zip(cases, texts, strict=True):
        case.trace.verify(expected_head=case.trace.head)
        replayed = Case.from_json(text, calendar=china())
        if replayed != case or replayed.to_json() != text:
            raise AssertionError(f"case {case.case_id} does not replay to itself")
    traces = [case.trace for case in cases]
    bodies = [event.body for trace in traces for event in trace.events]
    events = len(bodies)
    if [hashlib.sha256(b.encode()).hexdigest() for b in bodies] != [
        e.hash for t in traces for e in t.events
    ]:
        raise AssertionError("raw hashlib disagrees with the stored hashes")
    mix = _mix(cases)
    size = sum(len(b.encode()) for b in bodies) / events
    print(
        f"histories: {HISTORIES} cases on the sample matters ({mix}), {actions:,} actions, "
        f"{events:,} events, {size:,.0f} bytes per event body on average; starts in "
        f"{FIRST_START}..{LAST_START}, Asia/Shanghai"
    )
    print(
        "checked: every file loads back to the catalogue written, every replayed case equals "
        "its original, every trace verifies; timing now\n"
    )

    build_s = min(timeit.repeat(lambda: [build(p) for p in plans], number=1, repeat=BUILD_REPEATS))
    replay_texts = [texts[i % len(texts)] for i in range(REPLAYS)]
    replay_events = sum(len(cases[i % len(cases)].trace) for i in range(REPLAYS))
    t0 = time.perf_counter()
    for text in replay_texts:
        Case.from_json(text, calendar=china())
    replay_s = time.perf_counter() - t0

    def verify_all() -> None:
        for trace in traces:
            trace.verify()

    def raw_all() -> None:
        sha256 = hashlib.sha256
        for body in bodies:
            sha256(body.encode()).hexdigest()

    verify_s = best_per_run(verify_all, HASH_REPEATS, HASH_MIN_RUN_S)
    raw_s = best_per_run(raw_all, HASH_REPEATS, HASH_MIN_RUN_S)

    print("govservice.matters (best of repeats unless noted)")
    _row("", "per call", "throughput")
    for suffix, (size, seconds) in loads.items():
        _row(
            f"Catalog.load {CATALOG_SIZE:,} matters, {suffix[1:].upper()} ({size / 1e6:.1f} MB)",
            f"{seconds * 1e3:,.0f} ms/load",
            f"{CATALOG_SIZE / seconds:,.0f} matters/s",
        )
    _row(
        f"build {HISTORIES} histories with the Case API",
        f"{build_s / actions * 1e6:,.1f} us/action",
        f"{actions / build_s:,.0f} actions/s",
    )
    _row(
        f"Case.from_json x {REPLAYS:,} (verify + replay, 1 run)",
        f"{replay_s / REPLAYS * 1e6:,.1f} us/case",
        f"{REPLAYS / replay_s:,.0f} cases/s",
    )
    _row("", "", f"{replay_events / replay_s:,.0f} events/s")
    _row(
        f"trace.verify() over the {HISTORIES} traces",
        f"{verify_s / events * 1e6:,.3f} us/event",
        f"{events / verify_s:,.0f} events/s",
    )
    _row(
        "raw hashlib.sha256(body.encode()).hexdigest()",
        f"{raw_s / events * 1e6:,.3f} us/event",
        f"{events / raw_s:,.0f} events/s",
    )

    ratio = verify_s / raw_s
    print("\ntargets")
    print(
        f"  {_verdict(ratio <= VERIFY_TARGET)}  trace.verify() vs raw hashlib over the same "
        f"bytes: {ratio:.2f}x the time (target <= {VERIFY_TARGET:g}x)"
    )
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    return 0


def _mix(cases: list[Case]) -> str:
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.kind.value] = counts.get(case.kind.value, 0) + 1
    suspended = sum(bool(c.suspensions) for c in cases)
    extended = sum(bool(c.extensions) for c in cases)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"{kinds}; {suspended} suspended, {extended} extended"


if __name__ == "__main__":
    sys.exit(main())
