"""Parallel-approval plans (并联审批): steps, dependencies, join and timeout policies, templates.

A plan is a dependency graph: the documents of one step are the basis of the next (the land-use
planning permit before the construction permit), while steps with no such link run in parallel
(一门受理、抄告相关、限时反馈、同步审批、按时办结, Zhoushan profile; Administrative Licensing
Law art. 26).
"""

from __future__ import annotations

import enum
import functools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from govservice._errors import CatalogProblem, InvalidValueError, PlanError, PlanProblem
from govservice._files import atomic_write, check_path, parse_json, parse_toml, read_text
from govservice._lifecycle import UNIFIED_HANDLING_DAYS
from govservice._serde import drop_none, problems_of
from govservice._validators import nonempty, optional_text, text, to_enum
from govservice.calendar import LimitUnit, ProvisionalCalendar, TimeLimit, WorkCalendar
from govservice.matters import make_converter

if TYPE_CHECKING:
    import datetime as dt

    from govservice.approval._parallel import ParallelCase
    from govservice.approval._schedule import Comparison, Schedule
    from govservice.matters import Guard

__all__ = [
    "ApprovalPlan",
    "Join",
    "JoinMode",
    "Stage",
    "Step",
    "TimeoutPolicy",
    "construction_project_plan",
]

_FORMAT = "govservice.approval_plan/1"
_DATA = Path(__file__).resolve().parent / "data"


class TimeoutPolicy(enum.Enum):
    """What happens when a department lets its feedback deadline pass (限时反馈).

    ``ESCALATE`` (the default) records the timeout and reports the step to the supervising
    organ; ``REMIND`` records a reminder; ``DEEMED_CONSENT`` (逾期视为同意) counts the step as
    approved on its deadline, only where a local rule says so: the step must name that rule in
    ``timeout_basis`` ((practice): local parallel-approval measures; no national rule).

    Examples:
        >>> TimeoutPolicy("deemed_consent")
        <TimeoutPolicy.DEEMED_CONSENT: 'deemed_consent'>
    """

    ESCALATE = "escalate"  #: 督办: report to the supervising organ
    REMIND = "remind"  #: 提醒: remind the department
    DEEMED_CONSENT = "deemed_consent"  #: 视为同意: only under a local rule


class JoinMode(enum.Enum):
    """How the departments' results combine into the case's result.

    Examples:
        >>> JoinMode("k_of_n").value
        'k_of_n'
    """

    ALL = "all"  #: approved when every step approves; a denial decides, others still answer
    FIRST_DENIAL = "first_denial"  #: the first denial ends the case at once
    K_OF_N = "k_of_n"  #: approved when k steps approve; denied once k can no longer be reached


def _join_mode(value: object) -> JoinMode:
    return to_enum(JoinMode, "join.mode")(value)


def _ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidValueError("requires", value, "a list of step ids (not a single string)")
    ids = tuple(value)
    for item in ids:
        if not isinstance(item, str) or not item.strip():
            raise InvalidValueError("requires", item, "step ids (non-empty strings)")
    return ids


def _limit(field: str) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, TimeLimit):
            raise InvalidValueError(field, value, "a TimeLimit (TimeLimit.working_days(5))")

    return check


@attrs.frozen
class Join:
    """The join policy of a plan: all must approve, one denial ends it, or k of n.

    Examples:
        >>> Join.k_of_n(2)
        Join(mode=<JoinMode.K_OF_N: 'k_of_n'>, k=2)
        >>> Join().mode
        <JoinMode.ALL: 'all'>
    """

    mode: JoinMode = attrs.field(default=JoinMode.ALL, converter=_join_mode)
    k: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.mode is JoinMode.K_OF_N:
            if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1:
                raise InvalidValueError("join.k", self.k, "an integer >= 1 for k_of_n")
        elif self.k is not None:
            raise InvalidValueError("join.k", self.k, f"None for join mode {self.mode.value!r}")

    @classmethod
    def all(cls) -> Join:
        """Every step must approve (the default)."""
        return cls(JoinMode.ALL)

    @classmethod
    def first_denial(cls) -> Join:
        """The first denial ends the case."""
        return cls(JoinMode.FIRST_DENIAL)

    @classmethod
    def k_of_n(cls, k: int) -> Join:
        """The case is approved once ``k`` steps approve."""
        return cls(JoinMode.K_OF_N, k)


@attrs.frozen
class Stage:
    """A stage of a plan (the construction-project reform's four stages), with its lead.

    Args:
        id: A short id the steps refer to.
        name: The Chinese name (立项用地规划许可).
        name_en: The English name.
        lead: The lead department of the stage (一家牵头).

    Examples:
        >>> Stage("s1", "立项用地规划许可", "land-use planning", "发展改革局").lead
        '发展改革局'
    """

    id: str = attrs.field(validator=nonempty("stage.id"))
    name: str = attrs.field(validator=nonempty("stage.name"))
    name_en: str = attrs.field(default="", validator=text("stage.name_en"))
    lead: str | None = attrs.field(default=None, validator=optional_text("stage.lead"))


def _timeout_policy(value: object) -> TimeoutPolicy:
    return to_enum(TimeoutPolicy, "on_timeout")(value)


@attrs.frozen
class Step:
    """One department's step of a parallel plan.

    Args:
        id: Unique in the plan; other steps name it in ``requires``.
        department: The department that answers (the copy-to recipient).
        limit: Its feedback or decision limit (限时反馈), a `TimeLimit`.
        requires: The ids of the steps whose result it needs (前置).
        matter_code: The matter this step decides, if any.
        stage: The id of the plan's stage it belongs to.
        name: What the step is, in Chinese (建设工程规划许可证核发).
        name_en: The same in English.
        on_timeout: What a missed deadline does (`TimeoutPolicy`).
        timeout_basis: The local rule allowing deemed consent; required for it.

    Examples:
        >>> from govservice.calendar import TimeLimit
        >>> s = Step("fire", "消防救援大队", TimeLimit.working_days(6), requires=["land"])
        >>> s.requires, s.on_timeout.value
        (('land',), 'escalate')
    """

    id: str = attrs.field(validator=nonempty("step.id"))
    department: str = attrs.field(validator=nonempty("step.department"))
    limit: TimeLimit = attrs.field(validator=_limit("step.limit"))
    requires: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    matter_code: str | None = attrs.field(default=None, validator=optional_text("matter_code"))
    stage: str | None = attrs.field(default=None, validator=optional_text("stage"))
    name: str | None = attrs.field(default=None, validator=optional_text("name"))
    name_en: str | None = attrs.field(default=None, validator=optional_text("name_en"))
    on_timeout: TimeoutPolicy = attrs.field(
        default=TimeoutPolicy.ESCALATE, converter=_timeout_policy
    )
    timeout_basis: str | None = attrs.field(default=None, validator=optional_text("timeout_basis"))

    def __attrs_post_init__(self) -> None:
        if (
            self.on_timeout is TimeoutPolicy.DEEMED_CONSENT
            and not (self.timeout_basis or "").strip()
        ):
            raise InvalidValueError(
                "timeout_basis",
                self.timeout_basis,
                "the local rule that allows deemed consent (逾期视为同意)",
            )

    @property
    def label(self) -> str:
        """The name if there is one, else the id."""
        return self.name or self.id


def _steps(value: object) -> tuple[Step, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InvalidValueError("steps", value, "a list of Step values")
    return tuple(value)


def _stages(value: object) -> tuple[Stage, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InvalidValueError("stages", value, "a list of Stage values")
    return tuple(value)


@attrs.frozen
class _Graph:
    """The plan's steps as integer-indexed lists, in a topological order (computed once)."""

    index: dict[str, int]
    preds: list[list[int]]
    succs: list[list[int]]
    order: list[int]


@attrs.frozen(repr=False)
class ApprovalPlan:
    """A parallel-approval plan: steps with dependencies, a lead, a join and an overall limit.

    Validation at construction raises `PlanError` listing every problem: duplicate ids, unknown
    step references, a cycle (naming the steps on it: approvals must not be each other's
    preconditions, 国发〔2015〕6号), a step limit above the overall limit, unknown stages.

    Args:
        steps: The steps, in the order a center lists them.
        lead: The lead department or window (牵头部门 / 综合窗口) that accepts once and delivers
            once (Administrative Licensing Law art. 26).
        overall_limit: The limit of the whole case: 45 working days for joint handling by
            default (art. 42 para. 2).
        extension_limit: How many working days the one extension of the statutory bound may
            add, with the approval of the head of the government: 15 (art. 42 para. 2).
        join: How results combine (`Join`).
        name: The plan's name in Chinese.
        name_en: The plan's name in English.
        stages: Optional stages with their leads; steps name them in ``stage``.

    Examples:
        >>> from govservice.calendar import TimeLimit as L
        >>> plan = ApprovalPlan([Step("a", "发改局", L.working_days(2)),
        ...                      Step("b", "规划局", L.working_days(3), requires=["a"]),
        ...                      Step("c", "消防", L.working_days(4), requires=["a"])],
        ...                     lead="综合窗口")
        >>> plan.order
        ('a', 'b', 'c')
        >>> ApprovalPlan([Step("a", "x", L.working_days(1), requires=["b"]),
        ...               Step("b", "y", L.working_days(1), requires=["a"])], lead="w")
        Traceback (most recent call last):
        ...
        govservice.PlanError: 1 problem in the approval plan <plan>:
          step 'a' requires: must be no cycle (approvals must not be each other's preconditions), got ['a', 'b', 'a']
    """  # noqa: E501

    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    lead: str = attrs.field(kw_only=True, validator=nonempty("lead"))
    overall_limit: TimeLimit = attrs.field(
        kw_only=True,
        factory=lambda: TimeLimit.working_days(UNIFIED_HANDLING_DAYS),
        validator=_limit("overall_limit"),
    )
    extension_limit: int = attrs.field(kw_only=True, default=15)
    join: Join = attrs.field(kw_only=True, factory=Join)
    name: str = attrs.field(kw_only=True, default="", validator=text("name"))
    name_en: str = attrs.field(kw_only=True, default="", validator=text("name_en"))
    stages: tuple[Stage, ...] = attrs.field(kw_only=True, default=(), converter=_stages)
    _graph: _Graph = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise PlanError(problems)
        graph = _graph(self.steps)
        if len(graph.order) < len(self.steps):  # Kahn's sort stopped short: there is a cycle
            cycle = _find_cycle(self.steps)
            raise PlanError(
                [PlanProblem.of(f"step {cycle[0]!r}", "requires", cycle,
                                "no cycle (approvals must not be each other's preconditions)")]
            )  # fmt: skip
        object.__setattr__(self, "_graph", graph)

    def __repr__(self) -> str:
        return f"<ApprovalPlan {self.name or '(unnamed)'} steps={len(self.steps)} lead={self.lead}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    # -- questions ----------------------------------------------------------------------------

    def __getitem__(self, step_id: str) -> Step:
        """The step with id ``step_id``."""
        try:
            return self.steps[self._graph.index[step_id]]
        except KeyError:
            raise InvalidValueError("step_id", step_id, "the id of a step in the plan") from None

    def __contains__(self, step_id: object) -> bool:
        return step_id in self._graph.index

    @property
    def order(self) -> tuple[str, ...]:
        """Step ids in a topological order: each after every step it requires (stable)."""
        return tuple(self.steps[i].id for i in self._graph.order)

    def dependents(self, step_id: str) -> tuple[str, ...]:
        """The ids of the steps that require ``step_id`` directly."""
        i = self._graph.index[self[step_id].id]
        return tuple(self.steps[j].id for j in self._graph.succs[i])

    @property
    def departments(self) -> tuple[str, ...]:
        """The departments copied to (抄告相关), in order of first appearance."""
        return tuple(dict.fromkeys(s.department for s in self.steps))

    # -- scheduling (see _schedule.py) --------------------------------------------------------

    def schedule(self, accepted_on: dt.date, calendar: WorkCalendar) -> Schedule:
        """The planned schedule of a case accepted on ``accepted_on``; see `Schedule`."""
        from govservice.approval._schedule import schedule

        return schedule(self, accepted_on, calendar)

    def compare(self, calendar: WorkCalendar, *, accepted_on: dt.date | None = None) -> Comparison:
        """Serial against parallel handling of this plan, in working days; see `Comparison`."""
        from govservice.approval._schedule import compare

        return compare(self, calendar, accepted_on)

    def open(
        self,
        case_id: str,
        accepted_on: dt.date,
        *,
        calendar: WorkCalendar | ProvisionalCalendar,
        at: dt.datetime | None = None,
        by: str | None = None,
        guard: Guard | None = None,
    ) -> ParallelCase:
        """Open a live parallel case accepted on ``accepted_on``; see `ParallelCase`.

        ``calendar`` is required (no silent default).
        """
        from govservice.approval._parallel import ParallelCase

        return ParallelCase.open(
            self, case_id, accepted_on, calendar=calendar, at=at, by=by, guard=guard
        )

    # -- data ---------------------------------------------------------------------------------

    def to_mapping(self) -> dict[str, Any]:
        """The plan as plain data (JSON/TOML form).

        Examples:
            >>> plan = construction_project_plan()
            >>> ApprovalPlan.from_mapping(plan.to_mapping()) == plan
            True
        """
        conv = _converter()
        return {
            "format": _FORMAT,
            "name": self.name,
            "name_en": self.name_en,
            "lead": self.lead,
            "overall_limit": conv.unstructure(self.overall_limit),
            "extension_limit": self.extension_limit,
            "join": conv.unstructure(self.join),
            "stages": [conv.unstructure(s) for s in self.stages],
            "steps": [conv.unstructure(s) for s in self.steps],
        }

    @classmethod
    def from_mapping(cls, data: object, *, source: str = "<mapping>") -> ApprovalPlan:
        """A plan from its plain-data form; `PlanError` lists every problem with its path.

        Examples:
            >>> ApprovalPlan.from_mapping({"format": "govservice.approval_plan/1", "lead": "w",
            ...     "steps": [{"id": "a", "department": "d", "limit": "五个工作日"}]})["a"].limit
            TimeLimit(amount=5, unit=<LimitUnit.WORKING_DAYS: 'working_days'>)
        """
        if not isinstance(data, Mapping):
            raise PlanError(
                [PlanProblem.of("$", "(plan)", type(data).__name__, "a mapping")], source
            )
        conv = _converter()
        problems: list[PlanProblem] = []
        if data.get("format", _FORMAT) != _FORMAT:
            problems.append(PlanProblem.of("$", "format", data.get("format"), repr(_FORMAT)))
        known = {"format", "name", "name_en", "lead", "overall_limit", "extension_limit", "join",
                 "stages", "steps"}  # fmt: skip
        if set(data) - known:
            problems.append(PlanProblem.of("$", "(keys)", sorted(set(data) - known), "known keys"))
        values: dict[str, Any] = {}
        kind: type[Any]
        for key, kind in (("overall_limit", TimeLimit), ("join", Join)):
            if key in data:
                values[key] = _structure(conv, data[key], kind, f"$.{key}", problems)
        for key, kind in (("stages", Stage), ("steps", Step)):
            raw = data.get(key, [])
            if not isinstance(raw, list):
                problems.append(PlanProblem.of("$", key, raw, "a list"))
                continue
            values[key] = [_structure(conv, item, kind, f"$.{key}[{i}]", problems)
                           for i, item in enumerate(raw)]  # fmt: skip
        for key in ("lead", "name", "name_en"):
            if key in data:
                values[key] = data[key]
        if "lead" not in data:
            problems.append(PlanProblem.of("$", "lead", None, "the lead department (a string)"))
        if "extension_limit" in data:
            values["extension_limit"] = data["extension_limit"]
        if problems:
            raise PlanError(problems, source)
        try:
            return cls(values.pop("steps", ()), **values)
        except PlanError as exc:
            raise PlanError(exc.problems, source) from None
        except InvalidValueError as exc:
            raise PlanError(
                [PlanProblem.of("$", exc.field, exc.value, exc.expected)], source
            ) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ApprovalPlan:
        """Read a plan from a ``.json`` or ``.toml`` file.

        Raises:
            PlanError: Every problem of the file, each with its path (``$.steps[2].limit``).
        """
        name = _plan_path(path)
        suffix = Path(name).suffix.lower()
        if suffix not in (".json", ".toml"):
            raise PlanError([PlanProblem.of("$", "file", suffix, "a .json or .toml file")], name)
        try:
            text = read_text(name)
            data = parse_json(text) if suffix == ".json" else parse_toml(text)
        except InvalidValueError as exc:
            raise PlanError(
                [PlanProblem.of(exc.field, "file", exc.value, exc.expected)], name
            ) from None
        return cls.from_mapping(data, source=name)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the plan as ``.json`` or ``.toml`` (by suffix), whole or not at all.

        Examples:
            >>> import pathlib, tempfile
            >>> out = pathlib.Path(tempfile.mkdtemp()) / "plan.toml"
            >>> construction_project_plan().save(out)
            >>> ApprovalPlan.load(out) == construction_project_plan()
            True
        """
        name = _plan_path(path)
        suffix = Path(name).suffix.lower()
        if suffix == ".json":
            text = json.dumps(self.to_mapping(), ensure_ascii=False, indent=2) + "\n"
        elif suffix == ".toml":
            import tomli_w

            text = tomli_w.dumps(drop_none(self.to_mapping()))
        else:
            raise PlanError([PlanProblem.of("$", "file", suffix, "a .json or .toml file")], name)
        try:
            atomic_write(name, text)
        except InvalidValueError as exc:
            raise PlanError(
                [PlanProblem.of("$", exc.field, exc.value, exc.expected)], name
            ) from None


def _plan_path(path: object) -> str:
    try:
        return str(check_path(path))
    except InvalidValueError as exc:
        raise PlanError([PlanProblem.of("$", "path", exc.value, exc.expected)], "<path>") from None


@functools.cache
def _converter() -> Any:
    conv = make_converter()
    conv.register_unstructure_hook(Join, lambda j: {"mode": j.mode.value, "k": j.k})
    return conv


def _structure(conv: Any, raw: object, kind: type[Any], where: str, out: list[PlanProblem]) -> Any:
    try:
        return conv.structure(raw, kind)
    except Exception as exc:  # cattrs groups every failure; problems_of names each
        found: list[CatalogProblem] = problems_of(exc, "", where, kind)
        out.extend(PlanProblem.of(where, p.field, p.value, p.expected) for p in found)
        return None


def _comparable(step: TimeLimit, overall: TimeLimit) -> bool:
    units = {step.unit, overall.unit}
    return step.unit is overall.unit or LimitUnit.IMMEDIATE in units


def _problems(plan: ApprovalPlan) -> list[PlanProblem]:
    problems: list[PlanProblem] = []
    for i, step in enumerate(plan.steps):
        if not isinstance(step, Step):
            problems.append(PlanProblem.of(f"steps[{i}]", "(step)", step, "a Step"))
    for i, stage in enumerate(plan.stages):
        if not isinstance(stage, Stage):
            problems.append(PlanProblem.of(f"stages[{i}]", "(stage)", stage, "a Stage"))
    if problems:
        return problems
    if not plan.steps:
        problems.append(PlanProblem.of("plan", "steps", [], "at least one step"))
    if (
        isinstance(plan.extension_limit, bool)
        or not isinstance(plan.extension_limit, int)
        or (plan.extension_limit < 0)
    ):
        problems.append(
            PlanProblem.of("plan", "extension_limit", plan.extension_limit, "an integer >= 0")
        )
    if not isinstance(plan.join, Join):
        problems.append(PlanProblem.of("plan", "join", plan.join, "a Join"))
    elif (
        plan.join.mode is JoinMode.K_OF_N
        and plan.join.k is not None
        and plan.join.k > len(plan.steps)
    ):
        problems.append(
            PlanProblem.of("plan", "join.k", plan.join.k, f"at most the {len(plan.steps)} steps")
        )
    seen: dict[str, int] = {}
    for i, step in enumerate(plan.steps):
        if step.id in seen:
            problems.append(
                PlanProblem.of(f"step {step.id!r}", "id", step.id,
                               f"a unique id (steps {seen[step.id] + 1} and {i + 1} share it)")
            )  # fmt: skip
        seen.setdefault(step.id, i)
    stage_ids = [s.id for s in plan.stages]
    for stage_id in {s for s in stage_ids if stage_ids.count(s) > 1}:
        problems.append(PlanProblem.of(f"stage {stage_id!r}", "id", stage_id, "a unique id"))
    for step in plan.steps:
        where = f"step {step.id!r}"
        for ref in step.requires:
            if ref not in seen:
                problems.append(
                    PlanProblem.of(where, "requires", ref, "the id of a step in the plan")
                )
        if plan.stages and step.stage is not None and step.stage not in stage_ids:
            problems.append(PlanProblem.of(where, "stage", step.stage, "the id of a plan stage"))
        if _comparable(step.limit, plan.overall_limit) and step.limit > plan.overall_limit:
            problems.append(
                PlanProblem.of(where, "limit", str(step.limit),
                               f"at most the overall limit ({plan.overall_limit})")
            )  # fmt: skip
    return problems


def _find_cycle(steps: Sequence[Step]) -> list[str]:
    """The steps on one cycle, first repeated at the end (["a", "b", "a"]), or [] if none."""
    requires = {s.id: s.requires for s in steps}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in requires:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            deps = requires[node]
            if i < len(deps):
                stack[-1] = (node, i + 1)
                nxt = deps[i]
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    return list(reversed(cycle))
                if not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return []


def _graph(steps: Sequence[Step]) -> _Graph:
    index = {s.id: i for i, s in enumerate(steps)}
    preds = [[index[r] for r in dict.fromkeys(s.requires)] for s in steps]
    succs: list[list[int]] = [[] for _ in steps]
    for j, ps in enumerate(preds):
        for i in ps:
            succs[i].append(j)
    # Kahn's algorithm, taking ready steps in plan order (a stable order for equal plans).
    import heapq

    missing = [len(ps) for ps in preds]
    ready = [i for i, m in enumerate(missing) if m == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for j in succs[i]:
            missing[j] -= 1
            if missing[j] == 0:
                heapq.heappush(ready, j)
    return _Graph(index, preds, succs, order)


def construction_project_plan() -> ApprovalPlan:
    """The construction-project reform's four stages as a ready plan (工程建设项目审批).

    Stages per 国办发〔2019〕11号: 立项用地规划许可, 工程建设许可, 施工许可, 竣工验收, each
    with one lead department (一家牵头、并联审批、限时办结) and the whole within 120 working days
    (the 2019 target), which is the plan's overall limit. The steps follow that document's
    description of each stage. **The departments named as leads and every step limit are
    illustrative (convention)**: no national text fixes them; load your province's plan from data.

    Examples:
        >>> plan = construction_project_plan()
        >>> [s.name for s in plan.stages]
        ['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']
        >>> plan.overall_limit
        TimeLimit(amount=120, unit=<LimitUnit.WORKING_DAYS: 'working_days'>)
    """
    return _template("construction_project.json")


@functools.cache
def _template(name: str) -> ApprovalPlan:
    path = _DATA / name
    return ApprovalPlan.from_mapping(json.loads(path.read_text("utf-8")), source=name)
