"""The HTTP service, briefly: start it on a free port, make a few calls as another system would.

Run with ``make demo`` or ``python examples/service_demo.py``. It starts the service with a
SQLite store in a temporary directory and a users file of two people, then calls it over HTTP
with the standard library only: a day, a deadline, a case submitted and accepted with
If-Match, the same act sent again answered with the case as it is, a stale If-Match
answered 412, and the overdue list of a day.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import Users, background, create_app, hash_token
from govservice.store import open_store

USERS = f"""
[[users]]
person = "张三"
department = "市场监督管理局"
roles = ["window_clerk"]
token_sha256 = "{hash_token("clerk-token")}"

[[users]]
person = "孙监察"
department = "监察局"
roles = ["supervisor"]
token_sha256 = "{hash_token("supervisor-token")}"
"""


def call(
    url: str, method: str, path: str, body: object = None, **headers: str
) -> tuple[int, dict[str, str], dict[str, object]]:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), json.load(r)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), json.load(err)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        users_file = Path(tmp) / "users.toml"
        users_file.write_text(USERS, encoding="utf-8")
        store = open_store(f"sqlite:///{tmp}/cases.db", calendar=china())
        app = create_app(
            calendar=china(),
            catalog=sample_catalog(),
            users=Users.load(users_file),
            store=store,
        )
        clerk = {"Authorization": "Bearer clerk-token"}
        with background(app) as url:
            print(f"service at {url} (OpenAPI at {url}/openapi.json)")
            _, _, day = call(url, "GET", "/v1/calendar/days/2025-10-01")
            print(f"GET  /v1/calendar/days/2025-10-01 -> {day['kind']} {day['holiday']}")
            _, _, due = call(
                url, "POST", "/v1/deadlines", {"start": "2025-01-24", "limit": "20个工作日"}
            )
            print(f"POST /v1/deadlines 20个工作日 from 2025-01-24 -> {due['due_at']}")
            body = {
                "matter": "990100-SJJ-001",
                "case_id": "DEMO-1",
                "applicant": "某食品有限公司",
                "at": "2025-03-03T09:00:00+08:00",
            }
            status, headers, snap = call(url, "POST", "/v1/cases", body, **clerk)
            first = headers["etag"]
            print(f'POST /v1/cases -> {status} {snap["state"]} ETag {first[:13]}..."')
            act = {"act": "accept", "at": "2025-03-03T09:30:00+08:00"}
            status, headers, snap = call(
                url, "POST", "/v1/cases/DEMO-1/acts", act, If_Match=first, **clerk
            )
            print(f"accept with If-Match -> {status} {snap['state']}, due {snap['due_date']}")
            status, headers, again = call(
                url, "POST", "/v1/cases/DEMO-1/acts", act, If_Match=first, **clerk
            )
            print(f"the same accept sent again (a lost answer) -> {status} {again['state']}, "
                  f"recorded once: {again['events']} events")  # fmt: skip
            later = {"act": "accept", "at": "2025-03-03T09:40:00+08:00"}
            status, _, problem = call(
                url, "POST", "/v1/cases/DEMO-1/acts", later, If_Match=first, **clerk
            )
            print(f"another accept on the old ETag -> {status} {problem['title']}")
            status, _, page = call(
                url,
                "GET",
                "/v1/cases?today=2025-03-20&status=overdue",
                Authorization="Bearer supervisor-token",
            )
            items = page["items"]
            assert isinstance(items, list)
            print(f"overdue on 2025-03-20 -> {[row['case_id'] for row in items]}")
        store.close()


if __name__ == "__main__":
    main()
