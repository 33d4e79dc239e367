"""The catalogue as a spreadsheet: Chinese headers and labels, readable cells, .xlsx or CSV.

County centers keep their catalogue in Excel. A sheet has one row per matter under Chinese
headers (事项编码, 事项名称, 事项类型, 实施部门, 行使层级, 法定办结时限 ...; the English column
ids of `CSV_COLUMNS` are accepted too), labels as people write them (行政许可, 县级, 全程网办,
是/否) and lists as lines in the cell, not JSON:

- 设定依据: one basis per line, ``《中华人民共和国行政许可法》第三十条``;
- 申请材料: one material per line, ``营业执照 | 复印件 | 1份 | 必要`` (then ``可容缺`` and
  ``样本:...`` when they apply);
- 办理流程: one step per line, ``受理 | 受理 | 即办``;
- 收费: ``标准 | 依据 | 10元``; 服务方式 and 联办部门: separated by 、.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govservice._errors import CatalogError, CatalogProblem, InvalidValueError
from govservice._files import atomic_write
from govservice._tabular import csv_text, read_table, write_csv, write_xlsx
from govservice.calendar import TimeLimit, format_limit
from govservice.matters._catalog import CSV_COLUMNS, Catalog, _structure_all, validate
from govservice.matters._serde import converter

__all__ = ["SHEET_HEADERS", "load_catalog_table", "save_catalog_table"]

#: Column id -> the Chinese header a catalogue sheet uses for it.
SHEET_HEADERS: Mapping[str, str] = {
    "code": "事项编码",
    "basic_code": "基本编码",
    "name": "事项名称",
    "name_en": "英文名称",
    "matter_type": "事项类型",
    "department": "实施部门",
    "level": "行使层级",
    "statutory_limit": "法定办结时限",
    "committed_limit": "承诺办结时限",
    "legal_basis": "设定依据",
    "acceptance_conditions": "受理条件",
    "materials": "申请材料",
    "procedure": "办理流程",
    "fee": "收费",
    "visits_required": "到办事现场次数",
    "online_depth": "网上办理深度",
    "in_center": "是否进驻大厅",
    "service_forms": "服务方式",
    "consult_phone": "咨询电话",
    "complaint_phone": "投诉电话",
    "reports_to": "上报事项编码",
    "departments": "联办部门",
    "special": "是否特办",
    "restricted": "是否控制事项",
    "unified_handling": "是否统一办理",
    "window_authorized": "窗口是否授权",
    "version": "版本",
}
_FLAGS = ("in_center", "special", "restricted", "unified_handling", "window_authorized")
_EXTRA_HEADERS = {"实施编码": "code", "事项名称(英文)": "name_en", "层级": "level",
                  "法定时限": "statutory_limit", "承诺时限": "committed_limit",
                  "实施依据": "legal_basis", "办理时限": "committed_limit",
                  "跑动次数": "visits_required", "是否进驻": "in_center"}  # fmt: skip
_COLUMN_OF = {**{c: c for c in CSV_COLUMNS}, **{v: k for k, v in SHEET_HEADERS.items()},
              **_EXTRA_HEADERS}  # fmt: skip

_LABELS: dict[str, dict[str, str]] = {
    "matter_type": {"01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收",
                    "05": "行政给付", "06": "行政检查", "07": "行政确认", "08": "行政奖励",
                    "09": "行政裁决", "10": "其他行政权力", "20": "公共服务",
                    "filing": "行政备案"},
    "level": {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇(街道)",
              "village": "村(社区)"},
    "online_depth": {"none": "不可网办", "information": "信息公开", "download": "表格下载",
                     "apply": "网上申报", "full": "全程网办"},
    "form": {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件",
             "electronic": "电子材料"},
    "node": {"accept": "受理", "undertake": "承办", "review": "审核", "approve": "批准",
             "complete": "办结", "notify": "送达", "fee": "收费"},
    "service_forms": {"appointment": "预约办理", "door_to_door": "上门服务", "agency": "代办",
                      "green_channel": "绿色通道", "extended_hours": "延时服务",
                      "mail": "邮寄送达", "online": "网上办理"},
}  # fmt: skip
_SYNONYMS = {
    "level": {"县(区)级": "county", "区级": "county", "乡镇": "township", "街道": "township",
              "村": "village", "社区": "village"},
    "node": {"告知": "notify", "告知/送达": "notify"},
}  # fmt: skip
_VALUES = {
    field: {**{v: k for k, v in labels.items()}, **{k: k for k in labels},
            **_SYNONYMS.get(field, {})}
    for field, labels in _LABELS.items()
}  # fmt: skip
_TRUE = {"是", "true", "1", "yes", "y", "√"}
_FALSE = {"否", "false", "0", "no", "n", "×"}
_SPLIT = re.compile(r"\s*[|｜]\s*")
_LIST = re.compile(r"\s*[、;；,，]\s*")


def _label(field: str, value: str) -> str:
    return _LABELS[field].get(value, value)


def _value(field: str, text: str) -> str:
    found = _VALUES[field].get(text.strip())
    if found is None:
        shown = "、".join(_LABELS[field].values())
        raise ValueError(f"one of {shown}")
    return found


def _cell(column: str, raw: Any) -> object:
    """The readable cell of one field of a matter's unstructured form."""
    if column in ("statutory_limit", "committed_limit"):
        return format_limit(converter.structure(raw, TimeLimit), "zh_CN")
    if column in ("matter_type", "level", "online_depth"):
        return _label(column, raw)
    if column == "legal_basis":
        return "\n".join(f"《{b['law']}》{b['article']}" for b in raw)
    if column == "materials":
        lines = []
        for m in raw:
            parts = [m["name"], _label("form", m["form"]), f"{m['count']}份",
                     "必要" if m["required"] else "非必要"]  # fmt: skip
            if m["tolerant"]:
                parts.append("可容缺")
            if m["sample"]:
                parts.append("样本:" + m["sample"])
            lines.append(" | ".join(parts))
        return "\n".join(lines)
    if column == "procedure":
        lines = []
        for s in raw:
            parts = [s["name"], _label("node", s["node"])]
            if s.get("limit") is not None:
                parts.append(format_limit(converter.structure(s["limit"], TimeLimit), "zh_CN"))
            lines.append(" | ".join(parts))
        return "\n".join(lines)
    if column == "fee":
        if raw is None:
            return ""
        amount = "" if raw.get("amount") is None else f"{raw['amount']}元"
        return " | ".join(p for p in (raw["standard"], raw["basis"], amount) if p)
    if column == "service_forms":
        return "、".join(_label("service_forms", f) for f in raw)
    if column == "departments":
        return "、".join(raw)
    if column in _FLAGS:
        return "是" if raw else "否"
    if column in ("visits_required", "version"):
        return int(raw)
    return "" if raw is None else str(raw)


def save_catalog_table(
    catalog: Catalog, path: str | os.PathLike[str], *, encoding: str = "utf-8-sig"
) -> Path:
    """Write a catalogue as ``.xlsx`` or ``.csv`` with Chinese headers and readable cells.

    A CSV is UTF-8 with a byte-order mark by default (Excel and WPS open it), or
    ``encoding="gb18030"`` for older tools; every text cell is neutralised against formulas.

    Examples:
        >>> import pathlib, tempfile
        >>> from govservice.matters import sample_catalog
        >>> tmp = tempfile.TemporaryDirectory()
        >>> out = save_catalog_table(sample_catalog(), pathlib.Path(tmp.name) / "c.xlsx")
        >>> load_catalog_table(out).matters == sample_catalog().matters
        True
        >>> tmp.cleanup()
    """
    target = Path(path)
    header = [SHEET_HEADERS[c] for c in CSV_COLUMNS]
    rows = []
    for m in catalog.matters:
        raw = converter.unstructure(m)
        rows.append([_cell(c, raw[c]) for c in CSV_COLUMNS])
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(target, {catalog.name[:31] or "事项目录": (header, rows)})
    if suffix != ".csv":
        raise InvalidValueError("path", os.fspath(path), "a .xlsx or .csv file")
    if encoding in ("utf-8-sig", "utf-8"):
        return write_csv(target, header, rows)
    try:
        data = csv_text(header, rows).encode(encoding)
    except (LookupError, UnicodeEncodeError) as exc:
        raise InvalidValueError(
            "encoding", encoding, f"an encoding of every cell ({exc})"
        ) from None
    atomic_write(target, data)
    return target


def _parse(column: str, cell: object) -> Any:
    """The raw (unstructured) value of one cell; ValueError names what it must hold."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return _OMIT
    if isinstance(cell, float) and cell == int(cell):
        cell = int(cell)
    text = str(cell).strip()
    if column in ("visits_required", "version"):
        if not text:
            return _OMIT
        if not text.isdigit():
            raise ValueError("a whole number")
        return int(text)
    if column in _FLAGS:
        if not text:
            return _OMIT
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("是 or 否")
    if column in ("matter_type", "level"):
        return _value(column, text)
    if column == "online_depth":
        return _value(column, text) if text else "none"
    if column in ("statutory_limit", "committed_limit"):
        return converter.unstructure(TimeLimit.parse(text)) if text else _OMIT
    if text.startswith(("[", "{")) and column in ("legal_basis", "materials", "procedure", "fee"):
        import json

        try:
            return json.loads(text)  # the older CSV form, JSON in the cell
        except ValueError:
            raise ValueError("lines as the docs show, or JSON") from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if column == "legal_basis":
        return [_basis(line) for line in lines]
    if column == "materials":
        materials = []
        for line in lines:
            parts = _SPLIT.split(line)
            item: dict[str, Any] = {"name": parts[0]}
            for part in parts[1:]:
                if part in _VALUES["form"]:
                    item["form"] = _VALUES["form"][part]
                elif re.fullmatch(r"\d+\s*份", part):
                    item["count"] = int(part.rstrip("份").strip())
                elif part in ("必要", "必须", "必需"):
                    item["required"] = True
                elif part in ("非必要", "非必须", "选填"):
                    item["required"] = False
                elif part in ("可容缺", "容缺"):
                    item["tolerant"] = True
                elif part.startswith(("样本:", "样本：")):
                    item["sample"] = part[3:]
                else:
                    raise ValueError(
                        "lines such as '营业执照 | 复印件 | 1份 | 必要' (then 可容缺, 样本:...)"
                    )
            materials.append(item)
        return materials
    if column == "procedure":
        steps = []
        for line in lines:
            parts = _SPLIT.split(line)
            if len(parts) not in (2, 3):
                raise ValueError("lines such as '受理 | 受理 | 即办' (name, node, limit)")
            step: dict[str, Any] = {"name": parts[0], "node": _value("node", parts[1])}
            if len(parts) == 3 and parts[2]:
                step["limit"] = converter.unstructure(TimeLimit.parse(parts[2]))
            steps.append(step)
        return steps
    if column == "fee":
        if not text:
            return None
        parts = _SPLIT.split(text)
        if len(parts) not in (2, 3):
            raise ValueError("'标准 | 依据 | 10元' (standard, basis, amount)")
        fee: dict[str, Any] = {"standard": parts[0], "basis": parts[1]}
        if len(parts) == 3:
            fee["amount"] = parts[2].removesuffix("元").strip()
        return fee
    if column == "service_forms":
        return [_value("service_forms", p) for p in _LIST.split(text) if p]
    if column == "departments":
        return [p for p in _LIST.split(text) if p]
    if column == "reports_to":
        return text or None
    return text


_OMIT = object()


def _basis(line: str) -> dict[str, str]:
    """``《law》article``, the brackets matched by depth (a law may quote another)."""
    if line.startswith("《"):
        depth = 0
        for i, ch in enumerate(line):
            depth += {"《": 1, "》": -1}.get(ch, 0)
            if depth == 0:
                return {"law": line[1:i], "article": line[i + 1 :].strip()}
    return {"law": line, "article": ""}


def load_catalog_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Catalog:
    """Read a catalogue sheet (``.xlsx``, ``.xls``, ``.ods`` or ``.csv`` in any encoding we read).

    Headers may be Chinese (`SHEET_HEADERS`) or the column ids of `CSV_COLUMNS`; cells may be
    readable lines or the older JSON form.

    Raises:
        CatalogError: Every problem of the sheet at once, by row and column.

    Examples:
        >>> import pathlib, tempfile
        >>> from govservice.matters import sample_catalog
        >>> tmp = tempfile.TemporaryDirectory()
        >>> out = pathlib.Path(tmp.name) / "目录.csv"
        >>> _ = save_catalog_table(sample_catalog(), out, encoding="gb18030")
        >>> len(load_catalog_table(out)) == len(sample_catalog())
        True
        >>> tmp.cleanup()
    """
    name = os.fspath(path)
    try:
        table = read_table(name, sheet=sheet, known=set(_COLUMN_OF))
    except InvalidValueError as exc:
        raise CatalogError(
            [CatalogProblem.of(name, "$", exc.field, exc.value, exc.expected)]
        ) from None
    where_sheet = f"sheet {table.sheet} " if table.sheet else ""
    problems: list[CatalogProblem] = [
        CatalogProblem.of(name, f"{where_sheet}row {row}", "(cells)", what, "one cell per column")
        for row, what in table.problems
    ]
    columns: dict[str, int] = {}
    for i, head in enumerate(table.header):
        if not head:
            continue
        column = _COLUMN_OF.get(head)
        if column is None:
            problems.append(
                CatalogProblem.of(name, f"{where_sheet}row {table.header_row}", "(header)", head,
                                  "a known column: " + "、".join(SHEET_HEADERS.values()))
            )  # fmt: skip
        else:
            columns[column] = i
    missing = [SHEET_HEADERS[c] for c in ("code", "name", "matter_type", "department", "level")
               if c not in columns]  # fmt: skip
    if missing:
        problems.append(
            CatalogProblem.of(
                name, f"{where_sheet}row {table.header_row}", "(header)", missing, "present"
            )
        )
    if problems:
        raise CatalogError(problems)
    raws: list[dict[str, Any]] = []
    places: list[str] = []
    from govservice._tabular import unneutralise

    for i in range(len(table)):
        raw: dict[str, Any] = {}
        place = f"{where_sheet}row {table.rows[i]}"
        for column, j in columns.items():
            cell = table.columns[j][i]
            if isinstance(cell, str):
                cell = unneutralise(cell)
            try:
                value = _parse(column, cell)
            except (ValueError, InvalidValueError) as exc:
                expected = exc.expected if isinstance(exc, InvalidValueError) else str(exc)
                problems.append(
                    CatalogProblem.of(name, place, SHEET_HEADERS[column], cell, expected)
                )
                continue
            if value is not _OMIT:
                raw[column] = value
        raws.append(raw)
        places.append(place)
    matters, good_places, more = _structure_all(raws, name, places.__getitem__)
    problems += more + validate(tuple(matters), name, good_places.__getitem__)
    if problems:
        raise CatalogError(problems)
    return Catalog(matters)
