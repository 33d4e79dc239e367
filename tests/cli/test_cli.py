"""The command line, run in process through main() and, a few times, as the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govservice.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
WORKBOOK = DATA / "county_2025-05.xlsx"
GB_CSV = DATA / "county_2025-05_gb18030.csv"
BROKEN = DATA / "county_2025-05_broken.csv"
CATALOG = DATA / "catalog.xlsx"
#: The broken copy's planted problems: file row -> problem id (see scripts/make_county_data.py).
PLANTED = {
    7: "bad_date",
    11: "ambiguous_date",
    15: "bad_value",
    19: "bad_limit",
    23: "bad_number",
    27: "bad_value",
    30: "duplicate_case_id",
    31: "duplicate_case_id",
    35: "completed_before_accepted",
}


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_over_the_spring_festival(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2025-01-24", "20个工作日")
    assert code == 0
    assert "2025年2月27日" in out
    assert "(2025-02-27)" in out


def test_deadline_explains_with_suspensions_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2025-01-24", "20个工作日", "--suspend",
                       "2025-02-10,2025-02-14,检测", "--explain", "--locale", "en")  # fmt: skip
    assert code == 0
    assert "(2025-03-06)" in out  # five suspended working days later than 2025-02-27
    assert "Civil Code" in out


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "2025-13-01", "20个工作日"],
        ["deadline", "2025-01-24", "20日"],  # ambiguous: working or calendar days
        ["deadline", "2025-01-24", "5天", "--suspend", "2025-02-10"],
        ["calendar", "show", "2026-13"],
        ["no-such-command"],
        ["records", "check", "/no/such/file.xlsx"],
        ["deadline", "2025-01-24", "5天", "--locale", "fr"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "usage" in err
    assert "Traceback" not in err + out


def test_calendar_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "calendar", "add", "2026-02-13", "1")[1].strip() == "2026-02-14"
    assert run(capsys, "calendar", "between", "2025-01-24", "2025-02-27")[1].strip() == "20"
    code, out, _ = run(capsys, "calendar", "is-working-day", "2026-02-16")
    assert code == 0
    assert out.startswith("否 no")
    code, out, _ = run(capsys, "calendar", "show", "2026-02")
    lines = out.splitlines()
    assert lines[1].split("\t") == ["日期", "星期", "工作日", "类型", "节日"]
    assert len(lines) == 2 + 28
    assert "2026-02-14\t星期六\t是\t调休上班日" in out


def test_calendar_import_writes_a_year_the_calendar_option_takes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import datetime as dt

    from govservice.calendar import EntryKind, china

    # The shipped 2026 notice, as holiday-cn publishes it: imported again, it must agree.
    cal, days = china(), []
    for n in range(365):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        entry = cal.entry(day)
        if entry is not None:
            off = entry.kind is not EntryKind.WORKDAY
            days.append({"name": entry.name, "date": day.isoformat(), "isOffDay": off})
    notice = {"year": 2026, "papers": [], "days": days}
    source = tmp_path / "2026-holiday-cn.json"
    source.write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
    out = tmp_path / "2026.json"
    code, text, err = run(capsys, "calendar", "import", source, "--out", out)
    assert code == 0, err
    assert run(capsys, "calendar", "check", out)[0] == 0
    code, text, _ = run(capsys, "calendar", "is-working-day", "2026-02-14", "--calendar", out)
    assert text.startswith("是 yes")
    bad = tmp_path / "bad.json"
    notice["days"] = days[1:]  # New Year's Day left out: a statutory holiday missing
    bad.write_text(json.dumps(notice, ensure_ascii=False), "utf-8")
    assert run(capsys, "calendar", "check", bad)[0] == 1


def test_records_check_lists_each_planted_problem_with_its_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "records", "check", BROKEN, "--catalog", CATALOG)
    assert code == 1
    found = {}
    for line in out.splitlines()[2:]:
        cells = line.split("\t")
        found.setdefault(int(cells[1]), set()).add(cells[4].rsplit("(", 1)[1].rstrip(")"))
    assert {row: kinds.pop() for row, kinds in found.items() if len(kinds) == 1} == PLANTED


@pytest.mark.parametrize("file", [WORKBOOK, GB_CSV])
def test_records_check_reports_encoding_or_sheet(
    capsys: pytest.CaptureFixture[str], file: Path
) -> None:
    code, out, _ = run(capsys, "records", "check", file, "--catalog", CATALOG)
    assert code == 0
    assert "271" in out
    assert ("gb18030" in out) == (file.suffix == ".csv")
    assert ("办件明细" in out) == (file.suffix == ".xlsx")


def test_report_on_the_county_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", WORKBOOK, "--month", "2025-05", "--catalog", CATALOG,
                         "--out", tmp_path / "五月", "--generated-on", "2025-06-03")  # fmt: skip
    assert code == 0, err
    page = (tmp_path / "五月" / "report.html").read_text("utf-8")
    assert "2025年5月月度报告" in page
    assert "生成日期：2025年6月3日" in page
    assert "示例县政务服务中心" in page
    assert (tmp_path / "五月" / "report.xlsx").stat().st_size > 0
    assert (tmp_path / "五月" / "departments.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_indicators_to_xlsx_and_records_convert_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from govservice._tabular import read_table

    out = tmp_path / "指标.xlsx"
    code, text, _ = run(capsys, "indicators", GB_CSV, "--by", "department", "--out", out)
    assert code == 0
    assert "按时办结率" in text.splitlines()[1]
    assert "按时办结率" in read_table(out).header
    std = tmp_path / "std.csv"
    assert run(capsys, "records", "convert", GB_CSV, std)[0] == 0
    assert run(capsys, "records", "check", std)[0] == 0


def test_monitor_and_irregularities(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "monitor", WORKBOOK, "--today", "2025-05-20")
    assert code == 0
    assert out.splitlines()[1].startswith("部门 department\t在办 open")
    code, out, _ = run(capsys, "irregularities", WORKBOOK, "--catalog", CATALOG)
    assert code == 1  # findings are problems found in the data
    assert "overdue_unexplained" in out


def test_catalog_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "catalog", "check", DATA / "catalog_gb18030.csv")[0] == 0
    code, out, _ = run(capsys, "catalog", "figures", CATALOG)
    assert out.splitlines()[-1].startswith("合计 total\t66\t")
    assert run(capsys, "catalog", "convert", CATALOG, tmp_path / "c.toml")[0] == 0
    assert run(capsys, "catalog", "convert", tmp_path / "c.toml", tmp_path / "c.csv")[0] == 0
    broken = tmp_path / "broken.csv"
    text = (tmp_path / "c.csv").read_text("utf-8-sig").replace(",行政许可,", ",许可,", 1)
    broken.write_text(text, "utf-8-sig")
    code, out, _ = run(capsys, "catalog", "check", broken)
    assert code == 1
    assert "事项类型" in out


def test_help_is_bilingual_and_safe_for_a_chinese_windows_console(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (["--help"], ["deadline", "--help"], ["records", "check", "--help"]):
        code, out, _ = run(capsys, *args)
        assert code == 0
        out.encode("gbk")  # nothing a GBK console cannot print (no emoji, no box corners)
    assert "办结期限" in out or "办件" in out
    assert "Example" in run(capsys, "deadline", "--help")[1]


def _script() -> str:
    found = shutil.which("govservice", path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the govservice console script is not installed")
        pytest.skip("install the package (pip install -e '.[cli]') for the script tests")
    return found


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    args = [_script(), "deadline", "2025-01-24", "20个工作日"]
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert "(2025-02-27)" in done.stdout
    done = subprocess.run([_script(), "records", "check", str(BROKEN)], capture_output=True,
                          text=True, encoding="utf-8", check=False)  # fmt: skip
    assert done.returncode == 1
    assert "\t7\t受理时间\t" in done.stdout
    done = subprocess.run([_script(), "calendar", "add", "x", "1"], capture_output=True,
                          text=True, encoding="utf-8", check=False)  # fmt: skip
    assert done.returncode == 2


def test_python_dash_m_govservice() -> None:
    done = subprocess.run([sys.executable, "-m", "govservice", "calendar", "between",
                           "2025-09-30", "2025-10-09"], capture_output=True, text=True,
                          encoding="utf-8", check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_draw_then_verify_draw(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    targets, inspectors = tmp_path / "档案.txt", tmp_path / "人员.csv"
    targets.write_text("\n".join(f"2025-{n:04d}" for n in range(1, 101)), "utf-8")
    inspectors.write_text("姓名,科室\n甲,一科\n乙,二科\n丙,三科\n", "utf-8")
    out = tmp_path / "抽查结果.json"
    code, text, _ = run(capsys, "draw", targets, inspectors, "--seed", "2025-09", "--share",
                        "0.05", "--out", out)  # fmt: skip
    assert code == 0
    assert "100个中抽取5个" in text
    assert run(capsys, "verify-draw", out, targets, inspectors)[0] == 0
    targets.write_text("\n".join(f"2025-{n:04d}" for n in range(1, 100)), "utf-8")
    code, text, _ = run(capsys, "verify-draw", out, targets, inspectors)
    assert code == 1
    assert "pool_digest" in text
    assert run(capsys, "draw", targets, inspectors, "--seed", "x")[0] == 2  # no count or share
