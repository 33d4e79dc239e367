"""The month's report of a county center, from simulated records: monitoring, irregularities,
scoring and ranking, as one HTML page (open it in a browser) with CSV, JSON and PNG files.

Run with ``make demo`` or ``python examples/monthly_report.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import IRREGULARITY_RULES, find_irregularities, monitor, monthly_report

OUT = Path("build/monthly_report")


def main() -> None:
    catalog, calendar = sample_catalog(), china()
    # Three months of a county center (about 400 cases per working day), taken on 31 May.
    records = simulate(catalog, calendar, dt.date(2025, 3, 3), dt.date(2025, 5, 30), seed=2025)
    print(f"{len(records):,} 条办件记录（模拟），2025-03-03 至 2025-05-30")

    today = dt.date(2025, 5, 20)
    watched = monitor(records, today, {"yellow_working_days": 2}, calendar=china())
    counts = watched.cases["status"].value_counts()
    print(f"{today} 在办 {len(watched.cases):,} 件：正常 {counts['normal']:,}，"
          f"黄牌 {counts['yellow']:,}，红牌 {counts['red']:,}")  # fmt: skip

    found = find_irregularities(records, catalog, locale="zh", calendar=china())
    counts = found["rule"].value_counts()
    for rule in IRREGULARITY_RULES:
        print(f"  {rule.name('zh')}（{rule.id}）：{counts.get(rule.id, 0)} 件")
    print("  例：", found["evidence"].iloc[0])

    for lang in ("zh", "en"):
        report = monthly_report(records, "2025-05", out_dir=OUT / lang, locale=lang,
                                catalog=catalog, calendar=china(),
                                generated_on=dt.date(2025, 6, 3))  # fmt: skip
        ranking = report.tables["ranking"]
        if lang == "zh":
            print("\n2025年5月排名（前五）：")
            for row in ranking.head(5).itertuples():
                print(f"  {row.rank}. {row.department} {row.points:.2f} 分")
    print(f"\nOpen the report: {(OUT / 'zh' / 'report.html').resolve()}")
    print(f"English: {(OUT / 'en' / 'report.html').resolve()}")


if __name__ == "__main__":
    main()
