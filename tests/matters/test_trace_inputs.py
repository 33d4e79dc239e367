"""Bad input to traces and replay is a typed error naming the field, never a raw exception."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from govservice import InvalidValueError, TraceIntegrityError
from govservice.calendar import china
from govservice.matters import Case, Trace, sample_catalog

SH = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2025, 3, 3, 9, tzinfo=SH)


def test_a_trace_of_something_else_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="events must be a sequence of TraceEvent"):
        Trace(5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"events\[0\] must be a TraceEvent"):
        Trace(["x"])  # type: ignore[list-item]


def test_a_lone_surrogate_never_reaches_the_trace() -> None:
    matter = sample_catalog().matters[0]
    with pytest.raises(InvalidValueError, match="lone surrogates"):
        Case.submit(matter, case_id="X", applicant="王\ud800", at=AT, calendar=china())


@pytest.mark.parametrize(
    ("old", "new", "error", "match"),
    [
        ("王", "\\ud800", TraceIntegrityError, "event 0: event is not UTF-8 text"),
        ("王", "\ud800", TraceIntegrityError, "event 0: event is not UTF-8 text"),
        ('"case_id": "X"', '"case_id": "\\ud800"', InvalidValueError, "no lone surrogate"),
    ],
)
def test_a_lone_surrogate_in_a_document_is_a_typed_error(
    old: str, new: str, error: type[Exception], match: str
) -> None:
    """Escaped (\\ud800) or raw, in an event or in the case id: orjson refuses it, and the
    standard library's reading, which takes it, must not let a raw UnicodeEncodeError out."""
    case = Case.submit(sample_catalog().matters[0], case_id="X", applicant="王", at=AT,
                       calendar=china())  # fmt: skip
    text = case.to_json()
    assert old in text
    with pytest.raises(error, match=match):
        Case.from_json(text.replace(old, new, 1), calendar=china())


def test_an_expected_head_must_be_text() -> None:
    case = Case.submit(sample_catalog().matters[0], case_id="X", applicant="王", at=AT,
                       calendar=china())  # fmt: skip
    with pytest.raises(InvalidValueError, match="expected_head"):
        Case.from_json(case.to_json(), calendar=china(), expected_head=123)  # type: ignore[arg-type]
