"""Faults and load: a killed process, eight processes at once, a server that goes away."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from govservice import ConcurrencyError, StoreError
from govservice.calendar import WorkCalendar, china
from govservice.store import open_store

from .conftest import accepted_case

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys
    from govservice.calendar import china
    from govservice.store import open_store

    store = open_store(sys.argv[1], calendar=china())
    print("open", flush=True)
    store.import_jsonl(sys.stdin, batch=10, progress=lambda p: print(p.done, flush=True))
    """
)


def _in_transaction(url: str) -> bool:
    """Whether another process holds a write transaction open on the store now."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc)
        conn.execute("ROLLBACK")
        conn.close()
        return False
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state = 'idle in transaction'"
        ).fetchall()
    return bool(rows[0][0])


def test_a_process_killed_mid_batch_leaves_only_whole_transactions(
    store_url: str, calendar: WorkCalendar
) -> None:
    lines = [accepted_case(f"C-{i:03d}").to_json() for i in range(25)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, store_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "open"
        child.stdin.write("\n".join(lines) + "\n")  # two whole batches and half of a third
        child.stdin.flush()
        assert child.stdout.readline().strip() == "10"
        assert child.stdout.readline().strip() == "20"
        # the third batch holds its transaction open while it waits for more lines
        for _ in range(400):
            if _in_transaction(store_url) or child.poll() is not None:
                break
            time.sleep(0.025)
        assert _in_transaction(store_url)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with open_store(store_url, calendar=calendar) as store:
        assert len(store) == 20
        assert store._read("count", "SELECT count(*) FROM events")[0][0] == 40
        report = store.verify()
        assert report.ok, report.problems
        assert (report.cases, report.events) == (20, 40)
        # importing again from the start completes the work
        assert store.import_jsonl(lines).added == 5


# -- eight processes acting on the same 100 cases -------------------------------------------------

CASES = 100
PROCESSES = 8
ACTS = 25


def _clerk(url: str, seed: int, queue: multiprocessing.Queue[tuple[int, int]]) -> None:
    rng = random.Random(seed)
    store = open_store(url, calendar=china())
    landed = conflicts = 0
    for _ in range(ACTS):
        case_id = f"C-{rng.randrange(CASES):03d}"
        while True:
            case = store.get(case_id)
            last = dt.datetime.fromisoformat(case.trace.events[-1].payload["at"])
            after = case.review(at=last + dt.timedelta(minutes=1), by=f"clerk{seed}")
            try:
                store.save(after)
            except ConcurrencyError:
                conflicts += 1
                continue
            landed += 1
            break
    store.close()
    queue.put((landed, conflicts))


def test_eight_processes_acting_at_once_lose_nothing(
    store_url: str, calendar: WorkCalendar
) -> None:
    with open_store(store_url, calendar=calendar) as store:
        store.import_jsonl(accepted_case(f"C-{i:03d}").to_json() for i in range(CASES))
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[tuple[int, int]] = context.Queue()
    workers = [
        context.Process(target=_clerk, args=(store_url, seed, queue)) for seed in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    landed = sum(r[0] for r in results)
    print(f"{landed} acts landed after {sum(r[1] for r in results)} conflicts")
    assert landed == PROCESSES * ACTS  # every act landed, after retries where needed
    with open_store(store_url, calendar=calendar) as store:
        events = store._read("count", "SELECT count(*) FROM events")[0][0]
        assert events == 2 * CASES + landed
        report = store.verify()
        assert report.ok, report.problems
        reviews = sum(store.row(f"C-{i:03d}").events - 2 for i in range(CASES))
        assert reviews == landed


# -- PostgreSQL goes away in the middle of a transaction ------------------------------------------


def test_a_server_that_goes_away_mid_transaction_writes_nothing_half(
    postgres_url: str, calendar: WorkCalendar
) -> None:
    import psycopg

    from .conftest import _clear_postgres

    _clear_postgres(postgres_url)
    lines = [accepted_case(f"C-{i:03d}").to_json() for i in range(10)]
    store = open_store(postgres_url, calendar=calendar)
    backend_pid = store._open("test").conn.info.backend_pid  # type: ignore[attr-defined]

    def lines_then_outage() -> Iterator[str]:
        for number, line in enumerate(lines):
            if number == 7:  # batch 2 has written two cases in its open transaction
                with psycopg.connect(postgres_url, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (backend_pid,))
            yield line

    with pytest.raises(StoreError, match="PostgreSQL said") as info:
        store.import_jsonl(lines_then_outage(), batch=5)
    assert info.value.operation == "import"
    # the store opens a new connection: batch 1 is there whole, batch 2 not at all
    assert sorted(r.case_id for r in store.open_cases(dt.date(2025, 3, 4), limit=100)) == [
        f"C-{i:03d}" for i in range(5)
    ]
    assert store.import_jsonl(lines).added == 5
    assert store.verify().ok
    store.close()
