"""Calendar, deadline and catalogue endpoints over real HTTP, against the library's answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from typing import Any
from unittest import mock

import httpx
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice.calendar import Extension, Suspension, TimeLimit, china, deadline
from govservice.matters import CaseFacts, classify, sample_catalog
from govservice.server import PROBLEM_JSON, _app, background, create_app

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
    # a body cut off midway is malformed JSON too, named as such (not a bare HTTP error)
    for path in ("/v1/deadlines", "/v1/calendar/add", "/v1/classify"):
        body = _problem(client.post(path, content=b'{"start": "2025-01-24",'), 400, "body")
        assert body["type"] == "urn:govservice:problem:malformed-json"
        # an empty body holds no JSON document (not "body must be 'data'")
        body = _problem(client.post(path, content=b""), 400, "body")
        assert body["type"] == "urn:govservice:problem:malformed-json"
        assert "'data'" not in str(body["detail"])
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


@pytest.mark.parametrize(
    "flag", ["expert_review", "collective_decision", "special", "urgent", "green_channel"]
)
def test_each_fact_of_classify_reaches_its_own_field(client: httpx.Client, flag: str) -> None:
    """Each flag alone gives what the library gives for that fact (urgent is a mark, never
    the kind 特办; the fields were once passed by position and shifted by one)."""
    code = "990102-SJJ-003"
    r = client.post("/v1/classify", json={"matter": code, flag: True, "locale": "en"})
    assert r.status_code == 200, r.text
    expected = classify(sample_catalog()[code], CaseFacts(**{flag: True}))
    body = r.json()
    assert body["kind"] == expected.kind.value
    assert (body["urgent"], body["green_channel"]) == (expected.urgent, expected.green_channel)
    assert body["reasons"] == [x.text("en") for x in expected.reasons]


def test_past_the_calendar_the_problem_names_the_field_sent(client: httpx.Client) -> None:
    """A library error names its own argument ("the 20th working day after"); the answer
    names the request's field: the limit that runs past the data, or the start or end."""
    cases = [
        ("/v1/deadlines", {"start": "2026-12-20", "limit": "20个工作日"}, "limit", "20个工作日"),
        ("/v1/deadlines", {"start": "2026-12-20",
                           "limit": {"amount": 20, "unit": "working_days"}}, "limit", None),
        ("/v1/deadlines", {"start": "2027-01-05", "limit": "2个工作日"}, "start", "2027-01-05"),
        ("/v1/calendar/between", {"start": "2026-12-20", "end": "2027-02-01"}, "end",
         "2027-02-01"),
        ("/v1/calendar/between", {"start": ["2025-01-01", "2026-12-01"],
                                  "end": ["2025-02-01", "2027-02-01"]}, "end[1]", "2027-02-01"),
    ]  # fmt: skip
    for path, body, field, value in cases:
        r = client.post(path, json=body)
        assert r.status_code == 422, r.text
        problem = r.json()
        assert problem["type"].endswith(":calendar-coverage")
        assert problem["field"] == field, (body, problem)
        if value is not None:
            assert problem["value"] == value


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


# -- the deadline endpoint's own body reading and decoding ---------------------------------------
# A body msgspec decodes strictly is answered before Litestar parses it, and the body is read
# without Litestar's header map; these pin both to Litestar's own reading and parsing: the
# same status, headers and bytes for any body, however it arrives.

APP = create_app(calendar=CAL, catalog=sample_catalog())


async def _asgi_post(
    app: Any, chunks: list[bytes], headers: list[tuple[bytes, bytes]], *, gone: bool = False
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """POST /v1/deadlines straight to the ASGI app: the body in ``chunks``, then maybe gone."""
    events: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1 or gone}
        for i, chunk in enumerate(chunks)
    ] or [{"type": "http.request", "body": b"", "more_body": gone}]
    if gone:
        events.append({"type": "http.disconnect"})
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return events.pop(0) if events else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/deadlines",
        "raw_path": b"/v1/deadlines",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"test"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
        "state": {},
    }
    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return sent[0]["status"], sorted(sent[0]["headers"]), body


class _Refuse:
    """A decoder that decodes nothing: every body goes on to Litestar's own parsing."""

    def decode(self, _body: bytes) -> object:
        raise msgspec.DecodeError("left to Litestar")


async def _litestar_body(request: Any) -> bytes:
    body: bytes = await request.body()
    return body


def _both(chunks: list[bytes], headers: list[tuple[bytes, bytes]], gone: bool = False) -> tuple:
    """The answer as served, and the answer of Litestar's own reading and parsing."""
    served = asyncio.run(_asgi_post(APP, chunks, headers, gone=gone))
    with (
        mock.patch.object(_app, "_DEADLINE_REQUEST", _Refuse()),
        mock.patch.object(_app, "_body", _litestar_body),
    ):
        litestar = asyncio.run(_asgi_post(APP, chunks, headers, gone=gone))
    return served, litestar


_WORDS = st.sampled_from(
    [
        "2025-01-24",
        "2025-01-24T10:00:00+08:00",
        "2025-01-24T10:00",
        "2025-02-30",
        "2026-12-31",
        "20个工作日",
        "3天",
        "即办",
        "1.5小时",
        "soon",
        "",
        "20",
        "true",
        "zh_CN",
        "en",
        "fr",
        "检测",
        "hearing",
        "supplement",
        "局长",
        "working_days",
        "working_hours",
        "immediate",
    ]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-2, 120)
    | st.sampled_from([10**30, -(2**63), 2**64])
    | st.floats(allow_infinity=False)
    | _WORDS
    | st.text(max_size=4)
)
_KEYS = st.sampled_from(
    ["start", "end", "limit", "amount", "unit", "reason", "note", "approved_by", "locale", "x"]
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=8,
)
_LIMITS = _WORDS | st.fixed_dictionaries(
    {}, optional={"amount": _SCALARS, "unit": _WORDS | _SCALARS, "x": _SCALARS}
)
_SUSPENSIONS = st.fixed_dictionaries(
    {}, optional={"start": _WORDS, "end": _WORDS, "reason": _WORDS, "note": _SCALARS}
)
_EXTENSIONS = st.fixed_dictionaries(
    {}, optional={"amount": _SCALARS, "approved_by": _WORDS, "reason": _WORDS}
)
_REQUESTS = st.fixed_dictionaries(
    {},
    optional={
        "start": _WORDS | _SCALARS,
        "limit": _LIMITS | _VALUES,
        "suspensions": st.lists(_SUSPENSIONS, max_size=2) | _VALUES,
        "extensions": st.lists(_EXTENSIONS, max_size=2) | _VALUES,
        "locale": _WORDS | _SCALARS,
        "other": _VALUES,
    },
)


_VALID = st.fixed_dictionaries(
    {
        "start": st.sampled_from(["2025-01-24", "2025-09-28T18:00:00+08:00", "2026-12-20"]),
        "limit": st.sampled_from(["20个工作日", "3天", "即办", "2个工作日"])
        | st.fixed_dictionaries(
            {
                "amount": st.sampled_from([1, 5, 2.0, 1.5]),
                "unit": st.sampled_from(["working_days", "natural_days", "working_hours"]),
            }
        ),
    },
    optional={
        "suspensions": st.lists(
            st.fixed_dictionaries(
                {
                    "start": st.sampled_from(["2025-02-10", "2025-10-09"]),
                    "end": st.sampled_from(["2025-02-14", "2025-10-10"]),
                    "reason": st.sampled_from(["检测", "expert_review"]),
                },
                optional={"note": st.sampled_from(["", "某规定"])},
            ),
            max_size=2,
        ),
        "extensions": st.lists(
            st.fixed_dictionaries(
                {"amount": st.sampled_from([1, 10]), "approved_by": _WORDS, "reason": _WORDS}
            ),
            max_size=1,
        ),
        "locale": st.sampled_from(["zh_CN", "en", "zh_TW", "zh-Hant"]),
        "x": _VALUES,
    },
)


@st.composite
def _bodies(draw: st.DrawFn) -> bytes:
    """Deadline requests, valid, one field off, or anything, as JSON (sometimes cut short)."""
    value = draw(st.one_of(_VALID, _VALID, _REQUESTS, _VALUES))
    if isinstance(value, dict) and value and draw(st.integers(0, 2)) == 0:
        value[draw(st.sampled_from(sorted(value)))] = draw(_VALUES)
    body = json.dumps(value, ensure_ascii=draw(st.booleans())).encode()
    if draw(st.integers(0, 9)) == 0:
        body = body[: draw(st.integers(0, len(body)))]
    return body


@settings(max_examples=400, deadline=None)
@given(body=_bodies())
def test_deadline_bodies_are_answered_as_litestar_parses_them(body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    served, litestar = _both([body], headers)
    assert served == litestar


@settings(max_examples=100, deadline=None)
@given(
    body=_bodies(),
    cuts=st.lists(st.integers(0, 200), max_size=4),
    length=st.sampled_from(["exact", "none", "short", "odd", "huge"]),
    gone=st.booleans(),
)
def test_deadline_bodies_are_read_as_litestar_reads_them(
    body: bytes, cuts: list[int], length: str, gone: bool
) -> None:
    bounds = sorted({0, len(body), *(min(c, len(body)) for c in cuts)})
    chunks = [body[a:b] for a, b in itertools.pairwise(bounds)] or [b""]
    announced = {
        "exact": b"%d" % len(body),
        "short": b"%d" % max(0, len(body) - 1),
        "odd": b" 12x",
        "huge": b"10000001",
    }
    headers = [(b"content-type", b"application/json")]
    if length in announced:
        headers.append((b"content-length", announced[length]))
    served, litestar = _both(chunks, headers, gone)
    assert served == litestar


def test_a_deadline_body_beyond_the_limit_is_refused_as_litestar_refuses_it() -> None:
    chunks = [b"x" * 1_000_000] * 11  # 11 MB, no content length: Litestar's limit is 10 MB
    served, litestar = _both(chunks, [(b"content-type", b"application/json")])
    assert served == litestar
    assert served[0] == 413
