"""Every training notebook runs top to bottom in a real Jupyter kernel, offline.

The notebooks are kept as jupytext ``py:percent`` sources (reviewable diffs); this test turns
each into a notebook and executes it with nbclient in a fresh ipykernel, in a temporary
directory, so whatever a notebook writes stays out of the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.py"))


def test_the_training_notebooks_are_there() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {
        "01_calendar_and_deadlines",
        "02_a_case_under_the_law",
        "03_parallel_approval",
        "04_supervision",
        "05_county_month_to_report",
    }


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_kernel(source: Path, tmp_path: Path) -> None:
    # Run from a copy of examples/notebooks beside examples/data, as a trainer opens them.
    shutil.copytree(ROOT / "examples" / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    notebook = jupytext.read(source, fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path / "notebooks")}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
    html = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert html or "no-rich-display" in source.read_text("utf-8"), "no rich display shown"
