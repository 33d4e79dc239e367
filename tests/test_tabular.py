"""Spreadsheets in and out: encodings, title rows, neutralised formulas, round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import InvalidValueError
from govservice._tabular import (
    FORMULA_TRIGGERS,
    detect_encoding,
    neutralise,
    read_table,
    unneutralise,
    write_csv,
    write_table,
    write_xlsx,
)

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)  # NUL is not text: a file with one is refused as binary


@given(text=texts)
def test_neutralise_then_unneutralise_gives_the_text_back(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


@given(text=texts)
def test_a_neutralised_cell_never_starts_a_formula(text: str) -> None:
    assert not neutralise(text).startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_each_trigger_is_neutralised(trigger: str) -> None:
    assert neutralise(trigger + "cmd|' /C calc'!A0") == "'" + trigger + "cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")],
)
def test_csv_encodings_are_detected_and_reported(
    tmp_path: Path, encoding: str, detected: str
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("办件编号,受理时间\nA1,2025/5/6 9:30\n".encode(encoding))
    table = read_table(path)
    assert table.encoding == detected
    assert table.header == ("办件编号", "受理时间")
    assert table.columns[1] == ["2025/5/6 9:30"]


def test_utf16_or_binary_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("办件编号\n".encode("utf-16"))
    with pytest.raises(InvalidValueError, match="CSV UTF-8"):
        read_table(path)
    with pytest.raises(InvalidValueError, match="GB18030"):
        detect_encoding(b"\xff\xff\xff abc")


def test_title_rows_and_blank_rows_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("某县办件明细,,\n\n编号,名称,数\n1,甲,2\n\n,,\n2,乙,3\n", "utf-8")
    table = read_table(path, known={"编号", "名称"})
    assert table.header_row == 3
    assert table.rows == (4, 7)
    assert table.columns[1] == ["甲", "乙"]


def test_quoted_cells_over_lines_keep_row_numbers(tmp_path: Path) -> None:
    """A cell over lines is one row, as Excel numbers it (the line count was the row before)."""
    path = tmp_path / "a.csv"
    path.write_text('编号,材料\n1,"营业执照\n身份证\n申请书"\n2,申请书\n3,"a\r\nb",多\n', "utf-8")
    table = read_table(path, known={"编号", "材料"})
    assert table.columns[1] == ["营业执照\n身份证\n申请书", "申请书"]
    assert table.rows == (2, 3)
    assert table.problems[0][0] == 4


def test_a_title_row_above_the_header_is_skipped_without_known_names(tmp_path: Path) -> None:
    """A merged title (one cell) or a short note above the header is not the header."""
    from govservice._tabular import write_xlsx

    header = ("编号", "名称", "科室", "地址", "备注")
    rows = [["某县档案名录（2025年9月导出）", "", "", "", ""], ["导出人：张三", "2025-09-01"],
            list(header), ["D1", "甲", "一科", "某路1号", ""],
            ["D2", "乙", "", "", ""]]  # fmt: skip
    csv_path = tmp_path / "名录.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows) + "\n", "utf-8")
    xlsx_path = write_xlsx(tmp_path / "名录.xlsx", {"名录": (rows[0], rows[1:])})
    for path in (csv_path, xlsx_path):
        table = read_table(path)
        assert (table.header_row, table.header, table.rows) == (3, header, (4, 5))
        assert table.columns[0] == ["D1", "D2"]
    # one known name is enough to find its row, even in a sheet of a single column
    path = tmp_path / "单列.csv"
    path.write_text("某县档案名录\n编号\nD1\nD2\n", "utf-8")
    assert read_table(path).header == ("某县档案名录",)  # nothing tells the title apart
    assert read_table(path, known={"编号"}).rows == (3, 4)


def test_ragged_rows_are_problems_not_crashes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("编号,名称\n1,甲\n2,乙,多,余\n3,丙\n", "utf-8")
    table = read_table(path, known={"编号", "名称"})
    assert table.rows == (2, 4)
    assert table.problems[0][0] == 3


def test_no_header_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("x,y\n1,2\n", "utf-8")
    with pytest.raises(InvalidValueError, match="header"):
        read_table(path, known={"办件编号", "受理时间"})


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(texts, texts), min_size=1, max_size=5))
def test_csv_written_reads_back_cell_for_cell(tmp_path: Path, cells: list[tuple[str, str]]) -> None:
    path = write_csv(tmp_path / "t.csv", ["甲", "乙"], cells)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_table(path, known={"甲", "乙"})
    # rows of blank cells (empty or whitespace only, a form feed too) are dropped
    kept = [(a, b) for a, b in cells if a.strip() or b.strip()]
    # Cells come back neutralised and stripped of nothing else.
    assert [(unneutralise(a), unneutralise(b)) for a, b in zip(*table.columns, strict=True)] == [
        (a, b) for a, b in kept
    ]


def test_xlsx_keeps_types_and_never_writes_a_formula(tmp_path: Path) -> None:
    moment = dt.datetime(2025, 5, 6, 17, 30)  # noqa: DTZ001 - a workbook holds naive local times
    out = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "表一": (
                ["文本", "数", "时间", "是否"],
                [["=1+2", 3, moment, True], [None, 0.25, None, False]],
            )
        },
        formats={"表一": {1: "percent"}},
    )
    table = read_table(out)
    assert table.sheet == "表一"
    assert table.columns[0] == ["'=1+2", ""]  # a blank cell is ""
    assert table.columns[1] == [3, 0.25]
    assert table.columns[2] == [moment, ""]
    assert table.columns[3] == ["是", "否"]


def test_percent_columns_in_csv_show_two_decimals(tmp_path: Path) -> None:
    out = write_table(
        tmp_path / "t.csv", ["率"], [[0.968137], [-0.05], [None]], formats={0: "percent"}
    )
    assert out.read_text("utf-8-sig").splitlines() == ["率", "96.81%", "-5.00%", '""']


def test_written_files_leave_no_temporary_behind(tmp_path: Path) -> None:
    write_csv(tmp_path / "t.csv", ["a"], [["1"]])
    out = write_xlsx(tmp_path / "t.xlsx", {"s": (["a"], [["1"]])})
    assert out.stat().st_mode & 0o044  # readable by others, as an ordinary new file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.xlsx"]
    with pytest.raises(InvalidValueError):
        write_table(tmp_path / "t.docx", ["a"], [])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(st.tuples(texts, texts), min_size=1, max_size=6),
    blank_after=st.integers(min_value=0, max_value=6),
)
def test_factorized_reading_gives_the_same_cells_and_rows(
    tmp_path: Path, cells: list[tuple[str, str]], blank_after: int
) -> None:
    path = write_csv(tmp_path / "t.csv", ["甲", "乙"], cells)
    text = path.read_text("utf-8-sig").split("\r\n")
    text.insert(min(blank_after + 1, len(text)), "")  # a blank line somewhere in the body
    path.write_text("\r\n".join(text), "utf-8")
    plain = read_table(path, known={"甲", "乙"})
    coded = read_table(path, known={"甲", "乙"}, factorized=True)
    assert coded.rows == plain.rows
    assert [list(c) for c in coded.columns] == [list(c) for c in plain.columns]


gb_texts = st.text(
    alphabet=st.characters(codec="gb18030", blacklist_categories=("Cs",),
                           blacklist_characters="\x00"),
    max_size=12,
)  # fmt: skip


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(gb_texts, gb_texts), min_size=1, max_size=6))
def test_a_gb18030_csv_reads_the_same_factorized_or_not(
    tmp_path: Path, cells: list[tuple[str, str]]
) -> None:
    """The bytes of a GB18030 body are parsed as they are and each distinct cell decoded."""
    path = write_csv(tmp_path / "t.csv", ["甲", "乙"], cells)
    text = "某县办件明细\r\n" + path.read_text("utf-8-sig")  # a title row, and no BOM
    path.write_bytes(text.encode("gb18030"))
    plain = read_table(path, known={"甲", "乙"})
    coded = read_table(path, known={"甲", "乙"}, factorized=True)
    assert plain.encoding == coded.encoding == "gb18030"
    assert coded.rows == plain.rows
    assert [list(c) for c in coded.columns] == [list(c) for c in plain.columns]


@pytest.mark.parametrize(
    "bad",
    [b"\x81", b"\x81,", b"\xff", b'\x81"', b"\x81\x30"],  # lone, split, invalid, cut short
)
@pytest.mark.parametrize("factorized", [False, True])
def test_a_gb18030_body_that_does_not_decode_is_refused(
    tmp_path: Path, bad: bytes, factorized: bool
) -> None:
    path = tmp_path / "a.csv"
    head = "某县办件明细\n办件编号,申请人\nA1,张三\n".encode("gb18030")
    path.write_bytes(head + b"A2," + bad + b"\nA3," + "李四\n".encode("gb18030"))
    with pytest.raises(InvalidValueError, match="GB18030"):
        read_table(path, known={"办件编号", "申请人"}, factorized=factorized)


def test_sheet_names_are_made_acceptable_and_unique(tmp_path: Path) -> None:
    long = "各部门指标" * 10
    out = write_xlsx(tmp_path / "t.xlsx", {"a/b": (["x"], [[1]]), "a_b": (["x"], [[2]]),
                                           long: (["x"], [[3]])})  # fmt: skip
    import python_calamine

    names = python_calamine.CalamineWorkbook.from_path(str(out)).sheet_names
    assert names == ["a_b", "a_b(2)", long[:31]]
