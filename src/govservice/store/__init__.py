"""govservice.store: cases kept in SQLite (one machine) or PostgreSQL (a province).

- `open_store` opens a store by URL with the calendar its cases are counted on.
- `CaseStore.add` / `CaseStore.save` append a case's events (never edit them) and update its
  state row in one transaction; a save that another clerk overtook raises
  `govservice.ConcurrencyError` and writes nothing.
- `CaseStore.get` replays and verifies; the queries (`CaseStore.open_cases`,
  `CaseStore.due_within`, `CaseStore.overdue`) and `CaseStore.records` read state rows only.
- `CaseStore.verify` and `CaseStore.digest` give tamper evidence beyond the database
  administrator; `CaseStore.import_jsonl` / `CaseStore.export_jsonl` move cases in batches.

Examples:
    >>> from govservice.calendar import china
    >>> from govservice.store import open_store
    >>> with open_store("sqlite:///:memory:", calendar=china()) as store:
    ...     len(store)
    0
"""

from govservice.store._digest import Digest, InclusionProof, merkle_root
from govservice.store._schema import MIGRATIONS, SCHEMA_VERSION, Migration
from govservice.store._store import (
    CaseRow,
    CaseStore,
    DueMove,
    ImportReport,
    Page,
    Progress,
    RecalendarReport,
    VerifyReport,
    open_store,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CaseRow",
    "CaseStore",
    "Digest",
    "DueMove",
    "ImportReport",
    "InclusionProof",
    "Migration",
    "Page",
    "Progress",
    "RecalendarReport",
    "VerifyReport",
    "merkle_root",
    "open_store",
]
