"""govservice: the domain logic of Chinese administrative service centers (政务服务中心).

Subpackages, each depending only on the ones before it:

- `govservice.calendar`: the official working-day calendar, time limits and deadlines.
- `govservice.matters`: the catalogue of matters and the case lifecycle.
- `govservice.approval`: parallel approval and separation of duties.
- `govservice.metrics`: efficiency indicators, monitoring and reports.

Examples:
    >>> import govservice
    >>> issubclass(govservice.CalendarCoverageError, govservice.GovServiceError)
    True
"""

from govservice._errors import (
    CalendarCoverageError,
    CalendarDataError,
    CatalogError,
    CatalogProblem,
    CellProblem,
    DataProblem,
    DrawVerificationError,
    GovServiceError,
    GuideError,
    InvalidValueError,
    NoEligibleActorError,
    PlanError,
    PlanProblem,
    RecordError,
    RecordFileError,
    RecordProblem,
    SeparationError,
    TimeLimitParseError,
    TraceIntegrityError,
    TransitionError,
)

__version__ = "0.1.0"

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "CatalogError",
    "CatalogProblem",
    "CellProblem",
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
    "TimeLimitParseError",
    "TraceIntegrityError",
    "TransitionError",
    "__version__",
]
