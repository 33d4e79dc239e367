"""Speed of the case store, one run: saves, bulk import, queries, records and replay.

Run with ``make bench`` or ``python benchmarks/bench_store.py``. Peers on the same events:
the ``eventsourcing`` library's SQLite and PostgreSQL aggregate recorders, and raw
``INSERT`` + commit of the same rows (the limit). Before anything is timed, the answers are
checked: every peer holds the same event bytes after the run, ``overdue`` and ``due_within``
agree with a plain SQL count, ``records`` equals ``records_from_cases``. PostgreSQL uses
``GOVSERVICE_TEST_POSTGRES`` (default: the local server) and a database created for the run;
without a server the PostgreSQL rows are left out. Each target of the issue gets a PASS or
MISS line (at least as fast as eventsourcing and within 1.5x of raw inserts, for one act per
transaction and for bulk, on each database; ``records`` at least 20x faster than
``records_from_cases``, both timed best of three; ``overdue`` and ``due_within`` on a million
cases under a second). Timings never fail the run. ``BENCH_STORE_PARTS`` picks the parts
(default ``writes,records,queries``); ``layouts`` adds plain ``sqlite3`` timings of one act on
each table layout (eventsourcing's, the store's, without the day index, clustered events).

One run on the shared 2-core machine (load average 2-3, three jobs at once; the write figures
moved by a third between runs, so only interleaved A/B comparisons are trusted): SQLite one act
616 µs (eventsourcing 391, raw same rows 493: 1.58x and 1.25x), bulk 96.7 µs an event (41.1
and 43.7); PostgreSQL one act 6,194 µs (4,212 and 5,089), bulk 102.0 µs an event (159.4 and
101.6); ``records`` 0.34 s for 100,000 cases, 8.9x ``records_from_cases``; ``overdue`` 235 ms
and ``due_within`` 134 ms on a million cases. After the SQLite save wrote only what changed
(a quiet machine, load average about 1): SQLite one act 237 µs (eventsourcing 173, raw 188:
1.37x and 1.26x), bulk 36.9 µs an event (23.3 and 18.5).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import inspect
import os
import platform
import random
import secrets
import sqlite3
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.metrics import records_from_cases
from govservice.store import open_store
from govservice.store._rows import event_day, schema_of, state_values

SEED = 20251129
SAVES = int(
    os.environ.get("BENCH_SCALE", "1") and 1_000
)  # cases, one act saved per transaction each
IMPORT = 2_000  # cases imported in bulk (4 events each)
QUERY_ROWS = 1_000_000  # synthetic state rows for overdue / due_within
RECORD_CASES = 5_000  # real cases for records() against records_from_cases
RECORD_ROWS = 100_000  # state rows for records() (the real ones, copied under new ids)
SH = ZoneInfo("Asia/Shanghai")
CAL = china()
# records_from_cases takes the calendar once the lifecycle issue lands
CALENDAR_OPTION = (
    {"calendar": CAL} if "calendar" in inspect.signature(records_from_cases).parameters else {}
)
POSTGRES = os.environ.get(
    "GOVSERVICE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def best(fn: Callable[[], Any], repeats: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def cases(n: int, prefix: str, rng: random.Random) -> list[Case]:
    matters = list(sample_catalog())
    out = []
    for i in range(n):
        day = dt.datetime(2025, 3, 3, 9, tzinfo=SH) + dt.timedelta(days=rng.randrange(60))
        case = Case.submit(
            matters[rng.randrange(len(matters))], case_id=f"{prefix}{i:07d}",
            applicant=f"申请人{i}", at=day, by="窗口1", calendar=CAL,
        )  # fmt: skip
        out.append(case.accept(at=day + dt.timedelta(minutes=20), by="窗口1"))
    return out


def act(case: Case) -> Case:
    last = dt.datetime.fromisoformat(case.trace.events[-1].payload["at"])
    return case.review(at=last + dt.timedelta(hours=1), by="审核员")


# -- peers ---------------------------------------------------------------------------------------


class Raw:
    """Raw INSERT + commit of the event rows alone (shown for transparency: not the limit)."""

    def __init__(self, url: str) -> None:
        self.pg = url.startswith("postgres")
        if self.pg:
            import psycopg

            self.conn: Any = psycopg.connect(url, autocommit=True)
            self.mark = "%s"
        else:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.mark = "?"
        self.conn.execute(
            "CREATE TABLE raw_events (case_id TEXT, seq INTEGER, hash TEXT, body TEXT, day TEXT, "
            "PRIMARY KEY (case_id, seq))"
        )
        m = self.mark
        self.sql = f"INSERT INTO raw_events VALUES ({m}, {m}, {m}, {m}, {m})"

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) == 1:
            self.conn.execute(sql, rows[0])
        elif self.pg:
            with self.conn.cursor() as cur:
                cur.executemany(sql, rows)
        else:
            self.conn.executemany(sql, rows)

    def insert(self, rows: list[tuple[Any, ...]], states: list[tuple[Any, ...]]) -> None:
        if self.pg:
            with self.conn.transaction():
                self._many(self.sql, rows)
        else:
            self.conn.execute("BEGIN")
            self._many(self.sql, rows)
            self.conn.execute("COMMIT")

    def bodies(self) -> list[tuple[str, int, str]]:
        return sorted(self.conn.execute("SELECT case_id, seq, body FROM raw_events").fetchall())


class RawRows(Raw):
    """Raw INSERT of exactly the rows the store writes, + commit: the limit.

    The event rows and an upsert of the case's state row, in one transaction, into tables made
    by the store's own schema (same columns, same indexes, same PRAGMAs), in a database of
    their own (a separate SQLite file; a separate PostgreSQL schema).
    """

    def __init__(self, url: str) -> None:  # its own tables: no Raw.__init__
        from govservice.store._rows import COLUMNS, RECORD_ROW

        open_store(url, calendar=CAL).close()  # the store's tables, indexes and PRAGMAs
        self.pg = url.startswith("postgres")
        if self.pg:
            import psycopg

            self.conn = psycopg.connect(url, autocommit=True)
            m = "%s"
        else:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            m = "?"
        self.sql = (
            f"INSERT INTO events (case_id, seq, hash, body, day) VALUES ({m}, {m}, {m}, {m}, {m})"
        )
        self.upsert = _upsert("cases", COLUMNS, m)
        self.upsert_record = _upsert("case_records", RECORD_ROW, m)

    def insert(self, rows: list[tuple[Any, ...]], states: list[tuple[Any, ...]]) -> None:
        cases = [s[0] for s in states]
        records = [s[1] for s in states]
        if self.pg:
            with self.conn.transaction():
                self._many(self.sql, rows)
                self._many(self.upsert, cases)
                self._many(self.upsert_record, records)
        else:
            self.conn.execute("BEGIN")
            self._many(self.sql, rows)
            self._many(self.upsert, cases)
            self._many(self.upsert_record, records)
            self.conn.execute("COMMIT")

    def bodies(self) -> list[tuple[str, int, str]]:
        return sorted(self.conn.execute("SELECT case_id, seq, body FROM events").fetchall())

    def states(self) -> list[tuple[Any, ...]]:
        return sorted(self.conn.execute("SELECT * FROM cases").fetchall())

    def records(self) -> list[tuple[Any, ...]]:
        found = self.conn.execute("SELECT * FROM case_records").fetchall()
        return sorted(tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in found)


def _upsert(table: str, columns: tuple[str, ...], mark: str) -> str:
    """INSERT of one row of ``table`` (case_id, then ``columns``), or UPDATE where it is stored."""
    names = ("case_id", *columns)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))}) "
        "ON CONFLICT (case_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns)
    )


class Eventsourcing:
    """The eventsourcing library's aggregate recorder on the same events."""

    def __init__(self, url: str) -> None:
        from eventsourcing.persistence import StoredEvent

        self.StoredEvent = StoredEvent
        self.pg = url.startswith("postgres")
        if self.pg:
            from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore

            p = urllib.parse.urlsplit(url)
            store = PostgresDatastore(
                p.path.lstrip("/"), p.hostname or "127.0.0.1", p.port or 5432,
                p.username or "postgres", p.password or "", originator_id_type="text",
            )  # fmt: skip
            self.recorder: Any = PostgresAggregateRecorder(store, events_table_name="es_events")
        else:
            from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteDatastore

            store = SQLiteDatastore(url.removeprefix("sqlite:///"), originator_id_type="text")
            # the same durability as the store and the raw peers: WAL with synchronous=NORMAL
            # (eventsourcing leaves SQLite's default, FULL: an fsync at every commit)
            create = store.pool._create_connection

            def normal() -> Any:
                conn = create()
                conn._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
                return conn

            store.pool._create_connection = normal  # type: ignore[method-assign]
            self.recorder = SQLiteAggregateRecorder(store, events_table_name="es_events")
        self.recorder.create_table()
        self.ids: set[str] = set()

    def settings(self) -> str:
        """The connection settings that decide what a commit waits for."""
        datastore = self.recorder.datastore
        if not self.pg:
            with datastore.transaction(commit=False) as curs:
                return sqlite_settings(curs)
        with datastore.get_connection() as conn:
            return postgres_settings(conn)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        events = [
            self.StoredEvent(c, s, "govservice:event", b.encode()) for c, s, _h, b, _d in rows
        ]
        self.recorder.insert_events(events)
        self.ids.update(c for c, *_ in rows)

    def bodies(self) -> list[tuple[str, int, str]]:
        out = []
        for case_id in self.ids:
            out += [
                (str(e.originator_id), e.originator_version, e.state.decode())
                for e in self.recorder.select_events(case_id)
            ]
        return sorted(out)


def sqlite_settings(conn: Any) -> str:
    """journal_mode and synchronous of a sqlite3 connection (or a cursor of one)."""

    def one(pragma: str) -> Any:
        cur = conn.execute(f"PRAGMA {pragma}")
        return (cur if cur is not None else conn).fetchone()[0]

    level = ("OFF", "NORMAL", "FULL", "EXTRA")[int(one("synchronous"))]
    return f"journal_mode={one('journal_mode')}, synchronous={level}"


def postgres_settings(conn: Any) -> str:
    """What a PostgreSQL commit waits for, as the session sees it."""
    names = ("synchronous_commit", "fsync", "wal_sync_method", "commit_delay")
    shown = []
    for name in names:
        row = conn.execute(f"SHOW {name}").fetchone()
        shown.append(f"{name}={row[name] if isinstance(row, dict) else row[0]}")
    return ", ".join(shown)


def rows_of(case: Case, start: int = 0) -> list[tuple[Any, ...]]:
    zone, days = SH, {}
    return [
        (case.case_id, e.seq, e.hash, e.body, event_day(e, zone, days))
        for e in case.trace.events[start:]
    ]


def state_of(case: Case) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The case's state row and its row of ``case_records``, as the store writes them."""
    row, record = state_values(case, CAL, schema=schema_of(case))
    return (case.case_id, *row), (case.case_id, *record)


# -- backends ------------------------------------------------------------------------------------


def postgres_databases() -> Iterator[str]:
    """Yield a fresh database URL (dropped afterwards), or nothing without a server."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5)
    except Exception as exc:
        print(f"(PostgreSQL left out: {str(exc).strip().splitlines()[0][:120]})")
        return
    name = f"govservice_bench_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        p = urllib.parse.urlsplit(POSTGRES)
        yield urllib.parse.urlunsplit(p._replace(path=f"/{name}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def writes(url: str, raw_url: str, label: str, rng: random.Random) -> None:
    base = cases(SAVES, "S", rng)
    acted = [act(c) for c in base]
    bulk = cases(IMPORT, "B", rng)
    bulk = [act(act(c)) for c in bulk]
    store = open_store(url, calendar=CAL)
    es = Eventsourcing(url)
    raw = Raw(url)
    full = RawRows(raw_url)
    db = store._open("bench")
    read = sqlite_settings if db.name == "SQLite" else postgres_settings
    peers = {
        "govservice": read(db.conn),
        "eventsourcing": es.settings(),
        "raw INSERT": read(full.conn),
    }
    print(f"\n{label}: connection settings (a commit waits for the same on every peer)")
    for name, text in peers.items():
        print(f"  {name:<14} {text}")
    if len(set(peers.values())) != 1:
        print("  (the peers' settings DIFFER: the figures below do not compare like with like)")
    for c in base:  # every peer starts with the same stored cases
        store.add(c)
        es.insert(rows_of(c))
        raw.insert(rows_of(c), [])
        full.insert(rows_of(c), [state_of(c)])
    # the rows of each act, worked out before anything is timed
    act_rows = [(rows_of(c, 2), [state_of(c)]) for c in acted]
    # Interleaved, act by act and batch by batch, so a busy machine weighs on every peer alike.
    names = ("govservice", "eventsourcing", "raw INSERT: events + state row", "raw INSERT: events")
    timings = dict.fromkeys(names, 0.0)
    clock = time.perf_counter
    for c, (rows, states) in zip(acted, act_rows, strict=True):
        t0 = clock()
        store.save(c)
        t1 = clock()
        es.insert(rows)
        t2 = clock()
        full.insert(rows, states)
        t3 = clock()
        raw.insert(rows, [])
        t4 = clock()
        timings[names[0]] += t1 - t0
        timings[names[1]] += t2 - t1
        timings[names[2]] += t3 - t2
        timings[names[3]] += t4 - t3
    bulk_times = dict.fromkeys(timings, 0.0)
    for i in range(0, len(bulk), 500):
        batch = bulk[i : i + 500]
        rows = [r for c in batch for r in rows_of(c)]
        states = [state_of(c) for c in batch]
        t0 = clock()
        store.save_many(batch)
        t1 = clock()
        es.insert(rows)
        t2 = clock()
        full.insert(rows, states)
        t3 = clock()
        raw.insert(rows, [])
        t4 = clock()
        bulk_times[names[0]] += t1 - t0
        bulk_times[names[1]] += t2 - t1
        bulk_times[names[2]] += t3 - t2
        bulk_times[names[3]] += t4 - t3
    lines = [c.to_json() for c in bulk]
    # the answers agree: the same event bytes everywhere, the same state rows
    ours = sorted(
        (c, s, b) for c, s, b in store._read("check", "SELECT case_id, seq, body FROM events")
    )
    assert ours == raw.bodies() == full.bodies() == es.bodies(), "the peers differ in events"
    assert sorted(store._read("check", "SELECT * FROM cases")) == full.states(), "state rows"
    ours_records = store._read("check", "SELECT * FROM case_records")
    ours_records = [
        tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in ours_records
    ]
    assert sorted(ours_records) == full.records(), "records"
    with tempfile.TemporaryDirectory() as d:
        copy = open_store(f"sqlite:///{Path(d) / 'copy.db'}", calendar=CAL)
        t = time.perf_counter()
        copy.import_jsonl(lines, batch=500)
        replayed = time.perf_counter() - t
        copy.close()
    events_saved = len(acted)
    events_bulk = sum(len(c.trace) for c in bulk)
    print(f"{label}: saving one act per transaction ({events_saved} acts)")
    for name, secs in timings.items():
        ratio = secs / timings["govservice"]
        print(f"  {name:<32} {secs / events_saved * 1e6:9.1f} µs/act   {ratio:5.2f}x govservice")
    limit = timings["govservice"] / timings[names[2]]
    print(f"  govservice / raw limit: {limit:.2f}x (target <= 1.5x)")
    verdicts(label, "one act per transaction", timings, names)
    print(f"{label}: bulk, 500 cases per transaction ({len(bulk)} cases, {events_bulk} events)")
    for name, secs in bulk_times.items():
        ratio = secs / bulk_times["govservice"]
        print(f"  {name:<32} {secs / events_bulk * 1e6:9.1f} µs/event {ratio:5.2f}x govservice")
    limit = bulk_times["govservice"] / bulk_times[names[2]]
    print(f"  govservice / raw limit: {limit:.2f}x (target <= 1.5x)")
    verdicts(label, "bulk", bulk_times, names)
    print(
        f"  import_jsonl (replays and verifies each case, into SQLite): "
        f"{replayed / len(bulk) * 1e6:.0f} µs/case"
    )
    store.close()
    full.conn.close()


def verdict(ok: bool, text: str) -> None:
    """One target's line: PASS or MISS (timings never fail the run)."""
    print(f"  {'PASS' if ok else 'MISS'} {text}")


def verdicts(label: str, what: str, times: dict[str, float], names: tuple[str, ...]) -> None:
    """The issue's two targets for writes: at least as fast as eventsourcing, <= 1.5x raw."""
    ours, es, raw = times[names[0]], times[names[1]], times[names[2]]
    verdict(ours <= es, f"{label} {what}: at least as fast as eventsourcing ({ours / es:.2f}x)")
    verdict(ours <= 1.5 * raw, f"{label} {what}: within 1.5x of raw INSERT ({ours / raw:.2f}x)")


# -- queries on a million state rows -------------------------------------------------------------


def queries(directory: Path, rng: random.Random) -> None:
    from govservice.store._rows import COLUMNS

    url = f"sqlite:///{directory / 'million.db'}"
    store = open_store(url, calendar=CAL)
    template = cases(1, "T", rng)[0]
    from govservice.store._rows import schema_of, state_row

    row = state_row(template, CAL, schema=schema_of(template))
    start = dt.date(2024, 1, 2)
    out = []
    for i in range(QUERY_ROWS):
        submitted = start + dt.timedelta(days=rng.randrange(730))
        due = submitted + dt.timedelta(days=rng.randrange(3, 30))
        ended = None if rng.random() < 0.02 else submitted + dt.timedelta(days=rng.randrange(25))
        r = dict(row)
        r.update(
            submitted_on=submitted.isoformat(), committed_due=due.isoformat(),
            statutory_due=(due + dt.timedelta(days=15)).isoformat(),
            ended_on=None if ended is None else ended.isoformat(),
            ended_at=None if ended is None else f"{ended.isoformat()}T08:00:00+00:00",
            state="accepted" if ended is None else "completed",
        )  # fmt: skip
        out.append((f"Q{i:07d}", *(r[c] for c in COLUMNS)))
    db = store._open("bench")
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    with db.transaction("fill"):
        db.executemany(f"INSERT INTO cases VALUES ({marks})", out)
    db.execute("ANALYZE")
    today = dt.date(2025, 12, 31)
    last = CAL.add_working_days(today, 3)
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
    want_overdue = raw.execute(
        "SELECT count(*) FROM cases WHERE submitted_on <= ? AND (ended_on IS NULL OR ended_on > ?)"
        " AND committed_due < ?",
        (today.isoformat(), today.isoformat(), today.isoformat()),
    ).fetchone()[0]
    want_due = raw.execute(
        "SELECT count(*) FROM cases WHERE submitted_on <= ? AND (ended_on IS NULL OR ended_on > ?)"
        " AND committed_due >= ? AND committed_due <= ?",
        (today.isoformat(), today.isoformat(), today.isoformat(), last.isoformat()),
    ).fetchone()[0]
    t_over, page = best(lambda: store.overdue(today, limit=100))
    assert page.total == want_overdue, (page.total, want_overdue)
    t_due, page2 = best(lambda: store.due_within(today, 3, limit=100))
    assert page2.total == want_due, (page2.total, want_due)
    t_all, _ = best(lambda: store.overdue(today, limit=100_000))
    print(
        f"\nSQLite, {QUERY_ROWS:,} stored cases ({want_overdue:,} overdue, {want_due:,} due soon):"
    )
    print(f"  overdue(today), first page of 100     {t_over * 1e3:8.1f} ms")
    print(f"  overdue(today), every row             {t_all * 1e3:8.1f} ms")
    print(f"  due_within(today, 3), first page      {t_due * 1e3:8.1f} ms   (target < 1000 ms)")
    verdict(t_over < 1.0, f"overdue(today) on {QUERY_ROWS:,} cases under 1 s")
    verdict(t_due < 1.0, f"due_within(today, 3) on {QUERY_ROWS:,} cases under 1 s")
    raw.close()
    store.close()


def records(directory: Path, rng: random.Random) -> None:
    from govservice.store._rows import COLUMNS, RECORD_ROW

    real = cases(RECORD_CASES, "R", rng)
    store = open_store(f"sqlite:///{directory / 'records.db'}", calendar=CAL)
    store.save_many(real)
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    t_ref, expected = best(lambda: records_from_cases(real, **CALENDAR_OPTION))
    got = store.records(start, end)
    pd.testing.assert_frame_equal(
        got.sort_values("case_id").reset_index(drop=True),
        expected.sort_values("case_id").reset_index(drop=True),
    )
    db = store._open("bench")
    with db.transaction("copy"):
        for k in range(1, RECORD_ROWS // RECORD_CASES):
            for table, columns in (("cases", COLUMNS), ("case_records", RECORD_ROW)):
                names = ", ".join(columns)
                # the packed record's text starts with the case id: the copy's own
                copied = names.replace(
                    "rec_text", f"case_id || '-{k}' || substr(rec_text, length(case_id) + 1)"
                )
                db.execute(
                    f"INSERT INTO {table} (case_id, {names}) SELECT case_id || '-{k}', {copied} "
                    f"FROM {table} WHERE case_id LIKE 'R%' AND case_id NOT LIKE '%-%'"
                )
    n = len(store)
    t_rec, frame = best(lambda: store.records(start, end))
    assert len(frame) == n
    per_ref = t_ref / RECORD_CASES
    per_rec = t_rec / n
    print(f"\nrecords for {n:,} cases (SQLite):")
    print(f"  store.records(start, end)   {t_rec:8.2f} s   {per_rec * 1e6:7.1f} µs/case")
    print(
        f"  records_from_cases          {per_ref * n:8.2f} s   {per_ref * 1e6:7.1f} µs/case "
        f"(timed on {RECORD_CASES:,} cases)   {per_ref / per_rec:5.1f}x slower (target >= 20x)"
    )
    verdict(per_ref / per_rec >= 20, "store.records at least 20x faster than records_from_cases")
    # replay through get
    ids = [c.case_id for c in real[:2000]]
    t_get, _ = best(lambda: [store.get(i) for i in ids], repeats=1)
    texts = [c.to_json() for c in real[:2000]]
    t_json, _ = best(lambda: [Case.from_json(t, calendar=CAL) for t in texts], repeats=1)
    print(
        f"  replay: store.get {len(ids) / t_get:8,.0f} cases/s; Case.from_json alone "
        f"{len(ids) / t_json:8,.0f} cases/s (target 30,000 after the lifecycle issue)"
    )
    verdict(len(ids) / t_get >= 30_000, "replay through store.get at 30,000 cases/s")
    # For scale, not a target: a month's records without the store's rows, as before the
    # store (every case read back from its JSON, then records_from_cases).
    per_back = t_json / len(texts) + per_ref
    print(
        f"  (without the state rows: Case.from_json then records_from_cases "
        f"{per_back * 1e6:7.1f} µs/case, {per_back / per_rec:5.1f}x store.records)"
    )
    store.close()


LAYOUT_ACTS = 3_000


def layouts(directory: Path) -> None:
    """Plain ``sqlite3``, no govservice: what one act costs on each table layout.

    ``BENCH_STORE_PARTS=layouts``. 3,000 cases of two events, then one act each in its own
    transaction, in shuffled order, best of three: eventsourcing's layout (one clustered
    row an event) against the store's (a compare-and-swap UPDATE of the state row and an event
    INSERT, with the primary-key and day indexes), the same without the day index, and with
    the events table clustered (``WITHOUT ROWID``). Synthetic rows of the store's sizes.
    """
    body, digest = "x" * 650, "h" * 64
    kinds = ("eventsourcing", "store", "store, no day index", "store, events clustered")

    def make(path: Path, kind: str) -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if kind == "eventsourcing":
            conn.execute(
                "CREATE TABLE ev (id TEXT, v INTEGER, topic TEXT, state BLOB, "
                "PRIMARY KEY (id, v)) WITHOUT ROWID"
            )
            return conn
        clustered = " WITHOUT ROWID" if kind.endswith("clustered") else ""
        conn.execute(
            "CREATE TABLE events (case_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT, "
            f"body TEXT, day TEXT, PRIMARY KEY (case_id, seq)){clustered}"
        )
        if kind != "store, no day index":
            conn.execute("CREATE INDEX events_day ON events (day)")
        conn.execute(
            "CREATE TABLE cases (case_id TEXT PRIMARY KEY, head TEXT, state TEXT, pad TEXT, "
            "due TEXT, ended TEXT)"
        )
        conn.execute("CREATE INDEX cases_open ON cases (due) WHERE ended IS NULL")
        return conn

    def one(kind: str, run: int) -> float:
        conn = make(directory / f"layout-{kinds.index(kind)}-{run}.db", kind)
        ids = [f"S{i:07d}" for i in range(LAYOUT_ACTS)]
        conn.execute("BEGIN")
        for i in ids:
            for seq in (0, 1):
                if kind == "eventsourcing":
                    conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?)", (i, seq, "t", body.encode()))
                else:
                    row = (i, seq, digest, body, "2025-03-03")
                    conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)", row)
            if kind != "eventsourcing":
                state = (i, digest, "accepted", "p" * 400, "2025-03-20")
                conn.execute("INSERT INTO cases VALUES (?, ?, ?, ?, ?, NULL)", state)
        conn.execute("COMMIT")
        random.Random(run).shuffle(ids)
        t0 = time.perf_counter()
        for i in ids:
            conn.execute("BEGIN")
            if kind == "eventsourcing":
                conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?)", (i, 2, "t", body.encode()))
            else:
                conn.execute(
                    "UPDATE cases SET head = ?, state = ? WHERE case_id = ? AND head = ?",
                    ("g" * 64, "reviewed", i, digest),
                )
                row = (i, 2, digest, body, "2025-03-04")
                conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)", row)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - t0
        conn.close()
        return seconds / LAYOUT_ACTS

    times: dict[str, list[float]] = {k: [] for k in kinds}
    for run in range(3):  # interleaved
        for kind in kinds:
            times[kind].append(one(kind, run))
    print(f"\nSQLite layouts, plain sqlite3 (one act per transaction, {LAYOUT_ACTS:,} acts):")
    for kind, values in times.items():
        print(f"  {kind:<28} {min(values) * 1e6:7.1f} µs/act (best of 3)")


def psycopg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def main() -> None:
    versions = {p: importlib.metadata.version(p) for p in ("eventsourcing", "psycopg")}
    print(
        f"bench_store: Python {platform.python_version()} on {sys.platform}, seed {SEED}, "
        f"sqlite {sqlite3.sqlite_version}, " + ", ".join(f"{k} {v}" for k, v in versions.items())
    )
    rng = random.Random(SEED)
    parts = os.environ.get("BENCH_STORE_PARTS", "writes,records,queries").split(",")
    with tempfile.TemporaryDirectory() as d:
        if "writes" in parts:
            write_runs(Path(d), rng)
        if "records" in parts:
            records(Path(d), rng)
        if "queries" in parts:
            queries(Path(d), rng)
        if "layouts" in parts:
            layouts(Path(d))


def write_runs(d: Path, rng: random.Random) -> None:
    writes(f"sqlite:///{d / 'writes.db'}", f"sqlite:///{d / 'raw.db'}", "SQLite", rng)
    for url in postgres_databases():
        with psycopg_connect(url) as conn:
            conn.execute("CREATE SCHEMA raw_peer")
        raw_url = f"{url}?options={urllib.parse.quote('-c search_path=raw_peer')}"
        writes(url, raw_url, "PostgreSQL", rng)


if __name__ == "__main__":
    main()
