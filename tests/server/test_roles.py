"""The role matrix: every write with no token, a wrong role, or a separated person is refused."""

from __future__ import annotations

import httpx
import pytest

from govservice.server import ACT_ROLES, Role
from govservice.store import CaseStore

from .conftest import PEOPLE, act, at, auth, submit

ACTS = sorted(a for a in ACT_ROLES if a != "submit")


def _events(c: httpx.Client, case_id: str) -> int:
    return int(c.get(f"/v1/cases/{case_id}", headers=auth("张三")).json()["events"])


def _lacking(roles: tuple[Role, ...]) -> str:
    """Someone holding none of ``roles``."""
    for person, (_, held, _) in PEOPLE.items():
        if not set(held) & {r.value for r in roles}:
            return person
    raise AssertionError(roles)


@pytest.fixture(scope="module")
def case_etag(case_service: tuple[str, CaseStore]) -> tuple[str, str]:
    with httpx.Client(base_url=case_service[0]) as c:
        r = submit(c, "ROLE-1")
        assert r.status_code == 201
        return "ROLE-1", r.headers["etag"]


def test_submit_without_token_or_by_a_non_clerk_is_refused(cases: httpx.Client) -> None:
    body = {"matter": "990100-SJJ-001", "case_id": "ROLE-S", "applicant": "甲", "at": at(3, 9)}
    r = cases.post("/v1/cases", json=body)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = cases.post("/v1/cases", json=body, headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401
    r = submit(cases, "ROLE-S", person="王五")
    assert r.status_code == 403
    assert r.json()["field"] == "role"
    assert cases.get("/v1/cases/ROLE-S", headers=auth("张三")).status_code == 404


@pytest.mark.parametrize("name", ACTS)
def test_every_act_without_token_is_401_and_writes_nothing(
    cases: httpx.Client, case_etag: tuple[str, str], name: str
) -> None:
    case_id, etag = case_etag
    r = act(cases, case_id, etag, None, {"act": name, "at": at(3, 10)})
    assert r.status_code == 401
    assert r.json()["type"].endswith("unauthenticated")
    assert _events(cases, case_id) == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/cases"),
        ("POST", "/v1/cases/ROLE-1/acts"),
        ("GET", "/v1/cases/ROLE-1?trace=maybe"),
        ("GET", "/v1/cases?today=not-a-day"),
        ("GET", "/v1/supervision/monitoring?today=not-a-day"),
    ],
)
@pytest.mark.parametrize("token", [None, "forged"])
def test_a_caller_without_a_known_token_gets_401_before_anything_is_read(
    cases: httpx.Client, case_etag: tuple[str, str], method: str, path: str, token: str | None
) -> None:
    """The token is checked first: a body or a parameter that would be refused is never read."""
    headers = {"Content-Type": "application/json", "If-Match": case_etag[1]}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = b'{"act": "accept", "at": ' if method == "POST" else None
    r = cases.request(method, path, content=body, headers=headers)
    assert r.status_code == 401, r.text
    assert r.json()["type"].endswith("unauthenticated")
    assert _events(cases, case_etag[0]) == 1


@pytest.mark.parametrize("name", ACTS)
def test_every_act_by_a_wrong_role_is_403_and_writes_nothing(
    cases: httpx.Client, case_etag: tuple[str, str], name: str
) -> None:
    case_id, etag = case_etag
    person = _lacking(ACT_ROLES[name])
    r = act(cases, case_id, etag, person, {"act": name, "at": at(3, 10)})
    assert r.status_code == 403, r.text
    problem = r.json()
    assert problem["type"].endswith("forbidden-role")
    assert person in problem["detail"]
    assert _events(cases, case_id) == 1


def test_the_reviewer_may_not_approve_the_same_case(cases: httpx.Client) -> None:
    etag = submit(cases, "ROLE-2").headers["etag"]
    etag = act(cases, "ROLE-2", etag, "张三", {"act": "accept", "at": at(3, 10)}).headers["etag"]
    r = act(cases, "ROLE-2", etag, "赵六", {"act": "review", "at": at(4, 10)})
    assert r.status_code == 200, r.text
    etag = r.headers["etag"]
    r = act(cases, "ROLE-2", etag, "赵六", {"act": "approve", "at": at(5, 10)})
    assert r.status_code == 403
    assert r.json()["rules"] == ["one_review_one_approval"]
    assert _events(cases, "ROLE-2") == 3
    r = act(cases, "ROLE-2", etag, "王五", {"act": "approve", "at": at(5, 10)})
    assert r.status_code == 200
    assert r.json()["state"] == "approved"


def test_a_name_for_the_approver_in_the_body_is_refused(cases: httpx.Client) -> None:
    etag = submit(cases, "ROLE-3").headers["etag"]
    r = act(
        cases, "ROLE-3", etag, "钱局长", {"act": "extend", "at": at(3, 10), "approved_by": "市长"}
    )
    assert r.status_code == 422
    assert r.json()["field"] == "approved_by"
