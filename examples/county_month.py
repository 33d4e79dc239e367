"""Simulate a month of a county service center and print its indicator table.

Run with ``make demo`` or ``python examples/county_month.py``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import INDICATORS, compute_indicators, simulate

records = simulate(sample_catalog(), china(), dt.date(2025, 3, 1), dt.date(2025, 3, 31), seed=2025)
print(f"{len(records):,} cases accepted in March 2025 at {records['center'].iloc[0]}")
print("injected irregular cases:", records["injected"].value_counts().to_dict())
print()

center = compute_indicators(records, by=("center",), period="month", calendar=china()).iloc[0]
rows = []
for ind in INDICATORS:
    value = center[ind.id]
    if ind.unit in ("share", "rate"):
        shown = "—" if pd.isna(value) else f"{value:.2%}"
    elif ind.unit == "working_days":
        shown = "—" if pd.isna(value) else f"{value:.2f} 个工作日"
    else:
        shown = f"{int(value):,}"
    rows.append((ind.id, ind.zh, shown))
width = max(len(r[0]) for r in rows)
for ident, zh, shown in rows:
    print(f"{ident:<{width}}  {shown:>14}  {zh}")
print()

by_department = compute_indicators(records, by=("department",), period="month", calendar=china())
columns = ["department", "acceptance_volume", "completed", "on_time_rate", "satisfaction_rate"]
with pd.option_context("display.width", 120, "display.max_columns", 10):
    print(by_department[columns].to_string(index=False, float_format=lambda v: f"{v:.2%}"))
