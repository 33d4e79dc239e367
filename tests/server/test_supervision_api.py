"""Supervision over HTTP: monitoring, indicators, irregularities, the monthly report."""

from __future__ import annotations

import io
import zipfile

import httpx

from .conftest import act, at, auth, submit


def _some_cases(c: httpx.Client, prefix: str = "SUP") -> None:
    for i in range(3):
        case_id = f"{prefix}-{i}"
        etag = submit(c, case_id).headers["etag"]
        act(c, case_id, etag, "张三", {"act": "accept", "at": at(3, 10 + i)})


def test_monitoring_indicators_irregularities_and_report(cases: httpx.Client) -> None:
    _some_cases(cases)
    headers = auth("孙监察")
    m = cases.get("/v1/supervision/monitoring", params={"today": "2025-03-20"}, headers=headers)
    assert m.status_code == 200, m.text
    body = m.json()
    ours = [row for row in body["cases"] if row["case_id"].startswith("SUP-")]
    assert len(ours) == 3
    assert {row["status"] for row in ours} == {"red"}  # past the committed due date
    assert all(row["remaining_working_days"] < 0 for row in ours)
    assert sum(d["open"] for d in body["departments"]) == len(body["cases"])
    # each department row is named by the department, as its cases are (not a row number)
    named = {d["department"] for d in body["departments"]}
    assert named == {row["department"] for row in body["cases"]}

    params = {"start": "2025-03-01", "end": "2025-03-31", "by": "department"}
    ind = cases.get("/v1/supervision/indicators", params=params, headers=headers)
    assert ind.status_code == 200, ind.text
    table = ind.json()
    assert "department" in table["columns"]
    assert table["rows"]

    irr = cases.get(
        "/v1/supervision/irregularities",
        params={"start": "2025-03-01", "end": "2025-03-31"},
        headers=headers,
    )
    assert irr.status_code == 200, irr.text

    r = cases.get("/v1/supervision/reports/2025-03", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "report.html" in names


def test_supervision_needs_a_supervisor_who_neither_reviews_nor_approves(
    cases: httpx.Client,
) -> None:
    params = {"today": "2025-03-20"}
    assert cases.get("/v1/supervision/monitoring", params=params).status_code == 401
    r = cases.get("/v1/supervision/monitoring", params=params, headers=auth("张三"))
    assert r.status_code == 403
    r = cases.get("/v1/supervision/monitoring", params=params, headers=auth("吴全"))
    assert r.status_code == 403
    assert r.json()["rules"] == ["approver_not_supervisor"]
    r = cases.get("/v1/supervision/reports/2025-13", headers=auth("孙监察"))
    assert (r.status_code, r.json()["field"]) == (422, "month")


def test_supervision_figures_take_locale_by_the_library_rule(cases: httpx.Client) -> None:
    """``locale`` as everywhere else (zh, zh_Hans, zh-TW, en ...); anything else is named."""
    _some_cases(cases, "LOC")
    headers = auth("孙监察")
    span = {"start": "2025-03-01", "end": "2025-03-31"}
    for locale in ("zh_Hans", "zh-TW", "en"):
        r = cases.get("/v1/supervision/irregularities", params={**span, "locale": locale},
                      headers=headers)  # fmt: skip
        assert r.status_code == 200, (locale, r.text)
    r = cases.get("/v1/supervision/irregularities", params={**span, "locale": "fr"},
                  headers=headers)  # fmt: skip
    assert r.status_code in (400, 422)
    assert (r.json()["field"], r.json()["value"]) == ("locale", "fr")
    r = cases.get("/v1/supervision/reports/2025-03", params={"locale": "en"}, headers=headers)
    assert r.status_code == 200, r.text
    page = zipfile.ZipFile(io.BytesIO(r.content)).read("report.html").decode()
    assert "<html lang='en'" in page


def test_a_suspended_case_is_monitored_and_reported_not_refused(cases: httpx.Client) -> None:
    """A suspended case has no due date while its clocks stop (art. 45): it is listed normal
    with no days left, and the month's report is made; neither answers 422."""
    etag = submit(cases, "SUS-1").headers["etag"]
    r = act(cases, "SUS-1", etag, "张三", {"act": "accept", "at": at(4, 9)})
    r = act(cases, "SUS-1", r.headers["etag"], "李四",
            {"act": "suspend", "at": at(5, 9), "reason": "检测", "note": "送检"})  # fmt: skip
    assert r.status_code == 200, r.text
    headers = auth("孙监察")
    m = cases.get("/v1/supervision/monitoring", params={"today": "2025-03-20"}, headers=headers)
    assert m.status_code == 200, m.text
    (row,) = [row for row in m.json()["cases"] if row["case_id"] == "SUS-1"]
    assert (row["status"], row["remaining_working_days"], row["due_date"]) == ("normal", None, None)
    report = cases.get("/v1/supervision/reports/2025-03", headers=headers)
    assert report.status_code == 200, report.text
