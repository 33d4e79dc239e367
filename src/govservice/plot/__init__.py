"""govservice.plot: the bundled Chinese font for your own charts (needs the ``plot`` extra).

govservice ships a subset of Noto Sans CJK SC (SIL Open Font License 1.1) covering GB 2312,
Big5 level 1 and Latin, so charts show Chinese on machines with no Chinese system font, such as
a trainer's laptop or a server. The library's own charts use it already; these functions give it
to charts you draw yourself, without changing matplotlib's global settings unless you ask.

Examples:
    >>> from matplotlib.figure import Figure
    >>> from govservice.plot import chinese_font
    >>> fig = Figure()
    >>> title = fig.suptitle("按时办结率", fontproperties=chinese_font())
    >>> title.get_fontname()
    'Noto Sans CJK SC'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govservice._plot import FONT, FONT_FAMILY, chart_context, matplotlib_or_error

__all__ = ["FONT_FAMILY", "chinese_charts", "chinese_font", "font_path", "register_chinese_font"]

#: The chart context under its public name: within it, matplotlib draws with the bundled font
#: (SVG text as paths, stable ids) and every global setting is restored afterwards.
chinese_charts = chart_context


def font_path() -> Path:
    """The bundled font file (OpenType), for tools other than matplotlib.

    Examples:
        >>> font_path().suffix
        '.otf'
    """
    return FONT


def register_chinese_font() -> str:
    """Make the bundled font known to matplotlib and return its family name.

    Set it yourself where you want it, for example in a notebook:
    ``plt.rcParams["font.family"] = register_chinese_font()``. govservice never changes
    matplotlib's global settings on its own.

    Examples:
        >>> register_chinese_font()
        'Noto Sans CJK SC'
    """
    matplotlib_or_error()
    from matplotlib import font_manager

    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT))
    return FONT_FAMILY


def chinese_font(size: float | None = None) -> Any:
    """A matplotlib ``FontProperties`` of the bundled font, for ``fontproperties=``.

    Args:
        size: The font size in points; matplotlib's default when omitted.

    Examples:
        >>> chinese_font(12).get_size()
        12.0
    """
    matplotlib_or_error()
    from matplotlib.font_manager import FontProperties

    register_chinese_font()
    return FontProperties(fname=str(FONT), size=size)
