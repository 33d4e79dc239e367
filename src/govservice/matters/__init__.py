"""govservice.matters: the catalogue of matters, case classification and the case lifecycle.

Examples:
    >>> from govservice.matters import sample_catalog, classify
    >>> catalog = sample_catalog()
    >>> figures = catalog.figures()
    >>> figures.total.statutory_working_days > figures.total.committed_working_days
    True
"""

from govservice.matters._case import Case, CaseState, load_case
from govservice.matters._catalog import (
    CSV_COLUMNS,
    Catalog,
    CatalogFigures,
    DepartmentFigures,
    sample_catalog,
)
from govservice.matters._classify import (
    CaseFacts,
    Classification,
    ClassificationPolicy,
    Reason,
    classify,
)
from govservice.matters._guard import Guard, ProposedAct
from govservice.matters._lifecycle import (
    Action,
    ApproverRole,
    CaseNotice,
    HandlingSystem,
    NoticeKind,
    Timeliness,
    TimelinessStatus,
    timeliness_of,
)
from govservice.matters._model import (
    CaseKind,
    CenterLevel,
    Fee,
    LegalBasis,
    Material,
    MaterialForm,
    Matter,
    MatterType,
    Node,
    OnlineDepth,
    ProcedureStep,
    ServiceForm,
)
from govservice.matters._serde import make_converter
from govservice.matters._trace import Trace, TraceEvent, canonical

__all__ = [
    "CSV_COLUMNS",
    "Action",
    "ApproverRole",
    "Case",
    "CaseFacts",
    "CaseKind",
    "CaseNotice",
    "CaseState",
    "Catalog",
    "CatalogFigures",
    "CenterLevel",
    "Classification",
    "ClassificationPolicy",
    "DepartmentFigures",
    "Fee",
    "Guard",
    "HandlingSystem",
    "LegalBasis",
    "Material",
    "MaterialForm",
    "Matter",
    "MatterType",
    "Node",
    "NoticeKind",
    "OnlineDepth",
    "ProcedureStep",
    "ProposedAct",
    "Reason",
    "ServiceForm",
    "Timeliness",
    "TimelinessStatus",
    "Trace",
    "TraceEvent",
    "canonical",
    "classify",
    "load_case",
    "make_converter",
    "sample_catalog",
    "timeliness_of",
]
