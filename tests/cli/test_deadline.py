"""``govservice deadline``: a plain answer that starts light and says what the library says."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice.calendar import TimeLimit, china, deadline, format_deadline
from govservice.cli import main
from govservice.cli._deadline import due_line

#: Imported only for explanations, (de)serialising, terminal tables and spreadsheets.
_HEAVY = ("babel", "cattrs", "rich", "numpy", "pandas", "pyarrow")

_PROBE = """
import json, sys
from govservice.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def _probe(*args: str) -> dict[str, object]:
    script = _PROBE.replace("HEAVY", repr(_HEAVY))
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_plain_deadline_imports_no_babel_cattrs_or_rich() -> None:
    found = _probe("deadline", "2025-01-24", "20个工作日")
    assert found == {"code": 0, "heavy": []}
    found = _probe("deadline", "2025-01-24", "20个工作日", "--locale", "en",
                   "--suspend", "2025-02-10,2025-02-14,检测")  # fmt: skip
    assert found == {"code": 0, "heavy": []}


def test_the_explanation_still_works_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-01-24", "20个工作日", "--explain", "--locale", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("办结期限: 2025年2月27日（星期四）17:30前  (2025-02-27)")
    assert len(out.splitlines()) > 3  # the steps of the count follow


def test_python_dash_m_explains_in_chinese() -> None:
    done = subprocess.run([sys.executable, "-m", "govservice", "deadline", "2025-01-24",
                           "20个工作日", "--explain", "--locale", "zh_CN"], capture_output=True,
                          text=True, encoding="utf-8", check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(2025-02-27)" in done.stdout
    assert "民法典" in done.stdout or "工作日" in done.stdout


@given(
    start=st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 6, 30)),
    days=st.integers(min_value=1, max_value=60),
    locale=st.sampled_from(["zh_CN", "zh_TW", "en"]),
)
def test_the_plain_answer_is_format_deadline(start: dt.date, days: int, locale: str) -> None:
    result = deadline(start, TimeLimit.working_days(days), china())
    assert due_line(result, locale) == format_deadline(result, locale)


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW", "en"])
def test_every_weekday_and_month_is_written_as_format_deadline_writes_it(locale: str) -> None:
    cal = china()
    for day in (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 365, 3)):
        result = deadline(day, TimeLimit.working_days(1), cal)
        assert due_line(result, locale) == format_deadline(result, locale)


def test_a_date_past_the_calendar_says_how_to_load_next_years_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deadline", "2026-12-20", "20个工作日"]) == 1
    err = capsys.readouterr().err
    assert "outside the calendar's coverage" in err
    assert "govservice calendar import" in err  # a shell user's way, not only the library's
