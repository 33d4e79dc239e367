r"""The tamper-evident trace of a case: an append-only hash chain (流程固化、痕迹留存).

Process fixed and traces kept, as the Fuyang report puts it.

Each event is stored as its exact canonical bytes (the ``body``) and the SHA-256 of them. A body
is ``"<scheme>\n<seq>\n<previous hash>\n<canonical JSON payload>"``: the envelope ties each event
to the one before it, and the payload is JSON with sorted keys, no spaces, no floats and no NaN.
Verifying hashes the stored bytes and checks the envelope, so it runs close to raw hashlib.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import orjson

from govservice._errors import GovServiceError, InvalidValueError, TraceIntegrityError
from govservice._files import _has_surrogate

__all__ = [
    "GENESIS",
    "SCHEME",
    "Trace",
    "TraceEvent",
    "canonical",
    "genesis",
    "trace_from_document",
    "trace_from_json",
    "trace_to_json",
]

T = TypeVar("T")

#: The scheme version written into every event's envelope.
SCHEME = 1
#: The "previous hash" of the first event.
GENESIS = "0" * 64


def _plain(value: Any, path: Any) -> Any:
    """``value`` as JSON data for a trace; ``path`` names it in an error (see `_path`).

    ``path`` is a text, or a pair (the container's path, a step) that is written out only
    when an error names it: most payloads hold no error, and building every step's name
    cost more than checking the values.
    """
    if isinstance(value, str):
        if not value.isascii() and _has_surrogate(value):  # cannot be written as UTF-8
            raise InvalidValueError(
                _path(path), value, "text without lone surrogates (valid Unicode)"
            )
        return value
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        raise InvalidValueError(
            _path(path), value, "no float in a trace (write numbers as strings)"
        )
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {
            _plain(str(k), (path, " key")): _plain(v, (path, f".{k}")) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v, (path, i)) for i, v in enumerate(value)]
    raise InvalidValueError(_path(path), value, "JSON data (strings, integers, lists, objects)")


def _path(path: Any) -> str:
    """The text of a `_plain` path: ``data.matter.name``, ``data.missing[2]``, ``data key``."""
    steps: list[str] = []
    while isinstance(path, tuple):
        path, step = path
        steps.append(f"[{step}]" if isinstance(step, int) else step)
    return str(path) + "".join(reversed(steps))


def canonical(payload: Mapping[str, Any]) -> str:
    """Canonical JSON of ``payload``: sorted keys, no spaces, UTF-8 text, no floats.

    Examples:
        >>> canonical({"b": 1, "a": ["x", None]})
        '{"a":["x",null],"b":1}'
    """
    if _simple(payload):  # already plain JSON data: orjson writes it, or refuses it
        try:
            return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate, an integer beyond 64 bits: below
            pass
    plain = _plain(payload, "data")
    try:
        return orjson.dumps(plain, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:
        return stdlib_canonical(plain)


def _simple(value: Any) -> bool:
    """Whether ``value`` is made only of dict (text keys), list, tuple, str, int, bool, None.

    Exactly these types (no subclass, no float): `_plain` would give the same JSON for it,
    so orjson may write it as it is. Anything else (a float, a date, a Decimal, an enum, a
    mapping that is not a dict) takes `_plain`, which converts it or names what is wrong.
    """
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            extend(item.values())
        elif kind is list or kind is tuple:
            extend(item)
        else:
            return False
    return True


def stdlib_canonical(value: Any) -> str:
    """The canonical text as the standard library writes it: what `canonical` must equal.

    orjson writes the same bytes (sorted keys, compact, UTF-8, the same escapes) for every
    value it can write; an integer beyond 64 bits, or nesting deeper than orjson allows, is
    written here instead, so every trace keeps the bytes it always had.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def genesis(schema: str, case_id: str) -> str:
    """The "previous hash" of a case's first event: binds the schema and the case id into it.

    A trace moved to another case id, or read as another kind of case, no longer verifies.

    Examples:
        >>> genesis("govservice.case/2", "C-1") != genesis("govservice.case/2", "C-2")
        True
    """
    return _digest(f"{schema}\n{case_id}")


# The payload's first keys in canonical JSON (sorted): action, at, by; read without parsing
# the rest (a submission carries the whole matter).
_HEAD = re.compile(r'\{"action":"(?:[^"\\]|\\.)*","at":"([^"\\]*)","by":"')


def event_at(body: str) -> Any:
    """The ``at`` of an event's payload (None if it has none), read without parsing it all.

    A canonical payload starts ``{"action":"...","at":"...",``: keys sorted, and a quote
    inside the action is escaped, so the action ends at the first ``","``. Any other body is
    parsed whole. For the traces of cases, whose payloads are canonical (a submission's
    holds the whole matter, which is what this saves parsing).

    Examples:
        >>> t = Trace().append({"action": "submit", "at": "2025-03-03T01:00:00+00:00", "by": "a"})
        >>> event_at(t.events[0].body)
        '2025-03-03T01:00:00+00:00'
    """
    start = body.find("\n", body.find("\n", body.find("\n") + 1) + 1) + 1
    if body.startswith('{"action":"', start):
        end = body.find('","', start + 11)
        if body.startswith('","at":"', end):
            stop = body.find('"', end + 8)
            at = body[end + 8 : stop]
            if stop > 0 and "\\" not in at:
                return at
    match = _HEAD.match(body, start)
    if match is not None:
        return match.group(1)
    return TraceEvent(body, "").payload.get("at")


@attrs.frozen
class TraceEvent:
    """One event of a trace: its exact bytes and their hash.

    Args:
        body: The envelope and canonical payload, exactly as hashed.
        hash: SHA-256 of ``body`` (hex).

    Examples:
        >>> t = Trace().append({"action": "submit", "at": "2025-03-03T01:00:00+00:00", "by": "a"})
        >>> t.events[0].seq, t.events[0].action, t.events[0].prev == GENESIS
        (0, 'submit', True)
    """

    body: str
    hash: str

    def _parts(self) -> tuple[str, str, str, str]:
        scheme, seq, prev, payload = self.body.split("\n", 3)
        return scheme, seq, prev, payload

    @property
    def seq(self) -> int:
        """The position in the trace, from 0."""
        return int(self._parts()[1])

    @property
    def prev(self) -> str:
        """The hash of the event before (``GENESIS`` for the first)."""
        return self._parts()[2]

    @property
    def payload(self) -> dict[str, Any]:
        """The event's content (action, at, by, data)."""
        result: dict[str, Any] = json.loads(self._parts()[3])
        return result

    @property
    def action(self) -> str:
        """The action recorded."""
        return str(self.payload["action"])


def _events(value: Iterable[TraceEvent]) -> tuple[TraceEvent, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError("events", value, "a sequence of TraceEvent values")
    events = tuple(value)
    for i, event in enumerate(events):
        if not isinstance(event, TraceEvent):
            raise InvalidValueError(f"events[{i}]", event, "a TraceEvent")
    return events


@attrs.frozen
class Trace:
    """An append-only hash chain of events.

    ``append`` returns a new trace; nothing edits an event. ``verify`` raises
    `TraceIntegrityError` for the first event whose bytes, hash, order or link is wrong;
    ``head`` is the latest hash, to hand out on a receipt so a truncated trace is detected too.

    Examples:
        >>> t = Trace().append({"action": "submit"}).append({"action": "accept"})
        >>> len(t), t.verify() is None
        (2, True)
        >>> forged = Trace((t.events[0], TraceEvent(t.events[1].body.replace("accept", "deny"),
        ...                                          t.events[1].hash)))
        >>> forged.verify()
        Traceback (most recent call last):
        ...
        govservice.TraceIntegrityError: trace event 1: hash does not match the event's bytes
    """

    events: tuple[TraceEvent, ...] = attrs.field(default=(), converter=_events)
    genesis: str = attrs.field(default=GENESIS, repr=False)

    @classmethod
    def start(cls, schema: str, case_id: str) -> Trace:
        """An empty trace whose first event will bind ``schema`` and ``case_id`` (`genesis`).

        Examples:
            >>> t = Trace.start("demo/1", "C-1").append({"action": "submit"})
            >>> t.events[0].prev == genesis("demo/1", "C-1")
            True
        """
        return cls((), genesis(schema, case_id))

    @classmethod
    def _built(cls, events: tuple[TraceEvent, ...], genesis: str) -> Trace:
        """A trace of events this module has just made: no converter to check them again."""
        trace = object.__new__(cls)
        object.__setattr__(trace, "events", events)
        object.__setattr__(trace, "genesis", genesis)
        return trace

    @property
    def head(self) -> str:
        """The hash of the latest event (the genesis hash for an empty trace)."""
        return self.events[-1].hash if self.events else self.genesis

    def __len__(self) -> int:
        return len(self.events)

    def __repr__(self) -> str:
        return f"<Trace events={len(self.events)} head={self.head[:12]}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self.events)

    def append(self, payload: Mapping[str, Any]) -> Trace:
        """A new trace with one more event holding ``payload``."""
        body = f"{SCHEME}\n{len(self.events)}\n{self.head}\n{canonical(payload)}"
        return Trace._built((*self.events, TraceEvent(body, _digest(body))), self.genesis)

    def verify(self, *, expected_head: str | None = None) -> None:
        """Check every event; raise `TraceIntegrityError` naming the first bad one.

        Args:
            expected_head: A head handed out earlier (on a receipt); the trace must still
                contain it, so that a truncated trace is detected.
        """
        if expected_head is not None and not isinstance(expected_head, str):
            raise InvalidValueError("expected_head", expected_head, "a head (hex string) or None")
        # The hot loop does only what the chain needs: hash the stored bytes, compare, and check
        # the envelope (scheme, sequence, previous hash); the reason is worked out on failure.
        sha256 = hashlib.sha256
        prev = self.genesis
        scheme = f"{SCHEME}\n"
        for seq, (body, digest) in enumerate((e.body, e.hash) for e in self.events):
            try:
                ok = sha256(body.encode("utf-8")).hexdigest() == digest
            except AttributeError:
                raise TraceIntegrityError(seq, "event is not text") from None
            except UnicodeEncodeError:  # a lone surrogate (\ud800): no event's bytes hold one
                raise TraceIntegrityError(seq, "event is not UTF-8 text (a surrogate)") from None
            if not ok:
                raise TraceIntegrityError(seq, "hash does not match the event's bytes")
            if not body.startswith(f"{scheme}{seq}\n{prev}\n"):
                if not body.startswith(scheme):
                    raise TraceIntegrityError(seq, f"unknown scheme (expected {SCHEME})")
                if body.split("\n", 2)[1] != str(seq):
                    raise TraceIntegrityError(seq, "out of order: sequence number does not match")
                raise TraceIntegrityError(seq, "does not link to the hash of the event before")
            prev = digest
        if expected_head is not None and expected_head not in {e.hash for e in self.events}:
            raise TraceIntegrityError(
                len(self.events), f"expected head {expected_head[:12]}... is missing: truncated"
            )


def trace_to_json(trace: Trace, schema: str, case_id: str | None = None) -> str:
    """JSON text of a trace under a document ``schema``: its head and every event's bytes.

    With ``case_id`` the document names the case, and its first event must link to
    ``genesis(schema, case_id)``.

    Examples:
        >>> t = Trace.start("demo/1", "C-1").append({"action": "submit"})
        >>> trace_from_json(trace_to_json(t, "demo/1", "C-1"), "demo/1") == t
        True
    """
    events = [{"body": e.body, "hash": e.hash} for e in trace.events]
    document: dict[str, Any] = {"schema": schema}
    if case_id is not None:
        document["case_id"] = case_id
    document.update(head=trace.head, events=events)
    return json.dumps(document, ensure_ascii=False)


def trace_from_json(
    text: str, schema: str, *, expected_head: str | None = None, what: str = "a case"
) -> Trace:
    """The verified trace in `trace_to_json` text of ``schema``.

    Raises:
        InvalidValueError: The text is not JSON of ``schema`` with a list of events.
        TraceIntegrityError: An event was changed, reordered, cut or forged.
    """
    return read_document(
        text, what, lambda raw: trace_from_document(raw, schema, expected_head=expected_head)
    )


def read_document(text: object, what: str, build: Callable[[Any], T]) -> T:
    """``build`` applied to the JSON document in ``text``, read fast and refused as before.

    orjson reads a text document; if it cannot, or ``build`` refuses what it read, the standard
    library reads it again and ``build`` decides on that: a document is refused exactly as
    the standard library's reading refuses it, with the same error (orjson reads an integer
    beyond 64 bits as a float, for example, and refuses NaN or a lone surrogate).

    Raises:
        InvalidValueError: ``text`` is not JSON text (naming ``what`` was expected).
    """
    if type(text) is str:
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
        else:
            try:
                return build(raw)
            except GovServiceError:
                pass
    return build(loads_document(text, what))


def loads_document(text: object, what: str) -> Any:
    """The standard library's reading of a stored document; InvalidValueError if not JSON."""
    try:
        return json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError):
        raise InvalidValueError("text", str(text)[:40], f"JSON text of {what}") from None


_EVENT_KEYS = frozenset({"body", "hash"})


def trace_from_document(raw: object, schema: str, *, expected_head: str | None = None) -> Trace:
    """The verified trace in an already parsed `trace_to_json` document (see `trace_from_json`).

    Raises:
        InvalidValueError: Not a document of ``schema`` with a list of events.
        TraceIntegrityError: An event was changed, reordered, cut or forged.
    """
    if not isinstance(raw, dict) or raw.get("schema") != schema:
        got = raw.get("schema") if isinstance(raw, dict) else type(raw).__name__
        raise InvalidValueError("schema", got, repr(schema))
    items = raw.get("events")
    if not isinstance(items, list) or not items:
        raise InvalidValueError("events", items, "a non-empty list of events")
    start = GENESIS
    if "case_id" in raw:
        if not isinstance(raw["case_id"], str) or not raw["case_id"]:
            raise InvalidValueError("case_id", raw["case_id"], "the case id (a non-empty string)")
        try:
            start = genesis(schema, raw["case_id"])
        except UnicodeEncodeError:  # a lone surrogate (\ud800): no case id holds one
            raise InvalidValueError(
                "case_id", raw["case_id"], "the case id as UTF-8 text (no lone surrogate)"
            ) from None
    events = []
    keys = _EVENT_KEYS
    # The chain is checked while the events are read (the same checks as `Trace.verify`); on
    # any doubt, or with a head to find, `verify` runs and names the first bad event.
    sha256, prev, intact = hashlib.sha256, start, True
    for seq, item in enumerate(items):
        if not (isinstance(item, dict) and item.keys() == keys):
            raise TraceIntegrityError(seq, "event must hold exactly body and hash")
        body, digest = item["body"], item["hash"]
        if intact:
            try:
                intact = sha256(body.encode("utf-8")).hexdigest() == digest and body.startswith(
                    f"{SCHEME}\n{seq}\n{prev}\n"
                )
            except Exception:  # verify below says what is wrong
                intact = False
            prev = digest
        events.append(TraceEvent(body, digest))
    trace = Trace._built(tuple(events), start)
    if not intact or expected_head is not None:
        trace.verify(expected_head=expected_head)
    if raw.get("head") != trace.head:
        raise TraceIntegrityError(len(events) - 1, "head does not match the last event")
    return trace
