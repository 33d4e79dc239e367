from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError, PlanError
from govservice.approval import (
    ApprovalPlan,
    Join,
    Stage,
    Step,
    TimeoutPolicy,
    construction_project_plan,
)
from govservice.calendar import TimeLimit, china
from govservice.testing import approval_plans

W = TimeLimit.working_days


def fixture_plan() -> ApprovalPlan:
    """The issue's fixture: acceptance, land use, then construction, fire and environment."""
    return ApprovalPlan(
        [
            Step("accept", "综合窗口", W(1)),
            Step("land", "自然资源和规划局", W(5), requires=["accept"]),
            Step("construction", "住房和城乡建设局", W(7), requires=["land"]),
            Step("fire", "消防救援大队", W(6), requires=["land"]),
            Step("environment", "生态环境局", W(4), requires=["land"]),
            Step("issue", "综合窗口", W(1), requires=["construction", "fire", "environment"]),
        ],
        lead="综合窗口",
    )


def test_the_fixture_schedules_14_parallel_against_24_serial_working_days() -> None:
    plan = fixture_plan()
    figures = plan.compare(china())
    assert (figures.serial_working_days, figures.parallel_working_days) == (24, 14)
    assert figures.saved_working_days == 10
    # Friday 2024-09-27: National Day (Oct 1-7) lies ahead, with make-up days Sep 29 and Oct 12.
    dated = plan.compare(china(), accepted_on=dt.date(2024, 9, 27))
    assert dated.parallel_due == dt.date(2024, 10, 22)
    assert dated.serial_due == dt.date(2024, 11, 5)
    schedule = plan.schedule(dt.date(2024, 9, 27), china())
    assert schedule.due_date == dt.date(2024, 10, 22)
    assert schedule.working_days == 14
    assert schedule.critical_path == ("accept", "land", "construction", "issue")
    assert schedule.steps["accept"].finish == dt.date(2024, 9, 29)  # the make-up Sunday
    assert schedule.steps["land"].start == dt.date(2024, 9, 29)
    assert schedule.steps["fire"].slack == 1
    assert schedule.steps["environment"].slack == 3
    assert schedule.steps["issue"].start == schedule.steps["construction"].finish
    assert schedule.within_limit


def test_every_problem_of_a_plan_is_reported_at_once() -> None:
    with pytest.raises(PlanError) as info:
        ApprovalPlan(
            [
                Step("a", "x", W(5)),
                Step("a", "y", W(3)),
                Step("b", "z", W(50), requires=["nowhere"]),
            ],
            lead="w",
        )
    found = {(p.where, p.field) for p in info.value.problems}
    assert found == {("step 'a'", "id"), ("step 'b'", "requires"), ("step 'b'", "limit")}
    text = str(info.value)
    assert "3 problems" in text
    assert "'nowhere'" in text
    assert "at most the overall limit" in text


def test_a_cycle_is_named_step_by_step() -> None:
    with pytest.raises(PlanError) as info:
        ApprovalPlan(
            [
                Step("permit", "规划", W(5), requires=["fire"]),
                Step("fire", "消防", W(5), requires=["env"]),
                Step("env", "环保", W(5), requires=["permit"]),
                Step("other", "x", W(1)),
            ],
            lead="w",
        )
    (problem,) = info.value.problems
    cycle = problem.value
    assert isinstance(cycle, list)
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"permit", "fire", "env"}
    assert "each other's preconditions" in str(info.value)


def test_a_step_requiring_itself_is_a_cycle() -> None:
    with pytest.raises(PlanError, match="no cycle"):
        ApprovalPlan([Step("a", "x", W(1), requires=["a"])], lead="w")


def test_deemed_consent_only_with_its_local_rule() -> None:
    with pytest.raises(InvalidValueError, match="timeout_basis"):
        Step("a", "x", W(3), on_timeout=TimeoutPolicy.DEEMED_CONSENT)
    step = Step("a", "x", W(3), on_timeout="deemed_consent", timeout_basis="某市并联审批办法第12条")
    assert step.on_timeout is TimeoutPolicy.DEEMED_CONSENT


def test_bad_field_values_are_typed_errors() -> None:
    with pytest.raises(InvalidValueError, match="requires"):
        Step("a", "x", W(1), requires="b")  # one string, not a list
    with pytest.raises(InvalidValueError, match="step.limit"):
        Step("a", "x", 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="join.k"):
        Join.k_of_n(0)
    with pytest.raises(PlanError, match="join.k"):
        ApprovalPlan([Step("a", "x", W(1))], lead="w", join=Join.k_of_n(2))
    with pytest.raises(PlanError, match="at least one step"):
        ApprovalPlan([], lead="w")


def test_the_construction_template_has_four_stages_with_leads() -> None:
    plan = construction_project_plan()
    assert [s.name for s in plan.stages] == [
        "立项用地规划许可",
        "工程建设许可",
        "施工许可",
        "竣工验收",
    ]
    assert all(s.lead for s in plan.stages)
    assert {s.stage for s in plan.steps} == {s.id for s in plan.stages}
    figures = plan.compare(china())
    assert figures.parallel_working_days < figures.serial_working_days
    assert figures.parallel_working_days <= plan.overall_limit.amount


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_plans_round_trip_exactly_through_files(tmp_path: Path, suffix: str) -> None:
    plan = attrs.evolve(
        fixture_plan(),
        join=Join.k_of_n(3),
        stages=(Stage("one", "第一阶段", "Stage one", "综合窗口"),),
        name="示例",
    )
    plan = attrs.evolve(
        plan,
        steps=[attrs.evolve(s, stage="one", matter_code="M1") for s in plan.steps]
        + [Step("late", "x", TimeLimit.natural_days(3), on_timeout="remind")],
    )
    path = tmp_path / f"plan{suffix}"
    plan.save(path)
    assert ApprovalPlan.load(path) == plan
    assert ApprovalPlan.from_mapping(plan.to_mapping()) == plan
    first = path.read_text("utf-8")
    ApprovalPlan.load(path).save(path)
    assert path.read_text("utf-8") == first


def test_a_bad_plan_file_names_each_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = {
        "format": "govservice.approval_plan/1",
        "lead": "w",
        "steps": [
            {"id": "a", "department": "x", "limit": "soon"},
            {"id": "b", "department": "x", "limit": "3个工作日", "on_timeout": "ignore"},
        ],
    }
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(PlanError) as info:
        ApprovalPlan.load(path)
    where = {p.where for p in info.value.problems}
    assert where == {"$.steps[0]", "$.steps[1]"}
    assert info.value.source == str(path)
    fields = {p.field for p in info.value.problems}
    assert fields == {"limit", "on_timeout"}


def test_a_plan_refers_to_the_graph_after_loading(tmp_path: Path) -> None:
    path = tmp_path / "cycle.toml"
    path.write_text(
        'lead = "w"\n[[steps]]\nid = "a"\ndepartment = "x"\nlimit = "1个工作日"\nrequires = ["b"]\n'
        '[[steps]]\nid = "b"\ndepartment = "y"\nlimit = "1个工作日"\nrequires = ["a"]\n',
        "utf-8",
    )
    with pytest.raises(PlanError, match="no cycle") as info:
        ApprovalPlan.load(path)
    assert info.value.source == str(path)


# -- properties -------------------------------------------------------------------------------

DAYS = st.dates(dt.date(2005, 1, 1), dt.date(2025, 6, 30))


@given(approval_plans(max_steps=12), DAYS)
def test_parallel_never_exceeds_serial_and_the_critical_path_is_the_total(
    plan: ApprovalPlan, accepted: dt.date
) -> None:
    cal = china()
    accepted = cal.add_working_days(accepted, 0)
    schedule = plan.schedule(accepted, cal)
    figures = plan.compare(cal)
    assert figures.parallel_working_days <= figures.serial_working_days
    assert figures.parallel_working_days == schedule.working_days
    path = schedule.critical_path
    assert sum(schedule.steps[s].working_days for s in path) == schedule.working_days
    for before, after in itertools.pairwise(path):
        assert before in plan[after].requires
    assert not plan[path[0]].requires
    assert all(schedule.steps[s].slack == 0 for s in path)
    assert schedule.due_date == cal.add_working_days(accepted, schedule.working_days)


@given(approval_plans(max_steps=12), DAYS)
def test_every_scheduled_date_is_a_working_day(plan: ApprovalPlan, accepted: dt.date) -> None:
    cal = china()
    accepted = cal.add_working_days(accepted, 0)
    schedule = plan.schedule(accepted, cal)
    for step_id in plan.order:
        s = schedule.steps[step_id]
        assert cal.is_working_day(s.start)
        assert cal.is_working_day(s.finish)
        assert s.slack >= 0
        for p in plan[step_id].requires:
            assert schedule.steps[p].finish <= s.start


@given(approval_plans(min_steps=2, max_steps=10), st.data())
def test_adding_a_dependency_never_shortens_the_plan(
    plan: ApprovalPlan, data: st.DataObject
) -> None:
    order = plan.order
    i = data.draw(st.integers(0, len(order) - 2))
    j = data.draw(st.integers(i + 1, len(order) - 1))
    later = plan[order[j]]
    more = attrs.evolve(later, requires=(*later.requires, order[i]))
    wider = attrs.evolve(plan, steps=[more if s.id == later.id else s for s in plan.steps])
    before = plan.compare(china()).parallel_working_days
    assert wider.compare(china()).parallel_working_days >= before


@settings(max_examples=30)
@given(approval_plans(max_steps=8, natural_days=True), DAYS)
def test_natural_day_steps_schedule_by_their_deadlines(
    plan: ApprovalPlan, accepted: dt.date
) -> None:
    from govservice.calendar import deadline

    cal = china()
    accepted = cal.add_working_days(accepted, 0)
    schedule = plan.schedule(accepted, cal)
    for step in plan.steps:
        s = schedule.steps[step.id]
        if step.limit.unit.value == "natural_days":
            assert s.finish == deadline(s.start, step.limit, cal).due_date
    figures = plan.compare(cal, accepted_on=accepted)
    assert figures.parallel_due == schedule.due_date
    assert figures.parallel_working_days <= figures.serial_working_days
    if any(s.limit.unit.value == "natural_days" for s in plan.steps):
        with pytest.raises(InvalidValueError, match="accepted_on"):
            plan.compare(cal)
    else:
        assert plan.compare(cal).parallel_working_days == schedule.working_days


@given(st.from_type(ApprovalPlan))
def test_plans_round_trip_through_their_mapping(plan: ApprovalPlan) -> None:
    assert ApprovalPlan.from_mapping(json.loads(json.dumps(plan.to_mapping()))) == plan


def test_scheduling_outside_the_calendar_raises() -> None:
    from govservice import CalendarCoverageError

    with pytest.raises(CalendarCoverageError):
        fixture_plan().schedule(dt.date(2026, 12, 30), china())
    with pytest.raises(InvalidValueError, match="accepted_on"):
        fixture_plan().schedule("2024-09-27", china())  # type: ignore[arg-type]
