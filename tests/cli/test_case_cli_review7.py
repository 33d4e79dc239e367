"""``govservice case ...`` from a real shell, as a county clerk types it (seventh review).

Every subcommand on a real SQLite file, run as ``python -m govservice`` in a subprocess:
exit codes (0 done, 1 a problem in the data or the store, 2 a usage error), messages in
Chinese and English, never a traceback for a user's mistake, and ``sqlite:///`` URLs whose
path holds spaces, Chinese or percent-encoded characters.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from govservice.calendar import china
from govservice.store import open_store

from ..needs import missing
from ..store.conftest import accepted_case

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "tests" / "data" / "catalog.xlsx"
SUBMIT = ["--catalog", CATALOG, "--matter", "990102-SJJ-003", "--applicant", "张三",
          "--at", "2025-03-03 09:00", "--by", "窗口1"]  # fmt: skip


def shell(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m govservice ARGS`` in a fresh process, as from a shell."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "govservice", *(str(a) for a in args)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=120,
        check=False,
    )  # fmt: skip


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout


_COMMANDS = ("submit", "act", "show", "list", "verify", "export", "import", "digest",
             "recalendar")  # fmt: skip


def test_every_case_subcommand_has_bilingual_help() -> None:
    done = shell("case", "--help")
    assert done.returncode == 0, done.stderr
    for command in _COMMANDS:
        assert f"{command}:" in done.stdout
    for command in _COMMANDS:
        done = shell("case", command, "--help")
        assert done.returncode == 0, (command, done.stderr)
        assert "--store" in done.stdout
        assert "示例 Example" in done.stdout or "Example 示例" in done.stdout, command
        _no_traceback(done)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder whose name has a space and Chinese, as on a county PC's desktop."""
    path = tmp_path / "办件 库"
    path.mkdir()
    return path


def _urls(path: Path) -> list[str]:
    """The same file as a clerk may write it: plainly, and percent-encoded."""
    return [f"sqlite:///{path}", "sqlite:///" + urllib.parse.quote(str(path))]


def test_every_subcommand_on_one_file_written_plainly_or_percent_encoded(folder: Path) -> None:
    """Before, every command but submit and import refused a percent-encoded path ("no store
    at 'my%20dir/...'") though the store itself decodes it."""
    path = folder / "办件.db"
    plain, encoded = _urls(path)
    assert "%20" in encoded
    assert "%E5%8A%9E" in encoded
    done = shell("case", "submit", "--store", plain, "--case-id", "C1", *SUBMIT)
    assert (done.returncode, done.stdout) == (0, "收件 submitted: C1 (submitted)\n"), done.stderr
    done = shell("case", "act", "C1", "accept", "--store", encoded, "--at", "2025-03-03 09:10",
                 "--by", "窗口1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    backup = folder / "备份 1.jsonl"
    steps = [
        ["case", "show", "C1"],
        ["case", "list", "--today", "2025-03-04"],
        ["case", "list", "--today", "2025-03-20", "--overdue"],
        ["case", "verify"],
        ["case", "digest", "--day", "2025-03-03"],
        ["case", "digest", "--day", "2025-03-03", "--case", "C1"],
        ["case", "export", "--out", backup],
    ]
    for number, step in enumerate(steps):
        url = (plain, encoded, encoded + "?mode=ro")[number % 3 if number < 6 else 1]
        done = shell(*step, "--store", url)
        assert done.returncode == 0, (step, url, done.stderr)
        _no_traceback(done)
    copy = folder / "副本 库.db"
    for url in _urls(copy):
        done = shell("case", "import", backup, "--store", url)
        assert done.returncode == 0, done.stderr
    assert "1 件未变 unchanged" in done.stdout  # the second import, by the encoded URL
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".db") == [
        "副本 库.db",
        "办件.db",
    ]
    assert not any("%" in p.name for p in folder.iterdir())


def test_a_hash_in_a_path_is_a_usage_error_not_another_file(folder: Path) -> None:
    """``#`` starts a URL's fragment: ``sqlite:///x/办件#2.db`` was the file ``x/办件``."""
    done = shell("case", "submit", "--store", f"sqlite:///{folder}/办件#2.db", "--case-id", "C1",
                 *SUBMIT)  # fmt: skip
    assert done.returncode == 2
    assert "%23" in done.stderr
    assert list(folder.iterdir()) == []
    quoted = f"sqlite:///{folder}/办件%232.db"
    done = shell("case", "submit", "--store", quoted, "--case-id", "C1", *SUBMIT)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in folder.iterdir()] == ["办件#2.db"]


def test_submitting_a_case_number_twice_says_so_in_both_languages(folder: Path) -> None:
    url = f"sqlite:///{folder}/办件.db"
    assert shell("case", "submit", "--store", url, "--case-id", "C1", *SUBMIT).returncode == 0
    done = shell("case", "submit", "--store", url, "--case-id", "C1", *SUBMIT)
    assert done.returncode == 1
    assert "办件编号 C1 已在办件库中" in done.stderr
    assert "is in the store already" in done.stderr
    assert "use save" not in done.stderr  # a Python call, not something to type
    _no_traceback(done)


def test_another_programs_database_never_gets_the_stores_tables(folder: Path) -> None:
    """Before, ``case submit`` and ``case import`` added the store's tables to it."""
    ledger = folder / "台账.db"
    with sqlite3.connect(ledger) as conn:
        conn.execute("CREATE TABLE 台账 (编号 TEXT)")
    before = ledger.read_bytes()
    backup = folder / "b.jsonl"
    backup.write_text(accepted_case("C-1").to_json() + "\n", encoding="utf-8")
    for command in (["case", "submit", "--case-id", "C1", *SUBMIT], ["case", "import", backup]):
        done = shell(*command, "--store", f"sqlite:///{ledger}")
        assert done.returncode == 2, done.stderr
        assert "holds no case store: it is another program's database" in done.stderr
        assert "(its tables: 台账)" in done.stderr
        _no_traceback(done)
    assert ledger.read_bytes() == before


def test_files_that_are_not_a_store_are_store_errors_naming_the_file(folder: Path) -> None:
    good = folder / "good.db"
    with open_store(f"sqlite:///{good}", calendar=china()) as store:
        store.save_many([accepted_case(f"C-{i:03d}") for i in range(200)])
    data = good.read_bytes()
    files = {"note.db": b"not a database\n" * 100, "half.db": data[: len(data) // 2],
             "header.db": data[:16] + b"\xff" * 84 + data[100:]}  # fmt: skip
    for name, content in files.items():
        (folder / name).write_bytes(content)
        for command in (["case", "verify"], ["case", "submit", "--case-id", "C1", *SUBMIT],
                        ["case", "list", "--today", "2025-03-04"]):  # fmt: skip
            done = shell(*command, "--store", f"sqlite:///{folder / name}")
            assert done.returncode == 1, (name, command, done.stderr)
            assert done.stderr.startswith("办件库出错 store error: cannot open: SQLite said: ")
            assert str(folder / name) in done.stderr
            _no_traceback(done)
        assert (folder / name).read_bytes() == content


def test_a_read_only_store_from_the_shell(tmp_path: Path) -> None:
    """As a clerk whose account may not write the file (root writes through any permission,
    so a root run drops to nobody): reading works, an act is a store error naming the file,
    and ``?mode=ro`` in a read-only folder reads too."""
    from ..store.test_store_review7 import _as_nobody, _folder_of_another_user, _stored_file

    prefix = _as_nobody()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}

    def as_clerk(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "govservice", *(str(a) for a in args)],
            capture_output=True, text=True, encoding="utf-8", env=env, cwd="/", timeout=120,
            check=False,
        )  # fmt: skip

    with _folder_of_another_user() as home:
        path = _stored_file(home)
        os.chmod(path, 0o444)
        url = f"sqlite:///{path}"
        done = as_clerk("case", "list", "--store", url, "--today", "2025-03-04")
        if done.returncode in (126, 127):
            missing(f"cannot run Python as another user here: {done.stderr[:200]}")
        assert (done.returncode, done.stdout.splitlines()[0]) == (0, "# 1 件 cases"), done.stderr
        done = as_clerk("case", "act", "C-1", "review", "--store", url, "--at", "2025-03-04 09:00",
                        "--by", "审")  # fmt: skip
        assert done.returncode == 1
        assert done.stderr.startswith("办件库出错 store error: cannot save case C-1: ")
        assert f"the file '{path}' cannot be written to" in done.stderr
        _no_traceback(done)
        os.chmod(path, 0o644)
        for log in home.glob("c.db-*"):  # left by the reads (no write got through)
            log.unlink()
        os.chmod(home, 0o555)
        done = as_clerk("case", "verify", "--store", url)
        assert done.returncode == 1
        assert f"the folder '{home}' cannot be written to" in done.stderr
        done = as_clerk("case", "verify", "--store", url + "?mode=ro")
        assert done.returncode == 0, done.stderr
        assert "好 ok: 1 件 cases" in done.stdout
        os.chmod(home, 0o755)


def test_a_bad_import_line_and_a_store_error_during_an_import_are_told_apart(
    folder: Path,
) -> None:
    """Bytes that are not UTF-8 name their own line (before, a line or more before them);
    a locked database during an import is a store error (it was "a problem in the data")."""
    url = f"sqlite:///{folder}/办件.db"
    lines = [accepted_case(f"C-{i}").to_json().encode() for i in range(6)]
    lines[4] = lines[4].replace("张三".encode(), b"\xd5\xc5\xc8\xfd")  # GBK bytes, line 5
    source = folder / "导出.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    done = shell("case", "import", source, "--store", url, "--batch", "2")
    assert done.returncode == 1
    assert "数据有问题 problem in the data: source must be UTF-8 JSON lines (line 5" in done.stderr
    assert "已导入 imported before it: 4 件 cases (whole batches)" in done.stderr
    _no_traceback(done)
    source.write_bytes(b"\n".join(lines[:4]) + b"\n")
    locker = sqlite3.connect(folder / "办件.db", isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        done = shell("case", "import", source, "--store", url + "?timeout=0.1")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert done.returncode == 1
    assert done.stderr.startswith("办件库出错 store error: cannot import: SQLite said: database is")
    assert "数据有问题" not in done.stderr
    _no_traceback(done)


def test_user_mistakes_are_usage_or_data_errors_never_a_traceback(folder: Path) -> None:
    url = f"sqlite:///{folder}/办件.db"
    assert shell("case", "submit", "--store", url, "--case-id", "C1", *SUBMIT).returncode == 0
    mistakes = [
        (["case", "show", "C9"], 1, "no case with that id is stored"),
        (["case", "act", "C9", "accept", "--at", "2025-03-03 09:10", "--by", "窗口1"], 1,
         "no case with that id is stored"),
        (["case", "act", "C1", "approve", "--at", "2025-03-03 09:10", "--by", "科长"], 1,
         "cannot approve a case in state 'submitted'"),
        (["case", "act", "C1", "accept", "--at", "2025-03-02 09:10", "--by", "窗口1"], 1,
         "not before the last event"),
        (["case", "act", "C1", "accept", "--at", "明天", "--by", "窗口1"], 2, "--at must be"),
        (["case", "act", "C1", "fly", "--at", "2025-03-03 09:10", "--by", "窗口1"], 2,
         "ACTION must be one of"),
        (["case", "list"], 2, "--today DAY is required"),
        (["case", "list", "--today", "2025-02-30"], 2, "--today"),
        (["case", "digest", "--day", "2025-03-03", "--case", "C9"], 1, "a case written on"),
        (["case", "import", folder / "无.jsonl"], 2, "no such file"),
        (["case", "import", CATALOG, "--batch", "0"], 2, "--batch must be 1 or more"),
        (["case", "recalendar", "--to", folder / "无.json", "--at", "2025-03-05 09:00",
          "--by", "管理员"], 2, "--to"),
        (["case", "export", "--out", folder / "无此目录" / "b.jsonl"], 2, "用法错误 usage"),
    ]  # fmt: skip
    for args, code, text in mistakes:
        done = shell(*args, "--store", url)
        assert done.returncode == code, (args, done.stderr)
        assert text in done.stderr, (args, done.stderr)
        assert done.stderr.startswith(("用法错误 usage: ", "数据有问题 problem in the data: "))
        _no_traceback(done)
    done = shell("case", "verify", "--store", f"sqlite:///{folder}/无此库.db")
    assert done.returncode == 2
    assert "no store at" in done.stderr


def test_the_digest_printed_by_the_shell_checks_out_by_hand(folder: Path) -> None:
    """The proof a clerk prints (``case digest --case``) leads to the published root with
    nothing but SHA-256, as the store's docs describe it."""
    from ..store.test_store_review7 import _walk

    url = f"sqlite:///{folder}/办件.db"
    with open_store(url, calendar=china()) as store:
        store.save_many([accepted_case(f"C-{i}") for i in range(5)])
    whole = json.loads(
        shell("case", "digest", "--store", url, "--day", "2025-03-03", "--json").stdout
    )
    for case_id, head in whole["heads"]:
        done = shell("case", "digest", "--store", url, "--day", "2025-03-03", "--case", case_id)
        proof = json.loads(done.stdout)
        assert (proof["head"], proof["root"]) == (head, whole["root"])
        assert _walk(case_id, head, proof["path"]) == whole["root"]
