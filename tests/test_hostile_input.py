"""Each finding of the attack on every door (issue 18): a clear, typed error or a right answer."""

from __future__ import annotations

import pytest

from govservice import InvalidValueError, PlanError
from govservice.approval import ApprovalPlan, Join, construction_project_plan
from govservice.calendar import LimitUnit, TimeLimit, WorkCalendar
from govservice.matters import Material


def test_a_plan_without_lead_is_a_plan_error() -> None:
    data = construction_project_plan().to_mapping()
    del data["lead"]
    with pytest.raises(PlanError) as info:
        ApprovalPlan.from_mapping(data)
    assert [p.field for p in info.value.problems] == ["lead"]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Join("bogus"), "join.mode"),
        (lambda: TimeLimit(1, "working_days"), "unit"),
        (lambda: WorkCalendar("2025"), "coverage"),
        (lambda: Material("营业执照", "copy"), "form"),
        (lambda: Material("营业执照", required="否"), "required"),
    ],
)
def test_public_constructors_name_the_field_for_wrong_types(make, field) -> None:
    with pytest.raises(InvalidValueError) as info:
        make()
    assert info.value.field == field


def test_enum_values_are_still_taken_where_documented() -> None:
    assert Join("k_of_n", 2).k == 2
    assert TimeLimit(1, LimitUnit.WORKING_DAYS).amount == 1
