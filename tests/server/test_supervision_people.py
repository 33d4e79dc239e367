"""Approval and supervision apart, person by person: who reviewed or decided the cases supervised,
or whose department decided them, is refused (403), as the store's traces record it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.server import User, Users, background, create_app, hash_token
from govservice.store import open_store

SH = ZoneInfo("Asia/Shanghai")
MATTER = "990100-SJJ-001"  # its department: 市场监督管理局

#: person -> (department, roles, token)
PEOPLE = {
    "林审": ("监察局", ["supervisor"], "tok-lin"),  # reviewed case P-1, supervises now
    "Ｌｉ Ｍｉｎｇ": ("监察局", ["supervisor"], "tok-li"),  # approved P-2 as "li ming "
    "马监管": ("市场监督管理局", ["supervisor"], "tok-ma"),  # its department decided P-2
    "孙监察": ("监察局", ["supervisor"], "tok-sun"),  # no part in any case
}


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=SH)


def auth(person: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {PEOPLE[person][2]}"}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("people") / "cases.db"
    store = open_store(f"sqlite:///{path}", calendar=china())
    matter = sample_catalog()[MATTER]

    def submitted(case_id: str) -> Case:
        case = Case.submit(
            matter, case_id=case_id, applicant="某食品有限公司", at=_at(3, 9), by="张三",
            calendar=china(),
        )  # fmt: skip
        return case.accept(at=_at(3, 10), by="张三")

    store.add(submitted("P-1").review(at=_at(4, 10), by="林审"))
    store.add(
        submitted("P-2").review(at=_at(4, 10), by="李四").approve(at=_at(5, 10), by="li ming ")
    )
    users = Users([User(p, d, roles, hash_token(token)) for p, (d, roles, token) in PEOPLE.items()])
    app = create_app(calendar=china(), catalog=sample_catalog(), users=users, store=store)
    try:
        with background(app) as base:
            yield base
    finally:
        store.close()


@pytest.fixture
def c(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


def monitoring(c: httpx.Client, person: str, today: str = "2025-03-10") -> httpx.Response:
    return c.get("/v1/supervision/monitoring", params={"today": today}, headers=auth(person))


def test_a_supervisor_who_reviewed_a_case_may_not_supervise_it(c: httpx.Client) -> None:
    r = monitoring(c, "林审")
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["rules"] == ["approver_not_supervisor"]
    assert (body["field"], body["value"]) == ("person", "林审")
    assert "P-1" in body["detail"]
    assert "P-1" in body["expected"]
    assert "P-2" not in body["expected"]


def test_the_person_is_matched_by_the_normalised_id(c: httpx.Client) -> None:
    r = monitoring(c, "Ｌｉ Ｍｉｎｇ")  # full-width letters; the trace says "li ming "
    assert r.status_code == 403, r.text
    assert "approver_not_supervisor" in r.json()["rules"]
    assert "P-2" in r.json()["expected"]


def test_the_deciding_department_may_not_supervise_its_own_decisions(c: httpx.Client) -> None:
    r = monitoring(c, "马监管")
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["rules"] == ["department_licenses_and_supervises"]
    assert "市场监督管理局" in body["detail"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/supervision/indicators", {"start": "2025-03-01", "end": "2025-03-31"}),
        ("/v1/supervision/irregularities", {"start": "2025-03-01", "end": "2025-03-31"}),
        ("/v1/supervision/reports/2025-03", {}),
    ],
)
def test_every_supervision_endpoint_applies_the_rule(
    c: httpx.Client, path: str, params: dict[str, str]
) -> None:
    r = c.get(path, params=params, headers=auth("林审"))
    assert r.status_code == 403, r.text
    assert r.json()["rules"] == ["approver_not_supervisor"]
    assert c.get(path, params=params, headers=auth("孙监察")).status_code == 200


def test_someone_with_no_part_supervises_and_the_rule_is_scoped_to_the_cases(
    c: httpx.Client,
) -> None:
    assert monitoring(c, "孙监察").status_code == 200
    # Before the cases were submitted there is nothing of theirs to supervise.
    r = monitoring(c, "林审", today="2025-03-01")
    assert r.status_code == 200, r.text
    assert r.json()["cases"] == []
