"""Seventh review of the case store, as an integrator and a county clerk would use it.

Bad input (issue 14): each a typed `GovServiceError` naming what was wrong, nothing half
written, `verify` passing afterwards: a case counted on another calendar, text PostgreSQL
cannot hold, files that are read-only, not SQLite, cut short or damaged, a PostgreSQL server
that goes away (``pg_terminate_backend`` on the real server, and the server made unreachable
through a relay), JSON lines attacked line by line. Then the queries against a brute-force
answer worked out from the cases themselves, the daily digest checked by an independent
Merkle computation, and every migration step on both backends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import (
    CalendarMismatchError,
    CaseNotFoundError,
    GovServiceError,
    InvalidValueError,
    StoreError,
    TraceIntegrityError,
)
from govservice.approval import ParallelCase, construction_project_plan
from govservice.calendar import WorkCalendar, china
from govservice.matters import Case, Trace, sample_catalog
from govservice.store import SCHEMA_VERSION, CaseStore, Digest, open_store

from ..needs import missing
from .conftest import _clear_postgres, accepted_case, at, matter, records_of

ROOT = Path(__file__).resolve().parents[2]
SH = ZoneInfo("Asia/Shanghai")


def _count(store: CaseStore, table: str) -> int:
    return int(store._read("count", f"SELECT count(*) FROM {table}")[0][0])


def _counts(store: CaseStore) -> tuple[int, int, int]:
    return _count(store, "cases"), _count(store, "events"), _count(store, "case_records")


# -- a case counted on another calendar than the store's ------------------------------------------


def test_a_case_counted_on_another_calendar_is_refused_and_nothing_is_written(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    """Before, the store took it: its state row kept the other calendar's due date, and the
    case no longer read back (`get` raised `CalendarMismatchError`, `verify` reported it)."""
    closed = calendar.with_closures(dt.date(2025, 3, 6), dt.date(2025, 3, 7), "停电闭馆")
    case = Case.submit(
        matter(), case_id="C-1", applicant="张三", at=at(3), by="窗口1", calendar=closed
    ).accept(at=at(3, 10), by="窗口1")
    assert case.due_date == dt.date(2025, 3, 12)  # the store's calendar says 2025-03-10
    parallel = construction_project_plan().open("P-1", dt.date(2025, 3, 3), calendar=closed)
    for attempt in (
        lambda: store.add(case),
        lambda: store.save(case),
        lambda: store.save_many([accepted_case("C-2"), case]),
        lambda: store.add(parallel),
    ):
        with pytest.raises(CalendarMismatchError) as info:
            attempt()
        assert any("another calendar than the store's" in n for n in info.value.__notes__)
    assert _counts(store) == (0, 0, 0)
    # an act on the other calendar that moves no due date reads back on the store's: stored
    store.add(accepted_case("C-3"))
    store.save(attrs.evolve(store.get("C-3"), calendar=closed).review(at=at(4), by="审"))
    assert store.row("C-3").events == 3
    # one that counts a due date on it does not
    stopped = store.get("C-3").suspend(at=at(4, 10), by="审", reason="检测")
    store.save(stopped)
    resumed = attrs.evolve(stopped, calendar=closed).resume(at=at(5), by="审")
    with pytest.raises(CalendarMismatchError):
        store.save(resumed)
    assert store.row("C-3").events == 4
    assert store.verify().ok


def test_a_case_read_before_a_recalendar_is_stale_not_on_another_calendar(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    """Read on the old calendar, saved after `recalendar` moved it: both stale and counted
    on another calendar; the answer stays `ConcurrencyError` (reload, act again), which
    mends both, as before the calendar check."""
    from govservice import ConcurrencyError

    store.add(accepted_case("C-1"))
    stale = store.get("C-1")
    closed = calendar.with_closures(dt.date(2025, 3, 6), dt.date(2025, 3, 7), "停电闭馆")
    store.recalendar(closed, at=at(5, 17), by="管理员")
    with pytest.raises(ConcurrencyError) as info:
        store.save(stale.suspend(at=at(5, 18), by="审", reason="检测").resume(at=at(6), by="审"))
    assert info.value.stored_head == store.row("C-1").head
    store.save(store.get("C-1").review(at=at(5, 18), by="审"))
    assert store.verify().ok


def test_a_case_on_an_equal_calendar_or_one_that_counts_it_alike_is_stored(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    """Not every other calendar object is refused: an equal one, or one whose difference
    does not touch the case (a closure after its due dates), counts the case as the store's
    does; its row is worked out on the store's calendar, and it reads back."""
    later = calendar.with_closures(dt.date(2025, 12, 1), dt.date(2025, 12, 2), "停电闭馆")
    equal = calendar.with_closures(dt.date(2025, 12, 1), dt.date(2025, 12, 2), "停电闭馆")
    assert later == equal
    assert later is not equal
    first = Case.submit(matter(), case_id="C-1", applicant="张三", at=at(3), by="窗口1",
                        calendar=later).accept(at=at(3, 10), by="窗口1")  # fmt: skip
    store.add(first)
    assert store.get("C-1") == first
    store.save(attrs.evolve(first, calendar=equal).review(at=at(4), by="审"))
    assert store.row("C-1").events == 3
    assert store.verify().ok


# -- text a store cannot hold -------------------------------------------------------------------


def test_text_with_a_nul_is_refused_on_both_backends_naming_the_field(store: CaseStore) -> None:
    """PostgreSQL cannot store a NUL in a text: before, it failed as a database error ("store
    error" from a shell) while SQLite stored the case, a store that could then never move to
    PostgreSQL. Now both refuse it as bad input, naming the case and the field."""
    cases = {  # named by the case's field, as the act took it (not the store's column)
        "applicant": Case.submit(matter(), case_id="N-1", applicant="张\x00三", at=at(3),
                                 by="窗口1", calendar=china()),
        "case_id": Case.submit(matter(), case_id="N\x002", applicant="张三", at=at(3),
                               by="窗口1", calendar=china()),
        "window": Case.submit(matter(), case_id="N-3", applicant="张三", at=at(3),
                              by="窗口1", calendar=china()
                              ).accept(at=at(3, 10), by="窗口1", window="窗口\x001"),
    }  # fmt: skip
    for field, case in cases.items():
        for attempt in (store.add, store.save, lambda c: store.save_many([c])):
            with pytest.raises(InvalidValueError) as info:
                attempt(case)
            assert info.value.field == field
            assert "NUL" in str(info.value)
            assert repr(case.case_id) in str(info.value)
    with pytest.raises(InvalidValueError, match="applicant") as info:
        store.import_jsonl([accepted_case("N-4").to_json(), cases["applicant"].to_json()])
    assert "while importing line 2" in info.value.__notes__
    assert _counts(store) == (0, 0, 0)
    assert store.verify().ok


def test_looking_up_text_no_case_can_have_is_not_found_or_refused_alike_on_both_backends(
    store: CaseStore,
) -> None:
    """A NUL in a case id or a filter: not found (PostgreSQL refused the lookup itself, a
    "store error"); a lone surrogate: InvalidValueError (an UnicodeEncodeError escaped)."""
    store.add(accepted_case("C-1"))
    today = dt.date(2025, 3, 4)
    for key in ("C-1\x00", "\x00"):
        assert key not in store
        for lookup in (store.get, store.row, store.json):
            with pytest.raises(CaseNotFoundError):
                lookup(key)
        assert store.open_cases(today, department=key).total == 0
        assert store.overdue(today, window=key, limit=5).items == ()
    assert "\ud800" not in store
    for lookup in (store.get, store.row, store.json):
        with pytest.raises(InvalidValueError, match="surrogate"):
            lookup("C-\ud800")
    for name in ("department", "window", "matter", "state"):
        with pytest.raises(InvalidValueError, match=name):
            store.open_cases(today, **{name: "\udfff"})
    assert [r.case_id for r in store.open_cases(today)] == ["C-1"]


# -- files: read-only, not SQLite, cut short, damaged ------------------------------------------


#: Run as a user who cannot write where it is told to, printing one JSON line per attempt.
_PROBE = textwrap.dedent(
    """
    import json, sys
    sys.path[:0] = [sys.argv[2], sys.argv[3]]
    from govservice import GovServiceError
    from govservice.calendar import china
    from tests.store.conftest import accepted_case, at

    def attempt(name, do):
        try:
            value = do()
        except GovServiceError as exc:
            print(json.dumps([name, type(exc).__name__, str(exc)], ensure_ascii=False))
        except BaseException as exc:
            print(json.dumps([name, "UNTYPED " + type(exc).__name__, str(exc)]))
        else:
            print(json.dumps([name, "ok", repr(value)], ensure_ascii=False))

    from govservice.store import open_store
    store = None
    def opened():
        global store
        store = open_store(sys.argv[1], calendar=china())
        return len(store)
    attempt("open", opened)
    if store is not None:
        attempt("get", lambda: store.get("C-1").state.value)
        attempt("overdue", lambda: store.overdue(at(20).date()).total)
        attempt("add", lambda: store.add(accepted_case("C-9")))
        attempt("save", lambda: store.save(store.get("C-1").review(at=at(4), by="审")))
        attempt("save_many", lambda: store.save_many([accepted_case("C-8")]))
        attempt("import", lambda: store.import_jsonl([accepted_case("C-7").to_json()]))
        attempt("verify", lambda: store.verify().ok)
        store.close()
    """
)


@contextlib.contextmanager
def _folder_of_another_user() -> Iterator[Path]:
    """A folder in /tmp (a test's own tmp_path is closed to other users), owned by the user
    the probe runs as, removed afterwards whatever its permissions."""
    folder = Path(tempfile.mkdtemp(prefix="govservice-ro-"))
    try:
        os.chmod(folder, 0o755)
        if os.geteuid() == 0:
            os.chown(folder, 65534, 65534)
        yield folder
    finally:
        for path in (folder, *folder.iterdir()):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)


def _as_nobody() -> list[str]:
    """The command prefix that runs a program as a user without root's right to write
    anywhere: ``nobody`` through ``setpriv`` (util-linux) in a root run, else nothing."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        missing("a root test run needs setpriv (util-linux) to act as another user")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def _as_another_user(url: str) -> dict[str, tuple[str, str]]:
    """Run `_PROBE` on ``url`` as a user without root's right to write anywhere.

    Root writes through any permission, so a root test run drops to ``nobody`` with
    ``setpriv`` (util-linux); another user runs the probe as themselves.
    """
    done = subprocess.run(
        [*_as_nobody(), sys.executable, "-c", _PROBE, url, str(ROOT / "src"), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False, cwd="/",
    )  # fmt: skip
    if done.returncode in (126, 127):
        missing(f"cannot run Python as another user here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {name: (kind, text) for name, kind, text in lines}


def _stored_file(folder: Path) -> Path:
    path = folder / "c.db"
    with open_store(f"sqlite:///{path}", calendar=china()) as store:
        store.add(accepted_case("C-1"))
    for made in folder.iterdir():
        if os.geteuid() == 0:
            os.chown(made, 65534, 65534)
    return path


def _after(path: Path) -> tuple[int, int, bool]:
    """As its owner, with the permissions put back: what the store holds, whether it verifies."""
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    with open_store(f"sqlite:///{path}", calendar=china()) as store:
        return len(store), _count(store, "events"), store.verify().ok


def test_a_read_only_file_reads_and_refuses_every_write_naming_the_file() -> None:
    with _folder_of_another_user() as folder:
        path = _stored_file(folder)
        os.chmod(path, 0o444)  # chmod 0444
        got = _as_another_user(f"sqlite:///{path}")
        assert got["open"] == ("ok", "1")
        assert got["get"] == ("ok", "'accepted'")
        assert got["verify"] == ("ok", "True")
        for write in ("add", "save", "save_many", "import"):
            kind, text = got[write]
            assert kind == "StoreError", got[write]
            assert f"the file '{path}' cannot be written to" in text
            assert "?mode=ro" in text
        assert _after(path) == (1, 2, True)


def test_a_read_only_folder_is_named_and_read_only_mode_still_reads_it() -> None:
    """SQLite writes c.db-wal and c.db-shm beside the file: in a folder it may not write
    to, even opening fails. Before, ``?mode=ro`` failed there too ("attempt to write a
    readonly database", no file named); a read-only share or disc could not be read."""
    with _folder_of_another_user() as folder:
        path = _stored_file(folder)
        os.chmod(folder, 0o555)
        got = _as_another_user(f"sqlite:///{path}")
        kind, text = got["open"]
        assert kind == "StoreError"
        assert f"the folder '{folder}' cannot be written to" in text
        assert "c.db-wal" in text
        got = _as_another_user(f"sqlite:///{path}?mode=ro")
        assert got["open"] == ("ok", "1")
        assert got["get"] == ("ok", "'accepted'")
        assert got["overdue"] == ("ok", "1")
        assert got["verify"] == ("ok", "True")
        for write in ("add", "save", "save_many", "import"):
            kind, text = got[write]
            assert kind == "StoreError", got[write]
            assert "opened read-only (?mode=ro)" in text
        assert sorted(p.name for p in folder.iterdir()) == ["c.db"]
        assert _after(path) == (1, 2, True)


def test_read_only_mode_does_not_read_without_locks_where_a_writer_may_come() -> None:
    """A folder its owner may write to but this user may not: the owner's clerks may save
    while a report reads, so the store is not read without locks (that could read half a
    checkpoint); the error says what to do instead."""
    with _folder_of_another_user() as folder:
        path = _stored_file(folder)
        if os.geteuid() == 0:
            os.chown(folder, 0, 0)  # root's folder, 0755: nobody may not write to it
        else:
            missing("needs a folder owned by another user: run the tests as root (CI does)")
        got = _as_another_user(f"sqlite:///{path}?mode=ro")
        kind, text = got["open"]
        assert kind == "StoreError"
        assert "others may write the store there" in text
        assert "read a copy" in text


def test_read_only_mode_never_reads_the_file_alone_past_a_log_beside_it() -> None:
    """The immutable reading is only for a file with no ``-wal`` beside it: with one, the
    log holds committed saves (here case C-2) that reading the file alone would miss."""
    with _folder_of_another_user() as folder:
        path = _stored_file(folder)
        with open_store(f"sqlite:///{path}", calendar=china()) as writer:
            writer.add(accepted_case("C-2"))  # in the log, not yet copied into the file
            assert Path(f"{path}-wal").stat().st_size > 0
            os.chmod(folder, 0o555)
            got = _as_another_user(f"sqlite:///{path}?mode=ro")
            os.chmod(folder, 0o755)
        assert got["open"] != ("ok", "1"), got["open"]
        if got["open"][0] == "ok":
            assert got["open"] == ("ok", "2")
        else:
            assert got["open"][0] == "StoreError"


def _damaged(tmp_path: Path, calendar: WorkCalendar) -> dict[str, Path]:
    good = tmp_path / "good.db"
    with open_store(f"sqlite:///{good}", calendar=calendar) as store:
        store.save_many([accepted_case(f"C-{i:03d}").review(at=at(4), by="审") for i in range(300)])
    data = good.read_bytes()
    files = {
        "text": b"this is a note, not a database\n" * 40,
        "cut to 100 bytes": data[:100],
        "cut in half": data[: len(data) // 2],
        "header overwritten": data[:16] + b"\xff" * 84 + data[100:],
    }
    paths = {}
    for name, content in files.items():
        path = tmp_path / f"{name.replace(' ', '_')}.db"
        path.write_bytes(content)
        paths[name] = path
    return paths


def test_files_that_are_not_sqlite_or_are_damaged_are_named_store_errors(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    for name, path in _damaged(tmp_path, calendar).items():
        before = path.read_bytes()
        with pytest.raises(StoreError) as info:
            open_store(f"sqlite:///{path}", calendar=calendar)
        assert info.value.operation == "open", name
        assert repr(str(path)) in info.value.reason, name
        assert "SQLite said" in info.value.reason
        assert path.read_bytes() == before, name  # nothing written into it


def test_verify_finds_an_index_that_no_longer_matches_its_table(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    """A damaged index makes the queries miss cases while every trace and state row still
    verifies: before, `verify` reported such a store as fine."""
    path = tmp_path / "c.db"
    with open_store(f"sqlite:///{path}", calendar=calendar) as store:
        store.save_many([accepted_case(f"C-{i}") for i in range(20)])
        assert store.verify().ok
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA writable_schema=ON")  # the index's definition no longer its contents
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(committed_due', '(statutory_due') "
        "WHERE name = 'cases_open_committed'"
    )
    conn.close()
    with open_store(f"sqlite:///{path}", calendar=calendar) as store:
        report = store.verify()
        assert not report.ok
        assert any(p.startswith("database file: ") for p in report.problems), report.problems
        assert report.cases == 20


def test_verify_finds_an_event_moved_to_another_day(store: CaseStore) -> None:
    """The day column is what `digest` reads: an event moved to another day changes two
    published digests while every trace still verified. `verify` checks it now."""
    store.add(accepted_case("C-1"))
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute("UPDATE events SET day = '2025-03-04' WHERE case_id = 'C-1' AND seq = 1")
    report = store.verify()
    assert report.problems == ("C-1 event 1 day: stored '2025-03-04', its time says '2025-03-03'",)


# -- PostgreSQL going away ----------------------------------------------------------------------


@contextlib.contextmanager
def _terminated_when_waiting(url: str, pid: int, table: str = "events") -> Iterator[list[int]]:
    """Hold a lock on ``table``; when the backend ``pid`` waits for it (in the middle of a
    transaction or a statement), terminate that backend, then let the lock go."""
    import psycopg

    locker = psycopg.connect(url)
    locker.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    killed: list[int] = []

    def watch() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            for _ in range(1500):
                waiting = admin.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
                ).fetchone()
                if waiting is not None and waiting[0] == "Lock":
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
                    killed.append(pid)
                    break
                time.sleep(0.01)
        locker.rollback()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield killed
    finally:
        watcher.join()
        locker.close()


def _pid(store: CaseStore) -> int:
    return int(store._open("test").conn.info.backend_pid)  # type: ignore[attr-defined]


def _terminate(url: str, pid: int) -> None:
    """Terminate a backend and wait until it is gone (the client learns only when it sends)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(500):
            if not admin.execute(
                "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchall():
                return
            time.sleep(0.01)


@pytest.fixture
def pg_store(postgres_url: str, calendar: WorkCalendar) -> Iterator[CaseStore]:
    _clear_postgres(postgres_url)
    with open_store(postgres_url, calendar=calendar) as store:
        yield store


def test_a_server_gone_mid_transaction_of_each_write_leaves_nothing_half_written(
    pg_store: CaseStore, postgres_url: str
) -> None:
    """add, save_many and a save that takes the general path (a transaction each): the
    connection terminated while the transaction waits on a lock, with rows written in it."""
    store = pg_store
    store.add(accepted_case("C-1"))
    longer = accepted_case("C-1").review(at=at(4), by="审").approve(at=at(5), by="科长")
    store._known.clear()  # no hint: the save takes the transaction of the general path
    writes: dict[str, Callable[[], object]] = {
        "add": lambda: store.add(accepted_case("C-2")),
        "save": lambda: store.save_many([longer]),
        "save_many": lambda: store.save_many([accepted_case("C-3"), accepted_case("C-4")]),
        "import": lambda: store.import_jsonl([accepted_case("C-5").to_json()]),
    }
    for name, write in writes.items():
        with (
            _terminated_when_waiting(postgres_url, _pid(store)) as killed,
            pytest.raises(StoreError, match="PostgreSQL said") as info,
        ):
            write()
        assert killed, name
        assert type(info.value) is StoreError, name
        assert _counts(store) == (1, 2, 1), name  # the next call opens a new connection
    assert store.verify().ok
    for write in writes.values():  # and the same writes then land whole
        write()
    assert _counts(store) == (5, 12, 5)
    assert store.verify().ok


def test_a_connection_dropped_while_idle_is_opened_again_without_an_error(
    pg_store: CaseStore, postgres_url: str
) -> None:
    """A server restarted overnight, a fail-over, an idle timeout: before, the next call
    of every kind failed once ("terminating connection due to administrator command"),
    whatever the docs said; now the statement or the BEGIN is sent again."""
    store = pg_store
    store.add(accepted_case("C-1"))
    calls: list[Callable[[], object]] = [
        lambda: len(store),
        lambda: store.get("C-1"),
        lambda: store.open_cases(dt.date(2025, 3, 4)).total,
        lambda: store.save(store.get("C-1").review(at=at(4), by="审")),
        lambda: store.add(accepted_case("C-2")),
        lambda: store.save_many([accepted_case("C-3")]),
        lambda: store.import_jsonl([accepted_case("C-4").to_json()]),
        lambda: store.verify().ok,
    ]
    for call in calls:
        before = _pid(store)
        _terminate(postgres_url, before)
        call()
        assert _pid(store) != before
    assert _counts(store) == (4, 9, 4)
    assert store.verify().ok


def test_a_save_in_one_statement_cut_mid_statement_lands_once(
    pg_store: CaseStore, postgres_url: str
) -> None:
    """The common save is one statement outside a transaction: cut while the server runs
    it, it is sent again on a new connection; had the first been applied, the second's
    compare-and-swap would no longer hold. Either way the act is stored exactly once."""
    store = pg_store
    store.add(accepted_case("C-1"))
    case = store.get("C-1")
    reviewed = case.review(at=at(4), by="审")
    with _terminated_when_waiting(postgres_url, _pid(store)) as killed:
        store.save(reviewed)
    assert killed
    assert store.row("C-1").events == 3
    with _terminated_when_waiting(postgres_url, _pid(store)) as killed:
        store.save(reviewed.approve(at=at(5), by="科长"), base=reviewed.trace.head)
    assert killed
    assert (store.row("C-1").events, _count(store, "events")) == (4, 4)
    assert store.get("C-1").state.value == "approved"
    assert store.verify().ok


def test_a_server_gone_in_the_middle_of_a_recalendar_says_how_far_it_got(
    pg_store: CaseStore, postgres_url: str, calendar: WorkCalendar
) -> None:
    """Each case moves in a transaction of its own: the ones before stay moved, the store
    still counts on the old calendar, and running it again moves the rest (once each)."""
    store = pg_store
    for i in range(3):
        store.add(accepted_case(f"C-{i}"))
    closed = calendar.with_closures(dt.date(2025, 3, 6), dt.date(2025, 3, 7), "停电闭馆")
    cut: list[contextlib.ExitStack] = []

    def after_first(progress: object) -> None:
        if not cut:  # the second case's transaction will wait, and be cut
            stack = contextlib.ExitStack()
            stack.enter_context(_terminated_when_waiting(postgres_url, _pid(store)))
            cut.append(stack)

    with pytest.raises(StoreError, match="PostgreSQL said") as info:
        store.recalendar(closed, at=at(5, 17), by="管理员", progress=after_first)
    cut[0].close()
    assert any("recalendared before it: 1 cases" in n for n in info.value.__notes__)
    assert store.calendar is calendar
    report = store.recalendar(closed, at=at(5, 17), by="管理员")
    assert report.recalendared == ("C-0", "C-1", "C-2")
    assert {m.case_id for m in report.moved} == {"C-1", "C-2"}  # C-0 moved the first time
    for i in range(3):
        actions = [e.payload["action"] for e in store.get(f"C-{i}").trace.events]
        assert actions == ["submit", "accept", "recalendar"]
    assert store.verify().ok


def test_a_server_gone_in_the_middle_of_a_migration_leaves_the_old_version(
    postgres_url: str, calendar: WorkCalendar
) -> None:
    from govservice.store._store import _open_at_version

    from .test_parallel_rows import delivered

    _clear_postgres(postgres_url)
    with _open_at_version(postgres_url, calendar=calendar, version=5) as old:
        old.save_many([delivered(calendar), accepted_case("C-1")])
    from govservice.store._backend import backend_for

    opening = CaseStore(backend_for(postgres_url), calendar)  # the store, before it migrates
    with (
        _terminated_when_waiting(postgres_url, _pid(opening), table="cases") as killed,
        pytest.raises(StoreError, match="migrate to schema version 6"),
    ):
        opening._migrate()
    assert killed
    opening.close()
    with _open_at_version(postgres_url, calendar=calendar, version=5) as still:
        assert still.schema_version == 5
    with open_store(postgres_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.verify().ok


class _Relay:
    """A TCP relay to the real server: stopping it is the server going away for good."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.stopped = False
        self.threads = [threading.Thread(target=self._accept)]
        self.threads[0].start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                if self.stopped:
                    client.close()
                    return
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
                for a, b in ((client, upstream), (upstream, client)):
                    pump = threading.Thread(target=self._pump, args=(a, b))
                    self.threads.append(pump)
                    pump.start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            with contextlib.suppress(OSError):
                self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept
            self.server.close()
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        for thread in list(self.threads):
            thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


def test_a_server_gone_for_good_is_a_store_error_naming_the_operation(
    postgres_url: str, calendar: WorkCalendar
) -> None:
    import urllib.parse

    _clear_postgres(postgres_url)
    parts = urllib.parse.urlsplit(postgres_url)
    relay = _Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
    url = urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{relay.port}"))
    try:
        store = open_store(url, calendar=calendar)
        store.add(accepted_case("C-1"))
    finally:
        relay.stop()
    for name, call in (
        ("count", lambda: len(store)),
        ("save", lambda: store.save(accepted_case("C-1").review(at=at(4), by="审"))),
        ("add", lambda: store.add(accepted_case("C-2"))),
    ):
        with pytest.raises(StoreError, match="PostgreSQL said") as info:
            call()
        assert info.value.operation == name
    store.close()
    with open_store(postgres_url, calendar=calendar) as direct:
        assert _counts(direct) == (1, 2, 1)
        assert direct.verify().ok


# -- JSON lines: batches, and a loader under attack ------------------------------------------------

#: Cases whose lines the attacks start from (built once: a case is some milliseconds).
_POOL = [accepted_case(f"J-{i}").review(at=at(4), by="审") for i in range(8)]
_LINES = [case.to_json() for case in _POOL]


def test_batches_are_whole_transactions_and_a_bad_line_stops_its_own_batch(
    store: CaseStore,
) -> None:
    """The batch semantics: ``batch`` cases read per transaction (blank lines not counted);
    a bad line raises naming itself, its own batch is rolled back whole, the batches before
    it stay (each reported to ``progress`` once committed), and importing the same lines
    again from the start completes the work."""
    lines = [*_LINES[:4], "", "   ", *_LINES[4:7]]
    bad = json.loads(_LINES[7])
    bad["events"][2]["body"] = bad["events"][2]["body"].replace("审", "批")
    lines.insert(8, json.dumps(bad, ensure_ascii=False))  # line 9: the 7th case read
    seen: list[int] = []
    with pytest.raises(TraceIntegrityError) as info:
        store.import_jsonl(lines, batch=3, progress=lambda p: seen.append(p.done))
    assert info.value.__notes__ == ["while importing line 9"]
    assert seen == [3, 6]  # the third batch, which the bad line starts, is not kept
    assert sorted(r.case_id for r in store.open_cases(dt.date(2025, 3, 5))) == [
        f"J-{i}" for i in range(6)
    ]
    lines[8] = _LINES[7]
    report = store.import_jsonl(lines, batch=3)
    assert (report.added, report.unchanged) == (2, 6)
    assert store.verify().ok


def _attacked(kind: str, line: str, draw: st.DrawFn) -> str | bytes:
    """``line`` spoiled one way; bytes where the attack is bytes (a file then)."""
    doc = json.loads(line)
    if kind == "truncated":
        return line[: draw(st.integers(1, len(line) - 1))]
    if kind == "invalid utf-8":
        at_byte = draw(st.integers(0, len(line.encode())))
        raw = line.encode()
        return (
            raw[:at_byte]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"]))
            + raw[at_byte:]
        )
    if kind == "huge number":
        key = draw(st.sampled_from(["case_id", "head", "schema", "events"]))
        number = draw(st.sampled_from(["9" * 5000, "1e999", "-1e999", "1" + "0" * 400]))
        return line.replace(
            f'"{key}": {json.dumps(doc[key], ensure_ascii=False)}', f'"{key}": {number}', 1
        )
    if kind == "duplicate key":
        key = draw(st.sampled_from(["case_id", "head", "schema", "events"]))
        other = json.dumps(
            draw(st.sampled_from([doc[key], "J-0", _POOL[0].trace.head])), ensure_ascii=False
        )
        return "{" + f'"{key}": {other}, ' + line[1:]
    if kind == "nested":
        depth = draw(st.integers(1, 200_000))
        return line.replace('"events": ', '"events": ' + "[" * depth, 1).replace(
            "]}", "]" + "]" * depth + "}", 1
        )
    if kind == "nul":
        where = draw(st.integers(0, len(line)))
        return line[:where] + draw(st.sampled_from(["\x00", "\\u0000"])) + line[where:]
    if kind == "crlf":
        return line + "\r"
    if kind == "forged body":
        event = draw(st.integers(0, len(doc["events"]) - 1))
        body = doc["events"][event]["body"]
        at_char = draw(st.integers(0, len(body) - 1))
        doc["events"][event]["body"] = (
            body[:at_char] + ("X" if body[at_char] != "X" else "Y") + body[at_char + 1 :]
        )
        return json.dumps(doc, ensure_ascii=False)
    if kind == "another case's trace":
        doc["case_id"] = draw(st.sampled_from(["J-0", "J-99"]))
        return json.dumps(doc, ensure_ascii=False)
    if kind == "lone surrogate":
        return line.replace('"case_id": "', '"case_id": "\\ud800', 1)
    raise AssertionError(kind)


_ATTACKS = ["truncated", "invalid utf-8", "huge number", "duplicate key", "nested", "nul",
            "crlf", "forged body", "another case's trace", "lone surrogate"]  # fmt: skip


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_loader_under_attack_names_the_line_and_keeps_only_whole_batches(
    store: CaseStore, tmp_path: Path, data: st.DataObject
) -> None:
    """Good lines with one attacked: the import either stores every case exactly as it was
    exported (an attack that spoils nothing: a CR LF ending, a number where JSON lets one be
    ignored) or raises a `GovServiceError` naming the attacked line; the batches before that
    line's batch stay, nothing of its own batch does, every stored trace verifies, and the
    good lines imported again complete the store."""
    for table in ("events", "cases", "case_records"):
        store._read("clear", f"DELETE FROM {table}")
    store._known.clear()
    n = data.draw(st.integers(1, len(_LINES)), label="lines")
    bad = data.draw(st.integers(0, n - 1), label="attacked line")
    batch = data.draw(st.integers(1, 4), label="batch")
    kind = data.draw(st.sampled_from(_ATTACKS), label="attack")
    spoiled = _attacked(kind, _LINES[bad], data.draw)
    lines: list[str | bytes] = [*_LINES[:n]]
    lines[bad] = spoiled
    as_file = isinstance(spoiled, bytes) or data.draw(st.booleans(), label="from a file")
    path = tmp_path / "attacked.jsonl"
    source: Any
    if as_file:
        path.write_bytes(
            b"\n".join(
                x if isinstance(x, bytes) else x.encode("utf-8", "surrogatepass") for x in lines
            )
            + b"\n"
        )
        source = path
    else:
        source = lines
    seen: list[int] = []
    try:
        store.import_jsonl(source, batch=batch, progress=lambda p: seen.append(p.done))
    except GovServiceError as exc:
        said = " ".join([str(exc), *getattr(exc, "__notes__", ())])
        assert f"line {bad + 1}" in said, said
        kept = bad // batch * batch
        assert seen == list(range(batch, kept + 1, batch))
    else:
        kept = n
    assert len(store) == kept
    assert store.verify().ok
    for case in _POOL[:kept]:
        assert store.get(case.case_id) == case
    assert store.import_jsonl(_LINES[:n], batch=batch).added == n - kept
    assert store.verify().ok


def test_each_attack_is_refused_with_its_own_typed_error(store: CaseStore, tmp_path: Path) -> None:
    """The attacks one by one, with the error each gives (before: an escaped
    UnicodeEncodeError for a lone surrogate, a duplicate key read silently, the wrong line
    named for bytes that are not UTF-8)."""
    good = _LINES[0]
    case_id = '"case_id": "J-0"'
    bad = InvalidValueError
    expected: list[tuple[str, type[Exception], str]] = [
        (good[:-10], bad, "JSON text of a case"),
        (good.replace('"head": ', '"head": ' + "9" * 5000 + ', "h": ', 1), bad, "JSON text"),
        ('{"case_id": "J-9", ' + good[1:], bad, "key must be given once"),
        (good[:-1] + ', "n": NaN}', bad, "NaN"),
        ("[" * 100_000 + "]" * 100_000, bad, "JSON text of a case"),
        (good.replace("J-0", "J-\x000", 1), bad, "JSON text of a case"),
        (good.replace(case_id, '"case_id": "J-\\u00000"', 1), TraceIntegrityError, "event 0"),
        (good.replace(case_id, '"case_id": "J-\\ud800"', 1), bad, "surrogate"),
        (good.replace("张三", "\ud800"), TraceIntegrityError, "event 0: .*surrogate"),
    ]
    for line, error, text in expected:
        with pytest.raises(error, match=text) as info:
            store.import_jsonl([_LINES[1], line])
        assert info.value.__notes__ == ["while importing line 2"], line[:60]
    path = tmp_path / "bytes.jsonl"
    raw = [x.encode() for x in _LINES]
    raw[5] = raw[5].replace("审".encode(), b"\xe5\xae")  # a character cut short, line 6
    path.write_bytes(b"\n".join(raw))
    with pytest.raises(InvalidValueError, match="line 6 holds bytes that are not UTF-8"):
        store.import_jsonl(path, batch=2)
    assert len(store) == 4  # lines 1-4: the batch of lines 5 and 6 is not kept
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n\xef\xbb\xbf".join(x.encode() for x in _LINES))
    assert store.import_jsonl(path).added == 4  # files joined with cat: a mark on each
    assert store.import_jsonl(iter([x.encode() for x in _LINES])).unchanged == 8
    with pytest.raises(InvalidValueError, match="line 2 is not"):
        store.import_jsonl([_LINES[0], 42])  # type: ignore[list-item]
    assert store.verify().ok


# -- the day's queries against a brute-force answer from the cases themselves ----------------------

_MATTERS = [sample_catalog()[code] for code in (
    "990102-SJJ-003",  # 5 committed, 10 statutory working days
    "990102-GAJ-002",  # 7 committed, 15 statutory calendar days
    "990102-FGJ-002",  # immediate
    "990102-MZJ-005",  # 3 committed, 10 statutory working days
)]  # fmt: skip
_ACTS = ("accept", "review", "suspend", "resume", "extend", "approve", "deny", "complete",
         "withdraw", "issue_certificate")  # fmt: skip
_PEOPLE = ("窗口1", "窗口2", "审核员")


def _act(case: Any, act: str, when: dt.datetime, by: str) -> Any:
    """``case`` after ``act`` at ``when``, or unchanged where the act is not possible then."""
    arguments: dict[str, Any] = {"at": when, "by": by}
    if act == "suspend":
        arguments["reason"] = "检测"
    elif act == "extend":
        arguments.update(amount=3, approved_by="局长", reason="需核查")
    elif act == "deny":
        arguments["reason"] = "不符合条件"
    elif act == "accept" and isinstance(case, Case):
        arguments["window"] = by
    if isinstance(case, ParallelCase):
        if act in ("accept", "review", "deny", "issue_certificate"):
            return case
        if act == "approve":  # a department's result on a ready step
            ready = [s for s, t in case.tasks.items() if t.status.value == "ready"]
            if not ready:
                return case
            act, arguments = "decide", {**arguments, "step_id": ready[0], "outcome": "approved"}
    try:
        return getattr(case, act)(**arguments)
    except GovServiceError:
        return case


@st.composite
def _stores(draw: st.DrawFn, first: dt.datetime, days: int) -> list[Any]:
    """A few cases and parallel cases acted on at random from ``first`` over ``days`` days:
    at any hour (after closing time, on rest days), suspended, extended, decided, closed."""
    cases: list[Any] = []
    for number in range(draw(st.integers(1, 7), label="cases")):
        when = first + dt.timedelta(minutes=draw(st.integers(0, days * 24 * 60)))
        by = draw(st.sampled_from(_PEOPLE))
        if draw(st.integers(0, 4)) == 0:
            opened_on = _CALENDAR[0].add_working_days(when.date(), 0)
            case: Any = construction_project_plan().open(
                f"P-{number}", opened_on, calendar=_CALENDAR[0]
            )
            when = case.opened_at
        else:
            case = Case.submit(draw(st.sampled_from(_MATTERS)), case_id=f"C-{number}",
                               applicant="张三", at=when, by=by, calendar=_CALENDAR[0])  # fmt: skip
        acts = draw(st.lists(st.sampled_from(_ACTS), max_size=6), label="acts")
        if draw(st.integers(0, 5), label="left unaccepted") != 0:
            acts.insert(0, "accept")
        for act in acts:
            when += dt.timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
            case = _act(case, act, when, draw(st.sampled_from(_PEOPLE)))
        cases.append(case)
    return cases


#: The calendar the property draws on (set per test run: the official one, or a provisional
#: year); a list so the strategy reads the current one.
_CALENDAR: list[WorkCalendar] = [china()]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else moment.astimezone(SH).date()


def _running(case: Any, due: str) -> dt.date | None:
    """The due date a case runs against now, from the case itself (none while stopped)."""
    if due == "delivery":
        return case.delivery_due_date  # type: ignore[no-any-return]
    stopped = isinstance(case, ParallelCase) and case.suspended_since is not None
    if stopped and (due == "committed" or case.suspension_reason.statutory):
        return None
    return case.due_date if due == "committed" else case.statutory_due_date  # type: ignore[no-any-return]


def _brute(
    cases: list[Any], today: dt.date, query: str, due: str, n: int, filters: dict[str, str]
) -> list[str]:
    """The case ids a query answers, worked out from the cases, in the query's order."""
    out = []
    for case in cases:
        submitted = case.opened_at if isinstance(case, ParallelCase) else case.submitted_at
        ended, decided = _day(case.ended_at), _day(case.decided_at)
        if not (_day(submitted) <= today and (ended is None or ended > today)):
            continue
        facts = {"department": case.department, "window": case.window,
                 "matter": case.matter_code, "state": case.state.value}  # fmt: skip
        if any(facts[k] != v for k, v in filters.items()):
            continue
        if query == "open":
            out.append((submitted, case.case_id))
            continue
        if due == "statutory" and decided is not None and decided <= today:
            continue
        if due == "delivery" and (decided is None or decided > today):
            continue
        date = _running(case, due)
        if date is None:
            continue
        last = _CALENDAR[0].add_working_days(today, n) if n else today
        if (query == "overdue" and date < today) or (query == "due" and today <= date <= last):
            out.append((date, case.case_id))
    return [case_id for _key, case_id in sorted(out)]


def _clear(store: CaseStore) -> None:
    for table in ("events", "cases", "case_records"):
        store._read("clear", f"DELETE FROM {table}")
    store._known.clear()


@pytest.mark.parametrize("year", ["official 2025", "provisional 2027"])
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_day_queries_equal_the_answer_worked_out_from_the_cases(
    store_url: str, year: str, data: st.DataObject
) -> None:
    """`open_cases`, `due_within` and `overdue`, every due kind, filters and pages, against
    the cases' own due dates on the same calendar. Days around the Spring Festival of 2025
    (rest days, make-up Sundays) or a provisional January 2027 (due dates counted by rule of
    thumb); acts at any hour, cases suspended, extended, decided and closed; parallel cases.
    A case is overdue from the day after its due date: on the due date itself, even after
    closing time, it is not (it can still be done that day; monitoring counts alike)."""
    from ..notice_2027 import provisional_2027

    if year.startswith("official"):
        calendar: WorkCalendar = china()
        first = dt.datetime(2025, 1, 13, 8, tzinfo=SH)
    else:
        calendar = provisional_2027()
        first = dt.datetime(2026, 12, 14, 8, tzinfo=SH)
    _CALENDAR[0] = calendar
    with open_store(store_url, calendar=calendar) as store:
        _clear(store)
        cases = data.draw(_stores(first, 40), label="cases")
        store.save_many(cases)
        assert store.verify().ok
        query = data.draw(st.sampled_from(["open", "due", "overdue"]), label="query")
        due = data.draw(st.sampled_from(["committed", "statutory", "delivery"]), label="due")
        n = data.draw(st.integers(0, 12), label="working days")
        dates = [d for c in cases if (d := _running(c, due)) is not None]
        if dates and data.draw(st.integers(0, 3), label="near a due date"):
            near = data.draw(st.sampled_from(dates), label="due date")
            today = near + dt.timedelta(days=data.draw(st.integers(-4, 2), label="off"))
        else:
            today = first.date() + dt.timedelta(days=data.draw(st.integers(-3, 70), label="day"))
        pick = data.draw(st.sampled_from([None, "department", "window", "matter", "state"]))
        filters = {}
        if pick is not None:
            values = {"department": [c.department for c in cases], "state": ["accepted", "open"],
                      "window": [c.window for c in cases if c.window], "matter":
                      [c.matter_code for c in cases]}[pick] or ["无"]  # fmt: skip
            filters[pick] = data.draw(st.sampled_from(values), label="filter")
        limit = data.draw(st.integers(1, 4), label="limit")
        expected = _brute(cases, today, query, due, n, filters)
        got: list[str] = []
        while True:
            if query == "open":
                page = store.open_cases(today, limit=limit, offset=len(got), **filters)
            elif query == "due":
                page = store.due_within(today, n, due=due, limit=limit, offset=len(got), **filters)  # type: ignore[arg-type]
            else:
                page = store.overdue(today, due=due, limit=limit, offset=len(got), **filters)  # type: ignore[arg-type]
            assert page.total == len(expected)
            got += [r.case_id for r in page]
            if not page.more:
                break
        assert got == expected


def test_a_case_due_today_is_overdue_from_tomorrow_on_rest_days_too(store: CaseStore) -> None:
    """Due Monday 10 March 2025 (accepted Monday 3 March, 5 working days): still not overdue
    on the Monday after closing time, overdue from Tuesday; from Saturday the 8th, the next
    working day is that Monday, and the rest day itself has nothing due."""
    store.add(accepted_case("C-1"))
    assert store.row("C-1").due_date == dt.date(2025, 3, 10)

    def ids(page: Any) -> list[str]:
        return [r.case_id for r in page]

    assert ids(store.overdue(dt.date(2025, 3, 10))) == []
    assert ids(store.overdue(dt.date(2025, 3, 11))) == ["C-1"]
    assert ids(store.overdue(dt.date(2025, 3, 15))) == ["C-1"]  # a Saturday
    saturday = dt.date(2025, 3, 8)
    assert ids(store.due_within(saturday, 0)) == []
    assert ids(store.due_within(saturday, 1)) == ["C-1"]
    late = store.get("C-1").review(at=at(10, 16), by="审").approve(at=at(10, 17), by="科长")
    store.save(late.close(at=at(10, 18), by="窗口1"))  # done after closing time that day
    assert store.row("C-1").timeliness[0] == "late"  # the case's own verdict, at 办结
    assert ids(store.overdue(dt.date(2025, 3, 10))) == []  # ended that day: not open on it
    assert ids(store.open_cases(dt.date(2025, 3, 10))) == []


# -- the daily digest, checked without the store's code --------------------------------------------


def _leaf(case_id: str, head: str) -> bytes:
    """RFC 6962's leaf hash over the documented leaf text, computed here on its own."""
    return hashlib.sha256(b"\x00" + case_id.encode() + b"\n" + head.encode()).digest()


def _root(heads: list[tuple[str, str]]) -> str:
    level = [_leaf(c, h) for c, h in sorted(heads)]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        pairs = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
                 for i in range(0, len(level) - 1, 2)]  # fmt: skip
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0].hex()


def _walk(case_id: str, head: str, path: list[list[str]]) -> str:
    """Where a printed proof (``case digest --case``'s JSON) leads from its leaf."""
    current = _leaf(case_id, head)
    for side, sibling in path:
        pair = bytes.fromhex(sibling) + current if side == "L" else current + bytes.fromhex(sibling)
        current = hashlib.sha256(b"\x01" + pair).digest()
    return current.hex()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.integers(3, 7), min_size=1, max_size=9))
def test_a_digest_and_its_proofs_check_out_with_an_independent_merkle_computation(
    store: CaseStore, days: list[int]
) -> None:
    _clear(store)
    for number, day in enumerate(days):
        store.add(accepted_case(f"D-{number}", day=day))
    for day in range(3, 8):
        digest = store.digest(dt.date(2025, 3, day))
        expected = [(f"D-{n}", store.row(f"D-{n}").head) for n, d in enumerate(days) if d == day]
        assert sorted(digest.heads) == sorted(expected)
        assert digest.root == _root(expected)
        for case_id, head in expected:
            proof = digest.proof(case_id)
            assert _walk(case_id, head, [list(p) for p in proof.path]) == digest.root
            assert _walk(case_id, "0" * 64, [list(p) for p in proof.path]) != digest.root


def test_an_act_dated_yesterday_saved_today_changes_yesterdays_digest_by_extension(
    store: CaseStore,
) -> None:
    """A day's digest is over the events dated that day (the store reads no clock: it
    cannot know when a save happened, only when the act says it happened). An act entered
    late, dated a day already published, changes that day's root: the digest is final only
    once no more acts dated that day can come (publish the day's root the morning after, or
    publish again with a note). A late entry extends the case's history, so the head that
    was published is still in its trace; a rewrite removes it. That is how a reader tells
    the two apart from the published heads (``case digest --json``)."""
    store.add(accepted_case("C-1"))  # accepted Monday 3 March at 09:10
    store.add(accepted_case("C-2"))
    monday, tuesday = dt.date(2025, 3, 3), dt.date(2025, 3, 4)
    published = store.digest(monday)
    # Tuesday morning a clerk records a review done on Monday afternoon
    store.save(store.get("C-1").review(at=at(3, 16), by="审核员"))
    again = store.digest(monday)
    assert again.root != published.root
    assert dict(again.heads)["C-2"] == dict(published.heads)["C-2"]
    assert store.digest(tuesday).heads == ()  # dated Monday: not in Tuesday's digest
    trace = [e.hash for e in store.get("C-1").trace.events]
    for case_id, head in published.heads:  # extended, not rewritten: every head still there
        assert head in [e.hash for e in store.get(case_id).trace.events]
    assert trace.index(dict(published.heads)["C-1"]) == len(trace) - 2
    # a rewrite of an act a published head covers (C-2's accept, re-hashed with another
    # window) leaves that head out of the stored trace
    case = store.get("C-2")
    payload = case.trace.events[1].payload
    payload["by"] = "窗口9"
    forged = Trace(case.trace.events[:1]).append(payload)
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute("UPDATE events SET body = ?, hash = ? WHERE case_id = 'C-2' AND seq = 1",
                   (forged.events[1].body, forged.events[1].hash))  # fmt: skip
        db.execute("UPDATE cases SET head = ? WHERE case_id = 'C-2'", (forged.head,))
    stored = [e["hash"] for e in json.loads(store.json("C-2"))["events"]]
    assert dict(published.heads)["C-2"] not in stored
    assert store.digest(monday).root != again.root


def test_a_digest_of_a_day_is_what_a_copy_of_the_store_gives(
    store: CaseStore, tmp_path: Path
) -> None:
    """Export and import keep each event's day: the copy publishes the same roots."""
    for i, day in enumerate((3, 3, 4, 5)):
        store.add(accepted_case(f"C-{i}", day=day).review(at=at(day, 23, 30), by="审"))
    store.export_jsonl(tmp_path / "all.jsonl")
    with open_store(f"sqlite:///{tmp_path / 'copy.db'}", calendar=china()) as copy:
        copy.import_jsonl(tmp_path / "all.jsonl")
        for day in (3, 4, 5, 6):
            assert copy.digest(dt.date(2025, 3, day)) == store.digest(dt.date(2025, 3, day))
    assert isinstance(store.digest(dt.date(2025, 3, 3)), Digest)


# -- migrations: every step, from data as each version wrote it, on both backends -----------------


def _cases_for_migration(calendar: WorkCalendar) -> list[Any]:
    from .test_parallel_rows import delivered

    first = Case.submit(matter(), case_id="N-1", applicant="张三", at=at(3), by="窗口1",
                        calendar=calendar)  # fmt: skip
    noticed = first.request_supplement(at=at(4, 16), by="窗口1",
                                       missing=[first.matter.materials[0].name])  # fmt: skip
    done = accepted_case("C-1").review(at=at(4), by="审").approve(at=at(5), by="科长")
    withdrawn = accepted_case("C-2").withdraw(at=at(6), by="张三")
    odd = Case.submit(matter(), case_id="C\x1f3", applicant="李四", at=at(3), by="窗口1",
                      calendar=calendar).accept(at=at(3, 10), by="窗口1")  # fmt: skip
    return [noticed, done.close(at=at(6, 10), by="窗口1"), withdrawn, odd, delivered(calendar)]


def _write_as_version(store: CaseStore, version: int, cases: list[Any]) -> None:
    """Write ``cases`` into a database at ``version`` as that version's store wrote them:
    events without their day (1), then with it (2); no packed records before version 3."""
    from govservice.store._rows import COLUMNS, event_day, schema_of, state_row

    if version >= 3:
        store.save_many(cases)
        return
    db = store._open("test")
    zone = ZoneInfo(store.calendar.office_hours.timezone)
    with db.transaction(f"as version {version} wrote them"):
        for case in cases:
            events = case.trace.events
            if version == 1:
                db.executemany("INSERT INTO events (case_id, seq, hash, body) VALUES (?, ?, ?, ?)",
                               [(case.case_id, e.seq, e.hash, e.body) for e in events])  # fmt: skip
            else:
                db.executemany(
                    "INSERT INTO events (case_id, seq, hash, body, day) VALUES (?, ?, ?, ?, ?)",
                    [(case.case_id, e.seq, e.hash, e.body, event_day(e, zone)) for e in events],
                )
            row = state_row(case, store.calendar, schema=schema_of(case))
            names = ", ".join(("case_id", *COLUMNS))
            marks = ", ".join("?" * (len(COLUMNS) + 1))
            db.execute(f"INSERT INTO cases ({names}) VALUES ({marks})",
                       [case.case_id, *(row[c] for c in COLUMNS)])  # fmt: skip


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_each_migration_step_reads_back_what_the_version_before_wrote(
    store_url: str, calendar: WorkCalendar, version: int
) -> None:
    """From each version to the next, alone, then to the last: every case reads back equal,
    every row and record verifies, the digests have every event's day, and the records
    equal those worked out from the cases (a case, a noticed application, a closed and a
    withdrawn one, a parallel case, a case id holding the packed records' separator)."""
    from govservice.store._store import _open_at_version

    cases = _cases_for_migration(calendar)
    with _open_at_version(store_url, calendar=calendar, version=version) as old:
        assert old.schema_version == version
        _write_as_version(old, version, cases)
    with _open_at_version(store_url, calendar=calendar, version=version + 1) as step:
        assert step.schema_version == version + 1
        for case in cases:
            assert step.get(case.case_id) == case
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION
        report = store.verify()
        assert report.ok, report.problems
        assert (report.cases, report.events) == (len(cases), sum(len(c.trace) for c in cases))
        for case in cases:
            assert store.get(case.case_id) == case
        heads = {c: h for day in (3, 4, 5, 6) for c, h in store.digest(dt.date(2025, 3, day)).heads}
        assert heads["C-1"] != heads["C-2"]
        assert set(heads) >= {"N-1", "C-1", "C-2", "C\x1f3"}
        march = [c for c in cases if isinstance(c, Case)]
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
        pd.testing.assert_frame_equal(
            got.sort_values("case_id").reset_index(drop=True),
            records_of(march).sort_values("case_id").reset_index(drop=True),
        )
        store.save(store.get("N-1").supplement(at=at(7), by="窗口1",
                                                provided=[matter().materials[0].name]))  # fmt: skip
        assert store.verify().ok


def test_the_migration_steps_are_one_version_each_and_the_tests_cover_all() -> None:
    from govservice.store import MIGRATIONS

    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


# -- the HTTP service's case endpoints on the same stores ----------------------------------------


def test_the_service_answers_ids_and_filters_no_case_can_have_as_not_found(
    store_url: str, calendar: WorkCalendar, tmp_path: Path
) -> None:
    """``/v1/cases/C%00`` and ``?department=%00``: on PostgreSQL before, 409 "StoreError:
    cannot get: PostgreSQL said: ... cannot contain NUL"; now what SQLite answered."""
    import httpx

    from govservice.server import Users, background, create_app

    from ..server.conftest import auth, users_toml

    (tmp_path / "users.toml").write_text(users_toml(), encoding="utf-8")
    with open_store(store_url, calendar=calendar) as store:
        store.add(accepted_case("C-1"))
        app = create_app(calendar=calendar, catalog=sample_catalog(),
                         users=Users.load(tmp_path / "users.toml"), store=store)  # fmt: skip
        with background(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            for case_id in ("C%00", "C-1%00", "%ED%A0%80"):
                answer = client.get(f"/v1/cases/{case_id}", headers=auth("张三"))
                assert answer.status_code == 404, answer.text
            for query in ("department=%00", "window=%E7%AA%97%00", "matter=%ED%A0%80"):
                answer = client.get(f"/v1/cases?today=2025-03-04&{query}", headers=auth("张三"))
                assert (answer.status_code, answer.json()["total"]) == (200, 0), answer.text
            answer = client.get("/v1/cases?today=2025-03-04", headers=auth("张三"))
            assert [item["case_id"] for item in answer.json()["items"]] == ["C-1"]
