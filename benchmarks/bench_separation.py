"""Speed of govservice.supervision's separation rules and inspection draws, in one run.

Run with ``make bench`` or ``python benchmarks/bench_separation.py``. Inputs are seeded. Before
anything is timed, the answers are checked: the rules find exactly the violations planted in
the synthetic cases, and a draw comes out the same from reversed pools and verifies. Timings
never fail the run: the one target prints PASS or MISS, exit 0. See benchmarks/README.md.

(a) Separation rules over 1,000,000 case traces. Building a million real cases through the
    Case API (with its deadlines and a hash per event) would take minutes and is measured in
    bench_matters.py; here each case is a light object with ``case_id`` and a ``trace`` of four
    events in the real trace format (submit with the matter's code, department and type; accept;
    review; approve), built from templates without hashing. What is timed is
    ``check_separation`` on them: reading every event's JSON into acts, then the four built-in
    rules, with 10,000 inspection records and a directory of 5,000 people.
(b) A double-random draw over 1,000,000 target ids (1% drawn, two of 50 inspectors each,
    conflicts for 5,000 targets), next to hashing the same ids once with hashlib.
(c) The draw's peak memory for 1,000,000 targets and 100,000 inspectors (1% drawn, two each),
    measured in a fresh interpreter (its peak resident set, minus the same interpreter holding
    the pools before the draw). Each target drawn ranks every inspector, so the time grows with
    their product; the memory grows with their sum (target: under 500 MB).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import random
import sys
import time
import timeit
from collections import Counter
from collections.abc import Callable

import attrs

from govservice.matters import Trace, TraceEvent, sample_catalog
from govservice.supervision import (
    Act,
    Directory,
    Draw,
    DutyFunction,
    Person,
    RoleConflict,
    acts_of,
    check_separation,
    draw_inspection,
    verify_draw,
)

SEED = 20261125
CASES = 1_000_000
INSPECTIONS = 10_000
PEOPLE = 5_000
TARGETS = 1_000_000
INSPECTORS = 50
SHARE = "0.01"
PER_TARGET = 2
CONFLICTED = 5_000
REPEATS = 3
DRAW_TARGET = 3.0  # a draw within 3x of hashing the same ids once
MEMORY_TARGETS = 1_000_000
MEMORY_INSPECTORS = 100_000
MEMORY_TARGET_MB = 500.0  # the draw's peak memory for 1,000,000 x 100,000

# Run in a fresh interpreter: prints the resident set before the draw and its peak during the
# draw, in KiB. The peak is Linux's VmHWM, reset just before the draw through clear_refs (the
# rusage maximum would carry the parent's peak across exec).
_MEMORY_SCRIPT = """
import sys, time
from govservice.supervision import draw_inspection
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
n, m = int(sys.argv[1]), int(sys.argv[2])
targets = [f"91330100MA{i:08d}" for i in range(n)]
inspectors = [f"检查员{i:06d}" for i in range(m)]
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
start = time.perf_counter()
d = draw_inspection(targets, inspectors, seed="2025-09", share="0.01", per_target=2)
seconds = time.perf_counter() - start
print(before, status("VmHWM"), seconds, len(d.targets))
"""


@attrs.frozen
class LightCase:
    """What check_separation needs of a case: its id and its trace."""

    case_id: str
    trace: Trace


_SUBMIT = (
    '{{"action":"submit","at":"2025-09-01T01:00:00+00:00","by":"{applicant}","data":{{'
    '"case_id":"{case_id}","matter":{{"code":"{code}","department":"{department}",'
    '"matter_type":"{matter_type}"}}}}}}'
)
_ACT = '{{"action":"{action}","at":"2025-09-0{day}T02:00:00+00:00","by":"{by}","data":{{}}}}'


def light_trace(case_id: str, matter: tuple[str, str, str], staff: tuple[str, str, str]) -> Trace:
    """Four events in the trace format (envelope + canonical payload); hashes left empty."""
    code, department, matter_type = matter
    payloads = [
        _SUBMIT.format(
            applicant="申请人",
            case_id=case_id,
            code=code,
            department=department,
            matter_type=matter_type,
        ),
        _ACT.format(action="accept", day=1, by=staff[0]),
        _ACT.format(action="review", day=2, by=staff[1]),
        _ACT.format(action="approve", day=3, by=staff[2]),
    ]
    return Trace(TraceEvent(f"1\n{seq}\n-\n{p}", "") for seq, p in enumerate(payloads))


def build_inputs(
    rng: random.Random,
) -> tuple[list[LightCase], list[Act], Directory, Counter[str]]:
    """The cases, the inspection records, the directory and the planted violations."""
    matters = [(m.code, m.department, m.matter_type.value) for m in sample_catalog()]
    windows = [f"窗口{i:02d}" for i in range(40)]
    reviewers = [f"审核员{i:03d}" for i in range(400)]
    deciders = [f"科长{i:03d}" for i in range(200)]
    planted: Counter[str] = Counter()
    cases = []
    decided: list[tuple[str, str, tuple[str, str, str]]] = []
    for n in range(CASES):
        matter = rng.choice(matters)
        reviewer = rng.choice(reviewers)
        decider = reviewer if n % 1000 == 7 else rng.choice(deciders)
        planted["one_review_one_approval"] += n % 1000 == 7
        case_id = f"2025-{n:07d}"
        people = (rng.choice(windows), reviewer, decider)
        cases.append(LightCase(case_id, light_trace(case_id, matter, people)))
        decided.append((case_id, decider, matter))
    inspections = []
    for k, index in enumerate(rng.sample(range(CASES), INSPECTIONS)):
        case_id, decider, (code, department, _type) = decided[index]
        if k % 100 == 0:  # the case's own decider inspects it
            person, unit = decider, "监管科"
            planted["approver_not_supervisor"] += 1
        elif k % 100 == 1:  # a member of the licensing department inspects it
            person, unit = f"执法队员{k:05d}", department
            planted["department_licenses_and_supervises"] += 1
        else:
            person, unit = f"执法队员{k:05d}", "综合行政执法局"
        inspections.append(Act(case_id, person, "inspect", department=unit, matter_code=code))
    departments = sorted({d for _c, d, _t in matters})
    functions = [DutyFunction(d, "licensing", d + "许可事项") for d in departments]
    functions.append(DutyFunction(departments[0], "supervision", departments[0] + "许可事项"))
    planted["department_licenses_and_supervises"] += 1
    people = []
    for i in range(PEOPLE):
        roles = {"reviewer"} if i % 2 else {"approver"}
        if i % 500 == 3:
            roles |= {"inspector"}
            planted["static_role_conflict"] += 1
        people.append(Person(f"人员{i:05d}", departments[i % len(departments)], roles))
    directory = Directory(
        people=people,
        functions=functions,
        role_conflicts=[RoleConflict({"approver", "inspector"}), RoleConflict({"reviewer",
                                                                               "inspector"})],
    )  # fmt: skip
    return cases, inspections, directory, planted


def best(run: Callable[[], object], repeats: int = REPEATS) -> float:
    return min(timeit.repeat(run, number=1, repeat=repeats))


def _row(what: str, per: str, rate: str) -> None:
    print(f"  {what:58}{per:>18}{rate:>22}")


def main() -> int:
    started = time.perf_counter()
    names = ["govservice", "attrs", "numpy"]
    versions = ", ".join(f"{n} {importlib.metadata.version(n)}" for n in names)
    print(f"Python {platform.python_version()} on {platform.machine()}; {versions}")
    rng = random.Random(SEED)

    # (a) separation rules
    cases, inspections, directory, planted = build_inputs(rng)
    events = sum(len(c.trace) for c in cases)
    print(
        f"seed {SEED}; {CASES:,} light case traces ({events:,} events) on the "
        f"{len(sample_catalog())} sample matters, {INSPECTIONS:,} inspection records, "
        f"{PEOPLE:,} people, {len(directory.functions)} functions"
    )
    found = check_separation(cases, directory, acts=inspections)
    got = Counter(v.rule for v in found)
    if got != planted:
        raise AssertionError(f"rules found {dict(got)}, planted {dict(planted)}")
    print(f"checked: the rules find exactly the planted violations {dict(sorted(got.items()))}")

    all_acts = [a for c in cases for a in acts_of(c)]
    check_s = best(lambda: check_separation(cases, directory, acts=inspections), 1)
    read_s = best(lambda: [acts_of(c) for c in cases], 1)
    rules_s = best(lambda: check_separation([], directory, acts=[*all_acts, *inspections]), 1)

    # (b) the draw
    ids = [f"91330100MA{n:08d}" for n in range(TARGETS)]
    rng.shuffle(ids)
    inspectors = [f"检查员{n:03d}" for n in range(INSPECTORS)]
    conflicts: dict[str, dict[str, str]] = {}
    for target in rng.sample(ids, CONFLICTED):
        conflicts.setdefault(rng.choice(inspectors), {})[target] = "relation:former_employer"

    def draw() -> Draw:
        return draw_inspection(ids, inspectors, seed="2025-09", share=SHARE,
                               per_target=PER_TARGET, conflicts=conflicts)  # fmt: skip

    first = draw()
    again = draw_inspection(ids[::-1], inspectors[::-1], seed="2025-09", share=SHARE,
                            per_target=PER_TARGET, conflicts=conflicts)  # fmt: skip
    if first != again:
        raise AssertionError("the draw depends on the order of the pools")
    verify_draw(first, ids, inspectors, conflicts=conflicts)
    print(
        f"checked: {len(first.targets):,} of {TARGETS:,} targets drawn, the same from reversed "
        "pools, and the draw verifies; timing now\n"
    )
    draw_s = best(draw)
    sha_s = best(lambda: [hashlib.sha256(i.encode()).digest() for i in ids])
    blake_s = best(lambda: [hashlib.blake2b(i.encode(), digest_size=16).digest() for i in ids])
    strata = {t: f"区{hash(t) % 10}" for t in ids}
    strat_s = best(
        lambda: draw_inspection(ids, inspectors, seed="2025-09", share=SHARE,
                                per_target=PER_TARGET, strata=strata, conflicts=conflicts),
    )  # fmt: skip

    print("govservice.supervision (best of repeats; the 1,000,000-case rows are one run each)")
    _row("", "per item", "throughput")
    _row(f"check_separation over {CASES:,} traces (read + rules)",
         f"{check_s / CASES * 1e6:,.2f} us/case", f"{CASES / check_s:,.0f} cases/s")  # fmt: skip
    _row("  of which: acts_of, reading the traces' events",
         f"{read_s / events * 1e6:,.2f} us/event", f"{events / read_s:,.0f} events/s")  # fmt: skip
    _row(f"  of which: the 4 rules over {len(all_acts) + INSPECTIONS:,} acts",
         f"{rules_s / CASES * 1e6:,.2f} us/case", f"{CASES / rules_s:,.0f} cases/s")  # fmt: skip
    _row(f"draw_inspection, {TARGETS:,} targets, share {SHARE}",
         f"{draw_s * 1e3:,.0f} ms/draw", f"{TARGETS / draw_s:,.0f} ids/s")  # fmt: skip
    _row("  the same, stratified in 10 strata",
         f"{strat_s * 1e3:,.0f} ms/draw", f"{TARGETS / strat_s:,.0f} ids/s")  # fmt: skip
    _row("hashlib.sha256(id.encode()).digest() per id, once",
         f"{sha_s * 1e3:,.0f} ms", f"{TARGETS / sha_s:,.0f} ids/s")  # fmt: skip
    _row("hashlib.blake2b(id.encode(), digest_size=16) per id",
         f"{blake_s * 1e3:,.0f} ms", f"{TARGETS / blake_s:,.0f} ids/s")  # fmt: skip

    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(MEMORY_TARGETS), str(MEMORY_INSPECTORS)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    before_kb, after_kb, memory_s, drawn = done.stdout.split()
    peak_mb = (int(after_kb) - int(before_kb)) / 1024
    _row(f"draw_inspection, {MEMORY_TARGETS:,} targets x {MEMORY_INSPECTORS:,} inspectors",
         f"{float(memory_s):,.1f} s/draw", f"{int(drawn):,} drawn, 2 each")  # fmt: skip
    _row("  peak memory of that draw (RSS above the pools)", f"{peak_mb:,.0f} MB",
         f"process peak {int(after_kb) / 1024:,.0f} MB")  # fmt: skip

    baseline = min(sha_s, blake_s)
    ratio = draw_s / baseline
    print("\ntargets")
    verdict = "PASS" if ratio <= DRAW_TARGET else "MISS"
    print(
        f"  {verdict}  draw over {TARGETS:,} targets vs hashing the same ids once with hashlib "
        f"(the faster of sha256 and blake2b): {ratio:.2f}x the time (target <= {DRAW_TARGET:g}x)"
    )
    verdict = "PASS" if peak_mb < MEMORY_TARGET_MB else "MISS"
    print(
        f"  {verdict}  peak memory of a draw over {MEMORY_TARGETS:,} targets and "
        f"{MEMORY_INSPECTORS:,} inspectors: {peak_mb:,.0f} MB (target < {MEMORY_TARGET_MB:g} MB)"
    )
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
