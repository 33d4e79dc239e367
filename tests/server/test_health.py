"""GET /v1/health: what a load balancer's probe and monitoring ask, over real HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

import govservice
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import Users, background, create_app
from govservice.store import SCHEMA_VERSION, CaseStore

from .conftest import open_sqlite_store

CAL = china()


def test_a_service_without_a_store_is_healthy_and_says_so(client: httpx.Client) -> None:
    r = client.get("/v1/health")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "version": govservice.__version__,
        "calendar": CAL.name,
        "official_end": CAL.coverage.end.isoformat(),
        "store": None,
        "schema_version": None,
    }


def test_a_service_with_a_store_reads_its_schema_version(
    case_service: tuple[str, CaseStore],
) -> None:
    with httpx.Client(base_url=case_service[0], timeout=10) as c:
        body = c.get("/v1/health").json()
    assert body["store"] == "SQLite"
    assert body["schema_version"] == SCHEMA_VERSION


def test_health_needs_no_token_even_on_a_private_service(users: Users) -> None:
    app = create_app(calendar=CAL, catalog=sample_catalog(), users=users, private=True)
    with background(app) as url, httpx.Client(base_url=url, timeout=10) as c:
        assert c.get("/v1/calendar/days/2025-10-01").status_code == 401
        assert c.get("/v1/health").status_code == 200


def test_a_store_that_does_not_answer_is_503_problem(tmp_path: Path, users: Users) -> None:
    store = open_sqlite_store(tmp_path / "cases.db")
    app = create_app(calendar=CAL, catalog=sample_catalog(), users=users, store=store)
    with background(app) as url, httpx.Client(base_url=url, timeout=10) as c:
        assert c.get("/v1/health").status_code == 200
        store.close()  # as a database gone away: every later read fails
        r = c.get("/v1/health")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["type"].endswith(":store-unavailable")
    assert problem["field"] == "store"
    assert "closed" in problem["detail"]
