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
    Exclusion,
    StratumAllocation,
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
from govservice.supervision._public import open_rectifications, unanswered_inquiries
from govservice.supervision._report import MonthlyReport, monthly_report
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
    enforce,
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
    "CardStatus",
    "Designation",
    "Directory",
    "Draw",
    "DutyFunction",
    "DutyFunctionKind",
    "Exclusion",
    "Exemption",
    "ExemptionKind",
    "Facts",
    "Irregularity",
    "IrregularityRule",
    "IrregularitySettings",
    "Monitoring",
    "MonthlyReport",
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
    "check_separation",
    "competition_rank",
    "county_monthly_scheme",
    "draw_inspection",
    "enforce",
    "find_irregularities",
    "format_draw",
    "fuyang_dynamic_scheme",
    "inspection_conflicts",
    "load_scheme",
    "monitor",
    "monthly_report",
    "status_name",
    "verify_draw",
]
# issue 20: the public side (好差评 rectifications, 首问责任制 inquiries)
__all__ += ["open_rectifications", "unanswered_inquiries"]
