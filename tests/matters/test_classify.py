from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from govservice import InvalidValueError
from govservice.calendar import TimeLimit
from govservice.matters import (
    CaseFacts,
    CaseKind,
    ClassificationPolicy,
    Matter,
    classify,
    sample_catalog,
)
from govservice.testing import matters

SAMPLE = sample_catalog()
PLAIN = attrs.evolve(SAMPLE.by_case_kind(CaseKind.COMMITTED)[0], departments=(), special=False,
                     reports_to=None)  # fmt: skip


def test_the_rules_in_order() -> None:
    assert classify(PLAIN).kind is CaseKind.COMMITTED
    immediate = attrs.evolve(PLAIN, committed_limit=TimeLimit.immediate())
    assert classify(immediate).kind is CaseKind.IMMEDIATE
    joint = attrs.evolve(immediate, departments=("税务局",))
    assert classify(joint).kind is CaseKind.JOINT
    reported = attrs.evolve(joint, reports_to="X")
    assert classify(reported).kind is CaseKind.REPORTED
    special = attrs.evolve(reported, special=True)
    assert classify(special).kind is CaseKind.SPECIAL


def test_facts_change_the_kind_and_carry_marks() -> None:
    c = classify(PLAIN, CaseFacts(special=True, urgent=True, green_channel=True))
    assert c.kind is CaseKind.SPECIAL
    assert (c.urgent, c.green_channel) == (True, True)
    assert "急办" in c.explain("zh_CN")
    assert "marked urgent" in c.explain("en")
    assert classify(PLAIN, CaseFacts(departments=("公安局",))).kind is CaseKind.JOINT


def test_a_center_adjusts_the_policy() -> None:
    two_hours = attrs.evolve(PLAIN, committed_limit=TimeLimit.working_hours(2))
    assert classify(two_hours).kind is CaseKind.COMMITTED
    policy = ClassificationPolicy(immediate_up_to=TimeLimit.working_hours(2))
    assert classify(two_hours, policy=policy).kind is CaseKind.IMMEDIATE
    listed = ClassificationPolicy(joint_matters={PLAIN.code})
    assert classify(PLAIN, policy=listed).kind is CaseKind.JOINT
    special = ClassificationPolicy(special_matters=[PLAIN.code])
    assert classify(PLAIN, policy=special).kind is CaseKind.SPECIAL
    with pytest.raises(InvalidValueError, match="immediate_up_to"):
        ClassificationPolicy(immediate_up_to=TimeLimit.working_days(1))


@given(matter=matters())
def test_every_matter_gets_one_of_the_five_kinds_with_reasons(matter: Matter) -> None:
    c = classify(matter)
    assert c.kind in {CaseKind.IMMEDIATE, CaseKind.COMMITTED, CaseKind.JOINT, CaseKind.REPORTED,
                      CaseKind.SPECIAL}  # fmt: skip
    assert c.reasons
    assert all(r.zh and r.en for r in c.reasons)


def test_expert_review_is_the_exception_to_one_review_not_a_special_case() -> None:
    joint = classify(PLAIN, CaseFacts(departments=("公安局",), expert_review=True))
    assert joint.kind is CaseKind.JOINT  # a joint case needing expert review stays joint
    assert "一审一核" in joint.explain("zh_CN")
    assert classify(PLAIN, CaseFacts(collective_decision=True)).kind is CaseKind.COMMITTED


def test_each_case_gets_its_handling_system_with_reasons() -> None:
    from govservice.matters import HandlingSystem

    assert classify(PLAIN).system is HandlingSystem.COMMITMENT
    immediate = attrs.evolve(PLAIN, committed_limit=TimeLimit.immediate())
    assert classify(immediate).system is HandlingSystem.DIRECT
    assert classify(attrs.evolve(PLAIN, departments=("税务局",))).system is HandlingSystem.LEAD
    assert classify(attrs.evolve(PLAIN, reports_to="X")).system is HandlingSystem.GUIDED
    assert classify(attrs.evolve(PLAIN, special=True)).system is HandlingSystem.SPECIAL
    restricted = classify(attrs.evolve(PLAIN, restricted=True))
    assert restricted.system is HandlingSystem.REJECTION
    assert "驳回办理制" in restricted.explain("zh_CN")
