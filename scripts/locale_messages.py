"""Shared by compile_locales.py and the tests: the msgids the source code marks for translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "govservice"
LOCALE_DIR = SOURCE / "locale"
DOMAIN = "govservice"
KEYWORDS = {"_t": (2,), "_tn": (2, 3), "N_": (1,)}


def source_msgids() -> set[str | tuple[str, str]]:
    """Every msgid (a string, or a (singular, plural) pair) marked in src/govservice."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(tuple(message) if isinstance(message, tuple | list) else message)
    return found
