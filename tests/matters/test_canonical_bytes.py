"""The canonical bytes of a trace stay the standard library's, now that orjson writes them.

`canonical` writes with orjson and falls back to the standard library where orjson cannot
write a value (an integer beyond 64 bits); replay checks stored payloads by comparing orjson's
bytes and falls back to the old check otherwise. These properties pin both to
``json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
"""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import enum
import json
import re
import types
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError, TraceIntegrityError
from govservice._trace import _plain, stdlib_canonical
from govservice.calendar import china
from govservice.matters import Case, Trace, canonical, sample_catalog
from govservice.matters._case import _canonical_decode, _instant


def stdlib(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# Text with control characters, quotes, backslashes, DEL, U+2028/U+2029 and non-BMP characters.
TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(['"', "\\", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\U0001f600"]),
    )
)
INTS = st.one_of(
    st.integers(),
    st.integers(-(2**63), 2**64 - 1),
    st.sampled_from([2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**40]),
)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=20,
)


@given(VALUES)
def test_canonical_is_the_standard_librarys_bytes(value: Any) -> None:
    assert canonical({"v": value}) == stdlib({"v": value})


@given(st.dictionaries(TEXT, VALUES, max_size=6))
def test_canonical_sorts_keys_as_the_standard_library(value: dict[str, Any]) -> None:
    assert canonical(value) == stdlib(value)


def checked_walk(payload: Any) -> str:
    """`canonical` the long way: every value converted and checked by `_plain` first."""
    plain = _plain(payload, "data")
    try:
        return orjson.dumps(plain, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:
        return stdlib_canonical(plain)


class Kind(enum.StrEnum):
    A = "a"


# Values `canonical` converts or refuses: floats, surrogates, tuples, Decimals, enums, dates,
# keys that are not text, mappings that are not dicts, subclasses of str and dict.
ODD = st.one_of(
    st.floats(allow_nan=False),
    st.sampled_from(["\ud800", "x\udfff", Kind.A, 2**64, -(2**63) - 1, True]),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
)
ANY_VALUES = st.recursive(
    st.one_of(SCALARS, ODD),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.one_of(TEXT, st.integers(), st.just(Kind.A)), inner, max_size=3),
        st.dictionaries(TEXT, inner, max_size=3).map(types.MappingProxyType),
        st.dictionaries(TEXT, inner, max_size=3).map(collections.OrderedDict),
    ),
    max_leaves=12,
)


def _outcome(write: Any, value: Any) -> tuple[str, str]:
    try:
        return "text", write(value)
    except InvalidValueError as exc:
        return "refused", str(exc)


@given(st.dictionaries(TEXT, ANY_VALUES, max_size=4))
def test_the_fast_path_writes_or_refuses_exactly_as_the_checked_walk(value: Any) -> None:
    assert _outcome(canonical, value) == _outcome(checked_walk, value)


@given(VALUES)
def test_orjson_writes_the_same_bytes_wherever_it_can(value: Any) -> None:
    try:
        written = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # only integers beyond 64 bits: canonical falls back
        assert any(_beyond_64_bits(i) for i in _ints(value))
        return
    assert written == stdlib(value).encode("utf-8")


@given(VALUES)
def test_a_canonical_payload_is_read_back_fast_unless_it_holds_a_big_integer(value: Any) -> None:
    text = stdlib({"v": value})
    decoded = _canonical_decode(text)
    if decoded is not None:
        assert decoded == {"v": value}
    else:  # only an integer orjson reads as a float takes the old path
        assert any(_beyond_64_bits(i) for i in _ints(value))


@given(VALUES, st.sampled_from([" ", "\n"]))
def test_a_non_canonical_payload_never_passes_the_fast_check(value: Any, space: str) -> None:
    loose = json.dumps({"v": value, "w": 1}, ensure_ascii=False).replace(",", "," + space)
    assert _canonical_decode(loose) is None
    assert _canonical_decode(stdlib({"w": 1, "v": value})[::-1]) is None


def _beyond_64_bits(i: int) -> bool:
    return not -(2**63) <= i <= 2**64 - 1


def _ints(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [i for v in value.values() for i in _ints(v)]
    if isinstance(value, list):
        return [i for v in value for i in _ints(v)]
    return []


@pytest.mark.parametrize(
    "text",
    [
        '{"v":1.5}',
        '{"v":1e+16}',
        '{"v":1e-7}',
        '{"v":-0.0}',
        '{"v":[{"w":2.0}]}',
        '{"v":"1.5","w":0.5}',
    ],
)
def test_a_float_is_never_accepted_by_the_fast_check(text: str) -> None:
    assert _canonical_decode(text) is None


@pytest.mark.parametrize(
    "value",
    [{"amount": 1.5}, {"a": [float("nan")]}, {"a": {"b": float("inf")}}],
)
def test_canonical_refuses_floats_as_before(value: dict[str, Any]) -> None:
    with pytest.raises(InvalidValueError, match="no float"):
        canonical(value)


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", {"\ud800": 1}])
def test_canonical_refuses_lone_surrogates_as_before(value: Any) -> None:
    with pytest.raises(InvalidValueError, match="surrogate"):
        canonical({"v": value})


def test_big_integers_and_decimals_keep_their_bytes() -> None:
    payload = {"big": 2**70, "neg": -(2**64), "d": decimal.Decimal("1.50"), "t": ("x", 1)}
    assert canonical(payload) == (
        '{"big":1180591620717411303424,"d":"1.50","neg":-18446744073709551616,"t":["x",1]}'
    )
    trace = Trace().append(payload)
    trace.verify()
    assert trace.events[0].payload["big"] == 2**70


def test_a_trace_written_by_the_standard_library_still_loads_and_verifies() -> None:
    sh = dt.timezone(dt.timedelta(hours=8))
    case = Case.submit(
        sample_catalog().matters[0], case_id="C-1", applicant="张三\u2028\x7f",
        at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=china(),
    )  # fmt: skip
    case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口\x1f")
    document = json.loads(case.to_json())
    for event in document["events"]:  # every payload as the standard library writes it
        payload = event["body"].split("\n", 3)[3]
        assert stdlib(json.loads(payload)) == payload
    old = json.dumps(document, ensure_ascii=False)
    assert Case.from_json(old, calendar=china()) == case


STAMPS = st.one_of(
    st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0).isoformat()),
    st.datetimes().map(lambda d: d.isoformat(sep=" ") + "+00:00"),
    st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8)))).map(str),
    st.datetimes().map(lambda d: d.strftime("%Y%m%dT%H%M%S") + "+0000"),
    st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat() + "+00:00:00"),
    st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat() + "-00:00"),
    st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat() + "Z"),
    st.text(max_size=30),
)


@given(STAMPS)
def test_the_stamp_shape_check_agrees_with_writing_the_instant_back(stamp: str) -> None:
    try:
        at = dt.datetime.fromisoformat(stamp)
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            _instant(stamp)
        return
    canonical_form = at.utcoffset() == dt.timedelta(0) and at.isoformat() == stamp
    if canonical_form:
        assert _instant(stamp) == at
    else:
        with pytest.raises(InvalidValueError, match="UTC ISO form"):
            _instant(stamp)


def _reviewed(case_id: str) -> Case:
    """A case submitted, accepted and reviewed (three events)."""
    sh = dt.timezone(dt.timedelta(hours=8))
    case = Case.submit(
        sample_catalog().matters[0], case_id=case_id, applicant="李四",
        at=dt.datetime(2025, 3, 3, 9, tzinfo=sh), calendar=china(),
    )  # fmt: skip
    case = case.accept(at=dt.datetime(2025, 3, 3, 10, tzinfo=sh), by="窗口")
    return case.review(at=dt.datetime(2025, 3, 4, 10, tzinfo=sh), by="审核", opinion="同意")


def test_a_float_forged_into_a_rehashed_trace_is_refused_as_before() -> None:
    case = _reviewed("C-2")
    document = json.loads(case.to_json())
    events = [json.loads(e["body"].split("\n", 3)[3]) for e in document["events"]]
    events[2]["data"]["opinion"] = 1.5
    text = json.dumps(_rechained(events, document["case_id"]), ensure_ascii=False)
    with pytest.raises(TraceIntegrityError, match="no float"):
        Case.from_json(text, calendar=china())


def _rechained(payloads: list[dict[str, Any]], case_id: str) -> dict[str, Any]:
    return _rechained_texts([stdlib(p) for p in payloads], case_id)


def _rechained_texts(texts: list[str], case_id: str) -> dict[str, Any]:
    """A case document of these payload texts, every hash recomputed (a forger's trace)."""
    import hashlib

    from govservice._trace import genesis

    prev, events = genesis("govservice.case/2", case_id), []
    for seq, text in enumerate(texts):
        body = f"1\n{seq}\n{prev}\n{text}"
        prev = hashlib.sha256(body.encode()).hexdigest()
        events.append({"body": body, "hash": prev})
    return {"schema": "govservice.case/2", "case_id": case_id, "head": prev, "events": events}


@pytest.mark.parametrize("k", [0, 1, 2])
def test_a_payload_with_a_key_twice_is_refused_even_rechained(k: int) -> None:
    """The last event's instant is read from the canonical text by position (`event_at`): a
    payload with ``at`` twice (JSON keeps the last) must never load."""
    case = _reviewed("C-3")
    texts = [e.body.split("\n", 3)[3] for e in case.trace]
    texts[k] = texts[k].replace('"at":', '"at":"2000-01-01T00:00:00+00:00","at":', 1)
    assert json.loads(texts[k]) == case.trace.events[k].payload  # the same value, other text
    with pytest.raises(TraceIntegrityError) as info:
        Case.from_json(json.dumps(_rechained_texts(texts, "C-3")), calendar=china())
    assert info.value.sequence == k
