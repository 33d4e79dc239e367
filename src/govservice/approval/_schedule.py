"""Working-day schedules of parallel plans: earliest dates, slack and the critical path.

Convention (documented on `Schedule`): a step with no prerequisites counts from the acceptance
day; any other counts from the day its last prerequisite finishes; a step of n working days
finishes on ``calendar.add_working_days(anchor, n)``. So the due date is the acceptance day plus
the longest path of the plan, in working days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from govservice._errors import InvalidValueError
from govservice.calendar import LimitUnit, TimeLimit, WorkCalendar, deadline

if TYPE_CHECKING:
    from govservice.approval._plan import ApprovalPlan

__all__ = ["Comparison", "Schedule", "ScheduledStep"]


@attrs.frozen
class ScheduledStep:
    """One step's place in a schedule.

    Args:
        id: The step's id.
        department: Its department.
        start: The day it counts from (its anchor: the acceptance day, or the day its last
            prerequisite finishes). The day itself is not counted (Civil Code art. 201).
        finish: The day it is due.
        slack: Working days it can slip without moving the due date (0 on the critical path).
        start_offset: ``start`` in working days after acceptance.
        finish_offset: ``finish`` in working days after acceptance.

    Examples:
        >>> import datetime as dt
        >>> s = ScheduledStep("a", "规划局", dt.date(2024, 9, 27), dt.date(2024, 9, 29), 0, 0, 1)
        >>> s.working_days, s.critical
        (1, True)
    """

    id: str
    department: str
    start: dt.date
    finish: dt.date
    slack: int
    start_offset: int
    finish_offset: int

    @property
    def working_days(self) -> int:
        """The step's length in working days."""
        return self.finish_offset - self.start_offset

    @property
    def critical(self) -> bool:
        """Whether the step is on a critical path (no slack)."""
        return self.slack == 0


class _Steps(Mapping[str, ScheduledStep]):
    """The scheduled steps by id, built on first access (plans may have thousands)."""

    def __init__(self, build: Any, ids: Sequence[str]) -> None:
        self._build = build
        self._ids = ids
        self._position = {s: i for i, s in enumerate(ids)}
        self._cache: dict[str, ScheduledStep] = {}

    def __getitem__(self, key: str) -> ScheduledStep:
        hit = self._cache.get(key)
        if hit is None:
            i = self._position[key]
            hit = self._cache[key] = self._build(i)
        return hit

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"<scheduled steps: {len(self._ids)}>"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the steps themselves (the builder is a closure), so a schedule can travel."""
        return (_built_steps, (tuple(self[key] for key in self._ids),))


def _built_steps(steps: tuple[ScheduledStep, ...]) -> _Steps:
    built = _Steps(None, [s.id for s in steps])
    built._cache = {s.id: s for s in steps}
    return built


@attrs.frozen(repr=False)
class Schedule:
    """The planned schedule of a parallel case.

    Convention: a step with no prerequisites counts from the acceptance day; any other counts
    from the day its last prerequisite finishes; a step of n working days finishes on
    ``calendar.add_working_days(anchor, n)``. So ``due_date`` is the acceptance day plus the
    longest path in working days (``working_days``). A step limit in natural days finishes on
    its `deadline` from its anchor (Civil Code art. 203: a last day off moves to the next working
    day) and then counts as the working days that took; a limit in working hours counts as
    whole working days of the calendar's office hours, rounded up; an immediate step takes 0.

    Args:
        plan: The plan.
        accepted_on: The day of acceptance.
        steps: Each step's `ScheduledStep`, by id.
        critical_path: The ids of one critical path, first to last (ties: plan order).
        working_days: The longest path, in working days after acceptance.
        due_date: The planned finish of the whole case.
        calendar: The calendar used.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import TimeLimit as L, china
        >>> from govservice.approval import ApprovalPlan, Step
        >>> plan = ApprovalPlan([Step("a", "窗口", L.working_days(1)),
        ...                      Step("b", "规划", L.working_days(5), requires=["a"]),
        ...                      Step("c", "消防", L.working_days(3), requires=["a"])], lead="窗口")
        >>> s = plan.schedule(dt.date(2024, 9, 27), china())
        >>> s.critical_path, s.due_date, s.steps["c"].slack
        (('a', 'b'), datetime.date(2024, 10, 11), 2)
    """

    plan: ApprovalPlan
    accepted_on: dt.date
    steps: Mapping[str, ScheduledStep]
    critical_path: tuple[str, ...]
    working_days: int
    due_date: dt.date
    calendar: WorkCalendar = attrs.field(eq=False)

    def __repr__(self) -> str:
        return (
            f"<Schedule accepted_on={self.accepted_on} due_date={self.due_date} "
            f"working_days={self.working_days} steps={len(self.steps)}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    @property
    def overall_due_date(self) -> dt.date:
        """The legal bound: the acceptance day plus the plan's overall limit (no extension)."""
        return deadline(self.accepted_on, self.plan.overall_limit, self.calendar).due_date

    @property
    def within_limit(self) -> bool:
        """Whether the planned finish keeps within the overall limit (the glossary: flag it)."""
        return self.due_date <= self.overall_due_date

    def _repr_html_(self) -> str:
        """A card for notebooks: the due date, the critical path, each step and the Gantt chart.

        The chart is drawn inline when matplotlib (the ``plot`` extra) is installed.
        """
        from govservice._display import card, table

        header = ["步骤 step", "部门 department", "起算 start", "完成 finish", "工作日 days",
                  "机动 slack"]  # fmt: skip
        rows = [
            [r["name"], r["department"], r["start"].isoformat(), r["finish"].isoformat(),
             r["working_days"], r["slack"]]
            for r in self.rows()
        ]  # fmt: skip
        chart = ""
        try:
            from govservice.approval._gantt import gantt_svg

            chart = gantt_svg(self)
        except ImportError:  # a part left out: no matplotlib (the plot extra), the table alone
            pass
        return card(
            f"并联审批计划 Schedule: {self.plan.name}",
            [
                ("受理 accepted", self.accepted_on.isoformat()),
                ("办结 due", self.due_date.isoformat()),
                ("工作日 working days", self.working_days),
                ("关键路径 critical path", " → ".join(self.critical_path)),
            ],
            extra=table(header, rows) + chart,
        )

    def rows(self) -> list[dict[str, Any]]:
        """One plain row per step in topological order (for tables, CSV and charts).

        Examples:
            >>> import datetime as dt
            >>> from govservice.calendar import china
            >>> from govservice.approval import construction_project_plan
            >>> rows = construction_project_plan().schedule(dt.date(2025, 3, 3), china()).rows()
            >>> rows[0]["id"], rows[0]["start"], rows[0]["critical"]
            ('site_selection', datetime.date(2025, 3, 3), True)
        """
        rows = []
        for step_id in self.plan.order:
            s, step = self.steps[step_id], self.plan[step_id]
            rows.append(
                {"id": s.id, "name": step.label, "name_en": step.name_en or step.id,
                 "department": s.department, "stage": step.stage, "start": s.start,
                 "finish": s.finish, "working_days": s.working_days, "slack": s.slack,
                 "critical": s.critical}
            )  # fmt: skip
        return rows


@attrs.frozen
class Comparison:
    """Serial against parallel handling of a plan (串联 vs 并联), in working days.

    ``compression_rate`` is DOMAIN's ``process_compression_rate``: (before − after) ÷ before
    (Fuyang report: project establishment to construction permit, 90 → 50 working days = 44.44%).

    Examples:
        >>> c = Comparison(90, 50)
        >>> c.saved_working_days, round(c.compression_rate, 4)
        (40, 0.4444)
    """

    serial_working_days: int
    parallel_working_days: int
    serial_due: dt.date | None = None
    parallel_due: dt.date | None = None

    @property
    def saved_working_days(self) -> int:
        """Working days saved by handling in parallel."""
        return self.serial_working_days - self.parallel_working_days

    @property
    def compression_rate(self) -> float:
        """Saved ÷ serial (0.0 for an empty plan)."""
        if not self.serial_working_days:
            return 0.0
        return self.saved_working_days / self.serial_working_days


def _fixed_days(limit: TimeLimit, calendar: WorkCalendar) -> int | None:
    """Working days of a limit that does not depend on its anchor, else None."""
    if limit.unit is LimitUnit.WORKING_DAYS:
        return int(limit.amount)
    if limit.unit is LimitUnit.IMMEDIATE:
        return 0
    if limit.unit is LimitUnit.WORKING_HOURS:
        return math.ceil(limit.amount / calendar.office_hours.hours_per_day)
    return None


class _Dates:
    """Working-day offsets after acceptance to dates, cached (few distinct offsets)."""

    def __init__(self, calendar: WorkCalendar, accepted_on: dt.date) -> None:
        self.calendar = calendar
        self.accepted_on = accepted_on
        self.cache: dict[int, dt.date] = {0: accepted_on}

    def __call__(self, offset: int) -> dt.date:
        hit = self.cache.get(offset)
        if hit is None:
            hit = self.cache[offset] = self.calendar.add_working_days(self.accepted_on, offset)
        return hit


def _anchored_days(limit: TimeLimit, start_offset: int, dates: _Dates) -> int:
    """Working days a natural-day limit takes from the day at ``start_offset``."""
    anchor = dates(start_offset)
    finish = deadline(anchor, limit, dates.calendar).due_date
    return dates.calendar.working_days_between(anchor, finish)


def _durations(
    plan: ApprovalPlan, calendar: WorkCalendar, dates: _Dates
) -> tuple[list[int], list[int]]:
    """Earliest finish offsets and step lengths, in topological order of the plan's graph."""
    graph = plan._graph
    steps, preds = plan.steps, graph.preds
    n = len(steps)
    fixed = [_fixed_days(s.limit, calendar) for s in steps]
    ef = [0] * n
    length = [0] * n
    for i in graph.order:
        ps = preds[i]
        es = max([ef[p] for p in ps]) if ps else 0
        d = fixed[i]
        if d is None:
            d = _anchored_days(steps[i].limit, es, dates)
        length[i] = d
        ef[i] = es + d
    return ef, length


def schedule(plan: ApprovalPlan, accepted_on: dt.date, calendar: WorkCalendar) -> Schedule:
    """Schedule ``plan`` from ``accepted_on`` (see `Schedule` for the convention)."""
    if type(accepted_on) is not dt.date:
        raise InvalidValueError("accepted_on", accepted_on, "a datetime.date")
    if not isinstance(calendar, WorkCalendar):
        raise InvalidValueError("calendar", calendar, "a WorkCalendar")
    calendar.is_working_day(accepted_on)  # raises outside coverage
    graph = plan._graph
    steps, succs = plan.steps, graph.succs
    dates = _Dates(calendar, accepted_on)
    ef, length = _durations(plan, calendar, dates)
    total = max(ef) if ef else 0
    lf = [total] * len(steps)
    for i in reversed(graph.order):
        ss = succs[i]
        if ss:
            lf[i] = min([lf[j] - length[j] for j in ss])
    # One critical path: from the first sink that finishes last, back through critical steps.
    preds = graph.preds
    end = next(i for i in range(len(steps)) if ef[i] == total and lf[i] == total)
    path = [end]
    while preds[path[-1]]:
        i = path[-1]
        start = ef[i] - length[i]
        path.append(next(p for p in preds[i] if ef[p] == start and lf[p] == ef[p]))
    due = dates(total)

    def build(i: int) -> ScheduledStep:
        es = ef[i] - length[i]
        return ScheduledStep(
            steps[i].id, steps[i].department, dates(es), dates(ef[i]), lf[i] - ef[i], es, ef[i]
        )

    return Schedule(
        plan=plan,
        accepted_on=accepted_on,
        steps=_Steps(build, [s.id for s in steps]),
        critical_path=tuple(steps[i].id for i in reversed(path)),
        working_days=total,
        due_date=due,
        calendar=calendar,
    )


def compare(plan: ApprovalPlan, calendar: WorkCalendar, accepted_on: dt.date | None) -> Comparison:
    """Serial (one step after another, in topological order) against parallel handling.

    Without ``accepted_on`` a plan of working-day (and immediate, and working-hour) limits
    compares without dates; a natural-day limit needs the acceptance day, because how many
    working days it takes depends on the holidays it crosses.
    """
    fixed = [_fixed_days(s.limit, calendar) for s in plan.steps]
    if accepted_on is None:
        if any(d is None for d in fixed):
            raise InvalidValueError(
                "accepted_on", None, "an acceptance date (the plan has natural-day limits)"
            )
        days = [d or 0 for d in fixed]
        ef = [0] * len(days)
        for i in plan._graph.order:
            ps = plan._graph.preds[i]
            ef[i] = (max([ef[p] for p in ps]) if ps else 0) + days[i]
        return Comparison(sum(days), max(ef))
    parallel = schedule(plan, accepted_on, calendar)
    dates = _Dates(calendar, accepted_on)
    offset = 0
    for i in plan._graph.order:
        d = fixed[i]
        offset += d if d is not None else _anchored_days(plan.steps[i].limit, offset, dates)
    return Comparison(offset, parallel.working_days, dates(offset), parallel.due_date)
