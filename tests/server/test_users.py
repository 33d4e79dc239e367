from __future__ import annotations

from pathlib import Path

import pytest

from govservice import InvalidValueError
from govservice.server import Role, User, Users, hash_token

from .conftest import PEOPLE, users_toml


def test_users_file_loads_people_roles_and_hashed_tokens(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text(users_toml(), encoding="utf-8")
    users = Users.load(path)
    assert len(users) == len(PEOPLE)
    both = users.authenticate("tok-both")
    assert both is not None
    assert both.person == "赵六"
    assert both.roles == {Role.REVIEWER, Role.APPROVER}
    assert "tok-both" not in path.read_text("utf-8")  # only the hash is stored


def test_unknown_token_authenticates_nobody(users: Users) -> None:
    assert users.authenticate("tok-nobody") is None
    assert users.authenticate("") is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            '[[users]]\nperson = "a"\ndepartment = "d"\nroles = ["mayor"]\n'
            f'token_sha256 = "{hash_token("x")}"\n',
            "users[0].roles",
        ),
        (
            '[[users]]\nperson = "a"\ndepartment = "d"\nroles = ["admin"]\ntoken_sha256 = "abc"\n',
            "users[0].token_sha256",
        ),
        ('[[users]]\nperson = "a"\ndepartment = "d"\nroles = ["admin"]\n', "users[0].token_sha256"),
        (
            '[[users]]\nperson = "a"\ndepartment = "d"\nroles = []\n'
            f'token_sha256 = "{hash_token("x")}"\n',
            "users[0].roles",
        ),
        (
            '[[users]]\nperson = "a"\ndepartment = "d"\nroles = ["admin"]\ntoken = "x"\n'
            f'token_sha256 = "{hash_token("x")}"\n',
            "users[0].token",
        ),
        ("users = 3\n", "users"),
        ("not toml [", "users_file"),
    ],
)
def test_bad_users_files_name_the_entry(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        Users.load(path)
    assert field in info.value.field


def test_a_token_or_a_person_twice_is_refused() -> None:
    a = User("甲", "d", ["admin"], hash_token("t"))
    with pytest.raises(InvalidValueError, match="each token once"):
        Users([a, User("乙", "d", ["admin"], hash_token("t"))])
    with pytest.raises(InvalidValueError, match="each person once"):
        Users([a, User("甲", "d", ["admin"], hash_token("u"))])


def test_missing_file_is_an_invalid_value(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="a readable file"):
        Users.load(tmp_path / "nope.toml")
