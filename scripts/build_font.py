"""Subset Noto Sans CJK SC into the font govservice ships for its charts (needs fonttools).

Charts (the Gantt chart of `govservice.approval`, the monthly report) must render Chinese on a
machine with no Chinese system font, so the package carries one: Noto Sans CJK SC Regular
(SIL Open Font License 1.1, no reserved font name; see src/govservice/_fonts/OFL.txt),
subset to the characters charts need: every character of GB 2312 (simplified), the Big5
level-1 frequent characters (traditional, for zh_TW labels), Latin-1 and general punctuation.
About 10,000 characters, 2.2 MB.

Usage:
    python scripts/build_font.py path/to/NotoSansCJKsc-Regular.otf

The source used for the committed file: NotoSansCJKsc-Regular.otf version 1.004 (Adobe/Google,
from the Noto CJK project; the same file is in Debian's fonts-noto-cjk and in the PyPI wheel
mplfonts 0.0.11, mplfonts/fonts/NotoSansCJKsc-Regular.otf).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/govservice/_fonts/NotoSansCJKsc-govservice.otf"


def characters() -> str:
    """GB 2312 + Big5 level 1 + Latin-1 + punctuation, sorted."""
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    for hi in range(0xA1, 0xC7):  # Big5 level 1 (常用字) and symbols
        for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("big5"))
    for first, last in ((0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x3000, 0x3040),
                        (0xFF00, 0xFFF0)):  # fmt: skip
        chars.update(chr(c) for c in range(first, last))
    return "".join(sorted(chars))


def main(source: str) -> None:
    """Write the subset next to the package's other data."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    subset.save_font(font, str(OUT), options)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(characters()):,} characters)")


if __name__ == "__main__":
    main(sys.argv[1])
