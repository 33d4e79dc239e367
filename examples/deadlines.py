"""The deadlines of a handful of sample applications, with how each was reached.

Run with `make demo`. Every date is passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from govservice.calendar import (
    Extension,
    Suspension,
    TimeLimit,
    china,
    deadline,
    format_deadline,
    format_limit,
)

SH = ZoneInfo("Asia/Shanghai")

# (case, matter, accepted, limit as the service guide writes it, suspensions, extensions)
SAMPLES = [
    ("2025-0001", "企业设立登记", dt.date(2025, 1, 24), "3个工作日", [], []),
    ("2025-0002", "建设工程规划许可证核发", dt.date(2025, 1, 24), "20个工作日",
     [Suspension(dt.date(2025, 2, 10), dt.date(2025, 2, 14), "专家评审", "规划方案专家论证")],
     [Extension(10, "局长", "需现场踏勘核实")]),
    ("2025-0003", "食品经营许可", dt.date(2025, 9, 26), "10个工作日", [], []),
    ("2025-0004", "不动产登记", dt.date(2025, 9, 28), "15天", [], []),
    ("2025-0005", "居民身份证换领", dt.datetime(2025, 9, 30, 16, 0, tzinfo=SH), "2小时", [], []),
    ("2026-0006", "固定资产投资项目联合审批", dt.date(2026, 2, 13), "45个工作日", [],
     [Extension(15, "市政府负责人", "联合办理未能办结")]),
    ("2026-0007", "个体工商户注册", dt.datetime(2026, 2, 15, 21, 30, tzinfo=SH), "即办", [], []),
]  # fmt: skip


def main() -> None:
    cal = china()
    print(f"govservice calendar {cal.name} {cal.coverage}, {len(cal.notices)} notices\n")
    for case, matter, accepted, text, suspensions, extensions in SAMPLES:
        limit = TimeLimit.parse(text)
        d = deadline(accepted, limit, cal, suspensions=suspensions, extensions=extensions)
        print(f"== {case} {matter} · {format_limit(limit, 'zh_CN')} / {format_limit(limit, 'en')}")
        print(f"   {format_deadline(d, 'zh_CN')}  ·  {format_deadline(d, 'en')}")
        for line in d.explain("zh_CN").splitlines():
            print(f"   {line}")
        print()

    # A late notice: the 2020 Spring Festival extension (国办发明电〔2020〕1号) moved deadlines.
    before = [e for e in cal.days if e.date.year == 2020 and e.notice != "国办发明电〔2020〕1号"]
    print("== Recomputed after the 2020 Spring Festival extension")
    from govservice.calendar import DayEntry, EntryKind, YearData

    annual = [e for e in before if e.date != dt.date(2020, 2, 1)]
    annual.append(DayEntry(dt.date(2020, 2, 1), "春节", EntryKind.WORKDAY))
    old = cal.with_year(YearData(2020, days=annual), replace=True)
    moved = deadline(dt.date(2020, 1, 20), TimeLimit.working_days(10), old).recompute(cal)
    print(f"   {moved.previous.due_date if moved.previous else ''} -> {moved.due_date}")
    for line in moved.explain("en").splitlines()[-3:]:
        print(f"   {line}")


if __name__ == "__main__":
    main()
