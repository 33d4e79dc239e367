"""Reading request text into library values, naming field, value and expectation on failure."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import attrs

from govservice._errors import GovServiceError, InvalidValueError
from govservice._i18n import locale_of
from govservice.calendar import (
    Extension,
    LimitUnit,
    Suspension,
    TimeLimit,
)
from govservice.matters import CaseFacts
from govservice.server._problems import ProblemError, echo, invalid, problem_from_error
from govservice.server._wire import ExtensionIn, LimitIn, SuspensionIn

__all__ = [
    "date",
    "extension",
    "facts",
    "instant",
    "limit",
    "limit_out",
    "locale",
    "start",
    "suspension",
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_EXPECTED = "an ISO date such as '2025-01-24'"
_INSTANT_EXPECTED = "an ISO instant with an offset, such as '2025-01-24T10:00:00+08:00'"


def date(field: str, text: object) -> dt.date:
    """An ISO date (``YYYY-MM-DD``) from text."""
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        raise invalid(field, text, _DATE_EXPECTED)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise invalid(field, text, _DATE_EXPECTED + " (a real day)") from None


def instant(field: str, text: object) -> dt.datetime:
    """An aware ISO instant from text."""
    if not isinstance(text, str) or len(text) < 16 or not _DATE.match(text):
        raise invalid(field, text, _INSTANT_EXPECTED)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise invalid(field, text, _INSTANT_EXPECTED) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise invalid(field, text, _INSTANT_EXPECTED + " (an offset is required)")
    return moment


def start(field: str, text: object) -> dt.date | dt.datetime:
    """A date or an aware instant."""
    if isinstance(text, str) and _DATE.fullmatch(text):
        return date(field, text)
    if isinstance(text, str) and len(text) > 10:
        return instant(field, text)
    raise invalid(field, text, _DATE_EXPECTED + " or " + _INSTANT_EXPECTED)


def limit(field: str, value: str | LimitIn) -> TimeLimit:
    """A time limit from service-guide text or its structured form."""
    try:
        if isinstance(value, str):
            return _limit_text(value)
        if isinstance(value, LimitIn):
            try:
                unit = LimitUnit(value.unit)
            except ValueError:
                choices = ", ".join(u.value for u in LimitUnit)
                raise invalid(f"{field}.unit", value.unit, f"one of {choices}") from None
            amount: float = value.amount
            if unit is not LimitUnit.WORKING_HOURS and float(amount).is_integer():
                amount = int(amount)
            return TimeLimit(amount, unit)
    except InvalidValueError as exc:
        sub = field if exc.field == "text" else f"{field}.{exc.field}"
        raise invalid(sub, exc.value, exc.expected) from None
    raise invalid(field, value, "a time limit text such as '20个工作日' or {amount, unit}")


@functools.lru_cache(maxsize=1024)
def _limit_text(text: str) -> TimeLimit:
    """`TimeLimit.parse`, kept per text: a service hears the same few limits all day."""
    return TimeLimit.parse(text)


def limit_out(value: TimeLimit) -> LimitIn:
    """The structured form of a limit."""
    return LimitIn(value.amount, value.unit.value)


def suspension(field: str, value: SuspensionIn) -> Suspension:
    """A suspension from its request form."""
    first = date(f"{field}.start", value.start)
    last = date(f"{field}.end", value.end)
    try:
        return Suspension(first, last, value.reason, value.note)
    except InvalidValueError as exc:
        sub = exc.field.removeprefix("suspension.")
        raise invalid(f"{field}.{sub}", exc.value, exc.expected) from None


def extension(field: str, value: ExtensionIn) -> Extension:
    """An extension from its request form."""
    amount: float = value.amount
    if float(amount).is_integer():
        amount = int(amount)
    try:
        return Extension(amount, value.approved_by, value.reason)
    except InvalidValueError as exc:
        sub = exc.field.removeprefix("extension.")
        raise invalid(f"{field}.{sub}", exc.value, exc.expected) from None


def locale(value: object) -> str:
    """The catalog locale (zh_CN, zh_TW or en) of a request's locale, by the library's one rule.

    ``zh``, ``zh_CN``, ``zh_Hans``, ``zh_TW``, ``zh_Hant``, ``en`` (``-`` for ``_`` too).
    """
    try:
        return locale_of(value)
    except InvalidValueError as exc:
        raise invalid("locale", value, exc.expected) from None


def library(
    exc: GovServiceError, prefix: str = "", *, field: str | None = None, value: Any = None
) -> ProblemError:
    """A library error as a problem to answer with; ``field`` names the request's own field.

    A library error names its own argument (``end``, or a date it worked out such as "the
    20th working day after"); ``field`` (and ``value``, when given) put the request's field
    and what it sent in their place.
    """
    found = problem_from_error(exc, field_prefix=prefix)
    if field is not None:
        found = attrs.evolve(found, field=field)
    if value is not None:
        found = attrs.evolve(found, value=echo(value))
    return ProblemError(found)


def text(field: str, value: Any) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise invalid(field, value, "a non-empty string")
    return value


def facts(value: Any, prefix: str = "") -> CaseFacts:
    """The facts of an application (``POST /v1/classify``, a submission's ``facts``).

    Each flag by its own name (once passed by position, and one field off).
    """
    departments = tuple(
        text(f"{prefix}departments[{i}]", d) for i, d in enumerate(value.departments)
    )
    return CaseFacts(
        departments=departments,
        expert_review=value.expert_review,
        collective_decision=value.collective_decision,
        special=value.special,
        urgent=value.urgent,
        green_channel=value.green_channel,
    )
