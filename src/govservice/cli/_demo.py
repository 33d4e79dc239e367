"""``govservice demo``: the README's demo without make, so Windows users have it too."""

from __future__ import annotations

import tempfile
from pathlib import Path

from govservice.cli._common import say

__all__ = ["demo"]


def demo(*, out: Path | None = None) -> int:
    """演示。Run the demo: a deadline over the Spring Festival, a county month and its report.

    Example 示例: govservice demo --out 演示

    Args:
        out: 输出目录 Where to write the demo's files (a temporary directory by default).
    """
    import datetime as dt

    from govservice.calendar import TimeLimit, china, deadline, format_deadline
    from govservice.matters import sample_catalog
    from govservice.metrics import compute_indicators, monthly_report, simulate

    cal = china()
    d = deadline(dt.date(2025, 1, 24), TimeLimit.parse("20个工作日"), cal)
    say("1. 2025-01-24 受理，20个工作日 accepted, 20 working days:")
    say("   " + format_deadline(d, "zh_CN") + " / " + format_deadline(d, "en"))
    say(d.explain("zh_CN"))
    catalog = sample_catalog()
    figures = catalog.figures().total
    say(f"2. 示例目录 sample catalogue: {len(catalog)} 个事项 matters, 法定 statutory "
        f"{figures.statutory_working_days} / 承诺 committed {figures.committed_working_days} 个工作日")  # fmt: skip
    records = simulate(catalog, cal, dt.date(2025, 4, 1), dt.date(2025, 5, 30), seed=1,
                       cases_per_day=40)  # fmt: skip
    table = compute_indicators(records, by=("center",), period="month", calendar=cal)
    for _, row in table.iterrows():
        say(f"3. {row['period']}: 受理 accepted {row['acceptance_volume']}, 按时办结率 on time "
            f"{row['on_time_rate'] * 100:.2f}%")  # fmt: skip
    target = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="govservice-demo-"))
    report = monthly_report(records, "2025-05", out_dir=target, catalog=catalog, calendar=cal,
                            generated_on=dt.date(2025, 6, 3))  # fmt: skip
    say(f"4. 月度报告 monthly report: {report.html}")
    return 0
