"""attrs validators that raise `govservice.InvalidValueError` (never a raw ``TypeError``).

attrs' own ``instance_of`` raises ``TypeError`` with attrs' wording; a public constructor given
a string for an enum, or ``5`` for a text, must instead name the field, the value and what was
expected, like every other bad input.

Examples:
    >>> import enum, attrs
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

import enum
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from govservice._errors import InvalidValueError

__all__ = ["finite_number", "of_type", "to_enum", "tuple_of"]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _describe(kind: type) -> str:
    if issubclass(kind, enum.Enum):
        members = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
        return f"a {kind.__name__} (one of {members})"
    if kind is bool:
        return "True or False"
    if kind is str:
        return "a string"
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

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
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

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
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
        govservice.InvalidValueError: counts[1] must be a int, got '2'
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(field, value, f"a list of {kind.__name__} values")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidValueError(f"{field}[{i}]", item, _describe(kind))
    return items
