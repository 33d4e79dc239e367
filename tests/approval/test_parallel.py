from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import GovServiceError, InvalidValueError, TraceIntegrityError, TransitionError
from govservice.approval import (
    ApprovalPlan,
    Join,
    Outcome,
    ParallelCase,
    ParallelState,
    Step,
    TaskStatus,
    TimeoutPolicy,
)
from govservice.calendar import TimeLimit, china
from govservice.matters import ProposedAct
from govservice.testing import approval_plans, parallel_cases

from .test_plan import fixture_plan

SH = ZoneInfo("Asia/Shanghai")
W = TimeLimit.working_days


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SH)


ACCEPTED = dt.date(2024, 9, 27)


def opened() -> ParallelCase:
    return fixture_plan().open("P-2024-0927", ACCEPTED, calendar=china())


def test_opening_copies_to_every_department_with_its_feedback_deadline() -> None:
    case = opened()
    tasks = case.tasks
    assert tasks["accept"].status is TaskStatus.READY
    assert tasks["accept"].deadline == dt.date(2024, 9, 29)
    assert {t.status for k, t in tasks.items() if k != "accept"} == {TaskStatus.WAITING}
    assert case.state is ParallelState.OPEN
    assert case.projected_due_date == dt.date(2024, 10, 22)  # as the schedule plans it
    assert case.overall_due_date == china().add_working_days(ACCEPTED, 45)
    assert case.trace.events[0].action == "open"
    assert case.trace.events[0].payload["by"] == "综合窗口"


def test_dependents_are_re_anchored_on_the_actual_decision_day() -> None:
    case = opened().decide("accept", "approved", at=at(dt.date(2024, 9, 29)), by="窗口甲")
    # land use decided two working days late: its dependents count from that actual day.
    late = dt.date(2024, 10, 9)
    case = case.decide("land", Outcome.APPROVED, at=at(late), by="规划乙")
    fire = case.tasks["fire"]
    assert fire.status is TaskStatus.READY
    assert fire.anchor == late
    assert fire.deadline == china().add_working_days(late, 6)
    assert case.projected_due_date == china().add_working_days(late, 7 + 1)


def test_a_step_cannot_be_decided_before_its_prerequisites_or_twice() -> None:
    case = opened()
    with pytest.raises(InvalidValueError, match="waits on accept"):
        case.decide("land", "approved", at=at(ACCEPTED), by="x")
    case = case.decide("accept", "approved", at=at(ACCEPTED), by="x")
    with pytest.raises(InvalidValueError, match="not yet decided"):
        case.decide("accept", "approved", at=at(ACCEPTED), by="x")
    with pytest.raises(InvalidValueError, match="outcome"):
        case.decide("land", "maybe", at=at(ACCEPTED), by="x")
    with pytest.raises(InvalidValueError, match="step_id"):
        case.decide("nowhere", "approved", at=at(ACCEPTED), by="x")
    with pytest.raises(InvalidValueError, match="at"):
        case.decide("land", "approved", at=dt.datetime(2024, 9, 30, 10), by="x")  # noqa: DTZ001


def test_overview_tells_ready_waiting_overdue_and_what_blocks() -> None:
    case = opened().decide("accept", "approved", at=at(dt.date(2024, 9, 29)), by="x")
    case = case.decide("land", "approved", at=at(dt.date(2024, 10, 8)), by="y")
    case = case.decide("environment", "approved", at=at(dt.date(2024, 10, 9)), by="z")
    # construction is due 7 working days after Oct 8 (Oct 16: Saturday Oct 12 is worked), fire 6
    today = dt.date(2024, 10, 18)
    o = case.overview(today)
    assert o.ready == ("construction", "fire")
    assert dict(o.waiting) == {"issue": ("construction", "fire")}
    assert dict(o.waiting_on) == {"住房和城乡建设局": ("construction",), "消防救援大队": ("fire",)}
    assert dict(o.overdue) == {"construction": 2, "fire": 3}
    assert o.blocking == ("construction", "issue")
    assert o.due_date == china().add_working_days(today, 1)  # issue after today's decisions
    assert o.timeouts == (
        ("construction", TimeoutPolicy.ESCALATE),
        ("fire", TimeoutPolicy.ESCALATE),
    )
    assert not o.suspended


def test_a_suspension_moves_deadlines_by_its_working_days() -> None:
    case = opened().decide("accept", "approved", at=at(dt.date(2024, 9, 29)), by="x")
    before = case.tasks["land"].deadline
    assert before is not None
    case = case.suspend(at=at(dt.date(2024, 10, 8)), by="x", reason="专家评审", step="land")
    # while suspended, the overview counts the suspension through today
    o = case.overview(dt.date(2024, 10, 10))
    assert o.suspended
    assert o.timeouts == ()
    assert o.tasks["land"].deadline == china().add_working_days(before, 3)
    case = case.resume(at=at(dt.date(2024, 10, 11)), by="x")  # Oct 8, 9, 10 not counted
    assert case.tasks["land"].deadline == china().add_working_days(before, 3)
    assert case.overall_due_date == china().add_working_days(ACCEPTED, 48)
    with pytest.raises(TransitionError):
        case.resume(at=at(dt.date(2024, 10, 11)), by="x")


def test_a_supplement_suspension_needs_its_local_rule() -> None:
    with pytest.raises(InvalidValueError, match="note"):
        opened().suspend(at=at(ACCEPTED), by="x", reason="supplement")
    case = opened().suspend(at=at(ACCEPTED), by="x", reason="supplement", note="某县办法第8条")
    assert case.overview(ACCEPTED).suspended


def test_extensions_move_a_step_or_the_overall_limit_within_art_42() -> None:
    case = opened()
    longer = case.extend(at=at(ACCEPTED), by="x", amount=2, approved_by="局长", reason="复杂",
                         step="accept")  # fmt: skip
    assert longer.tasks["accept"].deadline == china().add_working_days(ACCEPTED, 3)
    overall = case.extend(at=at(ACCEPTED), by="x", amount=15, approved_by="县长", reason="复杂")
    # art. 42 para. 2 extends the statutory bound; the plan's own limit stays (no local rule)
    assert overall.statutory_due_date == china().add_working_days(ACCEPTED, 60)
    assert overall.overall_due_date == china().add_working_days(ACCEPTED, 45)
    with pytest.raises(InvalidValueError, match="art. 42"):
        overall.extend(at=at(ACCEPTED), by="x", amount=1, approved_by="县长", reason="再延")
    more = overall.extend(at=at(ACCEPTED), by="x", amount=5, approved_by="县长", reason="再延",
                          basis="某法第10条", local_rule="某县并联审批办法第8条")  # fmt: skip
    assert more.statutory_due_date == china().add_working_days(ACCEPTED, 65)
    assert more.overall_due_date == china().add_working_days(ACCEPTED, 50)


def test_timeouts_apply_each_steps_policy_and_are_recorded_once() -> None:
    plan = ApprovalPlan(
        [
            Step("a", "甲局", W(2)),
            Step("b", "乙局", W(2), on_timeout="remind"),
            Step("c", "丙局", W(2), on_timeout="deemed_consent", timeout_basis="某市办法第5条"),
            Step("d", "丁局", W(1), requires=["c"]),
        ],
        lead="窗口",
    )
    accepted = dt.date(2025, 3, 3)  # Monday: a, b and c are due Wednesday 3-5
    case = plan.open("T-1", accepted, calendar=china())
    today = dt.date(2025, 3, 7)
    o = case.overview(today)
    assert o.timeouts == (
        ("a", TimeoutPolicy.ESCALATE),
        ("b", TimeoutPolicy.REMIND),
        ("c", TimeoutPolicy.DEEMED_CONSENT),
    )
    case = case.apply_timeouts(at=at(today), by="电子监察")
    assert [e.action for e in case.trace.events[1:]] == ["timeout"] * 3
    deemed = case._decided["c"]
    assert deemed.deemed
    assert deemed.on == dt.date(2025, 3, 5)
    assert deemed.basis == "某市办法第5条"
    # d counts from the day consent was deemed, not from the day it was recorded
    assert case.tasks["d"].anchor == dt.date(2025, 3, 5)
    # d was due the day after (3-6): now it is overdue too, and only it is escalated
    assert case.overview(today).timeouts == (("d", TimeoutPolicy.ESCALATE),)
    again = case.apply_timeouts(at=at(today, 11), by="电子监察")
    assert len(again.trace) == len(case.trace) + 1
    assert again.overview(today).timeouts == ()
    thrice = again.apply_timeouts(at=at(today, 12), by="电子监察")
    assert len(thrice.trace) == len(again.trace)  # each deadline's timeout once


def test_join_policies() -> None:
    steps = [Step("a", "甲", W(2)), Step("b", "乙", W(2)), Step("c", "丙", W(2), requires=["a"])]
    day = dt.date(2025, 3, 3)
    # all: a denial decides the result once nothing else can still answer
    case = ApprovalPlan(steps, lead="w").open("J-1", day, calendar=china())
    case = case.decide("a", "denied", at=at(day), by="x")
    assert case.tasks["c"].status is TaskStatus.BLOCKED
    assert case.state is ParallelState.OPEN  # b still answers
    case = case.decide("b", "approved", at=at(day), by="y")
    assert case.state is ParallelState.DENIED
    # first denial ends it at once
    case = ApprovalPlan(steps, lead="w", join=Join.first_denial()).open(
        "J-2", day, calendar=china()
    )
    case = case.decide("b", "denied", at=at(day), by="y")
    assert case.state is ParallelState.DENIED
    assert case.tasks["a"].status is TaskStatus.CANCELLED
    with pytest.raises(TransitionError):
        case.decide("a", "approved", at=at(day), by="x")
    # k of n
    case = ApprovalPlan(steps, lead="w", join=Join.k_of_n(2)).open("J-3", day, calendar=china())
    case = case.decide("a", "approved", at=at(day), by="x")
    assert case.state is ParallelState.OPEN
    case = case.decide("b", "approved", at=at(day), by="y")
    assert case.state is ParallelState.APPROVED
    assert case.tasks["c"].status is TaskStatus.CANCELLED
    done = case.complete(at=at(day, 16), by="w")
    assert done.state is ParallelState.COMPLETED
    with pytest.raises(TransitionError):
        done.withdraw(at=at(day, 17), by="applicant")


def test_a_guard_vetoes_an_act_before_it_is_recorded() -> None:
    seen: list[ProposedAct] = []

    def guard(act: ProposedAct) -> None:
        seen.append(act)
        if act.action == "decide" and act.by == "李":
            raise GovServiceError("李 accepted this case and may not decide a step of it")

    case = fixture_plan().open("G-1", ACCEPTED, calendar=china(), by="李", guard=guard)
    with pytest.raises(GovServiceError, match="may not decide"):
        case.decide("accept", "approved", at=at(ACCEPTED), by="李")
    assert len(case.trace) == 1
    case = case.decide("accept", "approved", at=at(ACCEPTED), by="王")
    assert [(a.action, a.step_id, a.department) for a in seen] == [
        ("open", None, "综合窗口"),
        ("decide", "accept", "综合窗口"),
        ("decide", "accept", "综合窗口"),
    ]


def test_a_running_case_round_trips_through_json_and_tampering_is_caught() -> None:
    case = opened().decide("accept", "approved", at=at(dt.date(2024, 9, 29)), by="x")
    case = case.suspend(at=at(dt.date(2024, 9, 30)), by="x", reason="检测")
    case = case.resume(at=at(dt.date(2024, 10, 9)), by="x")
    case = case.extend(at=at(dt.date(2024, 10, 9)), by="x", amount=3, approved_by="县长",
                       reason="复杂")  # fmt: skip
    text = case.to_json()
    again = ParallelCase.from_json(text, calendar=china())
    assert again == case
    assert again.tasks == case.tasks
    assert json.loads(text)["schema"] == "govservice.parallel_case/2"
    forged = text.replace('"outcome\\":\\"approved', '"outcome\\":\\"denied')
    assert forged != text
    with pytest.raises(TraceIntegrityError):
        ParallelCase.from_json(forged, calendar=china())
    cut = json.loads(text)
    cut["events"] = cut["events"][:2]
    with pytest.raises(TraceIntegrityError, match="truncated"):
        ParallelCase.from_json(json.dumps(cut), expected_head=case.trace.head, calendar=china())
    with pytest.raises(InvalidValueError, match="schema"):
        ParallelCase.from_json(json.dumps({"schema": "other"}), calendar=china())


@settings(max_examples=60, deadline=None)
@given(approval_plans(max_steps=10), st.dates(dt.date(2010, 1, 1), dt.date(2025, 6, 30)))
def test_deciding_every_step_on_its_planned_day_finishes_on_the_scheduled_due_date(
    plan: ApprovalPlan, accepted: dt.date
) -> None:
    cal = china()
    accepted = cal.add_working_days(accepted, 0)
    schedule = plan.schedule(accepted, cal)
    case = plan.open("H-1", accepted, calendar=cal)
    position = {s: i for i, s in enumerate(plan.order)}
    for step_id in sorted(plan.order, key=lambda s: (schedule.steps[s].finish, position[s])):
        planned = schedule.steps[step_id]
        assert case.tasks[step_id].deadline == planned.finish
        case = case.decide(step_id, "approved", at=at(planned.finish), by="x")
    assert case.state is ParallelState.APPROVED
    assert case.projected_due_date == schedule.due_date
    assert case.overview(schedule.due_date).overdue == {}
    assert ParallelCase.from_json(case.to_json(), calendar=china()) == case


@settings(max_examples=30, deadline=None)
@given(approval_plans(max_steps=8), st.data())
def test_the_projection_never_precedes_the_plan_when_steps_run_late(
    plan: ApprovalPlan, data: st.DataObject
) -> None:
    cal = china()
    accepted = dt.date(2024, 3, 4)
    schedule = plan.schedule(accepted, cal)
    case = plan.open("H-2", accepted, calendar=cal)
    last = accepted
    for step_id in plan.order:
        task = case.tasks[step_id]
        assert task.deadline is not None
        late = data.draw(st.integers(0, 3))
        day = max(cal.add_working_days(task.deadline, late), last)
        last = day
        case = case.decide(step_id, "approved", at=at(day), by="x")
    assert case.projected_due_date is not None
    assert case.projected_due_date >= schedule.due_date


def test_the_case_keeps_its_plan_pinned() -> None:
    case = opened()
    changed = attrs.evolve(fixture_plan(), name="changed")
    assert case.plan == fixture_plan()
    assert case.plan != changed


def test_an_extension_of_a_waiting_step_moves_the_projection() -> None:
    case = opened()
    longer = case.extend(at=at(ACCEPTED), by="x", amount=3, approved_by="局长", reason="复杂",
                         step="construction")  # fmt: skip
    assert longer.tasks["construction"].status is TaskStatus.WAITING
    assert case.projected_due_date is not None
    assert longer.projected_due_date == china().add_working_days(case.projected_due_date, 3)


@settings(max_examples=40, deadline=None)
@given(parallel_cases())
def test_running_cases_replay_and_their_overview_is_consistent(case: ParallelCase) -> None:
    assert ParallelCase.from_json(case.to_json(), calendar=china()) == case
    today = case.calendar.add_working_days(case.accepted_on, 30)
    o = case.overview(today)
    decided = {d.step for d in case.decisions}
    assert not set(o.ready) & decided
    assert set(o.overdue) <= set(o.ready)
    for step, waits in o.waiting.items():
        assert set(waits) <= set(case.plan[step].requires) - decided
    assert all(days > 0 for days in o.overdue.values())


def test_separation_rules_read_and_guard_a_real_parallel_case() -> None:
    from govservice import SeparationError
    from govservice.approval import ActRole, Separation, acts_of, check_separation

    case = opened().decide("accept", "approved", at=at(dt.date(2024, 9, 29)), by="王窗口")
    case = case.review("land", at=at(dt.date(2024, 9, 30)), by="钱七", opinion="符合规划条件")
    assert case.reviews[0][:2] == ("land", "钱七")
    acts = acts_of(case)
    assert [(a.person, a.role, a.step_id, a.department) for a in acts] == [
        ("综合窗口", ActRole.ACCEPT, None, None),
        ("王窗口", ActRole.APPROVE, "accept", "综合窗口"),
        ("钱七", ActRole.REVIEW, "land", "自然资源和规划局"),
    ]
    guarded = case.with_guard(Separation().guard)
    with pytest.raises(SeparationError, match="one_review_one_approval"):
        guarded.decide("land", "approved", at=at(dt.date(2024, 10, 8)), by="钱七")
    done = guarded.decide("land", "approved", at=at(dt.date(2024, 10, 8)), by="孙八")
    assert check_separation([done]) == []
    unguarded = case.decide("land", "approved", at=at(dt.date(2024, 10, 8)), by="钱七")
    (violation,) = check_separation([unguarded])
    assert violation.rule == "one_review_one_approval"
    assert violation.cases == (case.case_id,)
    assert (
        ParallelCase.from_json(unguarded.to_json(), calendar=china()).reviews == unguarded.reviews
    )


# -- the statutory bound of art. 42 para. 2 and replay --------------------------------------------


def slow_plan() -> ApprovalPlan:
    return ApprovalPlan(
        [Step("a", "规划局", W(30)), Step("b", "住建局", W(30), requires=["a"])],
        lead="综合窗口",
        overall_limit=W(45),
    )


def test_a_schedule_past_45_working_days_is_flagged_at_opening_art_42_para_2() -> None:
    case = slow_plan().open("P-1", dt.date(2025, 3, 3), calendar=china())
    assert case.exceeds_bound
    assert not opened().exceeds_bound
    assert case.statutory_due_date == china().add_working_days(dt.date(2025, 3, 3), 45)
    assert case.kind.value == "joint"
    assert case.handling_system.value == "lead"


def test_past_the_bound_the_case_is_red_even_with_every_step_in_limit_art_42_para_2() -> None:
    from govservice.metrics import Thresholds, monitor
    from govservice.metrics._records import frame_from_rows

    plan = ApprovalPlan([Step("a", "规划局", W(45))], lead="综合窗口", overall_limit=W(45))
    case = plan.open("P-2", dt.date(2025, 3, 3), calendar=china())
    cal = china()
    case = case.extend(at=at(dt.date(2025, 3, 4)), by="窗口", amount=5, approved_by="局长",
                       reason="核查", step="a")  # fmt: skip
    bound = case.statutory_due_date
    day = cal.add_working_days(bound, 1)
    o = case.overview(day)
    assert o.past_bound
    assert not o.overdue  # step "a" runs to 50 working days: inside its own (extended) limit
    watched = monitor(frame_from_rows([]), day, Thresholds(), parallel=[case], calendar=cal)
    steps = watched.steps
    row = steps[steps["step"] == "(overall)"].iloc[0]
    assert row["status"] == "red"
    assert not case.overview(bound).past_bound


def test_overall_extension_needs_the_head_of_government_and_time_art_42_para_2() -> None:
    case = opened()
    with pytest.raises(InvalidValueError, match="head_of_government"):
        case.extend(at=at(dt.date(2024, 10, 8)), by="窗口", amount=5, approved_by="局长",
                    reason="核查", approver_role="head_of_organ")  # fmt: skip
    done = case.extend(at=at(dt.date(2024, 10, 8)), by="窗口", amount=15,
                       approved_by="副县长", reason="核查")  # fmt: skip
    assert done.notices[-1].kind.value == "extension_reason"
    late = china().add_working_days(case.statutory_due_date, 1)
    with pytest.raises(InvalidValueError, match="on or before"):
        case.extend(at=at(late), by="窗口", amount=5, approved_by="副县长", reason="核查")


def test_a_decision_on_a_step_not_in_the_plan_is_refused_even_rechained() -> None:
    from govservice.approval._parallel import _SCHEMA
    from govservice.matters import Trace

    case = opened()
    step = case.overview(ACCEPTED).ready[0]
    case = case.decide(step, "approved", at=at(dt.date(2024, 9, 30)), by="王")
    payloads = [e.payload for e in case.trace]
    payloads[1]["data"]["step"] = "no-such-step"
    trace = Trace.start(_SCHEMA, case.case_id)
    for p in payloads:
        trace = trace.append(p)
    text = json.dumps({"schema": _SCHEMA, "case_id": case.case_id, "head": trace.head,
                       "events": [{"body": e.body, "hash": e.hash} for e in trace]})  # fmt: skip
    with pytest.raises(TraceIntegrityError) as info:
        ParallelCase.from_json(text, calendar=china())
    assert info.value.sequence == 1


@pytest.mark.parametrize("where", ["opening", "decision"])
def test_a_payload_that_is_not_canonical_is_refused_even_rechained(where: str) -> None:
    """A duplicate ``at`` (JSON keeps the last) cannot pass one instant to a check and
    another to the case: every event's payload must be the canonical text of its value."""
    import hashlib

    from govservice._trace import genesis
    from govservice.approval._parallel import _SCHEMA

    case = opened()
    step = case.overview(ACCEPTED).ready[0]
    case = case.decide(step, "approved", at=at(dt.date(2024, 9, 30)), by="王")
    texts = [e.body.split("\n", 3)[3] for e in case.trace]
    k = 0 if where == "opening" else 1
    early = '"at":"2000-01-01T00:00:00+00:00",'
    texts[k] = texts[k].replace('"at":', early + '"at":', 1)
    assert json.loads(texts[k]) == case.trace.events[k].payload  # the same value, other text
    prev, events = genesis(_SCHEMA, case.case_id), []
    for seq, text in enumerate(texts):
        body = f"1\n{seq}\n{prev}\n{text}"
        prev = hashlib.sha256(body.encode()).hexdigest()
        events.append({"body": body, "hash": prev})
    document = {"schema": _SCHEMA, "case_id": case.case_id, "head": prev, "events": events}
    with pytest.raises(TraceIntegrityError) as info:
        ParallelCase.from_json(json.dumps(document), calendar=china())
    assert info.value.sequence == k


def test_a_parallel_case_keeps_the_lifecycle_contract() -> None:
    case = opened()
    step = case.overview(ACCEPTED).ready[0]
    case = case.decide(step, "denied", at=at(dt.date(2024, 9, 30)), by="王")
    assert case.state.value == "denied"
    assert case.decided_at == at(dt.date(2024, 9, 30))
    assert case.timeliness.statutory.value == "early"
    done = case.close(at=at(dt.date(2024, 10, 8)), by="综合窗口")
    assert done.ended_at == at(dt.date(2024, 10, 8))
    assert [n.kind.value for n in done.notices] == ["acceptance_receipt", "denial_reasons"]
    assert done.delivery_due_date is None
    assert done.trace.events[-1].action == "complete"
