"""GET /v1/matters/{code}/guide: the service guide over real HTTP, as the library renders it."""

from __future__ import annotations

import httpx

from govservice.matters import guide, sample_catalog
from govservice.server import PROBLEM_JSON

MATTER = sample_catalog()["990102-MZJ-001"]


def test_guide_in_each_format(client: httpx.Client) -> None:
    r = client.get(f"/v1/matters/{MATTER.code}/guide")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"  # once, not twice
    assert r.text == guide(MATTER)
    r = client.get(f"/v1/matters/{MATTER.code}/guide", params={"format": "markdown"})
    assert r.headers["content-type"] == "text/markdown; charset=utf-8"
    assert r.text.startswith("# 内地居民结婚登记")
    r = client.get(f"/v1/matters/{MATTER.code}/guide", params={"format": "json", "locale": "en"})
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["locale"] == "en"
    assert r.json()["code"] == MATTER.code


def test_guide_problems(client: httpx.Client) -> None:
    for url, params, status, field in (
        ("/v1/matters/NOPE/guide", {}, 404, "code"),
        (f"/v1/matters/{MATTER.code}/guide", {"format": "pdf"}, 422, "format"),
        (f"/v1/matters/{MATTER.code}/guide", {"locale": "fr"}, 422, "locale"),
    ):
        r = client.get(url, params=params)
        assert r.status_code == status, url
        assert r.headers["content-type"].startswith(PROBLEM_JSON)
        assert r.json()["field"] == field
