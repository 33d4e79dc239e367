"""The backtest figures in docs/keeping-current.md are the ones the benchmark computes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _backtest() -> object:
    spec = importlib.util.spec_from_file_location(
        "backtest_calendar", ROOT / "benchmarks" / "backtest_calendar.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_backtest_figures_are_current() -> None:
    figures = _backtest().totals()  # type: ignore[attr-defined]
    page = (ROOT / "docs" / "keeping-current.md").read_text("utf-8")
    for basis, (days, deadlines, worst) in figures.items():
        row = re.search(rf"^\| `{basis}`[^|]*\| ([\d.]+)% \| ([\d.]+)% \| (\d+) \|$", page, re.M)
        assert row is not None, basis
        assert row.groups() == (f"{days:.1f}", f"{deadlines:.1f}", str(worst)), basis


def test_each_basis_is_better_than_the_last() -> None:
    figures = _backtest().totals()  # type: ignore[attr-defined]
    weekends, statutory, predicted = (figures[b] for b in ("weekends", "statutory", "predicted"))
    assert weekends[0] < statutory[0] < predicted[0]
    assert weekends[1] < statutory[1] < predicted[1]
    assert weekends[2] >= statutory[2] >= predicted[2]
