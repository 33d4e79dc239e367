from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import (
    Case,
    CenterLevel,
    TimelinessStatus,
    linkage,
    sample_catalog,
    sample_hierarchy,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = china()
CATALOG = sample_catalog()
HIER = sample_hierarchy()
TOWN, COUNTY = "城关镇便民服务中心", "示例县政务服务中心"


def at(m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(2025, m, d, h, tzinfo=SH)


def township_case(reported: dt.datetime, decided: dt.datetime | None) -> Case:
    matter = CATALOG["990102101-XZ-001"]  # 最低生活保障申请受理及初审 -> county 990102-MZJ-003
    case = Case.submit(matter, case_id="XZ-2025-001", applicant="张三", at=at(9, 22, 9),
                       calendar=CAL)  # fmt: skip
    case = case.accept(at=at(9, 22), by="镇窗口")
    case = case.review(at=at(9, 23), by="镇民政助理", opinion="初审同意")
    case = case.report_up(at=reported, by="镇窗口", to=COUNTY, opinion="报县民政局审批")
    if decided is not None:
        case = case.approve(at=decided, by="县民政局")
    return case


def test_township_accepts_county_decides_with_each_level_timeliness() -> None:
    # Lower part: 20 working days from Mon Sep 22 (Sun Sep 28 and Sat Oct 11 worked, Oct 1-8
    # off) end Fri Oct 24 (art. 43). Higher part: the county matter's 30 working days from the
    # report on Fri Oct 10 end Thu Nov 20.
    case = township_case(at(10, 10), at(11, 21))
    lower, upper = linkage(case, HIER, center=TOWN, catalog=CATALOG)
    assert (lower.center, lower.level, lower.role) == (TOWN, CenterLevel.TOWNSHIP, "accept")
    assert lower.due_date == dt.date(2025, 10, 24)
    assert lower.timeliness is TimelinessStatus.EARLY
    assert (upper.center, upper.level, upper.role) == (COUNTY, CenterLevel.COUNTY, "decide")
    assert upper.started_at == at(10, 10)
    assert upper.due_date == dt.date(2025, 11, 20)
    assert upper.timeliness is TimelinessStatus.LATE
    actions = [e.action for e in case.trace.events]
    assert actions == ["submit", "accept", "review", "report_up", "approve"]
    case.trace.verify()
    again = Case.from_json(case.to_json(), calendar=CAL)
    assert linkage(again, HIER, center=TOWN, catalog=CATALOG) == (lower, upper)


def test_late_report_and_pending_decision() -> None:
    case = township_case(at(10, 27), None)
    lower, upper = linkage(case, HIER, center=TOWN, catalog=CATALOG)
    assert lower.timeliness is TimelinessStatus.LATE
    assert upper.timeliness is TimelinessStatus.PENDING
    assert upper.ended_at is None


def test_reported_to_must_be_above_the_accepting_center() -> None:
    case = township_case(at(10, 10), None)
    with pytest.raises(InvalidValueError, match="above"):
        linkage(case, HIER, center="示例区政务服务中心", catalog=CATALOG)
    with pytest.raises(InvalidValueError, match="center"):
        linkage(case, HIER, center="nowhere", catalog=CATALOG)
