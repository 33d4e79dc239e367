"""govservice.approval: parallel approval and separation of duties.

Examples:
    >>> from govservice.approval import BUILTIN_RULES
    >>> [rule.id for rule in BUILTIN_RULES]  # doctest: +NORMALIZE_WHITESPACE
    ['one_review_one_approval', 'approver_not_supervisor', 'department_licenses_and_supervises',
     'static_role_conflict']
"""

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
    "Act",
    "ActRole",
    "Designation",
    "Directory",
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
    "TracedCase",
    "Violation",
    "acts_of",
    "check_separation",
    "enforce",
]
