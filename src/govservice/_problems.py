"""What every area's problem tuples share: where, which field, the value found and the expectation.

Each error that lists problems (calendar data, a catalogue, an approval plan, case records, the
cells of a records file) keeps its own problem type, with its own parts in its own order: a
tuple, so it unpacks, compares and pickles as it always has. All of them are a `Problem` as
well, and name the same five parts the same way, so one piece of code (a table in the command
line, a JSON answer, a report) lists problems of any kind:

=================  ==========================  ===========  ================  ===================
type               location                    field        value             expected
=================  ==========================  ===========  ================  ===================
``DataProblem``    the file                    JSON path    ``None``          what is wrong
``CatalogProblem`` file and row or path        the field    the value found   what it must be
``PlanProblem``    step, plan or path          the field    the value found   what it must be
``RecordProblem``  how many records, examples  the kind     the example ids   a consistent record
``CellProblem``    file, sheet, row, column    the column   the cell's value  what it should hold
=================  ==========================  ===========  ================  ===================

Examples:
    >>> from govservice import CatalogProblem, PlanProblem
    >>> found = [CatalogProblem.of("m.csv", "row 3", "version", 0, "an integer >= 1"),
    ...          PlanProblem.of("step 'fire'", "requires", "land", "a step of the plan")]
    >>> [(p.location, p.field, p.value) for p in found]
    [('m.csv row 3', 'version', 0), ("step 'fire'", 'requires', 'land')]
"""

from __future__ import annotations

import abc

__all__ = ["Problem"]


class Problem(abc.ABC):
    """One problem found in input: where it is, which field, the value found and the expectation.

    A base for the problem tuples: a subclass also derives from ``tuple`` with its own parts,
    and defines the four parts below from them. Text is English, for developers; a UI renders
    localized text from the parts.

    Examples:
        >>> from govservice import DataProblem
        >>> p = DataProblem.of("2027.json", "$.days[3].date", "'2027-02-30' is not a date")
        >>> isinstance(p, Problem), isinstance(p, tuple)
        (True, True)
        >>> p.to_dict()["field"]
        '$.days[3].date'
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the problem is, as words: a file with its row, sheet or path, a plan's step."""

    @property
    @abc.abstractmethod
    def field(self) -> str:
        """The field, column or path concerned."""

    @property
    @abc.abstractmethod
    def value(self) -> object:
        """The value found, or ``None`` when the problem carries no value."""

    @property
    @abc.abstractmethod
    def expected(self) -> str:
        """What was expected instead (or, for calendar data, what is wrong)."""

    @property
    def message(self) -> str:
        """The whole problem as one line (the same as ``str(problem)``)."""
        return str(self)

    def to_dict(self) -> dict[str, object]:
        """The five shared parts, by name: for a table, a log line or a JSON answer.

        Examples:
            >>> from govservice import PlanProblem
            >>> PlanProblem.of("plan", "steps", [], "at least one step").to_dict()
            {'location': 'plan', 'field': 'steps', 'value': [], 'expected': 'at least one step', \
'message': 'plan steps: must be at least one step, got []'}
        """
        return {
            "location": self.location,
            "field": self.field,
            "value": self.value,
            "expected": self.expected,
            "message": self.message,
        }
