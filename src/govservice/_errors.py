"""Every error govservice raises on purpose.

The tree::

    GovServiceError
    ├── InvalidValueError (also ValueError)       a field got a value it does not accept
    │   └── TimeLimitParseError                   a service-guide string is not a time limit
    ├── CalendarCoverageError (also LookupError)  a date outside what a calendar knows
    ├── CalendarDataError (also ValueError)       a calendar data file or mapping is bad
    ├── CatalogError (also ValueError)            a catalogue file or catalogue is bad
    ├── PlanError (also ValueError)               an approval plan is inconsistent
    ├── RecordError (also ValueError)             case records are missing or inconsistent
    ├── TraceIntegrityError                       a case's hash chain does not verify
    ├── CalendarMismatchError                     a replay on a calendar that moves a due date
    ├── SeparationError                           an act would break a separation-of-duty rule
    ├── TransitionError                           an action not allowed in a case's state
    └── TraceIntegrityError                       a case's hash chain does not verify

Each message names the field, the value received and what was expected; the same parts are
attributes, and are passed to ``Exception.__init__`` so that errors pickle across processes.
Messages are English, for developers; a UI renders localized text from the attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarMismatchError",
    "CatalogError",
    "CatalogProblem",
    "DataProblem",
    "DrawVerificationError",
    "GovServiceError",
    "InvalidValueError",
    "NoEligibleActorError",
    "PlanError",
    "PlanProblem",
    "RecordError",
    "RecordProblem",
    "SeparationError",
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
        return f"{self.field} must be {self.expected}, got {self.value!r}"


class TimeLimitParseError(InvalidValueError):
    """A service-guide string could not be read as a time limit.

    Examples:
        >>> print(TimeLimitParseError("text", "soon", "a time limit such as '20个工作日'"))
        text must be a time limit such as '20个工作日', got 'soon'
    """


class CalendarCoverageError(GovServiceError, LookupError):
    """A query touched a date outside the dates a calendar has data for.

    A calendar never guesses: a year whose notice is not loaded is unknown, not ordinary.

    Args:
        field: The argument that held the date (or the computation that left coverage).
        value: The date outside coverage.
        start: The first covered date.
        end: The last covered date.

    Examples:
        >>> import datetime as dt
        >>> err = CalendarCoverageError(
        ...     "day", dt.date(2027, 3, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
        ... )
        >>> print(err)  # doctest: +ELLIPSIS
        day 2027-03-01 is outside the calendar's coverage 2004-01-01..2026-12-31; ...
    """

    def __init__(self, field: str, value: object, start: dt.date, end: dt.date) -> None:
        super().__init__(field, value, start, end)
        self.field = field
        self.value = value
        self.start = start
        self.end = end

    def __str__(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, dt.date) else repr(self.value)
        return (
            f"{self.field} {shown} is outside the calendar's coverage "
            f"{self.start.isoformat()}..{self.end.isoformat()}; load the year's notice with "
            "calendar.with_year(load_year(path)) (our JSON or a holiday-cn file), or opt in to "
            "weekends-only results with calendar.provisional(until=...)"
        )


class DataProblem(tuple[str, str, str]):
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


class CatalogProblem(tuple[str, str, str, object, str]):
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
            f"{self.source} {self.where} {self.field}: must be {self.expected}, got {self.value!r}"
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


class PlanProblem(tuple[str, str, object, str]):
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
        return f"{self.where} {self.field}: must be {self.expected}, got {self.value!r}"


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


class RecordProblem(tuple[str, int, tuple[str, ...], str]):
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

    def __str__(self) -> str:
        rows = f"{self.rows} record{'s' if self.rows != 1 else ''}"
        shown = f" (e.g. {', '.join(self.examples)})" if self.examples else ""
        return f"{self.kind}: {rows}{shown}; expected {self.expected}"


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


for _cls in (
    GovServiceError,
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
    SeparationError,
    NoEligibleActorError,
    DrawVerificationError,
):
    _cls.__module__ = "govservice"
