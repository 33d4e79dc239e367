"""govservice.approval: parallel approval (并联审批).

Separation of duties and inspection draws live in `govservice.supervision`; their names stay
importable from here (``Function`` and ``FunctionKind`` are `DutyFunction` and
`DutyFunctionKind` there).

Examples:
    >>> from govservice.calendar import china
    >>> from govservice.approval import BUILTIN_RULES, construction_project_plan
    >>> figures = construction_project_plan().compare(china())
    >>> figures.parallel_working_days < figures.serial_working_days
    True
    >>> [rule.id for rule in BUILTIN_RULES]  # doctest: +NORMALIZE_WHITESPACE
    ['one_review_one_approval', 'approver_not_supervisor', 'department_licenses_and_supervises',
     'static_role_conflict']
"""

# Parallel approval (issue 5).
from govservice.approval._gantt import gantt, gantt_svg
from govservice.approval._parallel import (
    Decision,
    Outcome,
    Overview,
    ParallelCase,
    ParallelState,
    Task,
    TaskStatus,
)
from govservice.approval._plan import (
    ApprovalPlan,
    Join,
    JoinMode,
    Stage,
    Step,
    TimeoutPolicy,
    construction_project_plan,
)
from govservice.approval._schedule import Comparison, Schedule, ScheduledStep
from govservice.supervision import (
    BUILTIN_RULES,
    DRAW_SCHEME,
    Act,
    ActRole,
    Designation,
    Directory,
    Draw,
    Exclusion,
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
    StratumAllocation,
    TracedCase,
    Violation,
    acts_of,
    check_separation,
    draw_inspection,
    enforce,
    format_draw,
    inspection_conflicts,
    verify_draw,
)

# Separation of duties and inspection draws live in govservice.supervision; the
# names stay importable from here (Function and FunctionKind are now DutyFunction and
# DutyFunctionKind).
from govservice.supervision import DutyFunction as Function
from govservice.supervision import DutyFunctionKind as FunctionKind

__all__ = [
    "BUILTIN_RULES",
    "DRAW_SCHEME",
    "Act",
    "ActRole",
    "ApprovalPlan",
    "Comparison",
    "Decision",
    "Designation",
    "Directory",
    "Draw",
    "Exclusion",
    "Exemption",
    "ExemptionKind",
    "Facts",
    "Function",
    "FunctionKind",
    "Join",
    "JoinMode",
    "Outcome",
    "Overview",
    "ParallelCase",
    "ParallelState",
    "Person",
    "Relation",
    "RoleConflict",
    "Rule",
    "Schedule",
    "ScheduledStep",
    "Scope",
    "Separation",
    "Severity",
    "Stage",
    "Step",
    "StratumAllocation",
    "Task",
    "TaskStatus",
    "TimeoutPolicy",
    "TracedCase",
    "Violation",
    "acts_of",
    "check_separation",
    "construction_project_plan",
    "draw_inspection",
    "enforce",
    "format_draw",
    "gantt",
    "gantt_svg",
    "inspection_conflicts",
    "verify_draw",
]
