"""An investment project through the four stages of construction-project approval, in parallel.

Run with `make demo`. Prints the planned schedule with its critical path and the serial
against parallel figures, then follows a live case (a late department, an expert review, a
timeout escalated by electronic monitoring) and saves both Gantt charts, SVG and PNG, under
build/parallel_approval/. Every time is fixed; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

from govservice.approval import ParallelCase, construction_project_plan, gantt
from govservice.calendar import china, format_date

SH = ZoneInfo("Asia/Shanghai")
OUT = Path("build/parallel_approval")
ACCEPTED = dt.date(2024, 9, 27)  # a Friday: National Day and its make-up days lie ahead


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return text + " " * max(0, width - len(text) - wide)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A fixed moment of ``day`` in Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time(hour), SH)


def main() -> None:
    cal = china()
    plan = construction_project_plan()
    schedule = plan.schedule(ACCEPTED, cal)
    print(f"{plan.name}\n受理 {format_date(ACCEPTED)}；牵头：{plan.lead}\n")
    stages = {s.id: s.name for s in plan.stages}
    print(f"{pad('阶段', 18)}{pad('事项', 34)}{pad('部门', 18)}起算      完成      机动  关键")
    for row in schedule.rows():
        print(
            f"{pad(stages[row['stage']], 18)}{pad(row['name'], 34)}{pad(row['department'], 18)}"
            f"{row['start']:%m-%d}     {row['finish']:%m-%d}     {row['slack']:>3}   "
            f"{'★' if row['critical'] else ''}"
        )
    figures = plan.compare(cal, accepted_on=ACCEPTED)
    print(
        f"\n串联 {figures.serial_working_days} 个工作日（{format_date(figures.serial_due)}）"
        f" → 并联 {figures.parallel_working_days} 个工作日（{format_date(figures.parallel_due)}）；"
        f"节省 {figures.saved_working_days} 个工作日，压缩 {figures.compression_rate:.2%}"
    )
    print(f"关键路径：{' → '.join(plan[s].label for s in schedule.critical_path)}")
    within = "在时限内" if schedule.within_limit else "超出时限"
    limit = plan.overall_limit.amount
    print(f"总时限：{format_date(schedule.overall_due_date)}（{limit} 个工作日）；计划{within}")

    # A live case: the first steps on time, the land-use permit late, an expert review.
    case: ParallelCase = plan.open("XM-2024-0927-01", ACCEPTED, calendar=cal)
    plan_of = schedule.steps
    case = case.decide("site_selection", "approved", at=at(plan_of["site_selection"].finish),
                       by="自然资源和规划局·李")  # fmt: skip
    case = case.decide("project_approval", "approved", at=at(plan_of["project_approval"].finish),
                       by="发展和改革局·王")  # fmt: skip
    late = cal.add_working_days(plan_of["land_use_permit"].finish, 3)
    case = case.decide("land_use_permit", "approved", at=at(late), by="自然资源和规划局·赵")
    review = cal.add_working_days(late, 2)
    case = case.suspend(at=at(review), by="自然资源和规划局·赵", reason="专家评审",
                        step="design_scheme", note="规划设计方案专家评审会")  # fmt: skip
    case = case.resume(at=at(cal.add_working_days(review, 5)), by="自然资源和规划局·赵")
    environment = case.tasks["environment"].deadline
    assert environment is not None
    case = case.decide("environment", "approved", at=at(environment), by="生态环境局·陈")
    today = cal.add_working_days(review, 16)
    case = case.apply_timeouts(at=at(today, 9), by="电子监察系统")
    overview = case.overview(today)
    print(f"\n{case.case_id} 截至 {format_date(today)}：")
    print(f"  在办：{', '.join(plan[s].label for s in overview.ready)}")
    for step_id, days in overview.overdue.items():
        print(f"  超期：{plan[step_id].label}（{plan[step_id].department}）{days} 个工作日")
    for step_id, policy in ((s, p) for s, p, _ in case.timeouts):
        print(f"  已记录超时：{plan[step_id].label} → {policy.value}")
    print(f"  卡在关键路径上：{', '.join(plan[s].label for s in overview.blocking)}")
    print(f"  预计办结：{format_date(overview.due_date)}（计划 {format_date(schedule.due_date)}；"
          f"法定时限 {format_date(overview.overall_due_date)}）")  # fmt: skip
    case.trace.verify(expected_head=case.trace.head)
    print(f"  留痕：{len(case.trace)} 条事件，哈希链校验通过，head {case.trace.head[:16]}…")

    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in (".svg", ".png"):
        gantt(schedule, path=OUT / f"plan{suffix}")
        gantt(case, today=today, path=OUT / f"case{suffix}")
    gantt(schedule, locale="en", path=OUT / "plan-en.png")
    print(f"\nGantt charts: {OUT}/plan.svg, plan.png, plan-en.png, case.svg, case.png")


if __name__ == "__main__":
    main()
