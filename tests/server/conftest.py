"""A real service on a free loopback port, and the people who call it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import Users, background, create_app, hash_token
from govservice.store import CaseStore, open_store

#: person -> (department, roles, token)
PEOPLE = {
    "张三": ("市场监督管理局", ["window_clerk"], "tok-clerk"),
    "李四": ("市场监督管理局", ["reviewer"], "tok-reviewer"),
    "王五": ("市场监督管理局", ["approver"], "tok-approver"),
    "赵六": ("市场监督管理局", ["reviewer", "approver"], "tok-both"),
    "钱局长": ("市场监督管理局", ["head_of_organ"], "tok-head"),
    "孙监察": ("监察局", ["supervisor"], "tok-supervisor"),
    "周管理": ("行政审批局", ["admin"], "tok-admin"),
    # Every role, for fuzzing past the role checks (a real users file would not do this).
    "吴全": (
        "行政审批局",
        [
            "window_clerk",
            "reviewer",
            "approver",
            "head_of_organ",
            "head_of_government",
            "supervisor",
            "admin",
        ],
        "tok-all",
    ),
}


def users_toml() -> str:
    rows = []
    for person, (department, roles, token) in PEOPLE.items():
        rows.append(
            "[[users]]\n"
            f'person = "{person}"\n'
            f'department = "{department}"\n'
            f"roles = {roles!r}\n".replace("'", '"')
            + f'token_sha256 = "{hash_token(token)}"\n'
        )
    return "\n".join(rows)


def auth(person: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {PEOPLE[person][2]}"}


@pytest.fixture(scope="session")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.toml"
    path.write_text(users_toml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def users(users_file: Path) -> Users:
    return Users.load(users_file)


@pytest.fixture(scope="session")
def public_url(users: Users) -> Iterator[str]:
    """A service without a store: calendar, deadlines and catalogue."""
    app = create_app(calendar=china(), catalog=sample_catalog(), users=users)
    with background(app) as url:
        yield url


@pytest.fixture
def client(public_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=public_url, timeout=10) as c:
        yield c


def open_sqlite_store(path: Path) -> CaseStore:
    """A SQLite case store at ``path``."""
    return open_store(f"sqlite:///{path}", calendar=china())


@pytest.fixture(scope="module")
def case_service(
    tmp_path_factory: pytest.TempPathFactory, users: Users
) -> Iterator[tuple[str, CaseStore]]:
    """A service with a fresh SQLite store: (base URL, store)."""
    store = open_sqlite_store(tmp_path_factory.mktemp("store") / "cases.db")
    app = create_app(calendar=china(), catalog=sample_catalog(), users=users, store=store)
    try:
        with background(app) as url:
            yield url, store
    finally:
        store.close()


@pytest.fixture
def cases(case_service: tuple[str, CaseStore]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=case_service[0], timeout=10) as c:
        yield c


MATTER = "990100-SJJ-001"  # a committed matter of the sample catalogue


def at(day: int, hour: int, minute: int = 0) -> str:
    """An instant in March 2025, Shanghai time."""
    return f"2025-03-{day:02d}T{hour:02d}:{minute:02d}:00+08:00"


def submit(c: httpx.Client, case_id: str, person: str = "张三") -> httpx.Response:
    body = {"matter": MATTER, "case_id": case_id, "applicant": "某食品有限公司", "at": at(3, 9)}
    return c.post("/v1/cases", json=body, headers=auth(person))


def act(
    c: httpx.Client, case_id: str, etag: str | None, person: str | None, body: dict[str, object]
) -> httpx.Response:
    headers = auth(person) if person else {}
    if etag is not None:
        headers["If-Match"] = etag
    return c.post(f"/v1/cases/{case_id}/acts", json=body, headers=headers)
