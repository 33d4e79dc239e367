"""Fuzzing against the checked-in OpenAPI document (schemathesis): no 500, answers match it."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from govservice.store import CaseStore

from .conftest import auth

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(str(DOC))
#: No 500; every status, media type, header and body is one the document declares. (Not
#: "schema-valid data is accepted": a well-formed date outside the calendar is a 422.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def base_url(case_service: tuple[str, CaseStore]) -> str:
    return case_service[0]


@schema.parametrize()
@settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
def test_api_matches_its_openapi_and_never_fails(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, headers=auth("吴全"), checks=CHECKS, timeout=10)
