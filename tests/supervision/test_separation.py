from __future__ import annotations

import datetime as dt
import pickle
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError, NoEligibleActorError, SeparationError
from govservice.calendar import china
from govservice.matters import Case, CaseKind, ProposedAct, Trace, sample_catalog
from govservice.supervision import (
    BUILTIN_RULES,
    Act,
    ActRole,
    Designation,
    Directory,
    DutyFunction,
    Exemption,
    ExemptionKind,
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
    cooling_period_rule,
    enforce,
)
from govservice.testing import case_histories

SH = ZoneInfo("Asia/Shanghai")
FOOD = sample_catalog()["990100-SJJ-001"]  # 食品生产许可, 市场监督管理局, a licence
DEPT = FOOD.department


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=SH)


def case_of(
    reviewer: str | None = "李四",
    approver: str = "赵局长",
    case_id: str = "C1",
    guard: object = None,
) -> Case:
    case = Case.submit(
        FOOD, case_id=case_id, applicant="某食品公司", at=at(3, 9), guard=guard, calendar=china()
    )  # type: ignore[arg-type]
    case = case.accept(at=at(3), by="窗口A")
    if reviewer is not None:
        case = case.review(at=at(4), by=reviewer, opinion="同意")
    return case.approve(at=at(5), by=approver)


def rules_found(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


# -- reading acts -------------------------------------------------------------------------------


def test_acts_of_a_case_name_roles_departments_and_trace_positions() -> None:
    acts = acts_of(case_of())
    assert [(a.person, a.role, a.seq) for a in acts] == [
        ("窗口A", ActRole.ACCEPT, 1),
        ("李四", ActRole.REVIEW, 2),
        ("赵局长", ActRole.APPROVE, 3),
    ]
    assert {a.department for a in acts} == {DEPT}
    assert {a.matter_code for a in acts} == {FOOD.code}
    assert {a.matter_type for a in acts} == {"01"}
    assert acts[2].at == at(5)


def parallel_trace(*decisions: tuple[str, str, str, str]) -> Trace:
    """A parallel-case trace in the issue-5 format: open, then decide events."""
    plan = {"steps": [{"id": "land", "department": "自然资源和规划局", "matter_code": "M-LAND"},
                      {"id": "env", "department": "生态环境局"}]}  # fmt: skip
    trace = Trace().append(
        {
            "action": "open",
            "at": "2025-03-03T01:00:00+00:00",
            "by": "牵头窗口",
            "data": {"case_id": "P1", "plan": plan},
        }
    )
    for n, (step, department, outcome, by) in enumerate(decisions, 4):
        trace = trace.append(
            {
                "action": "decide",
                "at": f"2025-03-0{n}T01:00:00+00:00",
                "by": by,
                "data": {"step": step, "department": department, "outcome": outcome},
            }
        )
    return trace


class Parallel:
    """A stand-in with the issue-5 attributes the extraction reads."""

    def __init__(self, trace: Trace) -> None:
        self.case_id = "P1"
        self.trace = trace


def test_acts_of_a_parallel_trace_read_decisions_per_step() -> None:
    trace = parallel_trace(
        ("land", "自然资源和规划局", "opinion", "钱七"),
        ("land", "自然资源和规划局", "approved", "孙八"),
        ("env", "生态环境局", "denied", "周九"),
        ("env", "生态环境局", "timeout_noted", "系统"),
    )
    case = Parallel(trace)
    assert isinstance(case, TracedCase)
    acts = acts_of(case)
    assert [(a.person, a.role, a.step_id, a.department) for a in acts] == [
        ("牵头窗口", ActRole.ACCEPT, None, None),
        ("钱七", ActRole.REVIEW, "land", "自然资源和规划局"),
        ("孙八", ActRole.APPROVE, "land", "自然资源和规划局"),
        ("周九", ActRole.APPROVE, "env", "生态环境局"),
    ]
    assert acts[2].matter_code == "M-LAND"  # from the plan recorded at opening


def test_an_act_needs_a_person_and_a_known_role() -> None:
    with pytest.raises(InvalidValueError, match="role must be one of"):
        Act("C1", "王五", "sign")
    with pytest.raises(InvalidValueError, match="person must be a non-empty string"):
        Act("C1", " ", "review")


# -- one_review_one_approval --------------------------------------------------------------------


def test_same_reviewer_and_approver_violates_one_review_one_approval() -> None:
    found = check_separation([case_of(reviewer="王五", approver="王五")])
    assert rules_found(found) == ["one_review_one_approval"]
    v = found[0]
    assert (v.people, v.cases, v.departments, v.severity) == (
        ("王五",),
        ("C1",),
        (DEPT,),
        Severity.ERROR,
    )
    assert [(a.role, a.seq) for a in v.evidence] == [(ActRole.REVIEW, 2), (ActRole.APPROVE, 3)]
    assert v.explain("en") == "王五 both reviewed and decided case C1."
    assert v.explain("zh_CN") == "王五既审核又决定了办件C1。"
    assert v.explain("zh_TW") == "王五既審核又決定了辦件C1。"


def test_different_reviewer_and_approver_pass() -> None:
    assert check_separation([case_of(reviewer="李四", approver="赵局长")]) == []


def test_an_immediate_case_needs_a_reviewer_other_than_its_decider() -> None:
    immediate = sample_catalog().by_case_kind(CaseKind.IMMEDIATE)[0]
    case = Case.submit(immediate, case_id="I1", applicant="张三", at=at(3, 9), calendar=china())
    alone = case.accept(at=at(3), by="窗口A").approve(at=at(3, 11), by="窗口A")
    found = check_separation([alone])
    assert rules_found(found) == ["one_review_one_approval"]
    assert "single-signature" in found[0].explain("en")
    # on the center's single-signature list, one person may review and decide it
    listed = Directory(single_signature={immediate.code})
    assert check_separation([alone], listed) == []
    by_type = Directory(single_signature={immediate.matter_type.value})
    assert check_separation([alone], by_type) == []
    # a review by someone else satisfies it
    reviewed = case.accept(at=at(3), by="窗口A").review(at=at(3, 10), by="李四")
    assert check_separation([reviewed.approve(at=at(3, 11), by="窗口A")]) == []


def test_an_expert_review_or_collective_decision_needs_its_record() -> None:
    for kind in ("expert_review", "collective_decision"):
        with pytest.raises(InvalidValueError, match="record"):
            Exemption("one_review_one_approval", "专家评审", kind=kind, case_id="C1")
    exemption = Exemption("one_review_one_approval", "集体决定", kind="collective_decision",
                          case_id="C1", record="局长办公会纪要〔2025〕12号")  # fmt: skip
    found = check_separation([case_of(reviewer="王五", approver="王五")], exemptions=[exemption])
    assert [v.exempt for v in found] == [True]
    assert "Collective decision" in found[0].explain("en")
    with pytest.raises(InvalidValueError, match="kind"):
        Exemption("one_review_one_approval", "x", kind="vote", case_id="C1")


def test_parallel_steps_are_checked_each_on_its_own() -> None:
    same_step = parallel_trace(
        ("land", "自然资源和规划局", "opinion", "钱七"),
        ("land", "自然资源和规划局", "approved", "钱七"),
    )
    other_step = parallel_trace(
        ("land", "自然资源和规划局", "opinion", "钱七"),
        ("env", "生态环境局", "approved", "钱七"),
    )
    assert rules_found(check_separation([Parallel(same_step)])) == ["one_review_one_approval"]
    assert check_separation([Parallel(other_step)]) == []


def test_reviews_in_other_cases_do_not_count() -> None:
    first = case_of(reviewer="王五", approver="赵局长", case_id="C1")
    second = case_of(reviewer="李四", approver="王五", case_id="C2")
    assert check_separation([first, second]) == []


# -- approver_not_supervisor --------------------------------------------------------------------


def test_approver_inspecting_the_case_violates_approver_not_supervisor() -> None:
    inspection = Act("C1", "赵局长", "inspect", at(20), department="监管科", matter_code=FOOD.code)
    found = check_separation([case_of()], acts=[inspection])
    assert rules_found(found) == ["approver_not_supervisor"]
    assert found[0].evidence[-1] == inspection
    assert found[0].explain("en") == "赵局长 decided or reviewed case C1 and also inspected it."
    assert found[0].explain("zh_CN") == "赵局长审核或决定过办件C1，又对其进行了检查。"


def test_reviewer_supervising_the_case_violates_too() -> None:
    supervision = Act("C1", "李四", ActRole.SUPERVISE)
    assert rules_found(check_separation([case_of()], acts=[supervision])) == [
        "approver_not_supervisor"
    ]


def test_someone_else_inspecting_passes() -> None:
    inspection = Act("C1", "赵六", "inspect", department="监管科")
    assert check_separation([case_of()], acts=[inspection]) == []


def test_matter_wide_supervision_by_an_approver_of_the_matter_violates() -> None:
    supervision = Act(None, "赵局长", "supervise", matter_code=FOOD.code)
    found = check_separation([case_of(case_id="C7")], acts=[supervision])
    assert rules_found(found) == ["approver_not_supervisor"]
    assert "C7" in found[0].cases
    other_matter = Act(None, "赵局长", "supervise", matter_code="990100-OTHER")
    assert check_separation([case_of()], acts=[other_matter]) == []


def test_inspecting_another_case_of_the_matter_is_not_a_violation() -> None:
    inspection = Act("C2", "赵局长", "inspect", matter_code=FOOD.code)
    assert check_separation([case_of(case_id="C1")], acts=[inspection]) == []


# -- department_licenses_and_supervises ---------------------------------------------------------


def test_department_holding_both_functions_violates() -> None:
    directory = Directory(
        functions=[
            DutyFunction(DEPT, "licensing", "食品生产"),
            DutyFunction(DEPT, "supervision", "食品生产"),
        ]
    )
    found = check_separation([], directory)
    assert rules_found(found) == ["department_licenses_and_supervises"]
    assert found[0].departments == (DEPT,)
    assert not found[0].exempt
    assert found[0].explain("zh_CN") == f"{DEPT}对食品生产既实施许可又承担监管。"


def test_a_designation_lets_it_through_with_its_basis_reported() -> None:
    basis = "某市人民政府关于相对集中行政许可权的决定 第三条"
    directory = Directory(
        functions=[
            DutyFunction("行政审批局", "licensing", "01"),
            DutyFunction("行政审批局", "supervision", "01"),
        ],
        designations=[Designation("行政审批局", "01", basis)],
    )
    (found,) = check_separation([], directory)
    assert found.exempt
    assert found.exemption is not None
    assert found.exemption.kind is ExemptionKind.DESIGNATION
    assert found.exemption.reason == basis
    assert basis in found.explain("en")
    assert "已指定" in found.explain("zh_CN")


def test_functions_split_between_departments_pass() -> None:
    directory = Directory(
        functions=[
            DutyFunction("行政审批局", "licensing", "01"),
            DutyFunction(DEPT, "supervision", "01"),
        ]
    )
    assert check_separation([], directory) == []


def test_the_licensing_department_inspecting_its_own_licences_violates() -> None:
    by_licensing = Act("C1", "赵六", "inspect", department=DEPT, matter_code=FOOD.code)
    found = check_separation([case_of()], acts=[by_licensing])
    assert rules_found(found) == ["department_licenses_and_supervises"]
    assert found[0].departments == (DEPT,)
    assert found[0].cases == ("C1",)
    by_other = Act("C1", "赵六", "inspect", department="综合执法局", matter_code=FOOD.code)
    assert check_separation([case_of()], acts=[by_other]) == []


def test_licensing_by_matter_type_in_the_directory_covers_acts_of_that_type() -> None:
    directory = Directory(functions=[DutyFunction("卫生健康局", "licensing", "01")])
    act = Act(None, "赵六", "inspect", department="卫生健康局", matter_type="01")
    assert rules_found(check_separation([], directory, acts=[act])) == [
        "department_licenses_and_supervises"
    ]


# -- static_role_conflict -----------------------------------------------------------------------


def test_pairwise_exclusion() -> None:
    directory = Directory(
        people=[
            Person("王五", DEPT, {"approver", "inspector"}),
            Person("赵六", DEPT, {"inspector"}),
        ],
        role_conflicts=[RoleConflict({"approver", "inspector"})],
    )
    found = check_separation([], directory)
    assert rules_found(found) == ["static_role_conflict"]
    assert found[0].people == ("王五",)
    assert "approver, inspector" in found[0].explain("en")


def test_n_of_a_set() -> None:
    conflict = RoleConflict({"acceptor", "reviewer", "approver", "inspector"}, n=3, name="审管")
    two = Person("甲", roles={"acceptor", "reviewer"})
    three = Person("乙", roles={"acceptor", "reviewer", "approver"})
    found = check_separation([], Directory(people=[two, three], role_conflicts=[conflict]))
    assert [v.people for v in found] == [("乙",)]
    assert "审管" in found[0].explain("zh_CN")


def test_role_conflict_cardinality_is_checked() -> None:
    with pytest.raises(InvalidValueError, match="n must be an integer in 2..2"):
        RoleConflict({"a", "b"}, n=3)


# -- custom rules, exemptions ------------------------------------------------------------------


def no_kin(facts: object) -> list[Violation]:
    from govservice.supervision import Facts

    assert isinstance(facts, Facts)
    kin = {(r.person, r.other) for r in facts.directory.relations if r.kind == "kin"}
    return [
        Violation(
            "no_kin",
            Severity.WARNING,
            [a.person],
            [],
            [a.case_id or ""],
            [a],
            "%(person)s is kin of the applicant.",
            {"person": a.person},
        )
        for a in facts.acts
        if (a.person, a.case_id) in kin
    ]


KIN = Rule("no_kin", "亲属回避", "Kin recuse themselves", Scope.CASE, no_kin, Severity.ERROR)


def test_a_center_adds_its_own_rule_in_the_same_form() -> None:
    directory = Directory(relations=[Relation("李四", "C1", "kin")])
    found = check_separation([case_of()], directory, [*BUILTIN_RULES, KIN])
    assert rules_found(found) == ["no_kin"]
    assert found[0].severity is Severity.ERROR  # the rule's severity wins
    assert found[0].explain("zh_CN") == "李四 is kin of the applicant."  # not in the catalogs
    with pytest.raises(InvalidValueError, match="distinct ids"):
        check_separation([], rules=[KIN, KIN])


def test_exemptions_need_a_reason_and_a_target_and_are_reported() -> None:
    with pytest.raises(InvalidValueError, match="reason"):
        Exemption("one_review_one_approval", " ", granted_by="局长", case_id="C1")
    with pytest.raises(InvalidValueError, match="narrowed"):
        Exemption("one_review_one_approval", "集体讨论决定")
    exemption = Exemption("one_review_one_approval", "集体讨论决定", "局长办公会", case_id="C1")
    (found,) = check_separation([case_of("王五", "王五")], exemptions=[exemption])
    assert found.exempt
    assert found.exemption == exemption
    assert found.explain("en").endswith("(Exempted: 集体讨论决定)")
    other = Exemption("one_review_one_approval", "集体讨论决定", "局长办公会", case_id="C9")
    assert not check_separation([case_of("王五", "王五")], exemptions=[other])[0].exempt


# -- the guard ----------------------------------------------------------------------------------


def test_the_guard_vetoes_a_real_case_act_and_leaves_the_case_unchanged() -> None:
    separation = Separation()
    case = Case.submit(FOOD, case_id="C1", applicant="某食品公司", at=at(3, 9),
                       guard=separation.guard, calendar=china())  # fmt: skip
    case = case.accept(at=at(3), by="窗口A").review(at=at(4), by="王五")
    before = case.trace.head
    with pytest.raises(SeparationError) as info:
        case.approve(at=at(5), by="王五")
    assert info.value.rules == ("one_review_one_approval",)
    assert (info.value.case_id, info.value.action, info.value.by) == ("C1", "approve", "王五")
    assert case.trace.head == before
    assert case.state.value == "under_review"
    approved = case.approve(at=at(5), by="赵局长")
    assert approved.state.value == "approved"
    assert check_separation([approved]) == []


def test_the_guard_knows_earlier_inspections_and_reads_from_json() -> None:
    inspected = Act("C1", "王五", "inspect", matter_code=FOOD.code)
    guard = Separation(acts=[inspected]).guard
    case = case_of(reviewer="李四", approver="赵局长")
    undecided = Case.from_json(
        Case.submit(FOOD, case_id="C1", applicant="某食品公司", at=at(3, 9), calendar=china())
        .accept(at=at(3), by="窗口A")
        .to_json(),
        guard=guard,
        calendar=china(),
    )
    with pytest.raises(SeparationError, match="approver_not_supervisor"):
        undecided.review(at=at(4), by="王五")
    assert case.state.value == "approved"


def test_an_emergency_override_lets_the_act_through_and_is_reported() -> None:
    override = Exemption("one_review_one_approval", "抢险救灾，特事特办", "分管副市长",
                         ExemptionKind.EMERGENCY, case_id="C1")  # fmt: skip
    separation = Separation(exemptions=[override])
    case = case_of(reviewer="王五", approver="王五", guard=separation.guard)
    (found,) = separation.check([case])
    assert found.exempt
    assert "紧急例外" in found.explain("zh_CN")


def test_warnings_never_veto() -> None:
    warn = Rule("no_kin", "亲属回避", "Kin recuse", Scope.CASE, no_kin, Severity.WARNING)
    directory = Directory(relations=[Relation("李四", "C1", "kin")])
    case = case_of(reviewer="李四", guard=Separation(directory, [warn]).guard)
    assert [v.severity for v in check_separation([case], directory, [warn])] == [Severity.WARNING]


def test_a_parallel_decision_is_vetoed_through_its_proposed_act() -> None:
    trace = parallel_trace(("land", "自然资源和规划局", "opinion", "钱七"))
    proposed = ProposedAct("P1", "decide", "钱七", at(9), {"step": "land", "outcome": "approved",
                           "department": "自然资源和规划局"}, trace, department="自然资源和规划局",
                           step_id="land")  # fmt: skip
    with pytest.raises(SeparationError, match="one_review_one_approval"):
        Separation().guard(proposed)
    other = ProposedAct("P1", "decide", "孙八", at(9), {"step": "land", "outcome": "approved"},
                        trace, department="自然资源和规划局", step_id="land")  # fmt: skip
    Separation().guard(other)
    elsewhere = ProposedAct("P1", "decide", "钱七", at(9), {"step": "env", "outcome": "approved"},
                            trace, department="生态环境局", step_id="env")  # fmt: skip
    Separation().guard(elsewhere)


def test_enforce_an_inspection_before_it_is_assigned() -> None:
    approved = acts_of(case_of())
    with pytest.raises(SeparationError) as info:
        enforce(Act("C1", "赵局长", "inspect", department="监管科", matter_code=FOOD.code),
                acts=approved)  # fmt: skip
    assert info.value.action == "inspect"
    enforce(Act("C1", "赵六", "inspect", department="监管科", matter_code=FOOD.code), acts=approved)


def test_unrelated_earlier_violations_do_not_block_new_work() -> None:
    old = acts_of(case_of(reviewer="王五", approver="王五", case_id="C0"))
    guard = Separation(acts=old).guard
    case_of(reviewer="李四", approver="王五", case_id="C1", guard=guard)


# -- feasibility --------------------------------------------------------------------------------


def test_eligible_lists_who_may_still_act_and_errs_when_nobody_may() -> None:
    directory = Directory(
        people=[Person("王五", DEPT), Person("赵局长", DEPT), Person("外人", "别处")]
    )
    separation = Separation(directory, acts=[Act("C1", "赵局长", "inspect")])
    case = Case.submit(FOOD, case_id="C1", applicant="某食品公司", at=at(3, 9), calendar=china())
    case = case.accept(at=at(3), by="窗口A").review(at=at(4), by="王五")
    with pytest.raises(NoEligibleActorError) as info:
        separation.eligible(case, "approve", at=at(5), department=DEPT)
    assert info.value.candidates == ("王五", "赵局长")
    assert info.value.reasons == ("one_review_one_approval", "approver_not_supervisor")
    assert "nobody may approve case C1" in str(info.value)
    assert separation.eligible(case, "approve", ["王五", "外人"], at=at(5)) == ("外人",)
    with pytest.raises(NoEligibleActorError, match="no candidates"):
        separation.eligible(case, "approve", [], at=at(5))


def test_separation_errors_pickle() -> None:
    for error in (
        SeparationError("C1", "approve", "王五", ["one_review_one_approval"], ["x"]),
        NoEligibleActorError("C1", "approve", ["王五"], ["one_review_one_approval"]),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)


# -- properties ---------------------------------------------------------------------------------

PEOPLE = ("甲", "乙", "丙")


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Who reviews (1 to 3 times: a committed case needs a review) and who decides a case."""
    reviews = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3))
    decider = draw(st.sampled_from(PEOPLE))
    return [
        *(("review", p) for p in reviews),
        (draw(st.sampled_from(["approve", "deny"])), decider),
    ]


def run(history: list[tuple[str, str]], guard: object = None) -> Case:
    case = Case.submit(
        FOOD, case_id="H1", applicant="某公司", at=at(3, 9), guard=guard, calendar=china()
    )  # type: ignore[arg-type]
    case = case.accept(at=at(3), by="窗口A")
    for day, (action, person) in enumerate(history, 4):
        extra = {"reason": "不符合法定条件"} if action == "deny" else {}
        case = getattr(case, action)(at=at(day), by=person, **extra)
    return case


@given(histories())
def test_guarded_cases_never_violate_and_unguarded_violations_are_vetoed(
    history: list[tuple[str, str]],
) -> None:
    unguarded = run(history)
    found = check_separation([unguarded])
    decider = history[-1][1]
    assert bool(found) == (decider in {p for action, p in history[:-1]})
    if found:
        with pytest.raises(SeparationError):
            run(history, Separation().guard)
    else:
        assert check_separation([run(history, Separation().guard)]) == []


@given(st.permutations([case_of("王五", "王五", "C1"), case_of("李四", "赵局长", "C2"),
                        case_of("甲", "甲", "C3")]))  # fmt: skip
def test_the_order_of_cases_does_not_change_what_is_found(cases: list[Case]) -> None:
    found = check_separation(cases)
    assert sorted(v.cases for v in found) == [("C1",), ("C3",)]


# -- wider than one case ------------------------------------------------------------------------


def test_a_cooling_period_keeps_deciders_from_inspecting_the_matter_for_a_while() -> None:
    decided = case_of(reviewer="李四", approver="王五", case_id="C1")
    other = case_of(reviewer="李四", approver="赵局长", case_id="C2")
    decided_at = next(a.at for a in acts_of(decided) if a.role.value == "approve")
    assert decided_at is not None
    rules = [*BUILTIN_RULES, cooling_period_rule(180)]
    soon = Act("C2", "王五", "inspect", decided_at + dt.timedelta(days=30), matter_code=FOOD.code)
    later = Act("C2", "王五", "inspect", decided_at + dt.timedelta(days=200), matter_code=FOOD.code)
    found = check_separation([decided, other], rules=rules, acts=[soon])
    assert rules_found(found) == ["cooling_period"]
    assert found[0].cases == ("C2", "C1")
    assert check_separation([decided, other], rules=rules, acts=[later]) == []
    with pytest.raises(SeparationError, match="cooling_period"):
        Separation(rules=rules, acts=acts_of(decided)).enforce(soon)
    with pytest.raises(InvalidValueError, match="days"):
        cooling_period_rule(0)


def test_the_approving_department_may_not_supervise_its_approvals_even_unnamed() -> None:
    directory = Directory(people=[Person("赵六", DEPT, {"inspector"})])
    unnamed = Act("C1", "赵六", "inspect", matter_code=FOOD.code)  # no department on the act
    found = check_separation([case_of()], directory, acts=[unnamed])
    assert rules_found(found) == ["department_licenses_and_supervises"]
    assert found[0].departments == (DEPT,)
    elsewhere = Directory(people=[Person("赵六", "综合执法局", {"inspector"})])
    assert check_separation([case_of()], elsewhere, acts=[unnamed]) == []


# -- reading acts fast gives what reading them plainly gives -----------------------------------


def _plain_act(a: Act) -> Act:
    return Act(a.case_id, a.person, a.role, a.at, a.department, a.matter_code, a.matter_type,
               a.step_id, a.seq, a.case_kind)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(case=case_histories(max_actions=8))
def test_acts_read_from_a_trace_equal_acts_built_plainly(case: Case) -> None:
    from govservice.supervision._separation import _payload_of

    assert [_payload_of(e) for e in case.trace.events] == [e.payload for e in case.trace.events]
    acts = acts_of(case)
    plain = [_plain_act(a) for a in acts]
    assert list(acts) == plain
    assert [a.key for a in acts] == [a.key for a in plain]
    assert all(type(a) is Act for a in acts)
    assert pickle.loads(pickle.dumps(acts)) == acts
    assert {hash(a) for a in acts} == {hash(a) for a in plain}


@pytest.mark.parametrize(
    "payload",
    [
        ' {"action":"review","by":"李四"}',  # whitespace around the JSON: the plain way
        '{"action":"review","by":"李四"}\n',
        '{"action":"review","by":"李四\\u200b"}',
        '["review"]',  # not an object
        '{"action":"review","by":',  # not JSON
        '{"action":"review","by":"李四"} x',
    ],
)
def test_payloads_the_fast_reader_does_not_take_go_the_plain_way(payload: str) -> None:
    from govservice.matters import TraceEvent
    from govservice.supervision._separation import _payload_of

    for body in (f"1\n0\n-\n{payload}", f"1\n0\n{payload}"):  # the second lacks a part
        event = TraceEvent(body, "")
        try:
            expected: object = event.payload
        except ValueError as exc:
            with pytest.raises(type(exc), match=re.escape(str(exc))):
                _payload_of(event)
        else:
            assert _payload_of(event) == expected


def test_a_blank_actor_in_a_trace_is_refused_as_before() -> None:
    from govservice.matters import TraceEvent

    events = [
        '{"action":"submit","at":"2025-03-03T01:00:00+00:00","by":"a","data":{}}',
        '{"action":"accept","at":"2025-03-03T02:00:00+00:00","by":"  ","data":{}}',
    ]
    trace = Trace(TraceEvent(f"1\n{i}\n-\n{p}", "") for i, p in enumerate(events))

    class Light:
        case_id = "C9"

        def __init__(self, trace: Trace) -> None:
            self.trace = trace

    with pytest.raises(InvalidValueError, match="person"):
        acts_of(Light(trace))  # type: ignore[arg-type]


def test_the_directory_finds_people_by_key_first_listed_first() -> None:
    first, second = Person("王五", "甲局", {"approver"}), Person("王五 ", "乙局", {"inspector"})
    directory = Directory(people=[first, second])
    assert directory.person("ＷＡＮＧ") is None
    assert directory.person("王\u200b五") is first
    assert directory.department_of("王五") == "甲局"
    again = pickle.loads(pickle.dumps(directory))
    assert again == directory
    assert again.person("王五") == first
    import attrs

    moved = attrs.evolve(directory, people=[second])
    assert moved.person("王五") is second
    assert hash(Directory(people=[first])) == hash(Directory(people=[first]))
