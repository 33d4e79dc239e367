"""Rich displays for notebooks: each value shows its facts, and text from data stays text."""

from __future__ import annotations

import datetime as dt

from govservice.approval import construction_project_plan
from govservice.calendar import Extension, Suspension, TimeLimit, china, deadline
from govservice.matters import sample_catalog
from govservice.metrics import monitor, simulate


def test_deadline_card_shows_due_date_and_escapes_reasons() -> None:
    d = deadline(
        dt.date(2025, 1, 24),
        TimeLimit.parse("20个工作日"),
        china(),
        suspensions=[Suspension(dt.date(2025, 2, 10), dt.date(2025, 2, 14), "检测")],
        extensions=[Extension(5, "<b>局长</b>", "<script>x</script>")],
    )
    page = d._repr_html_()
    assert d.due_date.isoformat() in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_schedule_card_lists_steps_and_draws_the_gantt_chart() -> None:
    plan = construction_project_plan()
    schedule = plan.schedule(dt.date(2025, 3, 3), china())
    page = schedule._repr_html_()
    assert schedule.due_date.isoformat() in page
    assert all(plan[s].label in page for s in plan.order)
    assert "<svg" in page


def test_monitoring_card_counts_cards_per_department() -> None:
    cal = china()
    records = simulate(sample_catalog(), cal, dt.date(2025, 5, 1), dt.date(2025, 5, 20), seed=1,
                       cases_per_day=20)  # fmt: skip
    result = monitor(records, dt.date(2025, 5, 20), calendar=cal)
    page = result._repr_html_()
    assert f"<td>{len(result.cases)}</td>" in page
    for department in result.departments["department"]:
        assert f"<td>{department}</td>" in page
