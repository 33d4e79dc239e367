"""``govservice draw`` and ``verify-draw``: double random inspection draws (双随机、一公开)."""

from __future__ import annotations

from pathlib import Path

from govservice.cli._common import (
    DataProblems,
    UsageError,
    existing,
    locale_option,
    read_user_text,
    say,
)

__all__ = ["draw", "verify"]


def _pool(
    path: Path, column: str | None, strata_column: str | None
) -> tuple[list[str], dict[str, str] | None]:
    """Ids from a text file (one per line) or a sheet (a column, the first by default).

    A sheet's header is found as the records commands find theirs: the row with the named
    columns, or without names the first row as wide as a header; title rows above it (a
    county export's merged 某某县…办件明细 row) are skipped, and only the rows under it are
    targets.
    """
    from govservice._errors import InvalidValueError
    from govservice._tabular import read_table

    existing(path, "pool")
    if path.suffix.lower() == ".txt":
        if strata_column is not None:
            raise UsageError("--strata-column needs a sheet (.csv, .xlsx), not a .txt list")
        lines = read_user_text(path, "pool").splitlines()
        return [line.strip() for line in lines if line.strip()], None
    names = {name for name in (column, strata_column) if name is not None}
    try:
        table = read_table(path, known=names or None)
    except InvalidValueError:
        if not names:
            raise
        table = read_table(path)  # no row has the columns named: list the header's columns

    def col(name: str | None, default: int | None) -> list[str] | None:
        if name is None:
            return None if default is None else [str(v).strip() for v in table.columns[default]]
        if name not in table.header:
            raise UsageError(f"{path}: no column {name!r}; columns: {', '.join(table.header)}")
        return [str(v).strip() for v in table.columns[table.header.index(name)]]

    ids = col(column, 0) or []
    strata = col(strata_column, None)
    return ids, None if strata is None else dict(zip(ids, strata, strict=True))


def draw(
    targets: Path,
    inspectors: Path,
    /,
    *,
    seed: str,
    count: int | None = None,
    share: str | None = None,
    per_target: int = 1,
    column: str | None = None,
    strata_column: str | None = None,
    out: Path | None = None,
    locale: str = "zh_CN",
) -> int:
    """双随机抽查。Draw targets at random, then inspectors for each (double random, one public).

    The draw re-runs from its seed: publish the seed, the pools and the JSON written to --out,
    and anyone can check it with verify-draw. 公布种子、名录和结果，任何人可以复核。

    Example 示例: govservice draw 档案名录.xlsx 检查人员.txt --seed "2025-09 档案抽查" --share 0.05 --out 抽查结果.json

    Args:
        targets: 抽查对象名录 Ids to draw from: a .txt (one per line) or a sheet (first column).
        inspectors: 检查人员名录 Inspector ids: a .txt or a sheet.
        seed: 随机种子 The seed, fixed and recorded before the draw.
        count: 抽取数量 How many targets.
        share: 抽查比例 What share, such as 0.05 (rounded up).
        per_target: 每个对象的检查人员数 Inspectors per target.
        column: 编号列 The id column of a sheet (default: the first).
        strata_column: 分层列 A column to stratify by (a department, a district).
        out: 结果文件 Where to write the draw as JSON.
        locale: 语言 zh_CN, zh_TW or en.
    """
    from govservice._files import atomic_write
    from govservice.supervision import draw_inspection, format_draw

    loc = locale_option(locale)
    pool, strata = _pool(targets, column, strata_column)
    people, _ = _pool(inspectors, None, None)
    for name, path, ids in (("TARGETS", targets, pool), ("INSPECTORS", inspectors, people)):
        if not ids:  # a draw from nobody proves nothing: an empty or wrong file
            raise UsageError(f"{name} must list at least one id (名录为空), got {str(path)!r}")
    try:
        result = draw_inspection(pool, people, seed=seed, count=count, share=share,
                                 per_target=per_target, strata=strata)  # fmt: skip
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    say(format_draw(result, loc))
    if out is not None:
        atomic_write(out, result.to_json())
        say(f"写入 written: {out}")
    return 0


def verify(
    published: Path,
    targets: Path,
    inspectors: Path,
    /,
    *,
    column: str | None = None,
    strata_column: str | None = None,
) -> int:
    """复核抽查结果。Re-run a published draw from its seed and pools; exit 1 if anything differs.

    Example 示例: govservice verify-draw 抽查结果.json 档案名录.xlsx 检查人员.txt

    Args:
        published: 公布的结果 The draw's JSON.
        targets: 抽查对象名录 The target pool.
        inspectors: 检查人员名录 The inspector pool.
        column: 编号列 The id column of a sheet (default: the first).
        strata_column: 分层列 The column the draw was stratified by.
    """
    from govservice import DrawVerificationError
    from govservice.supervision import Draw, verify_draw

    result = Draw.from_json(read_user_text(published, "DRAW"))
    pool, strata = _pool(targets, column, strata_column)
    people, _ = _pool(inspectors, None, None)
    try:
        verify_draw(result, pool, people, strata=strata)
    except DrawVerificationError as exc:
        say(f"不一致 differs: {exc}")
        raise DataProblems(1) from None
    say(f"一致 verified: {published} (seed {result.seed!r}, {len(result.targets)} targets)")
    return 0
