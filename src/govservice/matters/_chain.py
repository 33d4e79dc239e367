"""The small shared core of records kept on their own hash chain (feedback, inquiries).

A record is a frozen value rebuilt from its `Trace`: a live act builds an event payload
(``action``, ``at``, ``by``, ``data``) and runs the same ``apply`` function that replay runs, so
replay re-checks everything a live act checks. The first event binds the record's id and schema
into the chain. Times are aware datetimes, never earlier than the event before; days are
counted in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from govservice._errors import InvalidValueError, TraceIntegrityError, TransitionError
from govservice._trace import Trace, TraceEvent, trace_from_json

__all__ = ["SHANGHAI", "aware", "iso", "local_date", "parse_at", "replay", "text"]

#: The time zone days are counted in (the glossary).
SHANGHAI = ZoneInfo("Asia/Shanghai")

R = TypeVar("R")


def aware(field: str, at: object, after: dt.datetime | None = None) -> dt.datetime:
    """``at`` checked: an aware datetime, not before ``after``."""
    if not isinstance(at, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError(field, at, "an aware datetime (with a time zone)")
    if after is not None and at < after:
        raise InvalidValueError(field, at.isoformat(), f"not before {after.isoformat()}")
    return at


def iso(at: dt.datetime) -> str:
    """The instant as UTC ISO text, as the chain stores it."""
    return at.astimezone(dt.UTC).isoformat()


def parse_at(value: object) -> dt.datetime:
    """An instant read back from a payload."""
    if not isinstance(value, str):
        raise InvalidValueError("at", value, "an ISO instant")
    try:
        return aware("at", dt.datetime.fromisoformat(value))
    except ValueError:
        raise InvalidValueError("at", value, "an ISO instant") from None


def local_date(at: dt.datetime) -> dt.date:
    """The calendar date of ``at`` in Asia/Shanghai."""
    return at.astimezone(SHANGHAI).date()


def text(field: str, value: object, *, required: bool = True) -> str:
    """``value`` checked as text (non-blank when ``required``)."""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidValueError(field, value, "a non-empty string" if required else "a string")
    return value


def replay(
    text_: str,
    schema: str,
    first: Callable[[Mapping[str, Any], Trace], R],
    apply: Callable[[R, Mapping[str, Any], Trace], R],
    *,
    what: str,
) -> R:
    """Rebuild a record from `trace_to_json` text, checking every event as a live act would.

    ``first`` builds the record from the first event's payload; ``apply`` applies each later
    payload. A check that fails on replay is reported as `TraceIntegrityError` naming the event.
    """
    trace = trace_from_json(text_, schema, what=what)
    events: tuple[TraceEvent, ...] = trace.events
    try:
        payload = events[0].payload
        if payload.get("schema") != schema:
            raise InvalidValueError("schema", payload.get("schema"), repr(schema))
        record = first(payload, Trace(events[:1]))
    except (InvalidValueError, TransitionError, KeyError, TypeError) as exc:
        raise TraceIntegrityError(0, f"not a valid first event: {exc}") from None
    for i in range(1, len(events)):
        try:
            record = apply(record, events[i].payload, Trace(events[: i + 1]))
        except (InvalidValueError, TransitionError, KeyError, TypeError) as exc:
            raise TraceIntegrityError(i, f"not a valid act: {exc}") from None
    return record
