"""read_records: county exports with Chinese headers and messy values, every problem at once."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govservice import RecordError, RecordFileError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import HEADER_ALIASES, RECORD_COLUMNS, read_records

DATA = Path(__file__).resolve().parent.parent / "data"
CAL = china()
CAT = sample_catalog()
SH = ZoneInfo("Asia/Shanghai")
HEAD = "办件编号,申请人,服务中心,事项编码,申请方式,受理时间,办结时间,办理结果"
CODE = "990102-SJJ-003"


def _csv(tmp_path: Path, *rows: str, head: str = HEAD, encoding: str = "utf-8") -> Path:
    path = tmp_path / "r.csv"
    path.write_bytes(("\n".join([head, *rows]) + "\n").encode(encoding))
    return path


def _row(accepted: str, done: str = "", outcome: str = "", case: str = "A1") -> str:
    return f"{case},张三,某县中心,{CODE},窗口,{accepted},{done},{outcome}"


def test_naive_times_are_local_to_the_calendar_never_utc(tmp_path: Path) -> None:
    # The bug: 17:30 read as UTC moved the acceptance to the next day.
    path = _csv(tmp_path, _row("2025/3/5 17:30"))
    records = read_records(path, calendar=CAL, catalog=CAT)
    accepted = records["accepted_at"].iloc[0]
    assert accepted == pd.Timestamp("2025-03-05 09:30", tz="UTC")
    assert accepted.tz_convert(SH).date() == dt.date(2025, 3, 5)


FORMS = {
    "slashes": "{y}/{m}/{d} {H}:{M:02d}",
    "dashes": "{y}-{m}-{d} {H}:{M:02d}:00",
    "padded": "{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}",
    "chinese": "{y}年{m}月{d}日 {H}时{M:02d}分",
    "chinese colon": "{y}年{m}月{d}日 {H}:{M:02d}",
    "compact": "{y}{m:02d}{d:02d} {H:02d}:{M:02d}",
    "full-width": "{y}／{m}／{d} {H}：{M:02d}",
}


def test_a_due_date_past_the_calendar_is_a_problem_of_its_row(tmp_path: Path) -> None:
    """The catalogue's 10 working days from 2026-12-28 end in 2027, past china()'s coverage:
    that row is reported (sheet, row, column) with the way out; the other rows still read."""
    path = _csv(tmp_path, _row("2026/12/1 9:30", case="A1"), _row("2026/12/28 9:30", case="A2"),
                _row("2026/12/29 9:30", case="A3"))  # fmt: skip
    with pytest.raises(RecordFileError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    beyond = [c for c in info.value.cells if c.kind == "beyond_calendar"]
    # the file has no limit columns (the catalogue's limits): the acceptance is named
    assert [(c.row, c.column, c.value) for c in beyond] == [
        (3, "受理时间", "2026/12/28 9:30"), (3, "受理时间", "2026/12/28 9:30"),
        (4, "受理时间", "2026/12/29 9:30"), (4, "受理时间", "2026/12/29 9:30"),
    ]  # fmt: skip
    assert ["committed" in c.expected for c in beyond] == [True, False, True, False]
    assert "2004-01-01..2026-12-31" in beyond[0].expected
    assert "provisional" in beyond[0].expected
    provisional = CAL.provisional(dt.date(2027, 12, 31))
    records = read_records(path, calendar=provisional, catalog=CAT)
    assert records["committed_due"].notna().all()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moment=st.datetimes(
        min_value=dt.datetime(2004, 1, 1),  # noqa: DTZ001 - naive: local wall times in a sheet
        # the catalogue's limits (10 working days) must end within the calendar's coverage
        max_value=dt.datetime(2026, 12, 1),  # noqa: DTZ001
    ),
    form=st.sampled_from(sorted(FORMS)),
)
def test_every_way_of_writing_a_time_gives_the_same_instant(
    tmp_path: Path, moment: dt.datetime, form: str
) -> None:
    moment = moment.replace(second=0, microsecond=0)
    text = FORMS[form].format(y=moment.year, m=moment.month, d=moment.day, H=moment.hour,
                              M=moment.minute)  # fmt: skip
    if form == "full-width":
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    records = read_records(_csv(tmp_path, _row(text)), calendar=CAL, catalog=CAT)
    expected = pd.Timestamp(moment.replace(tzinfo=SH)).tz_convert("UTC")
    assert records["accepted_at"].iloc[0] == expected


def test_excel_serial_dates_and_dates_without_time(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, _row("45721.75", "2025/3/7", "准予许可")
    )  # 45721 is 2025-03-05; .75 is 18:00
    records = read_records(path, calendar=CAL, catalog=CAT)
    assert records["accepted_at"].iloc[0] == pd.Timestamp("2025-03-05 10:00", tz="UTC")
    assert records["completed_at"].iloc[0] == pd.Timestamp("2025-03-06 16:00", tz="UTC")


@pytest.mark.parametrize("text", ["03/05/2025 9:30", "5/3/25 9:30", "05-06-2025"])
def test_a_date_read_two_ways_is_a_problem_not_a_guess(tmp_path: Path, text: str) -> None:
    with pytest.raises(RecordFileError) as info:
        read_records(_csv(tmp_path, _row(text)), calendar=CAL, catalog=CAT)
    (cell,) = info.value.cells
    assert (cell.kind, cell.row, cell.column, cell.value) == ("ambiguous_date", 2, "受理时间", text)


def test_a_date_with_a_day_over_twelve_reads_one_way(tmp_path: Path) -> None:
    records = read_records(_csv(tmp_path, _row("13/05/2025 9:30")), calendar=CAL, catalog=CAT)
    assert records["accepted_at"].iloc[0] == pd.Timestamp("2025-05-13 01:30", tz="UTC")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_every_encoding_gives_the_same_records(tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path, _row("2025/3/5 9:30", "2025/3/6 10:00", "准予许可"), encoding=encoding)
    records = read_records(path, calendar=CAL, catalog=CAT)
    assert records.attrs["source"]["encoding"] == encoding
    assert records["outcome"].iloc[0] == "approved"
    assert records["channel"].iloc[0] == "window"


def test_labels_limits_flags_and_full_width_digits(tmp_path: Path) -> None:
    head = HEAD + ",层级,办件类型,承诺时限,法定时限,跑动次数,是否投诉,满意度,特别程序天数"
    row = _row("2025/3/5 9:30", "2025/3/14 10:00", "不予许可") + \
        ",县级,承诺件,5个工作日,10天,２,是,基本满意,1"  # fmt: skip
    records = read_records(_csv(tmp_path, row, head=head), calendar=CAL, catalog=CAT)
    r = records.iloc[0]
    assert (r["level"], r["kind"], r["outcome"]) == ("county", "committed", "denied")
    assert (int(r["visits"]), bool(r["complaint"]), int(r["rating"])) == (2, True, 3)
    assert int(r["committed_working_days"]) == 5
    # 10 calendar days from 2025-03-05: due 2025-03-17 (the 15th is a Saturday: rolls on, Civil
    # Code art. 203), which is 8 working days after acceptance.
    assert int(r["statutory_working_days"]) == 8
    # The committed due date: 5 working days plus the 1 suspended day after acceptance.
    assert r["committed_due"] == pd.Timestamp("2025-03-13")


def test_the_catalogue_fills_kind_department_level_and_limits(tmp_path: Path) -> None:
    records = read_records(_csv(tmp_path, _row("2025/3/5 9:30")), calendar=CAL, catalog=CAT)
    matter = CAT[CODE]
    r = records.iloc[0]
    assert (r["department"], r["level"]) == (matter.department, matter.level.value)
    assert int(r["committed_working_days"]) == matter.committed_limit.amount
    assert r["committed_due"] == pd.Timestamp(
        CAL.add_working_days(dt.date(2025, 3, 5), matter.committed_limit.amount)
    )


def test_title_rows_blank_rows_and_the_header_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("某县政务服务中心2025年3月办件明细\n\n" + HEAD + "\n"
                    + _row("2025/3/5 9:30") + "\n\n" + _row("2025/3/6 9:30", case="A2") + "\n",
                    "utf-8")  # fmt: skip
    records = read_records(path, calendar=CAL, catalog=CAT)
    assert records["case_id"].tolist() == ["A1", "A2"]
    assert records.attrs["source"]["header_row"] == 3


def test_the_sheet_asked_for_is_the_sheet_read(tmp_path: Path) -> None:
    """A workbook with a month per sheet: ``sheet=`` picks one, and one it lacks is refused
    (never the first sheet read instead)."""
    from govservice._errors import InvalidValueError
    from govservice._tabular import write_xlsx

    head = HEAD.split(",")
    path = write_xlsx(tmp_path / "办件.xlsx", {
        "四月": (head, [_row("2025/4/7 9:30", case="APR-1").split(",")]),
        "五月": (head, [_row("2025/5/6 9:30", case="MAY-1").split(",")]),
    })  # fmt: skip
    assert read_records(path, calendar=CAL, catalog=CAT)["case_id"].tolist() == ["APR-1"]
    records = read_records(path, calendar=CAL, catalog=CAT, sheet="五月")
    assert records["case_id"].tolist() == ["MAY-1"]
    assert records.attrs["source"]["sheet"] == "五月"
    with pytest.raises(InvalidValueError, match="六月"):
        read_records(path, calendar=CAL, catalog=CAT, sheet="六月")


def test_every_problem_at_once_with_row_and_column(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        _row("2025/3/5 9:30", "2025/3/6", "准予许可", case="A1"),
        _row("2025/2/30 9:30", case="A2"),
        _row("2025/3/5 9:30", "2025/3/4 9:30", "准予许可", case="A3"),
        _row("2025/3/5 9:30", "", "批了", case="A4"),
        _row("2025/3/5 9:30", case="A1"),
    )
    with pytest.raises(RecordError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    cells = {(c.row, c.column, c.kind) for c in info.value.cells}  # type: ignore[attr-defined]
    assert cells == {
        (2, "办件编号", "duplicate_case_id"),
        (3, "受理时间", "bad_date"),
        (4, "办结时间", "completed_before_accepted"),
        (5, "办理结果", "bad_value"),
        (6, "办件编号", "duplicate_case_id"),
    }
    assert "row 3, column 受理时间" in str(info.value)


def test_a_check_names_the_cell_it_is_about_and_its_value(tmp_path: Path) -> None:
    """A negative count names its own column and value, an unknown matter its code: not the
    case id (docs/county.md: sheet, row, column and the cell's value)."""
    head = HEAD + ",特别程序天数,跑动次数,承诺时限"
    path = _csv(
        tmp_path,
        _row("2025/3/5 9:30", case="A1") + ",0,-2,5个工作日",
        _row("2025/3/5 9:30", case="A2").replace(CODE, "NOPE-CODE") + ",0,1,5个工作日",
        _row("2025/3/5 9:30", case="A3") + ",-1,-3,5个工作日",
        _row("2025/3/5 9:30", "2025/3/4 9:30", "", case="A4") + ",0,1,",
        head=head,
    )
    with pytest.raises(RecordFileError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    cells = sorted((c.row, c.column, c.value, c.kind) for c in info.value.cells)
    assert cells == [
        (2, "跑动次数", "-2", "negative_count"),
        (3, "事项编码", "NOPE-CODE", "unknown_matter"),
        (4, "特别程序天数", "-1", "negative_count"),
        (4, "跑动次数", "-3", "negative_count"),
        (5, "办理结果", "", "outcome_mismatch"),  # completed without an outcome
        (5, "办结时间", "2025/3/4 9:30", "completed_before_accepted"),
    ]


def test_every_problem_of_every_row_is_listed_in_one_pass(tmp_path: Path) -> None:
    """A row with an unreadable cell is still checked on its other cells: its unknown matter
    and its blank applicant are listed with its bad rating, not after it is fixed; and every
    row of a kind is listed, not five of them and a count."""
    head = HEAD + ",满意度,跑动次数"
    bad = _row("2025/3/5 9:30", case="A2").replace(CODE, "NOPE-CODE").replace("张三", "")
    path = _csv(
        tmp_path,
        _row("2025/3/5 9:30", case="A1") + ",,1",
        bad + ",6,1",
        _row("2025/2/30 9:30", "2025/3/6 9:30", "准予许可", case="A3") + ",,1",
        *(_row("2025/3/5 9:30", case=f"B{i}") + ",,-1" for i in range(7)),
        head=head,
    )
    with pytest.raises(RecordFileError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    cells = sorted((c.row, c.column, c.kind) for c in info.value.cells)
    assert cells == [
        (3, "事项编码", "unknown_matter"),
        (3, "满意度", "bad_value"),
        (3, "申请人", "missing_value"),
        # the unreadable acceptance is the one problem of its row: no completed_not_accepted
        (4, "受理时间", "bad_date"),
        *((r, "跑动次数", "negative_count") for r in range(5, 12)),
    ]
    (grade,) = [c for c in info.value.cells if c.column == "满意度"]
    assert grade.expected.startswith("1..5 or one of 非常满意")  # a number is a grade too


def test_a_due_date_past_the_calendar_names_the_limit_the_sheet_gives(tmp_path: Path) -> None:
    head = HEAD + ",承诺时限,法定时限"
    path = _csv(tmp_path, _row("2026/12/20 9:30") + ",20个工作日,", head=head)
    with pytest.raises(RecordFileError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    cells = [(c.row, c.column, c.value, c.kind) for c in info.value.cells]
    assert cells == [  # the statutory limit is the catalogue's: the acceptance is named
        (2, "承诺时限", "20个工作日", "beyond_calendar"),
        (2, "受理时间", "2026/12/20 9:30", "beyond_calendar"),
    ]


def test_a_missing_required_column_names_its_chinese_headers(tmp_path: Path) -> None:
    head = "办件编号,申请人,事项编码,申请方式,受理时间"
    path = _csv(tmp_path, f"A1,张三,{CODE},窗口,2025/3/5 9:30", head=head)
    with pytest.raises(RecordFileError, match="服务中心"):
        read_records(path, calendar=CAL, catalog=CAT)
    records = read_records(path, calendar=CAL, catalog=CAT, defaults={"center": "某县中心"})
    assert records["center"].iloc[0] == "某县中心"


def test_headers_can_be_added_or_overridden(tmp_path: Path) -> None:
    head = HEAD.replace("受理时间", "收件受理时间")
    path = _csv(tmp_path, _row("2025/3/5 9:30"), head=head)
    with pytest.raises(RecordFileError):
        read_records(path, calendar=CAL, catalog=CAT)
    records = read_records(path, calendar=CAL, catalog=CAT, columns={"收件受理时间": "accepted_at"})
    assert records["accepted_at"].notna().all()
    assert HEADER_ALIASES["满意度"] == "rating"


def test_a_dataframe_with_chinese_headers_is_read_the_same(tmp_path: Path) -> None:
    frame = pd.DataFrame({"办件编号": ["A1"], "申请人": ["张三"], "服务中心": ["某县中心"],
                          "事项编码": [CODE], "申请方式": ["网办"],
                          "受理时间": [dt.datetime(2025, 3, 5, 17, 30)]})  # noqa: DTZ001  # fmt: skip
    records = read_records(frame, calendar=CAL, catalog=CAT)
    assert records["accepted_at"].iloc[0] == pd.Timestamp("2025-03-05 09:30", tz="UTC")
    assert records["channel"].iloc[0] == "online"
    assert [c.name for c in RECORD_COLUMNS] == list(records.columns)


def test_record_file_errors_pickle() -> None:
    from govservice import CellProblem

    err = RecordFileError(
        [CellProblem.of("bad_date", "a.csv", "", 3, "受理时间", "x", "a date")], 9
    )
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err)
    assert again.cells == err.cells
    assert again.problems[0].kind == "bad_date"


@pytest.mark.parametrize("name", ["county_2025-05.xlsx", "county_2025-05_gb18030.csv"])
def test_the_county_files_read_alike(name: str) -> None:
    catalog = sample_catalog()
    records = read_records(DATA / name, calendar=CAL, catalog=catalog)
    other = read_records(DATA / "county_2025-05_gb18030.csv", calendar=CAL, catalog=catalog)
    assert len(records) == 271
    columns = [c.name for c in RECORD_COLUMNS]
    pd.testing.assert_frame_equal(records[columns], other[columns])


def test_ids_that_read_the_same_are_duplicates_whatever_their_spaces(tmp_path: Path) -> None:
    """The checks run on the codes the reader made: " A1" and "A1" are one case id."""
    path = _csv(
        tmp_path,
        _row("2025/3/5 9:30", case="A1"),
        _row("2025/3/5 9:30", case=" A1"),
        _row("2025/3/5 9:30", case="A2"),
        _row("2025/3/5 9:30", case="A2 "),
        _row("2025/3/5 9:30", case="A3"),
    )
    with pytest.raises(RecordError) as info:
        read_records(path, calendar=CAL, catalog=CAT)
    cells = {(c.row, c.kind) for c in info.value.cells}  # type: ignore[attr-defined]
    assert cells == {(r, "duplicate_case_id") for r in (2, 3, 4, 5)}


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.lists(st.sampled_from(["A1", " A1", "A2", "'A2", "A3 ", ""]), min_size=1, max_size=6),
    channels=st.lists(st.sampled_from(["窗口", " 网办", "网上", ""]), min_size=6, max_size=6),
)
def test_the_reader_finds_what_check_records_finds(
    tmp_path: Path, ids: list[str], channels: list[str]
) -> None:
    rows = [
        f"{case},张三,某县中心,{CODE},{channel},2025/3/5 9:30,,"
        for case, channel in zip(ids, channels, strict=False)
    ]
    path = _csv(tmp_path, *rows)
    frame = pd.DataFrame(
        {"办件编号": ids, "申请人": "张三", "服务中心": "某县中心", "事项编码": CODE,
         "申请方式": channels[: len(ids)], "受理时间": "2025/3/5 9:30"}
    )  # fmt: skip
    found = []
    for source in (path, frame):
        try:
            read_records(source, calendar=CAL, catalog=CAT)
        except RecordError as exc:
            found.append(sorted((c.row, c.kind) for c in exc.cells))  # type: ignore[attr-defined]
        else:
            found.append([])
    # the file's rows are one further down (its header row); row 0 is a line for the file
    assert found[0] == sorted((row + 1 if row else 0, kind) for row, kind in found[1])


@given(cells=st.lists(st.text(alphabet=st.sampled_from(["a", "甲", " ", "'", "\t", "\u3000", "\0"]),
                              max_size=4), max_size=5))  # fmt: skip
def test_the_bulk_look_at_plain_texts_agrees_with_each_cell(cells: list[str]) -> None:
    from govservice.metrics._read import _SLOW, _plain_texts

    each = all(c and c[:1] not in _SLOW and c[-1:] not in _SLOW for c in cells)
    found = _plain_texts(cells)
    assert found == each or (not found and any("\0" in c for c in cells))  # NUL: safe side
