"""Every error govservice raises on purpose.

The tree::

    GovServiceError
    ├── InvalidValueError (also ValueError)       a field got a value it does not accept
    │   └── TimeLimitParseError                   a service-guide string is not a time limit
    ├── CalendarCoverageError (also LookupError)  a date outside what a calendar knows
    ├── CalendarDataError (also ValueError)       a calendar data file or mapping is bad
    ├── CatalogError (also ValueError)            a catalogue file or catalogue is bad
    ├── GuideError (also ValueError)              a matter lacks an element it must publish
    ├── PlanError (also ValueError)               an approval plan is inconsistent
    ├── RecordError (also ValueError)             case records are missing or inconsistent
    │   └── RecordFileError                       a records file's cells, by sheet, row, column
    ├── TransitionError                           an action a case's state does not allow
    ├── TraceIntegrityError                       a case's hash chain does not verify
    ├── CalendarMismatchError                     a replay on a calendar that moves a due date
    ├── SeparationError                           an act would break a separation-of-duty rule
    │   └── NoEligibleActorError                  nobody among the candidates may act
    ├── DrawVerificationError                     an inspection draw does not re-run as published
    └── StoreError                                a case store cannot do what was asked
        ├── CaseNotFoundError (also LookupError)  no case with that id is stored
        ├── ConcurrencyError                      another clerk saved the case first
        └── StoreIntegrityError                   stored rows disagree with their traces

Each message names the field, the value received and what was expected; the same parts are
attributes, and are passed to ``Exception.__init__`` so that errors pickle across processes.
Messages are English, for developers; a UI renders localized text from the attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from govservice._problems import Problem

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarMismatchError",
    "CaseNotFoundError",
    "CatalogError",
    "CatalogProblem",
    "CellProblem",
    "ConcurrencyError",
    "DataProblem",
    "DrawVerificationError",
    "GovServiceError",
    "GuideError",
    "InvalidValueError",
    "NoEligibleActorError",
    "PlanError",
    "PlanProblem",
    "RecordError",
    "RecordFileError",
    "RecordProblem",
    "SeparationError",
    "StoreError",
    "StoreIntegrityError",
    "TimeLimitParseError",
    "TraceIntegrityError",
    "TransitionError",
]


class GovServiceError(Exception):
    """Root of every error that govservice raises on purpose.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> try:
        ...     TimeLimit.parse("soon")
        ... except GovServiceError as exc:
        ...     print(type(exc).__name__)
        TimeLimitParseError
    """


def _shown(value: object, limit: int = 200) -> str:
    """``repr(value)`` for a message: cut to ``limit`` characters, and never raising.

    A 5,000-digit integer cannot be turned into text, and a hostile object's ``__repr__`` may
    fail; the message must still render. A date or a time is shown as a clerk writes it (ISO
    8601), not as Python's ``datetime.date(2025, 2, 10)``.

    Examples:
        >>> _shown(10**5000)
        '<an integer of about 5000 digits>'
        >>> len(_shown("x" * 10_000))
        200
        >>> _shown(dt.date(2025, 2, 10))
        '2025-02-10'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        return f"<an integer of about {round(value.bit_length() * 0.30103)} digits>"
    if type(value) is dt.date or type(value) is dt.datetime:  # a subclass may print itself
        assert isinstance(value, dt.date)
        return value.isoformat()
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__: say what it is, not what it claims
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InvalidValueError(GovServiceError, ValueError):
    """A field was given a value it does not accept.

    Args:
        field: The name of the field or argument.
        value: The value received.
        expected: What the field accepts, as a phrase ("an integer >= 1").

    Examples:
        >>> print(InvalidValueError("amount", -1, "an integer >= 1"))
        amount must be an integer >= 1, got -1
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__(field, value, expected)
        self.field = field
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        return f"{self.field} must be {self.expected}, got {_shown(self.value)}"


class TimeLimitParseError(InvalidValueError):
    """A service-guide string could not be read as a time limit.

    Examples:
        >>> print(TimeLimitParseError("text", "soon", "a time limit such as '20个工作日'"))
        text must be a time limit such as '20个工作日', got 'soon'
    """


class CalendarCoverageError(GovServiceError, LookupError):
    """A query touched a date outside the dates a calendar has data for.

    A calendar never guesses: a year whose notice is not loaded is unknown, not ordinary. The
    message names the two ways forward: load the year's notice, or opt in to a provisional
    year. Code that computes for a case passes ``case`` and ``limit`` so the message says which
    case and which limit ran out (use `with_context` on an error raised deeper down).

    Args:
        field: The argument that held the date (or the computation that left coverage).
        value: The date outside coverage.
        start: The first covered date.
        end: The last covered date.
        case: The case being computed, if any.
        limit: Which limit ran out, such as ``"statutory"`` or ``"committed"``.

    Examples:
        >>> import datetime as dt
        >>> err = CalendarCoverageError(
        ...     "day", dt.date(2027, 3, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
        ... )
        >>> print(err)  # doctest: +ELLIPSIS
        day 2027-03-01 is outside the calendar's coverage 2004-01-01..2026-12-31; ...
        >>> print(err.with_context(case="C-7", limit="statutory"))  # doctest: +ELLIPSIS
        case C-7, statutory limit: day 2027-03-01 is outside ...
    """

    def __init__(
        self,
        field: str,
        value: object,
        start: dt.date,
        end: dt.date,
        *,
        case: str | None = None,
        limit: str | None = None,
    ) -> None:
        super().__init__(field, value, start, end)
        self.field = field
        self.value = value
        self.start = start
        self.end = end
        self.case = case
        self.limit = limit

    def with_context(
        self, *, case: str | None = None, limit: str | None = None
    ) -> CalendarCoverageError:
        """The same error naming the case and the limit that ran out."""
        return CalendarCoverageError(
            self.field,
            self.value,
            self.start,
            self.end,
            case=case if case is not None else self.case,
            limit=limit if limit is not None else self.limit,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_coverage_error, (self.args, self.case, self.limit))

    def __str__(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, dt.date) else repr(self.value)
        context = []
        if self.case is not None:
            context.append(f"case {self.case}")
        if self.limit is not None:
            context.append(f"{self.limit} limit")
        head = ", ".join(context) + ": " if context else ""
        return (
            f"{head}{self.field} {shown} is outside the calendar's coverage "
            f"{self.start.isoformat()}..{self.end.isoformat()}; either load that year's notice "
            "(calendar.with_year(load_year(path)) for our JSON or a holiday-cn file, or "
            "year_from_notice(text) for the notice's text), or opt in to a provisional year "
            "(calendar.provisional(until), statutory holidays off, marked provisional)"
        )


def _coverage_error(
    args: tuple[str, object, dt.date, dt.date], case: str | None, limit: str | None
) -> CalendarCoverageError:
    return CalendarCoverageError(*args, case=case, limit=limit)


class DataProblem(Problem, tuple[str, str, str]):
    """One problem in a data file: where (file), which entry (a JSON path) and what is wrong.

    Examples:
        >>> p = DataProblem.of("2027.json", "$.days[3].date", "'2027-02-30' is not a date")
        >>> print(p)
        2027.json $.days[3].date: '2027-02-30' is not a date
    """

    __slots__ = ()

    @classmethod
    def of(cls, source: str, path: str, problem: str) -> DataProblem:
        """Build a problem from its three parts."""
        return cls((source, path, problem))

    @property
    def source(self) -> str:
        """The file name, or ``<mapping>`` for data passed in memory."""
        return self[0]

    @property
    def path(self) -> str:
        """The JSON path of the entry, such as ``$.days[3].date``."""
        return self[1]

    @property
    def problem(self) -> str:
        """What is wrong with it, and what was expected."""
        return self[2]

    @property
    def location(self) -> str:
        """The file name (`Problem`'s location)."""
        return self[0]

    @property
    def field(self) -> str:
        """The JSON path of the entry (`Problem`'s field)."""
        return self[1]

    @property
    def value(self) -> object:
        """``None``: the value is named in `problem`."""
        return None

    @property
    def expected(self) -> str:
        """What is wrong and what was expected (`problem`)."""
        return self[2]

    def __str__(self) -> str:
        return f"{self.source} {self.path}: {self.problem}"


class CalendarDataError(GovServiceError, ValueError):
    """Calendar data (a file, a mapping or an overlay) was refused.

    Every problem found is listed at once, not only the first.

    Args:
        problems: Each problem with its file, entry path and description.

    Examples:
        >>> err = CalendarDataError([DataProblem.of("x.json", "$.year", "must be an integer")])
        >>> print(err)
        1 problem in calendar data:
          x.json $.year: must be an integer
    """

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        super().__init__(tuple(problems))
        self.problems: tuple[DataProblem, ...] = tuple(problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in calendar data:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])


class CatalogProblem(Problem, tuple[str, str, str, object, str]):
    """One problem in a catalogue: file, where (row or path), field, value and what was expected.

    Examples:
        >>> print(CatalogProblem.of("m.csv", "row 3", "version", 0, "an integer >= 1"))
        m.csv row 3 version: must be an integer >= 1, got 0
    """

    __slots__ = ()

    @classmethod
    def of(
        cls, source: str, where: str, field: str, value: object, expected: str
    ) -> CatalogProblem:
        """Build a problem from its five parts."""
        return cls((source, where, field, value, expected))

    @property
    def source(self) -> str:
        """The file name, or ``<catalog>`` for a catalogue built in memory."""
        return self[0]

    @property
    def where(self) -> str:
        """The row ("row 3", counting the header as row 1) or path ("$.matters[2]")."""
        return self[1]

    @property
    def location(self) -> str:
        """The file and the row or path, as in ``"m.csv row 3"``."""
        return f"{self[0]} {self[1]}"

    @property
    def field(self) -> str:
        """The field concerned."""
        return self[2]

    @property
    def value(self) -> object:
        """The value found."""
        return self[3]

    @property
    def expected(self) -> str:
        """What the field must be."""
        return self[4]

    def __str__(self) -> str:
        return (
            f"{self.source} {self.where} {self.field}: must be {self.expected}, "
            f"got {_shown(self.value)}"
        )


class CatalogError(GovServiceError, ValueError):
    """A catalogue was refused; ``problems`` lists every problem found, not only the first.

    Examples:
        >>> err = CatalogError([CatalogProblem.of("c.json", "$.matters[0]", "code", "", "unique")])
        >>> len(err.problems)
        1
    """

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        super().__init__(tuple(problems))
        self.problems: tuple[CatalogProblem, ...] = tuple(problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the catalogue:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])


class TransitionError(GovServiceError):
    """An action that the case's current state does not allow.

    Examples:
        >>> print(TransitionError("approve", "submitted", "accept, refuse_acceptance"))
        cannot approve a case in state 'submitted'; allowed: accept, refuse_acceptance
    """

    def __init__(self, action: str, state: str, allowed: str) -> None:
        super().__init__(action, state, allowed)
        self.action = action
        self.state = state
        self.allowed = allowed

    def __str__(self) -> str:
        return f"cannot {self.action} a case in state {self.state!r}; allowed: {self.allowed}"


class TraceIntegrityError(GovServiceError):
    """A case's trace does not verify: names the first bad event and why.

    Examples:
        >>> print(TraceIntegrityError(3, "hash does not match the event's content"))
        trace event 3: hash does not match the event's content
    """

    def __init__(self, sequence: int, reason: str) -> None:
        super().__init__(sequence, reason)
        self.sequence = sequence
        self.reason = reason

    def __str__(self) -> str:
        return f"trace event {self.sequence}: {self.reason}"


class CalendarMismatchError(GovServiceError):
    """A case replayed on a calendar that gives a due date other than the one recorded.

    Each due date a case computes is recorded in the event that fixed it; replaying on another
    calendar recomputes it. A calendar extended by a later year gives the same dates; one that
    lacks a local closure the case was decided under does not. Load with ``recalendar=True``
    to accept the new dates (the change is then recorded in the trace).

    Args:
        case_id: The case.
        field: The due date concerned (``due``, ``statutory_due``, ``delivery_due``, ...).
        recorded: The date recorded in the trace.
        recomputed: The date the given calendar gives.
        sequence: The event that recorded it.

    Examples:
        >>> import datetime as dt
        >>> print(CalendarMismatchError("C-1", "due", dt.date(2025, 3, 4), dt.date(2025, 3, 5), 1))
        case C-1, event 1: due recorded as 2025-03-04 but the calendar gives 2025-03-05; \
pass recalendar=True to accept the new date
    """

    def __init__(
        self,
        case_id: str,
        field: str,
        recorded: dt.date | None,
        recomputed: dt.date | None,
        sequence: int,
    ) -> None:
        super().__init__(case_id, field, recorded, recomputed, sequence)
        self.case_id = case_id
        self.field = field
        self.recorded = recorded
        self.recomputed = recomputed
        self.sequence = sequence

    def __str__(self) -> str:
        def text(day: dt.date | None) -> str:
            return "none" if day is None else day.isoformat()

        return (
            f"case {self.case_id}, event {self.sequence}: {self.field} recorded as "
            f"{text(self.recorded)} but the calendar gives {text(self.recomputed)}; "
            "pass recalendar=True to accept the new date"
        )


class PlanProblem(Problem, tuple[str, str, object, str]):
    """One problem of an approval plan: where, which field, the value and what was expected.

    Examples:
        >>> print(PlanProblem.of("step 'fire'", "requires", "land", "the id of a step in the plan"))
        step 'fire' requires: must be the id of a step in the plan, got 'land'
    """

    __slots__ = ()

    @classmethod
    def of(cls, where: str, field: str, value: object, expected: str) -> PlanProblem:
        """Build a problem from its four parts."""
        return cls((where, field, value, expected))

    @property
    def where(self) -> str:
        """The step ("step 'fire'"), the plan ("plan") or a file path ("$.steps[2]")."""
        return self[0]

    @property
    def location(self) -> str:
        """The same as `where`."""
        return self[0]

    @property
    def field(self) -> str:
        """The field concerned."""
        return self[1]

    @property
    def value(self) -> object:
        """The value found."""
        return self[2]

    @property
    def expected(self) -> str:
        """What the field must be."""
        return self[3]

    def __str__(self) -> str:
        return f"{self.where} {self.field}: must be {self.expected}, got {_shown(self.value)}"


class PlanError(GovServiceError, ValueError):
    """An approval plan was refused; ``problems`` lists every problem found, not only the first.

    Args:
        problems: Each problem: where, field, value and expectation.
        source: The file the plan came from, or ``<plan>`` for one built in memory.

    Examples:
        >>> err = PlanError([PlanProblem.of("step 'a'", "requires", ["b", "a"], "no cycle")])
        >>> print(err)
        1 problem in the approval plan <plan>:
          step 'a' requires: must be no cycle, got ['b', 'a']
    """

    def __init__(self, problems: Sequence[PlanProblem], source: str = "<plan>") -> None:
        super().__init__(tuple(problems), source)
        self.problems: tuple[PlanProblem, ...] = tuple(problems)
        self.source = source

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the approval plan {self.source}:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])


class RecordProblem(Problem, tuple[str, int, tuple[str, ...], str]):
    """One kind of problem in case records: what, how many rows, example case ids, expectation.

    Examples:
        >>> p = RecordProblem.of("impossible_rating", 2, ["C-7", "C-9"], "a grade 1..5")
        >>> print(p)
        impossible_rating: 2 records (e.g. C-7, C-9); expected a grade 1..5
    """

    __slots__ = ()

    @classmethod
    def of(cls, kind: str, count: int, examples: Sequence[str], expected: str) -> RecordProblem:
        """Build a problem from its four parts."""
        return cls((kind, int(count), tuple(str(e) for e in examples), expected))

    @property
    def kind(self) -> str:
        """The problem's id, such as ``completed_before_accepted`` or ``impossible_rating``."""
        return self[0]

    @property
    def rows(self) -> int:
        """How many records have it."""
        return self[1]

    @property
    def examples(self) -> tuple[str, ...]:
        """The case ids of the first few records that have it (row numbers without an id)."""
        return self[2]

    @property
    def expected(self) -> str:
        """What a consistent record has instead."""
        return self[3]

    @property
    def location(self) -> str:
        """How many records, with the example ids: ``"2 records (e.g. C-7, C-9)"``."""
        rows = f"{self.rows} record{'s' if self.rows != 1 else ''}"
        return rows + (f" (e.g. {', '.join(self.examples)})" if self.examples else "")

    @property
    def field(self) -> str:
        """The problem's id (`kind`)."""
        return self[0]

    @property
    def value(self) -> tuple[str, ...]:
        """The example case ids (`examples`)."""
        return self[2]

    def __str__(self) -> str:
        return f"{self.kind}: {self.location}; expected {self.expected}"


class RecordError(GovServiceError, ValueError):
    """Case records were refused: every kind of problem with its count and examples.

    Nothing is dropped or counted silently: fix the records, or filter them explicitly with
    the mask of `govservice.metrics.check_records`, then compute again.

    Args:
        problems: Each kind of problem found, with its count and example case ids.
        rows: How many records were checked.
        invalid: How many of them have at least one problem.

    Examples:
        >>> err = RecordError([RecordProblem.of("impossible_rating", 1, ["C-1"], "1..5")], 10, 1)
        >>> print(err)
        1 of 10 case records refused:
          impossible_rating: 1 record (e.g. C-1); expected 1..5
    """

    def __init__(self, problems: Sequence[RecordProblem], rows: int, invalid: int) -> None:
        super().__init__(tuple(problems), rows, invalid)
        self.problems: tuple[RecordProblem, ...] = tuple(problems)
        self.rows = rows
        self.invalid = invalid

    def __str__(self) -> str:
        head = f"{self.invalid} of {self.rows} case record{'s' if self.rows != 1 else ''} refused:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])


class CellProblem(Problem, tuple[str, str, str, int, str, object, str]):
    """One problem in a cell of a records file: what, where (file, sheet, row, column), the value.

    Args:
        kind: The problem's id (``bad_date``, ``ambiguous_date``, ``bad_value``, ...).
        source: The file name (``<DataFrame>`` for a frame).
        sheet: The sheet's name (``""`` for a CSV).
        row: The row number in the file, as a spreadsheet shows it (0: the whole file).
        column: The column's header as written in the file.
        value: The cell's value.
        expected: What the cell should hold.

    Examples:
        >>> p = CellProblem.of("bad_date", "五月.xlsx", "明细", 7, "受理时间", "2025/13/5",
        ...                    "a date")
        >>> print(p)
        五月.xlsx sheet 明细 row 7, column 受理时间: bad_date '2025/13/5'; expected a date
    """

    __slots__ = ()

    @classmethod
    def of(
        cls,
        kind: str,
        source: str,
        sheet: str,
        row: int,
        column: str,
        value: object,
        expected: str,
    ) -> CellProblem:
        """Build a problem from its parts."""
        return cls((kind, source, sheet, int(row), column, value, expected))

    @property
    def kind(self) -> str:
        """The problem's id."""
        return self[0]

    @property
    def source(self) -> str:
        """The file name."""
        return self[1]

    @property
    def sheet(self) -> str:
        """The sheet's name, ``""`` for a CSV."""
        return self[2]

    @property
    def row(self) -> int:
        """The row number in the file (1-based; 0 for a problem of the whole file)."""
        return self[3]

    @property
    def column(self) -> str:
        """The column's header as written in the file (``""`` for a whole row)."""
        return self[4]

    @property
    def value(self) -> object:
        """The value found."""
        return self[5]

    @property
    def expected(self) -> str:
        """What the cell should hold."""
        return self[6]

    @property
    def location(self) -> str:
        """File, sheet, row and column, as words (the same as `where`)."""
        return self.where()

    @property
    def field(self) -> str:
        """The column's header (`column`)."""
        return self[4]

    def where(self) -> str:
        """File, sheet, row and column, as words."""
        place = self.source + (f" sheet {self.sheet}" if self.sheet else "")
        if self.row:
            place += f" row {self.row}"
        return place + (f", column {self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where()}: {self.kind} {self.value!r}; expected {self.expected}"


class RecordFileError(RecordError):
    """A records file was refused: every problem of every cell at once, with sheet, row, column.

    It is a `RecordError` whose ``problems`` count each kind of problem (with the first rows
    as examples); ``cells`` lists each one in full.

    Args:
        cells: Every problem found, in file order.
        rows: How many data rows the file has.

    Examples:
        >>> err = RecordFileError([CellProblem.of("bad_value", "a.csv", "", 3, "办件类型", "急件",
        ...                                       "即办件, 承诺件, ...")], 10)
        >>> print(err)
        1 problem in 10 case records:
          a.csv row 3, column 办件类型: bad_value '急件'; expected 即办件, 承诺件, ...
        >>> err.problems[0].kind, err.problems[0].examples
        ('bad_value', ('a.csv row 3',))
    """

    def __init__(self, cells: Sequence[CellProblem], rows: int) -> None:
        cells = tuple(cells)
        kinds: dict[str, list[CellProblem]] = {}
        for cell in cells:
            kinds.setdefault(cell.kind, []).append(cell)
        problems = [
            RecordProblem.of(
                kind,
                len(found),
                [f"{c.source} row {c.row}" for c in found[:5]],
                found[0].expected,
            )
            for kind, found in kinds.items()
        ]
        invalid = len({c.row for c in cells})
        super().__init__(problems, rows, invalid)
        self.cells: tuple[CellProblem, ...] = cells

    def __reduce__(self) -> tuple[type[RecordFileError], tuple[tuple[CellProblem, ...], int]]:
        return (type(self), (self.cells, self.rows))

    def __str__(self) -> str:
        n = len(self.cells)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.rows} case records:"
        return "\n  ".join([head, *(str(c) for c in self.cells)])


class SeparationError(GovServiceError):
    """A proposed act would break a separation-of-duty rule (审管分离, 一审一核), so it is vetoed.

    Args:
        case_id: The case the act was for ("" for an act outside any case).
        action: The action proposed ("approve", "inspect", ...).
        by: Who would have acted.
        rules: The ids of the rules it would break.
        explanations: One English explanation per rule (a UI renders localized text from the
            violations of `govservice.approval.check_separation`).

    Examples:
        >>> print(SeparationError("C1", "approve", "王五", ["one_review_one_approval"],
        ...                       ["王五 reviewed C1"]))
        王五 may not approve case C1: one_review_one_approval (王五 reviewed C1)
    """

    def __init__(
        self,
        case_id: str,
        action: str,
        by: str,
        rules: Sequence[str],
        explanations: Sequence[str],
    ) -> None:
        super().__init__(case_id, action, by, tuple(rules), tuple(explanations))
        self.case_id = case_id
        self.action = action
        self.by = by
        self.rules: tuple[str, ...] = tuple(rules)
        self.explanations: tuple[str, ...] = tuple(explanations)

    def __str__(self) -> str:
        where = f" case {self.case_id}" if self.case_id else ""
        why = "; ".join(
            f"{rule} ({text})" for rule, text in zip(self.rules, self.explanations, strict=False)
        )
        return f"{self.by} may not {self.action}{where}: {why}"


class NoEligibleActorError(SeparationError):
    """Nobody among the candidates may perform an act without breaking a rule.

    Args:
        case_id: The case.
        action: The action that nobody may perform.
        candidates: Everyone considered.
        reasons: Why each candidate is excluded, in the same order.

    Examples:
        >>> print(NoEligibleActorError("C1", "approve", ["王五"], ["one_review_one_approval"]))
        nobody may approve case C1: 王五 (one_review_one_approval)
    """

    def __init__(
        self, case_id: str, action: str, candidates: Sequence[str], reasons: Sequence[str]
    ) -> None:
        GovServiceError.__init__(self, case_id, action, tuple(candidates), tuple(reasons))
        self.case_id = case_id
        self.action = action
        self.by = ""
        self.candidates: tuple[str, ...] = tuple(candidates)
        self.reasons: tuple[str, ...] = tuple(reasons)
        self.rules = tuple(dict.fromkeys(self.reasons))
        self.explanations = self.reasons

    def __str__(self) -> str:
        if not self.candidates:
            return f"nobody may {self.action} case {self.case_id}: there are no candidates"
        who = ", ".join(f"{c} ({r})" for c, r in zip(self.candidates, self.reasons, strict=False))
        return f"nobody may {self.action} case {self.case_id}: {who}"


class DrawVerificationError(GovServiceError):
    """An inspection draw does not come out the same when re-run from its seed and pools.

    Args:
        field: What differs ("pool_digest", "targets", "assignments", ...).
        reason: How it differs, and what that means.

    Examples:
        >>> print(DrawVerificationError("pool_digest", "the pools are not the ones drawn from"))
        draw does not verify: pool_digest: the pools are not the ones drawn from
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return f"draw does not verify: {self.field}: {self.reason}"


class GuideError(GovServiceError, ValueError):
    """A matter lacks an element it must publish, so no service guide is rendered for it.

    Administrative Licensing Law art. 30 requires the basis, conditions, procedure, time limits
    and the list of all materials to be published; Fuyang report's ten publicities add the
    consultation and complaint telephones.

    Args:
        code: The matter's code.
        missing: The fields of every missing element.
        reasons: For each, the element's published name and where the duty comes from.

    Examples:
        >>> print(GuideError("M-1", ("legal_basis",), ("依据 (art. 30)",)))
        matter M-1 cannot be published: missing legal_basis (依据 (art. 30))
    """

    def __init__(self, code: str, missing: Sequence[str], reasons: Sequence[str]) -> None:
        super().__init__(code, tuple(missing), tuple(reasons))
        self.code = code
        self.missing = tuple(missing)
        self.reasons = tuple(reasons)

    def __str__(self) -> str:
        parts = ", ".join(f"{m} ({r})" for m, r in zip(self.missing, self.reasons, strict=True))
        return f"matter {self.code} cannot be published: missing {parts}"


# -- the case store ----------------------------------------------------------------------------


class StoreError(GovServiceError):
    """A case store cannot do what was asked: closed, read-only, unreachable, or too new.

    Nothing is written when it is raised: the transaction in progress is rolled back whole.

    Args:
        operation: What was asked ("open", "save", "import line 7", ...).
        reason: Why it failed, and what to do.
        case_id: The case concerned, if any ("" otherwise).

    Examples:
        >>> print(StoreError("save", "the database file is read-only", "C-1"))
        cannot save case C-1: the database file is read-only
    """

    def __init__(self, operation: str, reason: str, case_id: str = "") -> None:
        super().__init__(operation, reason, case_id)
        self.operation = operation
        self.reason = reason
        self.case_id = case_id

    def __str__(self) -> str:
        what = f" case {self.case_id}" if self.case_id else ""
        return f"cannot {self.operation}{what}: {self.reason}"


class CaseNotFoundError(StoreError, LookupError):
    """No case with that id is stored.

    Examples:
        >>> print(CaseNotFoundError("C-404"))
        cannot get case C-404: no case with that id is stored
    """

    def __init__(self, case_id: str, operation: str = "get") -> None:
        GovServiceError.__init__(self, case_id, operation)
        self.operation = operation
        self.reason = "no case with that id is stored"
        self.case_id = case_id


class ConcurrencyError(StoreError):
    """Another clerk saved the case first: the caller's trace does not extend the stored one.

    Nothing was written. Reload the case, apply the act again and save again.

    Args:
        case_id: The case.
        expected_head: The head the caller started from (the last event both traces share).
        stored_head: The head stored now.

    Examples:
        >>> err = ConcurrencyError("C-1", "ab" * 32, "cd" * 32)
        >>> print(err)  # doctest: +ELLIPSIS
        case C-1 was saved by someone else: started from head abab..., stored head is cdcd...; ...
    """

    def __init__(self, case_id: str, expected_head: str, stored_head: str) -> None:
        GovServiceError.__init__(self, case_id, expected_head, stored_head)
        self.operation = "save"
        self.reason = "another save came first"
        self.case_id = case_id
        self.expected_head = expected_head
        self.stored_head = stored_head

    def __str__(self) -> str:
        return (
            f"case {self.case_id} was saved by someone else: started from head "
            f"{self.expected_head[:12]}..., stored head is {self.stored_head[:12]}...; reload "
            "the case, apply the act again and save again"
        )


class StoreIntegrityError(StoreError):
    """Stored rows disagree with their traces (a row edited, an event rewritten or removed).

    Args:
        problems: One line per problem: the case, the field, what is stored, what was expected.

    Examples:
        >>> print(StoreIntegrityError(["C-1 state: stored 'approved', the trace says 'denied'"]))
        1 problem in the case store:
          C-1 state: stored 'approved', the trace says 'denied'
    """

    def __init__(self, problems: Sequence[str]) -> None:
        GovServiceError.__init__(self, tuple(problems))
        self.operation = "verify"
        self.reason = "stored rows disagree with their traces"
        self.case_id = ""
        self.problems: tuple[str, ...] = tuple(problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the case store:"
        return "\n  ".join([head, *self.problems])


for _cls in (
    GovServiceError,
    GuideError,
    CatalogError,
    CatalogProblem,
    TransitionError,
    TraceIntegrityError,
    CalendarMismatchError,
    InvalidValueError,
    TimeLimitParseError,
    CalendarCoverageError,
    CalendarDataError,
    DataProblem,
    PlanError,
    PlanProblem,
    RecordError,
    RecordProblem,
    CellProblem,
    RecordFileError,
    SeparationError,
    NoEligibleActorError,
    DrawVerificationError,
    StoreError,
    CaseNotFoundError,
    ConcurrencyError,
    StoreIntegrityError,
):
    _cls.__module__ = "govservice"
