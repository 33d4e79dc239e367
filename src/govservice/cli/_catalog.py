"""``govservice catalog ...``: check, convert and summarise a catalogue of matters."""

from __future__ import annotations

from pathlib import Path

from govservice.cli._common import DataProblems, UsageError, existing, say, table

__all__ = ["check", "convert", "figures", "guide"]


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
    catalog = _load(file)
    suffix = out.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        catalog.save_table(out)  # type: ignore[attr-defined]
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


def guide(
    file: Path,
    /,
    *,
    code: str | None = None,
    out: Path | None = None,
    format: str = "html",
    locale: str = "zh_CN",
    life_events: Path | None = None,
) -> int:
    """办事指南。Service guides (一事一表): one matter's guide, or the catalogue as a site.

    With --code, the guide of that matter is printed (or written to --out) as HTML, Markdown or
    JSON. Without it, the whole catalogue is written to the directory --out as a static site
    with an index by department (and by life event, with --life-events). A matter missing an
    element the Administrative Licensing Law art. 30 requires is refused, each element named.

    Example 示例: govservice catalog guide 事项目录.xlsx --out 办事指南

    Args:
        file: 目录文件 The catalogue file.
        code: 事项编码 The matter's code: print its guide only.
        out: 输出 The site's directory, or with --code the file to write.
        format: 格式 html, markdown or json (with --code).
        locale: 语言 zh_CN, zh_TW or en.
        life_events: 人生事件 A JSON file: {"life event": ["matter code", ...], ...}.
    """
    from govservice._files import parse_json, read_text
    from govservice.matters import GUIDE_FORMATS, guide_site
    from govservice.matters import guide as render

    if format not in GUIDE_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(GUIDE_FORMATS)}, got {format!r}")
    catalog = _load(file)
    if code is not None:
        if code not in catalog:  # type: ignore[operator]
            raise UsageError(f"--code {code!r} is not a matter of {file}")
        text = render(catalog[code], locale=locale, format=format)  # type: ignore[index]
        if out is None:
            say(text.rstrip("\n"))
        else:
            from govservice._files import atomic_write

            atomic_write(out, text, field="--out")
            say(f"写入 written: {out}")
        return 0
    if out is None:
        raise UsageError("--out DIR is needed to write the catalogue's site (or give --code)")
    events = None
    if life_events is not None:
        events = parse_json(read_text(existing(life_events, "--life-events")))
        if not isinstance(events, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) for c in v) for v in events.values()
        ):
            raise UsageError('--life-events must hold {"life event": ["matter code", ...]}')
    site = guide_site(catalog, out, locale=locale, life_events=events)  # type: ignore[arg-type]
    say(f"写入 written: {site.index} ({len(site.pages)} 个事项 matters)")
    return 0
