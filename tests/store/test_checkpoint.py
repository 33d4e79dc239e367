"""A SQLite store copies its write-ahead log into the database file off the saving thread.

SQLite's own automatic checkpoint fsyncs the database file inside whichever commit fills the
log past 1000 pages, so every eighty-odd saves one act waits 10-20 ms (and, in the service,
every request queued behind it). The store checkpoints in a thread of its own instead.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from govservice.calendar import china
from govservice.store import open_store
from govservice.store._backend import CHECKPOINT_EVERY, WAL_LIMIT, SqliteBackend

from .conftest import accepted_case


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "govservice-sqlite-checkpoint"]


def test_saves_leave_the_checkpoint_to_a_thread_of_the_store(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    store = open_store(f"sqlite:///{path}", calendar=china())
    backend = store._db
    assert isinstance(backend, SqliteBackend)
    assert backend.checkpointer is not None
    # the saving connection checkpoints by itself only past WAL_LIMIT pages
    assert backend.conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (WAL_LIMIT,)
    before = path.stat().st_size
    checkpointer = backend.checkpointer
    try:
        for i in range(CHECKPOINT_EVERY + 1):
            store.add(accepted_case(f"CK-{i:03d}"))
        with checkpointer.ran:
            assert checkpointer.ran.wait_for(lambda: checkpointer.done >= 1, timeout=60)
        assert len(_threads()) == 1
        # That checkpoint ran while the last saves were being written (a busy machine can
        # make it copy nothing): one more, woken after every save committed, copies them.
        ran = checkpointer.done
        checkpointer.wake()
        with checkpointer.ran:
            assert checkpointer.ran.wait_for(lambda: checkpointer.done > ran, timeout=60)
        # the pages the saves wrote are in the database file now, not only in the log
        assert path.stat().st_size > before
    finally:
        store.close()
    assert _threads() == []  # closing the store ends its thread
    # every case is there, read by a plain connection after the store is gone
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM cases").fetchone()
    assert count == (CHECKPOINT_EVERY + 1,)


def test_a_store_that_only_reads_starts_no_thread(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    with open_store(f"sqlite:///{path}", calendar=china()) as store:
        store.add(accepted_case("CK-1"))
    for url in (f"sqlite:///{path}", f"sqlite:///{path}?mode=ro"):
        with open_store(url, calendar=china()) as store:
            assert store.get("CK-1").case_id == "CK-1"
            assert _threads() == []
