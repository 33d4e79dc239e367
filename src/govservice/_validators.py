"""Checks every area shares: each names the field, the value and what was expected.

The attrs validators take the field name from the attribute unless one is given (a plan's
``stage.id``); the ``check_`` functions check a value outside attrs and return it.

Examples:
    >>> import attrs
    >>> @attrs.frozen
    ... class Office:
    ...     name: str = attrs.field(validator=nonempty())
    ...     staff: int = attrs.field(default=1, validator=at_least(1))
    >>> Office("政务服务中心").staff
    1
    >>> Office(" ")
    Traceback (most recent call last):
    govservice.InvalidValueError: name must be a non-empty string, got ' '
    >>> check_text("indicator", 3)
    Traceback (most recent call last):
    govservice.InvalidValueError: indicator must be a string, got 3
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from govservice._errors import InvalidValueError

__all__ = ["at_least", "check_aware", "check_text", "nonempty", "optional_text", "text"]

Validator = Callable[[Any, Any, Any], None]


def _name(field: str | None, attribute: Any) -> str:
    return field if field is not None else str(attribute.name)


def check_text(field: str, value: object, *, empty: bool = True) -> str:
    """``value`` if it is a string (a non-blank one unless ``empty``), else InvalidValueError."""
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "a string" if empty else "a non-empty string")
    if not empty and not value.strip():
        raise InvalidValueError(field, value, "a non-empty string")
    return value


def check_aware(field: str, value: object) -> dt.datetime:
    """``value`` if it is an aware datetime, else InvalidValueError (the clock is never read).

    Examples:
        >>> check_aware("at", dt.datetime(2025, 3, 3, 9))
        Traceback (most recent call last):
        govservice.InvalidValueError: at must be an aware datetime (never the clock), got ...
    """
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(field, value, "an aware datetime (never the clock)")
    return value


def text(field: str | None = None) -> Validator:
    """An attrs validator: the value is a string (possibly empty)."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        check_text(_name(field, attribute), value)

    return check


def nonempty(field: str | None = None) -> Validator:
    """An attrs validator: the value is a string with something other than blanks."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        check_text(_name(field, attribute), value, empty=False)

    return check


def optional_text(field: str | None = None) -> Validator:
    """An attrs validator: the value is a string or None."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(_name(field, attribute), value, "a string or None")

    return check


def at_least(minimum: int, field: str | None = None) -> Validator:
    """An attrs validator: the value is an integer (not a bool) of at least ``minimum``."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise InvalidValueError(_name(field, attribute), value, f"an integer >= {minimum}")

    return check
