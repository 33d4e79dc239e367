"""Every public value and every error pickles, so it can go to another process or a Dask worker.

The values are enumerated, not listed by hand: every public class of every subpackage is found
through its package's ``__all__``, and an instance is taken from the runnable example in its
docstring (or, for the few whose example keeps none, from `_MADE` below). A new public class
without either fails `test_every_public_class_has_an_instance`.
"""

from __future__ import annotations

import datetime as dt
import doctest
import enum
import importlib
import inspect
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

import govservice
from govservice import (
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
from govservice.calendar import DeadlineStep, Extension, StepKind, china
from govservice.matters import CaseFacts, Fee, sample_catalog
from govservice.metrics import Partials

PACKAGES = (
    "govservice",
    "govservice.calendar",
    "govservice.matters",
    "govservice.approval",
    "govservice.metrics",
    "govservice.supervision",
    "govservice.store",
)
_SLOW_EXAMPLES = {"Partials"}  # its example simulates a month; built directly below


def _public_classes() -> dict[type, str]:
    found: dict[type, str] = {}
    for name in PACKAGES:
        package = importlib.import_module(name)
        for attr in package.__all__:
            value = getattr(package, attr)
            if (
                inspect.isclass(value)
                and value.__module__.startswith("govservice")
                and not issubclass(value, enum.Enum)  # enums pickle by name
                and not getattr(value, "_is_protocol", False)  # TracedCase: a Protocol
            ):
                found.setdefault(value, name)
    # Mixins (FeedbackActs): their instances are those of the public classes built on them.
    return {
        c: n
        for c, n in found.items()
        if attrs.has(c) or issubclass(c, BaseException) or not _is_base_of_another(c, found)
    }


def _is_base_of_another(cls: type, classes: dict[type, str]) -> bool:
    return any(other is not cls and issubclass(other, cls) for other in classes)


def _errors() -> list[BaseException]:
    problem = DataProblem.of("x.json", "$.year", "must be an integer")
    return [
        GovServiceError("anything"),
        InvalidValueError("amount", -1, "an integer >= 1"),
        TimeLimitParseError("text", "soon", "a time limit"),
        CalendarCoverageError(
            "day", dt.date(2027, 3, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
        ),
        CalendarDataError([problem]),
        CatalogError([CatalogProblem.of("c.json", "$.matters[0]", "code", "", "unique")]),
        TransitionError("approve", "submitted", "accept"),
        TraceIntegrityError(3, "hash does not match"),
        PlanError([PlanProblem.of("step 'a'", "requires", ["b"], "no cycle")], "p.json"),
        RecordError([RecordProblem.of("impossible_rating", 1, ["C-1"], "1..5")], 10, 1),
        SeparationError("C1", "approve", "王五", ["one_review_one_approval"], ["reviewed"]),
        NoEligibleActorError("C1", "approve", ["王五"], ["one_review_one_approval"]),
        DrawVerificationError("pool_digest", "the pools differ"),
        RecordFileError([CellProblem.of("bad_value", "a.csv", "", 3, "办件类型", "急件",
                                        "即办件, 承诺件")], 10),
        GuideError("M-1", ("legal_basis",), ("依据 (art. 30)",)),
        StoreError("save", "the database file is read-only", "C-1"),
        CaseNotFoundError("C-404"),
        ConcurrencyError("C-1", "ab" * 32, "cd" * 32),
        StoreIntegrityError(["C-1 state: stored 'approved', the trace says 'denied'"]),
        CalendarMismatchError("C-1", "due", dt.date(2025, 3, 4), dt.date(2025, 3, 5), 1),
    ]  # fmt: skip


def _made() -> list[object]:
    """Instances of the classes whose docstring example keeps none."""
    from govservice.approval import Stage
    from govservice.calendar import DayChange, DayKind
    from govservice.matters import Complaint, FeedbackChannel
    from govservice.store import (
        DueMove,
        ImportReport,
        InclusionProof,
        Page,
        Progress,
        RecalendarReport,
        VerifyReport,
    )
    from govservice.supervision import (
        Act,
        ActRole,
        Designation,
        Directory,
        DutyFunction,
        DutyFunctionKind,
        Exclusion,
        Exemption,
        ExemptionKind,
        Facts,
        IrregularitySettings,
        MonthlyReport,
        RoleConflict,
        Separation,
        StratumAllocation,
    )

    figures = sample_catalog().figures()
    moved = DueMove("C-1", "due_date", dt.date(2025, 3, 3), dt.date(2025, 3, 4))
    from govservice.matters import Timeliness, TimelinessStatus
    from govservice.supervision import ApprovalNotice, MonthlyReportContent

    others = [
        ApprovalNotice("C1", "综合执法局", "赵局长"),
        Timeliness(*(next(iter(TimelinessStatus)),) * 3),
        MonthlyReportContent("2025-03", "en", "March", {}, {}, "<html></html>"),
        DayChange(dt.date(2025, 3, 3), DayKind.WORKDAY, DayKind.LOCAL_REST_DAY, "闭厅"),
        Complaint(
            next(iter(FeedbackChannel)), "张三", dt.datetime(2025, 3, 3, tzinfo=dt.UTC), "慢"
        ),
        moved,
        ImportReport(1, 0, 2),
        InclusionProof(dt.date(2025, 3, 3), "C-1", "ab" * 32, 0, (("left", "cd" * 32),), "ef" * 32),
        Page((), 0, 0, 10),
        Progress(1, 2),
        RecalendarReport(("C-1",), (moved,), (("C-2", "closed"),)),
        VerifyReport(1, 2, ()),
    ]
    directory = Directory()
    act = Act("C-1", "王五", ActRole.APPROVE, dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC))
    return [
        *others,
        *_errors(),
        *(p for e in _errors() for p in getattr(e, "problems", ())),
        DeadlineStep(StepKind.DUE, dt.date(2025, 3, 3), detail="x"),
        Extension(10, "局长", "核查"),
        CaseFacts(("市场监督管理局",)),
        Fee("工本费每证10元", "《不动产登记收费标准》", "10"),
        figures,
        figures.total,
        Stage("s1", "立项用地规划许可", "land", "发展改革局"),
        act,
        Designation("市场监督管理局", "M-1", "三定方案"),
        Exclusion("T-1", "李四", "relative"),
        Exemption("one_review_one_approval", "small office", "县长", ExemptionKind.EXEMPTION,
                  case_id="C-1"),
        Facts((act,), directory),
        DutyFunction("市场监督管理局", DutyFunctionKind.LICENSING, "M-1"),
        RoleConflict(frozenset({"reviewer", "approver"}), 2, "one review, one approval"),
        Separation(directory),
        StratumAllocation("市场监督管理局", 120, 6),
        IrregularitySettings(),
        MonthlyReport("2025-03", "en", Path("r/report.html"), {}, {"report.html": Path("r/x")}),
        Partials(("center",), None, None, None),
    ]  # fmt: skip


def _walk(value: object, wanted: dict[type, str], into: dict[type, object], depth: int = 0) -> None:
    kind = type(value)
    if kind in wanted and kind not in into:
        into[kind] = value
    if depth > 5:
        return
    if attrs.has(kind):
        for field in attrs.fields(kind):
            _walk(getattr(value, field.name, None), wanted, into, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in list(value)[:10]:
            _walk(item, wanted, into, depth + 1)
    elif isinstance(value, dict):
        for item in list(value.values())[:10]:
            _walk(item, wanted, into, depth + 1)


@pytest.fixture(scope="module")
def instances() -> dict[type, object]:
    wanted = _public_classes()
    found: dict[type, object] = {}
    for value in _made():
        _walk(value, wanted, found)
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for cls in wanted:
        if cls.__name__ in _SLOW_EXAMPLES:
            continue
        module = importlib.import_module(cls.__module__)
        for test in finder.find(cls, globs=dict(vars(module))):
            runner.run(test, out=lambda _text: None, clear_globs=False)
            for value in test.globs.values():
                _walk(value, wanted, found)
    _walk(china(), wanted, found)
    return found


def test_every_public_class_has_an_instance(instances: dict[type, object]) -> None:
    missing = sorted(c.__name__ for c in _public_classes() if c not in instances)
    assert missing == []


def test_every_public_value_and_error_pickles(instances: dict[type, object]) -> None:
    failed: list[str] = []
    for cls, value in instances.items():
        try:
            back: Any = pickle.loads(pickle.dumps(value))
        except Exception as exc:
            failed.append(f"{cls.__name__}: {exc!r}")
            continue
        if isinstance(value, BaseException):
            assert type(back) is cls
            assert str(back) == str(value)
            assert back.args == value.args
        elif cls.__eq__ is not object.__eq__ and back != value:
            failed.append(f"{cls.__name__}: not equal after a round trip")
    assert failed == []


def test_the_shared_calendar_pickles_and_answers_the_same() -> None:
    cal = pickle.loads(pickle.dumps(china()))
    assert cal == china()
    assert cal.add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    assert govservice.__version__
