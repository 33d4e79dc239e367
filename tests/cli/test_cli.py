"""The command line, run in process through main() and, a few times, as the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govservice.cli import main

from ..needs import missing

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


NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知（示例）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）上班。
"""


def test_a_notice_saved_by_notepad_in_gbk_reads_and_a_binary_one_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Notepad on a Chinese Windows saves GB18030/GBK by default: read like UTF-8. A workbook
    renamed .txt is a usage error naming it, never a traceback."""
    notice = tmp_path / "2027年放假通知.txt"
    notice.write_bytes(NOTICE_2027.encode("gb18030"))
    assert run(capsys, "calendar", "check", notice)[0] == 0
    code, _, err = run(capsys, "calendar", "import", notice, "--out", tmp_path / "日历.json")
    assert code == 0, err
    fake = tmp_path / "通知.txt"
    fake.write_bytes((Path(__file__).parents[1] / "data" / "catalog.xlsx").read_bytes())
    code, _, err = run(capsys, "calendar", "check", fake)
    assert code == 2
    assert "通知.txt" in err
    assert "UTF-8" in err


def test_an_output_path_through_a_file_is_a_usage_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "afile").write_text("x", "utf-8")
    code, _, err = run(capsys, "demo", "--out", tmp_path / "afile" / "sub")
    assert code == 2
    assert "afile" in err
    assert "Traceback" not in err
    store = f"sqlite:///{tmp_path / '办件.db'}"
    from govservice.calendar import china
    from govservice.store import open_store

    open_store(store, calendar=china()).close()  # an empty store that is there
    code, _, err = run(capsys, "case", "export", "--store", store, "--out",
                       tmp_path / "afile" / "x.jsonl")  # fmt: skip
    assert code == 2
    assert "Not a directory" in err


def test_calendar_import_of_a_notice_then_use_diff_and_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notice = tmp_path / "2027年放假通知.txt"
    notice.write_text(NOTICE_2027, "utf-8")
    assert run(capsys, "calendar", "check", notice)[0] == 0
    cal = tmp_path / "日历.json"
    code, _, err = run(capsys, "calendar", "import", notice, "--out", cal)
    assert code == 0, err
    assert run(capsys, "calendar", "check", cal)[0] == 0
    code, text, _ = run(capsys, "calendar", "is-working-day", "2027-02-20", "--calendar", cal)
    assert text.startswith("是 yes")
    code, text, _ = run(capsys, "deadline", "2027-01-29", "5个工作日", "--calendar", cal)
    assert "(2027-02-15)" in text  # Feb 1-4, then 2027-02-05..13 off, then Monday the 15th
    ics = tmp_path / "放假.ics"
    code, _, _ = run(capsys, "calendar", "export", "--ics", ics, "--calendar", cal,
                     "--start", "2027-01-01", "--end", "2027-12-31")  # fmt: skip
    assert code == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("9月26日（周日）", "9月27日（周日）"), "utf-8")
    code, text, _ = run(capsys, "calendar", "check", bad)
    assert code == 1
    assert "Monday" in text


def test_calendar_diff_lists_the_days_a_closure_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import datetime as dt

    from govservice.calendar import DayEntry, EntryKind, china, save_calendar

    closed = china().with_days([DayEntry(dt.date(2025, 3, 3), "闭厅", EntryKind.LOCAL)])
    save_calendar(china(), tmp_path / "a.json")
    save_calendar(closed, tmp_path / "b.json")
    code, text, _ = run(capsys, "calendar", "diff", tmp_path / "a.json", tmp_path / "b.json")
    assert code == 0
    assert "2025-03-03\t工作日" in text
    assert "闭厅" in text


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


def test_records_check_names_the_cells_of_a_file_with_many_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each problem in Chinese, by the sheet's own header and the cell's value, all at once."""
    head = ("办件编号,申请人,服务中心,实施部门,事项编码,申请方式,受理时间,承诺时限,跑动次数,"
            "满意度")  # fmt: skip
    rows = ["A1,张三,某县中心,水利局,990102-SLJ-001,窗口,2025/2/30 9:00,20个工作日,1,",
            "A2,李四,某县中心,水利局,NOPE-CODE,窗口,2025/3/5 9:00,20个工作日,1,6",
            "A3,王五,某县中心,水利局,990102-SLJ-001,窗口,2025/3/5 9:00,20个工作日,-2,",
            "A4,赵六,某县中心,水利局,990102-SLJ-001,窗口,2026/12/20 9:00,20个工作日,1,",
            ]  # fmt: skip
    file = tmp_path / "五月.csv"
    file.write_text("\n".join([head, *rows]) + "\n", "utf-8")
    code, out, _ = run(capsys, "records", "check", file, "--catalog", CATALOG)
    assert code == 1
    found = {tuple(line.split("\t")[1:5]) for line in out.splitlines()[2:]}
    assert found >= {
        ("2", "受理时间", "2025/2/30 9:00", "日期无法识别 (bad_date)"),
        ("3", "满意度", "6", "取值无法识别 (bad_value)"),
        ("3", "事项编码", "NOPE-CODE", "目录中没有该事项 (unknown_matter)"),
        ("4", "跑动次数", "-2", "出现负数 (negative_count)"),
        ("5", "承诺时限", "20个工作日", "期限超出日历 (beyond_calendar)"),
    }
    assert "committed_due" not in out
    assert "statutory_due" not in out


def test_every_problem_docs_county_explains_has_its_chinese_name() -> None:
    import re

    from govservice.cli._records import PROBLEM_NAMES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "county.md").read_text("utf-8")
    table = dict(re.findall(r"^\| (\S+) `([a-z_]+)` \|", docs, flags=re.MULTILINE))
    assert {kind: name for name, kind in table.items()} == PROBLEM_NAMES


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


def test_records_convert_never_writes_over_the_file_it_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Converting a county export onto itself would lose its title rows and extra columns."""
    export = tmp_path / "五月办件.csv"
    export.write_bytes(GB_CSV.read_bytes())
    for out in (export, tmp_path / "." / "五月办件.csv"):
        code, _, err = run(capsys, "records", "convert", export, out)
        assert code == 2, err
        assert "--out must be another file than FILE" in err
        assert export.read_bytes() == GB_CSV.read_bytes()
    # nor does any other command writing --out (indicators, monitor, irregularities)
    for command in (["indicators"], ["monitor", "--today", "2025-05-20"], ["irregularities"]):
        code, _, err = run(capsys, command[0], export, *command[1:], "--out", export)
        assert code == 2, (command, err)
        assert export.read_bytes() == GB_CSV.read_bytes()


def test_monitor_and_irregularities(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "monitor", WORKBOOK, "--today", "2025-05-20")
    assert code == 0
    assert out.splitlines()[1].startswith("部门 department\t在办 open")
    code, out, _ = run(capsys, "irregularities", WORKBOOK, "--catalog", CATALOG)
    assert (code, out.splitlines()[0]) == (0, "# 0 条线索 findings")
    # SJ2025000035 (statutory due 8 May) decided on 7 May and closed on 9 May is on time by
    # law (art. 42: measured at the decision); decided on 9 May it is overdue, unexplained
    text = GB_CSV.read_bytes().decode("gb18030")
    decided_late = text.replace(
        ",2025/5/7 22:57,2025-05-09 13:40:00,", ",2025/5/9 8:57,2025-05-09 13:40:00,"
    )
    assert decided_late != text
    late = tmp_path / "late.csv"
    late.write_bytes(decided_late.encode("gb18030"))
    code, out, _ = run(capsys, "irregularities", late, "--catalog", CATALOG)
    assert code == 1  # findings are problems found in the data
    assert "overdue_unexplained\tSJ2025000035" in out


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
        missing("the govservice console script is not installed: pip install -e '.[cli]'")
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
    empty = tmp_path / "空名录.txt"
    empty.write_text("\n  \n", "utf-8")  # blank lines only: a wrong or empty file
    for pools in ((empty, inspectors), (targets, empty)):
        code, _, err = run(capsys, "draw", *pools, "--seed", "x", "--share", "0.1", "--out", out)
        assert code == 2
        assert "名录为空" in err


def test_a_pool_saved_as_gbk_draws_as_the_same_pool_in_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ids = "DA001\nDA002\n档案003\n档案004\n"
    (tmp_path / "人员.txt").write_text("张三\n李四\n", "utf-8")
    digests = []
    for encoding in ("utf-8", "gb18030"):
        pool = tmp_path / f"名录-{encoding}.txt"
        pool.write_bytes(ids.encode(encoding))
        code, out, err = run(capsys, "draw", pool, tmp_path / "人员.txt", "--seed", "s",
                             "--count", 2)  # fmt: skip
        assert code == 0, err
        digests.append(next(line for line in out.splitlines() if "摘要" in line))
    assert digests[0] == digests[1]


def test_draw_from_a_county_workbook_skips_its_title_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The workbook has a merged title row above its header: the header is found as the
    records commands find it, and only the 271 records under it are targets."""
    inspectors = tmp_path / "人员.txt"
    inspectors.write_text("甲\n乙\n丙\n", "utf-8")
    drawn = []
    for column in ([], ["--column", "办件编号"]):
        code, text, err = run(capsys, "draw", WORKBOOK, inspectors, "--seed", "x", "--share",
                              "0.05", "--out", tmp_path / "抽查.json", *column)  # fmt: skip
        assert code == 0, err
        assert "271个中抽取14个" in text
        targets = json.loads((tmp_path / "抽查.json").read_text("utf-8"))["targets"]
        assert all(t["target"].startswith("SJ2025") for t in targets), targets
        drawn.append(targets)
    assert drawn[0] == drawn[1]
    code, _, err = run(capsys, "draw", WORKBOOK, inspectors, "--seed", "x", "--share", "0.05",
                       "--strata-column", "实施部门")  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "draw", WORKBOOK, inspectors, "--seed", "x", "--share", "0.05",
                       "--column", "编号")  # fmt: skip
    assert code == 2
    assert "columns: 办件编号, 申请人" in err


def test_catalog_guide_one_matter_and_a_site(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "catalog", "guide", CATALOG, "--code", "990102-MZJ-001",
                       "--format", "markdown")  # fmt: skip
    assert code == 0
    assert out.startswith("# 内地居民结婚登记")
    code, out, _ = run(capsys, "catalog", "guide", CATALOG, "--out", tmp_path / "指南")
    assert code == 0
    assert (tmp_path / "指南" / "index.html").is_file()
    assert run(capsys, "catalog", "guide", CATALOG, "--code", "nope")[0] == 2


def test_a_case_on_a_store_from_submission_to_verification(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import sqlite3

    store = f"sqlite:///{tmp_path / '办件.db'}"
    base = ["--store", store]
    code, out, err = run(capsys, "case", "submit", *base, "--catalog", CATALOG, "--matter",
                         "990102-SJJ-003", "--case-id", "C1", "--applicant", "张三", "--at",
                         "2025-05-06 17:20", "--by", "窗口1")  # fmt: skip
    assert code == 0, err
    assert run(capsys, "case", "act", "C1", "accept", *base, "--at", "2025-05-06 17:30",
               "--by", "窗口1")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "case", "act", "C1", "review", *base, "--at", "2025-05-07 09:00",
                       "--by", "审核员", "--set", "opinion=同意")  # fmt: skip
    assert code == 0
    code, out, err = run(capsys, "case", "act", "C1", "rate", *base, "--at", "2025-05-07 10:00",
                         "--by", "窗口评价器", "--set", "grade=2", "--set", "channel=window",
                         "--set", "person=张三", "--set", "policy=5")  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "case", "act", "C1", "verify_feedback", *base, "--at",
                         "2025-05-08 10:00", "--by", "督查科", "--set", "rect_id=R1",
                         "--set", "valid=true", "--set", "finding=属实")  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "case", "show", "C1", *base)
    assert "受理 accepted\t2025-05-06 17:30" in out  # local time, the same day
    assert "3\trate\t2025-05-07 10:00\t窗口评价器" in out
    assert "4\tverify_feedback\t2025-05-08 10:00\t督查科" in out
    assert "评价 rating (1-5)\t2" in out
    assert "整改 rectification R1\tverified, 期限 due 2025-05-14" in out
    assert "2\treview\t2025-05-07 09:00\t审核员" in out
    code, out, _ = run(capsys, "case", "list", *base, "--overdue", "--today", "2025-06-20")
    assert out.splitlines()[0] == "# 1 件 cases"
    assert run(capsys, "case", "verify", *base)[0] == 0
    assert run(capsys, "case", "act", "C1", "fly", *base, "--at", "2025-05-07 09:00",
               "--by", "x")[0] == 2  # fmt: skip
    assert run(capsys, "case", "act", "C1", "deny", *base, "--at", "2025-05-07 09:00",
               "--by", "x", "--set", "colour=red")[0] == 2  # fmt: skip
    with sqlite3.connect(tmp_path / "办件.db") as db:  # someone edits a state row by hand
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        table_name = next(t for t in tables if "state" in t or t == "cases")
        db.execute(f"update {table_name} set state = 'completed'")
    code, out, _ = run(capsys, "case", "verify", *base)
    assert code == 1


def test_serve_refuses_a_bad_port_before_listening(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "serve", "--port", "70000")
    assert code == 2
    assert "port" in err


def test_serve_answers_over_http(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "govservice", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/v1/calendar/days/2026-02-14"
        for _ in range(200):
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    body = json.loads(answer.read())
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("govservice serve did not answer")
        assert body["working"] is True
    finally:
        server.terminate()
        server.wait(timeout=20)
