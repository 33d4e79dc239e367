"""Checks every area shares: each names the field, the value and what was expected.

The attrs validators never raise attrs' own ``TypeError``: a public constructor given a string
for an enum, or ``5`` for a text, names the field, the value and what was expected, like every
other bad input. They take the field name from the attribute unless one is given (a plan's
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

attrs' own ``instance_of`` raises ``TypeError`` with attrs' wording; `of_type`, `to_enum`,
`finite_number` and `tuple_of` name the field, the value and what was expected instead.

    >>> import enum
    >>> class Colour(enum.Enum):
    ...     RED = "red"
    >>> @attrs.frozen
    ... class Pen:
    ...     colour: Colour = attrs.field(validator=of_type(Colour))
    >>> Pen("red")
    Traceback (most recent call last):
    ...
    govservice.InvalidValueError: colour must be a Colour (one of Colour.RED), got 'red'
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from govservice._errors import InvalidValueError

__all__ = [
    "at_least",
    "check_aware",
    "check_text",
    "finite_number",
    "nonempty",
    "of_type",
    "one_line",
    "optional_text",
    "parse_date",
    "text",
    "to_enum",
    "tuple_of",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
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
        # inline, not through check_text: it runs for every act and matter built
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError(_name(field, attribute), value, "a non-empty string")

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


def _describe(kind: type) -> str:
    if issubclass(kind, enum.Enum):
        members = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
        return f"a {kind.__name__} (one of {members})"
    if kind is bool:
        return "True or False"
    if kind is str:
        return "a string"
    if kind is int:
        return "an integer"
    return f"a {kind.__name__}"


def of_type(kind: type, expected: str | None = None) -> Validator:
    """A validator requiring an instance of ``kind`` (``bool`` is not taken for ``int``).

    Args:
        kind: The type required.
        expected: The expectation shown in the error (derived from ``kind`` by default).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Flag:
        ...     on: bool = attrs.field(validator=of_type(bool))
        >>> Flag("否")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: on must be True or False, got '否'
    """
    wanted = expected or _describe(kind)

    def check(_instance: object, attribute: Any, value: object) -> None:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidValueError(attribute.name, value, wanted)

    return check


def finite_number(
    *, minimum: float | None = None, maximum: float | None = None, integral: bool = False
) -> Validator:
    """A validator requiring a real, finite number (not ``bool``) within the bounds given.

    Args:
        minimum: The smallest value accepted, if any.
        maximum: The largest value accepted, if any.
        integral: Whether only ``int`` is accepted.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Fee:
        ...     yuan: float = attrs.field(validator=finite_number(minimum=0))
        >>> Fee(float("nan"))
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: yuan must be a finite number >= 0, got nan
    """
    parts = ["an integer" if integral else "a finite number"]
    if minimum is not None:
        parts.append(f">= {minimum:g}")
    if maximum is not None:
        parts.append(f"<= {maximum:g}")
    wanted = " ".join(parts)

    def check(_instance: object, attribute: Any, value: object) -> None:
        kinds = (int,) if integral else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise InvalidValueError(attribute.name, value, wanted)
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValueError(attribute.name, value, wanted)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise InvalidValueError(attribute.name, value, wanted)

    return check


def to_enum(kind: type[E], field: str) -> Callable[[object], E]:
    """A converter taking a member of ``kind`` or its value, refusing anything else.

    Args:
        kind: The enum.
        field: The field named in the error.

    Examples:
        >>> class Mode(enum.Enum):
        ...     ALL = "all"
        >>> to_enum(Mode, "mode")("all")
        <Mode.ALL: 'all'>
        >>> to_enum(Mode, "mode")("bogus")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: mode must be one of 'all', got 'bogus'
    """
    values = ", ".join(repr(m.value) for m in kind)

    def convert(value: object) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except (ValueError, TypeError):
            raise InvalidValueError(field, value, f"one of {values}") from None

    return convert


def tuple_of(kind: type[T], field: str, value: object) -> tuple[T, ...]:
    """``value`` (an iterable of ``kind``) as a tuple, or `InvalidValueError` naming the item.

    A string is refused as a whole (it is iterable, but never meant as a list of items).

    Args:
        kind: The type of every item.
        field: The field named in the error.
        value: The iterable given.

    Examples:
        >>> tuple_of(int, "counts", [1, 2])
        (1, 2)
        >>> tuple_of(int, "counts", [1, "2"])
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: counts[1] must be an integer, got '2'
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(field, value, f"a list of {kind.__name__} values")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidValueError(f"{field}[{i}]", item, _describe(kind))
    return items


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(field: str, value: object) -> dt.date:
    """A date written exactly ``YYYY-MM-DD``, or `InvalidValueError`.

    ``datetime.date.fromisoformat`` also takes ``"20270101"`` and ISO week dates such as
    ``"2027-W01-1"``; data files and records never mean those, so they are refused.

    Args:
        field: The field named in the error.
        value: The text.

    Examples:
        >>> parse_date("date", "2027-01-01")
        datetime.date(2027, 1, 1)
        >>> parse_date("date", "20270101")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: date must be a date written YYYY-MM-DD, got '20270101'
    """
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InvalidValueError(field, value, "a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, value, "an existing date written YYYY-MM-DD") from None


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), 127, 0x85)} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def one_line(text: object) -> str:
    r"""Text from data made safe for one line of a plain-text output (a table, an explanation).

    Line breaks and other control characters are escaped (``\n`` becomes the four characters
    ``\x0a``), so a value can never add a line (a forged "due" line, a fake table row).

    Examples:
        >>> print(one_line("T-1\n2  T-forged  甲"))
        T-1\x0a2  T-forged  甲
    """
    return str(text).translate(_CONTROL)
