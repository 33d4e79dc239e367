"""The monthly report is written whole or not at all, and text from data stays text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import govservice._plot
from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import monthly_report


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return simulate(sample_catalog(), china(), dt.date(2025, 2, 3), dt.date(2025, 3, 31),
                    seed=7, cases_per_day=40)  # fmt: skip


def test_department_names_are_never_read_as_mathtext(records, tmp_path: Path) -> None:
    hostile = ["$\\x$", "$" + "\\sqrt{" * 60 + "x" + "}" * 60 + "$"]
    departments = sorted(records["department"].astype(str).unique())
    renamed = records.copy()
    renamed["department"] = (
        renamed["department"]
        .astype(str)
        .replace({departments[0]: hostile[0], departments[1]: hostile[1]})
    )
    report = monthly_report(renamed, "2025-03", out_dir=tmp_path / "r", lang="en", calendar=china())
    shown = set(report.tables["departments"]["department"])
    assert set(hostile) <= shown
    assert report.files["ranking.png"].read_bytes().startswith(b"\x89PNG")


def test_a_failed_report_leaves_the_previous_one_whole(records, tmp_path, monkeypatch) -> None:
    out = tmp_path / "report"
    first = monthly_report(records, "2025-02", out_dir=out, lang="en", calendar=china())
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def fail_on_third(figure, path):
        calls.append(path)
        if len(calls) == 3:
            raise RuntimeError("the chart failed halfway")
        return real(figure, path)

    real = govservice._plot.save_figure
    monkeypatch.setattr(govservice._plot, "save_figure", fail_on_third)
    with pytest.raises(RuntimeError, match="halfway"):
        monthly_report(records, "2025-03", out_dir=out, lang="en", calendar=china())
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert first.html == out / "report.html"


def test_a_report_never_replaces_a_directory_of_other_files(records, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(InvalidValueError, match="out_dir"):
        monthly_report(records, "2025-03", out_dir=tmp_path, lang="en", calendar=china())
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(InvalidValueError, match="out_dir"):
        monthly_report(records, "2025-03", out_dir="a\x00b", lang="en", calendar=china())
