"""Commands on case records: check, convert, indicators, monitor, irregularities, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from cyclopts import Parameter

from govservice.cli._common import (
    CALENDAR_HELP,
    DataProblems,
    UsageError,
    existing,
    load_calendar_option,
    load_catalog_option,
    locale_option,
    parse_day,
    parse_month,
    progress,
    say,
    table,
)

__all__ = ["check", "convert", "indicators", "irregularities", "monitor_command", "report"]

_Cal = Annotated[Path | None, Parameter(help=CALENDAR_HELP)]
_Catalog = Annotated[
    Path | None,
    Parameter(help="事项目录 The catalogue (xlsx, csv, json, toml): fills kinds and limits."),
]
_Sheet = Annotated[str | None, Parameter(help="工作表 The workbook's sheet (default: the first).")]
_Center = Annotated[
    str | None, Parameter(help="中心名称 The center, when the file has no 服务中心 column.")
]

#: What each problem means, for people (docs/county.md explains how to fix each).
PROBLEM_NAMES = {
    "bad_date": "日期无法识别", "ambiguous_date": "日期有两种读法", "bad_value": "取值无法识别",
    "bad_limit": "时限无法识别", "bad_number": "不是整数", "missing_value": "缺少必填值",
    "beyond_calendar": "期限超出日历", "missing_column": "缺少列", "duplicate_column": "重复的列",
    "bad_row": "格数不对", "duplicate_case_id": "办件编号重复", "accepted_before_submitted": "受理早于申请",
    "completed_before_accepted": "办结早于受理", "completed_not_accepted": "未受理却办结",
    "outcome_mismatch": "办理结果与办结时间不符", "no_deadline": "缺少办结期限",
    "negative_count": "出现负数", "bad_count": "数值超出范围", "impossible_rating": "评价不在1-5之间",
    "unknown_matter": "目录中没有该事项",
}  # fmt: skip


def _read(
    file: Path,
    calendar: Path | None,
    catalog: Path | None,
    sheet: str | None,
    center: str | None,
    out: Path | None = None,
) -> tuple[Any, Any, Any]:
    """Records, calendar and catalogue; the problems table and exit 1 on bad records.

    ``out``, the file a command writes, is refused when it is ``file`` itself: writing it
    would replace the county's export (its title rows, the columns outside the schema).
    """
    if out is not None and out.exists() and file.exists() and out.samefile(file):
        raise UsageError(
            f"--out must be another file than FILE (it would be lost), got {str(out)!r}"
        )
    from govservice import RecordFileError
    from govservice.metrics import read_records

    cal = load_calendar_option(calendar)
    cat = load_catalog_option(catalog)
    existing(file, "FILE")
    try:
        records = read_records(
            file, calendar=cal, catalog=cat, sheet=sheet,
            defaults=None if center is None else {"center": center},
        )  # fmt: skip
    except RecordFileError as exc:
        rows = [
            [c.sheet, c.row or "", c.column, "" if c.value is None else c.value,
             PROBLEM_NAMES.get(c.kind, c.kind) + f" ({c.kind})", c.expected]
            for c in exc.cells
        ]  # fmt: skip
        table(
            f"{len(rows)} 个问题 problems: {file}",
            ["工作表 sheet", "行 row", "列 column", "值 value", "问题 problem", "应为 expected"],
            rows,
        )
        raise DataProblems(1) from None
    return records, cal, cat


def check(
    file: Path,
    /,
    *,
    catalog: _Catalog = None,
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
) -> int:
    """检查办件数据。Check case records: every problem with its sheet, row and column.

    Reads .xlsx/.xls/.ods and CSV (UTF-8, UTF-8 with BOM or GB18030, detected and reported).
    Exit 1 lists every problem at once; fix them in the sheet and check again.
    逐行列出全部问题（工作表、行、列）；在表格中改正后再检查。

    Example 示例: govservice records check 五月办件.xlsx --catalog 事项目录.xlsx

    Args:
        file: 办件文件 The records file.
        catalog: 事项目录.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
    """
    records, _, _ = _read(file, calendar, catalog, sheet, center)
    source = records.attrs["source"]
    where = (
        f"工作表 sheet {source['sheet']}"
        if source["sheet"]
        else f"编码 encoding {source['encoding']}"
    )
    say(
        f"好 ok: {file}: {len(records)} 条办件 records; {where}; 表头在第 {source['header_row']} 行 header row"
    )
    return 0


def _labels() -> dict[str, dict[str, str]]:
    from govservice.metrics import VALUE_LABELS

    out: dict[str, dict[str, str]] = {}
    for column, labels in VALUE_LABELS.items():
        first: dict[str, str] = {}
        for label, value in labels.items():
            if not label.isascii():
                first.setdefault(str(value), label)
        out[column] = first
    return out


def record_table(
    records: Any, calendar: Any, *, chinese: bool
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of records for a sheet: local times, Chinese labels and headers."""
    from govservice._zones import zone
    from govservice.metrics import HEADER_ALIASES, RECORD_COLUMNS

    tz = zone(calendar.office_hours.timezone)
    heads: dict[str, str] = {}
    for alias, column in HEADER_ALIASES.items():
        if not alias.isascii():
            heads.setdefault(column, alias)
    names = [c.name for c in RECORD_COLUMNS]
    header = [heads.get(n, n) if chinese else n for n in names]
    labels = _labels() if chinese else {}
    types = {c.name: c.type for c in RECORD_COLUMNS}
    columns = []
    for n in names:
        values = records[n].tolist()
        out: list[Any] = []
        for v in values:
            if v is None or type(v).__name__ in ("NaTType", "NAType") or v != v:
                out.append(None)
            elif types[n] == "instant":
                out.append(v.to_pydatetime().astimezone(tz).replace(tzinfo=None))
            elif types[n] == "date":
                out.append(v.date())
            elif n == "rating" and chinese:
                out.append(
                    {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}[int(v)]
                )
            elif n in labels and str(v) in labels[n]:
                out.append(labels[n][str(v)])
            elif isinstance(v, bool) or types[n] == "bool":
                out.append(bool(v))
            elif types[n] == "int":
                out.append(int(v))
            else:
                out.append(v)
        columns.append(out)
    return header, [list(r) for r in zip(*columns, strict=True)] if columns else []


def convert(
    file: Path,
    out: Path,
    /,
    *,
    english: bool = False,
    catalog: _Catalog = None,
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
) -> int:
    """办件数据转为标准表。Convert case records to the standard table (.xlsx or .csv).

    Every column of the record schema, with Chinese headers and labels (--english: the column
    ids and values), local times; a CSV is UTF-8 with a BOM, formulas neutralised.

    Example 示例: govservice records convert 省平台导出.csv 五月办件.xlsx --catalog 事项目录.xlsx

    Args:
        file: 办件文件 The records file.
        out: 输出文件 The .xlsx or .csv to write.
        english: 英文表头 Column ids and schema values instead of Chinese.
        catalog: 事项目录.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
    """
    from govservice._tabular import write_table

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(f"OUT must be a .xlsx or .csv file, got {str(out)!r}")
    records, cal, _ = _read(file, calendar, catalog, sheet, center, out)
    header, rows = record_table(records, cal, chinese=not english)
    write_table(out, header, rows, sheet="办件明细" if not english else "records")
    say(f"写入 written: {out} ({len(rows)} 条办件 records)")
    return 0


_SHOWN = ("acceptance_volume", "completed", "on_time_rate", "completion_rate",
          "on_site_rate", "online_rate", "satisfaction_rate", "complaint_rate")  # fmt: skip


def _percent(value: object) -> object:
    if isinstance(value, float):
        return "" if value != value else f"{value * 100:.2f}%"
    return value


def indicators(
    file: Path,
    /,
    *,
    by: list[str] | None = None,
    period: str = "month",
    out: Path | None = None,
    catalog: _Catalog = None,
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
) -> int:
    """效能指标。Efficiency indicators per group and period (按时办结率, 办结率, 满意率 ...).

    The terminal shows the main ones, rates as percentages with two decimals; --out writes
    every indicator (.xlsx with percent cells, or .csv), with Chinese headers.

    Example 示例: govservice indicators 五月办件.xlsx --by department --period month --out 指标.xlsx

    Args:
        file: 办件文件 The records file.
        by: 分组 Group by these columns (department, window, matter_code, center, ...);
            repeat the option. Default: department.
        period: 周期 month, week, quarter, year or day.
        out: 输出文件 .xlsx or .csv with every indicator.
        catalog: 事项目录.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
    """
    from govservice._tabular import write_table
    from govservice.metrics import INDICATORS, compute_indicators

    groups = tuple(by or ["department"])
    records, cal, _ = _read(file, calendar, catalog, sheet, center, out)
    try:
        result = compute_indicators(records, by=groups, period=period, calendar=cal)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    names = {i.id: i.zh for i in INDICATORS}
    units = {i.id: i.unit for i in INDICATORS}
    keys = [*groups, "period"]
    shown = [c for c in _SHOWN if c in result.columns]
    rows = [[*(str(r[k]) for k in keys), *(_percent(r[c]) if units.get(c) in ("share", "rate")
             else r[c] for c in shown)] for _, r in result.iterrows()]  # fmt: skip
    heads = [_GROUP_NAMES.get(k, k) for k in keys]
    table(str(file), [*heads, *(names.get(c, c) for c in shown)], rows)
    if out is not None:
        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise UsageError(f"--out must be a .xlsx or .csv file, got {str(out)!r}")
        columns = list(result.columns)
        header = [names.get(c, _GROUP_NAMES.get(c, c)) for c in columns]
        formats = {j: "percent" for j, c in enumerate(columns) if units.get(c) in ("share", "rate")}
        data = [[_plain(v) for v in row] for row in result.itertuples(index=False)]
        write_table(out, header, data, sheet="指标", formats=formats)
        say(f"写入 written: {out}")
    return 0


_CASE_HEADS = {"case_id": "办件编号", "department": "部门", "window": "窗口",
               "matter_code": "事项编码", "status": "状态", "remaining_working_days": "剩余工作日",
               "due_date": "到期日", "node": "环节", "accepted_on": "受理日期"}  # fmt: skip
_GROUP_NAMES = {"department": "部门", "window": "窗口", "center": "服务中心", "period": "周期",
                "matter_code": "事项编码", "level": "层级", "kind": "办件类型"}  # fmt: skip


def _plain(value: Any) -> Any:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
        return value.date()  # a date column (datetime64 at midnight)
    if hasattr(value, "item"):
        return value.item()
    return value


def monitor_command(
    file: Path,
    /,
    *,
    today: str,
    out: Path | None = None,
    catalog: _Catalog = None,
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
) -> int:
    """电子监察。Warnings of the cases open on TODAY: normal, yellow (due soon), red (overdue).

    Example 示例: govservice monitor 五月办件.xlsx --today 2025-05-20

    Args:
        file: 办件文件 The records file.
        today: 监察日 The day to monitor, such as 2025-05-20.
        out: 输出文件 .xlsx or .csv listing every open case with its status.
        catalog: 事项目录.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
    """
    from govservice._tabular import write_table
    from govservice.metrics import monitor

    day = parse_day(today, "--today")
    records, cal, _ = _read(file, calendar, catalog, sheet, center, out)
    watched = monitor(records, day, calendar=cal)
    d = watched.departments
    rows = [
        [r["department"], r["open"], r["normal"], r["yellow"], r["red"]] for _, r in d.iterrows()
    ]
    table(f"{day.isoformat()} 在办件 open cases",
          ["部门 department", "在办 open", "正常 normal", "黄牌 yellow", "红牌 red"], rows)  # fmt: skip
    red = watched.cases[watched.cases["status"] == "red"]
    if len(red):
        table("红牌：已超期 red: overdue", ["办件编号 case", "部门 department", "到期日 due",
              "剩余工作日 left"], [[r["case_id"], r["department"], str(r["due_date"])[:10],
              r["remaining_working_days"]] for _, r in red.iterrows()])  # fmt: skip
    if out is not None:
        from govservice.metrics import status_name

        cases = watched.cases
        columns = [str(c) for c in cases.columns]
        header = [_CASE_HEADS.get(c, c) for c in columns]
        data = []
        for row in cases.itertuples(index=False):
            values = [_plain(v) for v in row]
            for j, c in enumerate(columns):
                if c in ("status", "node") and isinstance(values[j], str):
                    values[j] = status_name(values[j], "zh")
            data.append(values)
        write_table(out, header, data, sheet="在办件")
        say(f"写入 written: {out}")
    return 0


def irregularities(
    file: Path,
    /,
    *,
    catalog: _Catalog = None,
    out: Path | None = None,
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
) -> int:
    """违规办件线索。Irregular handling found in the records (exit 1 when any is found).

    Example 示例: govservice irregularities 五月办件.xlsx --catalog 事项目录.xlsx

    Args:
        file: 办件文件 The records file.
        catalog: 事项目录 (for 明进暗不进, listed but not entered).
        out: 输出文件 .xlsx or .csv with every finding.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
    """
    from govservice._tabular import write_table
    from govservice.metrics import find_irregularities

    records, cal, cat = _read(file, calendar, catalog, sheet, center, out)
    found = find_irregularities(records, cat, locale="zh_CN", calendar=cal)
    columns = ["rule", "case_id", "department", "matter_code", "evidence"]
    rows = [[_plain(r[c]) for c in columns] for _, r in found.iterrows()]
    header = ["规则 rule", "办件编号 case", "部门 department", "事项 matter", "依据 evidence"]
    table(f"{len(rows)} 条线索 findings", header, rows)
    if out is not None:
        write_table(out, [h.split()[0] for h in header], rows, sheet="违规线索")
        say(f"写入 written: {out}")
    if rows:
        raise DataProblems(1)
    return 0


def report(
    file: Path,
    /,
    *,
    month: str,
    out: Path,
    catalog: _Catalog = None,
    locale: str = "zh_CN",
    sheet: _Sheet = None,
    center: _Center = None,
    calendar: _Cal = None,
    generated_on: str | None = None,
) -> int:
    """月度报告。The month's report: HTML page, tables as CSV, JSON and one .xlsx, PNG charts.

    Example 示例: govservice report 五月办件.xlsx --month 2025-05 --catalog 事项目录.xlsx --out 五月报告

    Args:
        file: 办件文件 The records file.
        month: 月份 The month, such as 2025-05.
        out: 输出目录 The directory to write.
        catalog: 事项目录.
        locale: 语言 zh_CN, zh_TW or en.
        sheet: 工作表.
        center: 中心名称.
        calendar: 日历文件 Calendar file.
        generated_on: 生成日期 The day printed on the page as made, such as 2025-06-03.
    """
    from govservice.metrics import monthly_report

    year, number = parse_month(month)
    made = None if generated_on is None else parse_day(generated_on, "--generated-on")
    loc = locale_option(locale)
    with progress("读取 reading", 3) as advance:
        records, cal, cat = _read(file, calendar, catalog, sheet, center)
        advance("计算 computing")
        try:
            result = monthly_report(records, dt.date(year, number, 1), out_dir=out, locale=loc,
                                    catalog=cat, calendar=cal, generated_on=made)  # fmt: skip
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        advance("写入 writing")
        advance()
    say(f"写入 written: {result.html}")
    for name in sorted(result.files):
        say(f"  {result.files[name]}")
    return 0
