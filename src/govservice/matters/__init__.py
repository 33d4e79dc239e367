"""govservice.matters: the catalogue of matters, case classification and the case lifecycle.

Examples:
    >>> from govservice.matters import sample_catalog, classify
    >>> catalog = sample_catalog()
    >>> figures = catalog.figures()
    >>> figures.total.statutory_working_days > figures.total.committed_working_days
    True
"""

from govservice._guard import Guard, ProposedAct
from govservice._lifecycle import (
    Action,
    ApproverRole,
    CaseNotice,
    HandlingSystem,
    NoticeKind,
    Timeliness,
    TimelinessStatus,
    timeliness_of,
)
from govservice._trace import Trace, TraceEvent, canonical
from govservice.matters._case import Case, CaseState, Verification, load_case
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
from govservice.matters._feedback import (
    AppealGround,
    CaseFeedback,
    Complaint,
    FeedbackActs,
    FeedbackChannel,
    Rating,
    Rectification,
    RectificationOutcome,
    RectificationPolicy,
    RectificationSource,
    RectificationState,
    Review,
)
from govservice.matters._guide import (
    GUIDE_FORMATS,
    GuideElement,
    GuideSite,
    check_publishable,
    guide,
    guide_elements,
    guide_site,
    sample_life_events,
)
from govservice.matters._hierarchy import Center, CenterHierarchy, sample_hierarchy
from govservice.matters._inquiry import Handover, Inquiry, InquiryState
from govservice.matters._linkage import LevelPart, linkage
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
from govservice.matters._sheet import SHEET_HEADERS

__all__ = [
    "CSV_COLUMNS",
    "GUIDE_FORMATS",
    "SHEET_HEADERS",
    "Action",
    "AppealGround",
    "ApproverRole",
    "Case",
    "CaseFacts",
    "CaseFeedback",
    "CaseKind",
    "CaseNotice",
    "CaseState",
    "Catalog",
    "CatalogFigures",
    "Center",
    "CenterHierarchy",
    "CenterLevel",
    "Classification",
    "ClassificationPolicy",
    "Complaint",
    "DepartmentFigures",
    "Fee",
    "FeedbackActs",
    "FeedbackChannel",
    "Guard",
    "GuideElement",
    "GuideSite",
    "HandlingSystem",
    "Handover",
    "Inquiry",
    "InquiryState",
    "LegalBasis",
    "LevelPart",
    "Material",
    "MaterialForm",
    "Matter",
    "MatterType",
    "Node",
    "NoticeKind",
    "OnlineDepth",
    "ProcedureStep",
    "ProposedAct",
    "Rating",
    "Reason",
    "Rectification",
    "RectificationOutcome",
    "RectificationPolicy",
    "RectificationSource",
    "RectificationState",
    "Review",
    "ServiceForm",
    "Timeliness",
    "TimelinessStatus",
    "Trace",
    "TraceEvent",
    "Verification",
    "canonical",
    "check_publishable",
    "classify",
    "guide",
    "guide_elements",
    "guide_site",
    "linkage",
    "load_case",
    "make_converter",
    "sample_catalog",
    "sample_hierarchy",
    "sample_life_events",
    "timeliness_of",
]
