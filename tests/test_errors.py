from __future__ import annotations

import datetime as dt
import pickle

import pytest

import govservice
from govservice import (
    CalendarCoverageError,
    CalendarDataError,
    DataProblem,
    GovServiceError,
    InvalidValueError,
    TimeLimitParseError,
)


@pytest.mark.parametrize(
    "error",
    [
        InvalidValueError("amount", -1, "an integer >= 1"),
        TimeLimitParseError("text", "soon", "a time limit"),
        CalendarCoverageError(
            "day", dt.date(2027, 1, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
        ),
        CalendarCoverageError(
            "day", dt.date(2027, 1, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31), case="C-1"
        ).with_context(limit="committed"),
        CalendarDataError([DataProblem.of("f.json", "$.days[0]", "bad")]),
        govservice.SeparationError("C1", "approve", "王五", ["one_review_one_approval"], ["x"]),
        govservice.NoEligibleActorError("C1", "approve", ["王五"], ["one_review_one_approval"]),
        govservice.DrawVerificationError("pool_digest", "the pools differ"),
    ],
)
def test_errors_are_govservice_errors_that_pickle(error: GovServiceError) -> None:
    assert isinstance(error, GovServiceError)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)


def test_messages_name_field_value_and_expectation() -> None:
    assert str(InvalidValueError("amount", -1, "an integer >= 1")) == (
        "amount must be an integer >= 1, got -1"
    )
    err = CalendarDataError(
        [DataProblem.of("a.json", "$.x", "one"), DataProblem.of("a.json", "$.y", "two")]
    )
    assert str(err) == "2 problems in calendar data:\n  a.json $.x: one\n  a.json $.y: two"
    assert err.problems[1].path == "$.y"


def test_builtin_bases_let_generic_handlers_work() -> None:
    assert issubclass(InvalidValueError, ValueError)
    assert issubclass(CalendarDataError, ValueError)
    assert issubclass(CalendarCoverageError, LookupError)


def test_public_names_show_their_public_module() -> None:
    assert InvalidValueError.__module__ == "govservice"
    assert sorted(govservice.__all__) == govservice.__all__
