"""Shared chart set-up: matplotlib with the bundled Chinese font, without touching global style.

Charts need the ``plot`` extra (``pip install "govservice[plot]"``). The package ships a subset
of Noto Sans CJK SC (SIL OFL 1.1, see ``_fonts/OFL.txt``), so Chinese labels render on machines
with no Chinese system font, in PNG as in SVG.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govservice._extras import optional

__all__ = ["FONT", "FONT_FAMILY", "chart_context", "matplotlib_or_error", "save_figure"]

#: The bundled font file.
FONT = Path(__file__).resolve().parent / "_fonts" / "NotoSansCJKsc-govservice.otf"
#: Its family name, as matplotlib knows it.
FONT_FAMILY = "Noto Sans CJK SC"


def matplotlib_or_error(extra: str = "plot") -> Any:
    """Import matplotlib, or raise ImportError naming the extra to install.

    Examples:
        >>> matplotlib_or_error().__name__
        'matplotlib'
    """
    return optional("matplotlib", extra, "charts")


@functools.cache
def _register() -> None:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT))


@contextlib.contextmanager
def chart_context() -> Iterator[None]:
    """Within it, matplotlib draws with the bundled Chinese font; global settings are restored.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> with chart_context():
        ...     fig = Figure()
        ...     _ = fig.suptitle("并联审批")
        ...     fig.texts[0].get_fontfamily()[0]
        'Noto Sans CJK SC'
    """
    matplotlib = matplotlib_or_error()
    _register()
    settings = {
        # named on each text as it is made, so a figure saved later still uses the font
        "font.family": [FONT_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # glyphs as paths: the SVG needs no font to view
        "svg.hashsalt": "govservice",  # stable ids: the same chart gives the same SVG
        "text.parse_math": False,  # text from data ("$\\x$") is never read as mathtext
    }
    with matplotlib.rc_context(settings):
        yield


def save_figure(figure: Any, path: str | Path) -> Path:
    """Save ``figure`` as SVG or PNG (by suffix) with the bundled font; returns the path.

    The image is rendered in memory and written whole (`govservice._files.atomic_write`).
    """
    from govservice._errors import InvalidValueError

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InvalidValueError("path", str(path), "a file name ending in .svg or .png")
    from govservice._files import atomic_write

    buffer = io.BytesIO()
    with chart_context():
        metadata = {"Date": None} if suffix == ".svg" else {"Software": None}
        figure.savefig(buffer, format=suffix[1:], dpi=150, metadata=metadata)
    atomic_write(target, buffer.getvalue())
    return target
