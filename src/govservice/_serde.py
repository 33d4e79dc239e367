"""What every area's cattrs converters share: failures as problems with their field paths."""

from __future__ import annotations

from typing import Any

import cattrs

from govservice._errors import CatalogProblem, InvalidValueError, TimeLimitParseError

__all__ = ["drop_none", "problems_of"]


def drop_none(value: Any) -> Any:
    """``value`` without the None values of its mappings (TOML has no null).

    Examples:
        >>> drop_none({"a": 1, "b": None, "c": [{"d": None}]})
        {'a': 1, 'c': [{}]}
    """
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


def _describe(exc: BaseException, type_: Any) -> tuple[str, object]:
    """(expected, value) for a failure inside cattrs."""
    if isinstance(exc, TimeLimitParseError | InvalidValueError):
        return exc.expected, exc.value
    if isinstance(exc, KeyError):
        return "present (a required element)", None
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return "a known element", sorted(exc.extra_fields)
    name = getattr(type_, "__name__", str(type_))
    return f"a valid {name}", str(exc)


def problems_of(
    exc: BaseException, source: str, where: str, type_: Any = None
) -> list[CatalogProblem]:
    """Every problem inside a structuring failure, with its field path.

    Examples:
        >>> from govservice.matters import Material, make_converter
        >>> try:
        ...     make_converter().structure({"name": 5, "count": "two"}, Material)
        ... except Exception as exc:
        ...     [p.field for p in problems_of(exc, "x.json", "$.matters[0]")]
        ['count', 'name']
    """
    found: list[CatalogProblem] = []

    def walk(error: BaseException, path: str) -> None:
        if isinstance(error, cattrs.BaseValidationError):
            for inner in error.exceptions:
                note = _note(inner)
                walk(inner, f"{path}.{note}" if note and not note.startswith("[") else path + note)
            return
        expected, value = _describe(error, type_)
        parts = [path.lstrip(".")]
        if isinstance(error, InvalidValueError) and error.field not in ("value", "date", "text"):
            parts.append(error.field)  # a validator of the class: the path stops at the object
        field = ".".join(p for p in parts if p) or "(matter)"
        found.append(CatalogProblem.of(source, where, field, value, expected))

    walk(exc, "")
    return sorted(found, key=lambda p: p.field)


def _note(error: BaseException) -> str:
    for note in getattr(error, "__notes__", ()):
        name = getattr(note, "name", None)
        if name is not None:
            return str(name)
        index = getattr(note, "index", None)
        if index is not None:
            return f"[{index}]"
    return ""
