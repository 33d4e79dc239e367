"""Every area's problem tuple is a `Problem`: the same five parts, named the same way."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from govservice import (
    CalendarDataError,
    CatalogError,
    CatalogProblem,
    CellProblem,
    DataProblem,
    PlanError,
    PlanProblem,
    RecordError,
    RecordFileError,
    RecordProblem,
)
from govservice._problems import Problem

texts = st.text(max_size=12)
values = st.one_of(st.none(), st.integers(), texts, st.lists(st.integers(), max_size=3))

problems = st.one_of(
    st.builds(DataProblem.of, texts, texts, texts),
    st.builds(CatalogProblem.of, texts, texts, texts, values, texts),
    st.builds(PlanProblem.of, texts, texts, values, texts),
    st.builds(RecordProblem.of, texts, st.integers(0, 10**6), st.lists(texts, max_size=3), texts),
    st.builds(CellProblem.of, texts, texts, texts, st.integers(0, 10**6), texts, values, texts),
)

PARTS = ["location", "field", "value", "expected", "message"]


@given(problem=problems)
def test_each_problem_names_the_shared_parts(problem: Problem) -> None:
    assert isinstance(problem, Problem)
    assert isinstance(problem, tuple)
    shown = problem.to_dict()
    assert list(shown) == PARTS
    assert shown["message"] == str(problem) == problem.message
    assert shown["location"] == problem.location
    assert shown["field"] == problem.field
    assert shown["value"] == problem.value
    assert shown["expected"] == problem.expected
    assert isinstance(problem.location, str)
    assert isinstance(problem.field, str)
    assert isinstance(problem.expected, str)
    again = pickle.loads(pickle.dumps(problem))
    assert type(again) is type(problem)
    assert again == problem
    assert again.to_dict() == shown


@given(parts=st.tuples(texts, texts, texts))
def test_data_problems_map_their_parts(parts: tuple[str, str, str]) -> None:
    p = DataProblem.of(*parts)
    assert p == parts  # still the same tuple
    assert (p.location, p.field, p.value, p.expected) == (parts[0], parts[1], None, parts[2])


@given(source=texts, where=texts, field=texts, value=values, expected=texts)
def test_catalog_problems_map_their_parts(
    source: str, where: str, field: str, value: object, expected: str
) -> None:
    p = CatalogProblem.of(source, where, field, value, expected)
    assert p == (source, where, field, value, expected)
    assert p.location == f"{source} {where}"
    assert (p.field, p.value, p.expected) == (field, value, expected)


def test_each_kind_locates_its_problem() -> None:
    assert PlanProblem.of("step 'a'", "requires", ["b"], "no cycle").location == "step 'a'"
    record = RecordProblem.of("impossible_rating", 2, ["C-7", "C-9"], "a grade 1..5")
    assert record.location == "2 records (e.g. C-7, C-9)"
    assert (record.field, record.value) == ("impossible_rating", ("C-7", "C-9"))
    assert RecordProblem.of("x", 1, [], "y").location == "1 record"
    cell = CellProblem.of("bad_date", "五月.xlsx", "明细", 7, "受理时间", "2025/13/5", "a date")
    assert cell.location == cell.where() == "五月.xlsx sheet 明细 row 7, column 受理时间"
    assert (cell.field, cell.value, cell.expected) == ("受理时间", "2025/13/5", "a date")


def test_every_error_listing_problems_lists_problems() -> None:
    errors = [
        CalendarDataError([DataProblem.of("x.json", "$.year", "must be an integer")]),
        CatalogError([CatalogProblem.of("c.json", "$.matters[0]", "code", "", "unique")]),
        PlanError([PlanProblem.of("plan", "steps", [], "at least one step")]),
        RecordError([RecordProblem.of("impossible_rating", 1, ["C-1"], "1..5")], 10, 1),
    ]
    for error in errors:
        assert all(isinstance(p, Problem) for p in error.problems)
        for p in error.problems:
            assert p.message in str(error)
    cell = CellProblem.of("bad_value", "a.csv", "", 3, "办件类型", "急件", "即办件, 承诺件")
    error = RecordFileError([cell], 10)
    assert all(isinstance(p, Problem) for p in (*error.cells, *error.problems))
    assert error.problems[0].location == "1 record (e.g. a.csv row 3)"
