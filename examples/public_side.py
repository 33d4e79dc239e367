"""What the public sees and says: the sample catalogue's service-guide site, 好差评 with
rectification as events of the cases (one bad review rectified on time, one late),
first-inquiry responsibility and a three-level rollup.

Run with ``make demo`` or ``python examples/public_side.py``; open
``build/guides/index.html`` in a browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from govservice.calendar import TimeLimit, china
from govservice.matters import (
    Case,
    FeedbackChannel,
    Inquiry,
    RectificationPolicy,
    guide,
    guide_site,
    linkage,
    sample_catalog,
    sample_hierarchy,
    sample_life_events,
)
from govservice.metrics import rollup_indicators, simulate, with_feedback
from govservice.supervision import open_rectifications, unanswered_inquiries

OUT = Path("build/guides")
SH = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SH)


def completed(case_id: str, applicant: str, calendar: object) -> Case:
    """A case received, accepted, approved and completed at the window before National Day."""
    case = Case.submit(sample_catalog()["990102-SJJ-003"], case_id=case_id, applicant=applicant,
                       at=at(2025, 9, 24, 9), by="综合窗口", calendar=calendar)  # fmt: skip
    case = case.accept(at=at(2025, 9, 24, 9), by="综合窗口")
    case = case.review(at=at(2025, 9, 25), by="审核员")
    case = case.approve(at=at(2025, 9, 26), by="科长")
    return case.complete(at=at(2025, 9, 26, 11), by="综合窗口")


def main() -> None:
    catalog, calendar = sample_catalog(), china()

    # -- service guides (办事指南, 一事一表) ----------------------------------------------------
    site = guide_site(catalog, OUT, life_events=sample_life_events())
    print(f"办事指南网站：{site.index}（{len(site.pages)} 个事项，"
          f"{len(site.departments)} 个部门，{len(site.life_events)} 个人生事件）")  # fmt: skip
    print(guide(catalog["990102-MZJ-001"], format="markdown").splitlines()[0])

    # -- 好差评: two completed cases rated badly on the eve of National Day 2025 ----------------
    # The ratings and every rectification step are events in each case's own trace; the
    # 5-working-day limit comes with the act (RectificationPolicy).
    policy = RectificationPolicy.working_days(5)
    on_time = completed("2025-0924-001", "张三", calendar)
    on_time = on_time.rate(1, channel=FeedbackChannel.WINDOW, person="张三", by="窗口评价器",
                           at=at(2025, 9, 30), text="窗口让我来回跑了三次",
                           policy=policy)  # fmt: skip
    late = completed("2025-0924-002", "李四", calendar)
    late = late.rate(2, channel=FeedbackChannel.ONLINE, person="李四", by="政务服务网",
                     at=at(2025, 9, 30, 15), text="网上预审一直没有回复",
                     policy=policy)  # fmt: skip
    due = on_time.rectifications[0].due_date
    print(f"2025-09-30 的差评整改期限：{due}（10月1日至8日放假，10月11日周六调休上班）")
    for case, answered in ((on_time, at(2025, 10, 14, 16)), (late, at(2025, 10, 16, 9))):
        case = case.verify_feedback("R1", valid=True, finding="核实属实", at=at(2025, 10, 9),
                           by="督查科")  # fmt: skip
        case = case.rectify("R1", measures="一次性告知培训，窗口负责人约谈", at=at(2025, 10, 10),
                            by="窗口负责人")  # fmt: skip
        watch = open_rectifications([case], today=dt.date(2025, 10, 13), calendar=calendar)
        left = int(watch["days_left"].iloc[0])
        case = case.answer("R1", text="已电话回访，群众表示认可", at=answered, by="督查科")
        rect = case.rectifications[0]
        verdict = "按时" if rect.on_time else "超期"
        acts = "、".join(e.action for e in case.trace.events[-4:])
        print(f"  {case.case_id}（{case.state.value}，评价 {case.grade}）：10月13日剩 {left} "
              f"个工作日；{answered.date()} 回访办结 → {verdict}；留痕 {acts}")  # fmt: skip

    # -- 首问责任制 ------------------------------------------------------------------------------
    inquiry = Inquiry.open("ZX-0001", question="开餐馆要办哪些证？", first_responder="综合窗口王五",
                           at=at(2025, 10, 9, 9), limit=TimeLimit.working_days(1),
                           calendar=calendar, citizen="赵六")  # fmt: skip
    inquiry = inquiry.hand_over("市场监管窗口孙七", reason="食品经营许可属市场监管局",
                                at=at(2025, 10, 9, 9), by="综合窗口王五")  # fmt: skip
    waiting = unanswered_inquiries([inquiry], today=dt.date(2025, 10, 13))
    row = waiting.iloc[0]
    print(f"咨询 {row['inquiry_id']}：首问 {row['first_responder']}，"
          f"现责任人 {row['responsible']}，期限 {row['due_date']}，"
          f"超期：{bool(row['overdue'])}")  # fmt: skip

    # -- 三级联动: the township accepts and reviews, the county decides; one trace ---------------
    hierarchy = sample_hierarchy()
    case = Case.submit(catalog["990102101-XZ-001"], case_id="XZ-2025-001", applicant="张三",
                       at=at(2025, 9, 22, 9), calendar=calendar)  # fmt: skip
    case = case.accept(at=at(2025, 9, 22), by="城关镇窗口")
    case = case.review(at=at(2025, 9, 23), by="镇民政助理", opinion="初审同意")
    case = case.report_up(at=at(2025, 10, 10), by="城关镇窗口", to="示例县政务服务中心")
    case = case.approve(at=at(2025, 11, 21), by="县民政局")
    for part in linkage(case, hierarchy, center="城关镇便民服务中心", catalog=catalog):
        print(f"  {part.center}（{part.role}）：期限 {part.due_date}，{part.timeliness.value}")

    # -- a county and one of its townships, rolled up to the city --------------------------------
    frames = []
    for seed, center in enumerate(("示例县政务服务中心", "城关镇便民服务中心")):
        r = simulate(catalog, calendar, dt.date(2025, 9, 1), dt.date(2025, 9, 30), seed=seed,
                     cases_per_day=40, center=center, level=hierarchy[center].level)  # fmt: skip
        frames.append(r.assign(case_id=center[:4] + r["case_id"].astype(str)))
    records = pd.concat(frames, ignore_index=True)
    ids = records.loc[records["accepted_at"].notna(), "case_id"]
    bad = Case.submit(catalog["990102-SJJ-003"], case_id=ids.iloc[0], applicant="张三",
                      at=at(2025, 9, 29), calendar=calendar)  # fmt: skip
    bad = bad.rate(1, channel="window", person="张三", at=at(2025, 9, 30), policy=policy)
    records = with_feedback(records, [bad], today=dt.date(2025, 10, 31))
    table = rollup_indicators(records, hierarchy, period="month", calendar=calendar)
    print(table[["center", "level", "period", "acceptance_volume", "on_time_rate"]]
          .to_string(index=False))  # fmt: skip


if __name__ == "__main__":
    main()
