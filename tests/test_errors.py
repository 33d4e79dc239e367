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


def _drawn_tree(text: str) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Each class of a drawn tree: its parent and the builtins it says it also is."""
    import re

    found: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    parents: list[str] = []
    base: int | None = None
    for line in text.splitlines():
        m = re.match(r"^([ │├└─]*)([A-Z]\w+Error)\b(?: \(also (\w+)\))?", line)
        if m is None:
            continue
        if base is None:
            base = len(m.group(1))
        depth = (len(m.group(1)) - base) // 4
        del parents[depth:]
        also = (m.group(3),) if m.group(3) else ()
        found[m.group(2)] = (parents[-1] if parents else None, also)
        parents.append(m.group(2))
    return found


def _real_tree() -> dict[str, tuple[str | None, tuple[str, ...]]]:
    found: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    for name in govservice.__all__:
        cls = getattr(govservice, name)
        if isinstance(cls, type) and issubclass(cls, GovServiceError):
            ours = [b for b in cls.__bases__ if issubclass(b, GovServiceError)]
            builtins = tuple(b.__name__ for b in cls.__bases__ if b.__module__ == "builtins")
            parent = ours[0].__name__ if ours else None
            found[name] = (parent, () if builtins == ("Exception",) else builtins)
    return found


def test_the_drawn_trees_are_the_class_tree() -> None:
    from pathlib import Path

    real = _real_tree()
    assert _drawn_tree(govservice._errors.__doc__ or "") == real
    page = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
    text = page.read_text("utf-8")
    drawn = text[text.index("```text") : text.index("```", text.index("```text") + 7)]
    assert _drawn_tree(drawn) == real
