"""The catalogue as a spreadsheet: Chinese headers and labels, readable cells, GB18030."""

from __future__ import annotations

from pathlib import Path

import pytest

from govservice import CatalogError
from govservice._tabular import read_table
from govservice.matters import SHEET_HEADERS, Catalog, sample_catalog
from govservice.matters._sheet import load_catalog_table, save_catalog_table

SAMPLE = sample_catalog()
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("name", "encoding"), [("c.xlsx", "utf-8-sig"), ("c.csv", "utf-8-sig"), ("c.csv", "gb18030")]
)
def test_the_sample_catalogue_round_trips(tmp_path: Path, name: str, encoding: str) -> None:
    out = save_catalog_table(SAMPLE, tmp_path / name, encoding=encoding)
    assert Catalog.load(out).matters == SAMPLE.matters


def test_cells_are_readable_chinese_not_json(tmp_path: Path) -> None:
    out = save_catalog_table(SAMPLE, tmp_path / "c.xlsx")
    table = read_table(out)
    assert table.header == tuple(SHEET_HEADERS.values())
    column = dict(zip(table.header, table.columns, strict=True))
    i = [m.code for m in SAMPLE].index("990100-SJJ-001")
    assert column["事项类型"][i] == "行政许可"
    assert column["行使层级"][i] == "市级"
    assert column["法定办结时限"][i] == "10个工作日"
    assert column["申请材料"][i].splitlines()[0] == (
        "食品生产许可申请书 | 原件 | 1份 | 必要 | 样本:《食品生产许可申请书》示范文本"
    )
    assert "{" not in "".join(str(c) for c in column["申请材料"] + column["办理流程"])


def test_the_shipped_test_files_are_the_sample() -> None:
    assert Catalog.load(DATA / "catalog.xlsx").matters == SAMPLE.matters
    assert Catalog.load(DATA / "catalog_gb18030.csv").matters == SAMPLE.matters


def test_a_hand_made_sheet_with_a_title_row_and_staff_words(tmp_path: Path) -> None:
    path = tmp_path / "目录.csv"
    header = ("事项编码,基本编码,事项名称,事项类型,实施部门,层级,法定时限,承诺时限,设定依据,"
              "受理条件,申请材料,办理流程,咨询电话,投诉电话,是否进驻大厅")  # fmt: skip
    materials = (
        "营业执照 | 复印件 | 1份 | 必要\n法定代表人身份证明 | 原件及复印件 | 1份 | 非必要 | 可容缺"
    )
    row = ["001", "000201001000", "食品经营许可", "行政许可", "市场监督管理局", "县(区)级",
           "20个工作日", "5个工作日", "《中华人民共和国食品安全法》第三十五条", "有经营场所",
           f'"{materials}"', '"受理 | 受理 | 即办\n决定 | 批准 | 4个工作日"', "0571-1",
           "0571-12345", "是"]  # fmt: skip
    text = "某县政务服务事项目录（2025版）\n" + header + "\n" + ",".join(row) + "\n"
    path.write_bytes(text.encode("gb18030"))
    (matter,) = Catalog.load(path).matters
    assert matter.level.value == "county"
    assert matter.committed_limit.amount == 5
    assert [m.name for m in matter.materials] == ["营业执照", "法定代表人身份证明"]
    assert matter.materials[1].tolerant
    assert not matter.materials[1].required


def test_every_problem_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "事项编码,事项名称,事项类型,实施部门,行使层级,承诺办结时限,到办事现场次数\n"
        "001,甲,许可,局,县级,5个工作日,1\n"
        "002,乙,行政许可,局,县级,二十日,两次\n",
        "utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog_table(path)
    found = {(p.where, p.field) for p in info.value.problems}
    assert found >= {("row 2", "事项类型"), ("row 3", "承诺办结时限"), ("row 3", "到办事现场次数")}


def test_a_csv_with_cells_over_lines_names_the_rows_excel_shows(tmp_path: Path) -> None:
    """`catalog convert` writes materials and steps as lines in one cell: the CSV's row numbers
    are still one per matter, the same as the workbook of the same data."""
    import csv

    from govservice._tabular import write_csv, write_xlsx

    saved = save_catalog_table(SAMPLE, tmp_path / "c.csv")
    with saved.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = csv.reader(f)
    assert any("\n" in cell for cell in rows[0])  # the first matter's cells span lines
    rows[1][header.index("事项类型")] = "不知道"  # the second matter: row 3 in Excel
    for out in (write_csv(tmp_path / "bad.csv", header, rows),
                write_xlsx(tmp_path / "bad.xlsx", {"事项目录": (header, rows)})):  # fmt: skip
        with pytest.raises(CatalogError) as info:
            Catalog.load(out)
        (where,) = {p.where for p in info.value.problems if p.field == "事项类型"}
        assert where == ("row 3" if out.suffix == ".csv" else "sheet 事项目录 row 3")


def test_an_unknown_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("事项编码,事项名称,事项类型,实施部门,行使层级,备注栏\n", "utf-8")
    with pytest.raises(CatalogError, match="备注栏"):
        load_catalog_table(path)
