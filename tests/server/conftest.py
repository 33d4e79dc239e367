"""A real service on a free loopback port, and the people who call it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.server import Users, background, create_app, hash_token

#: person -> (department, roles, token)
PEOPLE = {
    "张三": ("市场监督管理局", ["window_clerk"], "tok-clerk"),
    "李四": ("市场监督管理局", ["reviewer"], "tok-reviewer"),
    "王五": ("市场监督管理局", ["approver"], "tok-approver"),
    "赵六": ("市场监督管理局", ["reviewer", "approver"], "tok-both"),
    "钱局长": ("市场监督管理局", ["head_of_organ"], "tok-head"),
    "孙监察": ("监察局", ["supervisor"], "tok-supervisor"),
    "周管理": ("行政审批局", ["admin"], "tok-admin"),
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
