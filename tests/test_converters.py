"""The library's cattrs converters are private: no area exports one, and a user's cannot reach them.

Each area that (un)structures values offers ``make_converter()``, a new converter configured like
the library's own. A hook registered on it stays the user's: what the library reads and writes,
and the cases it replays, do not change.
"""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import cattrs
import pytest

from govservice.approval import ApprovalPlan, construction_project_plan
from govservice.calendar import (
    DayEntry,
    EntryKind,
    TimeLimit,
    calendar_to_json,
    china,
    load_calendar,
)
from govservice.calendar import make_converter as make_calendar_converter
from govservice.matters import Case, CaseKind, make_converter, sample_catalog

AREAS = ["approval", "calendar", "matters", "metrics", "store", "supervision", "testing"]
AT = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("area", AREAS)
def test_no_area_exports_a_converter_object(area: str) -> None:
    module = importlib.import_module(f"govservice.{area}")
    exported = {name: getattr(module, name) for name in module.__all__}
    assert not [n for n, v in exported.items() if isinstance(v, cattrs.BaseConverter)]
    assert "converter" not in exported


def test_each_make_converter_is_new() -> None:
    assert make_converter() is not make_converter()
    assert make_calendar_converter() is not make_calendar_converter()


def _rewrite_limits(conv: cattrs.Converter) -> None:
    conv.register_structure_hook(TimeLimit, lambda _v, _t: TimeLimit.working_days(99))
    conv.register_unstructure_hook(TimeLimit, lambda _v: {"amount": 99, "unit": "working_days"})


def test_a_hook_on_a_users_converter_does_not_change_a_replayed_case() -> None:
    mine, calendar_mine = make_converter(), make_calendar_converter()
    _rewrite_limits(mine)
    _rewrite_limits(calendar_mine)
    calendar_mine.register_structure_hook(dt.date, lambda _v, _t: dt.date(1999, 1, 1))
    matter = sample_catalog().by_case_kind(CaseKind.COMMITTED)[0]
    case = Case.submit(matter, case_id="C-1", applicant="李四", at=AT, calendar=china())
    case = case.accept(at=AT + dt.timedelta(hours=1), by="窗口")
    text = case.to_json()
    replayed = Case.from_json(text, calendar=china())
    assert replayed.matter.statutory_limit == matter.statutory_limit
    assert replayed.matter.statutory_limit.amount != 99
    assert replayed.to_json() == text
    # the user's converters do what they were told
    assert mine.structure({"amount": 20, "unit": "working_days"}, TimeLimit).amount == 99
    assert calendar_mine.unstructure(TimeLimit.working_days(5))["amount"] == 99


def test_a_hook_on_a_users_converter_does_not_change_calendars_or_plans() -> None:
    mine = make_calendar_converter()
    mine.register_structure_hook(dt.date, lambda _v, _t: dt.date(1999, 1, 1))
    mine.register_unstructure_hook(dt.date, lambda _d: "1999-01-01")
    matters = make_converter()
    _rewrite_limits(matters)
    raw = calendar_to_json(china())
    assert load_calendar(raw) == china()
    assert mine.unstructure(DayEntry(dt.date(2025, 1, 26), "春节", EntryKind.WORKDAY))["date"] == (
        "1999-01-01"
    )
    plan = construction_project_plan()
    again = ApprovalPlan.from_mapping(plan.to_mapping())
    assert again == plan
    assert again.to_mapping() == plan.to_mapping()
