"""What the store keeps of a case: its events, and one current-state row worked out from it.

This module is the only place that reads a case. It reads the trace and public attributes only
(the contract between the lifecycle and the store), so a case type can change inside without
the store noticing. Everything else in the store works on rows and event bodies.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from govservice._errors import InvalidValueError
from govservice._handling import limit_working_days, parallel_facts, suspended_working_days
from govservice._lifecycle import UNIFIED_HANDLING_DAYS
from govservice._trace import event_at, genesis
from govservice.approval import ParallelCase
from govservice.calendar import WorkCalendar
from govservice.matters import Case, Trace, TraceEvent

__all__ = [
    "CASE_PREFIX",
    "COLUMNS",
    "PARALLEL_PREFIX",
    "RECORD_ROW",
    "AnyCase",
    "case_id_of_trace",
    "document",
    "event_day",
    "load_case",
    "state_row",
]

#: The document schemas of the two case types start so (then a version number).
CASE_PREFIX = "govservice.case/"
PARALLEL_PREFIX = "govservice.parallel_case/"

AnyCase = Case | ParallelCase

#: The state-row columns the store keeps per case, in table order (after case_id).
COLUMNS: tuple[str, ...] = (
    "doc",
    "head",
    "events",
    "kind",
    "state",
    "handling_system",
    "matter_code",
    "department",
    "window_name",
    "applicant_id",
    "level",
    "channel",
    "accepted_in",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "completed_at",
    "ended_at",
    "submitted_on",
    "decided_on",
    "ended_on",
    "outcome",
    "committed_due",
    "statutory_due",
    "delivery_due",
    "committed_working_days",
    "statutory_working_days",
    "suspended_working_days",
    "visits",
    "on_site",
    "provisional",
    "committed_timeliness",
    "statutory_timeliness",
    "delivery_timeliness",
    "deemed_acceptance",
    "extended_working_days",
    "delivered_at",
    "extra",
)

#: The columns of a case's row in ``case_records`` (after case_id): the two days the month
#: query selects on, and the record fields packed.
RECORD_ROW: tuple[str, ...] = ("submitted_on", "ended_on", "rec_text", "rec_num")

#: The record fields each case also keeps packed (``rec_text``, ``rec_num`` of its row in
#: ``case_records``), so that a month of records is read in a few long values instead of one
#: value per field: the case id and the free texts, each followed by ``\x1f`` (``\x1d`` for
#: a null), the rest as
#: little-endian 64-bit integers (instants in microseconds and dates in days since
#: 1970-01-01, ``-2**63`` for a null; the enum-valued texts as their fixed `PACKED_CODES`).
PACKED_TEXT: tuple[str, ...] = (
    "case_id", "applicant_id", "department", "window_name", "matter_code", "extra",
)  # fmt: skip
PACKED_NUMBERS: tuple[tuple[str, str], ...] = (
    ("submitted_at", "instant"), ("accepted_at", "instant"), ("decided_at", "instant"),
    ("completed_at", "instant"), ("ended_at", "instant"), ("delivered_at", "instant"),
    ("committed_due", "date"), ("statutory_due", "date"), ("delivery_due", "date"),
    ("committed_working_days", "int"), ("statutory_working_days", "int"),
    ("suspended_working_days", "int"), ("visits", "int"), ("extended_working_days", "int"),
    ("on_site", "bool"), ("deemed_acceptance", "bool"), ("provisional", "bool"),
    ("level", "code"), ("kind", "code"), ("channel", "code"), ("accepted_in", "code"),
    ("outcome", "code"), ("committed_timeliness", "code"), ("statutory_timeliness", "code"),
)  # fmt: skip
_TIMELINESS = ("early", "on_time", "late", "pending")
#: The fixed codes of the enum-valued record texts: a value's position plus one (0 for a
#: null). Append only: a stored code keeps its meaning. A value not listed here leaves the
#: case's record unpacked (`records` then reads columns).
PACKED_CODES: dict[str, tuple[str, ...]] = {
    "level": ("province", "city", "county", "township", "village"),
    "kind": ("immediate", "committed", "joint", "reported", "special", "returned", "supplementary"),
    "channel": ("online", "window"),
    "accepted_in": ("center", "department"),
    "outcome": ("approved", "denied", "withdrawn", "returned"),
    "committed_timeliness": _TIMELINESS,
    "statutory_timeliness": _TIMELINESS,
}
_CODES: dict[str, dict[str | None, int]] = {
    name: {None: 0, **{value: i for i, value in enumerate(values, 1)}}
    for name, values in PACKED_CODES.items()
}
_UNKNOWN = -1
_LEVEL_CODES, _KIND_CODES, _OUTCOME_CODES = _CODES["level"], _CODES["kind"], _CODES["outcome"]
_TIMELINESS_CODES = _CODES["committed_timeliness"]
assert _CODES["statutory_timeliness"] == _TIMELINESS_CODES
assert _CODES["channel"] == {None: 0, "online": 1, "window": 2}
_CENTER_CODE = _CODES["accepted_in"]["center"]
PACKED_SEP, PACKED_NULL, NULL_NUMBER = "\x1f", "\x1d", -(2**63)
_PACK = struct.Struct(f"<{len(PACKED_NUMBERS)}q")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_US = dt.timedelta(microseconds=1)
_TEXTS = len(PACKED_TEXT)


def _packed_text(texts: Sequence[str | None]) -> str | None:
    """The texts joined; None when one holds a separator byte (`records` then reads columns)."""
    nulls = texts.count(None)
    joined = PACKED_SEP.join([PACKED_NULL if t is None else t for t in texts]) + PACKED_SEP
    if joined.count(PACKED_SEP) != _TEXTS or joined.count(PACKED_NULL) != nulls:
        return None
    return joined


def _micros(value: dt.datetime | None) -> int:
    return NULL_NUMBER if value is None else (value - _EPOCH) // _US


def _days(value: dt.date | None) -> int:
    return NULL_NUMBER if value is None else value.toordinal() - _EPOCH_DAY


def _number(value: int | None) -> int:
    return NULL_NUMBER if value is None else int(value)


def _code(name: str, value: str | None) -> int:
    return _CODES[name].get(value, _UNKNOWN)


def _record(texts: list[str | None], numbers: Sequence[int]) -> tuple[str | None, bytes]:
    """``rec_text`` and ``rec_num``; no text when a text or a code cannot be packed."""
    text = _packed_text(texts)
    if _UNKNOWN in numbers[_FIRST_CODE:]:
        text = None
    return text, _PACK.pack(*numbers)


def packed(case_id: str, values: Sequence[Any]) -> tuple[str | None, bytes]:
    """``rec_text`` and ``rec_num`` of a case's state row given as its SQL values (`COLUMNS`).

    What `state_values` packs from the case itself, worked out again from the row's text
    (the migration that brought packed records fills them so).
    """
    numbers = []
    for i, name, kind in _NUMBER_AT:
        value = values[i]
        if kind == "code":
            numbers.append(_code(name, value))
        elif value is None:
            numbers.append(NULL_NUMBER)
        elif kind == "instant":
            numbers.append(_micros(dt.datetime.fromisoformat(value)))
        elif kind == "date":
            numbers.append(_days(dt.date.fromisoformat(value)))
        else:
            numbers.append(int(value))
    return _record([case_id, *(values[i] for i in _TEXT_AT)], numbers)


_TEXT_AT = tuple(COLUMNS.index(name) for name in PACKED_TEXT[1:])
_NUMBER_AT = tuple((COLUMNS.index(name), name, kind) for name, kind in PACKED_NUMBERS)
_FIRST_CODE = [kind for _name, kind in PACKED_NUMBERS].index("code")


def _zone(calendar: WorkCalendar) -> dt.tzinfo:
    return ZoneInfo(calendar.office_hours.timezone)


def _instant(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:  # replayed instants are UTC already
        value = value.astimezone(dt.UTC)
    return value.isoformat()


def _utc(value: dt.datetime | None) -> tuple[str | None, int]:
    """`_instant` and `_micros` of one instant, converted to UTC once."""
    if value is None:
        return None, NULL_NUMBER
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(), (value - _EPOCH) // _US


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def event_day(event: TraceEvent, zone: dt.tzinfo, cache: dict[Any, str] | None = None) -> str:
    """The local day (ISO) of an event's ``at``: the day its head was written.

    ``cache`` keeps the day of each (zone, minute) seen; every zone's offset is whole minutes.
    """
    at = str(event_at(event.body))
    key = (zone, at[:16], at[19:])
    if cache is not None:
        day = cache.get(key)
        if day is not None:
            return day
    day = dt.datetime.fromisoformat(at).astimezone(zone).date().isoformat()
    if cache is not None:
        if len(cache) > 100_000:
            cache.clear()
        cache[key] = day
    return day


_CASE_ID = re.compile(r'"case_id":"((?:[^"\\]|\\.)*)"')


def case_id_of_trace(trace: Trace) -> str:
    """The case id the first event of a trace records."""
    first = trace.events[0]
    match = _CASE_ID.search(first.body)
    if match is not None and "\\" not in match.group(1):
        return match.group(1)
    data = first.payload.get("data", {})
    return str(data.get("case_id", ""))


def document(
    schema: str, case_id: str, bodies: Sequence[tuple[str, str]], *, compact: bool = False
) -> str:
    """The ``to_json`` text of a stored trace: schema, case id, head and (body, hash) events.

    ``compact``: the same document as orjson writes it, to be read straight back by a replay
    (about a tenth of the standard library's time for a document of 4 kB of Chinese text);
    a text orjson cannot write (a lone surrogate a database was edited to hold) is written as
    the standard library writes it, and the replay refuses it as before.
    """
    events = [{"body": body, "hash": digest} for body, digest in bodies]
    head = bodies[-1][1] if bodies else ""
    doc = {"schema": schema, "case_id": case_id, "head": head, "events": events}
    if compact:
        try:
            return orjson.dumps(doc).decode()
        except orjson.JSONEncodeError:
            pass
    return json.dumps(doc, ensure_ascii=False)


def load_case(
    schema: str,
    text: str,
    *,
    calendar: WorkCalendar,
    expected_head: str | None = None,
    **recalendar: Any,
) -> AnyCase:
    """Replay a stored document with ``calendar``; the trace is verified on the way.

    The stored schema picks the loader, so the document is parsed once (by the loader).
    ``recalendar``: ``recalendar=True, by=..., at=...`` to record a calendar change on load.
    """
    if schema == getattr(Case, "SCHEMA", None) or schema.startswith(CASE_PREFIX):
        return Case.from_json(text, calendar=calendar, expected_head=expected_head, **recalendar)
    if schema == getattr(ParallelCase, "SCHEMA", None) or schema.startswith(PARALLEL_PREFIX):
        return ParallelCase.from_json(
            text, calendar=calendar, expected_head=expected_head, **recalendar
        )
    raise InvalidValueError("schema", schema, f"{CASE_PREFIX}N or {PARALLEL_PREFIX}N")


class _RepeatedKeyError(Exception):
    """A JSON object that gives a key twice (while parsing; becomes `InvalidValueError`)."""


class _ConstantError(Exception):
    """``NaN`` or ``Infinity``, which JSON does not have (becomes `InvalidValueError`)."""


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _RepeatedKeyError(key)
            seen.add(key)
    return found


def _no_constant(name: str) -> Any:
    raise _ConstantError(name)


def load_any(text: str, *, calendar: WorkCalendar) -> AnyCase:
    """A case of either type from its ``to_json`` text (dispatch on the schema).

    Stricter than a JSON reader need be, as text from outside: a key given twice in one
    object (readers differ on which one counts, so two programs could read two histories
    from one line), ``NaN`` or ``Infinity`` (not JSON), and text UTF-8 cannot hold (a lone
    surrogate such as U+D800) are refused; a ``to_json`` text never has them.

    Raises:
        InvalidValueError: The text is not the JSON text of a case.
        TraceIntegrityError: Its trace does not verify.
    """
    try:
        schema = json.loads(text, object_pairs_hook=_once_each, parse_constant=_no_constant)
        schema = schema.get("schema")
    except _RepeatedKeyError as exc:
        raise InvalidValueError(
            "key", exc.args[0], "given once in each JSON object (an export never repeats one)"
        ) from None
    except _ConstantError as exc:
        raise InvalidValueError("number", exc.args[0], "a JSON number (NaN is not)") from None
    except (TypeError, ValueError, AttributeError, RecursionError):
        raise InvalidValueError("text", str(text)[:40], "JSON text of a case") from None
    try:
        return load_case(str(schema), text, calendar=calendar)
    except UnicodeEncodeError:
        raise InvalidValueError(
            "text", str(text)[:40], "text UTF-8 can hold (a lone surrogate such as \\ud800 is not)"
        ) from None


_SCHEMA_PREFIX = re.compile(r'\{"schema": "([^"\\]+)"')


def schema_of(case: object) -> str:
    """The document schema of a case value (what its ``to_json`` names); refuses anything else."""
    if not isinstance(case, Case | ParallelCase):
        raise InvalidValueError("case", type(case).__name__, "a Case or a ParallelCase")
    kind = type(case)
    known = _SCHEMAS.get(kind)
    if known is not None:
        return known
    declared = getattr(kind, "SCHEMA", None)
    if isinstance(declared, str):
        schema = declared
    else:  # a class writes one schema: read it once from a document
        text = case.to_json()
        match = _SCHEMA_PREFIX.match(text)
        schema = str(match.group(1) if match else json.loads(text).get("schema"))
    _SCHEMAS[kind] = schema
    return schema


_SCHEMAS: dict[type, str] = {}


def bound_to(trace: Trace, schema: str, case_id: str) -> bool:
    """Whether a trace belongs to ``case_id``: its genesis binds it, or its first event names it."""
    found = getattr(trace, "genesis", None)
    if found is not None:  # what ``Trace.start(schema, case_id)`` starts from, without a Trace
        return bool(found == genesis(schema, case_id))
    return case_id_of_trace(trace) == case_id


def _value(member: object) -> str | None:
    if member is None:
        return None
    plain = getattr(member, "_value_", None)  # an enum member's value, without the descriptor
    return str(getattr(member, "value", member) if plain is None else plain)


def state_row(
    case: AnyCase, calendar: WorkCalendar, cache: dict[Any, Any] | None = None, *, schema: str
) -> dict[str, Any]:
    """The current-state row of ``case`` (column -> SQL value), from public attributes only.

    ``cache`` keeps limits already worked out on ``calendar``; ``schema`` is the case's
    document schema (`schema_of`).
    """
    values, _record = state_values(case, calendar, cache, schema=schema)
    return dict(zip(COLUMNS, values, strict=True))


def state_values(
    case: AnyCase,
    calendar: WorkCalendar,
    cache: dict[Any, Any] | None = None,
    *,
    schema: str,
    zone: dt.tzinfo | None = None,
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The values of `state_row`: the state row in `COLUMNS` order, and the `RECORD_ROW`.

    The record's numbers are packed from the case's own instants and dates (what the store
    writes).
    """
    zone = _zone(calendar) if zone is None else zone
    if isinstance(case, Case):
        return _case_values(case, calendar, zone, {} if cache is None else cache, schema)
    row = _parallel_row(case, calendar)
    numbers = [
        _micros(row[name])
        if kind == "instant"
        else _days(row[name])
        if kind == "date"
        else _code(name, row[name])
        if kind == "code"
        else _number(row[name])
        for name, kind in PACKED_NUMBERS
    ]
    row["doc"] = schema
    row["head"] = case.trace.head
    row["events"] = len(case.trace)
    row["submitted_on"] = _local_day(row["submitted_at"], zone)
    row["decided_on"] = _local_day(row["decided_at"], zone)
    row["ended_on"] = _local_day(row["ended_at"], zone)
    for name in (
        "submitted_at", "accepted_at", "decided_at", "completed_at", "ended_at", "delivered_at"
    ):  # fmt: skip
        row[name] = _instant(row[name])
    for name in ("committed_due", "statutory_due", "delivery_due"):
        row[name] = _day(row[name])
    for name in ("on_site", "provisional"):
        row[name] = int(bool(row[name]))
    authorized = getattr(getattr(case, "matter", None), "window_authorized", None)
    row["extra"] = _extra_text(
        authorized,
        getattr(case, "urgent", None),
        getattr(case, "green_channel", None),
        *_feedback_marks(case),
    )
    record = (
        row["submitted_on"],
        row["ended_on"],
        *_record([case.case_id, *(row[n] for n in PACKED_TEXT[1:])], numbers),
    )
    return tuple(row[name] for name in COLUMNS), record


def _local_day(value: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    return None if value is None else value.astimezone(zone).date().isoformat()


def _feedback_marks(case: Any) -> tuple[int | None, bool | None]:
    """The latest rating and whether there was a complaint (好差评: events of the case)."""
    feedback = getattr(case, "feedback", None)
    if feedback is None or not (feedback.reviews or feedback.complaints):
        return None, None
    return feedback.grade, bool(feedback.complaints)


_EXTRA: dict[tuple[Any, ...], str | None] = {}


def _extra_text(
    authorized: Any,
    urgent: Any,
    green_channel: Any,
    rating: Any,
    complaint: Any,
    notice_on: dt.date | None = None,
) -> str | None:
    """The ``extra`` column: window authorization, the case's marks, feedback and notice.

    The catalogue's window authorization, the urgent and green-channel marks, the latest
    rating and whether there was a complaint, and the day of the one-time notice of missing
    materials (``supplement_notice_on``, art. 32(4)).
    """
    key = (authorized, urgent, green_channel, rating, complaint, notice_on)
    if key in _EXTRA:
        return _EXTRA[key]
    extra: dict[str, object] = {}
    if authorized is not None:  # a catalogue fact the records carry
        extra["window_authorized"] = bool(authorized)
    if urgent is not None:  # marks raised in monitoring order
        extra["urgent"] = bool(urgent)
    if green_channel is not None:
        extra["green_channel"] = bool(green_channel)
    if rating is not None or complaint is not None:
        extra.update(rating=rating, complaint=complaint)
    if notice_on is not None:
        extra["supplement_notice_on"] = notice_on.isoformat()
    text = json.dumps(extra, sort_keys=True, ensure_ascii=False) if extra else None
    if len(_EXTRA) < 512:  # the combinations of the marks fit; notice days fill the rest
        _EXTRA[key] = text
    return text


_DAY = dt.timedelta(days=1)


def _case_values(
    case: Case, calendar: WorkCalendar, zone: dt.tzinfo, cache: dict[Any, Any], schema: str
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The state row and the record row of a case, straight from the values the case knows."""
    online = case.submitted_by == case.applicant
    state = case.state._value_
    sealed = state in ("completed", "withdrawn")
    outcome = case.outcome if sealed else None
    completed = case.completed_at if state == "completed" else None
    matter = case.matter
    kind = case.kind._value_
    accepted = case.accepted_at
    committed = statutory = None
    suspended = 0
    on_site = False
    if accepted is not None:
        accepted_on = accepted.astimezone(zone).date()
        committed = limit_working_days(case.committed_limit, accepted_on, calendar, cache)
        statutory = limit_working_days(matter.statutory_limit, accepted_on, calendar, cache)
        if case.suspensions:  # counted from the day after acceptance (Civil Code art. 201)
            suspended = suspended_working_days(case.suspensions, accepted_on, calendar)
        on_site = (
            not online
            and kind == "immediate"
            and completed is not None
            and outcome in ("approved", "denied")
            and completed.astimezone(zone).date() == accepted_on
            # 当日办结: no later than the close of business (the glossary; Civil Code art. 203)
            and completed.astimezone(zone).time() <= calendar.office_hours.closing
        )
    timeliness = case.timeliness
    submitted, decided, ended = case.submitted_at, case.decided_at, case.ended_at
    delivered = case.delivered_at
    due, statutory_due, delivery_due = (
        case.due_date,
        case.statutory_due_date,
        case.delivery_due_date,
    )
    provisional = int(bool(case.provisional))
    deemed = int(bool(case.deemed_acceptance))
    extended = int(case.extended_working_days)
    visits = 0 if online else 1
    applicant, window, department = case.applicant, case.window, matter.department
    level, code = matter.level._value_, matter.code
    channel = "online" if online else "window"
    committed_timeliness = timeliness.committed._value_
    statutory_timeliness = timeliness.statutory._value_
    extra = _extra_text(
        getattr(matter, "window_authorized", None),
        case.urgent,
        case.green_channel,
        *_feedback_marks(case),
        case.supplement_notice_on,
    )
    submitted_on, ended_on = _local_day(submitted, zone), _local_day(ended, zone)
    trace = case.trace
    submitted_iso, submitted_us = _utc(submitted)
    accepted_iso, accepted_us = _utc(accepted)
    decided_iso, decided_us = _utc(decided)
    ended_iso, ended_us = _utc(ended)
    completed_iso, completed_us = (ended_iso, ended_us) if completed is ended else _utc(completed)
    delivered_iso, delivered_us = _utc(delivered)
    values = (
        schema,
        trace.head,
        len(trace.events),
        kind,
        state,
        _value(case.handling_system),
        code,
        department,
        window,
        applicant,
        level,
        channel,
        "center",
        submitted_iso,
        accepted_iso,
        decided_iso,
        completed_iso,
        ended_iso,
        submitted_on,
        _local_day(decided, zone),
        ended_on,
        outcome,
        _day(due),
        _day(statutory_due),
        _day(delivery_due),
        committed,
        statutory,
        suspended,
        visits,
        int(on_site),
        provisional,
        committed_timeliness,
        statutory_timeliness,
        timeliness.delivery._value_,
        deemed,
        extended,
        delivered_iso,
        extra,
    )
    # the packed record, from the same values (in `PACKED_TEXT` and `PACKED_NUMBERS` order)
    text, numbers = _record(
        [case.case_id, applicant, department, window, code, extra],
        (
            submitted_us, accepted_us, decided_us, completed_us, ended_us, delivered_us,
            _days(due), _days(statutory_due), _days(delivery_due), _number(committed),
            _number(statutory), suspended, visits, extended, int(on_site), deemed, provisional,
            _LEVEL_CODES.get(level, _UNKNOWN), _KIND_CODES.get(kind, _UNKNOWN),
            1 if online else 2, _CENTER_CODE, _OUTCOME_CODES.get(outcome, _UNKNOWN),
            _TIMELINESS_CODES.get(committed_timeliness, _UNKNOWN),
            _TIMELINESS_CODES.get(statutory_timeliness, _UNKNOWN),
        ),
    )  # fmt: skip
    return values, (submitted_on, ended_on, text, numbers)


def _parallel_row(case: ParallelCase, calendar: WorkCalendar) -> dict[str, Any]:
    """The row of a parallel case, from the values the case itself gives (as a case's row).

    The statutory due date is the bound of art. 42 para. 2 (45 working days and the head of
    government's extensions, art. 45 suspensions excluded), not the plan's overall limit;
    the timeliness is the case's own (measured at the due instants), delivery included
    (art. 44). While the clocks are stopped there is no running due date: the committed one
    is None, and the statutory one too under an art. 45 reason (a local rule never stops
    it), so a suspended case is not listed as overdue.
    """
    facts = parallel_facts(case, calendar)
    first = case.plan[case.plan.order[0]] if case.plan.order else None
    matter_code = str(getattr(case, "matter_code", "") or getattr(first, "id", "") or "")
    department = str(getattr(case, "department", "") or case.plan.lead)
    timeliness = case.timeliness
    return {
        "kind": _value(getattr(case, "kind", None)) or "joint",
        "state": case.state._value_,
        "handling_system": _value(getattr(case, "handling_system", None)),
        "matter_code": matter_code,
        "department": department,
        "window_name": getattr(case, "window", None),
        "applicant_id": str(getattr(case, "applicant", "") or ""),
        "level": str(_value(getattr(case, "level", None)) or "county"),
        "channel": "window",
        "accepted_in": "center",
        "submitted_at": case.opened_at,
        "accepted_at": case.opened_at,
        "decided_at": case.decided_at,
        "completed_at": case.completed_at,
        "ended_at": case.ended_at,
        "outcome": facts.outcome,
        "committed_due": facts.committed_due,
        "statutory_due": facts.statutory_due,
        "delivery_due": case.delivery_due_date,
        "committed_working_days": facts.committed_working_days,
        "statutory_working_days": UNIFIED_HANDLING_DAYS,
        "suspended_working_days": facts.suspended_working_days,
        "visits": 1,
        "on_site": False,
        "provisional": bool(case.provisional),
        "committed_timeliness": timeliness.committed._value_,
        "statutory_timeliness": timeliness.statutory._value_,
        "delivery_timeliness": timeliness.delivery._value_,
        "deemed_acceptance": 0,
        "extended_working_days": facts.extended_working_days,
        "delivered_at": case.delivered_at,
        "extra_columns": {},
    }


def row_differences(stored: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """The columns where a stored row differs from the row worked out again from its trace.

    Every column ``fresh`` names, in its order.
    """
    return [name for name in fresh if stored.get(name) != fresh[name]]
