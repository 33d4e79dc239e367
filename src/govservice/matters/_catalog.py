"""The catalogue of matters: loading, saving, validating, querying and its published figures."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from govservice._errors import CatalogError, CatalogProblem, InvalidValueError
from govservice._files import atomic_write, check_path, parse_json, parse_toml, read_text
from govservice._lifecycle import UNIFIED_HANDLING_DAYS
from govservice._serde import drop_none, problems_of
from govservice._tabular import neutralise, unneutralise
from govservice._validators import of_type, tuple_of
from govservice.calendar import LimitUnit, TimeLimit, format_limit
from govservice.matters._model import CaseKind, CenterLevel, Matter, MatterType, OnlineDepth
from govservice.matters._serde import converter

__all__ = ["CSV_COLUMNS", "Catalog", "CatalogFigures", "DepartmentFigures", "sample_catalog"]

_FORMAT = "govservice.catalog/1"
_DATA = Path(__file__).resolve().parent / "data"

#: The columns of the CSV form of a catalogue, in order (see the docs' matters page).
CSV_COLUMNS = (
    "code",
    "basic_code",
    "name",
    "name_en",
    "matter_type",
    "department",
    "level",
    "statutory_limit",
    "committed_limit",
    "legal_basis",
    "acceptance_conditions",
    "materials",
    "procedure",
    "fee",
    "visits_required",
    "online_depth",
    "in_center",
    "service_forms",
    "consult_phone",
    "complaint_phone",
    "reports_to",
    "departments",
    "special",
    "restricted",
    "unified_handling",
    "window_authorized",
    "version",
)


def _longer(committed: TimeLimit, statutory: TimeLimit) -> tuple[bool, str]:
    """Whether a commitment exceeds the statutory limit, a finer unit compared by converting.

    Working hours convert to working days at the default office hours (a day of
    `OfficeHours().hours_per_day`): "1.5 office hours" under "30 working days" is valid. Only
    working days and natural days cannot be compared without a calendar.
    """
    from govservice.calendar import OfficeHours

    try:
        return committed > statutory, "not longer than statutory_limit"
    except TypeError:
        pass
    hours, days = LimitUnit.WORKING_HOURS, LimitUnit.WORKING_DAYS
    per_day = OfficeHours().hours_per_day
    if committed.unit is hours and statutory.unit in (days, LimitUnit.NATURAL_DAYS):
        return committed.amount > statutory.amount * per_day, "not longer than statutory_limit"
    if committed.unit is days and statutory.unit is hours:
        return committed.amount * per_day > statutory.amount, "not longer than statutory_limit"
    return True, "in a unit comparable with statutory_limit (or immediate)"


_JSON_CELLS = {"legal_basis", "materials", "procedure", "fee"}
_LIST_CELLS = {"service_forms", "departments"}
_BOOL_CELLS = {"in_center", "special", "restricted", "unified_handling", "window_authorized"}
_INT_CELLS = {"visits_required", "version"}
_LIMIT_CELLS = {"statutory_limit", "committed_limit"}
_TRUE = {"true", "1", "yes", "y", "是", "√"}
_FALSE = {"false", "0", "no", "n", "否", "×"}

# Elements a published matter must have (Administrative Licensing Law art. 30: matter, basis,
# conditions, quantity, procedure, time limit, materials; plus the phones of "ten publicities").
_REQUIRED_TEXT = ("basic_code", "acceptance_conditions", "consult_phone", "complaint_phone")
_REQUIRED_LISTS = ("legal_basis", "materials", "procedure")


def _where(i: int) -> str:
    return f"$.matters[{i}]"


def validate(
    matters: tuple[Matter, ...], source: str = "<catalog>", where: Any = _where
) -> list[CatalogProblem]:
    """Every problem of a list of matters as a catalogue, in order.

    Unique codes; committed limit not longer than the statutory one; required elements present;
    ``reports_to`` naming a matter of the catalogue at a higher level. ``where(i)`` names the
    place of the i-th matter in its file.
    """
    problems: list[CatalogProblem] = []
    first: dict[str, int] = {}
    for i, m in enumerate(matters):
        if m.code in first:
            problems.append(
                CatalogProblem.of(
                    source, where(i), "code", m.code, f"unique (also at {where(first[m.code])})"
                )
            )
        else:
            first[m.code] = i
    for i, m in enumerate(matters):
        here = where(i)
        longer, reason = _longer(m.committed_limit, m.statutory_limit)
        if longer:
            reason += f" ({format_limit(m.statutory_limit)})"
            problems.append(
                CatalogProblem.of(
                    source, here, "committed_limit", format_limit(m.committed_limit), reason
                )
            )
        if m.urgent_limit is not None:
            longer, reason = _longer(m.urgent_limit, m.committed_limit)
            if longer:
                reason = reason.replace("statutory_limit", "committed_limit")
                reason += f" ({format_limit(m.committed_limit)})"
                problems.append(
                    CatalogProblem.of(
                        source, here, "urgent_limit", format_limit(m.urgent_limit), reason
                    )
                )
        law = m.statutory_limit
        if (
            m.unified_handling
            and law.unit is LimitUnit.WORKING_DAYS
            and law.amount > UNIFIED_HANDLING_DAYS
        ):
            # Art. 42 para. 2 has no "unless a law provides otherwise" (para. 1 has): joint,
            # centralized or unified handling under art. 26 takes at most 45 days.
            expected = (
                f"at most {UNIFIED_HANDLING_DAYS} working days for a matter handled under art. 26 "
                "(Administrative Licensing Law art. 42 para. 2; +15 only by extension)"
            )
            problems.append(
                CatalogProblem.of(source, here, "statutory_limit", format_limit(law), expected)
            )
        for name in _REQUIRED_TEXT:
            if not getattr(m, name).strip():
                problems.append(
                    CatalogProblem.of(source, here, name, "", "present (a published element)")
                )
        for name in _REQUIRED_LISTS:
            if not getattr(m, name):
                problems.append(
                    CatalogProblem.of(source, here, name, [], "at least one entry (published)")
                )
        if m.reports_to is not None:
            target = first.get(m.reports_to)
            if target is None:
                problems.append(
                    CatalogProblem.of(
                        source, here, "reports_to", m.reports_to, "the code of a matter here"
                    )
                )
            elif matters[target].level.rank <= m.level.rank:
                problems.append(
                    CatalogProblem.of(
                        source,
                        here,
                        "reports_to",
                        m.reports_to,
                        f"a matter at a higher level than {m.level.value}",
                    )
                )
    return problems


@attrs.frozen
class DepartmentFigures:
    """Committed against statutory working days of one department's matters.

    Args:
        department: The department.
        matters: How many matters it has in the catalogue.
        statutory_working_days: Sum of statutory limits, in working days.
        committed_working_days: Sum of committed limits, in working days.
    """

    department: str
    matters: int
    statutory_working_days: int
    committed_working_days: int

    @property
    def saved_working_days(self) -> int:
        """Statutory minus committed working days."""
        return self.statutory_working_days - self.committed_working_days

    @property
    def compression_rate(self) -> float | None:
        """Saved over statutory working days (承诺时限压缩率); ``None`` with no statutory days."""
        if not self.statutory_working_days:
            return None
        return self.saved_working_days / self.statutory_working_days


@attrs.frozen
class CatalogFigures:
    """The figures a center publishes about its catalogue.

    Day totals count the matters whose statutory limit is in working days; an immediate or
    working-hour commitment counts 0 working days (done on the day of acceptance) (convention).
    Zhoushan profile
    (Zhoushan): 4,018 committed against 12,141 statutory working days, 8,123 saved, 66.91%.

    Args:
        total: Figures over all departments.
        departments: Figures per department, by department name.
        matters: How many matters.
        immediate_share: Share of matters whose committed limit is immediate (即办).
        online_share: Share of matters that can be applied for online (网上可办).
        one_visit_share: Share of matters needing at most one visit (最多跑一次).
        outside_day_totals: Matters left out of the day totals (statutory limit not in
            working days).
        concentration_rate: 项目集中率, a catalogue fact: matters stationed in the center
            (``in_center``) over all matters (Fuyang report: 609 of 728, 83.65%).
        window_authorization_rate: 窗口授权率: matters stationed in the center whose window
            holds the decision power and the approval seal (``window_authorized``, the
            catalogue's authorization record) over the matters stationed (county scheme).
    """

    total: DepartmentFigures
    departments: tuple[DepartmentFigures, ...]
    matters: int
    immediate_share: float | None
    online_share: float | None
    one_visit_share: float | None
    outside_day_totals: int
    concentration_rate: float | None = None
    window_authorization_rate: float | None = None


def _working_days(limit: TimeLimit) -> int | None:
    if limit.unit is LimitUnit.WORKING_DAYS:
        return int(limit.amount)
    if limit.unit in (LimitUnit.IMMEDIATE, LimitUnit.WORKING_HOURS):
        return 0
    return None


def _figures(name: str, matters: Iterable[Matter]) -> DepartmentFigures:
    count = statutory = committed = 0
    for m in matters:
        count += 1
        s, c = _working_days(m.statutory_limit), _working_days(m.committed_limit)
        if m.statutory_limit.unit is LimitUnit.WORKING_DAYS and s is not None and c is not None:
            statutory += s
            committed += c
    return DepartmentFigures(name, count, statutory, committed)


def _matter_tuple(value: Iterable[Matter]) -> tuple[Matter, ...]:
    return tuple_of(Matter, "matters", value)


@attrs.frozen
class Catalog:
    """A catalogue of matters (事项目录): valid as a whole, or not built at all.

    Args:
        matters: The matters, each code once.
        name: The catalogue's title.
        note: Anything a reader should know (its source, its date).

    Raises:
        CatalogError: Listing every problem (duplicate codes, committed limits longer than
            statutory ones, missing published elements, ``reports_to`` naming no higher matter).

    Examples:
        >>> cat = sample_catalog()
        >>> len(cat) > 50
        True
        >>> m = next(iter(cat))
        >>> cat[m.code] == m
        True
    """

    matters: tuple[Matter, ...] = attrs.field(converter=_matter_tuple)
    name: str = attrs.field(default="", validator=of_type(str))
    note: str = attrs.field(default="", validator=of_type(str))
    _index: dict[str, Matter] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problems = validate(self.matters)
        if problems:
            raise CatalogError(problems)
        object.__setattr__(self, "_index", {m.code: m for m in self.matters})

    def __getitem__(self, code: str) -> Matter:
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(
                f"no matter with code {code!r} in {self.name or 'the catalogue'}"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[Matter]:
        return iter(self.matters)

    def __len__(self) -> int:
        return len(self.matters)

    def __repr__(self) -> str:
        return f"<Catalog {self.name!r} matters={len(self)}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Keep IPython's and Hypothesis's pretty printers to the short repr."""
        printer.text(repr(self))

    # -- queries ------------------------------------------------------------------------------

    def select(
        self,
        *,
        department: str | None = None,
        matter_type: MatterType | None = None,
        level: CenterLevel | None = None,
        case_kind: CaseKind | None = None,
        policy: Any = None,
    ) -> tuple[Matter, ...]:
        """The matters that meet every criterion given, in catalogue order.

        ``case_kind`` uses `classify` with ``policy`` (the default policy when ``None``).

        Examples:
            >>> from govservice.matters import CaseKind
            >>> cat = sample_catalog()
            >>> dept = "市场监督管理局"
            >>> all(m.department == dept for m in cat.select(department=dept))
            True
            >>> len(cat.select(case_kind=CaseKind.JOINT)) > 0
            True
        """
        from govservice.matters._classify import classify

        found = []
        for m in self.matters:
            if department is not None and m.department != department:
                continue
            if matter_type is not None and m.matter_type is not matter_type:
                continue
            if level is not None and m.level is not level:
                continue
            if case_kind is not None and classify(m, policy=policy).kind is not case_kind:
                continue
            found.append(m)
        return tuple(found)

    def by_department(self, department: str) -> tuple[Matter, ...]:
        """The matters of one department."""
        return self.select(department=department)

    def by_type(self, matter_type: MatterType) -> tuple[Matter, ...]:
        """The matters of one type."""
        return self.select(matter_type=matter_type)

    def by_level(self, level: CenterLevel) -> tuple[Matter, ...]:
        """The matters of one level."""
        return self.select(level=level)

    def by_case_kind(self, kind: CaseKind, *, policy: Any = None) -> tuple[Matter, ...]:
        """The matters whose cases are classified as ``kind``."""
        return self.select(case_kind=kind, policy=policy)

    @property
    def departments(self) -> tuple[str, ...]:
        """The departments, in order of first appearance."""
        return tuple(dict.fromkeys(m.department for m in self.matters))

    def figures(self) -> CatalogFigures:
        """Committed against statutory working days, per department and in total, and shares.

        Examples:
            >>> f = sample_catalog().figures()
            >>> f.total.saved_working_days == f.total.statutory_working_days - (
            ...     f.total.committed_working_days)
            True
            >>> 0 < f.total.compression_rate < 1
            True
        """
        n = len(self.matters)
        stationed = [m for m in self.matters if m.in_center]

        def share(count: int) -> float | None:
            return count / n if n else None

        return CatalogFigures(
            total=_figures("", self.matters),
            departments=tuple(_figures(d, self.by_department(d)) for d in self.departments),
            matters=n,
            immediate_share=share(
                sum(m.committed_limit.unit is LimitUnit.IMMEDIATE for m in self.matters)
            ),
            online_share=share(sum(m.online for m in self.matters)),
            one_visit_share=share(sum(m.visits_required <= 1 for m in self.matters)),
            outside_day_totals=sum(
                m.statutory_limit.unit is not LimitUnit.WORKING_DAYS for m in self.matters
            ),
            concentration_rate=share(sum(m.in_center for m in self.matters)),
            window_authorization_rate=(
                sum(m.window_authorized for m in stationed) / len(stationed) if stationed else None
            ),
        )

    # -- files --------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Catalog:
        """Read a catalogue from a ``.json``, ``.toml``, ``.csv``, ``.xlsx``, ``.xls`` or ``.ods``.

        A CSV with the column ids of `CSV_COLUMNS` is read as written by `save`; a CSV or a
        workbook with Chinese headers (`SHEET_HEADERS`: 事项编码, 事项名称 ...) and labels is
        read as county staff keep it, in UTF-8 (with or without BOM) or GB18030.

        Raises:
            CatalogError: Every problem of the file at once (file, row or path, field, value,
                expectation). Nothing else, whatever the file holds.

        Examples:
            >>> import tempfile, pathlib
            >>> out = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
            >>> sample_catalog().save(out)
            >>> Catalog.load(out).matters == sample_catalog().matters  # CSV keeps no title
            True
        """
        try:
            name = str(check_path(path))
        except InvalidValueError as exc:
            raise _one("<path>", "$", "file", exc.value, exc.expected) from None
        suffix = Path(name).suffix.lower()
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            from govservice.matters._sheet import load_catalog_table

            return load_catalog_table(name)
        if suffix not in (".json", ".toml", ".csv"):
            raise _one(name, "$", "file", suffix, "a .json, .toml, .csv, .xlsx or .ods file")
        if suffix == ".csv" and not _has_code_column(name):
            from govservice.matters._sheet import load_catalog_table

            return load_catalog_table(name)  # Chinese headers, any encoding, title rows
        try:
            text = read_text(name)
            if suffix == ".csv":
                return _from_rows(text, name)
            data = parse_json(text) if suffix == ".json" else parse_toml(text)
        except InvalidValueError as exc:
            raise _one(name, exc.field, "file", exc.value, exc.expected) from None
        return cls.from_mapping(data, source=name)

    @classmethod
    def from_mapping(cls, data: object, *, source: str = "<mapping>") -> Catalog:
        """A catalogue from the parsed JSON/TOML form ``{format, name, note, matters: [...]}``.

        Examples:
            >>> Catalog.from_mapping({"format": "govservice.catalog/1", "matters": []}).name
            ''
        """
        if not isinstance(data, Mapping):
            raise _one(source, "$", "(file)", type(data).__name__, "an object with matters")
        problems: list[CatalogProblem] = []
        if data.get("format") != _FORMAT:
            problems.append(
                CatalogProblem.of(source, "$", "format", data.get("format"), repr(_FORMAT))
            )
        extra = set(data) - {"format", "name", "note", "matters"}
        if extra:
            problems.append(CatalogProblem.of(source, "$", "(keys)", sorted(extra), "known keys"))
        for key in ("name", "note"):
            if not isinstance(data.get(key, ""), str):
                problems.append(CatalogProblem.of(source, "$", key, data.get(key), "a string"))
        raw_matters = data.get("matters")
        if not isinstance(raw_matters, list):
            problems.append(CatalogProblem.of(source, "$", "matters", raw_matters, "a list"))
            raise CatalogError(problems)
        matters, places, more = _structure_all(raw_matters, source, _where)
        problems += more + validate(tuple(matters), source, places.__getitem__)
        if problems:
            raise CatalogError(problems)
        return cls(matters, name=str(data.get("name", "")), note=str(data.get("note", "")))

    def to_mapping(self) -> dict[str, Any]:
        """The JSON form of the catalogue (plain dicts, lists, strings and numbers).

        Examples:
            >>> sample_catalog().to_mapping()["format"]
            'govservice.catalog/1'
        """
        return {
            "format": _FORMAT,
            "name": self.name,
            "note": self.note,
            "matters": [converter.unstructure(m) for m in self.matters],
        }

    def save_table(self, path: str | os.PathLike[str], *, encoding: str = "utf-8-sig") -> Path:
        """Write the catalogue for people: ``.xlsx`` or ``.csv`` with Chinese headers and labels.

        Materials are written as lines, not JSON (`SHEET_HEADERS`); a CSV is UTF-8 with a
        byte-order mark (Excel and WPS open it) or ``encoding="gb18030"`` for older tools;
        every text cell is neutralised against formulas. `Catalog.load` reads it back.

        Examples:
            >>> import pathlib, tempfile
            >>> from govservice.matters import sample_catalog
            >>> out = pathlib.Path(tempfile.mkdtemp()) / "事项目录.csv"
            >>> Catalog.load(sample_catalog().save_table(out)).matters == sample_catalog().matters
            True
        """
        from govservice.matters._sheet import save_catalog_table

        return save_catalog_table(self, path, encoding=encoding)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the catalogue as ``.json``, ``.toml``, ``.csv`` or ``.xlsx`` (by the suffix).

        A ``.csv`` keeps the column ids of `CSV_COLUMNS` (UTF-8 with a BOM, formulas
        neutralised); an ``.xlsx`` has Chinese headers and readable cells (`SHEET_HEADERS`).

        The file is written whole to a temporary name and then renamed, so a failure never
        leaves half a catalogue behind.
        """
        try:
            name = str(check_path(path))
        except InvalidValueError as exc:
            raise _one("<path>", "$", "file", exc.value, exc.expected) from None
        suffix = Path(name).suffix.lower()
        if suffix == ".json":
            text = json.dumps(self.to_mapping(), ensure_ascii=False, indent=2) + "\n"
        elif suffix == ".toml":
            import tomli_w

            text = tomli_w.dumps(drop_none(self.to_mapping()))
        elif suffix == ".csv":
            text = _to_rows(self)
        elif suffix == ".xlsx":
            from govservice.matters._sheet import save_catalog_table

            save_catalog_table(self, name)
            return
        else:
            raise _one(name, "$", "file", suffix, "a .json, .toml, .csv or .xlsx file")
        if suffix == ".csv":
            text = "\ufeff" + text  # a BOM: Excel and WPS then read the Chinese right
        try:
            atomic_write(name, text)
        except InvalidValueError as exc:
            raise _one(name, "$", exc.field, exc.value, exc.expected) from None


def _has_code_column(name: str) -> bool:
    """Whether a CSV's first line names a ``code`` column (our own English-header format)."""
    try:
        with open(name, "rb") as handle:
            first = handle.readline(65536)
    except OSError:
        return True  # read_text reports the error with the file named
    header = first.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    return "code" in [c.strip().strip('"') for c in header.split(",")]


def _one(source: str, where: str, field: str, value: object, expected: str) -> CatalogError:
    return CatalogError([CatalogProblem.of(source, where, field, value, expected)])


def _structure_all(
    raw_matters: list[Any], source: str, where: Any
) -> tuple[list[Matter], list[str], list[CatalogProblem]]:
    """The matters that parse, where each stands in the file, and the problems of the rest."""
    matters: list[Matter] = []
    places: list[str] = []
    problems: list[CatalogProblem] = []
    for i, raw in enumerate(raw_matters):
        try:
            matters.append(converter.structure(raw, Matter))
            places.append(where(i))
        except Exception as exc:  # cattrs groups every failure; each becomes a problem
            problems += problems_of(exc, source, where(i), Matter)
    return matters, places, problems


def _cell(column: str, value: Any) -> str:
    if column in _LIMIT_CELLS:
        return format_limit(converter.structure(value, TimeLimit), "zh_CN")
    if column in _JSON_CELLS:
        return "" if value in (None, []) else json.dumps(value, ensure_ascii=False)
    if column in _LIST_CELLS:
        return ";".join(value)
    if column in _BOOL_CELLS:
        return "true" if value else "false"
    return "" if value is None else str(value)


def _to_rows(catalog: Catalog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for m in catalog.matters:
        raw = converter.unstructure(m)
        writer.writerow([neutralise(_cell(c, raw[c])) for c in CSV_COLUMNS])
    return out.getvalue()


def _from_rows(text: str, source: str) -> Catalog:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _one(source, "$", "file", str(exc), "valid CSV") from None
    if not rows:
        raise _one(source, "row 1", "(header)", "", "a header row: " + ",".join(CSV_COLUMNS))
    header = [h.strip() for h in rows[0]]
    problems: list[CatalogProblem] = []
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        problems.append(CatalogProblem.of(source, "row 1", "(header)", unknown, "known columns"))
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:  # never "the last one wins"
        problems.append(CatalogProblem.of(source, "row 1", "(header)", twice, "each column once"))
    missing = [c for c in ("code", "name", "matter_type", "department", "level") if c not in header]
    if missing:
        problems.append(CatalogProblem.of(source, "row 1", "(header)", missing, "present"))
    if problems:
        raise CatalogError(problems)
    raws: list[dict[str, Any]] = []
    row_numbers: list[int] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                CatalogProblem.of(
                    source, f"row {number}", "(cells)", len(row), f"{len(header)} cells"
                )
            )
            continue
        raw: dict[str, Any] = {}
        for column, cell in zip(header, row, strict=True):
            if _CONTROL.search(cell):
                problems.append(
                    CatalogProblem.of(
                        source,
                        f"row {number}",
                        column,
                        cell,
                        "text without NUL or control characters",
                    )
                )
                continue
            try:
                value = _parse_cell(column, unneutralise(cell.strip()))
            except ValueError as exc:
                problems.append(CatalogProblem.of(source, f"row {number}", column, cell, str(exc)))
                continue
            if value is not _OMIT:
                raw[column] = value
        raws.append(raw)
        row_numbers.append(number)

    def where(i: int) -> str:
        return f"row {row_numbers[i]}"

    matters, places, more = _structure_all(raws, source, where)
    problems += more + validate(tuple(matters), source, places.__getitem__)
    if problems:
        raise CatalogError(problems)
    return Catalog(matters)


_OMIT = object()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks allowed
_DIGITS = re.compile(r"[0-9]{1,9}")


def _parse_cell(column: str, cell: str) -> Any:
    """The raw value of a CSV cell; ValueError names what the cell must hold."""
    if column in _JSON_CELLS:
        if not cell:
            return _OMIT
        try:
            return parse_json(cell)
        except InvalidValueError as exc:
            raise ValueError(f"JSON text (a list or object): {exc}") from None
    if column in _LIST_CELLS:
        return [part.strip() for part in cell.replace("；", ";").split(";") if part.strip()]
    if column in _BOOL_CELLS:
        if not cell:
            return _OMIT  # an empty cell means the default, as a missing column does
        if cell.lower() in _TRUE:
            return True
        if cell.lower() in _FALSE:
            return False
        raise ValueError("true or false (是/否)")
    if column in _INT_CELLS:
        if not cell:
            return _OMIT
        if not _DIGITS.fullmatch(cell):
            raise ValueError("a whole number of at most 9 digits")
        return int(cell)
    if column == "reports_to":
        return cell or None
    if column in ("online_depth",) and not cell:
        return OnlineDepth.NONE.value
    return cell


def sample_catalog() -> Catalog:
    """A realistic sample catalogue of about 60 matters of a county center (illustrative).

    Realistic names, departments, limits and materials across city, county and township level,
    every case kind represented; the codes and phones are made up. It feeds the demo, the docs
    and the tests.

    Examples:
        >>> cat = sample_catalog()
        >>> {m.level.value for m in cat} >= {"city", "county", "township"}
        True
    """
    return _sample()


@functools.lru_cache(maxsize=1)
def _sample() -> Catalog:
    data = json.loads((_DATA / "sample_catalog.json").read_text("utf-8"))
    return Catalog.from_mapping(data, source="sample_catalog.json")
