"""Each area's public names, pinned, and each belongs to its area (its ``__module__``).

A name an area defines has that area as ``__module__`` (the package or one of its private
modules). The exceptions are listed: the old paths that re-export `govservice.supervision`,
the few names two areas share from a shared private module, and type aliases.
"""

from __future__ import annotations

import importlib

import pytest

import govservice.supervision as supervision

# fmt: off
PUBLIC = {
    "calendar": [
        "LOCALES", "MAX_DAYS", "MAX_HOURS", "Basis", "Coverage", "DateLike", "DayChange",
        "DayEntry", "DayKind", "Deadline", "DeadlineStep", "EntryKind", "Extension",
        "LimitUnit", "Notice", "OfficeHours", "ProvisionalCalendar", "ReceiptPolicy",
        "StepKind", "Suspension", "SuspensionReason", "TimeLimit", "WorkCalendar",
        "YearData", "calendar_to_json", "china", "deadline", "festival_dates",
        "format_date", "format_day_kind", "format_deadline", "format_limit",
        "load_calendar", "load_year", "make_converter", "save_calendar",
        "statutory_holidays", "year_from_holiday_cn", "year_from_notice"
    ],
    "matters": [
        "CSV_COLUMNS", "GUIDE_FORMATS", "SHEET_HEADERS", "Action", "AppealGround",
        "ApproverRole", "Case", "CaseFacts", "CaseFeedback", "CaseKind", "CaseNotice",
        "CaseState", "Catalog", "CatalogFigures", "Center", "CenterHierarchy",
        "CenterLevel", "Classification", "ClassificationPolicy", "Complaint",
        "DepartmentFigures", "Fee", "FeedbackActs", "FeedbackChannel", "Guard",
        "GuideElement", "GuideSite", "HandlingSystem", "Handover", "Inquiry", "InquiryState",
        "LegalBasis", "LevelPart", "Material",
        "MaterialForm", "Matter", "MatterType", "Node", "NoticeKind", "OnlineDepth",
        "ProcedureStep", "ProposedAct", "Rating", "Reason", "Rectification",
        "RectificationOutcome", "RectificationPolicy", "RectificationSource",
        "RectificationState", "Review", "ServiceForm", "Timeliness", "TimelinessStatus",
        "Trace", "TraceEvent", "Verification", "canonical", "check_publishable", "classify",
        "guide", "guide_elements", "guide_site", "linkage", "load_case", "make_converter",
        "sample_catalog",
        "sample_hierarchy", "sample_life_events", "timeliness_of"
    ],
    "approval": [
        "BUILTIN_RULES", "DRAW_SCHEME", "Act", "ActRole", "ApprovalPlan", "Comparison",
        "Decision", "Designation", "Directory", "Draw", "Exclusion", "Exemption",
        "ExemptionKind", "Facts", "Function", "FunctionKind", "Join", "JoinMode", "Outcome",
        "Overview", "ParallelCase", "ParallelState", "Person", "Relation", "RoleConflict",
        "Rule", "Schedule", "ScheduledStep", "Scope", "Separation", "Severity", "Stage",
        "Step", "StratumAllocation", "Task", "TaskStatus", "TimeoutPolicy", "TracedCase",
        "Violation", "acts_of", "check_separation", "construction_project_plan",
        "draw_inspection", "enforce", "format_draw", "gantt", "gantt_svg",
        "inspection_conflicts", "verify_draw"
    ],
    "metrics": [
        "ACCEPTED_IN", "CHANNELS", "DEFAULT_IRREGULAR", "FEEDBACK_COLUMNS",
        "HEADER_ALIASES", "INDICATORS", "IRREGULARITIES", "IRREGULARITY_RULES",
        "LIFECYCLE_COLUMNS", "METHODS", "NODES", "OUTCOMES", "PERIODS", "PERIOD_BASES",
        "RECORD_COLUMNS", "STATUSES", "VALUE_LABELS", "Form", "Indicator", "Irregularity",
        "IrregularityRule", "IrregularitySettings", "Measure", "Monitoring",
        "MonthlyReport", "Partials", "RecordCheck", "RecordColumn", "RecordColumns",
        "ScoreRule", "ScoringScheme", "Thresholds", "check_records", "competition_rank",
        "compute_indicators", "county_monthly_scheme", "feedback_columns", "feedback_fields",
        "find_irregularities", "frame_from_rows", "fuyang_dynamic_scheme",
        "indicators_from_partials", "load_scheme", "merge_partials", "monitor",
        "monthly_report", "partials", "read_records", "records_from_cases",
        "rollup_indicators", "simulate", "status_name", "with_feedback"
    ],
    "supervision": [
        "BUILTIN_RULES", "DRAW_SCHEME", "IRREGULARITY_RULES", "METHODS", "NODES",
        "STATUSES", "Act", "ActRole", "ApprovalNotice", "CardStatus", "Designation",
        "Directory", "Draw", "DrawCommitment", "DutyFunction", "DutyFunctionKind",
        "Exclusion", "Exemption", "ExemptionKind", "Facts", "InspectionOutcome",
        "InspectionResult", "Irregularity", "IrregularityRule", "IrregularitySettings",
        "Monitoring", "MonthlyReport", "MonthlyReportContent", "Person", "Relation",
        "RoleConflict", "Rule", "Scope", "ScoreMethod", "ScoreRule", "ScoringScheme",
        "Separation", "Severity", "StratumAllocation", "Thresholds", "TracedCase",
        "Violation", "WaitingNode", "acts_of", "archive_check_targets",
        "build_monthly_report", "check_separation", "commit_draw", "competition_rank",
        "cooling_period_rule", "county_monthly_scheme", "draw_inspection", "enforce",
        "find_irregularities", "format_draw", "fuyang_dynamic_scheme", "identity_key",
        "inspection_conflicts", "load_scheme", "monitor", "monthly_report",
        "notify_approvals", "open_rectifications", "status_name", "unanswered_inquiries",
        "verify_draw"
    ],
    "testing": [
        "approval_plans", "case_histories", "case_records", "catalogs", "covered_dates",
        "matters", "parallel_cases", "time_limits", "weekmasks", "work_calendars"
    ],
    "plot": [
        "FONT_FAMILY", "chinese_charts", "chinese_font", "font_path",
        "register_chinese_font"
    ],
    "cli": [
        "main"
    ],
    "store": [
        "MIGRATIONS", "SCHEMA_VERSION", "CaseRow", "CaseStore", "Digest", "DueMove",
        "ImportReport", "InclusionProof", "Migration", "Page", "Progress",
        "RecalendarReport", "VerifyReport", "merkle_root", "open_store"
    ],
    "server": [
        "ACT_ROLES", "API_VERSION", "PROBLEM_JSON", "Problem", "Role", "User", "Users",
        "background", "create_app", "hash_token", "serve"
    ],
}
# fmt: on

#: Names two areas share; they live in a shared private module so neither imports the other.
SHARED = {
    "Irregularity": "govservice._irregularity",
    "RecordColumns": "govservice._columns",
    # the lifecycle core that `Case` (matters) and `ParallelCase` (approval) share
    **dict.fromkeys(
        [
            "Action",
            "ApproverRole",
            "CaseNotice",
            "HandlingSystem",
            "NoticeKind",
            "Timeliness",
            "TimelinessStatus",
            "timeliness_of",
        ],
        "govservice._lifecycle",
    ),
    **dict.fromkeys(["Trace", "TraceEvent", "canonical"], "govservice._trace"),
    "ProposedAct": "govservice._guard",
}
#: Public names for shared helpers (no module of their own to check); type aliases (their
#: ``__module__`` is typing's or the standard library's) are skipped as well.
ALIASES = {"chinese_charts"}
#: Old paths: names `govservice.approval` and `govservice.metrics` re-export from supervision.
RENAMED = {"Function": "DutyFunction", "FunctionKind": "DutyFunctionKind"}


def _isort_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("area", sorted(PUBLIC))
def test_public_names_are_pinned_and_sorted(area: str) -> None:
    module = importlib.import_module(f"govservice.{area}")
    assert module.__all__ == PUBLIC[area]
    # sorted as ruff sorts __all__: constants, then classes, then functions
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    for name in module.__all__:
        assert hasattr(module, name), name


@pytest.mark.parametrize("area", sorted(PUBLIC))
def test_each_name_belongs_to_its_area(area: str) -> None:
    module = importlib.import_module(f"govservice.{area}")
    for name in module.__all__:
        value = getattr(module, name)
        if name in ALIASES:
            continue
        if name in SHARED:
            assert value.__module__ == SHARED[name], name
            continue
        home = getattr(value, "__module__", None)
        if home is None or not (isinstance(value, type) or callable(value)):
            continue  # a constant
        if not home.startswith("govservice"):
            continue  # a type alias (typing.Literal, a Callable or a Union)
        if area in ("approval", "metrics") and home.startswith("govservice.supervision."):
            assert value is getattr(supervision, RENAMED.get(name, name)), name
            continue
        assert home == module.__name__ or home.startswith(module.__name__ + "._"), (name, home)


def test_no_area_imports_another_areas_private_module() -> None:
    import ast
    from pathlib import Path

    root = Path(supervision.__file__).resolve().parent.parent
    found = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        area = parts[0] if len(parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = node.module.split(".")
                private = len(names) >= 3 and names[2].startswith("_")
                if private and names[0] == "govservice" and names[1] != area:
                    found.append(f"{path.relative_to(root)}: {node.module}")
    assert sorted(found) == KNOWN_PRIVATE_IMPORTS


#: None left: what two areas share lives in a top-level private module (`govservice._lifecycle`,
#: `_trace`, `_guard` for the case lifecycle), and the command line and the strategies use
#: public names (`Catalog.save_table`, `Case.allows`).
KNOWN_PRIVATE_IMPORTS: list[str] = []
