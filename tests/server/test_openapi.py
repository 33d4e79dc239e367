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


def test_the_act_body_is_a_union_discriminated_by_act_with_typed_parameters(
    client: httpx.Client,
) -> None:
    doc = client.get("/openapi.json").json()
    body = doc["paths"]["/v1/cases/{case_id}/acts"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["discriminator"]["propertyName"] == "act"
    mapping = schema["discriminator"]["mapping"]
    assert {"accept", "review", "approve", "deny", "suspend", "extend", "decide"} <= set(mapping)
    assert "submit" not in mapping  # a case is submitted with POST /v1/cases
    assert [r["$ref"] for r in schema["oneOf"]] == sorted(mapping.values())
    components = doc["components"]["schemas"]
    for act, ref in mapping.items():
        one = components[ref.rsplit("/", 1)[1]]
        assert one["properties"]["act"]["const"] == act
        assert {"act", "at"} <= set(one["required"])
        assert one["properties"]["at"]["format"] == "date-time"
        assert one["additionalProperties"] is False
        assert "by" not in one["properties"]  # the person acting is the token's
    supplement = components["ActRequestSupplement"]
    assert supplement["properties"]["missing"] == {"type": "array", "items": {"type": "string"}}
    assert "missing" in supplement["required"]
    extend = components["ActExtend"]
    assert extend["properties"]["amount"]["type"] == "integer"
    assert {"amount", "reason"} <= set(extend["required"])
    assert components["ActDeny"]["required"] == ["act", "at", "reason"]
