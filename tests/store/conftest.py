"""Stores on both backends: a SQLite file per test, and a fresh PostgreSQL database per run.

PostgreSQL comes from ``GOVSERVICE_TEST_POSTGRES`` (default: the local server with trust
authentication). Where it cannot be reached the PostgreSQL tests skip, saying how to run them;
under ``CI=true`` that is a failure instead.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from govservice.calendar import WorkCalendar, china
from govservice.matters import Case, Matter, sample_catalog
from govservice.store import CaseStore, open_store

from ..needs import missing

SH = ZoneInfo("Asia/Shanghai")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
HOW_TO = (
    "no PostgreSQL server reachable at {url} ({why}); start one (Debian: `apt-get install "
    "postgresql` then `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main "
    "start`) or point GOVSERVICE_TEST_POSTGRES at one, as postgresql://user@host:port/db"
)


def _with_db(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a database created for this run (dropped at the end)."""
    admin = os.environ.get("GOVSERVICE_TEST_POSTGRES", DEFAULT_POSTGRES)
    try:
        import psycopg

        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except Exception as exc:  # ImportError or any connection failure
        message = HOW_TO.format(url=admin, why=str(exc).strip().splitlines()[0][:200])
        missing(message)
    name = f"govservice_test_{secrets.token_hex(6)}"
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(admin, name)
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def _clear_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS events, cases, case_records, govservice_schema")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cases.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _clear_postgres(url)
    return url


@pytest.fixture
def calendar() -> WorkCalendar:
    return china()


@pytest.fixture
def store(store_url: str, calendar: WorkCalendar) -> Iterator[CaseStore]:
    with open_store(store_url, calendar=calendar) as opened:
        yield opened


def matter() -> Matter:
    return sample_catalog()["990102-SJJ-003"]


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SH)


def accepted_case(case_id: str, day: int = 3, *, by: str = "窗口1") -> Case:
    case = Case.submit(
        matter(), case_id=case_id, applicant="张三", at=at(day), by=by, calendar=china()
    )
    return case.accept(at=at(day, 9, 10), by=by)


def records_of(cases: list[Any], **options: Any) -> Any:
    """`records_from_cases` with the calendar, where it takes one (the lifecycle issue)."""
    from govservice.metrics import records_from_cases

    if "calendar" in inspect.signature(records_from_cases).parameters:
        options["calendar"] = china()
    return records_from_cases(cases, **options)
