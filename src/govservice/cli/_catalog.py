"""``govservice catalog ...``: check, convert and summarise a catalogue of matters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govservice.cli._common import DataProblems, UsageError, existing, say, table

__all__ = ["check", "convert", "figures", "guide_command"]


def _load(file: Path) -> object:
    from govservice import CatalogError
    from govservice.matters import Catalog

    try:
        return Catalog.load(existing(file, "FILE"))
    except CatalogError as exc:
        rows = [[p.where, p.field, p.value, p.expected] for p in exc.problems]
        table(f"{len(rows)} 个问题 problems: {file}",
              ["位置 where", "列 column", "值 value", "应为 expected"], rows)  # fmt: skip
        raise DataProblems(1) from None


def check(file: Path, /) -> int:
    """检查事项目录。Check a catalogue (xlsx, csv, json, toml): every problem at once.

    Chinese headers (事项编码, 事项名称, 事项类型 ...) and labels (行政许可, 县级, 是/否) are
    read as staff write them; exit 1 lists each problem with its row and column.

    Example 示例: govservice catalog check 事项目录.xlsx

    Args:
        file: 目录文件 The catalogue file.
    """
    catalog = _load(file)
    say(f"好 ok: {file}: {len(catalog)} 个事项 matters")  # type: ignore[arg-type]
    return 0


def convert(file: Path, out: Path, /) -> int:
    """转换事项目录格式。Convert a catalogue between xlsx, csv, json and toml.

    An .xlsx or .csv is written with Chinese headers and readable cells (materials as lines),
    in UTF-8 with a byte-order mark so that Excel and WPS open it.

    Example 示例: govservice catalog convert catalog.json 事项目录.xlsx

    Args:
        file: 目录文件 The catalogue to read.
        out: 输出文件 The file to write (.xlsx, .csv, .json, .toml).
    """
    from govservice.matters._sheet import save_catalog_table

    catalog = _load(file)
    suffix = out.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        save_catalog_table(catalog, out)  # type: ignore[arg-type]
    elif suffix in (".json", ".toml"):
        catalog.save(out)  # type: ignore[attr-defined]
    else:
        raise UsageError(f"OUT must be a .xlsx, .csv, .json or .toml file, got {str(out)!r}")
    say(f"写入 written: {out} ({len(catalog)} 个事项 matters)")  # type: ignore[arg-type]
    return 0


def figures(file: Path, /) -> int:
    """目录统计。Catalogue figures per department: statutory and committed working days.

    Example 示例: govservice catalog figures 事项目录.xlsx

    Args:
        file: 目录文件 The catalogue file.
    """
    catalog = _load(file)
    f = catalog.figures()  # type: ignore[attr-defined]
    rows = []
    for d in (*f.departments, f.total):
        rate = d.compression_rate
        rows.append([d.department or "合计 total", d.matters, d.statutory_working_days, d.committed_working_days,
                     d.saved_working_days, "" if rate is None else f"{rate * 100:.2f}%"])  # fmt: skip
    table(str(file), ["部门 department", "事项 matters", "法定 statutory", "承诺 committed",
                      "压缩 saved", "压缩率 compression"], rows)  # fmt: skip
    return 0


def guide_command(
    file: Path,
    /,
    *,
    out: Path | None = None,
    code: str | None = None,
    format: str = "html",
    locale: str = "zh_CN",
) -> int:
    """办事指南。Service guides: one matter's (--code) or a static site of every matter.

    Without --code, --out is a new directory that receives index.html and one page per
    matter. With --code, the guide goes to --out or, without it, to standard output.
    A matter that lacks an element the law requires is named (exit 1).

    Example 示例: govservice catalog guide 事项目录.xlsx --out 办事指南

    Args:
        file: 目录文件 The catalogue file.
        out: 输出 The site's directory, or the one guide's file.
        code: 事项编码 One matter's guide.
        format: 格式 html, markdown or json (one matter's guide).
        locale: 语言 zh_CN, zh_TW or en.
    """
    from govservice import GuideError
    from govservice._files import atomic_write
    from govservice.cli._common import locale_option
    from govservice.matters import guide, guide_site

    loc = locale_option(locale)
    catalog: Any = _load(file)
    try:
        if code is None:
            if out is None:
                raise UsageError("--out DIR is needed for a guide site (or give --code)")
            site = guide_site(catalog, out, locale=loc)
            say(f"写入 written: {site.index} ({len(site.pages)} 个事项 matters)")
            return 0
        if code not in catalog:
            raise UsageError(f"--code {code!r} is not in the catalogue")
        text = guide(catalog[code], locale=loc, format=format)
    except GuideError as exc:
        say(f"数据有问题 problem in the data: {exc}")
        raise DataProblems(1) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if out is None:
        say(text)
    else:
        atomic_write(out, text)
        say(f"写入 written: {out}")
    return 0
