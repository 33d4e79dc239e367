"""The house: dependencies run one way, and the old import paths keep working."""

from __future__ import annotations

import subprocess
import sys

import pytest

AREAS = ("calendar", "matters", "approval", "metrics", "supervision", "testing", "cli", "store")


@pytest.mark.parametrize("first", AREAS)
def test_every_area_imports_first_in_a_fresh_interpreter(first: str) -> None:
    # Re-exports from a lower package must not turn into an import cycle, whichever is first.
    others = ", ".join(f"govservice.{area}" for area in AREAS if area != first)
    code = f"import govservice.{first}; import {others}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_old_paths_are_the_same_objects() -> None:
    import govservice.approval as approval
    import govservice.metrics as metrics
    import govservice.supervision as supervision

    assert approval.check_separation is supervision.check_separation
    assert approval.draw_inspection is supervision.draw_inspection
    assert metrics.monitor is supervision.monitor
    assert metrics.monthly_report is supervision.monthly_report
    assert metrics.ScoringScheme is supervision.ScoringScheme
