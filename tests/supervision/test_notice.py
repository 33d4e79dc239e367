"""Approvals are notified to their supervisors; the archive check draws from the notices."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.supervision import (
    Act,
    Directory,
    DutyFunction,
    archive_check_targets,
    draw_inspection,
    inspection_conflicts,
    notify_approvals,
    verify_draw,
)

SH = ZoneInfo("Asia/Shanghai")
FOOD = sample_catalog()["990100-SJJ-001"]
DIRECTORY = Directory(
    functions=[
        DutyFunction(FOOD.department, "licensing", FOOD.code),
        DutyFunction("综合执法局", "supervision", FOOD.code),
        DutyFunction("市场监管稽查局", "supervision", FOOD.matter_type.value),
    ]
)


def case(n: int, day: int, approver: str = "赵局长", deny: bool = False) -> Case:
    at = dt.datetime(2025, 3, day, 9, tzinfo=SH)
    c = Case.submit(FOOD, case_id=f"C{n}", applicant=f"申请人{n}", at=at, calendar=china())
    c = c.accept(at=at + dt.timedelta(hours=1), by="窗口A")
    c = c.review(at=at + dt.timedelta(hours=2), by="李四")
    if deny:
        return c.deny(at=at + dt.timedelta(hours=3), by=approver, reason="不符合条件")
    return c.approve(at=at + dt.timedelta(hours=3), by=approver)


def test_every_approval_is_notified_to_each_supervisor_and_denials_are_not() -> None:
    notices = notify_approvals([case(1, 3), case(2, 4, deny=True)], DIRECTORY)
    assert [(n.case_id, n.supervising_department) for n in notices] == [
        ("C1", "综合执法局"), ("C1", "市场监管稽查局"),
    ]  # fmt: skip
    assert notices[0].approved_by == "赵局长"
    assert notices[0].approving_department == FOOD.department
    assert notices[0].decided_at == dt.datetime(2025, 3, 3, 12, tzinfo=SH)


def test_an_unsupervised_matter_is_named() -> None:
    with pytest.raises(InvalidValueError, match=FOOD.code):
        notify_approvals([case(1, 3)], Directory())


def test_the_monthly_archive_check_draws_from_the_months_notices() -> None:
    cases = [case(n, 3 + n % 20) for n in range(1, 30)]
    notices = notify_approvals(cases, DIRECTORY)
    march = archive_check_targets(notices, "综合执法局", start=dt.date(2025, 3, 1),
                                  end=dt.date(2025, 3, 31))  # fmt: skip
    assert sorted(march) == sorted(c.case_id for c in cases)
    early = archive_check_targets(notices, "综合执法局 ", start=dt.date(2025, 3, 1),
                                  end=dt.date(2025, 3, 10))  # fmt: skip
    assert early
    assert set(early) < set(march)
    inspectors = ["王五", "赵六", "钱七"]
    drawn = draw_inspection(march, inspectors, seed="2025-03 archive", share="0.1")
    verify_draw(drawn, march, inspectors)
    assert len(drawn.targets) == 3
    with pytest.raises(InvalidValueError, match="end"):
        archive_check_targets(notices, "综合执法局", start=dt.date(2025, 3, 2),
                              end=dt.date(2025, 3, 1))  # fmt: skip


def test_the_cooling_period_keeps_recent_deciders_out_of_the_draw() -> None:
    earlier = case(1, 3, approver="王五")  # 王五 decided a case of the matter on 3 March
    later = case(2, 20)
    at = dt.datetime(2025, 4, 1, 9, tzinfo=SH)
    plain = inspection_conflicts([later], ["王五", "赵六"], acts=[])
    assert plain == {}
    cooled = inspection_conflicts([later], ["王五", "赵六"], cooling_days=90, at=at,
                                  acts=_acts(earlier))  # fmt: skip
    assert cooled == {"王五": {"C2": "cooling_period"}}
    long_after = dt.datetime(2025, 9, 1, 9, tzinfo=SH)
    assert inspection_conflicts([later], ["王五"], cooling_days=90, at=long_after,
                                acts=_acts(earlier)) == {}  # fmt: skip
    with pytest.raises(InvalidValueError, match="at"):
        inspection_conflicts([later], ["王五"], cooling_days=90, acts=_acts(earlier))


def _acts(c: Case) -> list[Act]:
    from govservice.supervision import acts_of

    return list(acts_of(c))
