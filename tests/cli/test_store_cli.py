"""``govservice case export|import|digest|recalendar|list``: a store administered from a shell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from govservice.calendar import china, load_calendar, save_calendar
from govservice.cli import main
from govservice.matters import Case, sample_catalog
from govservice.store import InclusionProof, open_store

SH = ZoneInfo("Asia/Shanghai")
MATTER = sample_catalog()["990102-SJJ-003"]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def at(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=SH)


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A SQLite store with C1 (accepted 3 March), C2 and C3 (accepted 6 March)."""
    url = f"sqlite:///{tmp_path / '办件.db'}"
    with open_store(url, calendar=china()) as cases:
        for case_id, day in (("C1", 3), ("C2", 6), ("C3", 6)):
            case = Case.submit(MATTER, case_id=case_id, applicant="张三", at=at(day), by="窗口1",
                               calendar=china())  # fmt: skip
            cases.add(case.accept(at=at(day, 9, 10), by="窗口1"))
    return url


def test_export_then_import_into_another_store_keeps_every_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    backup = tmp_path / "备份.jsonl"
    code, out, err = run(capsys, "case", "export", "--store", store, "--out", backup)
    assert code == 0, err
    assert "3 件 cases" in out
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == ["C1", "C2", "C3"]
    code, out, _ = run(capsys, "case", "export", "--store", store)  # standard output
    assert out.splitlines() == lines
    copy = f"sqlite:///{tmp_path / '副本.db'}"
    code, out, err = run(capsys, "case", "import", backup, "--store", copy, "--batch", 2)
    assert code == 0, err
    assert "3 件新增 added" in out
    code, out, _ = run(capsys, "case", "import", backup, "--store", copy)
    assert "0 件新增 added" in out
    assert "3 件未变 unchanged" in out
    with open_store(store, calendar=china()) as a, open_store(copy, calendar=china()) as b:
        assert [a.json(i) for i in ("C1", "C2", "C3")] == [b.json(i) for i in ("C1", "C2", "C3")]
    assert run(capsys, "case", "verify", "--store", copy)[0] == 0


def test_a_forged_line_stops_the_import_naming_it_and_its_batch_is_not_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    backup = tmp_path / "备份.jsonl"
    assert run(capsys, "case", "export", "--store", store, "--out", backup)[0] == 0
    lines = backup.read_text(encoding="utf-8").splitlines()
    doc = json.loads(lines[2])
    doc["events"][1]["body"] = doc["events"][1]["body"].replace("窗口1", "窗口9")
    lines[2] = json.dumps(doc, ensure_ascii=False)
    backup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = tmp_path / "副本.db"
    code, _, err = run(capsys, "case", "import", backup, "--store", f"sqlite:///{copy}",
                       "--batch", 2)  # fmt: skip
    assert code == 1
    assert "line 3" in err
    assert "已导入 imported before it: 2 件 cases" in err
    with open_store(f"sqlite:///{copy}", calendar=china()) as cases:
        assert len(cases) == 2  # the first batch, whole; the forged line's batch rolled back


def test_import_of_a_missing_file_or_a_bad_batch_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    assert run(capsys, "case", "import", tmp_path / "无.jsonl", "--store", store)[0] == 2
    backup = tmp_path / "备份.jsonl"
    backup.write_text("", encoding="utf-8")
    assert run(capsys, "case", "import", backup, "--store", store, "--batch", 0)[0] == 2


def test_the_digest_of_a_day_and_a_case_proof_that_verifies(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    with open_store(store, calendar=china()) as cases:
        expected = cases.digest(dt.date(2025, 3, 6))
    code, out, _ = run(capsys, "case", "digest", "--store", store, "--day", "2025-03-06")
    assert code == 0
    assert f"根 root: {expected.root}" in out
    assert "链头 heads: 2 件 cases" in out
    code, out, _ = run(capsys, "case", "digest", "--store", store, "--day", "2025-03-06",
                       "--json")  # fmt: skip
    assert json.loads(out) == {"day": "2025-03-06", "root": expected.root,
                               "heads": [list(h) for h in expected.heads]}  # fmt: skip
    code, out, _ = run(capsys, "case", "digest", "--store", store, "--day", "2025-03-06",
                       "--case", "C3")  # fmt: skip
    got = json.loads(out)
    path = tuple((side, sibling) for side, sibling in got["path"])
    day = dt.date.fromisoformat(got["day"])
    proof = InclusionProof(day, got["case_id"], got["head"], got["index"], path, got["root"])
    assert proof.verify(expected.root)
    code, _, err = run(capsys, "case", "digest", "--store", store, "--day", "2025-03-06",
                       "--case", "C1")  # fmt: skip
    assert code == 1
    assert "C1" in err


def test_recalendar_moves_the_open_cases_to_next_years_calendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    closed = tmp_path / "台风日历.json"
    save_calendar(china().with_closures(dt.date(2025, 3, 10), dt.date(2025, 3, 10), "台风停工"),
                  closed)  # fmt: skip
    code, out, err = run(capsys, "case", "recalendar", "--store", store, "--to", closed,
                         "--at", "2025-03-09 18:00", "--by", "管理员")  # fmt: skip
    assert code == 0, err
    assert "C1\tdue_date\t2025-03-10\t2025-03-11" in out
    assert "3 件 cases, 3 件期限变动" in out
    with open_store(store, calendar=load_calendar(closed)) as cases:
        last = cases.get("C1").trace.events[-1].payload
    assert (last["action"], last["at"], last["by"]) == (
        "recalendar",
        "2025-03-09T10:00:00+00:00",
        "管理员",
    )  # recorded when the change was made, by whom, not at the case's last act
    assert run(capsys, "case", "verify", "--store", store, "--calendar", closed)[0] == 0
    code, _, err = run(capsys, "case", "show", "C1", "--store", store)  # the old calendar
    assert code == 1
    assert "case recalendar --to" in err
    code, _, err = run(capsys, "case", "recalendar", "--store", store, "--to", closed,
                       "--at", "tomorrow", "--by", "管理员")  # fmt: skip
    assert code == 2
    assert "--at" in err


def test_case_list_is_as_of_a_day(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, _, err = run(capsys, "case", "list", "--store", store)
    assert code == 2
    assert "--today" in err
    code, out, _ = run(capsys, "case", "list", "--store", store, "--today", "2025-03-04")
    assert code == 0
    assert out.splitlines()[0] == "# 1 件 cases"  # C2 and C3 not yet submitted
    code, out, _ = run(capsys, "case", "list", "--store", store, "--today", "2025-03-20",
                       "--overdue")  # fmt: skip
    assert out.splitlines()[0] == "# 3 件 cases"


def test_a_mistyped_store_path_or_url_is_a_usage_error_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    typo = tmp_path / "办件库.db"
    for command in (["case", "verify"], ["case", "list", "--today", "2025-03-20"],
                    ["case", "export"], ["case", "show", "C1"]):  # fmt: skip
        code, _, err = run(capsys, *command, "--store", f"sqlite:///{typo}")
        assert code == 2, command
        assert "no store at" in err
    assert not typo.exists()
    code, _, err = run(capsys, "case", "verify", "--store", "mysql://x/y")
    assert code == 2
    assert "--store" in err


_READING = (["case", "verify"], ["case", "list", "--today", "2025-03-20"], ["case", "export"],
            ["case", "show", "C1"], ["case", "digest", "--day", "2025-03-03"],
            ["case", "act", "C1", "review", "--at", "2025-03-04 09:00", "--by", "审"])  # fmt: skip


def test_another_programs_database_is_a_usage_error_and_is_left_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A county's other SQLite file (or an empty one) named by mistake: before, it got the
    store's four tables and `case verify` reported an empty store as fine."""
    import sqlite3

    other = tmp_path / "台账.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE 台账 (编号 TEXT)")
    empty = tmp_path / "空.db"
    empty.touch()
    before = other.read_bytes()
    for path in (other, empty):
        for command in _READING:
            code, _, err = run(capsys, *command, "--store", f"sqlite:///{path}")
            assert code == 2, (path, command)
            assert "holds no case store" in err
    assert other.read_bytes() == before
    assert empty.stat().st_size == 0


def test_an_export_to_a_folder_or_a_missing_folder_names_the_out_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    for out in (tmp_path, tmp_path / "无此目录" / "备份.jsonl"):
        code, _, err = run(capsys, "case", "export", "--store", store, "--out", out)
        assert code == 2
        assert err.startswith(f"用法错误 usage: {out}: ")
        assert ".tmp" not in err


def test_import_of_a_file_with_a_byte_order_mark(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    backup = tmp_path / "备份.jsonl"
    assert run(capsys, "case", "export", "--store", store, "--out", backup)[0] == 0
    backup.write_bytes(b"\xef\xbb\xbf" + backup.read_bytes())  # saved again by Notepad
    copy = f"sqlite:///{tmp_path / '副本.db'}"
    code, out, err = run(capsys, "case", "import", backup, "--store", copy)
    assert code == 0, err
    assert "3 件新增 added" in out


def test_case_list_gives_every_case_past_one_page(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    """Before, the list stopped at one page of 10,000 rows with no word of the rest."""
    from govservice.cli import _case

    monkeypatch.setattr(_case, "_PAGE", 2)
    code, out, err = run(capsys, "case", "list", "--store", store, "--today", "2025-03-20")
    assert code == 0, err
    assert "3 件 cases" in out
    assert [line.split("\t")[0] for line in out.splitlines()[2:]] == ["C1", "C2", "C3"]
    code, out, _ = run(capsys, "case", "list", "--store", store, "--today", "2025-03-20",
                       "--overdue")  # fmt: skip
    assert [line.split("\t")[0] for line in out.splitlines()[2:]] == ["C1", "C2", "C3"]


def test_a_store_that_fails_is_said_to_be_the_store_not_the_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str
) -> None:
    import sqlite3

    writer = sqlite3.connect(tmp_path / "办件.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another clerk's transaction holds the write lock
    try:
        code, _, err = run(capsys, "case", "act", "C1", "review", "--store", store + "?timeout=0.1",
                           "--at", "2025-03-04 09:00", "--by", "审")  # fmt: skip
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 1
    assert err.startswith(
        "办件库出错 store error: cannot save case C1: SQLite said: database is locked"
    )
    assert "Traceback" not in err


def test_recalendar_from_a_shell_moves_cases_counted_on_a_provisional_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """December: a center on a provisional 2027 (a calendar file cannot hold one, so the
    shell opens the store with the official calendar, which ends on 2026-12-31). Before,
    `case recalendar` replayed each case on that calendar first and stopped at the first
    one; now the cases are read straight onto the new calendar."""
    from ..notice_2027 import official_2027, provisional_2027

    url = f"sqlite:///{tmp_path / '办件.db'}"
    sh = ZoneInfo("Asia/Shanghai")
    case = Case.submit(sample_catalog()["990102-SJJ-003"], case_id="Y1", applicant="张三",
                       at=dt.datetime(2026, 12, 28, 10, tzinfo=sh), by="窗口1",
                       calendar=provisional_2027())  # fmt: skip
    with open_store(url, calendar=provisional_2027()) as cases:
        cases.add(case.accept(at=dt.datetime(2026, 12, 28, 10, tzinfo=sh), by="窗口1"))
    new = tmp_path / "日历2027.json"
    save_calendar(official_2027(), new)
    code, out, err = run(capsys, "case", "recalendar", "--store", url, "--to", new,
                         "--at", "2026-12-31 23:30", "--by", "管理员")  # fmt: skip
    assert code == 0, err
    assert "Y1\tdue_date\t2027-01-04\t2027-01-05" in out
    assert run(capsys, "case", "verify", "--store", url, "--calendar", new)[0] == 0
    with open_store(url, calendar=load_calendar(new)) as cases:
        assert cases.row("Y1").provisional is False
    # Verified on the official calendar alone (it ends with 2026), the case is a calendar
    # problem with the way forward, never a trace problem (which would read as tampering).
    code, out, _ = run(capsys, "case", "verify", "--store", url)
    assert code == 1
    assert "Y1 calendar:" in out
    assert "Y1 trace" not in out
    assert "--calendar" in out
