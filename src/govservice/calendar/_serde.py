"""The calendar subpackage's one cattrs converter: dates as ISO strings, enums as values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import cattrs

from govservice._errors import CalendarDataError, DataProblem, InvalidValueError
from govservice._validators import parse_date

__all__ = ["make_converter", "structure"]


def _date(value: object, _type: object) -> dt.date:
    if not isinstance(value, str):
        raise InvalidValueError("date", value, "an ISO date string such as '2025-10-01'")
    try:
        return parse_date("date", value)  # never "20251001" or "2025-W40-3"
    except InvalidValueError:
        raise InvalidValueError("date", value, "an ISO date such as '2025-10-01'") from None


def _time(value: object, _type: object) -> dt.time:
    if not isinstance(value, str):
        raise InvalidValueError("time", value, "an ISO time string such as '09:00'")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise InvalidValueError("time", value, "an ISO time such as '09:00'") from None


def _strict(kind: type[Any], expected: str) -> Any:
    """A structure hook that takes only values already of ``kind`` (no "2027" -> 2027)."""

    def hook(value: object, _type: object) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise InvalidValueError("value", value, expected)
        if not isinstance(value, kind):
            raise InvalidValueError("value", value, expected)
        return value

    return hook


def _names(value: object, _type: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidValueError("value", value, "a list of strings")
    return tuple(value)


def make_converter() -> cattrs.Converter:
    """A new converter for the calendar's values (dates ISO, enums by value, no extra keys).

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import DayEntry, EntryKind
        >>> conv = make_converter()
        >>> raw = conv.unstructure(DayEntry(dt.date(2025, 1, 26), "春节", EntryKind.WORKDAY))
        >>> raw["date"], raw["kind"]
        ('2025-01-26', 'workday')
        >>> conv.structure(raw, DayEntry).date
        datetime.date(2025, 1, 26)
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(int | float, _strict(int | float, "a number"))  # type: ignore[arg-type]
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _names)
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.time, _time)
    conv.register_unstructure_hook(dt.time, lambda t: t.isoformat(timespec="minutes"))
    return conv


#: The library's own converter for calendar values: private, built once, never changed after
#: (a hook a user registers on their own `make_converter()` cannot reach it).
converter = make_converter()


def _describe(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, InvalidValueError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    name = getattr(type_, "__name__", None) if type_ is not None else None
    if not name:  # cattrs gives no type for an item of a tuple: say what is wrong, not "None"
        return f"has the wrong form ({exc})"
    return f"expected {name} ({exc})"


def structure(raw: object, type_: type[Any], source: str, path: str = "$") -> Any:
    """Structure ``raw`` into ``type_``, turning every failure into one CalendarDataError.

    Examples:
        >>> from govservice.calendar import Notice
        >>> structure({"number": None, "title": ""}, Notice, "x.json")
        Traceback (most recent call last):
        ...
        govservice.CalendarDataError: 1 problem in calendar data:
          x.json $: title must be a non-empty string, got ''
    """
    try:
        return converter.structure(raw, type_)
    except cattrs.BaseValidationError as exc:
        problems = []
        for line in cattrs.transform_error(exc, path=path, format_exception=_describe):
            message, _, where = line.rpartition(" @ ")
            problems.append(DataProblem.of(source, where, message))
        raise CalendarDataError(problems) from exc
    except (InvalidValueError, TypeError, ValueError, AttributeError) as exc:
        raise CalendarDataError([DataProblem.of(source, path, _describe(exc, type_))]) from exc
