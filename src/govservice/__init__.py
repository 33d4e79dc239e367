"""govservice: the domain logic of Chinese administrative service centers (政务服务中心).

Subpackages, each depending only on the ones before it:

- `govservice.calendar`: the official working-day calendar, time limits and deadlines.
- `govservice.matters`: the catalogue of matters and the case lifecycle.
- `govservice.approval`: parallel approval.
- `govservice.metrics`: case records and efficiency indicators.
- `govservice.supervision`: separation of duties, inspection draws, monitoring, irregularities,
  scoring and the monthly report (`approval` and `metrics` re-export its older names).
- `govservice.store`: SQLite and PostgreSQL case stores.
- `govservice.server`: the HTTP JSON service over all of them (extra ``server``).

Examples:
    >>> import govservice
    >>> issubclass(govservice.CalendarCoverageError, govservice.GovServiceError)
    True
"""

from govservice._errors import (
    CalendarCoverageError,
    CalendarDataError,
    CalendarMismatchError,
    CaseNotFoundError,
    CatalogError,
    CatalogProblem,
    CellProblem,
    ConcurrencyError,
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
    StoreError,
    StoreIntegrityError,
    TimeLimitParseError,
    TraceIntegrityError,
    TransitionError,
)

__version__ = "0.2.0"

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
    "__version__",
]
