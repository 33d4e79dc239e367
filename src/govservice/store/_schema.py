"""The store's tables and their forward-only migrations, one version at a time.

A database records its version in ``govservice_schema``. Opening a store applies every
migration after that version, in order, each in its own transaction; a database newer than this
code knows is refused. Migrations never go back and never drop data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration"]


@attrs.frozen
class Migration:
    """One schema version: its SQL, and optionally a step in Python (a backfill).

    Args:
        version: The version it brings the database to.
        description: What it changes.
        statements: SQL run in order (the same text on SQLite and PostgreSQL, but for
            ``{clustered}``: ``WITHOUT ROWID`` on SQLite, so a table is one B-tree on its key
            (versions 1 to 3; version 4 rebuilds those tables as ordinary rowid tables);
            ``{blob}``: ``BLOB`` on SQLite, ``BYTEA`` on PostgreSQL; ``{sep}``: the packed
            record's separator character, ``char(31)`` on SQLite, ``chr(31)`` on PostgreSQL;
            and ``{null}``: its null marker, ``char(29)`` or ``chr(29)``).
        backfill: Name of a store method run after the SQL, in the same transaction.
    """

    version: int
    description: str
    statements: tuple[str, ...]
    backfill: str = ""


_V1 = (
    """CREATE TABLE IF NOT EXISTS govservice_schema (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL
    )""",
    # Append-only: one row per trace event, exactly the bytes that were hashed.
    """CREATE TABLE events (
        case_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (case_id, seq)
    ){clustered}""",
    # One current-state row per case, written in the same transaction as its events.
    """CREATE TABLE cases (
        case_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        head TEXT NOT NULL,
        events INTEGER NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        handling_system TEXT,
        matter_code TEXT NOT NULL,
        department TEXT NOT NULL,
        window_name TEXT,
        applicant_id TEXT NOT NULL,
        level TEXT NOT NULL,
        channel TEXT NOT NULL,
        accepted_in TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        accepted_at TEXT,
        decided_at TEXT,
        completed_at TEXT,
        ended_at TEXT,
        submitted_on TEXT NOT NULL,
        decided_on TEXT,
        ended_on TEXT,
        outcome TEXT,
        committed_due TEXT,
        statutory_due TEXT,
        delivery_due TEXT,
        committed_working_days INTEGER,
        statutory_working_days INTEGER,
        suspended_working_days INTEGER NOT NULL,
        visits INTEGER NOT NULL,
        on_site INTEGER NOT NULL,
        provisional INTEGER NOT NULL,
        committed_timeliness TEXT NOT NULL,
        statutory_timeliness TEXT NOT NULL,
        delivery_timeliness TEXT NOT NULL,
        deemed_acceptance INTEGER,
        extended_working_days INTEGER,
        delivered_at TEXT,
        extra TEXT
    ){clustered}""",
    # Open cases by due date (partial: a province's history does not slow the day's lists).
    "CREATE INDEX cases_open_committed ON cases (committed_due) WHERE ended_on IS NULL",
    "CREATE INDEX cases_open_statutory ON cases (statutory_due) WHERE ended_on IS NULL",
    "CREATE INDEX cases_open_delivery ON cases (delivery_due) WHERE ended_on IS NULL",
    "CREATE INDEX cases_ended ON cases (ended_on)",
)

_V2 = (
    # The local day each event was written, for the daily digest of heads.
    "ALTER TABLE events ADD COLUMN day TEXT",
    "CREATE INDEX events_day ON events (day)",
)

_V3 = (
    # The record fields of each case, packed, in a narrow table of their own (written in the
    # same transaction as the state row): a month of records is one scan of it in case-id
    # order, and the state rows the day's queries read stay as narrow as before.
    """CREATE TABLE case_records (
        case_id TEXT PRIMARY KEY,
        submitted_on TEXT NOT NULL,
        ended_on TEXT,
        rec_text TEXT,
        rec_num {blob} NOT NULL
    ){clustered}""",
    # The open-case indexes cover the day's queries: the due date, then the submission day
    # every query also tests, so counting the overdue reads the index alone.
    "DROP INDEX cases_open_committed",
    "DROP INDEX cases_open_statutory",
    "DROP INDEX cases_open_delivery",
    "CREATE INDEX cases_open_committed ON cases (committed_due, submitted_on) "
    "WHERE ended_on IS NULL",
    "CREATE INDEX cases_open_statutory ON cases (statutory_due, submitted_on, decided_on) "
    "WHERE ended_on IS NULL",
    "CREATE INDEX cases_open_delivery ON cases (delivery_due, submitted_on, decided_on) "
    "WHERE ended_on IS NULL",
)

_V5 = (
    # The packed record's text starts with the case id (a month of records is then one long
    # text and one long blob: no id column to join in); on SQLite the table is clustered on
    # the case id again (version 4 made it a rowid table): its rows are narrow, a month is
    # read in case-id order without an index lookup per row, and a new case writes one
    # B-tree instead of two. A case id holding the separator or the null marker leaves the
    # record's text null (`records` then reads columns), as any such text does; a text in
    # this form already (six separators: written by this code into an older schema) is kept.
    """CREATE TABLE case_records_v5 (
        case_id TEXT PRIMARY KEY,
        submitted_on TEXT NOT NULL,
        ended_on TEXT,
        rec_text TEXT,
        rec_num {blob} NOT NULL
    ){clustered}""",
    "INSERT INTO case_records_v5 (case_id, submitted_on, ended_on, rec_text, rec_num) "
    "SELECT case_id, submitted_on, ended_on, CASE WHEN rec_text IS NULL "
    "OR replace(replace(case_id, {sep}, ''), {null}, '') <> case_id THEN NULL "
    "WHEN length(rec_text) - length(replace(rec_text, {sep}, '')) = 6 THEN rec_text "
    "ELSE case_id || {sep} || rec_text END, rec_num FROM case_records",
    "DROP TABLE case_records",
    "ALTER TABLE case_records_v5 RENAME TO case_records",
)

#: Every migration, in order; the last one's version is `SCHEMA_VERSION`.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, state rows and their indexes", _V1),
    Migration(2, "the day of each event, for daily digests", _V2, backfill="_backfill_days"),
    Migration(3, "the record fields of each case, packed", _V3, backfill="_backfill_packed"),
    # SQLite: the three tables as ordinary rowid tables (their rows are a few hundred bytes,
    # too wide to gain from being the key's B-tree); PostgreSQL has nothing to change.
    Migration(4, "ordinary rowid tables on SQLite", (), backfill="_rowid_tables"),
    Migration(5, "the case id in the packed record, records clustered on SQLite", _V5),
    # Rows worked out anew, no table changes: a parallel case's row follows the case (the
    # statutory bound of art. 42 para. 2, its timeliness and delivery, no running due date
    # while stopped), and the day of the notice of missing materials (art. 32(4)) joins the
    # marks kept in ``extra``, so monitoring leaves a noticed application out of those
    # waiting to be deemed accepted.
    Migration(6, "parallel rows and the notice of missing materials", (), "_backfill_rows"),
    # Rows worked out anew, no table changes: 办结 of an approval not yet delivered is its
    # delivery (art. 44), and a suspension of a limit in office hours counts by its instants
    # (art. 45); a reported case may now be suspended by the higher level.
    Migration(7, "delivery at 办结 and suspensions by the instant", (), "_backfill_rows_7"),
    # Rows worked out anew, no table changes: 当日办结 (``on_site``) ends at the close of
    # business (the glossary), and a parallel step's deemed consent is dated when its
    # deadline expired, not when the timeout was recorded (its decision and delivery clock).
    Migration(8, "on-site by the close, deemed consent at its deadline", (), "_backfill_rows_8"),
)

#: The schema version this code writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


def pending(current: int, upto: int | None = None) -> Sequence[Migration]:
    """The migrations after ``current`` (up to ``upto``, default all)."""
    last = SCHEMA_VERSION if upto is None else upto
    return [m for m in MIGRATIONS if current < m.version <= last]


Backfill = Callable[[], None]
