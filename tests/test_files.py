"""The shared file machinery: strict reading, atomic writing, atomic directories."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice._files import (
    MAX_DEPTH,
    MAX_DIGITS,
    atomic_directory,
    atomic_write,
    check_path,
    parse_json,
    parse_toml,
    read_text,
)


@pytest.mark.parametrize("bad", [None, 5, b"a.json", "", "a\x00b.json", object()])
def test_check_path_refuses_what_cannot_name_a_file(bad: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        check_path(bad)
    assert info.value.field == "path"


def test_read_text_drops_a_bom_and_names_unreadable_files(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_bytes(b"\xef\xbb\xbf{}")
    assert read_text(p) == "{}"
    with pytest.raises(InvalidValueError, match="readable file"):
        read_text(tmp_path / "missing.json")
    p.write_bytes(b"\xff\xfe{}")
    with pytest.raises(InvalidValueError, match="UTF-8"):
        read_text(p)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, "a": 2}', "duplicate keys"),
        ("[" * 100_000 + "]" * 100_000, "levels"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "levels"),
        ("9" * 5000, "digits"),
        ("9" * (MAX_DIGITS + 1), "digits"),
        ("NaN", "finite"),
        ("[Infinity]", "finite"),
        ("1e400", "finite"),
        ('"\\ud800"', "surrogates"),
        ('{"\\udfff": 1}', "surrogates"),
        ("{", "valid JSON"),
        ("", "valid JSON"),
    ],
)
def test_parse_json_refuses_hostile_documents(text: str, expected: str) -> None:
    with pytest.raises(InvalidValueError, match=expected):
        parse_json(text)


def test_parse_json_names_the_entry_path() -> None:
    with pytest.raises(InvalidValueError) as info:
        parse_json('{"matters": [{"name": "\\ud800"}]}')
    assert info.value.field == "$.matters[0].name"


def test_parse_json_keeps_valid_pairs_and_a_bom() -> None:
    assert parse_json('\ufeff{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = " + "[" * 5000 + "]" * 5000, "levels"),
        ("a = " + "9" * 5000, "TOML"),
        ("a = " + "9" * (MAX_DIGITS + 1), "digits"),
        ("a = nan", "finite"),
        ("a = 1\na = 2", "TOML"),
        ("a = [", "TOML"),
    ],
)
def test_parse_toml_refuses_hostile_documents(text: str, expected: str) -> None:
    with pytest.raises(InvalidValueError, match=expected):
        parse_toml(text)


@given(st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
))  # fmt: skip
def test_parse_json_reads_back_what_json_writes(value: object) -> None:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(InvalidValueError):
            parse_json(text)
        return
    assert parse_json(text) == value


def test_atomic_write_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    atomic_write(p, "old")
    atomic_write(p, b"new")
    assert p.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["c.json"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    atomic_write(p, "old")
    with pytest.raises(InvalidValueError, match="surrogates"):
        atomic_write(p, "new \ud800")
    with pytest.raises(InvalidValueError, match="str or bytes"):
        atomic_write(p, 5)  # type: ignore[arg-type]
    assert p.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["c.json"]


def test_atomic_write_removes_its_temporary_when_the_rename_fails(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(InvalidValueError, match="not a directory"):
        atomic_write(tmp_path / "d", "x")
    with pytest.raises(InvalidValueError, match="existing directory"):
        atomic_write(tmp_path / "nowhere" / "x.json", "x")
    assert os.listdir(tmp_path) == ["d"]
    assert os.listdir(tmp_path / "d") == []


def test_atomic_directory_moves_the_set_into_place_whole(tmp_path: Path) -> None:
    out = tmp_path / "report"
    with atomic_directory(out) as build:
        (build / "a.csv").write_text("old", "utf-8")
        (build / "b.html").write_text("old", "utf-8")

    def fail_halfway() -> None:
        with atomic_directory(out) as build:
            (build / "a.csv").write_text("new", "utf-8")
            raise RuntimeError("the chart failed")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert (out / "a.csv").read_text("utf-8") == "old"
    assert (out / "b.html").read_text("utf-8") == "old"
    with atomic_directory(out) as build:
        (build / "a.csv").write_text("new", "utf-8")
    assert sorted(p.name for p in out.iterdir()) == [".govservice-directory", "a.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_atomic_directory_never_deletes_a_directory_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", "utf-8")
    with (
        pytest.raises(InvalidValueError, match="written by govservice"),
        atomic_directory(tmp_path) as build,
    ):
        (build / "a.csv").write_text("x", "utf-8")  # pragma: no cover - refused before
    assert (tmp_path / "mine.txt").read_text("utf-8") == "keep"
    empty = tmp_path / "empty"
    empty.mkdir()
    with atomic_directory(empty) as build:
        (build / "a.csv").write_text("x", "utf-8")
    assert (empty / "a.csv").read_text("utf-8") == "x"


def test_saved_files_get_ordinary_permissions_not_mkstemps_private_ones(tmp_path: Path) -> None:
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    p = tmp_path / "shared.json"
    atomic_write(p, "{}")
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask


def test_atomic_file_removes_its_temporary_when_the_writer_fails(tmp_path: Path) -> None:
    from govservice._files import atomic_file

    p = tmp_path / "book.xlsx"
    atomic_write(p, b"old")

    def fail() -> None:
        with atomic_file(p) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        fail()
    assert p.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["book.xlsx"]


def test_a_path_the_file_system_cannot_encode_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="encode"):
        read_text("\ud800.json")
