"""govservice.supervision: supervision (监管), kept apart from approval (审管分离).

- Separation of duties: a `Directory` of people, their designations and the departments that
  supervise matters; `Rule`s and `check_separation` over traced cases; `Separation` guards a
  case as it moves.
- Double random inspection draws (双随机): `draw_inspection`, `verify_draw`, `format_draw`.
- Electronic supervision (电子监察): `monitor` (green, yellow and red cards), irregularities
  (`find_irregularities`), scoring and ranking (`ScoringScheme`) and the monthly report.

Dependencies run one way: calendar <- matters <- approval <- metrics <- supervision. The older
paths (``govservice.approval.check_separation``, ``govservice.metrics.monitor``, ...) re-export
these names.

Examples:
    >>> from govservice.supervision import BUILTIN_RULES, status_name
    >>> [rule.id for rule in BUILTIN_RULES][:2]
    ['one_review_one_approval', 'approver_not_supervisor']
    >>> status_name("red", "en")
    'red: overdue'
"""

from govservice._irregularity import Irregularity
from govservice.supervision._draw import (
    DRAW_SCHEME,
    Draw,
    DrawCommitment,
    Exclusion,
    InspectionOutcome,
    InspectionResult,
    StratumAllocation,
    commit_draw,
    draw_inspection,
    format_draw,
    inspection_conflicts,
    verify_draw,
)
from govservice.supervision._irregular import (
    IRREGULARITY_RULES,
    IrregularityRule,
    IrregularitySettings,
    find_irregularities,
)
from govservice.supervision._monitor import (
    NODES,
    STATUSES,
    CardStatus,
    Monitoring,
    Thresholds,
    WaitingNode,
    monitor,
    status_name,
)
from govservice.supervision._notice import (
    ApprovalNotice,
    archive_check_targets,
    notify_approvals,
)
from govservice.supervision._public import open_rectifications, unanswered_inquiries
from govservice.supervision._report import (
    MonthlyReport,
    MonthlyReportContent,
    build_monthly_report,
    monthly_report,
)
from govservice.supervision._scoring import (
    METHODS,
    ScoreMethod,
    ScoreRule,
    ScoringScheme,
    competition_rank,
    county_monthly_scheme,
    fuyang_dynamic_scheme,
    load_scheme,
)
from govservice.supervision._separation import (
    BUILTIN_RULES,
    Act,
    ActRole,
    Designation,
    Directory,
    DutyFunction,
    DutyFunctionKind,
    Exemption,
    ExemptionKind,
    Facts,
    Person,
    Relation,
    RoleConflict,
    Rule,
    Scope,
    Separation,
    Severity,
    TracedCase,
    Violation,
    acts_of,
    check_separation,
    cooling_period_rule,
    enforce,
    identity_key,
)

__all__ = [
    "BUILTIN_RULES",
    "DRAW_SCHEME",
    "IRREGULARITY_RULES",
    "METHODS",
    "NODES",
    "STATUSES",
    "Act",
    "ActRole",
    "ApprovalNotice",
    "CardStatus",
    "Designation",
    "Directory",
    "Draw",
    "DrawCommitment",
    "DutyFunction",
    "DutyFunctionKind",
    "Exclusion",
    "Exemption",
    "ExemptionKind",
    "Facts",
    "InspectionOutcome",
    "InspectionResult",
    "Irregularity",
    "IrregularityRule",
    "IrregularitySettings",
    "Monitoring",
    "MonthlyReport",
    "MonthlyReportContent",
    "Person",
    "Relation",
    "RoleConflict",
    "Rule",
    "Scope",
    "ScoreMethod",
    "ScoreRule",
    "ScoringScheme",
    "Separation",
    "Severity",
    "StratumAllocation",
    "Thresholds",
    "TracedCase",
    "Violation",
    "WaitingNode",
    "acts_of",
    "archive_check_targets",
    "build_monthly_report",
    "check_separation",
    "commit_draw",
    "competition_rank",
    "cooling_period_rule",
    "county_monthly_scheme",
    "draw_inspection",
    "enforce",
    "find_irregularities",
    "format_draw",
    "fuyang_dynamic_scheme",
    "identity_key",
    "inspection_conflicts",
    "load_scheme",
    "monitor",
    "monthly_report",
    "notify_approvals",
    "open_rectifications",
    "status_name",
    "unanswered_inquiries",
    "verify_draw",
]
