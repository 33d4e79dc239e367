"""Seventh review of parallel cases (issue 12): findings worked by hand on `china()`.

2025: Qingming 4 April off; Labour Day 1-5 May off, Sunday 27 April worked; National Day
1-8 October off, Sunday 28 September and Saturday 11 October worked. A plan accepted on
Monday 3 March 2025: its 20 working days end Monday 31 March, the statutory bound of art. 42
para. 2 (45 working days) Thursday 8 May, 60 working days (45 + 15) Thursday 29 May.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError, TraceIntegrityError, TransitionError
from govservice.approval import ApprovalPlan, Join, ParallelCase, ParallelState, Step
from govservice.calendar import TimeLimit, china
from govservice.metrics import records_from_cases
from govservice.supervision import monitor

from ..forging import rechain

SH = ZoneInfo("Asia/Shanghai")
CN = china()
W = TimeLimit.working_days
ACCEPTED = dt.date(2025, 3, 3)
PLAN = ApprovalPlan(
    [
        Step("land", "自然资源局", W(5)),
        Step("build", "住建局", W(5), requires=["land"]),
        Step("fire", "消防救援大队", W(4), requires=["land"]),
    ],
    lead="综合窗口",
    overall_limit=W(20),
)
HEAD = {"by": "综合窗口", "approved_by": "副县长", "reason": "联合验收"}


def at(month: int, day: int, hour: int = 10, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SH)


def opened(plan: ApprovalPlan = PLAN, case_id: str = "P-7") -> ParallelCase:
    return plan.open(case_id, ACCEPTED, calendar=CN)


def reread(case: ParallelCase, **options: Any) -> ParallelCase:
    return ParallelCase.from_json(case.to_json(), calendar=CN, **options)


# -- art. 42 para. 2: the extension extends the law's bound, not the plan's promise ------------


def test_an_overall_extension_moves_the_statutory_bound_not_the_plans_limit() -> None:
    case = opened()
    assert (case.due_date, case.statutory_due_date) == (dt.date(2025, 3, 31), dt.date(2025, 5, 8))
    extended = case.extend(at=at(3, 10), amount=15, **HEAD)
    # 45 + 15 working days; the plan's 20 stay 20 (it used to become 35: Tuesday 22 April)
    assert extended.statutory_due_date == dt.date(2025, 5, 29)
    assert extended.due_date == extended.overall_due_date == dt.date(2025, 3, 31)
    assert extended.overview(dt.date(2025, 4, 1)).overall_due_date == dt.date(2025, 3, 31)
    # Under a named local rule the plan's limit moves too: 30 working days, Tuesday 15 April
    # (Friday 4 April, Qingming, is off).
    ruled = case.extend(at=at(3, 10), amount=10, local_rule="某县并联审批办法第九条", **HEAD)
    assert ruled.due_date == dt.date(2025, 4, 15)
    assert ruled.statutory_due_date == dt.date(2025, 5, 22)
    for one in (extended, ruled):
        assert reread(one) == one
    # A step's extension moves that step only: a local rule there means nothing.
    with pytest.raises(InvalidValueError, match="local_rule"):
        case.extend(at=at(3, 4), amount=2, step="land", local_rule="某县办法", **HEAD)
    with pytest.raises(InvalidValueError, match="local_rule"):
        case.extend(at=at(3, 4), amount=2, local_rule=7, **HEAD)  # type: ignore[arg-type]


def test_an_extension_recorded_before_the_local_rule_was_still_moves_the_plans_limit() -> None:
    """A trace written before: no ``local_rule``, no check values; it reads back as it was."""
    extended = opened().extend(at=at(3, 10), amount=15, **HEAD)
    extended = extended.decide("land", "approved", at=at(3, 11), by="规划科")

    def older(payloads: list[dict[str, Any]]) -> None:
        del payloads[1]["data"]["local_rule"]
        for p in payloads[1:]:
            p["data"].pop("check", None)

    again = ParallelCase.from_json(rechain(extended, older), calendar=CN)
    assert again.due_date == dt.date(2025, 4, 22)  # 20 + 15 working days, as it was then
    assert again.statutory_due_date == dt.date(2025, 5, 29)


def test_a_local_rule_on_a_step_extension_is_refused_on_replay_rechained() -> None:
    case = opened().extend(at=at(3, 4), amount=2, step="land", **HEAD)

    def ruled(payloads: list[dict[str, Any]]) -> None:
        payloads[1]["data"]["local_rule"] = "某县办法"

    with pytest.raises(TraceIntegrityError, match="event 1"):
        ParallelCase.from_json(rechain(case, ruled), calendar=CN)


# -- replay: the plan the acts were judged under is bound into them ----------------------------


def late_land() -> ParallelCase:
    """Land is due Monday 10 March (5 working days) and decided late, on Wednesday 12 March."""
    case = opened()
    assert case.tasks["land"].deadline == dt.date(2025, 3, 10)
    return case.decide("land", "approved", at=at(3, 12), by="规划科")


@pytest.mark.parametrize("recalendar", [False, True])
def test_a_step_limit_rewritten_in_the_opening_is_refused_without_a_receipt(
    recalendar: bool,
) -> None:
    """Ten days for land would make its late decision look on time: no calendar explains it."""

    def longer(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["data"]["plan"]["steps"][0]["limit"] = {"amount": 10, "unit": "working_days"}

    with pytest.raises(TraceIntegrityError, match="another plan") as info:
        ParallelCase.from_json(rechain(late_land(), longer), calendar=CN, recalendar=recalendar)
    assert info.value.sequence == 1


@pytest.mark.parametrize(
    "change",
    [
        ("overall_limit", {"amount": 45, "unit": "working_days"}),
        ("join", {"mode": "k_of_n", "k": 1}),
        ("lead", "另一窗口"),
    ],
)
def test_any_rewritten_plan_is_refused_even_with_recalendar(change: tuple[str, object]) -> None:
    key, value = change

    def rewrite(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["data"]["plan"][key] = value

    for recalendar in (False, True):
        with pytest.raises(TraceIntegrityError):
            ParallelCase.from_json(
                rechain(late_land(), rewrite), calendar=CN, recalendar=recalendar
            )


def test_a_forged_trailing_recalendar_no_longer_launders_a_rewritten_plan() -> None:
    case = late_land()

    def rewrite(payloads: list[dict[str, Any]]) -> None:
        payloads[0]["data"]["plan"]["overall_limit"] = {"amount": 45, "unit": "working_days"}
        check = {"overall_due": "2025-05-08", "statutory_due": "2025-05-08"}
        payloads.append(
            {"action": "recalendar", "at": payloads[-1]["at"], "by": "x",
             "data": {"calendar": payloads[0]["data"]["calendar"], "reload": True, "check": check}}
        )  # fmt: skip

    with pytest.raises(TraceIntegrityError, match="another plan"):
        ParallelCase.from_json(rechain(case, rewrite), calendar=CN)


def test_a_trace_written_before_the_plan_digest_still_replays() -> None:
    case = late_land().extend(at=at(3, 13), amount=5, **HEAD)

    def older(payloads: list[dict[str, Any]]) -> None:
        for p in payloads[1:]:
            p["data"]["check"].pop("plan")

    again = ParallelCase.from_json(rechain(case, older), calendar=CN)
    assert (again.due_date, again.statutory_due_date) == (case.due_date, case.statutory_due_date)
    assert again.decisions == case.decisions


def test_an_older_event_in_non_canonical_text_is_refused() -> None:
    """An event without check values (written before them) is taken as recorded only when
    its text is the canonical one of its value: a duplicate key cannot slip through."""
    import hashlib

    from govservice._trace import canonical, genesis

    case = (
        opened()
        .review("land", at=at(3, 4), by="审核员")
        .decide("land", "approved", at=at(3, 5), by="规划科")
    )
    payloads = [e.payload for e in case.trace]
    payloads[2]["data"].pop("check")
    texts = [canonical(p) for p in payloads]
    texts[2] = texts[2].replace('"at":', '"at":"2000-01-01T00:00:00+00:00","at":', 1)
    prev, events = genesis(ParallelCase.SCHEMA, case.case_id), []
    for seq, text in enumerate(texts):
        body = f"1\n{seq}\n{prev}\n{text}"
        prev = hashlib.sha256(body.encode()).hexdigest()
        events.append({"body": body, "hash": prev})
    document = {"schema": ParallelCase.SCHEMA, "case_id": case.case_id, "head": prev,
                "events": events}  # fmt: skip
    with pytest.raises(TraceIntegrityError) as info:
        ParallelCase.from_json(json.dumps(document), calendar=CN)
    assert info.value.sequence == 2


# -- art. 45: the result is decided with the clocks running -------------------------------------


def test_the_result_is_not_decided_while_the_clocks_are_stopped_art_45() -> None:
    case = opened().decide("land", "approved", at=at(3, 5), by="规划科")
    case = case.decide("build", "approved", at=at(3, 6), by="住建科")
    stopped = case.suspend(at=at(3, 7), by="综合窗口", reason="专家评审", step="fire")
    # It used to record the approval with the expert review still open: the statutory clock
    # then counted without the stop (late on 20 May though stopped since 7 March), and the
    # delivered case had no due dates (its records were refused).
    with pytest.raises(TransitionError, match="resume first"):
        stopped.decide("fire", "approved", at=at(5, 20), by="消防科")
    resumed = stopped.resume(at=at(5, 19), by="综合窗口")
    done = resumed.decide("fire", "approved", at=at(5, 20), by="消防科")
    # stopped 7 March to 18 May: 8 May + the 46 working days of 7 March .. 18 May
    assert done.timeliness.statutory.value == "early"
    assert done.complete(at=at(5, 21), by="综合窗口").state is ParallelState.COMPLETED
    # A step that leaves the result open may still be decided while the clocks are stopped.
    other = opened().suspend(at=at(3, 4), by="综合窗口", reason="检测")
    assert other.decide("land", "approved", at=at(3, 5), by="规划科").state is ParallelState.OPEN

    def forged(payloads: list[dict[str, Any]]) -> None:
        del payloads[4]  # the resumption

    with pytest.raises(TraceIntegrityError, match="event 4"):
        ParallelCase.from_json(rechain(done, forged), calendar=CN)


def test_a_first_denial_is_not_recorded_while_suspended_either() -> None:
    plan = attrs.evolve(PLAN, join=Join.first_denial())
    stopped = opened(plan).suspend(at=at(3, 4), by="综合窗口", reason="鉴定")
    with pytest.raises(TransitionError, match="suspended"):
        stopped.decide("land", "denied", at=at(3, 5), by="规划科")


# -- art. 44: delivery ten working days after the joint decision -------------------------------


def test_delivery_is_due_ten_working_days_after_the_joint_decision_across_national_day() -> None:
    case = PLAN.open("P-ND", dt.date(2025, 9, 26), calendar=CN)
    case = case.decide("land", "approved", at=at(9, 28), by="规划科")  # the make-up Sunday
    case = case.decide("build", "approved", at=at(9, 29), by="住建科")
    assert case.delivery_due_date is None  # fire still answers: no joint decision yet
    case = case.decide("fire", "approved", at=at(9, 30, 16), by="消防科")
    # Oct 9, 10, Saturday 11 (worked), 13-17, 20, 21
    assert case.delivery_due_date == dt.date(2025, 10, 21)
    on_time = case.complete(at=at(10, 21, 17), by="综合窗口")
    late = case.complete(at=at(10, 22, 9), by="综合窗口")
    assert (on_time.timeliness.delivery.value, late.timeliness.delivery.value) == (
        "on_time",
        "late",
    )
    denied = PLAN.open("P-DN", dt.date(2025, 9, 26), calendar=CN)
    denied = denied.decide("land", "denied", at=at(9, 30), by="规划科")
    assert denied.state is ParallelState.DENIED
    assert denied.delivery_due_date is None


# -- the overall bound: overview and monitor, a past day as it was ------------------------------

LONG = ApprovalPlan(
    [Step("a", "甲局", W(30)), Step("b", "乙局", W(30), requires=["a"])],
    lead="综合窗口",
    overall_limit=W(60),
)


def test_past_the_bound_with_every_step_inside_its_limit_is_red_art_42_para_2() -> None:
    case = opened(LONG, "P-B")
    assert case.exceeds_bound  # 60 planned working days > 45
    # a decided on Monday 14 April (due 15 April), b is due 30 working days later
    case = case.decide("a", "approved", at=at(4, 14), by="甲")
    assert case.tasks["b"].deadline == dt.date(2025, 5, 28)
    day = dt.date(2025, 5, 9)  # Friday, the day after the bound
    o = case.overview(day)
    assert (dict(o.overdue), o.past_bound, o.statutory_due_date) == ({}, True, dt.date(2025, 5, 8))
    assert not case.overview(dt.date(2025, 5, 8)).past_bound
    records = records_from_cases([case], calendar=CN)
    m = monitor(records, day, parallel=[case], calendar=CN)
    assert list(m.cases["status"]) == ["red"]
    steps = m.steps.set_index("step")
    assert steps.loc["(overall)", "status"] == "red"
    assert steps.loc["b", "status"] == "normal"


def test_a_case_decided_within_the_bound_is_not_red_past_it_before_its_plans_limit() -> None:
    case = opened(LONG, "P-C").decide("a", "approved", at=at(3, 20), by="甲")
    case = case.decide("b", "approved", at=at(5, 6), by="乙")  # the join, inside 8 May
    assert case.timeliness.statutory.value == "early"
    day = dt.date(2025, 5, 12)  # past the bound, inside the plan's 60 days (29 May)
    assert not case.overview(day).past_bound
    records = records_from_cases([case], calendar=CN)
    row = monitor(records, day, parallel=[case], calendar=CN).cases.iloc[0]
    # It used to be red by the statutory due date the decision had already kept. Approved on
    # 6 May and not yet delivered, what runs now is the delivery's 10 working days (art. 44):
    # 7-9, 12-16, 19, 20 May, before the plan's 29 May.
    assert (row["status"], str(row["due_date"].date())) == ("normal", "2025-05-20")


def test_the_overview_of_a_past_day_is_that_day_as_it_was() -> None:
    case = late_land()
    then = opened()
    for day in (dt.date(2025, 3, 10), dt.date(2025, 3, 11)):
        assert case.overview(day) == then.overview(day)
    assert dict(case.overview(dt.date(2025, 3, 11)).overdue) == {"land": 1}
    assert case.overview(dt.date(2025, 3, 12)).ready == ("build", "fire")
    done = case.decide("build", "approved", at=at(3, 13), by="住建科")
    done = done.decide("fire", "approved", at=at(3, 13, 11), by="消防科")
    done = done.complete(at=at(3, 20), by="综合窗口")
    assert done.overview(dt.date(2025, 3, 14)).state is ParallelState.APPROVED
    assert done.overview(dt.date(2025, 3, 20)).state is ParallelState.COMPLETED
    # Monitoring on a past day replays it: land was overdue then.
    past = monitor(records_from_cases([done], calendar=CN), dt.date(2025, 3, 11),
                   parallel=[done], calendar=CN)  # fmt: skip
    now = monitor(records_from_cases([case], calendar=CN), dt.date(2025, 3, 11),
                  parallel=[then], calendar=CN)  # fmt: skip
    assert past.steps.equals(now.steps)
    assert list(past.steps["step"]) == ["land"]
    assert list(past.steps["status"]) == ["red"]


# -- properties ---------------------------------------------------------------------------------

ACTS = st.lists(
    st.tuples(
        st.sampled_from(["decide", "deny", "suspend", "resume", "extend", "extend_step",
                         "timeouts", "review", "complete", "withdraw"]),
        st.integers(0, 2),
        st.integers(1, 5),
    ),
    max_size=14,
)  # fmt: skip


def play(acts: list[tuple[str, int, int]], plan: ApprovalPlan = PLAN) -> ParallelCase:
    """The acts in order, a day or more apart; an act the case refuses is left out."""
    case = plan.open("P-H", ACCEPTED, calendar=CN)
    when = at(3, 3, 11)
    for name, which, n in acts:
        when += dt.timedelta(days=n, hours=1)
        ready = case.overview(case._local(when)).ready
        step = ready[which % len(ready)] if ready else plan.order[which % len(plan.order)]
        try:
            if name in ("decide", "deny"):
                outcome = "approved" if name == "decide" else "denied"
                case = case.decide(step, outcome, at=when, by="科长")
            elif name == "suspend":
                case = case.suspend(at=when, by="窗口", reason=("专家评审", "检测")[which % 2])
            elif name == "resume":
                case = case.resume(at=when, by="窗口")
            elif name == "extend":
                case = case.extend(at=when, amount=n, **HEAD)
            elif name == "extend_step":
                case = case.extend(at=when, amount=n, step=step, **HEAD)
            elif name == "timeouts":
                case = case.apply_timeouts(at=when, by="电子监察")
            elif name == "review":
                case = case.review(step, at=when, by="审核员")
            elif name == "complete":
                case = case.complete(at=when, by="综合窗口")
            else:
                case = case.withdraw(at=when, by="申请人")
        except (InvalidValueError, TransitionError):
            continue
    return case


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTS)
def test_any_legal_sequence_replays_equal_and_a_past_day_is_its_prefix(
    acts: list[tuple[str, int, int]],
) -> None:
    case = play(acts)
    again = reread(case)
    assert again == case
    assert again.to_json() == case.to_json()
    assert records_from_cases([again], calendar=CN).equals(records_from_cases([case], calendar=CN))
    # The overview of any day is the overview of the case as its events up to then left it.
    for event in case.trace.events[1:]:
        day = case._local(dt.datetime.fromisoformat(event.payload["at"]))
        prefix = ParallelCase.from_json(
            rechain(case, lambda p, d=day: _keep_until(p, d)), calendar=CN
        )
        assert case.overview(day) == prefix.overview(day)


def _keep_until(payloads: list[dict[str, Any]], day: dt.date) -> None:
    keep = [p for p in payloads if dt.datetime.fromisoformat(p["at"]).astimezone(SH).date() <= day]
    payloads[:] = keep or payloads[:1]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 70), st.integers(0, 70), st.integers(0, 23))
def test_statutory_timeliness_is_monotone_in_the_decision_date(
    first: int, second: int, hour: int
) -> None:
    """Deciding the result later never makes the statutory (or committed) verdict better."""
    order = {"early": 0, "on_time": 1, "late": 2}

    def decided_after(days: int) -> ParallelCase:
        when = dt.datetime.combine(ACCEPTED, dt.time(hour), SH) + dt.timedelta(days=days)
        case = opened().decide("land", "approved", at=at(3, 3, 23), by="规划科")
        case = case.decide("build", "approved", at=max(when, at(3, 3, 23)), by="住建科")
        case = case.decide("fire", "approved", at=max(when, at(3, 3, 23)), by="消防科")
        return case.complete(at=max(when, at(3, 3, 23)), by="综合窗口")

    early, later = sorted((first, second))
    a, b = decided_after(early), decided_after(later)
    assert order[a.timeliness.statutory.value] <= order[b.timeliness.statutory.value]
    assert order[a.timeliness.committed.value] <= order[b.timeliness.committed.value]
