"""Calendar, deadline and catalogue endpoints over real HTTP, against the library's answers."""

from __future__ import annotations

import datetime as dt

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice.calendar import Extension, Suspension, TimeLimit, china, deadline
from govservice.matters import CaseFacts, classify, sample_catalog
from govservice.server import PROBLEM_JSON, background, create_app

from .conftest import auth

CAL = china()


def test_day_tells_kind_and_holiday(client: httpx.Client) -> None:
    r = client.get("/v1/calendar/days/2025-10-01")
    assert r.status_code == 200
    assert r.json() == {
        "date": "2025-10-01",
        "working": False,
        "kind": "statutory_holiday",
        "holiday": CAL.entry(dt.date(2025, 10, 1)).name,
        "holiday_en": CAL.english_name(CAL.entry(dt.date(2025, 10, 1)).name),
        "provisional": False,
    }
    assert client.get("/v1/calendar/days/2025-09-28").json()["kind"] == "makeup_workday"


def test_month_lists_every_day_and_counts_working_days(client: httpx.Client) -> None:
    body = client.get("/v1/calendar/month/2025-10").json()
    assert len(body["days"]) == 31
    expected = CAL.working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 31))
    assert body["working_days"] == expected == sum(d["working"] for d in body["days"])


def test_add_and_between_take_scalars_and_batches(client: httpx.Client) -> None:
    r = client.post("/v1/calendar/add", json={"start": "2025-09-30", "days": 1})
    assert r.json() == {"result": "2025-10-09", "provisional": False}
    r = client.post(
        "/v1/calendar/add", json={"start": ["2025-09-30", "2025-10-09"], "days": [1, -1]}
    )
    assert r.json()["result"] == ["2025-10-09", "2025-09-30"]
    r = client.post(
        "/v1/calendar/between",
        json={"start": "2025-09-30", "end": ["2025-10-11", "2025-09-30"]},
    )
    assert r.json() == {"working_days": [3, 0], "provisional": False}


def test_deadline_answers_the_names_other_systems_hard_code(client: httpx.Client) -> None:
    r = client.post(
        "/v1/deadlines",
        json={"start": "2025-01-24", "limit": "20个工作日", "locale": "zh_CN"},
    )
    assert r.status_code == 200
    body = r.json()
    d = deadline(dt.date(2025, 1, 24), TimeLimit.working_days(20), CAL)
    assert body["due_date"] == d.due_date.isoformat() == "2025-02-27"
    assert body["due_at"] == d.due_at.isoformat()
    assert body["provisional"] is False
    assert body["explanation"] == d.explain("zh_CN")
    assert body["limit"] == {"amount": 20, "unit": "working_days"}


def test_deadline_with_structured_limit_suspensions_and_extensions(client: httpx.Client) -> None:
    r = client.post(
        "/v1/deadlines",
        json={
            "start": "2025-01-24T10:00:00+08:00",
            "limit": {"amount": 20, "unit": "working_days"},
            "suspensions": [{"start": "2025-02-10", "end": "2025-02-14", "reason": "检测"}],
            "extensions": [{"amount": 10, "approved_by": "局长", "reason": "需补充核查"}],
            "locale": "en",
        },
    )
    assert r.status_code == 200, r.text
    d = deadline(
        dt.datetime.fromisoformat("2025-01-24T10:00:00+08:00"),
        TimeLimit.working_days(20),
        CAL,
        suspensions=[Suspension(dt.date(2025, 2, 10), dt.date(2025, 2, 14), "检测")],
        extensions=[Extension(10, "局长", "需补充核查")],
    )
    assert r.json()["due_date"] == d.due_date.isoformat() == "2025-03-20"
    assert r.json()["explanation"] == d.explain("en")


@settings(max_examples=25)
@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 6, 30)),
    n=st.integers(min_value=1, max_value=60),
)
def test_deadline_over_http_equals_the_library(public_url: str, day: dt.date, n: int) -> None:
    with httpx.Client(base_url=public_url) as c:
        body = c.post(
            "/v1/deadlines", json={"start": day.isoformat(), "limit": f"{n}个工作日"}
        ).json()
        added = c.post("/v1/calendar/add", json={"start": day.isoformat(), "days": n}).json()
        back = c.post(
            "/v1/calendar/between", json={"start": day.isoformat(), "end": added["result"]}
        ).json()
    assert body["due_date"] == deadline(day, TimeLimit.working_days(n), CAL).due_date.isoformat()
    assert body["due_date"] == added["result"]
    assert back["working_days"] == n


def _problem(r: httpx.Response, status: int, field: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    body = r.json()
    assert body["status"] == status
    assert body["field"] == field
    assert body["expected"]
    assert body["type"].startswith("urn:govservice:problem:")
    return body


def test_errors_are_problems_naming_field_value_and_expectation(client: httpx.Client) -> None:
    body = _problem(
        client.post("/v1/deadlines", json={"start": "2025-01-24", "limit": "soon"}), 422, "limit"
    )
    assert body["value"] == "soon"
    body = _problem(client.post("/v1/deadlines", json={"start": 5, "limit": "3天"}), 422, "start")
    assert body["value"] == 5
    _problem(client.post("/v1/deadlines", json={"limit": "3天"}), 422, "start")
    _problem(
        client.post("/v1/deadlines", json={"start": "2025-02-30", "limit": "3天"}), 422, "start"
    )
    _problem(
        client.post("/v1/deadlines", json={"start": "2025-01-24T10:00", "limit": "3天"}),
        422,
        "start",
    )
    _problem(
        client.post("/v1/deadlines", json={"start": "2025-01-24", "limit": "3天", "locale": "fr"}),
        422,
        "locale",
    )
    body = _problem(
        client.post(
            "/v1/deadlines",
            json={
                "start": "2025-01-24",
                "limit": "20个工作日",
                "suspensions": [{"start": "2025-02-10", "end": "2025-02-01", "reason": "检测"}],
            },
        ),
        422,
        "suspensions[0].end",
    )
    _problem(
        client.post(
            "/v1/deadlines",
            json={
                "start": "2025-01-24",
                "limit": "20个工作日",
                "suspensions": [{"start": "2025-02-10", "end": "2025-02-11", "reason": "午休"}],
            },
        ),
        422,
        "suspensions[0].reason",
    )
    _problem(client.post("/v1/deadlines", content=b"{nope"), 400, "body")
    _problem(client.get("/v1/calendar/days/2035-01-01"), 422, "day")
    _problem(client.get("/v1/calendar/days/tomorrow"), 422, "day")
    _problem(client.get("/v1/calendar/month/2025-13"), 422, "month")
    _problem(
        client.post("/v1/calendar/add", json={"start": ["2025-01-02", "x"], "days": 1}),
        422,
        "start[1]",
    )
    _problem(
        client.post("/v1/calendar/add", json={"start": ["2025-01-02"], "days": [1, 2]}), 422, "days"
    )
    _problem(client.get("/v1/matters?kind=odd"), 422, "kind")
    _problem(client.get("/v1/matters/NOPE"), 404, "code")
    _problem(client.post("/v1/classify", json={"matter": "NOPE"}), 422, "matter")


def test_catalogue_lists_filters_and_classifies(client: httpx.Client) -> None:
    cat = sample_catalog()
    everything = client.get("/v1/matters").json()
    assert [m["code"] for m in everything] == [m.code for m in cat]
    joint = client.get("/v1/matters", params={"kind": "joint"}).json()
    assert {m["kind"] for m in joint} == {"joint"}
    code = everything[0]["code"]
    assert client.get(f"/v1/matters/{code}").json() == everything[0]
    r = client.post(
        "/v1/classify", json={"matter": code, "departments": ["税务局"], "locale": "en"}
    )
    expected = classify(cat[code], CaseFacts(departments=("税务局",)))
    assert r.json()["kind"] == expected.kind.value
    assert r.json()["reasons"] == [x.text("en") for x in expected.reasons]


def test_private_service_needs_a_token_for_public_endpoints(users: object) -> None:
    app = create_app(calendar=CAL, catalog=sample_catalog(), users=users, private=True)  # type: ignore[arg-type]
    with background(app) as url, httpx.Client(base_url=url) as c:
        r = c.get("/v1/calendar/days/2025-10-01")
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert c.get("/v1/calendar/days/2025-10-01", headers=auth("张三")).status_code == 200
        bad = {"Authorization": "Bearer tok-nobody"}
        assert c.get("/v1/calendar/days/2025-10-01", headers=bad).status_code == 401
        assert c.get("/v1/matters", headers={"Authorization": "Basic x"}).status_code == 401
