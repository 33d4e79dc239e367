# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     name: python3
# ---

# %% [markdown]
# # 从县级导出数据到月度报告 · From a county export to the monthly report
#
# 县政务服务中心每月从省平台导出办件数据（Excel 或 CSV，常为 GB18030 编码、中文表头）。
# 本笔记本读入一份示例导出（虚构的人员和办件编号），检查数据，计算效能指标，查看电子监察
# 预警，并生成月度报告。
#
# A county center exports its month's cases from the provincial platform (Excel or CSV, often
# GB18030 with Chinese headers). This notebook reads a sample export (made-up people and case
# numbers), checks it, computes the efficiency indicators, looks at electronic monitoring and
# writes the monthly report. The same steps are one command: `govservice report`.

# %%
import datetime as dt
from pathlib import Path

from govservice.calendar import china
from govservice.matters import Catalog
from govservice.metrics import compute_indicators, monitor, monthly_report, read_records

DATA = Path("../data")
cal = china()
catalog = Catalog.load(DATA / "catalog.xlsx")
records = read_records(DATA / "county_2025-05.xlsx", calendar=cal, catalog=catalog)
print(len(records), "records;", len(catalog), "matters in the catalogue")
records.head()

# %% [markdown]
# ## 效能指标 · Efficiency indicators
# 按部门、按月计算：受理量、办结量、按时办结率、现场办结率、满意率等。
# Per department and month: acceptance volume, completions, on-time rate, on-site rate,
# satisfaction rate and more; each indicator's formula and source are in the docs.

# %%
table = compute_indicators(records, by=("department",), period="month", calendar=cal)
table[["department", "period", "acceptance_volume", "on_time_rate", "satisfaction_rate"]]

# %% [markdown]
# ## 电子监察 · Electronic monitoring on a day
# 绿牌正常、黄牌临近期限、红牌超期。Green: in time; yellow: close to the limit; red: overdue.

# %%
monitoring = monitor(records, dt.date(2025, 5, 20), calendar=cal)
monitoring

# %% [markdown]
# ## 月度报告 · The monthly report
# 报告为一个独立的 HTML 页面（图表内嵌），并附 CSV（带 BOM，Excel/WPS 可直接打开）、
# JSON 和 .xlsx。The report is one self-contained HTML page with its charts inline, with CSV
# (with a byte-order mark, so Excel and WPS open the Chinese correctly), JSON and .xlsx.

# %%
from IPython.display import IFrame

report = monthly_report(
    records,
    "2025-05",
    out_dir="report-2025-05",
    catalog=catalog,
    calendar=cal,
    generated_on=dt.date(2025, 6, 3),  # the day the report is made: passed in, never the clock
)
print(sorted(p.name for p in Path("report-2025-05").iterdir()))
IFrame(str(report.html), width="100%", height=480)
