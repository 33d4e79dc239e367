"""People, roles and bearer tokens: the users file of the service.

The file is TOML, one ``[[users]]`` table per person::

    [[users]]
    person = "张三"
    department = "市场监督管理局"
    roles = ["window_clerk"]
    token_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

Only the SHA-256 of each token is stored; a request's ``Authorization: Bearer <token>`` is
hashed and compared in constant time. A leaked users file gives no one a token.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from govservice._errors import InvalidValueError

__all__ = ["Role", "User", "Users", "hash_token"]


class Role(enum.Enum):
    """A role a person holds in the service (RBAC), as the users file names it.

    Examples:
        >>> Role("approver")
        <Role.APPROVER: 'approver'>
        >>> Role.HEAD_OF_ORGAN.value
        'head_of_organ'
    """

    WINDOW_CLERK = "window_clerk"  #: 窗口工作人员: receives, accepts, delivers, closes
    REVIEWER = "reviewer"  #: 审核人: reviews, suspends and resumes (一审)
    APPROVER = "approver"  #: 批准人: approves or denies (一核)
    HEAD_OF_ORGAN = "head_of_organ"  #: 本行政机关负责人: extensions, art. 42 para. 1
    HEAD_OF_GOVERNMENT = "head_of_government"  #: 本级人民政府负责人: art. 42 para. 2
    SUPERVISOR = "supervisor"  #: 监察: monitoring, irregularities, reports
    ADMIN = "admin"  #: 管理员: corrections and recalendaring


def _role(value: object, where: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidValueError(f"{where}.roles", value, f"one of {choices}") from None


def hash_token(token: str) -> str:
    """The hex SHA-256 of a bearer token, as the users file stores it.

    Examples:
        >>> hash_token("test")
        '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _sha256(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if (
        not isinstance(value, str)
        or len(value) != 64
        or any(c not in "0123456789abcdef" for c in value)
    ):
        raise InvalidValueError(attribute.name, value, "64 lower-case hex digits (a SHA-256)")


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a non-empty string")


def _roles(value: Iterable[Role | str]) -> frozenset[Role]:
    if isinstance(value, str | Role):
        value = (value,)
    return frozenset(r if isinstance(r, Role) else _role(r, "user") for r in value)


@attrs.frozen
class User:
    """One person who may call the service: who they are, their department and roles.

    Args:
        person: The person's name or staff id; what the case trace records as ``by``.
        department: Their department.
        roles: The roles they hold.
        token_sha256: The SHA-256 (hex) of their bearer token.

    Examples:
        >>> u = User("张三", "市场监督管理局", ["window_clerk"], hash_token("s3cret"))
        >>> u.has(Role.WINDOW_CLERK), u.has(Role.APPROVER)
        (True, False)
    """

    person: str = attrs.field(validator=_text)
    department: str = attrs.field(validator=_text)
    roles: frozenset[Role] = attrs.field(converter=_roles)
    token_sha256: str = attrs.field(validator=_sha256, repr=False)

    def has(self, role: Role) -> bool:
        """Whether the person holds ``role``."""
        return role in self.roles


def _users(value: Iterable[User]) -> tuple[User, ...]:
    return tuple(value)


@attrs.frozen
class Users:
    """The people the service knows, found by token.

    Args:
        users: The people; each person and each token once.

    Raises:
        InvalidValueError: A person or a token hash given twice.

    Examples:
        >>> users = Users([User("张三", "市场监督管理局", ["window_clerk"], hash_token("t1"))])
        >>> users.authenticate("t1").person
        '张三'
        >>> users.authenticate("wrong") is None
        True
    """

    users: tuple[User, ...] = attrs.field(converter=_users)
    _by_hash: dict[str, User] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_hash: dict[str, User] = {}
        people: set[str] = set()
        for i, user in enumerate(self.users):
            if not isinstance(user, User):
                raise InvalidValueError(f"users[{i}]", user, "a User")
            if user.person in people:
                raise InvalidValueError(f"users[{i}].person", user.person, "each person once")
            if user.token_sha256 in by_hash:
                raise InvalidValueError(
                    f"users[{i}].token_sha256", user.token_sha256, "each token once"
                )
            people.add(user.person)
            by_hash[user.token_sha256] = user
        object.__setattr__(self, "_by_hash", by_hash)

    def __iter__(self) -> Iterator[User]:
        return iter(self.users)

    def __len__(self) -> int:
        return len(self.users)

    def authenticate(self, token: str) -> User | None:
        """The person whose token this is, or ``None``; compared in constant time."""
        wanted = hash_token(token)
        found = None
        for digest, user in self._by_hash.items():
            if hmac.compare_digest(digest, wanted):
                found = user
        return found

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, source: str = "<mapping>") -> Users:
        """Users from the parsed TOML (a mapping with a ``users`` list of tables).

        Examples:
            >>> Users.from_mapping({"users": [{"person": "李四", "department": "税务局",
            ...     "roles": ["reviewer"], "token_sha256": hash_token("t")}]}).users[0].roles
            frozenset({<Role.REVIEWER: 'reviewer'>})
        """
        if not isinstance(data, Mapping):
            raise InvalidValueError(source, data, "a TOML document with [[users]] tables")
        rows = data.get("users")
        unknown = sorted(set(data) - {"users"})
        if unknown:
            raise InvalidValueError(f"{source}: {unknown[0]}", data[unknown[0]], "only [[users]]")
        if not isinstance(rows, list):
            raise InvalidValueError(f"{source}: users", rows, "a list of [[users]] tables")
        users = []
        keys = {"person", "department", "roles", "token_sha256"}
        for i, row in enumerate(rows):
            where = f"{source}: users[{i}]"
            if not isinstance(row, Mapping):
                raise InvalidValueError(where, row, "a table")
            missing = sorted(keys - set(row))
            if missing:
                raise InvalidValueError(f"{where}.{missing[0]}", None, "present")
            extra = sorted(set(row) - keys)
            if extra:
                raise InvalidValueError(f"{where}.{extra[0]}", row[extra[0]], f"one of {keys}")
            roles = row["roles"]
            if not isinstance(roles, list) or not roles:
                raise InvalidValueError(f"{where}.roles", roles, "a non-empty list of roles")
            try:
                users.append(
                    User(
                        row["person"],
                        row["department"],
                        [_role(r, where) for r in roles],
                        row["token_sha256"],
                    )
                )
            except InvalidValueError as exc:
                if exc.field.startswith(source):
                    raise
                raise InvalidValueError(f"{where}.{exc.field}", exc.value, exc.expected) from None
        return cls(users)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Users:
        """Users from a TOML users file.

        Raises:
            InvalidValueError: Naming the file, the entry and what is wrong with it.
        """
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise InvalidValueError("users_file", str(path), f"a readable file ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise InvalidValueError("users_file", str(path), f"valid TOML ({exc})") from None
        return cls.from_mapping(data, source=path.name)
