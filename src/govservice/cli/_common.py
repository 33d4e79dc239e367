"""What every command shares: output, the calendar option, arguments, exit-code exceptions.

Output is rich on a terminal and plain when piped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govservice.calendar import WorkCalendar
    from govservice.matters import Catalog

__all__ = [
    "DataProblems",
    "UsageError",
    "load_calendar_option",
    "load_catalog_option",
    "parse_day",
    "progress",
    "say",
    "say_error",
    "table",
]

CALENDAR_HELP = (
    "日历文件：完整日历或一个年度文件（本库 JSON 格式）；默认国家官方日历 china()。"
    "A calendar file (a whole calendar, or one year added to china()); by default the "
    "official China calendar, china()."
)


class UsageError(Exception):
    """A bad argument or option: exit code 2."""


class DataProblems(Exception):  # noqa: N818 - a signal carrying an exit code, not an error
    """Problems in the data were printed: exit with ``code`` (1)."""

    def __init__(self, code: int = 1) -> None:
        super().__init__(code)
        self.code = code


def _rich_out() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _safe(text: str) -> str:
    """Text the console can print (a Chinese Windows console is GBK): no crash on a symbol."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, "replace").decode(encoding, "replace")
    return text


def say(text: str = "") -> None:
    """Print a line to standard output."""
    print(_safe(text))


def say_error(text: str) -> None:
    """Print a line to standard error."""
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    print(text.encode(encoding, "replace").decode(encoding, "replace"), file=sys.stderr)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else f"{value:g}"
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).replace("\t", " ").replace("\n", " ")


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table: rich with a safe box on a terminal, tab-separated plain text when piped."""
    if not _rich_out():
        if title:
            say(f"# {title}")
        say("\t".join(header))
        for row in rows:
            say("\t".join(_cell(v) for v in row))
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(safe_box=True, emoji=False, highlight=False)
    try:
        "─".encode(console.encoding)
        style = box.SIMPLE_HEAD
    except (UnicodeEncodeError, LookupError):
        style = box.ASCII
    out = Table(title=title or None, box=style, show_lines=False)
    for h in header:
        out.add_column(str(h), overflow="fold")
    for row in rows:
        out.add_row(*(_cell(v) for v in row))
    console.print(out)


@contextlib.contextmanager
def progress(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on a terminal (standard error); a no-op when piped.

    Yields a function ``advance(text, steps=1)`` to call after each step (``total`` None: a
    count with no end known).
    """
    if not sys.stderr.isatty():
        yield lambda _text="", steps=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, emoji=False)
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    )  # fmt: skip
    with bar:
        task = bar.add_task(description, total=total)

        def advance(text: str = "", steps: int = 1) -> None:
            bar.update(task, advance=steps, description=text or description)

        yield advance


def parse_day(text: str, field: str) -> dt.date:
    """A date argument (2025-01-24, 2025/1/24 or 2025年1月24日); UsageError otherwise."""
    import re
    import unicodedata

    norm = unicodedata.normalize("NFKC", text).strip()
    m = re.fullmatch(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?", norm)
    if m is None:
        raise UsageError(f"{field} must be a date such as 2025-01-24, got {text!r}")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UsageError(f"{field} must be a real date, got {text!r}") from None


def parse_month(text: str) -> tuple[int, int]:
    """A month argument (2025-05, 2025/5, 2025年5月); UsageError otherwise."""
    import re
    import unicodedata

    norm = unicodedata.normalize("NFKC", text).strip()
    m = re.fullmatch(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?", norm)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"month must be a month such as 2026-02, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def existing(path: Path, field: str) -> Path:
    """The path of a file that exists; UsageError otherwise."""
    if not path.is_file():
        raise UsageError(f"{field}: no such file {os.fspath(path)!r}")
    return path


def read_user_text(path: Path, field: str) -> str:
    """A text file a clerk gives: UTF-8 (a byte-order mark or none) or GB18030/GBK.

    GB18030 is what Notepad on a Chinese Windows saves by default. A binary file (a workbook
    renamed ``.txt``) or UTF-16 is a usage error naming the file and what to save it as.
    """
    from govservice._errors import InvalidValueError
    from govservice._tabular import detect_encoding

    existing(path, field)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{field}: cannot read {os.fspath(path)!r} ({exc.strerror})") from None
    try:
        return raw.decode(detect_encoding(raw, source=os.fspath(path)))
    except InvalidValueError:
        raise UsageError(
            f"{field}: {os.fspath(path)!r} is not text in UTF-8 or GB18030/GBK (a binary file "
            "or UTF-16?); save it as text in UTF-8"
        ) from None


def load_calendar_option(path: Path | None, option: str = "--calendar") -> WorkCalendar:
    """The calendar of ``--calendar FILE`` (or another ``option``), or the official one."""
    import json

    from govservice.calendar import china, load_calendar, load_year

    if path is None:
        return china()
    try:
        whole = "years" in json.loads(read_user_text(path, option))
    except (ValueError, TypeError):
        whole = True  # load_calendar names the problem
    if whole:
        return load_calendar(path)
    return china().with_year(load_year(path), replace=True)


def load_catalog_option(path: Path | None) -> Catalog | None:
    """The catalogue of ``--catalog FILE`` (xlsx, csv, json or toml), if given."""
    if path is None:
        return None
    from govservice.matters import Catalog

    return Catalog.load(existing(path, "--catalog"))


def locale_option(locale: str) -> str:
    """The locale of ``--locale``: zh_CN, zh_TW or en."""
    norm = locale.replace("-", "_")
    if norm in ("zh", "zh_CN", "zh_Hans"):
        return "zh_CN"
    if norm in ("zh_TW", "zh_Hant"):
        return "zh_TW"
    if norm.lower().startswith("en"):
        return "en"
    raise UsageError(f"--locale must be zh_CN, zh_TW or en, got {locale!r}")
