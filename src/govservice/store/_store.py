"""The case store: append-only events, one state row per case, queries that take ``today``."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO
from zoneinfo import ZoneInfo

import attrs

from govservice._errors import (
    CalendarCoverageError,
    CalendarMismatchError,
    CaseNotFoundError,
    ConcurrencyError,
    GovServiceError,
    InvalidValueError,
    StoreError,
    StoreIntegrityError,
    TraceIntegrityError,
)
from govservice._trace import SCHEME
from govservice._urls import redact
from govservice.calendar import WorkCalendar
from govservice.matters import Trace, TraceEvent
from govservice.store._backend import Backend, backend_for
from govservice.store._digest import Digest
from govservice.store._rows import (
    COLUMNS,
    PARALLEL_PREFIX,
    RECORD_ROW,
    AnyCase,
    bound_to,
    document,
    event_day,
    load_any,
    load_case,
    packed,
    row_differences,
    schema_of,
    state_values,
)
from govservice.store._schema import MIGRATIONS, SCHEMA_VERSION, Migration, pending

__all__ = [
    "CaseRow",
    "CaseStore",
    "DueMove",
    "ImportReport",
    "Page",
    "Progress",
    "RecalendarReport",
    "VerifyReport",
    "open_store",
]

#: Which due date a query looks at: the center's promise, the law's limit, or delivery (art. 44).
DueKind = Literal["committed", "statutory", "delivery"]
_DUE_COLUMN = {
    "committed": "committed_due",
    "statutory": "statutory_due",
    "delivery": "delivery_due",
}
_ROW_SQL = ", ".join(("case_id", *COLUMNS))
_EVENT_COLUMNS = ("case_id", "seq", "hash", "body", "day")
_RECORD_COLUMNS = ("case_id", *RECORD_ROW)


def _update(table: str, columns: Sequence[str]) -> str:
    """``UPDATE table SET c1 = ?, c2 = ? ...`` (the WHERE clause is the caller's)."""
    return f"UPDATE {table} SET " + ", ".join(f"{c} = ?" for c in columns)


def _changed(columns: Sequence[str]) -> str:
    """`` AND NOT (c1 IS ? AND ...)``: only where one of ``columns`` gets a new value."""
    return " AND NOT (" + " AND ".join(f"{c} IS ?" for c in columns) + ")"


#: A save's compare-and-swap: the state row moves on only from the head the caller started at.
_EXTEND_SQL = _update("cases", COLUMNS[1:]) + " WHERE case_id = ? AND head = ?"
#: The state-row columns some index holds (SQLite rewrites an index entry whenever an
#: ``UPDATE`` names one of its columns, even to the same value).
_INDEXED = (
    "submitted_on",
    "decided_on",
    "ended_on",
    "committed_due",
    "statutory_due",
    "delivery_due",
)
_PLAIN_AT = tuple(i for i, c in enumerate(COLUMNS) if i and c not in _INDEXED)
_INDEXED_AT = tuple(COLUMNS.index(c) for c in _INDEXED)
#: SQLite's save: the compare-and-swap moves the columns no index holds; the indexed ones
#: are written only where one of them changed (most acts change none).
_EXTEND_PLAIN_SQL = (
    _update("cases", [COLUMNS[i] for i in _PLAIN_AT]) + " WHERE case_id = ? AND head = ?"
)
_EXTEND_INDEXED_SQL = _update("cases", _INDEXED) + " WHERE case_id = ?" + _changed(_INDEXED)
#: The compare-and-swap moving every column, where the indexed ones are known to change.
_EXTEND_ALL_SQL = (
    _update("cases", [COLUMNS[i] for i in (*_PLAIN_AT, *_INDEXED_AT)])
    + " WHERE case_id = ? AND head = ?"
)
_plain_of = operator.itemgetter(*_PLAIN_AT)
_indexed_of = operator.itemgetter(*_INDEXED_AT)
_INSERT_EVENT_SQL = f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
#: The packed record of a case, moved on with its state row: PostgreSQL rewrites it in any
#: case (the condition measured slower there); SQLite only where it changed (most acts, a
#: review or a suspension, change no record field; the row and its page stay as they are).
_RECORD_SQL_ALWAYS = _update("case_records", RECORD_ROW) + " WHERE case_id = ?"
_RECORD_SQL = _RECORD_SQL_ALWAYS + _changed(RECORD_ROW)
#: A state row rewritten whole (a batch of saves).
_UPDATE_SQL = _update("cases", COLUMNS) + " WHERE case_id = ?"


#: The end of a clustered table's CREATE TABLE text (SQLite), and the start naming the table.
_CLUSTERED = re.compile(r"\)\s*WITHOUT\s+ROWID\s*$", re.IGNORECASE)
_TABLE_NAME = re.compile(r"^CREATE\s+TABLE\s+\"?\w+\"?\s*\(", re.IGNORECASE)

#: The same save as one statement (PostgreSQL): the compare-and-swap of the state row, its
#: record, and the new events, inserted only where the state row moved on.
_EXTEND_ONE_SQL = (
    "WITH c AS ("
    + _EXTEND_SQL
    + " RETURNING case_id), r AS ("
    + _update("case_records", RECORD_ROW)
    + " WHERE case_id IN (SELECT case_id FROM c)) "
    "INSERT INTO events (case_id, seq, hash, body, day) "
    "SELECT c.case_id, e.seq, e.hash, e.body, e.day FROM c, (VALUES {rows}) "
    "AS e (seq, hash, body, day)"
)
_EVENT_VALUES = "(?::integer, ?, ?, ?)"


def _extend_one_sql(events: int) -> str:
    """`_EXTEND_ONE_SQL` for a number of new events (one prepared statement per number)."""
    text = _EXTEND_ONE_TEXTS.get(events)
    if text is None:
        text = _EXTEND_ONE_SQL.replace("{rows}", ", ".join([_EVENT_VALUES] * events))
        if len(_EXTEND_ONE_TEXTS) < 64:
            _EXTEND_ONE_TEXTS[events] = text
    return text


_EXTEND_ONE_TEXTS: dict[int, str] = {}


def _verify_new(trace: Trace, first: int) -> None:
    """Check the events from position ``first`` on: their hashes, order and links.

    The events before ``first`` are the stored ones (their head matched), so only what is
    about to be written is hashed again.
    """
    events = trace.events
    prev = trace.genesis if first == 0 else events[first - 1].hash
    sha256 = hashlib.sha256
    for seq in range(first, len(events)):
        body, digest = events[seq].body, events[seq].hash
        try:
            ok = sha256(body.encode("utf-8")).hexdigest() == digest
        except (AttributeError, UnicodeEncodeError):
            ok = False
        if not (ok and body.startswith(f"{SCHEME}\n{seq}\n{prev}\n")):
            trace.verify()  # raises, naming the first bad event and why
            raise TraceIntegrityError(seq, "does not verify")
        prev = digest


def _skip_verify(trace: Trace, first: int) -> None:
    """For a trace verified whole just before (replayed from its document)."""


#: The state-row columns of free text (the rest are codes, instants, numbers or JSON).
# The text columns of a state row, by the field of the case each holds (what an error names,
# as the act took it).
_TEXT_COLUMNS = {
    "matter_code": "matter.code", "department": "department", "window_name": "window",
    "applicant_id": "applicant",
}  # fmt: skip
_TEXT_AT = tuple(COLUMNS.index(c) for c in _TEXT_COLUMNS)


def _nul(text: object) -> bool:
    return isinstance(text, str) and "\x00" in text


def _refuse_nul(case_id: str, values: Sequence[Any]) -> None:
    """Refuse a case whose state row would hold a NUL character, naming the column.

    PostgreSQL cannot store one in a text, so neither store takes one: a store on SQLite
    stays one that can move to PostgreSQL (``case export``, ``case import``).
    """
    expected = "text without a NUL character (PostgreSQL cannot store one)"
    if "\x00" in case_id:
        raise InvalidValueError("case_id", case_id, expected)
    for name, i in zip(_TEXT_COLUMNS.values(), _TEXT_AT, strict=True):
        if _nul(values[i]):
            raise InvalidValueError(name, values[i], f"{expected}, in case {case_id!r}")


def _date_or_none(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _instant_or_none(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


class _Known(NamedTuple):
    """What a store last wrote or read of a case: a hint for its next save."""

    events: int  #: events stored
    head: str  #: the head the values below were written at ("" when none were)
    indexed: tuple[Any, ...] | None  #: the indexed columns of the state row written then
    record: tuple[Any, ...] | None  #: the packed record written then


@attrs.frozen
class CaseRow:
    """The current state of one stored case, as its state row keeps it (no replay).

    Args:
        case_id: The case number.
        schema: The case's document schema (``govservice.case/1`` or a parallel case's).
        kind: The `CaseKind` value.
        state: The state's value (a `CaseState` or `ParallelState` value).
        handling_system: The handling system's value, where the case has one.
        matter_code: The matter (for a parallel case, its lead matter or plan).
        department: The department handling it.
        window: The window that accepted it, if known.
        submitted_at: When it came in.
        accepted_at: When it was accepted.
        decided_at: When it was decided (approved or denied).
        ended_at: When it was completed or withdrawn; None while open.
        due_date: The committed due date (承诺时限).
        statutory_due_date: The statutory due date (法定时限).
        delivery_due_date: The delivery due date (art. 44), once decided.
        provisional: Whether a due date depends on provisional calendar days.
        timeliness: (committed, statutory, delivery), each early / on_time / late / pending.
        head: The hash of its latest event (what a receipt carries).
        events: How many events its trace has.

    Examples:
        >>> row = CaseRow("C-1", "govservice.case/1", "committed", "accepted", None, "M-1",
        ...               "市场监管局", "窗口1", dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC),
        ...               None, None, None, dt.date(2025, 3, 10), dt.date(2025, 3, 31), None,
        ...               False, ("pending", "pending", "pending"), "ab" * 32, 2)
        >>> row.open
        True
    """

    case_id: str
    schema: str
    kind: str
    state: str
    handling_system: str | None
    matter_code: str
    department: str
    window: str | None
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    ended_at: dt.datetime | None
    due_date: dt.date | None
    statutory_due_date: dt.date | None
    delivery_due_date: dt.date | None
    provisional: bool
    timeliness: tuple[str, str, str]
    head: str
    events: int

    @property
    def open(self) -> bool:
        """Whether the case is still open (neither completed nor withdrawn)."""
        return self.ended_at is None

    @classmethod
    def _from_sql(cls, values: Sequence[Any]) -> CaseRow:
        r = dict(zip(("case_id", *COLUMNS), values, strict=True))
        submitted = _instant_or_none(r["submitted_at"])
        assert submitted is not None  # NOT NULL
        return cls(
            case_id=r["case_id"],
            schema=r["doc"],
            kind=r["kind"],
            state=r["state"],
            handling_system=r["handling_system"],
            matter_code=r["matter_code"],
            department=r["department"],
            window=r["window_name"],
            submitted_at=submitted,
            accepted_at=_instant_or_none(r["accepted_at"]),
            decided_at=_instant_or_none(r["decided_at"]),
            ended_at=_instant_or_none(r["ended_at"]),
            due_date=_date_or_none(r["committed_due"]),
            statutory_due_date=_date_or_none(r["statutory_due"]),
            delivery_due_date=_date_or_none(r["delivery_due"]),
            provisional=bool(r["provisional"]),
            timeliness=(
                r["committed_timeliness"],
                r["statutory_timeliness"],
                r["delivery_timeliness"],
            ),
            head=r["head"],
            events=int(r["events"]),
        )


@attrs.frozen
class Page:
    """One page of a query's answer.

    Args:
        items: The rows of this page, in the query's order.
        total: How many rows the whole answer has.
        offset: How many rows come before this page.
        limit: The page size asked for.

    Examples:
        >>> Page((), 0, 0, 100).more
        False
    """

    items: tuple[CaseRow, ...]
    total: int
    offset: int
    limit: int

    @property
    def more(self) -> bool:
        """Whether rows follow this page."""
        return self.offset + len(self.items) < self.total

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[CaseRow]:
        return iter(self.items)


@attrs.frozen
class Progress:
    """How far a long run (import, export, verify, recalendar) has got.

    Args:
        done: Cases handled so far.
        total: Cases in all, when known in advance.

    Examples:
        >>> str(Progress(500, 2000))
        '500/2000'
    """

    done: int
    total: int | None = None

    def __str__(self) -> str:
        return f"{self.done}/{self.total if self.total is not None else '?'}"


@attrs.frozen
class ImportReport:
    """What an import did.

    Args:
        added: Cases new to the store.
        extended: Stored cases whose traces the import extended.
        unchanged: Cases stored already, exactly as imported.

    Examples:
        >>> ImportReport(3, 1, 0).total
        4
    """

    added: int
    extended: int
    unchanged: int

    @property
    def total(self) -> int:
        """Every case read."""
        return self.added + self.extended + self.unchanged


@attrs.frozen
class DueMove:
    """A due date that a recalendaring moved.

    Args:
        case_id: The case.
        field: ``due_date``, ``statutory_due_date`` or ``delivery_due_date``.
        old: The due date before.
        new: The due date after.

    Examples:
        >>> print(DueMove("C-1", "due_date", dt.date(2026, 2, 2), dt.date(2026, 2, 9)))
        C-1 due_date: 2026-02-02 -> 2026-02-09
    """

    case_id: str
    field: str
    old: dt.date | None
    new: dt.date | None

    def __str__(self) -> str:
        old = self.old.isoformat() if self.old else "none"
        new = self.new.isoformat() if self.new else "none"
        return f"{self.case_id} {self.field}: {old} -> {new}"


@attrs.frozen
class RecalendarReport:
    """What `CaseStore.recalendar` did.

    Args:
        recalendared: The open cases moved to the new calendar (one transaction each).
        moved: Every due date that changed.
        skipped: (case id, reason) of open cases left as they were: the error that stopped
            reading one back on the new calendar.

    Examples:
        >>> RecalendarReport(("C-1",), (), ()).moved
        ()
    """

    recalendared: tuple[str, ...]
    moved: tuple[DueMove, ...]
    skipped: tuple[tuple[str, str], ...]


@attrs.frozen
class VerifyReport:
    """What `CaseStore.verify` found.

    Args:
        cases: Cases checked.
        events: Events checked.
        problems: One line per problem (case, field, stored, expected); empty when all is well.

    Examples:
        >>> VerifyReport(10, 40, ()).ok
        True
    """

    cases: int
    events: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether every trace and state row verified."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise `StoreIntegrityError` listing every problem, if there is any."""
        if self.problems:
            raise StoreIntegrityError(self.problems)


ProgressCallback = Callable[[Progress], object]


def _check_day(name: str, value: object) -> dt.date:
    if type(value) is not dt.date:
        raise InvalidValueError(name, value, "a datetime.date (passed in, never the clock)")
    return value


def _check_int(name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidValueError(name, value, f"an integer >= {minimum}")
    if maximum is not None and value > maximum:
        raise InvalidValueError(name, value, f"an integer <= {maximum}")
    return value


class CaseStore:
    """Cases kept in a database: their events, appended only, and one state row each.

    Open one with `open_store`. A store is not shared between threads without care: each
    process (or thread) opens its own; many stores on one database work together, and
    ``save`` makes sure no act is lost when two clerks act on one case at once.

    Examples:
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from govservice.calendar import china
        >>> from govservice.matters import Case, sample_catalog
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> store = open_store("sqlite:///:memory:", calendar=china())
        >>> case = Case.submit(sample_catalog()["990102-SJJ-003"], case_id="C-1",
        ...                    applicant="张三", at=dt.datetime(2025, 3, 3, 9, tzinfo=sh),
        ...                    by="窗口1", calendar=china())
        >>> store.add(case.accept(at=dt.datetime(2025, 3, 3, 9, 10, tzinfo=sh), by="窗口1"))
        >>> [row.case_id for row in store.overdue(dt.date(2025, 3, 20))]
        ['C-1']
        >>> store.get("C-1").state.value
        'accepted'
        >>> store.close()
    """

    def __init__(self, backend: Backend, calendar: WorkCalendar) -> None:
        self._db: Backend | None = backend
        self.calendar = calendar
        self.url = redact(backend.url)
        self._zone = ZoneInfo(calendar.office_hours.timezone)
        self._deadlines: dict[Any, Any] = {}
        self._days: dict[Any, str] = {}
        # Per case id, what this store last wrote or read of it (see `_remember`).
        self._known: dict[str, _Known] = {}
        # A calendar of a case found equal to the store's (kept so as not to compare again).
        self._same_calendar: object = calendar

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def backend(self) -> str:
        """``"SQLite"`` or ``"PostgreSQL"``."""
        return self._open("use").name

    def _open(self, operation: str) -> Backend:
        if self._db is None:
            raise StoreError(operation, f"the store {self.url} is closed")
        return self._db

    def close(self) -> None:
        """Close the store; committed data stays. Closing twice is harmless."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._db is None else "open"
        return f"<CaseStore {self.url} {state}>"

    def _read(self, operation: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        db = self._open(operation)
        with db.lock:
            try:
                return db.execute(sql, params)
            except db.errors as exc:
                raise db.failure(operation, exc) from None

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        rows = self._read("read the schema version", "SELECT max(version) FROM govservice_schema")
        return int(rows[0][0] or 0)

    def _migrate(self, upto: int | None = None) -> None:
        db = self._open("open")
        if db.read_only:
            current = self.schema_version
            if current > SCHEMA_VERSION:
                raise StoreError(
                    "open read-only",
                    f"the database has schema version {current}, newer than this govservice "
                    f"knows ({SCHEMA_VERSION}); upgrade govservice",
                )
            if current != SCHEMA_VERSION:
                raise StoreError(
                    "open read-only",
                    f"the database has schema version {current}, this govservice needs "
                    f"{SCHEMA_VERSION}; open it once writable to migrate it",
                )
            return
        if upto is None and self._current_version(db) == SCHEMA_VERSION:
            return  # nothing to migrate: no write lock taken, so no wait behind a writer
        with db.lock:
            with db.transaction("open"):
                if db.name == "PostgreSQL":
                    db.execute("SELECT pg_advisory_xact_lock(7140014)")
                db.execute(MIGRATIONS[0].statements[0])
                current = int(db.execute("SELECT max(version) FROM govservice_schema")[0][0] or 0)
            if current > SCHEMA_VERSION:
                raise StoreError(
                    "open",
                    f"the database has schema version {current}, newer than this govservice "
                    f"knows ({SCHEMA_VERSION}); upgrade govservice",
                )
            for migration in pending(current, upto):
                self._apply(db, migration)

    @staticmethod
    def _current_version(db: Backend) -> int | None:
        """The schema version, read without a transaction; None where it cannot be read."""
        with db.lock:
            try:
                rows = db.execute("SELECT max(version) FROM govservice_schema")
            except db.errors:  # no such table yet (a new database), or another shape
                return None
        return int(rows[0][0] or 0)

    def _apply(self, db: Backend, migration: Migration) -> None:
        with db.transaction(f"migrate to schema version {migration.version}"):
            if db.name == "PostgreSQL":
                db.execute("SELECT pg_advisory_xact_lock(7140014)")
            done = db.execute(
                "SELECT 1 FROM govservice_schema WHERE version = ?", (migration.version,)
            )
            if done:  # another process migrated meanwhile
                return
            for statement in migration.statements:
                if statement.startswith("CREATE TABLE IF NOT EXISTS govservice_schema"):
                    continue
                db.execute(db.ddl(statement))
            if migration.backfill:
                getattr(self, migration.backfill)(db)
            db.execute(
                "INSERT INTO govservice_schema (version, description) VALUES (?, ?)",
                (migration.version, migration.description),
            )

    def _backfill_days(self, db: Backend) -> None:
        rows = db.execute("SELECT case_id, seq, hash, body FROM events WHERE day IS NULL")
        updates = [
            (event_day(TraceEvent(body, digest), self._zone), case_id, seq)
            for case_id, seq, digest, body in rows
        ]
        if updates:
            db.executemany("UPDATE events SET day = ? WHERE case_id = ? AND seq = ?", updates)

    def _backfill_packed(self, db: Backend) -> None:
        rows = db.execute(f"SELECT {_ROW_SQL} FROM cases")
        at = {name: i for i, name in enumerate(COLUMNS, 1)}
        records = [
            (r[0], r[at["submitted_on"]], r[at["ended_on"]], *packed(r[0], r[1:])) for r in rows
        ]
        if records:
            db.insert("case_records", _RECORD_COLUMNS, records)

    def _backfill_rows(self, db: Backend) -> None:
        """Version 6: the rows whose working-out changed, worked out again from their traces.

        A parallel case's row (the statutory bound of art. 42 para. 2, its own timeliness and
        delivery, no running due date while its clocks are stopped), and a case's notice of
        missing materials (``supplement_notice_on`` in ``extra``, art. 32(4)). Each such case
        is replayed on the store's calendar and its state row and packed record written as a
        save writes them now; one that does not replay keeps its row (`verify` names it).
        """
        parallel = db.execute(
            "SELECT case_id FROM cases WHERE doc LIKE ? ORDER BY case_id", (PARALLEL_PREFIX + "%",)
        )
        noticed = db.execute(
            "SELECT DISTINCT case_id FROM events WHERE body LIKE ? ORDER BY case_id",
            ('%"action":"request_supplement"%',),
        )
        self._work_out_again(db, [str(c) for (c,) in [*parallel, *noticed]])

    def _backfill_rows_7(self, db: Backend) -> None:
        """Version 7: the rows whose working-out changed, worked out again from their traces.

        An approved case closed (办结) without a delivery event is delivered at that instant
        (art. 44: its delivery clock kept or broken, no longer pending), and a suspended case
        (a limit in office hours counts a suspension from instant to instant, art. 45).
        """
        closed = db.execute(
            "SELECT case_id FROM cases WHERE state = 'completed' AND outcome = 'approved' "
            "AND delivered_at IS NULL ORDER BY case_id"
        )
        suspended = db.execute(
            "SELECT DISTINCT case_id FROM events WHERE body LIKE ? ORDER BY case_id",
            ('%"action":"suspend"%',),
        )
        self._work_out_again(db, sorted({str(c) for (c,) in [*closed, *suspended]}))

    def _backfill_rows_8(self, db: Backend) -> None:
        """Version 8: the rows whose working-out changed, worked out again from their traces.

        A case done on site (当日办结) is so only by the close of business, and a parallel
        case's deemed consent is dated at the close of its deadline day (Civil Code art. 203).
        """
        on_site = db.execute("SELECT case_id FROM cases WHERE on_site = 1 ORDER BY case_id")
        deemed = db.execute(
            "SELECT DISTINCT case_id FROM events WHERE body LIKE ? ORDER BY case_id",
            ('%"policy":"deemed_consent"%',),
        )
        self._work_out_again(db, sorted({str(c) for (c,) in [*on_site, *deemed]}))

    def _work_out_again(self, db: Backend, case_ids: Sequence[str]) -> None:
        """Replay each case and write its state row and packed record as a save does now.

        On the store's calendar; a case that does not replay keeps its row (`verify` names
        it).
        """
        for case_id in case_ids:
            rows = db.execute(
                "SELECT c.doc, e.body, e.hash FROM cases c JOIN events e "
                "ON e.case_id = c.case_id WHERE c.case_id = ? ORDER BY e.seq",
                (case_id,),
            )
            schema = str(rows[0][0])
            text = document(schema, case_id, [(body, digest) for _doc, body, digest in rows])
            try:
                case = load_case(schema, text, calendar=self.calendar)
            except GovServiceError:
                continue
            values, record = self._values(case, schema, check=False)
            db.execute(_UPDATE_SQL, (*values, case_id))
            db.execute(_RECORD_SQL_ALWAYS, (*record, case_id))

    def _rowid_tables(self, db: Backend) -> None:
        """SQLite: rebuild ``WITHOUT ROWID`` tables as rowid tables (copy, drop, rename, index).

        Their rows (a few hundred bytes) are wider than a clustered table suits: as rowid
        tables an insert costs SQLite less. The same columns, rows and indexes; PostgreSQL
        has nothing to change.
        """
        if db.name != "SQLite":
            return
        for table in ("events", "cases", "case_records"):
            found = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            )
            create = str(found[0][0])
            if not _CLUSTERED.search(create):
                continue
            indexes = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL ORDER BY name",
                (table,),
            )
            fresh = f"{table}_rowid"
            create = _CLUSTERED.sub(")", create)
            create = _TABLE_NAME.sub(f"CREATE TABLE {fresh} (", create, count=1)
            db.execute(create)
            db.execute(f"INSERT INTO {fresh} SELECT * FROM {table}")
            db.execute(f"DROP TABLE {table}")
            db.execute(f"ALTER TABLE {fresh} RENAME TO {table}")
            for (index,) in indexes:
                db.execute(str(index))

    # -- writing --------------------------------------------------------------------------------

    def _checked(self, case: object, operation: str) -> AnyCase:
        if not isinstance(case, AnyCase):
            raise InvalidValueError("case", type(case).__name__, "a Case or a ParallelCase")
        trace = case.trace
        if not isinstance(trace, Trace) or not len(trace):
            raise InvalidValueError("trace", trace, "a trace with at least one event")
        if "\x00" in case.case_id:
            _refuse_nul(case.case_id, ())
        calendar = getattr(case, "calendar", None)
        if calendar is not self.calendar and calendar is not self._same_calendar:
            if calendar == self.calendar:
                self._same_calendar = calendar
            else:
                return self._on_store_calendar(case)
        return case

    def _on_store_calendar(self, case: AnyCase) -> AnyCase:
        """A case counted on another calendar than the store's, replayed on the store's.

        Its state row is worked out on the store's calendar, which is the one `get` and
        `verify` replay it on: where that calendar gives the case other due dates, storing it
        would leave a case that no longer reads back, so it is refused.

        Raises:
            CalendarMismatchError: The store's calendar moves one of its due dates.
            CalendarCoverageError: The store's calendar does not reach its due dates.
            ConcurrencyError: Either, and the stored case has moved on meanwhile (a case
                read before `recalendar` moved it): reloading mends both.
        """
        try:
            return load_case(
                schema_of(case), case.to_json(), calendar=self.calendar,
                expected_head=case.trace.head,
            )  # fmt: skip
        except (CalendarMismatchError, CalendarCoverageError) as exc:
            db = self._open("save")
            with db.lock:
                try:
                    stored = db.execute("SELECT head FROM cases WHERE case_id = ?", (case.case_id,))
                    common = self._common_head(db, case) if stored else ""
                except db.errors as error:
                    raise db.failure("save", error, case.case_id) from None
            if stored and stored[0][0] not in {e.hash for e in case.trace.events}:
                raise ConcurrencyError(case.case_id, common, str(stored[0][0])) from None
            exc.add_note(
                f"case {case.case_id} was counted on another calendar than the store's: "
                "count it on the store's calendar (store.calendar), or open the store with "
                "the calendar its cases are counted on"
            )
            raise

    def _event_rows(
        self, case_id: str, events: Sequence[TraceEvent], start: int
    ) -> list[tuple[Any, ...]]:
        """Rows of the events from position ``start`` (a verified trace: seq == position)."""
        zone, days = self._zone, self._days
        return [
            (case_id, start + i, event.hash, event.body, event_day(event, zone, days))
            for i, event in enumerate(events)
        ]

    def _values(
        self, case: AnyCase, schema: str, *, check: bool = True
    ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The case's state row (`COLUMNS`) and its packed record (`RECORD_ROW`).

        ``check``: refuse a text holding a NUL character (a row written before is left be).
        """
        values, record = state_values(
            case, self.calendar, self._deadlines, schema=schema, zone=self._zone
        )
        if check and ("\x00" in case.case_id or any(_nul(values[i]) for i in _TEXT_AT)):
            _refuse_nul(case.case_id, values)
        return values, record

    def _remember(
        self,
        case_id: str,
        count: int,
        head: str = "",
        indexed: tuple[Any, ...] | None = None,
        record: tuple[Any, ...] | None = None,
    ) -> None:
        """Keep how many events a case has stored, and the row values written at ``head``.

        Hints only: a wrong count costs one statement. The values written are used only while
        the stored head is still ``head`` (the compare-and-swap checks it), and a state row is
        a function of its trace, so they are what the row holds then.
        """
        known = self._known
        if len(known) >= 100_000:
            known.clear()
        known[case_id] = _Known(count, head, indexed, record)

    def _save_from(self, db: Backend, case: AnyCase, base: str) -> None:
        """`save` from a known base head: its events after ``base``, only onto ``base``."""
        events = case.trace.events
        after = next((i + 1 for i in range(len(events) - 1, -1, -1) if events[i].hash == base), 0)
        if not after:
            raise InvalidValueError("base", base, f"the hash of an event of case {case.case_id}")
        applied = after == len(events)  # nothing after the base: only check it is current
        if not applied:
            with db.lock:
                if db.one_statement_saves:
                    applied = self._extend(db, case, after)
                else:
                    with db.transaction("save", case.case_id):
                        applied = self._extend(db, case, after)
        if not applied:  # the stored head is not the base: someone saved first
            raise ConcurrencyError(case.case_id, base, self.row(case.case_id).head)
        if after == len(events) and self.row(case.case_id).head != base:
            raise ConcurrencyError(case.case_id, base, self.row(case.case_id).head)

    def _extend(self, db: Backend, case: AnyCase, first: int | None = None) -> bool:
        """The common save, in one conditional ``UPDATE``: whether it applied.

        The stored trace is expected to end at a known event of the case's trace (the count
        this store last saw, else all but the last event). The state row is updated only where
        the stored head is that event's hash (the compare-and-swap); otherwise nothing is
        written and the caller takes the general path, which finds what is stored.

        Where the backend saves in one statement (PostgreSQL), this runs outside a
        transaction: the state row's compare-and-swap, its record and the new events are one
        statement, which the server applies whole or not at all.
        """
        events = case.trace.events
        count = len(events)
        known = self._known.get(case.case_id)
        if first is None:
            first = count - 1 if known is None else known.events
        if not 0 < first < count:
            return False
        _verify_new(case.trace, first)
        values, record = self._values(case, schema_of(case))
        indexed = _indexed_of(values)
        head = events[first - 1].hash
        if db.one_statement_saves:
            rows = self._event_rows(case.case_id, events[first:], first)
            params = [*values[1:], case.case_id, head, *record]
            for row in rows:
                params += row[1:]
            try:
                written = db.update(_extend_one_sql(len(rows)), params)
            except db.errors as exc:
                raise db.failure("save", exc, case.case_id) from None
            if written != len(rows):
                return False
        else:
            case_id = case.case_id
            if known is not None and known.head == head:
                # The row holds what this store wrote at ``head`` (if the CAS applies): write
                # the indexed columns and the record only where they change.
                if known.indexed == indexed:
                    applied = db.update(_EXTEND_PLAIN_SQL, (*_plain_of(values), case_id, head))
                else:
                    applied = db.update(
                        _EXTEND_ALL_SQL, (*_plain_of(values), *indexed, case_id, head)
                    )
                if not applied:
                    return False
                if known.record != record:
                    db.execute(_RECORD_SQL_ALWAYS, (*record, case_id))
            else:
                if not db.update(_EXTEND_PLAIN_SQL, (*_plain_of(values), case_id, head)):
                    return False
                db.execute(_EXTEND_INDEXED_SQL, (*indexed, case_id, *indexed))
                db.execute(_RECORD_SQL, (*record, case_id, *record))
            rows = self._event_rows(case_id, events[first:], first)
            if len(rows) == 1:
                db.execute(_INSERT_EVENT_SQL, rows[0])
            else:
                db.executemany(_INSERT_EVENT_SQL, rows)
        self._remember(case.case_id, count, case.trace.head, indexed, record)
        return True

    def _write(
        self,
        db: Backend,
        cases: Sequence[AnyCase],
        *,
        new_only: bool = False,
        verified: bool = False,
    ) -> list[str]:
        """Insert or extend cases inside an open transaction; what happened to each.

        ``verified``: the cases were just replayed from their documents, which verified each
        whole chain (from the genesis of its document's case id), so it is not hashed again.
        """
        verify = _skip_verify if verified else _verify_new
        ids = [case.case_id for case in cases]
        for case_id in ids:
            if "\x00" in case_id:  # refused before PostgreSQL is asked to look it up
                _refuse_nul(case_id, ())
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise InvalidValueError("cases", twice, "each case once in a batch")
        # a new case's id already stored fails on the primary key: no need to look first
        stored = {} if new_only else self._stored(db, ids)
        results: list[str] = []
        bound = self._bound
        events_rows: list[tuple[Any, ...]] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        new_records: list[tuple[Any, ...]] = []
        records: list[tuple[Any, ...]] = []
        written: dict[str, tuple[str, tuple[Any, ...], tuple[Any, ...]]] = {}
        for case in cases:
            known = stored.get(case.case_id)
            events = case.trace.events
            if known is None:
                first = 0
                schema = schema_of(case)
                verify(case.trace, 0)
                if not bound(case.trace, schema, case.case_id):
                    raise InvalidValueError(
                        "trace", "the trace of another case", f"the trace of case {case.case_id!r}"
                    )
            else:
                head, first, schema = known
                if not (first <= len(events) and events[first - 1].hash == head):
                    if not bound(case.trace, schema, case.case_id):  # not a later save
                        raise InvalidValueError(
                            "trace",
                            "the trace of another case",
                            f"the trace of case {case.case_id!r}",
                        )
                    raise ConcurrencyError(case.case_id, self._common_head(db, case), head)
                if first == len(events):
                    results.append("unchanged")
                    continue
                verify(case.trace, first)
            events_rows += self._event_rows(case.case_id, events[first:], first)
            values, record = self._values(case, schema)
            written[case.case_id] = (case.trace.head, _indexed_of(values), record)
            if known is None:
                inserts.append((case.case_id, *values))
                new_records.append((case.case_id, *record))
                results.append("added")
            else:
                updates.append((*values, case.case_id))
                records.append((*record, case.case_id))
                results.append("extended")
        if inserts:
            db.insert("cases", ("case_id", *COLUMNS), inserts)
            db.insert("case_records", _RECORD_COLUMNS, new_records)
        if events_rows:
            db.insert("events", _EVENT_COLUMNS, events_rows)
        if updates:
            db.executemany(_UPDATE_SQL, updates)
            if db.name == "SQLite":
                db.executemany(_RECORD_SQL, [(*r, *r[:-1]) for r in records])
            else:
                db.executemany(_RECORD_SQL_ALWAYS, records)
        for case in cases:
            self._remember(case.case_id, len(case.trace.events), *written.get(case.case_id, ()))
        return results

    def _common_head(self, db: Backend, case: AnyCase) -> str:
        stored = dict(db.execute("SELECT seq, hash FROM events WHERE case_id = ?", (case.case_id,)))
        common = ""
        for event in case.trace.events:
            if stored.get(event.seq) != event.hash:
                break
            common = event.hash
        return common or "(none in common)"

    @staticmethod
    def _bound(trace: Trace, schema: str, case_id: str) -> bool:
        return bound_to(trace, schema, case_id)

    def _stored(self, db: Backend, ids: Sequence[str]) -> dict[str, tuple[str, int, str]]:
        """The stored (head, event count, schema) of each of ``ids`` stored (row-locked)."""
        lock = " FOR UPDATE" if db.name == "PostgreSQL" else ""
        found: dict[str, tuple[str, int, str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            where = (
                "case_id = ?" if len(chunk) == 1 else f"case_id IN ({', '.join('?' * len(chunk))})"
            )
            rows = db.execute(
                f"SELECT case_id, head, events, doc FROM cases WHERE {where}{lock}", chunk
            )
            found.update((r[0], (r[1], int(r[2]), r[3])) for r in rows)
        return found

    def add(self, case: AnyCase) -> None:
        """Store a new case: all its events and its state row, in one transaction.

        A case counted on another calendar than the store's is replayed on the store's first
        (see `save`).

        Raises:
            InvalidValueError: A case with that id is stored already, the value is not a case,
                its trace is another case's, or a text of it holds a NUL character (which
                PostgreSQL cannot store; neither store takes one).
            TraceIntegrityError: Its trace does not verify.
            CalendarMismatchError: The store's calendar gives it other due dates.
            StoreError: The database refused the write (nothing is written).
        """
        case = self._checked(case, "add")
        db = self._open("add")
        with db.lock:
            try:
                with db.transaction("add", case.case_id):
                    self._write(db, [case], new_only=True)
            except StoreError as exc:
                if "UNIQUE" in exc.reason.upper() or "duplicate key" in exc.reason:
                    raise InvalidValueError(
                        "case_id", case.case_id, "an id not yet in the store (use save)"
                    ) from None
                raise

    def save(self, case: AnyCase, *, base: str | None = None) -> None:
        """Append the events the stored trace does not have yet, and update the state row.

        Only if the case's trace extends exactly the stored one: when another clerk saved
        first, `ConcurrencyError` names the head the caller started from and the head now
        stored, and nothing is written. Reload with `get`, apply the act again, save again.
        A case not stored yet is added; saving an unchanged case writes nothing.

        Args:
            case: The case.
            base: The head the caller's change started from (an HTTP ``If-Match``): the stored
                head must be exactly this one, and the events after it in ``case`` are
                written. A stored trace that already moved past it (even to the very events
                ``case`` holds, the same act sent twice) is a `ConcurrencyError`, not a
                silent success.

        A case counted on another calendar than the store's (``case.calendar`` is neither
        the store's nor equal to it) is replayed on the store's, and its row worked out
        there, so that it reads back; one whose due dates that calendar moves is refused.

        Raises:
            ConcurrencyError: Another save came first.
            TraceIntegrityError: The trace does not verify.
            InvalidValueError: The value is not a case, its trace is another case's, or a
                text of it holds a NUL character.
            CalendarMismatchError: The store's calendar gives the case other due dates.
            StoreError: The database refused the write (nothing is written).
        """
        case = self._checked(case, "save")
        db = self._open("save")
        if base is not None:
            self._save_from(db, case, base)
            return
        with db.lock:
            try:
                if db.one_statement_saves and self._extend(db, case):
                    return
                with db.transaction("save", case.case_id):
                    if db.one_statement_saves or not self._extend(db, case):
                        self._write(db, [case])
            except StoreError as exc:
                if isinstance(exc, ConcurrencyError):
                    raise
                if "UNIQUE" in exc.reason.upper() or "duplicate key" in exc.reason:
                    # Two first saves of one new case raced on the primary key.
                    raise ConcurrencyError(case.case_id, "(none)", "(another first save)") from None
                raise

    def save_many(self, cases: Iterable[AnyCase]) -> ImportReport:
        """Save many cases in one transaction: all of them, or (on any error) none.

        Each case is added, extends its stored trace, or is left alone when stored exactly
        so, as `save` does; a conflict on any of them raises `ConcurrencyError` and writes
        nothing at all.

        Examples:
            >>> from govservice.calendar import china
            >>> from govservice.approval import construction_project_plan
            >>> plan = construction_project_plan()
            >>> day = dt.date(2025, 3, 3)
            >>> cases = [plan.open(f"P-{n}", day, calendar=china()) for n in range(3)]
            >>> with open_store("sqlite:///:memory:", calendar=china()) as store:
            ...     store.save_many(cases)
            ImportReport(added=3, extended=0, unchanged=0)
        """
        checked = [self._checked(case, "save") for case in cases]
        db = self._open("save")
        counts = {"added": 0, "extended": 0, "unchanged": 0}
        with db.lock, db.transaction("save"):
            for result in self._write(db, checked):
                counts[result] += 1
        return ImportReport(**counts)

    # -- reading --------------------------------------------------------------------------------

    def __contains__(self, case_id: object) -> bool:
        key = str(case_id)
        try:
            if not self._storable("look up", "case_id", key):
                return False
        except InvalidValueError:  # a text no store holds: not in this one
            return False
        rows = self._read("look up", "SELECT 1 FROM cases WHERE case_id = ?", (key,))
        return bool(rows)

    def _storable(self, operation: str, name: str, value: object) -> bool:
        """Whether a text could be stored at all: no case has one that cannot be.

        Raises:
            InvalidValueError: ``value`` is not text, or not text UTF-8 can hold (a lone
                surrogate such as U+D800).
        """
        if not isinstance(value, str):
            raise InvalidValueError(name, value, "a string")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValueError(
                name, value, "text (a lone surrogate such as '\\ud800' is not)"
            ) from None
        # PostgreSQL refuses a NUL in a text even to look it up; no case there holds one
        return "\x00" not in value or self._open(operation).name != "PostgreSQL"

    def __len__(self) -> int:
        return int(self._read("count", "SELECT count(*) FROM cases")[0][0])

    def row(self, case_id: str) -> CaseRow:
        """The state row of a case (no replay).

        Raises:
            CaseNotFoundError: No case with that id is stored.
        """
        if not self._storable("get", "case_id", case_id):
            raise CaseNotFoundError(case_id, "get the row of")
        rows = self._read("get", f"SELECT {_ROW_SQL} FROM cases WHERE case_id = ?", (case_id,))
        if not rows:
            raise CaseNotFoundError(case_id, "get the row of")
        return CaseRow._from_sql(rows[0])

    def _document(
        self, operation: str, case_id: str, *, compact: bool = False
    ) -> tuple[str, str, str]:
        """The stored schema, the document (``compact``: to replay, see `document`), the head."""
        if not self._storable(operation, "case_id", case_id):
            raise CaseNotFoundError(case_id, operation)
        db = self._open(operation)
        with db.lock:
            try:  # one statement: the row and its events as of one moment
                rows = db.execute(
                    "SELECT c.doc, c.head, e.body, e.hash FROM cases c LEFT JOIN events e "
                    "ON e.case_id = c.case_id WHERE c.case_id = ? ORDER BY e.seq",
                    (case_id,),
                )
            except db.errors as exc:
                raise db.failure(operation, exc, case_id) from None
        if not rows:
            raise CaseNotFoundError(case_id, operation)
        schema, stored_head = rows[0][0], rows[0][1]
        bodies = [(r[2], r[3]) for r in rows if r[2] is not None]
        return schema, document(schema, case_id, bodies, compact=compact), stored_head

    def get(self, case_id: str) -> AnyCase:
        """The case, replayed from its stored events with the store's calendar and verified.

        Raises:
            CaseNotFoundError: No case with that id is stored.
            TraceIntegrityError: The stored events were changed, cut or forged.
        """
        if not isinstance(case_id, str):
            raise InvalidValueError("case_id", case_id, "a case id (a string)")
        schema, text, head = self._document("get", case_id, compact=True)
        case = load_case(schema, text, calendar=self.calendar, expected_head=head)
        self._remember(case_id, len(case.trace.events))
        return case

    def json(self, case_id: str) -> str:
        """The case's ``to_json`` text, as stored (no replay).

        Raises:
            CaseNotFoundError: No case with that id is stored.
        """
        return self._document("get", case_id)[1]

    # -- queries --------------------------------------------------------------------------------

    def _query(
        self,
        where: list[str],
        params: list[Any],
        *,
        today: dt.date,
        order: str,
        department: str | None,
        window: str | None,
        matter: str | None,
        state: str | None,
        limit: int,
        offset: int,
    ) -> Page:
        _check_int("limit", limit, 1, 100_000)
        _check_int("offset", offset, 0)
        nothing = False
        for name, value, column in (
            ("department", department, "department"),
            ("window", window, "window_name"),
            ("matter", matter, "matter_code"),
            ("state", state, "state"),
        ):
            if value is None:
                continue
            nothing |= not self._storable("query", name, value)
            where.append(f"{column} = ?")
            params.append(value)
        if nothing:  # a value no stored case can have
            return Page((), 0, offset, limit)
        day = today.isoformat()
        base = " AND ".join(["submitted_on <= ?", *where])
        # Open on ``today``: not ended yet, or ended after it; two index-friendly halves.
        parts = (
            f"SELECT {{cols}} FROM cases WHERE ended_on IS NULL AND {base} "
            f"UNION ALL SELECT {{cols}} FROM cases WHERE ended_on > ? AND {base}"
        )
        both = [day, *params, day, day, *params]
        count_sql = "SELECT count(*) FROM (" + parts.format(cols="case_id") + ") AS q"
        # the page's case ids are found on the order key alone; only their rows are read whole
        page_sql = (
            "SELECT case_id FROM (" + parts.format(cols=f"case_id, {order}") + ") AS q "
            f"ORDER BY {order}, case_id LIMIT ? OFFSET ?"
        )
        rows_sql = (
            f"SELECT {_ROW_SQL} FROM cases WHERE case_id IN ({page_sql}) ORDER BY {order}, case_id"
        )
        total = int(self._read("query", count_sql, both)[0][0])
        rows = self._read("query", rows_sql, [*both, limit, offset]) if total > offset else []
        return Page(tuple(CaseRow._from_sql(r) for r in rows), total, offset, limit)

    def open_cases(
        self,
        today: dt.date,
        *,
        department: str | None = None,
        window: str | None = None,
        matter: str | None = None,
        state: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        """Cases open on ``today``: submitted by then, not completed or withdrawn by then.

        Ordered by submission. Filters keep rows whose department, window, matter code or
        state value equal the one given; ``limit`` and ``offset`` page through the answer.
        """
        _check_day("today", today)
        return self._query(
            [], [], today=today, order="submitted_at", department=department, window=window,
            matter=matter, state=state, limit=limit, offset=offset,
        )  # fmt: skip

    def due_within(
        self,
        today: dt.date,
        working_days: int,
        *,
        due: DueKind = "committed",
        department: str | None = None,
        window: str | None = None,
        matter: str | None = None,
        state: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        """Open cases due from ``today`` to ``working_days`` working days after it (store calendar).

        ``due`` picks the due date: ``committed`` (承诺时限, the default), ``statutory``
        (法定时限, until the decision) or ``delivery`` (art. 44, after the decision).
        Ordered by that due date.
        """
        _check_day("today", today)
        _check_int("working_days", working_days, 0)
        column = self._due_column(due)
        last = self.calendar.add_working_days(today, working_days) if working_days else today
        where, params = self._due_filter(due, today)
        where.append(f"{column} >= ? AND {column} <= ?")
        params += [today.isoformat(), last.isoformat()]
        return self._query(
            where, params, today=today, order=column, department=department, window=window,
            matter=matter, state=state, limit=limit, offset=offset,
        )  # fmt: skip

    def overdue(
        self,
        today: dt.date,
        *,
        due: DueKind = "committed",
        department: str | None = None,
        window: str | None = None,
        matter: str | None = None,
        state: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        """Cases open on ``today`` whose due date is before it (超期), most overdue first.

        ``due`` as in `due_within`. A suspended case has no running due date and is not
        listed.
        """
        _check_day("today", today)
        column = self._due_column(due)
        where, params = self._due_filter(due, today)
        where.append(f"{column} < ?")
        params.append(today.isoformat())
        return self._query(
            where, params, today=today, order=column, department=department, window=window,
            matter=matter, state=state, limit=limit, offset=offset,
        )  # fmt: skip

    @staticmethod
    def _due_column(due: object) -> str:
        if due not in _DUE_COLUMN:
            raise InvalidValueError("due", due, "committed, statutory or delivery")
        return _DUE_COLUMN[str(due)]

    @staticmethod
    def _due_filter(due: str, today: dt.date) -> tuple[list[str], list[Any]]:
        day = today.isoformat()
        if due == "statutory":  # measured at the decision: undecided on ``today``
            return ["(decided_on IS NULL OR decided_on > ?)"], [day]
        if due == "delivery":  # decided by ``today``
            return ["decided_on <= ?"], [day]
        return [], []

    # -- records for the metrics ------------------------------------------------------------------

    def records(
        self,
        start: dt.date,
        end: dt.date,
        *,
        center: str = "",
        extra: dict[str, dict[str, object]] | None = None,
    ) -> Any:
        """Case records (the `govservice.metrics.RECORD_COLUMNS` schema) from the state rows.

        Every case open at some time from ``start`` to ``end`` (submitted by ``end``, not
        ended before ``start``), read from the state rows without replaying a trace, so
        `govservice.metrics.monitor`, the indicators and the monthly report run on a store.
        The rows equal what `govservice.metrics.records_from_cases` gives for the same cases;
        they come in case-id order.

        Args:
            start: The first day.
            end: The last day.
            center: The center's name for every record.
            extra: Per case id, columns to set or add (ratings from the 好差评 system, ...).
        """
        from govservice.store._records import (
            SELECT,
            column_query,
            frame,
            packed_frame,
            packed_query,
            split_columns,
        )

        _check_day("start", start)
        _check_day("end", end)
        if end < start:
            raise InvalidValueError("end", end, f"on or after start ({start.isoformat()})")
        sql = (
            f"SELECT {SELECT} FROM cases WHERE submitted_on <= ? "
            "AND (ended_on IS NULL OR ended_on >= ?) ORDER BY case_id"
        )
        params = (end.isoformat(), start.isoformat())
        db = self._open("read records")
        where = "submitted_on <= ? AND (ended_on IS NULL OR ended_on >= ?)"
        fast = self._read("read records", packed_query(db.name, where), params)[0]
        records = packed_frame(fast, center=center, extra=extra)
        if records is not None:
            return records
        columns = split_columns(self._read("read records", column_query(db.name, where), params)[0])
        if columns is not None:
            return frame(None, center=center, extra=extra, columns_of=columns)
        rows = self._read("read records", sql, params)  # some text holds a separator
        return frame(rows, center=center, extra=extra)

    # -- winter: a new calendar ------------------------------------------------------------------

    def recalendar(
        self,
        calendar: WorkCalendar,
        *,
        at: dt.datetime,
        by: str,
        progress: ProgressCallback | None = None,
    ) -> RecalendarReport:
        """Move every open case to ``calendar`` (next year's notice came), one transaction each.

        A case whose due dates the new calendar moves records the change in its trace, at
        ``at`` by ``by``; the report lists which due dates moved (a case whose dates stay is
        moved too, with nothing to record). A closed case is left as it is, unless its due
        dates were provisional (a case accepted and closed in December, with its statutory
        or delivery due date in a January counted by rule of thumb): those dates were never
        official, so it moves too, and its trace records the change. Cases are read straight
        onto the new calendar (the old due dates come from the state rows), so a store
        opened with a calendar that cannot count them (the official calendar, for cases
        counted on a provisional year) can still be moved. From then on the store replays
        with ``calendar``. A case saved by someone else meanwhile is reloaded and done again.

        Raises:
            InvalidValueError: ``calendar`` is not a calendar, or ``at`` is not aware.
        """
        if not isinstance(calendar, WorkCalendar):
            raise InvalidValueError("calendar", calendar, "a WorkCalendar")
        if not isinstance(at, dt.datetime) or at.utcoffset() is None:
            raise InvalidValueError("at", at, "an aware datetime (never the clock)")
        ids = [
            r[0]
            for r in self._read(
                "recalendar",
                "SELECT case_id FROM cases WHERE ended_on IS NULL OR provisional <> 0 "
                "ORDER BY case_id",
            )
        ]
        done: list[str] = []
        moved: list[DueMove] = []
        skipped: list[tuple[str, str]] = []
        zone = ZoneInfo(calendar.office_hours.timezone)
        limits: dict[Any, Any] = {}
        for number, case_id in enumerate(ids, 1):
            for _attempt in range(100):
                before = self.row(case_id)  # the due dates as stored, no replay
                try:
                    after, head = self._moved(case_id, calendar, at=at, by=by)
                except StoreError as exc:  # the database, not the case: stop, say how far
                    _note_stop(exc, done)
                    raise
                except GovServiceError as exc:
                    skipped.append((case_id, str(exc)))
                    break
                if head != before.head:
                    continue  # saved meanwhile, between the two reads
                try:
                    self._save_moved(after, calendar, zone, limits)
                except ConcurrencyError:
                    continue
                except StoreError as exc:
                    _note_stop(exc, done)
                    raise
                done.append(case_id)
                for field in ("due_date", "statutory_due_date", "delivery_due_date"):
                    old, new = getattr(before, field), getattr(after, field, None)
                    if old != new:
                        moved.append(DueMove(case_id, field, old, new))
                break
            if progress is not None:
                progress(Progress(number, len(ids)))
        self.calendar = calendar
        self._zone = ZoneInfo(calendar.office_hours.timezone)
        self._deadlines = {}
        self._days = {}
        return RecalendarReport(tuple(done), tuple(moved), tuple(skipped))

    def _save_moved(
        self, case: AnyCase, calendar: WorkCalendar, zone: ZoneInfo, limits: dict[Any, Any]
    ) -> None:
        """Save a case read back on a new calendar, in one transaction, onto its stored head.

        The events it adds (the change recorded, where a due date moved) are appended, and its
        state row and packed record are written again as ``calendar`` counts them: a case
        whose due dates stay can still count other working days (a limit in natural days, a
        suspension), and its row must say what `verify` and `records` find on the new
        calendar.

        Raises:
            ConcurrencyError: Its stored trace moved on meanwhile (reload and do it again).
        """
        db = self._open("recalendar")
        case_id = case.case_id
        events = case.trace.events
        values, record = state_values(case, calendar, limits, schema=schema_of(case), zone=zone)
        with db.lock, db.transaction("recalendar", case_id):
            stored = self._stored(db, [case_id]).get(case_id)
            if stored is None:
                raise CaseNotFoundError(case_id, "recalendar")
            head, count, _schema = stored
            if not (0 < count <= len(events) and events[count - 1].hash == head):
                raise ConcurrencyError(case_id, self._common_head(db, case), head)
            if count < len(events):
                _verify_new(case.trace, count)
                db.insert(
                    "events", _EVENT_COLUMNS, self._event_rows(case_id, events[count:], count)
                )
            db.execute(_UPDATE_SQL, (*values, case_id))
            db.execute(_RECORD_SQL_ALWAYS, (*record, case_id))
        self._remember(case_id, len(events), case.trace.head, _indexed_of(values), record)

    def _moved(
        self, case_id: str, calendar: WorkCalendar, *, at: dt.datetime, by: str
    ) -> tuple[AnyCase, str]:
        """The case moved to ``calendar``, not saved, and the stored head it was read at.

        Read back from its stored document on the new calendar; where a due date moves, the
        change is recorded at ``at`` by ``by``.
        """
        schema, text, head = self._document("recalendar", case_id, compact=True)
        case = load_case(
            schema, text, calendar=calendar, expected_head=head, recalendar=True, by=by, at=at
        )
        return case, head

    # -- tamper evidence ------------------------------------------------------------------------

    def verify(
        self, *, batch: int = 1000, progress: ProgressCallback | None = None
    ) -> VerifyReport:
        """Re-verify every trace (replayed with the store's calendar) and every state row.

        Finds events changed, cut or forged, state rows and packed records that disagree
        with their trace, and event days (what `digest` reads) that disagree with the time
        the event records (edited behind the store's back). A case the store's calendar
        cannot count (a due date past its data, or one it moves) is a ``calendar`` problem, not
        a ``trace`` one: open the store with the calendar its cases were counted on. On
        SQLite the database file's
        own structure is checked too (``PRAGMA integrity_check``: a damaged page, or an
        index that no longer matches its table and would make the queries miss cases).
        Returns a report; call ``raise_for_problems`` to turn problems into
        `StoreIntegrityError`.
        """
        _check_int("batch", batch, 1)
        total = len(self)
        problems: list[str] = []
        if self._open("verify").name == "SQLite":
            found = self._read("verify", "PRAGMA integrity_check(100)")
            problems += [f"database file: {r[0]}" for r in found if r[0] != "ok"]
        checked = events = 0
        after = ""
        names = ("case_id", *COLUMNS, *(f"record {name}" for name in RECORD_ROW))
        select = ", ".join(
            [*(f"c.{name}" for name in ("case_id", *COLUMNS)), *(f"r.{n}" for n in RECORD_ROW)]
        )
        while True:
            rows = self._read(
                "verify",
                f"SELECT {select} FROM cases c LEFT JOIN case_records r "
                "ON r.case_id = c.case_id WHERE c.case_id > ? ORDER BY c.case_id LIMIT ?",
                (after, batch),
            )
            if not rows:
                break
            days: dict[tuple[str, int], str | None] = {
                (str(c), int(q)): d
                for c, q, d in self._read(
                    "verify",
                    "SELECT case_id, seq, day FROM events WHERE case_id > ? AND case_id <= ?",
                    (after, rows[-1][0]),
                )
            }
            for values in rows:
                stored = dict(zip(names, values, strict=True))
                if isinstance(stored["record rec_num"], memoryview):
                    stored["record rec_num"] = bytes(stored["record rec_num"])
                case_id = stored["case_id"]
                schema, text, head = self._document("verify", case_id, compact=True)
                try:
                    case = load_case(schema, text, calendar=self.calendar, expected_head=head)
                except (CalendarCoverageError, CalendarMismatchError) as exc:
                    # the trace is sound; the calendar is not the one it was counted on
                    events += len(json.loads(text)["events"])
                    problems.append(f"{case_id} calendar: {exc}")
                    continue
                except GovServiceError as exc:
                    events += len(json.loads(text)["events"])
                    problems.append(f"{case_id} trace: {exc}")
                    continue
                events += len(case.trace.events)
                row, record = state_values(case, self.calendar, self._deadlines, schema=schema)
                fresh = dict(zip(names[1:], (*row, *record), strict=True))
                for name in row_differences(stored, fresh):
                    problems += _difference(case_id, name, stored[name], fresh[name])
                for event in case.trace.events:
                    day = event_day(event, self._zone, self._days)
                    if days.get((case_id, event.seq)) != day:
                        problems.append(
                            f"{case_id} event {event.seq} day: stored "
                            f"{days.get((case_id, event.seq))!r}, its time says {day!r}"
                        )
            checked += len(rows)
            after = rows[-1][0]
            if progress is not None:
                progress(Progress(checked, total))
        orphans = self._read(
            "verify",
            "SELECT DISTINCT case_id FROM events WHERE case_id NOT IN (SELECT case_id FROM cases)",
        )
        problems += [f"{r[0]} events: stored without a state row" for r in orphans]
        orphans = self._read(
            "verify",
            "SELECT case_id FROM case_records WHERE case_id NOT IN (SELECT case_id FROM cases)",
        )
        problems += [f"{r[0]} record: stored without a state row" for r in orphans]
        return VerifyReport(checked, events, tuple(problems))

    def digest(self, day: dt.date) -> Digest:
        """The digest of ``day``: a Merkle root over the head of every case written that day.

        A case's head of the day is the hash of its last event dated that day (in the
        calendar's time zone). Publish the root (or print it on receipts); `Digest.proof`
        gives each case's inclusion proof. A history rewritten afterwards no longer matches.
        """
        _check_day("day", day)
        rows = self._read(
            "digest",
            "SELECT e.case_id, e.hash FROM events e JOIN ("
            "SELECT case_id, max(seq) AS seq FROM events WHERE day = ? GROUP BY case_id"
            ") AS last ON e.case_id = last.case_id AND e.seq = last.seq",
            (day.isoformat(),),
        )
        return Digest.of(day, [(str(c), str(h)) for c, h in rows])

    # -- JSON lines -----------------------------------------------------------------------------

    def export_jsonl(
        self,
        target: str | Path | TextIO,
        *,
        batch: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Write every case as one line of its ``to_json`` text, in case-id order.

        Returns how many cases were written. A path is written whole or not at all (a
        temporary file in the same directory, renamed into place).
        """
        _check_int("batch", batch, 1)
        if isinstance(target, str | Path):
            from govservice.store._files import atomic_text

            with atomic_text(Path(target)) as out:
                return self._export(out, batch, progress)
        return self._export(target, batch, progress)

    def _export(self, out: TextIO, batch: int, progress: ProgressCallback | None) -> int:
        total = len(self)
        written = 0
        after = ""
        while True:
            ids = self._read(
                "export",
                "SELECT case_id FROM cases WHERE case_id > ? ORDER BY case_id LIMIT ?",
                (after, batch),
            )
            if not ids:
                break
            lines = [self._document("export", r[0])[1] for r in ids]
            out.write("\n".join(lines) + "\n")
            written += len(ids)
            after = ids[-1][0]
            if progress is not None:
                progress(Progress(written, total))
        return written

    def import_jsonl(
        self,
        source: str | Path | TextIO | Iterable[str],
        *,
        batch: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Read cases from JSON lines (one ``to_json`` text a line), ``batch`` per transaction.

        Each case is replayed with the store's calendar (which verifies it) and added, or
        extends its stored trace, or is skipped when stored exactly so. ``batch`` lines that
        are not blank make one transaction; ``progress`` hears of each batch once it is
        committed. A bad line raises its error with a note naming the line; the batches
        before it stay committed, its own batch is rolled back whole, so importing again from
        the start completes the work.

        A file is read as bytes, each line decoded as UTF-8 on its own (bytes that are not
        UTF-8 are named by their line; a byte-order mark starting a line is dropped). A line
        is read more strictly than JSON needs: a key given twice in one object, ``NaN`` or
        ``Infinity``, and a lone surrogate are refused (a ``to_json`` text has none).

        Raises:
            TraceIntegrityError: A case's trace does not verify.
            ConcurrencyError: A case's trace does not extend the stored one.
            InvalidValueError: A line is not a case, or the source is not UTF-8 lines.
            StoreError: The database refused a batch (the batches before it stay).
        """
        _check_int("batch", batch, 1)
        if isinstance(source, str | Path):
            try:
                handle = Path(source).open("rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise InvalidValueError(
                    "source", str(source), f"a readable file ({reason})"
                ) from None
            with handle:
                return self._import(_utf8_lines(handle, str(source)), batch, progress)
        if isinstance(source, io.TextIOBase | Iterable) and not isinstance(source, bytes):
            return self._import(_text_lines(source), batch, progress)
        raise InvalidValueError("source", source, "a path, a text file or lines of text")

    def _import(
        self, lines: Iterable[str], batch: int, progress: ProgressCallback | None
    ) -> ImportReport:
        db = self._open("import")
        counts = {"added": 0, "extended": 0, "unchanged": 0}
        numbered = ((n, line) for n, line in enumerate(lines, 1) if line.strip())
        done = 0
        while True:
            with db.lock:
                taken = 0
                with db.transaction("import"):
                    for number, line in numbered:
                        try:
                            case = load_any(line, calendar=self.calendar)
                            (result,) = self._write(db, [case], verified=True)
                        except GovServiceError as exc:
                            exc.add_note(f"while importing line {number}")
                            raise
                        counts[result] += 1
                        taken += 1
                        if taken == batch:
                            break
            done += taken
            if taken and progress is not None:
                progress(Progress(done))
            if taken < batch:
                break
        return ImportReport(**counts)


def _note_stop(exc: BaseException, done: Sequence[str]) -> None:
    """Say on an error that stopped `CaseStore.recalendar` how far it got, and what to do."""
    exc.add_note(
        f"recalendared before it: {len(done)} cases (each in a transaction of its own); the "
        "store still counts on the old calendar: run recalendar again to move the rest (a "
        "case moved already is not moved twice)"
    )


def _difference(case_id: str, name: str, stored: Any, fresh: Any) -> list[str]:
    """The problem lines of one column that differs; the packed numbers field by field.

    A packed record's numbers are one blob: its repr (some 200 bytes) says nothing to a
    reader, so each number that differs is named instead.
    """
    from govservice.store._rows import _PACK, PACKED_NUMBERS

    if isinstance(stored, bytes) and isinstance(fresh, bytes):
        if len(stored) == len(fresh) == _PACK.size:
            pairs = zip(_PACK.unpack(stored), _PACK.unpack(fresh), strict=True)
            return [
                f"{case_id} {name} {field}: stored {old}, the trace says {new}"
                for (field, _kind), (old, new) in zip(PACKED_NUMBERS, pairs, strict=True)
                if old != new
            ]
        return [f"{case_id} {name}: stored {len(stored)} bytes, the trace says {len(fresh)}"]
    return [f"{case_id} {name}: stored {stored!r}, the trace says {fresh!r}"]


def _utf8_lines(raw: Iterable[bytes], source: str) -> Iterator[str]:
    """The lines of a file read as bytes, each decoded as UTF-8 on its own.

    A line that is not UTF-8 is an error naming the file and that very line (a file decoded
    as a whole fails at the block that holds the bytes, some lines before them). A
    byte-order mark (Notepad saves UTF-8 with one) is not part of the line it starts (JSON
    text never starts with one); a line ends at LF, CR LF or a lone CR (JSON text holds no
    raw CR), as a text file reads. Raised while the import's transaction is open, so that
    batch is rolled back whole.
    """
    for number, line in enumerate(raw, 1):
        if line.startswith(codecs.BOM_UTF8):  # files joined with ``cat`` keep each one's
            line = line[len(codecs.BOM_UTF8) :]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidValueError(
                "source",
                source,
                f"UTF-8 JSON lines (line {number} holds bytes that are not UTF-8, from byte "
                f"{exc.start + 1} of the line)",
            ) from None
        if "\r" in text.rstrip("\r\n"):
            yield from text.split("\r")
        else:
            yield text


def _text_lines(lines: Iterable[Any]) -> Iterator[str]:
    """Lines given as text (or bytes: UTF-8); a text file that is not UTF-8 names where."""
    number = 0
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise InvalidValueError(
                "source", lines, f"UTF-8 text (bytes that are not UTF-8 after line {number})"
            ) from None
        number += 1
        if isinstance(line, bytes | bytearray):
            try:
                line = bytes(line).decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidValueError(
                    "source", lines, f"UTF-8 text (line {number} holds bytes that are not UTF-8)"
                ) from None
        elif not isinstance(line, str):
            raise InvalidValueError("source", lines, f"lines of text (line {number} is not)")
        yield line


def open_store(url: str, *, calendar: WorkCalendar) -> CaseStore:
    """Open (and create or migrate) a case store.

    Args:
        url: ``sqlite:///path/to/cases.db`` (relative; ``sqlite:////abs/path.db`` absolute;
            ``sqlite:///:memory:`` for a throwaway store) for one machine, or
            ``postgresql://user@host:5432/db`` for a province (needs ``govservice[postgres]``).
        calendar: The calendar the cases are counted on: `CaseStore.get` replays with it, and
            the queries count working days on it.

    Raises:
        InvalidValueError: The URL or calendar is not one.
        StoreError: The database cannot be opened, or is newer than this govservice.

    Examples:
        >>> from govservice.calendar import china
        >>> store = open_store("sqlite:///:memory:", calendar=china())
        >>> store.backend, store.schema_version, len(store)
        ('SQLite', 8, 0)
        >>> store.close()
    """
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError("calendar", calendar, "a WorkCalendar (required, never implied)")
    store = CaseStore(backend_for(url), calendar)
    try:
        store._migrate()
    except BaseException:
        store.close()
        raise
    return store


def _open_at_version(url: str, *, calendar: WorkCalendar, version: int) -> CaseStore:
    """A store whose database is migrated up to ``version`` only (tests of the migrations)."""
    store = CaseStore(backend_for(url), calendar)
    store._migrate(upto=version)
    return store
