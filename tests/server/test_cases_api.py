"""Cases over HTTP: submit, read, act with If-Match, lists, verification."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import ACT_ROLES, Users, background, create_app
from govservice.store import CaseStore, open_store

from .conftest import MATTER, act, at, auth, submit


def test_submit_answers_201_with_the_snapshot_and_its_etag(cases: httpx.Client) -> None:
    r = submit(cases, "API-1")
    assert r.status_code == 201, r.text
    snap = r.json()
    assert r.headers["etag"] == f'"{snap["head"]}"'
    assert snap["case_id"] == "API-1"
    assert snap["state"] == "submitted"
    assert snap["kind"] == "committed"
    assert set(snap) >= {"due_date", "statutory_due_date", "timeliness", "notices", "head"}
    again = cases.get("/v1/cases/API-1", headers=auth("李四"))
    assert again.status_code == 200
    assert again.headers["etag"] == r.headers["etag"]
    assert submit(cases, "API-1").status_code == 409


def test_an_act_with_if_match_lands_and_records_the_token_person(cases: httpx.Client) -> None:
    etag = submit(cases, "API-2").headers["etag"]
    r = act(cases, "API-2", etag, "张三", {"act": "accept", "at": at(3, 10)})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "accepted"
    assert r.json()["due_date"] is not None
    assert r.json()["handling_system"] == "commitment"
    assert {"kind": "acceptance_receipt", "date": "2025-03-03"} in r.json()["notices"]
    assert r.headers["etag"] != etag
    trace = cases.get("/v1/cases/API-2", params={"trace": "true"}, headers=auth("张三")).json()
    bodies = [e["body"] for e in trace["trace"]]
    assert len(bodies) == 2
    payload = json.loads(bodies[1].split("\n", 3)[3])
    assert payload["by"] == "张三"


def test_a_name_in_the_body_is_refused_not_recorded(cases: httpx.Client) -> None:
    etag = submit(cases, "API-3").headers["etag"]
    r = act(cases, "API-3", etag, "张三", {"act": "accept", "at": at(3, 10), "by": "局长"})
    assert r.status_code == 422
    assert r.json()["field"] == "by"
    assert cases.get("/v1/cases/API-3", headers=auth("张三")).json()["events"] == 1


def test_a_submission_with_a_key_it_has_no_field_for_is_refused_and_stores_nothing(
    cases: httpx.Client,
) -> None:
    """Before, a misspelled "windw" was dropped without a word and a "by" ignored."""
    body = {"matter": MATTER, "case_id": "API-K", "applicant": "张三", "at": at(3, 9)}
    for extra, field in (({"windw": "1号窗口"}, "windw"), ({"by": "局长"}, "by")):
        r = cases.post("/v1/cases", json={**body, **extra}, headers=auth("张三"))
        assert r.status_code == 422, r.text
        assert r.json()["field"] == field
    assert cases.get("/v1/cases/API-K", headers=auth("张三")).status_code == 404
    ok = cases.post("/v1/cases", json={**body, "window": "1号窗口"}, headers=auth("张三"))
    assert ok.status_code == 201, ok.text


def test_stale_if_match_gets_412_with_the_current_head_and_writes_nothing(
    cases: httpx.Client,
) -> None:
    first = submit(cases, "API-4").headers["etag"]
    second = act(cases, "API-4", first, "张三", {"act": "accept", "at": at(3, 10)})
    head = second.json()["head"]
    r = act(cases, "API-4", first, "张三", {"act": "accept", "at": at(3, 11)})
    assert r.status_code == 412
    assert r.json()["head"] == head
    assert r.headers["etag"] == f'"{head}"'
    assert cases.get("/v1/cases/API-4", headers=auth("张三")).json()["events"] == 2


def test_an_act_without_if_match_gets_428(cases: httpx.Client) -> None:
    submit(cases, "API-5")
    r = act(cases, "API-5", None, "张三", {"act": "accept", "at": at(3, 10)})
    assert r.status_code == 428
    assert r.json()["field"] == "If-Match"


def test_bad_acts_are_problems(cases: httpx.Client) -> None:
    etag = submit(cases, "API-6").headers["etag"]
    r = act(cases, "API-6", etag, "张三", {"act": "dance", "at": at(3, 10)})
    assert (r.status_code, r.json()["field"]) == (422, "act")
    r = act(cases, "API-6", etag, "张三", {"act": "accept", "at": "yesterday"})
    assert (r.status_code, r.json()["field"]) == (422, "at")
    r = act(cases, "API-6", etag, "张三", {"act": "accept", "at": at(3, 10), "extra": 1})
    assert (r.status_code, r.json()["field"]) == (422, "extra")
    r = act(cases, "API-6", etag, "张三", {"act": "close", "at": at(3, 10)})
    assert r.status_code == 409  # not allowed in state submitted
    r = act(cases, "API-6", etag, "张三", {"act": "accept", "at": at(3, 8)})
    assert r.status_code == 422  # before the submission
    r = act(cases, "NOPE", etag, "张三", {"act": "accept", "at": at(3, 10)})
    assert r.status_code == 404
    assert cases.get("/v1/cases/API-6", headers=auth("张三")).json()["events"] == 1


def test_lists_and_verification(cases: httpx.Client) -> None:
    etag = submit(cases, "API-7").headers["etag"]
    accepted = act(cases, "API-7", etag, "张三", {"act": "accept", "at": at(3, 10)}).json()
    due = accepted["due_date"]
    headers = auth("孙监察")
    open_ids = [
        row["case_id"]
        for row in cases.get("/v1/cases", params={"today": "2025-03-04"}, headers=headers).json()[
            "items"
        ]
    ]
    assert "API-7" in open_ids
    over = cases.get(
        "/v1/cases", params={"today": "2025-12-31", "status": "overdue"}, headers=headers
    ).json()
    assert "API-7" in [row["case_id"] for row in over["items"]]
    soon = cases.get(
        "/v1/cases", params={"today": due, "status": "due_soon", "within": 0}, headers=headers
    ).json()
    assert "API-7" in [row["case_id"] for row in soon["items"]]
    before = cases.get("/v1/cases", params={"today": "2025-03-02"}, headers=headers).json()
    assert "API-7" not in [row["case_id"] for row in before["items"]]
    accepted_only = cases.get("/v1/cases", params={"today": "2025-03-04", "state": "accepted"},
                              headers=headers).json()  # fmt: skip
    assert "API-7" in [row["case_id"] for row in accepted_only["items"]]
    for bad in ({"due": "bogus"}, {"state": "bogus"}):  # refused, not an empty page
        r = cases.get("/v1/cases", params={"today": "2025-03-04", **bad}, headers=headers)
        assert r.status_code == 422, r.text
        assert r.json()["field"] == next(iter(bad))
    v = cases.get("/v1/cases/API-7/verify", headers=headers).json()
    assert v == {
        "case_id": "API-7",
        "verified": True,
        "head": accepted["head"],
        "events": 2,
        "problem": None,
    }
    assert cases.get("/v1/cases", params={"today": "x"}, headers=headers).status_code == 422
    assert cases.get("/v1/cases", headers=headers).status_code == 400
    r = cases.get("/v1/cases", params={"today": "2025-03-04", "status": "late"}, headers=headers)
    assert r.status_code == 422


def test_read_answers_304_while_the_etag_is_current(cases: httpx.Client) -> None:
    r = submit(cases, "API-8")
    assert r.headers["location"] == "/v1/cases/API-8"
    etag = r.headers["etag"]
    again = cases.get("/v1/cases/API-8", headers={**auth("张三"), "If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    act(cases, "API-8", etag, "张三", {"act": "accept", "at": at(3, 10)})
    moved = cases.get("/v1/cases/API-8", headers={**auth("张三"), "If-None-Match": etag})
    assert moved.status_code == 200
    assert moved.json()["state"] == "accepted"


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
ACTS = sorted(a for a in ACT_ROLES if a != "submit")


@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
@given(
    name=st.sampled_from(ACTS),
    params=st.dictionaries(
        st.sampled_from(
            [
                "missing",
                "provided",
                "opinion",
                "reason",
                "amount",
                "note",
                "to",
                "kind",
                "field",
                "value",
                "window",
                "notified",
                "certificate",
            ]
        ),
        JSON,
        max_size=3,
    ),
    when=st.sampled_from([at(3, 10), at(2, 10), "2025-03-03T10:00", 5, None]),
)
def test_any_act_body_is_answered_without_a_server_error(
    case_service: tuple[str, CaseStore], name: str, params: dict[str, object], when: object
) -> None:
    with httpx.Client(base_url=case_service[0], timeout=10) as c:
        snap = c.get("/v1/cases/API-FUZZ", headers=auth("吴全"))
        if snap.status_code == 404:
            submit(c, "API-FUZZ")
            snap = c.get("/v1/cases/API-FUZZ", headers=auth("吴全"))
        r = act(c, "API-FUZZ", snap.headers["etag"], "吴全", {"act": name, "at": when, **params})
    assert r.status_code in (200, 403, 409, 412, 422), r.text
    if r.status_code != 200:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"]


def test_verify_reports_a_rewritten_event(case_service: tuple[str, CaseStore]) -> None:
    import sqlite3

    url, store = case_service
    with httpx.Client(base_url=url, timeout=10) as c:
        submit(c, "API-T")
        assert c.get("/v1/cases/API-T/verify", headers=auth("张三")).json()["verified"] is True
        path = store.url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:  # a database administrator rewrites history
            db.execute(
                "UPDATE events SET body = replace(body, '某食品有限公司', '某某公司') "
                "WHERE case_id = 'API-T'"
            )
        v = c.get("/v1/cases/API-T/verify", headers=auth("张三")).json()
    assert v["verified"] is False
    assert v["problem"]


def test_a_whole_case_over_http_with_an_extension_by_the_head_of_organ(
    cases: httpx.Client,
) -> None:
    etag = submit(cases, "API-L").headers["etag"]
    steps = [
        ("张三", {"act": "accept", "at": at(3, 10), "window": "3号窗口"}),
        ("李四", {"act": "review", "at": at(4, 10), "opinion": "同意"}),
        ("李四", {"act": "suspend", "at": at(5, 10), "reason": "专家评审"}),
        ("李四", {"act": "resume", "at": at(7, 10)}),
        ("钱局长", {"act": "extend", "at": at(10, 10), "amount": 5, "reason": "需现场核查"}),
        ("王五", {"act": "deny", "at": at(12, 10), "reason": "不符合条件"}),
        ("张三", {"act": "complete", "at": at(13, 10)}),
    ]
    for person, body in steps:
        r = act(cases, "API-L", etag, person, body)
        assert r.status_code == 200, (body, r.text)
        etag = r.headers["etag"]
    snap = r.json()
    assert snap["state"] == "completed"
    assert snap["window"] == "3号窗口"
    kinds = {n["kind"] for n in snap["notices"]}
    assert {"suspension", "extension_reason", "denial_reasons"} <= kinds
    trace = cases.get("/v1/cases/API-L", params={"trace": "true"}, headers=auth("张三")).json()
    extension = json.loads(trace["trace"][5]["body"].split("\n", 3)[3])
    assert extension["by"] == "钱局长"
    assert extension["data"]["approved_by"] == "钱局长"
    assert extension["data"]["approver_role"] == "head_of_organ"


def test_ratings_and_rectification_over_the_generic_act_path(cases: httpx.Client) -> None:
    etag = submit(cases, "API-F").headers["etag"]
    steps = [
        ("张三", {"act": "rate", "at": at(3, 10), "grade": 2, "channel": "window",
                 "person": "申请人甲", "text": "等候太久", "policy": 5}),
        ("孙监察", {"act": "verify_feedback", "at": at(4, 10), "rect_id": "R1", "valid": True,
                   "finding": "属实"}),
        ("张三", {"act": "rectify", "at": at(5, 10), "rect_id": "R1", "measures": "增开窗口"}),
        ("孙监察", {"act": "answer", "at": at(6, 10), "rect_id": "R1", "text": "已回访"}),
        ("张三", {"act": "complain", "at": at(6, 11), "channel": "phone", "person": None,
                 "text": "推诿", "policy": {"limit": {"amount": 15, "unit": "working_days"},
                                          "bad_grades": [1, 2]}}),
    ]  # fmt: skip
    for person, body in steps:
        r = act(cases, "API-F", etag, person, body)
        assert r.status_code == 200, (body, r.text)
        etag = r.headers["etag"]
    assert r.json()["state"] == "submitted"  # feedback never moves the case
    refused = act(cases, "API-F", etag, "张三",
                  {"act": "verify_feedback", "at": at(7, 10), "rect_id": "R2", "valid": True,
                   "finding": "x"})  # fmt: skip
    assert refused.status_code == 403, refused.text
    bad = act(cases, "API-F", etag, "张三", {"act": "rate", "at": at(7, 10), "grade": 7,
                                            "channel": "window", "person": None})  # fmt: skip
    assert bad.status_code == 422, bad.text
    trace = cases.get("/v1/cases/API-F", params={"trace": "true"}, headers=auth("张三")).json()
    rating = json.loads(trace["trace"][1]["body"].split("\n", 3)[3])
    assert rating["by"] == "张三"
    assert rating["data"]["check"] == {"rectification_due": "2025-03-10"}
    complaint = json.loads(trace["trace"][5]["body"].split("\n", 3)[3])
    assert complaint["data"]["policy"] == {"limit": 15, "bad_grades": [1, 2]}


def test_the_snapshot_shows_the_grade_and_rectifications_overdue_as_of_today(
    cases: httpx.Client,
) -> None:
    etag = submit(cases, "API-G").headers["etag"]
    # Mon Mar 3, 5 working days: Mar 4-7 (1-4), Mon Mar 10 (5)
    rating = {"act": "rate", "at": at(3, 10), "grade": 1, "channel": "window", "person": None,
              "policy": 5}  # fmt: skip
    r = act(cases, "API-G", etag, "张三", rating)
    assert r.status_code == 200, r.text
    snap = r.json()
    assert snap["grade"] == 1
    assert snap["rectifications"] == [
        {"id": "R1", "source": "review", "state": "open", "due_date": "2025-03-10",
         "closed": False, "overdue": None}
    ]  # fmt: skip
    on_due = cases.get("/v1/cases/API-G", params={"today": "2025-03-10"}, headers=auth("李四"))
    assert on_due.json()["rectifications"][0]["overdue"] is False
    late = cases.get("/v1/cases/API-G", params={"today": "2025-03-11"}, headers=auth("李四"))
    assert late.json()["rectifications"][0]["overdue"] is True
    bad = cases.get("/v1/cases/API-G", params={"today": "11 March"}, headers=auth("李四"))
    assert bad.status_code in (400, 422), bad.text
    plain = cases.get("/v1/cases/API-1X", headers=auth("李四"))
    assert plain.status_code == 404


def test_the_facts_of_a_submission_reach_their_own_fields(cases: httpx.Client) -> None:
    """``urgent`` is a mark on a committed case, ``special`` makes it 特办件 (特事特办)."""
    from govservice.matters import CaseFacts, classify, sample_catalog

    matter = sample_catalog()[MATTER]
    for case_id, facts in (("F-URGENT", {"urgent": True}), ("F-SPECIAL", {"special": True})):
        body = {"matter": MATTER, "case_id": case_id, "applicant": "某食品有限公司",
                "at": at(3, 9), "facts": facts}  # fmt: skip
        r = cases.post("/v1/cases", json=body, headers=auth("张三"))
        assert r.status_code == 201, r.text
        assert r.json()["kind"] == classify(matter, CaseFacts(**facts)).kind.value
    assert cases.get("/v1/cases/F-URGENT", headers=auth("张三")).json()["kind"] == "committed"
    assert cases.get("/v1/cases/F-SPECIAL", headers=auth("张三")).json()["kind"] == "special"


def test_the_same_act_sent_again_after_a_lost_answer_is_recorded_once(
    cases: httpx.Client, case_service: tuple[str, CaseStore]
) -> None:
    etag = submit(cases, "RETRY-1").headers["etag"]
    body = {"act": "accept", "at": at(3, 9, 40)}
    first = act(cases, "RETRY-1", etag, "张三", body)
    again = act(cases, "RETRY-1", etag, "张三", body)  # the client never saw the first answer
    assert (first.status_code, again.status_code) == (200, 200), again.text
    assert again.headers["etag"] == first.headers["etag"]
    assert again.json() == first.json()
    assert len(case_service[1].get("RETRY-1").trace) == 2  # recorded once
    # Not the same act: another instant, another person, or the case moved on since.
    other = act(cases, "RETRY-1", etag, "张三", {"act": "accept", "at": at(3, 9, 41)})
    assert other.status_code == 412
    review = act(cases, "RETRY-1", first.headers["etag"], "李四",
                 {"act": "review", "at": at(3, 10)})  # fmt: skip
    assert review.status_code == 200
    assert act(cases, "RETRY-1", etag, "张三", body).status_code == 412


def test_a_retry_reaching_another_process_is_recognised_too(tmp_path: Path, users: Users) -> None:
    """A second service on the same store holds nothing in memory: it replays the stored
    case up to the If-Match head to see that the act sent is the one already recorded."""
    store_url = tmp_path / "cases.db"
    apps = []
    for _ in range(2):
        store = open_store(f"sqlite:///{store_url}", calendar=china())
        apps.append((create_app(calendar=china(), catalog=sample_catalog(), users=users,
                                store=store), store))  # fmt: skip
    try:
        with background(apps[0][0]) as one, background(apps[1][0]) as two:
            with httpx.Client(base_url=one, timeout=10) as c1:
                etag = submit(c1, "RETRY-2").headers["etag"]
                body = {"act": "accept", "at": at(3, 9, 40)}
                first = act(c1, "RETRY-2", etag, "张三", body)
            with httpx.Client(base_url=two, timeout=10) as c2:
                again = act(c2, "RETRY-2", etag, "张三", body)
                later = act(c2, "RETRY-2", etag, "张三", {"act": "accept", "at": at(3, 9, 41)})
        assert again.status_code == 200, again.text
        assert again.headers["etag"] == first.headers["etag"]
        assert later.status_code == 412
        assert len(apps[1][1].get("RETRY-2").trace) == 2
    finally:
        for _app, store in apps:
            store.close()


def test_a_case_number_that_no_url_can_reach_is_refused_at_submission(
    cases: httpx.Client,
) -> None:
    for case_id in ("W/4", ".", ".."):
        body = {"matter": MATTER, "case_id": case_id, "applicant": "某食品有限公司", "at": at(3, 9)}
        r = cases.post("/v1/cases", json=body, headers=auth("张三"))
        assert r.status_code == 422, (case_id, r.text)
        assert r.json()["field"] == "case_id"
    # Any other text is fine, percent-encoded in the path and in Location (a Chinese case
    # number once made the 201's Location header unencodable: a 500).
    r = submit(cases, "W 5?#号")
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/v1/cases/W%205%3F%23%E5%8F%B7"
    assert cases.get(r.headers["location"], headers=auth("张三")).json()["case_id"] == "W 5?#号"
    assert submit(cases, "市监2025第1号").status_code == 201


_IDS = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(min_size=1, max_size=12))
def test_any_case_number_is_stored_and_reachable_or_refused_never_a_500(
    cases: httpx.Client, text: str
) -> None:
    """Whatever a clerk types as the case number: 201 with a Location that reaches the case,
    or 422 naming case_id; never a 500."""
    case_id = f"{next(_IDS)}-{text}"
    body = {"matter": MATTER, "case_id": case_id, "applicant": "某食品有限公司", "at": at(3, 9)}
    r = cases.post("/v1/cases", json=body, headers=auth("张三"))
    assert r.status_code in (201, 422), r.text
    if r.status_code == 422:
        assert r.json()["field"] == "case_id"
        return
    again = cases.get(r.headers["location"], headers=auth("张三"))
    assert again.status_code == 200, again.text
    assert again.json()["case_id"] == case_id


def test_a_report_up_is_measured_against_the_higher_matter_of_the_catalogue(
    cases: httpx.Client,
) -> None:
    """Arts. 42, 43: a township's 受理及初审 reported to the county's matter (30 working days
    in the sample catalogue) is due 30 working days after the day of the report, the limit
    taken from the service's catalogue when the act names none; a limit given is kept."""
    sent = {"matter": "990102101-XZ-001", "applicant": "张三", "at": "2025-09-22T09:00:00+08:00"}
    due = {}
    for case_id, extra in (("API-UP1", {}), ("API-UP2", {"limit": "10个工作日"})):
        r = cases.post("/v1/cases", json={**sent, "case_id": case_id}, headers=auth("张三"))
        assert r.status_code == 201, r.text
        etag = r.headers["etag"]
        r = act(cases, case_id, etag, "张三", {"act": "accept", "at": "2025-09-22T10:00:00+08:00"})
        assert r.status_code == 200, r.text
        body = {"act": "report_up", "at": "2025-10-10T10:00:00+08:00", "to": "县民政局", **extra}
        r = act(cases, case_id, r.headers["etag"], "李四", body)
        assert r.status_code == 200, r.text
        due[case_id] = r.json()["statutory_due_date"]
    # 10 working days from Friday 10 October: Saturday the 11th is a make-up workday (调休)
    assert due == {"API-UP1": "2025-11-20", "API-UP2": "2025-10-23"}
