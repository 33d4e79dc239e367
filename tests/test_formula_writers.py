"""No writer lets text from data run as a formula in Excel or WPS (issue 18, with issue 16).

Every CSV and .xlsx govservice writes is checked here with formula-bearing text in the data:
catalogues (CSV, xlsx; from JSON too), the monthly report's tables and workbook. A cell that
starts with ``=``, ``+``, ``-`` or ``@`` must have been neutralised (a leading apostrophe).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from govservice._tabular import read_table
from govservice.calendar import china
from govservice.matters import Catalog, sample_catalog
from govservice.metrics import simulate
from govservice.supervision import monthly_report

ATTACKS = ['=HYPERLINK("http://x","点我")', "+cmd|'/c calc'!A0", "@SUM(1+1)", "-2+3"]


def _cells(path: Path) -> list[str]:
    table = read_table(path)
    return [str(h) for h in table.header] + [
        str(v) for column in table.columns for v in column if v is not None
    ]


def _assert_neutralised(path: Path) -> None:
    live = [c for c in _cells(path) if c[:1] in ("=", "+", "@") or c.startswith("-2+")]
    assert live == [], f"{path.name}: cells that would run as formulas: {live}"


@pytest.fixture(scope="module")
def hostile_catalog() -> Catalog:
    matters = list(sample_catalog().matters[:4])
    matters = [attrs.evolve(m, name=a, department=a) for m, a in zip(matters, ATTACKS, strict=True)]
    return attrs.evolve(sample_catalog(), matters=matters)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_catalogue_writers_neutralise_formulas(hostile_catalog, tmp_path, suffix) -> None:
    path = tmp_path / f"c{suffix}"
    hostile_catalog.save(path)
    _assert_neutralised(path)
    assert [m.name for m in Catalog.load(path).matters] == ATTACKS  # and read back exactly


def test_json_to_csv_neutralises_formulas(hostile_catalog, tmp_path) -> None:
    hostile_catalog.save(tmp_path / "c.json")
    Catalog.load(tmp_path / "c.json").save(tmp_path / "c.csv")
    _assert_neutralised(tmp_path / "c.csv")


def test_report_tables_and_workbook_neutralise_formulas(tmp_path) -> None:
    records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3), dt.date(2025, 3, 7),
                       seed=3, cases_per_day=20)  # fmt: skip
    departments = sorted(records["department"].astype(str).unique())
    renamed = records.copy()
    renamed["department"] = (
        renamed["department"].astype(str).replace(dict(zip(departments, ATTACKS, strict=False)))
    )
    report = monthly_report(renamed, "2025-03", out_dir=tmp_path / "r", lang="en", calendar=china())
    written = [p for p in report.files.values() if p.suffix in (".csv", ".xlsx")]
    assert written
    for path in written:
        _assert_neutralised(path)
