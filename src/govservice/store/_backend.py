"""The two databases behind a store: SQLite (stdlib, WAL) and PostgreSQL (psycopg 3).

Both run the same SQL text (written with ``?`` placeholders; PostgreSQL gets ``%s``), in
autocommit mode with explicit transactions, and turn driver errors into `StoreError`.
"""

from __future__ import annotations

import abc
import contextlib
import sqlite3
import threading
import urllib.parse
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from govservice._errors import InvalidValueError, StoreError
from govservice._extras import optional
from govservice._urls import redact, sqlite_path

__all__ = ["Backend", "PostgresBackend", "SqliteBackend", "backend_for", "redact"]


class Backend(abc.ABC):
    """A database connection with explicit transactions; one per store, used under a lock."""

    name = ""
    unique_errors: tuple[type[BaseException], ...] = ()
    errors: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.RLock()
        self.in_transaction = False
        self.read_only = False

    #: What ``{clustered}`` in a CREATE TABLE statement becomes.
    clustered = ""
    #: The type of a column of bytes.
    blob = "BLOB"
    #: A character by its code, in SQL (``char(31)``; PostgreSQL: ``chr(31)``).
    char = "char"
    #: Whether a save is one statement (data-modifying ``WITH``) in autocommit: one round
    #: trip to a server instead of ``BEGIN``, three writes and ``COMMIT``.
    one_statement_saves = False

    def sql(self, text: str) -> str:
        """The SQL text for this database."""
        return text

    def ddl(self, text: str) -> str:
        """A schema statement for this database."""
        return (
            text.replace("{clustered}", self.clustered)
            .replace("{blob}", self.blob)
            .replace("{sep}", f"{self.char}(31)")
            .replace("{null}", f"{self.char}(29)")
        )

    @abc.abstractmethod
    def execute(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; the rows it returns (none for a write)."""

    @abc.abstractmethod
    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""

    @abc.abstractmethod
    def update(self, text: str, params: Sequence[Any]) -> int:
        """Run one writing statement; how many rows it changed."""

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows into ``table`` (one batch)."""
        marks = ", ".join("?" * len(columns))
        text = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        if len(rows) == 1:
            self.execute(text, rows[0])
        else:
            self.executemany(text, rows)

    @abc.abstractmethod
    def transaction(
        self, operation: str, case_id: str = ""
    ) -> contextlib.AbstractContextManager[None]:
        """A write transaction: committed whole at the end, rolled back whole on any error."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def failure(self, operation: str, exc: BaseException, case_id: str = "") -> StoreError:
        """The `StoreError` for a driver error."""
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return StoreError(operation, f"{self.name} said: {reason}", case_id)


#: Commits between two background checkpoints of a SQLite store's write-ahead log (a save
#: writes about a dozen pages: some 500 pages a checkpoint, about 2 MB).
CHECKPOINT_EVERY = 40

#: Pages of write-ahead log past which the writing connection checkpoints by itself (SQLite's
#: own ``wal_autocheckpoint``, 1000 by default): only where the background checkpoints cannot
#: keep up, for example a bulk import that never pauses; about 40 MB.
WAL_LIMIT = 10_000


class _Checkpointer:
    """Copies a SQLite store's write-ahead log into its database file, in a thread of its own.

    SQLite's own automatic checkpoint runs inside the commit that fills the log past 1000
    pages, and its fsync of the database file (10-20 ms on an ordinary disk) then falls on
    whichever save happens to commit: every eighty-odd saves, one act of a clerk waits and,
    in the service, so does every request queued behind it. Here the writing connection
    checkpoints only past `WAL_LIMIT`; every `CHECKPOINT_EVERY` commits it wakes this thread,
    which runs a ``PASSIVE`` checkpoint on its own connection (it never blocks a writer or a
    reader; the sqlite3 module lets the other threads run meanwhile). This is the pattern
    SQLite's documentation describes for WAL mode ("Automatic Checkpoint",
    https://www.sqlite.org/wal.html#automatic_checkpoint). The thread starts at the first
    wake-up, so a store that only reads never has one.
    """

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self.commits = 0
        #: Checkpoints run so far (tests wait on it through `ran`).
        self.done = 0
        self.ran = threading.Condition()
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        """Count a commit; every `CHECKPOINT_EVERY` commits, wake the thread."""
        self.commits += 1
        if self.commits % CHECKPOINT_EVERY == 0:
            self.wake()

    def wake(self) -> None:
        """Ask for a checkpoint soon (starting the thread the first time)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="govservice-sqlite-checkpoint", daemon=True
            )
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error:  # the writing connection checkpoints past WAL_LIMIT anyway
            return
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                with contextlib.suppress(sqlite3.Error):  # retried at the next wake-up
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                with self.ran:
                    self.done += 1
                    self.ran.notify_all()
        finally:
            conn.close()

    def stop(self) -> None:
        """End the thread (after the checkpoint it may be running)."""
        if self._thread is not None:
            self._stopping = True
            self._wake.set()
            self._thread.join()
            self._thread = None


class SqliteBackend(Backend):
    """SQLite through the standard library: WAL journal, one writer at a time, no server.

    ``?mode=ro`` opens the file read-only (a reporting process): every write is refused.

    ``synchronous=NORMAL`` under WAL keeps every committed transaction through a killed
    process; add ``?synchronous=full`` to the URL to keep them through a power cut too.
    The log is copied into the database file in the background (see `_Checkpointer`), so
    no save waits for that copy's fsync.
    """

    name = "SQLite"
    clustered = " WITHOUT ROWID"
    unique_errors = (sqlite3.IntegrityError,)
    errors = (sqlite3.Error,)

    def __init__(self, url: str) -> None:
        super().__init__(url)
        parts = urllib.parse.urlsplit(url)
        path = sqlite_path(url)
        if not path:
            raise InvalidValueError("url", url, "sqlite:///path/to/cases.db")
        query = dict(urllib.parse.parse_qsl(parts.query))
        unknown = sorted(set(query) - {"synchronous", "timeout", "mode"})
        if unknown:
            raise InvalidValueError("url", url, "options synchronous=, timeout= and mode=ro only")
        if query.get("mode", "rw") not in ("ro", "rw"):
            raise InvalidValueError("mode", query["mode"], "ro (read-only) or rw")
        self.read_only = query.get("mode") == "ro"
        sync = query.get("synchronous", "normal").upper()
        if sync not in ("NORMAL", "FULL"):
            raise InvalidValueError("synchronous", sync.lower(), "normal or full")
        if "\x00" in path:
            raise InvalidValueError("url", url, "a file path without a NUL character")
        if parts.fragment:  # ``#`` starts a URL's fragment: the path would end before it
            raise InvalidValueError("url", url, "a file path with each '#' written as %23")
        try:
            timeout = float(query.get("timeout", "30"))
        except ValueError:
            raise InvalidValueError("timeout", query["timeout"], "seconds, a number") from None
        if not 0 <= timeout < float("inf"):
            raise InvalidValueError("timeout", query["timeout"], "seconds, a number >= 0")
        self.path = path
        self.checkpointer: _Checkpointer | None = None
        try:
            if path != ":memory:" and not Path(path).parent.is_dir():
                raise StoreError("open", f"no directory {str(Path(path).parent)!r}")
            target = path
            if self.read_only:
                target = "file:" + urllib.parse.quote(path) + "?mode=ro"
                if not Path(path).is_file():
                    raise StoreError("open", f"no database file {path!r} to open read-only")
            self.conn = sqlite3.connect(
                target,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
                uri=self.read_only,
            )
            if self.read_only:
                self._read_only_fallback(target, timeout)
            if path != ":memory:" and not self.read_only:
                self.conn.execute("PRAGMA journal_mode=WAL").fetchall()
                self.conn.execute(f"PRAGMA wal_autocheckpoint={WAL_LIMIT}").fetchall()
                self.checkpointer = _Checkpointer(path, timeout)
                # a store dropped without `close` (or open at exit) still ends its thread
                weakref.finalize(self, self.checkpointer.stop)
            self.conn.execute(f"PRAGMA synchronous={sync}")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            raise self.failure("open", exc) from None

    def _read_only_fallback(self, target: str, timeout: float) -> None:
        """Read a store in a folder nobody can write to (a read-only share, a disc).

        SQLite reads a WAL database with a ``-shm`` file beside it, and creates one when it
        is not there; in a read-only folder it cannot, and every read fails. Where nobody
        can write to the folder (a read-only file system, or no write permission for
        anyone) and there is no ``-wal`` file, no writer can be at work on the file (a writer
        needs both files) and everything committed is in the file itself: it is then opened
        ``immutable`` (read without locks or those files). Otherwise the error stands: with
        a ``-wal`` file an immutable reading would miss what the log holds, and in a folder
        its owner may write to, a writer may come while it reads.
        """
        try:
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlite3.OperationalError as exc:
            name = getattr(exc, "sqlite_errorname", "")
            if name not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"):
                raise
            if Path(self.path + "-wal").exists() or not _nobody_writes(Path(self.path).parent):
                raise
            self.conn.close()
            self.conn = sqlite3.connect(
                target + "&immutable=1",
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
                uri=True,
            )

    def failure(self, operation: str, exc: BaseException, case_id: str = "") -> StoreError:
        """The `StoreError` for a driver error, naming the file and what to do about it."""
        error = super().failure(operation, exc, case_id)
        hint = self._hint(getattr(exc, "sqlite_errorname", ""))
        if not hint and operation == "open" and self.path != ":memory:":
            hint = f"the database file {self.path!r}"
        if not hint:
            return error
        return StoreError(operation, f"{error.reason} ({hint})", case_id)

    def _hint(self, name: str) -> str:
        """What a SQLite error code means for this store's file, and what to do."""
        path = self.path
        where = Path(path).parent
        if name == "SQLITE_READONLY_DIRECTORY" and self.read_only:
            return (
                f"the folder {str(where)!r} cannot be written to by this user, and others "
                f"may write the store there: even to read it, SQLite needs "
                f"{Path(path).name}-shm beside the database; let this user write to the "
                "folder, or read a copy (sqlite3 .backup)"
            )
        if name.startswith("SQLITE_READONLY") and self.read_only:
            return "the store was opened read-only (?mode=ro)"
        if name == "SQLITE_READONLY_DIRECTORY" or (
            name.startswith("SQLITE_READONLY") and path != ":memory:" and not _writable(where)
        ):
            return (
                f"the folder {str(where)!r} cannot be written to: SQLite keeps the files "
                f"{Path(path).name}-wal and {Path(path).name}-shm beside the database; make "
                "the folder writable, or add ?mode=ro to the URL to read the store only"
            )
        if name.startswith("SQLITE_READONLY"):
            return (
                f"the file {path!r} cannot be written to (its permissions, or a read-only "
                "disk); make it writable, or add ?mode=ro to the URL to read the store only"
            )
        if name == "SQLITE_NOTADB":
            return f"{path!r} is not a SQLite database: check the path"
        if name.startswith("SQLITE_CORRUPT"):
            return (
                f"the file {path!r} is damaged (cut short or overwritten): restore it from a "
                "backup (sqlite3 .backup, or case export and case import)"
            )
        if name.startswith("SQLITE_CANTOPEN"):
            return f"the file {path!r} cannot be opened: check its permissions and its folder"
        if name == "SQLITE_FULL":
            return f"the disk holding {path!r} is full"
        if name.startswith("SQLITE_BUSY"):
            return (
                "another process held the write lock longer than the timeout; try again, or "
                "wait longer with ?timeout=SECONDS in the URL"
            )
        return ""

    def execute(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; the rows it returns."""
        return self.conn.execute(text, tuple(params)).fetchall()

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""
        self.conn.executemany(text, rows)

    def update(self, text: str, params: Sequence[Any]) -> int:
        """Run one writing statement; how many rows it changed."""
        return int(self.conn.execute(text, tuple(params)).rowcount)

    @contextlib.contextmanager
    def transaction(self, operation: str, case_id: str = "") -> Iterator[None]:
        """``BEGIN IMMEDIATE`` (the write lock, waiting up to the timeout) ... ``COMMIT``."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.failure(operation, exc, case_id) from None
        self.in_transaction = True
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self.failure(operation, exc, case_id) from None
            raise
        finally:
            self.in_transaction = False
        if self.checkpointer is not None:
            self.checkpointer.committed()

    def close(self) -> None:
        """Close the connection (committed data stays in the file).

        The background checkpoints end first; closing the last connection to the file
        copies what is left of the log into it, as SQLite always does.
        """
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.conn.close()


class PostgresBackend(Backend):
    """PostgreSQL through psycopg 3: row locks (``FOR UPDATE``) serialize saves of one case.

    A connection that the server dropped is opened again at the next operation; the
    transaction it was in is lost whole, never half-written. A connection dropped while idle
    (a server restarted overnight, a fail-over, an idle timeout) is found out only when the
    next statement is sent: a statement outside a transaction (a read, a save in one
    statement) or the ``BEGIN`` of a transaction is then sent once more on a new connection.
    That is safe for a save too: had the first one been applied, the second finds its
    compare-and-swap no longer holds and writes nothing.
    """

    name = "PostgreSQL"
    blob = "BYTEA"
    char = "chr"
    one_statement_saves = True

    def __init__(self, url: str) -> None:
        super().__init__(url)
        try:
            psycopg = optional("psycopg", "postgres", "PostgreSQL stores")
        except ImportError as exc:  # named by optional; a store that cannot open
            raise StoreError("open", str(exc)) from None
        self.psycopg = psycopg
        self.unique_errors = (psycopg.errors.UniqueViolation,)
        self.errors = (psycopg.Error,)
        self.conn = self._connect()

    def _connect(self) -> Any:
        try:
            return self._new_connection()
        except self.psycopg.Error as exc:
            raise self.failure("open", exc) from None

    def _new_connection(self) -> Any:
        """A new connection; a driver error as it is (the operation's caller names it)."""
        return self.psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    def _alive(self) -> Any:
        if self.conn.closed or self.conn.broken:
            self.conn = self._new_connection()
        return self.conn

    def failure(self, operation: str, exc: BaseException, case_id: str = "") -> StoreError:
        """The `StoreError` for a driver error, with the password kept out of it."""
        error = super().failure(operation, exc, case_id)
        parts = urllib.parse.urlsplit(self.url)
        if parts.password:
            error = StoreError(operation, error.reason.replace(parts.password, "***"), case_id)
        return error

    def sql(self, text: str) -> str:
        """``?`` placeholders become ``%s``."""
        return text.replace("?", "%s")

    def _once_more(self, run: Any) -> Any:
        """``run(connection)``; outside a transaction, again on a new connection if it dropped."""
        if self.in_transaction:
            return run(self.conn)
        conn = self._alive()
        try:
            return run(conn)
        except self.psycopg.OperationalError:
            if not conn.broken:
                raise
        self.conn = self._new_connection()
        return run(self.conn)

    def execute(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; the rows it returns."""

        def run(conn: Any) -> list[tuple[Any, ...]]:
            cur = conn.execute(self.sql(text), tuple(params), prepare=True)
            return list(cur.fetchall()) if cur.description is not None else []

        return self._once_more(run)  # type: ignore[no-any-return]

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row (pipelined by psycopg)."""
        with self.conn.cursor() as cur:
            cur.executemany(self.sql(text), rows)

    def update(self, text: str, params: Sequence[Any]) -> int:
        """Run one writing statement; how many rows it changed."""

        def run(conn: Any) -> int:
            return int(conn.execute(self.sql(text), tuple(params), prepare=True).rowcount)

        return self._once_more(run)  # type: ignore[no-any-return]

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows with one ``COPY`` (a few rows: one prepared ``INSERT`` each)."""
        if len(rows) < 8:
            super().insert(table, columns, rows)
            return
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    @contextlib.contextmanager
    def transaction(self, operation: str, case_id: str = "") -> Iterator[None]:
        """One server transaction; any error rolls it back whole."""

        def begin(conn: Any) -> Any:
            tx = conn.transaction()
            tx.__enter__()
            return tx

        try:
            tx = self._once_more(begin)
        except self.psycopg.Error as exc:
            raise self.failure(operation, exc, case_id) from None
        self.in_transaction = True
        try:
            yield
        except BaseException as exc:
            self.in_transaction = False
            with contextlib.suppress(self.psycopg.Error):
                tx.__exit__(type(exc), exc, exc.__traceback__)
            if isinstance(exc, self.psycopg.Error):
                raise self.failure(operation, exc, case_id) from None
            raise
        self.in_transaction = False
        try:
            tx.__exit__(None, None, None)
        except self.psycopg.Error as exc:
            raise self.failure(operation, exc, case_id) from None

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def _writable(folder: Path) -> bool:
    """Whether this process may create files in ``folder``."""
    import os

    return os.access(folder, os.W_OK | os.X_OK)


def _nobody_writes(folder: Path) -> bool:
    """Whether nobody can create files in ``folder``.

    A read-only file system, or a folder with no write permission for its owner, its group
    or anyone else.
    """
    import os
    import stat

    try:
        if not stat.S_IMODE(os.stat(folder).st_mode) & 0o222:
            return True
        statvfs = getattr(os, "statvfs", None)  # not on Windows
        return statvfs is not None and bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def backend_for(url: object) -> Backend:
    """The backend for a store URL (``sqlite:///...`` or ``postgresql://...``)."""
    if not isinstance(url, str):
        raise InvalidValueError("url", url, "a URL string: sqlite:///path or postgresql://...")
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite" and url.startswith("sqlite:///"):
        return SqliteBackend(url)
    if scheme in ("postgresql", "postgres") and url.split(":", 1)[1].startswith("//"):
        return PostgresBackend(url)
    raise InvalidValueError(
        "url", redact(url), "sqlite:///path/to/cases.db or postgresql://user@host/db"
    )
