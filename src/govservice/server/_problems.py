"""Errors as RFC 9457 problem details (``application/problem+json``), never a bare 500.

Every error the service answers names the field, the value received and what was expected,
like the library's own errors, and carries a stable ``type`` a client can switch on.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from govservice._errors import (
    CalendarCoverageError,
    CatalogError,
    GovServiceError,
    InvalidValueError,
    SeparationError,
    TraceIntegrityError,
    TransitionError,
)

__all__ = ["PROBLEM_JSON", "Problem", "ProblemError", "echo", "problem_from_error"]

#: The media type of an RFC 9457 problem document.
PROBLEM_JSON = "application/problem+json"

_TYPE = "urn:govservice:problem:"


@attrs.frozen
class Problem:
    """An RFC 9457 problem document, with the fields govservice adds.

    Args:
        type: A stable URN naming the kind of problem (``urn:govservice:problem:invalid-value``).
        title: A short, fixed summary of the kind.
        status: The HTTP status code.
        detail: The full message: the field, the value received and what was expected.
        field: The request field at fault, as a JSON path or a parameter name.
        value: The value received (as JSON), if any.
        expected: What the field accepts.
        head: For a stale ``If-Match`` (412): the case's current trace head.
        rules: For a separation-of-duties veto: the rules the act would break.

    Examples:
        >>> p = Problem("urn:govservice:problem:invalid-value", "Invalid value", 422,
        ...             "limit must be a time limit, got 'soon'", "limit", "soon", "a time limit")
        >>> p.status
        422
    """

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    value: Any = None
    expected: str | None = None
    head: str | None = None
    rules: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON object; absent optional members are left out."""
        out: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        for name in ("field", "value", "expected", "head", "rules"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


class ProblemError(Exception):
    """Raised inside a handler to answer with a problem document.

    Args:
        problem: The problem to answer with.
        headers: Extra response headers (``WWW-Authenticate``, ``ETag``).

    Examples:
        >>> err = ProblemError(Problem("urn:govservice:problem:not-found", "Not found", 404,
        ...                            "no case 'C9'", "case_id", "C9", "a stored case id"))
        >>> err.problem.status
        404
    """

    def __init__(self, problem: Problem, headers: dict[str, str] | None = None) -> None:
        super().__init__(problem.detail)
        self.problem = problem
        self.headers = headers or {}


def problem(
    kind: str,
    title: str,
    status: int,
    detail: str,
    *,
    field: str | None = None,
    value: Any = None,
    expected: str | None = None,
    head: str | None = None,
    rules: list[str] | None = None,
) -> Problem:
    """A problem of kind ``kind`` (the URN's last part)."""
    return Problem(_TYPE + kind, title, status, detail, field, echo(value), expected, head, rules)


def invalid(field: str, value: Any, expected: str, *, status: int = 422) -> ProblemError:
    """The error answering that ``field`` got ``value`` where ``expected`` was wanted."""
    shown = json.dumps(echo(value), ensure_ascii=False)
    detail = f"{field} must be {expected}, got {shown}"
    return ProblemError(
        problem(
            "invalid-value",
            "Invalid value",
            status,
            detail,
            field=field,
            value=value,
            expected=expected,
        )
    )


#: How much of a received value a problem echoes (a huge body is not sent back whole).
_ECHO_TEXT = 200
_ECHO_ITEMS = 20


def echo(value: Any) -> Any:
    """A received value as a problem echoes it: JSON, and cut short when large."""
    if isinstance(value, str):
        return value if len(value) <= _ECHO_TEXT else value[:_ECHO_TEXT] + "…"
    if value is None or isinstance(value, bool | int | float):
        if isinstance(value, float) and value != value:  # NaN is not JSON
            return str(value)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            return str(value)  # beyond what a JSON number carries exactly
        return value
    if isinstance(value, list | tuple):
        return [echo(v) for v in value[:_ECHO_ITEMS]]
    if isinstance(value, dict):
        return {str(k)[:_ECHO_TEXT]: echo(v) for k, v in list(value.items())[:_ECHO_ITEMS]}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return repr(value)


def problem_from_error(exc: GovServiceError, *, field_prefix: str = "") -> Problem:
    """The problem document for a library error.

    Args:
        exc: The error the library raised.
        field_prefix: Prepended to the error's field (``"suspensions[0]."``).

    Examples:
        >>> from govservice import InvalidValueError
        >>> p = problem_from_error(InvalidValueError("amount", 0, "an integer >= 1"))
        >>> p.status, p.field, p.expected
        (422, 'amount', 'an integer >= 1')
    """
    if isinstance(exc, CalendarCoverageError):
        expected = f"a date in {exc.start.isoformat()}..{exc.end.isoformat()}"
        return problem(
            "calendar-coverage",
            "Date outside the calendar's coverage",
            422,
            str(exc),
            field=field_prefix + exc.field,
            value=exc.value,
            expected=expected,
        )
    if isinstance(exc, InvalidValueError):
        return problem(
            "invalid-value",
            "Invalid value",
            422,
            str(exc),
            field=field_prefix + exc.field,
            value=exc.value,
            expected=exc.expected,
        )
    if isinstance(exc, SeparationError):
        return problem(
            "separation-of-duties",
            "Separation of duties",
            403,
            str(exc),
            field="act",
            value=exc.action,
            expected="an act by someone the separation-of-duties rules allow",
            rules=list(exc.rules),
        )
    if isinstance(exc, TransitionError):
        return problem(
            "transition",
            "Act not allowed in the case's state",
            409,
            str(exc),
            field="act",
            value=exc.action,
            expected=f"an act allowed in state {exc.state}: {exc.allowed}",
        )
    if isinstance(exc, TraceIntegrityError):
        return problem(
            "trace-integrity",
            "Stored trace does not verify",
            409,
            str(exc),
            expected="a trace whose hash chain verifies",
        )
    if isinstance(exc, CatalogError):
        return problem("catalog", "Catalogue problem", 422, str(exc))
    kind = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower().removesuffix("-error")
    status = 422 if isinstance(exc, ValueError) else 409
    return problem(kind, type(exc).__name__, status, str(exc))
