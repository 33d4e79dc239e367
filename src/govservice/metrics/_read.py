"""`read_records`: case records from a county export (CSV or workbook) or a DataFrame.

County staff get their month's case records from the provincial platform as CSV or .xlsx,
often saved by WPS in GB18030, with Chinese headers, merged title rows and values written many
ways. This module maps the headers onto the record schema by a table of aliases, reads each
value the way people write it, and reports every problem of the file at once with its sheet,
row and column. Each distinct cell text is parsed once (county files repeat their values a
lot), so a million rows cost little more than the bare read.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from govservice._errors import (
    CalendarCoverageError,
    CellProblem,
    InvalidValueError,
    RecordFileError,
)
from govservice._tabular import Coded, Table, read_table, unneutralise
from govservice.calendar import LimitUnit, TimeLimit, deadline
from govservice.matters import CaseKind, Catalog, CenterLevel, classify
from govservice.metrics._records import RECORD_COLUMNS, findings
from govservice.metrics._table import NAT, RecordColumns, pandas

if TYPE_CHECKING:
    import numpy.typing as npt

    from govservice.calendar import WorkCalendar

__all__ = ["HEADER_ALIASES", "VALUE_LABELS", "read_records"]

_ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": ("办件编号", "办件流水号", "受理编号", "办件号", "申报号", "流水号"),
    "applicant_id": ("申请人", "申请人证件号码", "申请人名称", "申请人姓名", "证件号码"),
    "center": ("服务中心", "政务服务中心", "中心", "中心名称"),
    "level": ("层级", "中心层级", "行使层级"),
    "department": ("实施部门", "部门", "办理部门", "承办部门", "实施主体"),
    "window": ("受理窗口", "窗口", "窗口名称"),
    "matter_code": ("事项编码", "实施编码", "事项实施编码", "业务办理项编码"),
    "kind": ("办件类型", "事项类型(办件)", "件类型"),
    "channel": ("申请方式", "申报渠道", "申请渠道", "办理渠道"),
    "accepted_in": ("受理地点", "受理场所"),
    "submitted_at": ("申请时间", "收件时间", "申报时间", "提交时间"),
    "accepted_at": ("受理时间",),
    "decided_at": ("决定时间", "审批时间", "审批决定时间"),
    "completed_at": ("办结时间", "完成时间"),
    "outcome": ("办理结果", "办结结果", "审批结果"),
    "committed_due": ("承诺办结时间", "承诺办结日期", "承诺到期时间"),
    "statutory_due": ("法定办结时间", "法定办结日期", "法定到期时间"),
    "committed_working_days": ("承诺时限", "承诺办结时限", "承诺期限"),
    "statutory_working_days": ("法定时限", "法定办结时限", "法定期限"),
    "suspended_working_days": ("特别程序天数", "暂停天数", "特别程序时长", "挂起天数"),
    "visits": ("跑动次数", "到现场次数"),
    "on_site": ("是否当场办结", "当场办结"),
    "rating": ("评价", "好差评", "满意度", "评价结果"),
    "complaint": ("是否投诉", "投诉"),
}

#: Header -> record column: the headers county exports use (see the glossary §4.5), and the
#: column ids themselves. Override or extend it with ``read_records(columns={...})``.
HEADER_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{c.name: c.name for c in RECORD_COLUMNS},
        **{alias: column for column, aliases in _ALIASES.items() for alias in aliases},
    }
)

# fmt: off
#: Column -> label -> value: the words county staff write for the schema's values.
VALUE_LABELS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "level": MappingProxyType(
            {
                **{v.value: v.value for v in CenterLevel},
                "省级": "province",
                "省": "province",
                "市级": "city",
                "市": "city",
                "地市级": "city",
                "县级": "county",
                "县(区)级": "county",
                "区级": "county",
                "县": "county",
                "县区级": "county",
                "乡镇(街道)": "township",
                "乡镇级": "township",
                "乡镇": "township",
                "街道": "township",
                "村(社区)": "village",
                "村级": "village",
                "村": "village",
                "社区": "village",
            }
        ),
        "kind": MappingProxyType(
            {
                **{v.value: v.value for v in CaseKind},
                "即办件": "immediate",
                "即办": "immediate",
                "承诺件": "committed",
                "一般件": "committed",
                "联办件": "joint",
                "上报件": "reported",
                "特办件": "special",
                "退回件": "returned",
                "补办件": "supplementary",
            }
        ),
        "channel": MappingProxyType(
            {
                "online": "online",
                "window": "window",
                "网上": "online",
                "网办": "online",
                "网上申请": "online",
                "网上办理": "online",
                "线上": "online",
                "在线": "online",
                "掌上办": "online",
                "窗口": "window",
                "窗口申请": "window",
                "现场": "window",
                "线下": "window",
                "大厅": "window",
            }
        ),
        "accepted_in": MappingProxyType(
            {
                "center": "center",
                "department": "department",
                "中心": "center",
                "大厅": "center",
                "政务服务中心": "center",
                "服务中心": "center",
                "部门": "department",
                "部门受理": "department",
            }
        ),
        "outcome": MappingProxyType(
            {
                "approved": "approved",
                "denied": "denied",
                "withdrawn": "withdrawn",
                "returned": "returned",
                "准予许可": "approved",
                "办结": "approved",
                "准予": "approved",
                "同意": "approved",
                "批准": "approved",
                "通过": "approved",
                "不予许可": "denied",
                "不予批准": "denied",
                "不同意": "denied",
                "撤回": "withdrawn",
                "撤件": "withdrawn",
                "申请人撤回": "withdrawn",
                "退回": "returned",
                "不予受理": "returned",
            }
        ),
        "rating": MappingProxyType(
            {
                "非常满意": 5,
                "满意": 4,
                "基本满意": 3,
                "不满意": 2,
                "非常不满意": 1,
                "1": 1,
                "2": 2,
                "3": 3,
                "4": 4,
                "5": 5,
            }
        ),
    }
)

# fmt: on

_TRUE = frozenset({"是", "true", "yes", "y", "1", "√", "有", "已投诉", "当场办结"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "×", "无", "未投诉", ""})
_TYPES = {c.name: c.type for c in RECORD_COLUMNS}
_NULLABLE = {c.name: c.nullable for c in RECORD_COLUMNS}
_EPOCH = dt.date(1970, 1, 1).toordinal()
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - a naive wall time, made local below
_SERIAL = re.compile(r"\d{5}(\.\d+)?")
_YMD = re.compile(
    r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]*(?P<H>\d{1,2})\s*(?:[:：]|时|点)\s*(?P<M>\d{1,2})\s*分?"
    r"(?:\s*(?:[:：])?\s*(?P<S>\d{1,2})(?:\.(?P<f>\d{1,6}))?\s*秒?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:[ T]?(?P<H>\d{2}):?(?P<M>\d{2}))?")
_DMY = re.compile(
    r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{2}|\d{4})"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_INT = re.compile(r"(?P<n>-?\d+)(?:\.0+)?\s*(?:次|天|日|个工作日|工作日)?")
_DATE_FORMS = "a date such as 2025-03-05, 2025/3/5, 2025年3月5日 or an Excel date"
_INSTANT_FORMS = (
    "a date and time such as 2025-03-05 09:30, 2025/3/5 9:30:00 or 2025年3月5日 9时30分"
)


_CELL: Any = object()  # report the cell's own value
#: Columns a sheet may lack, and the columns they are then worked out from (first named first).
_DERIVED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "committed_due": ("committed_working_days", "accepted_at", "suspended_working_days"),
        "statutory_due": ("statutory_working_days", "accepted_at", "suspended_working_days"),
        "committed_working_days": ("matter_code",),
        "statutory_working_days": ("matter_code",),
        "kind": ("matter_code",),
        "department": ("matter_code",),
        "level": ("matter_code",),
        "submitted_at": ("accepted_at",),
        "visits": ("channel",),
        "on_site": ("accepted_at", "completed_at", "kind", "channel"),
    }
)
_LIMIT_OF = {"committed_due": "committed_working_days", "statutory_due": "statutory_working_days"}


def _blank(cell: object) -> bool:
    return _missing(cell) or (isinstance(cell, str) and not cell.strip())


class _BadCellError(Exception):
    """A cell that cannot be read: the problem's id and what was expected."""

    def __init__(self, kind: str, expected: str) -> None:
        super().__init__(kind, expected)
        self.kind, self.expected = kind, expected


def _norm(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    return unneutralise(text)


def _clock(m: re.Match[str]) -> tuple[int, int, int, int]:
    hour = int(m.group("H") or 0)
    minute = int(m.group("M") or 0)
    second = int(m.groupdict().get("S") or 0)
    micro = int((m.groupdict().get("f") or "0").ljust(6, "0"))
    return hour, minute, second, micro


def _moment(cell: object, *, zone: dt.tzinfo, date_only: bool) -> dt.datetime:
    """A cell as an aware instant (naive values local to ``zone``); _BadCellError if unreadable."""
    forms = _DATE_FORMS if date_only else _INSTANT_FORMS
    if isinstance(cell, dt.datetime):
        return cell if cell.tzinfo is not None else cell.replace(tzinfo=zone)
    if isinstance(cell, dt.date):
        return dt.datetime(cell.year, cell.month, cell.day, tzinfo=zone)
    if isinstance(cell, bool):
        raise _BadCellError("bad_date", forms)
    if isinstance(cell, int | float) or (isinstance(cell, str) and _SERIAL.fullmatch(cell)):
        serial = float(cell)
        if not 10_000 <= serial <= 200_000:
            raise _BadCellError("bad_date", forms)
        naive = _EXCEL_EPOCH + dt.timedelta(days=serial)
        naive = naive.replace(microsecond=0) + dt.timedelta(seconds=round(naive.microsecond / 1e6))
        return naive.replace(tzinfo=zone)
    text = _norm(cell)
    m = _YMD.fullmatch(text) or _COMPACT.fullmatch(text)
    try:
        if m is not None:
            year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            hour, minute, second, micro = _clock(m)
            tz = m.groupdict().get("tz")
            if tz:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                return dt.datetime(
                    year, month, day, hour, minute, second, micro,
                    tzinfo=dt.timezone(sign * offset),
                )  # fmt: skip
            return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
        d = _DMY.fullmatch(text)
        if d is not None:
            a, b, y = int(d.group("a")), int(d.group("b")), d.group("y")
            if len(y) == 2 or (a <= 12 and b <= 12 and a != b):
                raise _BadCellError(
                    "ambiguous_date",
                    "a date with the year first (2025-03-05): day and month could be swapped",
                )
            month, day = (a, b) if b > 12 else (b, a)
            hour, minute, second, _ = _clock(d)
            return dt.datetime(int(y), month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise _BadCellError("bad_date", forms) from None
    raise _BadCellError("bad_date", forms)


def _limit_days(cell: object) -> TimeLimit:
    if isinstance(cell, bool):
        raise _BadCellError("bad_limit", "a time limit such as 20个工作日, 5天, 即办 or a number")
    if isinstance(cell, int | float):
        if float(cell) != int(cell) or cell < 0:
            raise _BadCellError("bad_limit", "a whole number of working days")
        return TimeLimit.immediate() if int(cell) == 0 else TimeLimit.working_days(int(cell))
    text = _norm(cell)
    if re.fullmatch(r"\d+(\.0+)?", text):
        n = int(float(text))
        return TimeLimit.immediate() if n == 0 else TimeLimit.working_days(n)
    try:
        return TimeLimit.parse(text)
    except InvalidValueError as exc:
        raise _BadCellError(
            "bad_limit", "a time limit such as 20个工作日, 5天, 即办: " + exc.expected
        ) from None


def _integer(cell: object) -> int:
    if isinstance(cell, bool):
        raise _BadCellError("bad_number", "a whole number such as 2")
    if isinstance(cell, int | float):
        if float(cell) != int(cell):
            raise _BadCellError("bad_number", "a whole number such as 2")
        return int(cell)
    m = _INT.fullmatch(_norm(cell))
    if m is None:
        raise _BadCellError("bad_number", "a whole number such as 2 (full-width digits are fine)")
    return int(m.group("n"))


def _flag(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = _norm(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _BadCellError("bad_value", "是 or 否")


def _labelled(column: str) -> Callable[[object], Any]:
    labels = VALUE_LABELS[column]
    shown = "、".join(k for k in labels if not k.isascii())[:80] or ", ".join(labels)
    numbers = sorted(int(k) for k in labels if k.isdigit())  # a grade may be given as 1..5
    expected = f"one of {shown}"
    if numbers and len(numbers) < len(labels):
        expected = f"{numbers[0]}..{numbers[-1]} or one of {shown}"

    def read(cell: object) -> Any:
        if isinstance(cell, float) and cell == int(cell):
            cell = int(cell)
        text = _norm(cell)
        key = text if text in labels else text.lower()
        if key not in labels:
            raise _BadCellError("bad_value", expected)
        return labels[key]

    return read


_SLOW = frozenset({" ", "'", "\t", "\u3000"})  # text cells that need stripping or unneutralising


def _text(cell: object) -> str:
    if isinstance(cell, str) and not cell.startswith((" ", "'")) and not cell.endswith(" "):
        return cell  # the common case, fast
    if isinstance(cell, float) and cell == int(cell):
        return str(int(cell))  # an id that Excel stored as a number
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return unneutralise(str(cell).strip())


def _plain_texts(cells: list[Any]) -> bool:
    """Whether every cell is a non-empty text that `_text` keeps as it is, looked at in bulk.

    The cells are joined with NUL between them: a cell starting or ending with one of
    `_SLOW`, or an empty one, shows as NUL next to it (a NUL inside a cell can only make
    the answer False, which is safe: each cell is then looked at on its own).
    """
    if not cells:
        return True
    try:
        joined = "\0".join(cells)
    except TypeError:  # not all text
        return False
    if not cells[0] or not cells[-1] or "\0\0" in joined:
        return False
    for ch in _SLOW:
        if joined.startswith(ch) or joined.endswith(ch) or "\0" + ch in joined:
            return False
        if ch + "\0" in joined:
            return False
    return True


def _source_of(source: object, sheet: str | None = None) -> Table:
    if isinstance(source, str | os.PathLike):
        return read_table(source, sheet=sheet, known=set(HEADER_ALIASES), factorized=True)
    module = type(source).__module__.split(".")[0]
    if module == "pandas" and type(source).__name__ == "DataFrame":
        frame: Any = source
        header = tuple(str(c).strip() for c in frame.columns)
        columns = tuple(
            [None if _missing(v) else v for v in frame[c].tolist()] for c in frame.columns
        )
        return Table("<DataFrame>", "", None, 0, header, columns, tuple(range(1, len(frame) + 1)))
    raise InvalidValueError(
        "source", type(source).__name__, "a file path (.csv, .xlsx, .xls, .ods) or a DataFrame"
    )


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NaTType", "NAType")


def read_records(
    source: object,
    *,
    calendar: WorkCalendar,
    catalog: Catalog | None = None,
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, object] | None = None,
    sheet: str | None = None,
) -> Any:
    r"""Case records (a DataFrame in the record schema) from a county export or a DataFrame.

    The front door for case records. Headers are mapped onto the schema by `HEADER_ALIASES`
    (办件编号, 受理时间, 办结时间, 承诺时限, 满意度 ...; ``columns`` adds or overrides
    entries) and values are read as county staff write them:

    - dates and times: ``2025/3/5``, ``2025-3-5``, ``2025年3月5日``, ``20250305``, with a
      time with or without seconds (``9:30``, ``9时30分``), Excel serial numbers and real
      workbook dates; full-width digits too. A date that could be read two ways
      (``03/05/2025``, or a two-digit year) is a problem, not a guess. Naive times are local
      to the calendar's time zone (Asia/Shanghai for `china`), never UTC.
    - limits (承诺时限, 法定时限): ``20个工作日``, ``5天``, ``即办`` or a number of working
      days, through `TimeLimit.parse`; a limit in calendar days becomes the working days up
      to its due date.
    - labels: 县级, 即办件, 网上, 准予许可, 非常满意 ... (see `VALUE_LABELS`); 是/否 flags.
    - title rows above the header and blank rows are skipped.

    Columns missing from the file take their value from ``defaults``, then, with a
    ``catalog``, from the matter (kind by `classify`, department, level, committed and
    statutory limits), then the schema's documented defaults (convention): ``submitted_at`` the
    acceptance time (exports often give only 受理时间), ``accepted_in`` center,
    ``suspended_working_days`` 0, ``visits`` 1 at a window and 0 online, ``on_site`` for an
    immediate case completed at a window on its acceptance day, no complaint. Missing due
    dates are the limit (plus suspended working days) after the acceptance date. The
    records are then checked as `check_records` checks them.

    The detected encoding, sheet and header row are in ``frame.attrs["source"]``.

    Args:
        source: A ``.csv`` (UTF-8, UTF-8 with BOM or GB18030), ``.xlsx``, ``.xls`` or
            ``.ods`` file, or a pandas DataFrame with such headers and values.
        calendar: The working-day calendar; its time zone is where naive times are.
        catalog: The catalogue the matters come from; fills what the file does not give.
        columns: Header -> record column, on top of `HEADER_ALIASES`.
        defaults: Record column -> the value for every row, for columns the file lacks
            (``{"center": "某县政务服务中心"}``).
        sheet: The workbook's sheet (by default the first with a known header).

    Returns:
        A pandas DataFrame typed as `frame_from_rows` types records; headers that map to no
        column are kept as they are.

    Raises:
        RecordFileError: Every problem of the file at once, each with its sheet, row and
            column (a `RecordError`).
        InvalidValueError: The file cannot be read (not found, unknown encoding, no header).

    Examples:
        >>> import pathlib, tempfile
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> tmp = tempfile.TemporaryDirectory()
        >>> path = pathlib.Path(tmp.name) / "五月.csv"
        >>> _ = path.write_bytes(
        ...     "某县政务服务中心2025年5月办件明细\n"
        ...     "办件编号,申请人,服务中心,事项编码,申请方式,申请时间,受理时间,办结时间,"
        ...     "办理结果,满意度\n"
        ...     "A001,张三,某县中心,990102-SJJ-003,窗口,2025/5/6 17:20,2025/5/6 17:30,"
        ...     "2025年5月8日 10时05分,准予许可,非常满意\n".encode("gb18030"))
        >>> records = read_records(path, calendar=china(), catalog=sample_catalog())
        >>> row = records.iloc[0]
        >>> str(row["accepted_at"]), row["kind"], int(row["rating"]), row["level"]
        ('2025-05-06 09:30:00+00:00', 'committed', 5, 'county')
        >>> records.attrs["source"]["encoding"]
        'gb18030'
        >>> tmp.cleanup()
    """
    pd = pandas()
    from govservice._zones import zone as _zone

    zone = _zone(calendar.office_hours.timezone)
    table = _source_of(source, sheet)
    aliases = {**HEADER_ALIASES, **(dict(columns) if columns else {})}
    problems: list[CellProblem] = [
        CellProblem.of("bad_row", table.source, table.sheet, row, "", what, "one cell per column")
        for row, what in table.problems
    ]
    n = len(table)
    mapped: dict[str, int] = {}
    extra: dict[str, int] = {}
    for i, head in enumerate(table.header):
        target = aliases.get(head) or aliases.get(unicodedata.normalize("NFKC", head))
        if not head:
            continue
        if target is None:
            extra[head] = i
        elif target in mapped:
            problems.append(
                CellProblem.of(
                    "duplicate_column", table.source, table.sheet, table.header_row, head,
                    table.header[mapped[target]], f"one header for {target}",
                )
            )  # fmt: skip
        else:
            mapped[target] = i

    reported: dict[str, set[int]] = {}  # record column -> rows whose cell is reported
    unmatched: set[int] = set()  # rows whose matter code the catalogue does not have

    def sources(column: str) -> tuple[str, ...]:
        """The columns a column the sheet lacks is worked out from (none for a read one)."""
        return () if column in mapped else _DERIVED.get(column, ())

    def spoiled(column: str, r: int) -> bool:
        """Whether row r's cell of the column, or one it was worked out from, is reported.

        A matter code not in the catalogue counts as reported (unknown_matter names it): a
        problem in a cell worked out from it would only repeat that one.
        """
        return r in reported.get(column, ()) or any(
            spoiled(s, r) or (s == "matter_code" and r in unmatched) for s in sources(column)
        )

    def cell_of(column: str, r: int) -> int | None:
        """The sheet column showing row r's value of a record column, if any.

        The column's own, or for a column the sheet lacks the first filled cell it was
        worked out from (the limit, else the acceptance, for a due date).
        """
        if column in mapped:
            return mapped[column]
        found = None
        for source in sources(column):
            i = mapped.get(source)
            if i is not None and not _blank(table.columns[i][r]):
                return i
            found = i if found is None else found
        return found

    def report(
        kind: str,
        column: str,
        rows: npt.NDArray[np.int64],
        value: object = _CELL,
        exp: str = "",
        *,
        mark: bool = True,
    ) -> None:
        """One problem per row, named by the sheet's header and (by default) the cell's value.

        ``mark``: the cell is spoiled for later checks (unreadable, missing, past the
        calendar); a consistency check's finding is not, so each check reports its own.
        """
        for r in rows.tolist():
            if kind == "missing_value" and spoiled(column, r):
                continue  # the cell (or its source) was reported as unreadable already
            if mark:
                reported.setdefault(column, set()).add(r)
            i = cell_of(column, r)
            head = column if i is None else table.header[i]
            shown = value if value is not _CELL else None if i is None else table.columns[i][r]
            problems.append(
                CellProblem.of(
                    kind, table.source, table.sheet, table.rows[r], head,
                    None if _missing(shown) else shown, exp,
                )
            )  # fmt: skip

    def parse(column: str, read: Callable[[object], Any]) -> tuple[list[Any], npt.NDArray[Any]]:
        """Each distinct cell parsed once: the values of the uniques and each row's code."""
        cells: Any = table.columns[mapped[column]]
        if isinstance(cells, Coded):  # factorized while the CSV was parsed
            codes, uniques = cells.codes, cells.uniques
        else:
            codes, uniques = pd.factorize(np.asarray(cells, dtype=object), use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        cells_list = uniques if isinstance(uniques, list) else uniques.tolist()
        if read is _text:  # ids and names, often one per row: no per-cell try, no report
            if _plain_texts(cells_list):
                distinct.add(column)  # the distinct texts as they are: no two read the same
                return list(cells_list), codes
            texts = list(cells_list)
            slow = [
                j
                for j, c in enumerate(texts)
                if not c or not isinstance(c, str) or c[:1] in _SLOW or c[-1:] in _SLOW
            ]
            for j in slow:
                texts[j] = _text(texts[j]) or None
            if not slow:
                distinct.add(column)  # the distinct texts as they are: no two read the same
            return texts, codes
        values: list[Any] = []
        for j, cell in enumerate(cells_list):
            if isinstance(cell, str) and not cell.strip():
                values.append(None)
                continue
            try:
                values.append(read(cell))
            except _BadCellError as bad:
                values.append(None)
                report(bad.kind, column, np.flatnonzero(codes == j), cell, bad.expected)
        return values, codes

    out: dict[str, Any] = {}
    parsed: _Parsed = {}  # the text columns as read: (column, distinct values, codes)
    distinct: set[str] = set()  # text columns whose values are distinct and present
    limits: dict[str, list[TimeLimit | None]] = {}
    limit_codes: dict[str, npt.NDArray[Any]] = {}
    for name, kind in _TYPES.items():
        if name not in mapped:
            continue
        if kind in ("instant", "date"):
            date_only = kind == "date"
            values, codes = parse(name, functools.partial(_moment, zone=zone, date_only=date_only))
            if date_only:
                lut = np.array(
                    [NAT if v is None else v.date().toordinal() - _EPOCH for v in values] + [NAT],
                    dtype=np.int64,
                )
            else:
                lut = np.array(
                    [NAT if v is None else _ns(v) for v in values] + [NAT], dtype=np.int64
                )
            out[name] = lut[codes]  # code -1 (missing) takes the last entry, NaT
        elif name in ("committed_working_days", "statutory_working_days"):
            values, codes = parse(name, _limit_days)
            limits[name], limit_codes[name] = values, codes
        elif kind == "int":
            read = _labelled("rating") if name == "rating" else _integer
            values, codes = parse(name, read)
            lut_f = np.array([np.nan if v is None else v for v in values] + [np.nan], float)
            out[name] = lut_f[codes]
        elif kind == "bool":
            values, codes = parse(name, _flag)
            lut_o = np.array([*values, None], dtype=object)
            out[name] = lut_o[codes]
        elif name in VALUE_LABELS:
            values, codes = parse(name, _labelled(name))
            out[name] = np.array([*values, None], dtype=object)[codes]
            parsed[name] = (out[name], values, codes)
        else:
            values, codes = parse(name, _text)
            out[name] = np.array([*values, None], dtype=object)[codes]
            parsed[name] = (out[name], values, codes)

    filled = _fill(out, limits, limit_codes, n, calendar, catalog, dict(defaults or {}), parsed)
    for kind, name, rows, expected in filled:
        # a due date the sheet gives itself: it is the limit that could not be counted
        report(kind, _LIMIT_OF[name] if name in mapped else name, rows, exp=expected)
    if catalog is not None and "matter_code" in out:
        m_codes, m_uniques = pd.factorize(out["matter_code"], use_na_sentinel=True)
        lacking = [j for j, code in enumerate(m_uniques.tolist()) if code not in catalog]
        unmatched.update(np.flatnonzero(np.isin(m_codes, lacking)).tolist())
    missing_cols = [c.name for c in RECORD_COLUMNS if not c.nullable and c.name not in out]
    for name in missing_cols:
        names = "、".join(a for a, col in aliases.items() if col == name and not a.isascii())
        problems.append(
            CellProblem.of(
                "missing_column", table.source, table.sheet, table.header_row, name, None,
                f"a column {names or name} (or read_records(defaults={{{name!r}: ...}}))",
            )
        )  # fmt: skip
    for name in (c.name for c in RECORD_COLUMNS if not c.nullable):
        if name in out and name not in ("on_site", "complaint"):
            col = out[name]
            empty = (
                col == NAT if col.dtype == np.int64 else _nulls(col, _as_read(out, parsed, name))
            )
            report("missing_value", name, np.flatnonzero(empty), None, "a value (required)")

    frame = _frame(pd, out, n)
    for head, i in extra.items():
        frame[head] = [None if _missing(v) else v for v in table.columns[i]]
    frame.attrs["source"] = {
        "file": table.source,
        "sheet": table.sheet,
        "encoding": table.encoding,
        "header_row": table.header_row,
    }
    if not missing_cols:
        # The checks of check_records on every row, each problem named by its own cell: a
        # row is left out of a check only where a cell the check reads was reported already
        # (an unreadable date would only repeat its problem as an inconsistency).
        known = {
            name: _factorized(values, codes, name in distinct)
            for name, (column, values, codes) in parsed.items()
            if out[name] is column  # not filled in since it was read
        }
        for f in findings(_ReadColumns(frame, calendar, known), catalog):
            kept = [
                r
                for r in np.flatnonzero(f.mask).tolist()
                if not any(spoiled(c, r) for c in (f.column, *f.reads))
            ]
            exp = "a value (required)" if f.kind == "missing_value" else f.expected
            report(f.kind, f.column, np.array(kept, dtype=np.int64), exp=exp, mark=False)
    if problems:
        problems.sort(key=lambda p: (p.row == 0, p.row))
        raise RecordFileError(problems, n)
    return frame


_Parsed = dict[str, tuple[Any, list[Any], "npt.NDArray[np.int64]"]]


def _as_read(
    out: Mapping[str, Any], parsed: _Parsed, name: str
) -> tuple[list[Any], npt.NDArray[np.int64]] | None:
    """A column's parsed values and codes, if the column is still as it was read."""
    entry = parsed.get(name)
    if entry is None or out.get(name) is not entry[0]:
        return None
    return entry[1], entry[2]


def _nulls(
    col: npt.NDArray[Any], read: tuple[list[Any], npt.NDArray[np.int64]] | None = None
) -> npt.NDArray[np.bool_]:
    if read is not None:  # null per distinct value, then per row (code -1: a blank cell)
        values, codes = read
        return np.array([v is None for v in values] + [True], dtype=np.bool_)[codes]
    if col.dtype.kind == "f":
        return np.asarray(np.isnan(col), dtype=np.bool_)
    # Object columns hold str/bool/None: the nulls among them, in C (no hashing of the texts).
    return np.asarray(pandas().isna(col), dtype=np.bool_)


def _factorized(
    values: list[Any], codes: npt.NDArray[np.int64], distinct: bool = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
    """A parsed column as `RecordColumns.codes` gives it: distinct non-null values, -1 for null.

    Distinct cell texts can read as the same value (" 县级" and "县级"); they share a code.
    ``distinct``: the values are known to be distinct and none is null (ids as read).
    """
    if distinct:
        uniques = np.empty(len(values), dtype=object)
        uniques[:] = values
        return codes, uniques
    index: dict[Any, int] = {}
    remap = [-1 if v is None else index.setdefault(v, len(index)) for v in values]
    uniques = np.empty(len(index), dtype=object)
    uniques[:] = list(index)
    return np.array([*remap, -1], dtype=np.int64)[codes], uniques


class _ReadColumns(RecordColumns):
    """The columns `check_records` checks, with the codes of the text columns already read.

    read_records has each text column as codes into its distinct values from parsing the
    file; handing them over spares hashing a million case ids again. Every check still runs
    on them; columns not in ``known`` are read as any `RecordColumns` reads them.
    """

    def __init__(
        self,
        records: object,
        calendar: WorkCalendar,
        known: Mapping[str, tuple[npt.NDArray[np.int64], npt.NDArray[Any]]],
    ) -> None:
        super().__init__(records, calendar)
        self._known = dict(known)

    def codes(self, name: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any]]:
        """The column's codes and distinct values (from reading, where the reader has them)."""
        found = self._known.get(name)
        return found if found is not None else super().codes(name)

    def missing(self, name: str) -> npt.NDArray[np.bool_]:
        """Which values are missing (code -1, where the reader has the codes)."""
        found = self._known.get(name)
        return found[0] < 0 if found is not None else super().missing(name)


def _ns(moment: dt.datetime) -> int:
    delta = moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 10**9 + delta.microseconds * 1000


def _local_days(ns: npt.NDArray[np.int64], zone: dt.tzinfo) -> npt.NDArray[np.int64]:
    """Local calendar days (since the epoch) of UTC nanoseconds; NaT stays NaT."""
    out = np.full(ns.shape, NAT, dtype=np.int64)
    present = ns != NAT
    if not present.any():
        return out
    inverse, uniq = pandas().factorize(ns[present] // (3600 * 10**9))  # hashed, not sorted
    days = np.array(
        [
            (dt.datetime.fromtimestamp(int(h) * 3600, tz=zone).date().toordinal() - _EPOCH)
            for h in uniq.tolist()
        ],
        dtype=np.int64,
    )
    out[present] = days[inverse]
    return out


def _fill(
    out: dict[str, Any],
    limits: dict[str, list[TimeLimit | None]],
    limit_codes: dict[str, npt.NDArray[Any]],
    n: int,
    calendar: WorkCalendar,
    catalog: Catalog | None,
    defaults: dict[str, object],
    parsed: _Parsed | None = None,
) -> list[tuple[str, str, npt.NDArray[np.int64], str]]:
    """Fill columns the file lacks; return the cells that cannot be derived, by problem kind."""
    parsed = parsed or {}
    from govservice._zones import zone as _zone

    missing: list[tuple[str, str, npt.NDArray[np.int64], str]] = []
    for name, value in defaults.items():
        if name not in _TYPES:
            raise InvalidValueError("defaults", name, "record columns of RECORD_COLUMNS")
        if name not in out:
            out[name] = np.array([value] * n, dtype=object)
    if catalog is not None and "matter_code" in out:
        # Per distinct matter code, not per row: a county month has a few hundred matters.
        m_codes, m_uniques = pandas().factorize(out["matter_code"], use_na_sentinel=True)
        m_codes = np.asarray(m_codes, dtype=np.int64)
        matters = [catalog[c] if c in catalog else None for c in m_uniques.tolist()]  # noqa: SIM401
        for name, get in (
            ("department", lambda m: m.department),
            ("level", lambda m: m.level.value),
            ("kind", lambda m: classify(m).kind.value),
        ):
            lut = np.array([*(None if m is None else get(m) for m in matters), None], object)
            derived = lut[m_codes]
            if name not in out:
                out[name] = derived
            else:
                holes = _nulls(out[name], _as_read(out, parsed, name))
                out[name] = np.where(holes, derived, out[name])
        for name, attr in (
            ("committed_working_days", "committed_limit"),
            ("statutory_working_days", "statutory_limit"),
        ):
            from_cat = [None if m is None else getattr(m, attr) for m in matters]
            if name not in limits:
                limits[name], limit_codes[name] = from_cat, m_codes
            else:
                # Distinct (file limit, catalogue limit) pairs: the file's wins where it has one.
                own, codes = limits[name], limit_codes[name]
                pair = codes * (len(from_cat) + 1) + m_codes + 1
                p_uniques, p_codes = pandas().factorize(pair)  # hashed, not sorted
                merged = []
                for key in p_codes.tolist():
                    c, m = divmod(key, len(from_cat) + 1)
                    mine = own[c] if c >= 0 else None
                    merged.append(mine if mine is not None else (from_cat[m - 1] if m else None))
                limits[name], limit_codes[name] = merged, np.asarray(p_uniques, dtype=np.int64)
    if "submitted_at" not in out and "accepted_at" in out:
        out["submitted_at"] = out["accepted_at"].copy()  # an export without 申请时间 (convention)
    if "accepted_in" not in out:
        out["accepted_in"] = np.array(["center"] * n, dtype=object)
    if "suspended_working_days" not in out:
        out["suspended_working_days"] = np.zeros(n)
    if "complaint" not in out:
        out["complaint"] = np.zeros(n, dtype=object)
        out["complaint"][:] = False
    if "visits" not in out and "channel" in out:
        out["visits"] = np.where(out["channel"] == "online", 0.0, 1.0)
        out["visits"][_nulls(out["channel"], _as_read(out, parsed, "channel"))] = np.nan

    # Limits in working days: the amount of a working-day limit, 0 for an immediate one, and
    # for other units the working days from the acceptance date to the limit's due date.
    accepted = out.get("accepted_at", np.full(n, NAT, dtype=np.int64))
    zone = _zone(calendar.office_hours.timezone)
    acc_day = _local_days(accepted, zone)
    suspended = np.nan_to_num(np.asarray(out["suspended_working_days"], dtype=float)).astype(
        np.int64
    )
    for name, due_name in (
        ("committed_working_days", "committed_due"),
        ("statutory_working_days", "statutory_due"),
    ):
        if name not in limits:
            continue
        values, codes = limits[name], limit_codes[name]
        lut = np.array(
            [
                np.nan
                if v is None or v.unit not in (LimitUnit.WORKING_DAYS, LimitUnit.IMMEDIATE)
                else (v.amount if v.unit is LimitUnit.WORKING_DAYS else 0)
                for v in values
            ]
            + [np.nan]
        )
        days = lut[codes]
        other = [j for j, v in enumerate(values) if v is not None and np.isnan(lut[j])]
        beyond: list[int] = []  # rows whose due date the calendar cannot count
        for r in np.flatnonzero(np.isin(codes, other)).tolist():
            limit = values[int(codes[r])]
            if acc_day[r] == NAT or limit is None:
                continue
            start = dt.date.fromordinal(int(acc_day[r]) + _EPOCH)
            try:
                last = deadline(start, limit, calendar).due_date
            except CalendarCoverageError:
                beyond.append(r)
                continue
            days[r] = calendar.working_days_between(start, last)
        out[name] = days
        if due_name not in out:
            out[due_name] = _due_days(calendar, acc_day, days, suspended, beyond)
        if beyond:
            cov = calendar.coverage
            which = due_name.split("_")[0]  # committed or statutory
            missing.append(
                ("beyond_calendar", due_name, np.array(sorted(set(beyond)), dtype=np.int64),
                 f"a {which} due date inside the calendar's coverage {cov.start}..{cov.end} "
                 "(load that year's notice, or read with a provisional calendar)")
            )  # fmt: skip

    if "on_site" not in out:
        done = out.get("completed_at", np.full(n, NAT, dtype=np.int64))
        same_day = (done != NAT) & (acc_day != NAT) & (_local_days(done, zone) == acc_day)
        immediate = out["kind"] == "immediate" if "kind" in out else np.zeros(n, bool)
        window = out["channel"] == "window" if "channel" in out else np.zeros(n, bool)
        out["on_site"] = np.asarray(same_day & immediate & window, dtype=object)
    return missing


def _due_days(
    calendar: WorkCalendar,
    acc_day: npt.NDArray[np.int64],
    days: npt.NDArray[np.float64],
    suspended: npt.NDArray[np.int64],
    beyond: list[int],
) -> npt.NDArray[np.int64]:
    """Due dates (days since 1970, NaT where unknown) of rows with an acceptance and a limit.

    A row the calendar cannot count is added to ``beyond`` and left NaT.
    """
    due = np.full(len(days), NAT, dtype=np.int64)
    ok = (acc_day != NAT) & ~np.isnan(days)
    if not ok.any():
        return due
    rows = np.flatnonzero(ok)
    start_dates = acc_day[ok].astype("datetime64[D]")
    counts = (days[ok] + suspended[ok]).astype(np.int64)
    try:
        ends = calendar.add_working_days(start_dates, counts)
    except CalendarCoverageError:  # some rows run past the calendar: find them one by one
        found = []
        for r, start, count in zip(rows.tolist(), start_dates.tolist(), counts.tolist(),
                                   strict=True):  # fmt: skip
            try:
                found.append(calendar.add_working_days(start, count))
            except CalendarCoverageError:
                beyond.append(r)
                found.append(None)
        kept = [i for i, end in enumerate(found) if end is not None]
        ends = np.array([found[i] for i in kept], dtype="datetime64[D]")
        rows = rows[kept]
    due[rows] = np.asarray(ends, dtype="datetime64[D]").astype(np.int64)
    return due


def _frame(pd: Any, out: dict[str, Any], n: int) -> Any:
    data: dict[str, Any] = {}
    for column in RECORD_COLUMNS:
        if column.name in out:
            values = out[column.name]
        elif column.type in ("instant", "date"):
            values = np.full(n, NAT, dtype=np.int64)
        elif column.type == "int":
            values = np.full(n, np.nan)
        else:
            values = np.full(n, None, dtype=object)
        if column.type == "instant":
            data[column.name] = pd.Series(
                np.asarray(values, dtype=np.int64).view("datetime64[ns]")
            ).dt.tz_localize("UTC")
        elif column.type == "date":
            days = np.asarray(values, dtype=np.int64).view("datetime64[D]")
            data[column.name] = pd.Series(days.astype("datetime64[s]"))
        elif column.type == "int":
            arr = np.asarray(values, dtype=float)
            mask = np.isnan(arr)
            data[column.name] = pd.Series(
                pd.arrays.IntegerArray(np.where(mask, 0, arr).astype(np.int64), mask)
            )
        elif column.type == "bool":
            has_none = bool(pd.isna(values).any())
            data[column.name] = pd.Series(
                values if has_none else np.asarray(values, dtype=bool),
                dtype=object if has_none else bool,
            )
        else:
            data[column.name] = pd.Series(np.asarray(values, dtype=object), dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(n))
