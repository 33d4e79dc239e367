"""Spreadsheets in and out: CSV and workbooks read as county staff save them, written safely.

Reading (`read_table`): ``.xlsx``, ``.xlsm``, ``.xls`` and ``.ods`` through python-calamine;
``.csv`` (and ``.txt``) in UTF-8, UTF-8 with a byte-order mark or GB18030 (a superset of GBK
and GB2312, what WPS and Excel on a Chinese Windows save), the encoding detected and reported.
Title rows above the header (a merged "某某县政务服务中心2025年5月办件明细" row) and blank rows
are skipped; every row keeps its number in the file, so a problem can name its sheet, row and
column.

Writing (`write_csv`, `write_xlsx`, `write_table`): CSV in UTF-8 *with* a byte-order mark, so
Excel and WPS open Chinese correctly, and ``.xlsx`` through xlsxwriter. Both go through THE
formula neutraliser, `neutralise`: a text cell that a spreadsheet would run as a formula (one
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
apostrophe, so text from data never becomes code. `unneutralise` inverts it exactly, so our own
files read back unchanged. Files are written whole to a temporary name and renamed.

Needs the ``sheets`` extra for workbooks (``pip install "govservice[sheets]"``) and pandas
(the ``metrics`` extra) for fast CSV reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from govservice._errors import InvalidValueError
from govservice._extras import optional

__all__ = [
    "ENCODINGS",
    "FORMULA_TRIGGERS",
    "WORKBOOK_SUFFIXES",
    "Coded",
    "Table",
    "csv_text",
    "detect_encoding",
    "neutralise",
    "read_table",
    "unneutralise",
    "write_csv",
    "write_table",
    "write_xlsx",
]

#: The text encodings a CSV is read in, in the order they are tried.
ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
#: What a text cell may start with that a spreadsheet would run as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The workbook formats read through python-calamine.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_ESCAPED = (*FORMULA_TRIGGERS, "'")
_HEADER_SCAN = 30  # rows looked at for the header (title rows above it are skipped)


def neutralise(text: str) -> str:
    r"""Text made safe for a spreadsheet cell: never run as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe (and so does one already starting with an apostrophe, so that `unneutralise`
    gives back exactly the text written).

    Examples:
        >>> neutralise("=HYPERLINK(\"http://x\",\"点我\")")
        '\'=HYPERLINK("http://x","点我")'
        >>> neutralise("张三"), neutralise("-5"), neutralise("'引号")
        ('张三', "'-5", "''引号")
    """
    return "'" + text if text.startswith(_ESCAPED) else text


def unneutralise(text: str) -> str:
    """The text `neutralise` was given: drop the apostrophe it added, nothing else.

    Examples:
        >>> unneutralise("'=1+1"), unneutralise("'abc"), unneutralise("''x")
        ('=1+1', "'abc", "'x")
    """
    if text.startswith("'") and text[1:2] and text[1:].startswith(_ESCAPED):
        return text[1:]
    return text


def detect_encoding(raw: bytes, *, source: str = "<bytes>") -> str:
    r"""The encoding a CSV's bytes are in: ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    Raises:
        InvalidValueError: The bytes are none of them (UTF-16 saved as "Unicode text", or a
            binary file), naming the file and what to save it as instead.

    Examples:
        >>> detect_encoding("办件编号".encode("gb18030")), detect_encoding(b"\xef\xbb\xbfa")
        ('gb18030', 'utf-8-sig')
    """
    return _decode(raw, source)[1]


def _refuse_binary(raw: bytes, source: str) -> None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise InvalidValueError(
            "file",
            source,
            "CSV text in UTF-8, UTF-8 with BOM or GB18030/GBK (this is UTF-16 or binary: save "
            'it again as "CSV UTF-8" or open the workbook itself)',
        )


def _decode(raw: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding of a CSV's bytes (see `detect_encoding`), decoded once."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    else:
        _refuse_binary(raw, source)
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InvalidValueError(
        "file", source, "CSV text in UTF-8, UTF-8 with BOM or GB18030/GBK (save it as CSV UTF-8)"
    )


@attrs.frozen(eq=False)
class Table:
    """A table read from a file: its header, its cells by column, and where each row stood.

    Args:
        source: The file's name.
        sheet: The sheet's name (``""`` for a CSV).
        encoding: The detected text encoding of a CSV (``None`` for a workbook).
        header_row: The header's row number in the file (1-based, as a spreadsheet shows).
        header: The header cells, stripped.
        columns: Each column's cells (a list per header position, aligned with ``rows``):
            ``str`` from a CSV; ``str``, ``float``, ``int``, ``bool``, ``datetime``,
            ``date`` or ``time`` from a workbook. A blank cell is ``""``.
        rows: Each data row's number in the file (1-based, as a spreadsheet shows it: a quoted
            cell over several lines is one row); blank rows are left out.
        problems: ``(row, what)`` for rows that could not be read (wrong number of cells).

    Examples:
        >>> t = Table("a.csv", "", "utf-8", 1, ("x",), ([" 1"],), (2,), ())
        >>> t.where(0)
        'a.csv row 2'
    """

    source: str
    sheet: str
    encoding: str | None
    header_row: int
    header: tuple[str, ...]
    columns: tuple[list[Any], ...]
    rows: tuple[int, ...]
    problems: tuple[tuple[int, str], ...] = ()

    def where(self, i: int) -> str:
        """The place of data row ``i``: file, sheet (if any) and row number."""
        sheet = f" sheet {self.sheet}" if self.sheet else ""
        return f"{self.source}{sheet} row {self.rows[i]}"

    def __len__(self) -> int:
        return len(self.rows)


class Coded:
    """A column read as codes into its distinct texts (a CSV read with ``factorized=True``).

    Iterating gives the cells; ``codes`` (numpy int64, one per row) index ``uniques``.

    Examples:
        >>> import numpy as np
        >>> c = Coded(np.array([0, 1, 0]), ["甲", "乙"])
        >>> list(c), c[1], len(c)
        (['甲', '乙', '甲'], '乙', 3)
    """

    __slots__ = ("codes", "uniques")

    def __init__(self, codes: Any, uniques: list[Any]) -> None:
        self.codes = codes
        self.uniques = uniques

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:
        return self.uniques[int(self.codes[i])]

    def __iter__(self) -> Any:
        return iter([self.uniques[c] for c in self.codes.tolist()])


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_index(rows: Sequence[Sequence[object]], known: Collection[str] | None) -> int:
    """The index of the header among the first rows, or -1; title rows above it are skipped.

    With ``known`` names, the header is the first row with two of them (or all of them, when
    fewer are known; or one, alone in its row). Without, it is the first row filled at least
    half as wide as the widest of the first rows, and with two cells or more when any row has
    them: a title (one merged cell, or a note such as 导出时间) is narrower than the header.
    """
    scanned = [[str(c).strip() for c in row if not _blank(c)] for row in rows[:_HEADER_SCAN]]
    is_header = _header_test(known, max(map(len, scanned), default=0))
    for i, cells in enumerate(scanned):
        if cells and is_header(cells):
            return i
    return -1


def _header_test(known: Collection[str] | None, widest: int) -> Callable[[Sequence[str]], bool]:
    if known is None:
        least = 1 if widest <= 1 else max(2, (widest + 1) // 2)
        return lambda cells: len(cells) >= least
    names = {k.strip() for k in known}
    enough = min(2, len(names))

    def test(cells: Sequence[str]) -> bool:
        hits = sum(c in names for c in cells)
        return hits >= enough or (hits >= 1 and len(cells) == 1)

    return test


def _no_header(source: str, known: Collection[str] | None) -> InvalidValueError:
    shown = "" if known is None else " (such as " + ", ".join(sorted(known)[:6]) + ")"
    return InvalidValueError(
        "header", source, f"a header row of known column names{shown} in the first rows"
    )


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    known: Collection[str] | None = None,
    factorized: bool = False,
) -> Table:
    r"""Read a CSV or a workbook sheet: header found, blank rows dropped, row numbers kept.

    Args:
        path: A ``.csv`` (or ``.txt``/``.tsv``) or a ``.xlsx``/``.xlsm``/``.xlsb``/``.xls``/
            ``.ods`` file.
        sheet: The sheet of a workbook; by default the first sheet that has a header.
        known: Column names that identify the header row (title rows above it are
            skipped); by default the first non-blank row is the header.
        factorized: Give a CSV's columns as pandas Categoricals (each distinct text once,
            coded in C) instead of lists, for readers that parse each distinct value once.

    Raises:
        InvalidValueError: The file cannot be read, is in an unknown encoding, has no such
            sheet or no header; the message names the file and what was expected.

    Examples:
        >>> import pathlib, tempfile
        >>> tmp = tempfile.TemporaryDirectory()
        >>> path = pathlib.Path(tmp.name) / "办件.csv"
        >>> _ = path.write_bytes("某县2025年5月办件\n\n办件编号,受理时间\nA1,2025/5/6 9:30\n"
        ...                      .encode("gb18030"))
        >>> t = read_table(path, known={"办件编号", "受理时间"})
        >>> t.encoding, t.header_row, t.header, t.columns[1], t.rows
        ('gb18030', 3, ('办件编号', '受理时间'), ['2025/5/6 9:30'], (4,))
        >>> tmp.cleanup()
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(name, sheet, known)
    if suffix in _TEXT_SUFFIXES:
        if sheet is not None:
            raise InvalidValueError("sheet", sheet, "no sheet for a CSV file")
        return _read_csv(name, known, "\t" if suffix == ".tsv" else ",", factorized)
    raise InvalidValueError(
        "file", name, "a .csv, .xlsx, .xlsm, .xlsb, .xls or .ods file (by its suffix)"
    )


def _read_bytes(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise InvalidValueError("file", name, f"a readable file ({exc.strerror or exc})") from None


_UNREADABLE = "CSV text in UTF-8, UTF-8 with BOM or GB18030/GBK (save it as CSV UTF-8)"


def _read_csv(
    name: str, known: Collection[str] | None, delimiter: str, factorized: bool = False
) -> Table:
    raw = _read_bytes(name)
    # The head (title rows and header) is decoded alone; the body stays bytes for the C path.
    ends: list[int] = []
    at = 0
    while len(ends) <= _HEADER_SCAN:
        at = raw.find(b"\n", at) + 1
        if at == 0:
            break
        ends.append(at)
    head_bytes = raw[: ends[-1]] if ends else raw
    encoding = _head_encoding(raw, head_bytes, name)
    head_text = head_bytes.decode(encoding, errors="replace")
    reader = csv.reader(head_text.split("\n")[: _HEADER_SCAN + 1], delimiter=delimiter)
    head: list[list[str]] = []
    line_ends: list[int] = []  # the line number each record ends on
    try:
        for row in reader:
            head.append(row)
            line_ends.append(reader.line_num)
    except csv.Error:
        pass
    h = _header_index(head, known)
    if h < 0:
        raise _no_header(name, known)
    # Rows are numbered as a spreadsheet shows them: one per record, however many lines a
    # quoted cell spans; the body starts after the header's last line.
    header_line = line_ends[h]
    header = tuple(c.strip() for c in head[h])
    offset = ends[header_line - 1] if header_line - 1 < len(ends) else len(raw)
    columns, rows, problems = _parse_body(
        raw, len(header), h + 1, delimiter, factorized, name, encoding, offset
    )
    return Table(name, "", encoding, h + 1, header, columns, rows, problems)


def _head_encoding(raw: bytes, head: bytes, source: str) -> str:
    """The encoding of a CSV from its head and its bytes.

    UTF-8 is checked over the whole file (a GBK body under an ASCII title is not UTF-8); a
    GB18030 head is checked here and the body as it is read (`_gb18030_body`, or each distinct
    cell text once on the C path).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    _refuse_binary(raw, source)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    try:
        head.decode("gb18030")
    except UnicodeDecodeError:
        raise InvalidValueError("file", source, _UNREADABLE) from None
    return "gb18030"


def _gb18030_body(body: bytes, source: str) -> bytes:
    """A GB18030 body as UTF-8 bytes, for the parsers that read UTF-8 only."""
    try:
        return body.decode("gb18030").encode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValueError("file", source, _UNREADABLE) from None


def _parse_body(
    data: bytes,
    width: int,
    header_row: int,
    delimiter: str,
    factorized: bool = False,
    source: str = "",
    encoding: str = "utf-8",
    offset: int = 0,
) -> tuple[tuple[Any, ...], tuple[int, ...], tuple[tuple[int, str], ...]]:
    """The cells of the lines after the header (``data`` from ``offset``): C parsers, or csv.

    ``data`` is UTF-8, or GB18030 (``encoding``): its bytes are parsed as they are on the
    Arrow path (GB18030 never uses a byte below 0x30 inside a character, so delimiters,
    quotes and line ends are found in the bytes) and each distinct cell is decoded once.
    """
    body = memoryview(data)[offset:]  # not copied on the Arrow path
    utf8: bytes | None = None

    def as_utf8() -> bytes:
        nonlocal utf8
        if utf8 is None:
            utf8 = _gb18030_body(bytes(body), source) if encoding == "gb18030" else bytes(body)
        return utf8

    def text() -> str:
        return as_utf8().decode("utf-8")

    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - a speed-up with a fallback: the csv module
        return _parse_body_slow(text(), width, header_row, delimiter)
    size = len(data) - offset
    ends_line = size > 0 and data[len(data) - 1 : len(data)] == b"\n"
    lines = data.count(b"\n", offset) + (0 if ends_line or not size else 1)
    if factorized and width:
        coded = _coded_by_arrow(body, width, lines, delimiter, encoding == "gb18030", source)
        if coded is not None:
            return _drop_blank(coded, header_row)
    data = as_utf8()
    try:
        with warnings.catch_warnings():  # a ragged row is a ParserWarning: take the csv path
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(data),  # bytes: the C parser's fast path
                encoding="utf-8",
                header=None,
                names=range(width),
                dtype=object,  # Python strings as they are (not Arrow strings converted back)
                na_filter=False,
                skip_blank_lines=False,
                sep=delimiter,
                engine="c",
                index_col=False,
            )
    except pd.errors.EmptyDataError:
        return tuple([] for _ in range(width)), (), ()
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return _parse_body_slow(text(), width, header_row, delimiter)
    if len(frame) != lines:  # a quoted cell spans lines: row numbers come from the csv module
        return _parse_body_slow(text(), width, header_row, delimiter)
    if not width:
        return (), (), ()
    cells = [frame[i].to_numpy(dtype=object) for i in range(width)]
    # a row is blank when every cell is empty or only white space, as on the csv-module path
    blank = np.ones(len(frame), dtype=bool)
    for col in cells:
        blank &= _empty(col)
    keep = ~blank
    numbers = keep.nonzero()[0]
    rows = tuple((numbers + header_row + 1).tolist())
    return tuple(col[keep].tolist() for col in cells), rows, ()


def _coded_by_arrow(
    data: bytes | memoryview,
    width: int,
    lines: int,
    delimiter: str,
    gb18030: bool = False,
    source: str = "",
) -> list[Coded] | None:
    """Every column as codes into its distinct texts, by pyarrow's CSV reader.

    A GB18030 body is read as bytes and each distinct cell decoded once (an undecodable one
    is the file's encoding problem). None to fall back: no pyarrow, ragged or blank lines, a
    quoted cell over lines.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # a speed-up with a fallback: pandas' C parser, then the csv module
        return None
    names = [f"c{i}" for i in range(width)]
    kind = pa.binary() if gb18030 else pa.string()
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),  # the bytes as they are, not copied
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, kind),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != lines:
        return None
    out = []
    for i in range(width):
        encoded = table.column(i).dictionary_encode().combine_chunks()
        uniques = _texts(encoded.dictionary, source) if gb18030 else encoded.dictionary.to_pylist()
        out.append(Coded(np.asarray(encoded.indices, dtype=np.int64), uniques))
    return out


def _texts(cells: Any, source: str) -> list[str]:
    """The GB18030 byte strings of an Arrow binary array, decoded (ASCII ones as they are)."""
    import pyarrow as pa

    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32, count=len(cells) + 1,
                            offset=cells.offset * 4)  # fmt: skip
    data = cells.buffers()[2]
    used = (
        np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if data is not None
        else np.zeros(0, np.uint8)
    )
    if not (used >= 0x80).any():  # ASCII only: the bytes are their UTF-8 already
        return list(cells.cast(pa.string()).to_pylist())
    try:
        return [b.decode("gb18030") for b in cells.to_pylist()]
    except UnicodeDecodeError:
        raise InvalidValueError("file", source, _UNREADABLE) from None


def _empty(col: Any) -> Any:
    """A boolean mask of the cells that are empty or only white space (each distinct text once)."""
    uniques, inverse = np.unique(col.astype(str), return_inverse=True)
    return np.array([not u.strip() for u in uniques], dtype=bool)[inverse.reshape(-1)]


def _drop_blank(
    coded: list[Coded], header_row: int
) -> tuple[tuple[Any, ...], tuple[int, ...], tuple[tuple[int, str], ...]]:
    blank = np.ones(len(coded[0]), dtype=bool)
    # Columns with few distinct texts first; a column with many (the case ids) is then looked
    # at only in the rows still blank, if they are fewer than its distinct texts.
    for col in sorted(coded, key=lambda c: len(c.uniques)):
        candidates = np.flatnonzero(blank)
        if not len(candidates):
            break
        if len(candidates) < len(col.uniques):
            texts = [col.uniques[c] for c in col.codes[candidates].tolist()]
            blank[candidates] = np.array([not str(u).strip() for u in texts], dtype=bool)
        else:
            empties = [j for j, u in enumerate(col.uniques) if not str(u).strip()]
            blank &= np.isin(col.codes, empties)
    keep = ~blank
    rows = tuple((keep.nonzero()[0] + header_row + 1).tolist())
    if keep.all():
        return tuple(coded), rows, ()
    return tuple(Coded(c.codes[keep], c.uniques) for c in coded), rows, ()


def _parse_body_slow(
    body: str, width: int, header_row: int, delimiter: str
) -> tuple[tuple[list[Any], ...], tuple[int, ...], tuple[tuple[int, str], ...]]:
    columns: tuple[list[Any], ...] = tuple([] for _ in range(width))
    rows: list[int] = []
    problems: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    # One row per record, as a spreadsheet numbers them: a quoted cell over lines is one row.
    number = header_row
    try:
        for row in reader:
            number += 1
            if all(not c.strip() for c in row):
                continue
            while len(row) > width and not row[-1].strip():
                row = row[:-1]
            if len(row) > width:
                problems.append((number, f"{len(row)} cells, expected at most {width}"))
                continue
            row = row + [""] * (width - len(row))
            for col, cell in zip(columns, row, strict=True):
                col.append(cell)
            rows.append(number)
    except csv.Error as exc:
        problems.append((number + 1, f"CSV that parses ({exc})"))
    return columns, tuple(rows), tuple(problems)


def _calamine() -> Any:
    return optional("python_calamine", "sheets", "reading workbooks")


def _read_workbook(name: str, sheet: str | None, known: Collection[str] | None) -> Table:
    calamine = _calamine()
    if not Path(name).is_file():
        raise InvalidValueError("file", name, "a readable file (no such file)")
    try:
        book = calamine.CalamineWorkbook.from_path(name)
    except Exception as exc:  # calamine raises its own errors for corrupt files
        raise InvalidValueError("file", name, f"a workbook that opens ({exc})") from None
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise InvalidValueError("sheet", sheet, "one of the workbook's sheets: " + ", ".join(names))
    for candidate in [sheet] if sheet is not None else names:
        data = book.get_sheet_by_name(candidate).to_python(skip_empty_area=False)
        h = _header_index(data, known)
        if h < 0:
            continue
        header = tuple("" if _blank(c) else str(c).strip() for c in data[h])
        width = len(header)
        body = data[h + 1 :]
        del data
        # Whole rows at C speed: a row is blank when every cell is "" (calamine's empty cell);
        # blank cells stay "", which every reader of a Table takes as missing.
        keep = [i for i, row in enumerate(body) if row.count("") != len(row)]
        kept = [body[i] for i in keep]
        columns = tuple(list(col) for col in zip(*kept, strict=True))[:width] if kept else ()
        if len(columns) < width:
            columns += tuple([""] * len(kept) for _ in range(width - len(columns)))
        rows = tuple(h + 2 + i for i in keep)
        return Table(name, str(candidate), None, h + 1, header, columns, rows)
    raise _no_header(name if sheet is None else f"{name} sheet {sheet}", known)


# -- writing ---------------------------------------------------------------------------------------


class _Shown(str):
    """Text made by govservice itself for display (a percentage): never neutralised."""

    __slots__ = ()


def _text(value: object) -> str:
    if isinstance(value, _Shown):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file whole: the one atomic writer, `govservice._files.atomic_file`."""
    from govservice._files import atomic_file

    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as tmp:
        write(tmp)


def write_csv(
    path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Path:
    r"""Write a CSV that Excel and WPS open in Chinese: UTF-8 with a BOM, formulas neutralised.

    Text cells go through `neutralise`; numbers are written as numbers, dates in ISO form,
    flags as 是/否 and missing values as empty cells.

    Examples:
        >>> import pathlib, tempfile
        >>> tmp = tempfile.TemporaryDirectory()
        >>> out = write_csv(pathlib.Path(tmp.name) / "t.csv", ["姓名", "n"],
        ...                 [["=1+1", 2], ["张三", None]])
        >>> out.read_bytes()[:3], out.read_text("utf-8-sig").splitlines()
        (b'\xef\xbb\xbf', ['姓名,n', "'=1+1,2", '张三,'])
        >>> tmp.cleanup()
    """
    from govservice._files import atomic_write

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The byte-order mark: Excel and WPS then read UTF-8.
    atomic_write(target, "\ufeff" + csv_text(header, rows), field="path")
    return target


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    r"""The text of a CSV as `write_csv` writes it, without the byte-order mark.

    Examples:
        >>> csv_text(["名称"], [["@cmd"], [True]])
        "名称\r\n'@cmd\r\n是\r\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in header])
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue()


def _xlsxwriter() -> Any:
    return optional("xlsxwriter", "sheets", "writing .xlsx")


#: A cell number format per kind of column (`write_xlsx`'s ``formats``).
_FORMATS = {"percent": "0.00%", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "int": "0"}


def write_xlsx(
    path: str | os.PathLike[str],
    sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[object]]]],
    *,
    formats: Mapping[str, Mapping[int, str]] | None = None,
) -> Path:
    """Write an ``.xlsx`` workbook, one sheet per entry, every text cell neutralised.

    Text is written as text (never a formula), numbers as numbers, dates and times as dates
    (an aware time in its own local time), flags as 是/否. The header is bold and frozen.

    Args:
        path: The ``.xlsx`` file to write.
        sheets: Sheet name -> (header, rows).
        formats: Sheet name -> column index -> ``percent``, ``date``, ``datetime`` or ``int``.

    Examples:
        >>> import pathlib, tempfile
        >>> tmp = tempfile.TemporaryDirectory()
        >>> out = write_xlsx(pathlib.Path(tmp.name) / "t.xlsx",
        ...                  {"表": (["名称", "率"], [["@SUM(A1)", 0.5]])},
        ...                  formats={"表": {1: "percent"}})
        >>> t = read_table(out)
        >>> t.sheet, t.header, t.columns[0], t.columns[1]
        ('表', ('名称', '率'), ["'@SUM(A1)"], [0.5])
        >>> tmp.cleanup()
    """
    target = Path(path)
    xlsxwriter = _xlsxwriter()
    formats = formats or {}

    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(
            str(tmp), {"constant_memory": True, "strings_to_formulas": False}
        )
        try:
            bold = book.add_format({"bold": True})
            made = {kind: book.add_format({"num_format": f}) for kind, f in _FORMATS.items()}
            used: set[str] = set()
            for sheet_name, (header, rows) in sheets.items():
                ws = book.add_worksheet(_sheet_name(sheet_name, used))
                ws.freeze_panes(1, 0)
                col_formats = {c: made[k] for c, k in formats.get(sheet_name, {}).items()}
                widths = [max(6, _width(str(h))) for h in header]
                for c, h in enumerate(header):
                    ws.write_string(0, c, neutralise(str(h)), bold)
                for r, row in enumerate(rows, start=1):
                    for c, value in enumerate(row):
                        _write_cell(ws, r, c, value, col_formats.get(c), made)
                        if r <= 200 and c < len(widths) and value is not None:
                            widths[c] = max(widths[c], min(40, _width(_text(value))))
                for c, w in enumerate(widths):
                    ws.set_column(c, c, w + 1)
        finally:
            book.close()

    _atomic(target, write)
    return target


def _sheet_name(name: str, used: set[str]) -> str:
    """A name Excel accepts: none of [ ] : * ? / or backslash, 31 characters, unique."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _write_cell(ws: Any, r: int, c: int, value: object, fmt: Any, made: Mapping[str, Any]) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(r, c, None)
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否")
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
        ws.write_datetime(r, c, naive, fmt or made["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt or made["date"])
    else:
        ws.write_string(r, c, neutralise(str(value)))


def write_table(
    path: str | os.PathLike[str],
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    formats: Mapping[int, str] | None = None,
) -> Path:
    """Write one table as ``.csv`` or ``.xlsx``, by the file's suffix.

    In a CSV, a ``percent`` column is written as a percentage with two decimals ("96.81%",
    which Excel and WPS read as a number).

    Examples:
        >>> import pathlib, tempfile
        >>> tmp = tempfile.TemporaryDirectory()
        >>> out = write_table(pathlib.Path(tmp.name) / "t.csv", ["率"], [[0.96813]],
        ...                   formats={0: "percent"})
        >>> out.read_text("utf-8-sig").splitlines()
        ['率', '96.81%']
        >>> tmp.cleanup()
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(target, {sheet: (header, rows)}, formats={sheet: dict(formats or {})})
    if suffix != ".csv":
        raise InvalidValueError("out", os.fspath(path), "a .csv or .xlsx file (by its suffix)")
    percent = {c for c, k in (formats or {}).items() if k == "percent"}
    if percent:
        rows = (
            [
                _Shown(f"{v * 100:.2f}%")
                if c in percent and isinstance(v, float) and not math.isnan(v)
                else v
                for c, v in enumerate(row)
            ]
            for row in rows
        )
    return write_csv(target, header, rows)
