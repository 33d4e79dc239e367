"""Speed of govservice.approval: scheduling a 10,000-step plan against networkx, one run.

Run with ``make bench`` or ``python benchmarks/bench_approval.py``. The plan is seeded: 10,000
steps, 50,000 distinct dependencies (each on an earlier step, so the graph is acyclic), limits
of 1-10 working days, listed in shuffled order. Before anything is timed, networkx's longest
path must equal the schedule's total, and networkx's path must be critical in the schedule.

networkx's job is smaller: it knows no calendar. govservice validates the plan (ids,
references, limits, cycles), sorts it, computes earliest dates, slack for every step and a
critical path, and turns working-day offsets into calendar dates (make-up workdays and
holidays included). The target: the whole of that faster than networkx's longest path alone.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import random
import time
import timeit

import networkx as nx

from govservice.approval import ApprovalPlan, Step
from govservice.calendar import TimeLimit, china

SEED = 20261123
STEPS, EDGES = 10_000, 50_000
REPEATS = 5
ACCEPTED = dt.date(2005, 1, 4)


def random_plan(rng: random.Random) -> tuple[list[Step], list[tuple[int, int]], list[int]]:
    """Steps, edges (earlier -> later) and durations of a seeded acyclic plan."""
    edges: set[tuple[int, int]] = set()
    while len(edges) < EDGES:
        j = rng.randrange(1, STEPS)
        edges.add((rng.randrange(0, j), j))
    requires: list[list[int]] = [[] for _ in range(STEPS)]
    for i, j in sorted(edges):
        requires[j].append(i)
    days = [rng.randint(1, 10) for _ in range(STEPS)]
    departments = [f"部门{k:02d}" for k in range(40)]
    steps = [
        Step(f"s{j}", departments[j % 40], TimeLimit.working_days(days[j]),
             requires=[f"s{i}" for i in requires[j]])
        for j in range(STEPS)
    ]  # fmt: skip
    rng.shuffle(steps)
    return steps, sorted(edges), days


def networkx_graph(edges: list[tuple[int, int]], days: list[int]) -> nx.DiGraph:
    """Node-weighted longest path as an edge-weighted one: edge (u, v) weighs v's duration."""
    graph = nx.DiGraph()
    graph.add_weighted_edges_from((f"s{i}", f"s{j}", days[j]) for i, j in edges)
    graph.add_weighted_edges_from(("start", f"s{j}", days[j]) for j in range(STEPS))
    return graph


def main() -> int:
    started = time.perf_counter()
    versions = ", ".join(f"{n} {importlib.metadata.version(n)}" for n in ("govservice", "networkx"))
    print(f"Python {platform.python_version()} on {platform.machine()}; {versions}")
    rng = random.Random(SEED)
    steps, edges, days = random_plan(rng)
    cal = china()
    plan = ApprovalPlan(steps, lead="综合窗口", overall_limit=TimeLimit.working_days(10_000))
    schedule = plan.schedule(ACCEPTED, cal)
    graph = networkx_graph(edges, days)
    length = nx.dag_longest_path_length(graph)
    path = [n for n in nx.dag_longest_path(graph) if n != "start"]
    if length != schedule.working_days:
        raise AssertionError(f"networkx {length} != govservice {schedule.working_days}")
    if any(schedule.steps[s].slack != 0 for s in path):
        raise AssertionError("networkx's longest path is not critical in the schedule")
    if sum(schedule.steps[s].working_days for s in schedule.critical_path) != length:
        raise AssertionError("the critical path's length is not the total")
    print(
        f"seed {SEED}; plan: {STEPS:,} steps, {EDGES:,} dependencies, limits 1-10 working days; "
        f"longest path {length:,} working days over {len(schedule.critical_path)} steps, "
        f"accepted {ACCEPTED}, due {schedule.due_date}"
    )
    print("checked: networkx's longest path equals the schedule's, and is critical in it\n")

    def best(run: object) -> float:
        return min(timeit.repeat(run, number=1, repeat=REPEATS))  # type: ignore[arg-type]

    def every_date() -> None:
        s = plan.schedule(ACCEPTED, cal)
        for step_id in s.steps:
            s.steps[step_id]

    rows = [
        ("govservice plan.schedule (offsets, slack, critical path)", best(
            lambda: plan.schedule(ACCEPTED, cal))),
        ("govservice plan.schedule + every step's dates", best(every_date)),
        ("govservice ApprovalPlan(...) validate + sort", best(
            lambda: ApprovalPlan(steps, lead="w", overall_limit=TimeLimit.working_days(10_000)))),
        ("networkx dag_longest_path_length", best(lambda: nx.dag_longest_path_length(graph))),
        ("networkx build DiGraph", best(lambda: networkx_graph(edges, days))),
    ]  # fmt: skip
    networkx_s = rows[3][1]
    print(f"{'best of ' + str(REPEATS):58}{'ms':>10}{'vs networkx':>14}")
    for name, seconds in rows:
        print(f"{name:58}{seconds * 1e3:>10,.1f}{networkx_s / seconds:>13.1f}x")
    whole = rows[1][1]
    verdict = "PASS" if whole < networkx_s else "MISS"
    print(
        f"\ntarget: schedule with every date faster than networkx's longest path: {verdict} "
        f"({whole * 1e3:,.1f} ms vs {networkx_s * 1e3:,.1f} ms)"
    )
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
