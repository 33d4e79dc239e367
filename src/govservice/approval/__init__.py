"""govservice.approval: parallel approval and separation of duties.

Examples:
    >>> from govservice.approval import BUILTIN_RULES
    >>> [rule.id for rule in BUILTIN_RULES]  # doctest: +NORMALIZE_WHITESPACE
    ['one_review_one_approval', 'approver_not_supervisor', 'department_licenses_and_supervises',
     'static_role_conflict']
"""

# Double-random inspection draws (issue 6).
from govservice.approval._draw import (
    DRAW_SCHEME,
    Draw,
    Exclusion,
    StratumAllocation,
    draw_inspection,
    format_draw,
    inspection_conflicts,
    verify_draw,
)

# Separation of duties (issue 6).
from govservice.approval._separation import (
    BUILTIN_RULES,
    Act,
    ActRole,
    Designation,
    Directory,
    Exemption,
    ExemptionKind,
    Facts,
    Function,
    FunctionKind,
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
    "Act",
    "ActRole",
    "Designation",
    "Directory",
    "Draw",
    "Exclusion",
    "Exemption",
    "ExemptionKind",
    "Facts",
    "Function",
    "FunctionKind",
    "Person",
    "Relation",
    "RoleConflict",
    "Rule",
    "Scope",
    "Separation",
    "Severity",
    "StratumAllocation",
    "TracedCase",
    "Violation",
    "acts_of",
    "check_separation",
    "draw_inspection",
    "enforce",
    "format_draw",
    "inspection_conflicts",
    "verify_draw",
]
