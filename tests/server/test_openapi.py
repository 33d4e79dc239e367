"""The served OpenAPI document is the one checked in at docs/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_served_openapi_equals_the_checked_in_document(client: httpx.Client) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    served = r.json()
    checked_in = json.loads(DOC.read_text("utf-8"))
    assert served == checked_in, "run python scripts/write_openapi.py; commit docs/openapi.json"


def test_openapi_is_3_1_with_the_case_snapshot_schema(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    snapshot = doc["components"]["schemas"]["CaseSnapshot"]
    names = ("case_id", "state", "kind", "due_date", "statutory_due_date", "timeliness", "head")
    assert set(names) <= set(snapshot["properties"])
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    act = doc["paths"]["/v1/cases/{case_id}/acts"]["post"]
    assert {"412", "428", "403", "401"} <= set(act["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in act["parameters"])
