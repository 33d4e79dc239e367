"""Rich displays for notebooks: small, self-contained HTML cards built from escaped text.

Every value that a trainer shows in Jupyter (a deadline, a case, a schedule, a monitoring
result) gets a ``_repr_html_`` that calls `card`. Text from data is always escaped: a matter
named ``<script>`` shows as text, never as markup. Nothing here reads the clock or the locale.

Examples:
    >>> html_text = card("办结期限 Deadline", [("到期 due", "2025-03-06 <b>")])
    >>> "<td>2025-03-06 &lt;b&gt;</td>" in html_text, "<b>" in html_text
    (True, False)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["card", "table"]

_STYLE = (
    "font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;border:1px solid #ccd;"
    "border-radius:6px;padding:8px 12px;margin:4px 0;max-width:760px"
)


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table of escaped cells (text left, numbers right)."""
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for value in row:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            align = " style='text-align:right'" if number else ""
            cells.append(f"<td{align}>{html.escape(_text(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def card(
    title: str,
    fields: Iterable[tuple[str, object]],
    *,
    notes: Iterable[str] = (),
    extra: str = "",
) -> str:
    """A titled card of label/value rows, then escaped notes (one per line) and ``extra`` HTML.

    Args:
        title: The heading (escaped).
        fields: (label, value) pairs (both escaped).
        notes: Lines shown under the rows, such as a deadline's explanation (escaped).
        extra: Markup built by the caller from escaped parts (a `table`), appended as is.
    """
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(label)}</th>"
        f"<td>{html.escape(_text(value))}</td></tr>"
        for label, value in fields
    )
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in notes)
    listing = f"<ol style='margin:4px 0 0 1.2em;padding:0'>{lines}</ol>" if lines else ""
    return (
        f'<div class="govservice-card" style="{_STYLE}"><strong>{html.escape(title)}</strong>'
        f"<table>{rows}</table>{listing}{extra}</div>"
    )


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(getattr(value, "value", value))
