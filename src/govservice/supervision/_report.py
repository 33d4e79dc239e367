"""The monthly report: one self-contained HTML page, its tables as CSV and JSON, charts as PNG."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import math
import re
from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from govservice._columns import NAT, RecordColumns, pandas
from govservice._errors import InvalidValueError
from govservice._files import atomic_directory, check_path
from govservice._i18n import N_, _t, pick_locale
from govservice._tabular import write_table, write_xlsx
from govservice._validators import check_text, parse_date
from govservice.supervision._irregular import IRREGULARITY_RULES, find_irregularities
from govservice.supervision._monitor import STATUSES, Thresholds, monitor, status_name
from govservice.supervision._scoring import ScoringScheme, county_monthly_scheme

if TYPE_CHECKING:
    from collections.abc import Iterable

    from govservice.approval import ParallelCase
    from govservice.calendar import WorkCalendar
    from govservice.matters import Case, CaseFeedback, Catalog, CenterHierarchy, Inquiry

__all__ = ["MonthlyReport", "MonthlyReportContent", "build_monthly_report", "monthly_report"]

_HEADERS = {
    "department": N_("department"),
    "center": N_("center"),
    "period": N_("month"),
    "acceptance_volume": N_("accepted"),
    "completed": N_("completed"),
    "on_time_rate": N_("on-time rate"),
    "overdue": N_("overdue completions"),
    "on_site_rate": N_("on-site rate"),
    "online_rate": N_("online rate"),
    "satisfaction_rate": N_("satisfaction rate"),
    "complaint_rate": N_("complaint rate"),
    "open": N_("open cases"),
    "normal": N_("normal"),
    "yellow": N_("yellow warning"),
    "red": N_("red: overdue"),
    "rule": N_("rule"),
    "case_id": N_("case"),
    "matter_code": N_("matter"),
    "evidence": N_("evidence"),
    "points": N_("points"),
    "rank": N_("rank"),
    "points_change": N_("change in points"),
    "rank_change": N_("change in rank"),
    "item": N_("item"),
    "value": N_("value"),
    # the public side
    "rectification_rate": N_("rectification rate"),
    "on_time_rectification_rate": N_("on-time rectification rate"),
    "real_name_bad_review_callback_rate": N_("real-name bad-review callback rate"),
    "level": N_("level"),
    "rectification": N_("rectification"),
    "source": N_("source"),
    "state": N_("state"),
    "opened_on": N_("opened on"),
    "due_date": N_("due date"),
    "days_left": N_("working days left"),
    "past_due": N_("past due"),
    "real_name": N_("real name"),
    "provisional": N_("due on a provisional calendar"),
    "inquiry_id": N_("inquiry"),
    "first_responder": N_("first responder"),
    "responsible": N_("responsible now"),
    "handovers": N_("hand-overs"),
    "asked_on": N_("asked on"),
}
_RATES = {"on_time_rate", "on_site_rate", "online_rate", "satisfaction_rate", "complaint_rate",
          "rectification_rate", "on_time_rectification_rate",
          "real_name_bad_review_callback_rate"}  # fmt: skip
_PUBLIC_RATES = ["rectification_rate", "on_time_rectification_rate",
                 "real_name_bad_review_callback_rate"]  # fmt: skip
_CENTER_COLUMNS = ["center", "level", "acceptance_volume", "completed", "on_time_rate",
                   "satisfaction_rate", "complaint_rate", *_PUBLIC_RATES]  # fmt: skip
_DEPT_COLUMNS = ["department", "acceptance_volume", "completed", "on_time_rate", "overdue",
                 "on_site_rate", "online_rate", "satisfaction_rate", "complaint_rate"]  # fmt: skip
_TABLES = ("summary", "departments", "trend", "warnings", "irregularities", "ranking")
_CHARTS = ("on_time_by_department", "trend", "warnings", "irregularities", "ranking")
_BLUE, _GREEN, _YELLOW, _RED, _GREY = "#3b75af", "#2e933c", "#f2b705", "#c0392b", "#9e9e9e"


_SHEET_NAMES = {
    "summary": N_("Summary"), "departments": N_("Indicators by department"),
    "trend": N_("Trend over the months"), "warnings": N_("Warnings on {day}"),
    "irregularities": N_("Irregularities"), "ranking": N_("Ranking by points"),
    # Excel keeps 31 characters of a sheet name: short names, without the day
    "rectifications": N_("Open rectifications"), "inquiries": N_("Unanswered inquiries"),
    "centers": N_("Centers rolled up"),
}  # fmt: skip


def _sheet(frame: Any, loc: str) -> tuple[list[str], list[list[Any]], dict[int, str]]:
    """A table for people: translated headers, plain values, rates rounded to 0.01%."""
    columns = [str(c) for c in frame.columns]
    header = [_t(loc, _HEADERS[c]) if c in _HEADERS else c for c in columns]
    formats = {j: "percent" for j, c in enumerate(columns) if c in _RATES}
    rows = []
    for row in frame.itertuples(index=False):
        values: list[Any] = []
        for j, v in enumerate(row):
            if v is None or type(v).__name__ in ("NAType", "NaTType"):
                values.append(None)
                continue
            v = v.item() if hasattr(v, "item") else v
            if j in formats and isinstance(v, float) and not math.isnan(v):
                v = round(v, 4)
            values.append(v)
        rows.append(values)
    return header, rows, formats


@attrs.frozen(eq=False)
class MonthlyReport:
    """What `monthly_report` wrote, with the tables it computed.

    Args:
        month: The month, as ``YYYY-MM``.
        lang: The report's language.
        html: The HTML page (open it in a browser; it needs no network).
        tables: Each table as a pandas DataFrame, by name (``summary``, ``departments``,
            ``trend``, ``warnings``, ``irregularities``, ``ranking``).
        files: Every file written, by name (``<table>.csv``, ``<table>.json``,
            ``<chart>.png``, ``report.html``).

    Examples:
        >>> MonthlyReport("2025-03", "zh", Path("report.html"), {}, {})
        MonthlyReport(month='2025-03', html='report.html', files=0)
    """

    month: str
    lang: str
    html: Path
    tables: Mapping[str, Any] = attrs.field(repr=False)
    files: Mapping[str, Path] = attrs.field(repr=False)

    @property
    def locale(self) -> str:
        """The report's locale (``lang`` is its older name)."""
        return self.lang

    def __repr__(self) -> str:
        return (
            f"MonthlyReport(month={self.month!r}, html={str(self.html)!r}, files={len(self.files)})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@attrs.frozen(eq=False)
class MonthlyReportContent:
    """The month's report of a center, built and not yet written (`build_monthly_report`).

    Args:
        month: The month, as ``YYYY-MM``.
        locale: The report's catalog locale (``zh_CN``, ``zh_TW`` or ``en``).
        title: The page's title.
        tables: Each table as a pandas DataFrame, by name (``summary``, ``departments``,
            ``trend``, ``warnings``, ``irregularities``, ``ranking``).
        figures: Each chart as a matplotlib Figure, by name (``on_time_by_department``,
            ``trend``, ``warnings``, ``irregularities``, ``ranking``).
        page: The HTML page, its charts inline as SVG.

    Examples:
        >>> MonthlyReportContent("2025-03", "en", "March", {}, {}, "<html></html>")
        MonthlyReportContent(month='2025-03', tables=0, figures=0)
    """

    month: str
    locale: str
    title: str
    tables: Mapping[str, Any] = attrs.field(repr=False)
    figures: Mapping[str, Any] = attrs.field(repr=False)
    page: str = attrs.field(repr=False)

    def __repr__(self) -> str:
        return (
            f"MonthlyReportContent(month={self.month!r}, tables={len(self.tables)}, "
            f"figures={len(self.figures)})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def write(self, out_dir: str | Path) -> MonthlyReport:
        """Write the page, each table as CSV and JSON and each chart as PNG into ``out_dir``.

        The directory is built aside and moved into place whole, so a failure leaves the
        previous report as it was. An existing directory is replaced only if it is empty or
        holds an earlier report (never one with other files).

        Returns:
            A `MonthlyReport` with the paths written and the tables.
        """
        from govservice._plot import save_figure

        out = check_path(out_dir, field="out_dir")
        files: dict[str, Path] = {}
        last = _month(self.month)[1]
        sheets: dict[str, Any] = {}
        sheet_formats: dict[str, dict[int, str]] = {}
        with atomic_directory(out, field="out_dir") as build:
            for name, frame in self.tables.items():
                # For people: headers in the report's language, rates rounded to 0.01% (UTF-8
                # with a BOM, formulas neutralised); the JSON keeps the ids and exact values.
                header, rows, formats = _sheet(frame, self.locale)
                write_table(build / f"{name}.csv", header, rows, formats=formats)
                sheet = _t(self.locale, _SHEET_NAMES[name]).format(day=last.isoformat())
                sheets[sheet], sheet_formats[sheet] = (header, rows), formats
                text = json.dumps(_json_ready(frame), ensure_ascii=False, indent=1)
                (build / f"{name}.json").write_text(text, encoding="utf-8")
                files[f"{name}.csv"] = out / f"{name}.csv"
                files[f"{name}.json"] = out / f"{name}.json"
            write_xlsx(build / "report.xlsx", sheets, formats=sheet_formats)
            files["report.xlsx"] = out / "report.xlsx"
            for name, figure in self.figures.items():
                save_figure(figure, build / f"{name}.png")
                files[f"{name}.png"] = out / f"{name}.png"
            (build / "report.html").write_text(self.page, encoding="utf-8")
            files["report.html"] = out / "report.html"
        return MonthlyReport(self.month, self.locale, out / "report.html", self.tables, files)


def _month(value: object) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.datetime):
        raise InvalidValueError("month", value, "a date or 'YYYY-MM'")
    if isinstance(value, dt.date):
        first = value.replace(day=1)
    elif isinstance(value, str):
        first = parse_date("month", value + "-01")
    else:
        raise InvalidValueError("month", value, "a date or 'YYYY-MM'")
    days = monthrange(first.year, first.month)[1]  # no overflow in December 9999
    return first, first.replace(day=days)


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
#: Columns shown with two decimals and a sign (``+1.50``, ``-2``, ``0``).
_SIGNED = {"points_change", "rank_change"}
_NUM = " class='num'"
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


def _month_name(value: object, loc: str) -> str:
    """A month as readers write it: ``2025年5月`` (zh), ``May 2025`` (en)."""
    first = _month(value)[0]
    if loc == "en":
        return f"{_MONTHS_EN[first.month - 1]} {first.year}"
    return f"{first.year}年{first.month}月"


def _day_name(day: dt.date, loc: str) -> str:
    """A date as readers write it: ``2025年5月31日`` (zh), ``31 May 2025`` (en)."""
    if loc == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def _fmt(value: object, column: str, loc: str) -> str:
    """A cell for people: rates as ``99.50%``, other decimals to 0.01, changes signed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    try:
        if value is pandas().NA:
            return "—"
    except TypeError:  # pragma: no cover - ambiguous truth of exotic values
        pass
    if isinstance(value, bool | np.bool_):
        return _t(loc, "yes") if value else _t(loc, "no")
    if column in _RATES and isinstance(value, float | np.floating):
        return f"{100 * float(value):.2f}%"
    if column in _SIGNED and isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if number == 0:
            return "0" if column == "rank_change" else "0.00"
        return f"{int(number):+d}" if column == "rank_change" else f"{number:+.2f}"
    if isinstance(value, float | np.floating):
        return f"{float(value):.2f}"
    if column == "period":
        return _month_name(str(value), loc)
    if column == "rule":
        return next(r.name(loc) for r in IRREGULARITY_RULES if r.id == value)
    if column == "status":
        return status_name(str(value), loc)
    return str(value)


def _numeric(frame: Any, column: str) -> bool:
    """Whether a column holds numbers (right-aligned) rather than text (left-aligned)."""
    pd = pandas()
    dtype = frame[column].dtype
    return bool(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype))


def _html_table(frame: Any, loc: str, limit: int | None = None) -> str:
    """The table as HTML: text left, numbers right, every cell escaped."""
    numeric = {c: _numeric(frame, c) for c in frame.columns}
    head = "".join(
        f"<th{_NUM if numeric[c] else ''}>"
        f"{html.escape(_t(loc, _HEADERS[c]) if c in _HEADERS else str(c))}</th>"
        for c in frame.columns
    )
    rows = []
    shown = frame if limit is None else frame.head(limit)
    for record in shown.itertuples(index=False):
        cells = []
        for v, c in zip(record, frame.columns, strict=True):
            text = _fmt(v, c, loc)
            right = numeric[c] or (c == "value" and bool(_NUMBER.match(text)))
            cells.append(f"<td{_NUM if right else ''}>{html.escape(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = ""
    if limit is not None and len(frame) > limit:
        more = "<p class='note'>" + html.escape(
            _t(loc, "{shown} of {total} rows shown; the CSV file has them all").format(
                shown=limit, total=len(frame)
            )
        ) + "</p>"  # fmt: skip
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _figure(height: float = 3.6) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(8, height), layout="constrained")


def _bar_labels(ax: Any, names: list[str]) -> np.ndarray:
    """Bar positions, the first name at the top; a margin of half a bar above and below.

    ``names`` (text from data) are the tick labels, cut to 30 characters.

    Positions rather than category names: two long names cut alike stay two bars.
    """
    positions = np.arange(len(names))[::-1].astype(float)
    shown = [n if len(n) <= 30 else n[:29] + "…" for n in names]
    ax.set_yticks(positions, labels=shown)
    ax.set_ylim(-0.8, max(len(names), 1) - 0.2)
    return positions


def _zoomed(low: float, high: float, *, least: float, floor: float | None = None) -> float:
    """Where a value axis starts: a round number below ``low``, so differences show.

    ``least`` is the smallest span shown (all departments at 100% still show a scale).
    """
    from matplotlib.ticker import MaxNLocator

    pad = max(0.25 * (high - low), least if high == low else least / 4)
    start = low - pad
    if floor is not None:
        start = max(start, floor)
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(start, high)
    # rounded first (a tick is a round number up to float noise), then never above the start:
    # a tick of noise just above a start of 0 would otherwise start the axis above the data
    rounded = [round(float(t), 9) for t in ticks]
    start = max([t for t in rounded if t <= start] or [start])
    return start if floor is None else max(start, floor)


def _value_axis(ax: Any, start: float, high: float, *, top: float | None = None) -> None:
    """The x axis from ``start``, with room after ``high`` for the values written on bars."""
    end = high + 0.16 * (high - start)
    ax.set_xlim(start, end)
    ticks = [t for t in ax.get_xticks() if start - 1e-9 <= t <= (end if top is None else top)]
    ax.set_xticks(ticks)


def _ordered(frame: Any, column: str, order: Sequence[str] | None) -> Any:
    """Departments by ``column`` (highest first, then by name), or in the center's ``order``.

    Departments the ``order`` does not list come after, by name.
    """
    frame = frame.assign(_name=frame["department"].astype(str))
    if order is None:
        frame = frame.sort_values(["_name"], kind="stable")
        frame = frame.sort_values([column], ascending=False, na_position="last", kind="stable")
    else:
        position = {name: i for i, name in enumerate(order)}
        frame = frame.assign(_key=[position.get(n, len(position)) for n in frame["_name"]])
        frame = frame.sort_values(["_key", "_name"], kind="stable").drop(columns="_key")
    return frame.drop(columns="_name").reset_index(drop=True)


def _chart_on_time(departments: Any, loc: str, order: Sequence[str] | None) -> Any:
    fig = _figure(max(2.5, 0.35 * len(departments) + 1.4))
    ax = fig.add_subplot()
    frame = _ordered(departments, "on_time_rate", order)
    rates = frame["on_time_rate"].to_numpy(dtype=float, na_value=np.nan) * 100
    where = _bar_labels(ax, frame["department"].astype(str).tolist())
    known = rates[~np.isnan(rates)]
    low = float(known.min()) if known.size else 0.0
    start = _zoomed(low, 100.0, least=2.0, floor=0.0)
    bars = ax.barh(where, np.where(np.isnan(rates), start, rates), color=_BLUE, height=0.6)
    ax.bar_label(bars, labels=[_fmt(r / 100, "on_time_rate", loc) for r in rates],
                 padding=3, fontsize="small")  # fmt: skip
    _value_axis(ax, start, 100.0, top=100.0)
    ax.set_xlabel(
        _t(loc, "{indicator} (%); the axis starts at {start}").format(
            indicator=_t(loc, "on-time rate"), start=f"{start:g}%"
        )
    )
    ax.set_title(_t(loc, "On-time completion rate by department"))
    return fig


def _chart_trend(trend: Any, loc: str) -> Any:
    from matplotlib.ticker import PercentFormatter

    fig = _figure(4.0)
    ax = fig.add_subplot()
    labels = [_month_name(str(p), loc) for p in trend["period"]]
    where = np.arange(len(labels), dtype=float)
    volume = trend["acceptance_volume"].to_numpy(dtype=float)
    bars = ax.bar(where, volume, color=_GREY, width=0.6, label=_t(loc, "accepted"))
    ax.bar_label(bars, labels=[f"{int(v)}" for v in volume], padding=2, fontsize="small")
    # the bars in the lower half, the rate's line above them: neither hides the other
    ax.set_ylim(0, max(float(volume.max()) if volume.size else 1.0, 1.0) * 1.9)
    ax.set_xlim(-0.7, len(labels) - 0.3)
    ax.set_xticks(where, labels=labels)
    ax.set_ylabel(_t(loc, "accepted"))
    ax2 = ax.twinx()
    rates = trend["on_time_rate"].to_numpy(dtype=float, na_value=np.nan) * 100
    ax2.plot(where, rates, color=_BLUE, marker="o", label=_t(loc, "on-time rate"))
    known = rates[~np.isnan(rates)]
    low = float(known.min()) if known.size else 0.0
    high = float(known.max()) if known.size else 100.0
    start = _zoomed(low, high, least=2.0, floor=0.0)
    span = min(high, 100.0) - start
    ax2.set_ylim(start - 1.2 * span, min(high, 100.0) + 0.15 * span)
    ax2.set_yticks([t for t in ax2.get_yticks() if start - 1e-9 <= t <= 100.0 + 1e-9])
    ax2.set_ylim(start - 1.2 * span, min(high, 100.0) + 0.15 * span)
    ax2.yaxis.set_major_formatter(PercentFormatter(decimals=None))
    for x, r in zip(where, rates, strict=True):
        if not math.isnan(r):
            ax2.annotate(_fmt(r / 100, "on_time_rate", loc), (x, r), textcoords="offset points",
                         xytext=(0, 6), ha="center", fontsize="small", color=_BLUE)  # fmt: skip
    ax2.set_ylabel(_t(loc, "on-time rate") + " (%)")
    ax.set_title(_t(loc, "Volume and on-time rate by month"))
    if len(labels) > 6:
        ax.tick_params(axis="x", labelrotation=45)
    return fig


def _chart_warnings(warnings: Any, loc: str, order: Sequence[str] | None) -> Any:
    fig = _figure(max(2.5, 0.35 * len(warnings) + 1.4))
    ax = fig.add_subplot()
    frame = _ordered(warnings, "open", order)
    where = _bar_labels(ax, frame["department"].astype(str).tolist())
    left = np.zeros(len(frame))
    bars = None
    for status, colour in zip(STATUSES, (_GREEN, _YELLOW, _RED), strict=True):
        values = frame[status].to_numpy(dtype=float)
        bars = ax.barh(where, values, left=left, color=colour, height=0.6,
                       label=status_name(status, loc))  # fmt: skip
        left += values
    if bars is not None:
        ax.bar_label(bars, labels=[f"{int(v)}" for v in left], padding=3, fontsize="small")
    _value_axis(ax, 0.0, max(float(left.max()) if left.size else 1.0, 1.0))
    ax.set_xlabel(_t(loc, "open cases"))
    ax.set_title(_t(loc, "Open cases and warnings at the end of the month"))
    ax.legend(loc="lower right", fontsize="small")
    return fig


def _chart_irregularities(irregular: Any, loc: str) -> Any:
    from matplotlib.ticker import MaxNLocator

    fig = _figure(0.35 * len(IRREGULARITY_RULES) + 1.4)
    ax = fig.add_subplot()
    counts = irregular["rule"].astype(object).value_counts()
    names = [r.name(loc) for r in IRREGULARITY_RULES]
    values = np.array([int(counts.get(r.id, 0)) for r in IRREGULARITY_RULES], dtype=float)
    bars = ax.barh(_bar_labels(ax, names), values, color=_RED, height=0.6)
    ax.bar_label(bars, labels=[f"{int(v)}" for v in values], padding=3, fontsize="small")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _value_axis(ax, 0.0, max(float(values.max()) if values.size else 1.0, 1.0))
    ax.set_xlabel(_t(loc, "cases"))
    ax.set_title(_t(loc, "Irregularities found"))
    return fig


def _chart_ranking(ranking: Any, loc: str) -> Any:
    frame = ranking[ranking["rank"].notna()]
    fig = _figure(max(2.5, 0.35 * len(frame) + 1.4))
    ax = fig.add_subplot()
    labels = [f"{r}. {d}" for r, d in zip(frame["rank"], frame["department"], strict=True)]
    points = frame["points"].to_numpy(dtype=float)
    if len(points):
        low, high = float(points.min()), float(points.max())
        start = _zoomed(low, high, least=10.0, floor=0.0 if low >= 0 else None)
    else:
        start, high = 0.0, 1.0
    bars = ax.barh(_bar_labels(ax, labels), points, color=_BLUE, height=0.6)
    ax.bar_label(bars, labels=[f"{p:.2f}" for p in points], padding=3, fontsize="small")
    _value_axis(ax, start, max(high, start + 1.0))
    ax.set_xlabel(
        _t(loc, "{indicator}; the axis starts at {start}").format(
            indicator=_t(loc, "points"), start=f"{start:g}"
        )
    )
    ax.set_title(_t(loc, "Ranking by points"))
    return fig


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _json_ready(frame: Any) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or value is pandas().NaT:
                clean[str(key)] = None
            elif isinstance(value, float | np.floating):
                clean[str(key)] = None if math.isnan(value) else float(value)
            elif isinstance(value, np.integer):
                clean[str(key)] = int(value)
            elif isinstance(value, np.bool_ | bool):
                clean[str(key)] = bool(value)
            elif hasattr(value, "isoformat"):
                clean[str(key)] = value.isoformat()
            elif value is pandas().NA:
                clean[str(key)] = None
            else:
                clean[str(key)] = value if isinstance(value, int | str) else str(value)
        out.append(clean)
    return out


_CSS = """
body{font-family:"govservice-cjk","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:2em;color:#222;max-width:1100px}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f3f7}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chart svg{max-width:100%;height:auto}.note,.meta{color:#666;font-size:.85em}
.about p{max-width:60em}
"""


def _provisional_banner(cols: RecordColumns, cal: WorkCalendar, loc: str) -> str:
    """The page's banner when a due date is after a ProvisionalCalendar's official data."""
    official_end = getattr(cal, "official_end", None)
    if official_end is None:
        return ""
    epoch = (official_end - dt.date(1970, 1, 1)).days
    dues = [cols.date(c) for c in ("committed_due", "statutory_due") if cols.has(c)]
    if not any(bool((d[d != NAT] > epoch).any()) for d in dues):
        return ""
    text = _t(
        loc,
        "Contains estimated dates (含预估日期): due dates after {day} are computed on a "
        "provisional calendar, before the year's holiday notice.",
    ).format(day=official_end.isoformat())
    return f"<p class='banner'>{html.escape(text)}</p>"


#: Departments with fewer cases accepted in the month are listed but not ranked (default).
MIN_VOLUME = 10
_FONT_FAMILY = "govservice-cjk"


def _page_font(text: str) -> str:
    """An ``@font-face`` rule carrying the bundled font, cut to the characters of ``text``.

    The page then shows its Chinese on a machine with no Chinese font, and fetches nothing:
    the font is a ``data:`` URL (about 40 KB for a Chinese page: only the glyphs it uses).
    """
    import base64

    from fontTools import subset  # type: ignore[import-untyped]

    from govservice._plot import FONT

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    font = subset.load_font(io.BytesIO(FONT.read_bytes()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))) or " ")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"@font-face{{font-family:'{_FONT_FAMILY}';"
        f"src:url(data:font/otf;base64,{data}) format('opentype')}}"
    )


def _visible_text(page: str) -> str:
    """The characters a reader can see on ``page`` (tags and SVG paths left out)."""
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _number(value: float) -> str:
    return f"{value:g}"


def _rule_text(rule: Any, loc: str) -> str:
    """How one `ScoreRule` gives points, in a sentence."""

    def shown(value: float) -> str:
        return f"{100 * value:g}%" if rule.indicator.endswith("_rate") else _number(value)

    if rule.method == "linear":
        target = 1.0 if rule.target is None else rule.target
        zero_at = 0.0 if rule.zero_at is None else rule.zero_at
        text = _t(loc, "{weight} points at {target} or better, none at {zero_at}, "
                       "in proportion between").format(
            weight=_number(rule.weight), target=shown(target), zero_at=shown(zero_at)
        )  # fmt: skip
    elif rule.method == "relative":
        text = _t(loc, "{weight} points for the month's highest value, the others in "
                       "proportion").format(weight=_number(rule.weight))  # fmt: skip
    else:
        text = _t(loc, "{points} points for each one").format(points=f"{rule.per_unit:+g}")
    if rule.cap is not None:
        text += _t(loc, "; at most {cap} points either way").format(cap=_number(rule.cap))
    return text


def _about(
    scheme: ScoringScheme,
    loc: str,
    *,
    first: dt.date,
    last: dt.date,
    trend: Any,
    min_volume: int,
    generated_on: dt.date | None,
) -> str:
    """The section saying what the figures cover, when they were made and how points are given."""
    months = trend["period"].astype(str).tolist()
    lines = [
        _t(loc, "The figures cover {first} to {last}: completions and the on-time rates "
                "count the cases completed in it, acceptance figures the cases accepted in "
                "it; open cases and warnings are as on {last}; the trend covers {start} to "
                "{end}.").format(
            first=_day_name(first, loc), last=_day_name(last, loc),
            start=_month_name(months[0], loc), end=_month_name(months[-1], loc),
        ),
        _t(loc, "Ranking by the scheme “{scheme}”: each department's points are the base "
                "of {base} plus the points of each rule below (at most {maximum} in all), to "
                "0.01; equal points share a rank. A department with fewer than {n} cases "
                "accepted in the month is listed but not ranked.").format(
            scheme=scheme.en if loc == "en" else scheme.zh or scheme.id,
            base=_number(scheme.base), maximum=_number(scheme.maximum), n=min_volume,
        ),
        _t(loc, "Rates are shown to 0.01%; a change in rank is positive when the department "
                "moved up, and compares with the previous month."),
    ]  # fmt: skip
    if generated_on is not None:
        lines.append(_t(loc, "Generated on {day}.").format(day=_day_name(generated_on, loc)))
    indicator, how = _t(loc, "indicator"), _t(loc, "how points are given")
    heading = _t(loc, "About this report")
    rows = "".join(
        f"<tr><td>{html.escape((rule.en if loc == 'en' else rule.zh) or rule.indicator)}</td>"
        f"<td>{html.escape(_rule_text(rule, loc))}</td></tr>"
        for rule in scheme.rules
    )
    table = (
        f"<table><thead><tr><th>{html.escape(indicator)}</th>"
        f"<th>{html.escape(how)}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"<section class='about'><h2>{html.escape(heading)}</h2>{paragraphs}{table}</section>"


def _ranked(
    by_dept: Any, departments: Any, scheme: ScoringScheme, label: str, min_volume: int
) -> Any:
    """The month's ranking of the departments with at least ``min_volume`` cases accepted.

    Those with fewer follow, unranked (no points, no rank).
    """
    pd = pandas()
    columns = ["department", "points", "rank", "points_change", "rank_change"]
    eligible = by_dept[by_dept["acceptance_volume"] >= min_volume]
    if len(eligible):
        scored = scheme.score(eligible, by="department")
        ranking = scored[scored["period"] == label][columns].reset_index(drop=True)
    else:
        ranking = pd.DataFrame({c: [] for c in columns})
    ranking["department"] = ranking["department"].astype(str)
    ranking["points"] = ranking["points"].astype(float)
    ranking["points_change"] = ranking["points_change"].astype(float)
    ranking["rank"] = ranking["rank"].astype("Int64")
    ranking["rank_change"] = ranking["rank_change"].astype("Int64")
    few = departments[departments["acceptance_volume"] < min_volume]["department"]
    if len(few):
        unranked = pd.DataFrame({"department": sorted(few.astype(str))})
        unranked["points"] = np.nan
        unranked["rank"] = pd.array([pd.NA] * len(unranked), dtype="Int64")
        unranked["points_change"] = np.nan
        unranked["rank_change"] = pd.array([pd.NA] * len(unranked), dtype="Int64")
        ranking = pd.concat([ranking, unranked], ignore_index=True) if len(ranking) else unranked
    return ranking.reset_index(drop=True)


def build_monthly_report(
    records: object,
    month: str | dt.date,
    *,
    locale: str | None = None,
    catalog: Catalog | None = None,
    calendar: WorkCalendar,
    scheme: ScoringScheme | None = None,
    thresholds: Thresholds | Mapping[str, object] | None = None,
    lang: str | None = None,
    feedback: Iterable[Case | ParallelCase | CaseFeedback] | None = None,
    inquiries: Iterable[Inquiry] | None = None,
    hierarchy: CenterHierarchy | None = None,
    generated_on: dt.date | None = None,
    department_order: Sequence[str] | None = None,
    min_volume: int = MIN_VOLUME,
) -> MonthlyReportContent:
    """Build the month's report of a center (tables, charts and page) without writing anything.

    The page is self-contained: its charts are inline SVG (glyphs as paths), with no script,
    stylesheet or font to fetch. It holds: a summary; the indicators of each department for
    the month (`compute_indicators` with its default periods: completion counts and the
    on-time rate by the completion date, the rest by the acceptance date, so the figures
    equal ``compute_indicators(records, by=("department",), period="month")`` for the
    month); the volume and on-time rate of each
    month of the records up to ``month`` (the last 12); the open cases and warnings on the
    month's last day (`monitor`); the irregularities of cases accepted in the month
    (`find_irregularities`; ``listed_not_entered`` needs ``catalog``); and the ranking of
    departments by ``scheme`` (the county scheme by default) with the change from the
    previous month; then what the figures cover, the scheme's rules and, when given, the
    day it was made. `MonthlyReportContent.write` writes it; `monthly_report` does both.

    Fit to publish: value axes zoomed to the data (the axis title says where it starts),
    values on the bars, a margin round every bar, months written 2025年5月 / May 2025;
    tables with text left, numbers right, two decimals and signed changes. The page embeds
    the subset of the bundled font it uses, so Chinese shows on a machine with no Chinese
    font; text from the data is escaped, and never read as mathtext in the charts.

    Needs the ``report`` extra (pandas and matplotlib).

    Args:
        records: The center's case records (any type `compute_indicators` takes).
        month: ``"2024-05"`` or any date in the month.
        locale: ``zh`` (simplified), ``zh_TW``, ``en`` (and the other spellings of
            `govservice` locales).
        catalog: The matters catalogue, for ``listed_not_entered``.
        calendar: The working-day calendar (required: no silent default).
        scheme: The `ScoringScheme` for the ranking.
        thresholds: The warning `Thresholds`.
        lang: The older name of ``locale``.
        feedback: The cases and parallel cases whose 好差评 and complaints to read (or their
            ``case.feedback`` views): the ratings, complaints and rectifications of their
            events are added to pandas records (`with_feedback`, as of the month's last
            day), the departments
            table gains the rectification rate and on-time rectification rate, and a
            ``rectifications`` table lists those open on the last day with their department
            and working days left.
        inquiries: `Inquiry` records: an ``inquiries`` table lists those unanswered on the
            last day, with the person responsible (首问责任制).
        hierarchy: The `CenterHierarchy` of the records' centers: a ``centers`` table rolls
            the month's indicators up it (a county includes its townships).
        generated_on: The day the report is made, printed on the page (never read from
            the clock; left off the page when not given).
        department_order: The center's own order of its departments, for the charts
            (departments it does not list come after, by name); by default the charts sort
            departments by value, highest first.
        min_volume: The fewest cases a department must have accepted in the month to be
            ranked (10 by default; 0 ranks every department): a department
            with 3 cases all on time would otherwise top one with 300. Those below are listed
            after the ranked ones, with no points or rank.

    Returns:
        A `MonthlyReportContent`: the tables, the charts and the HTML page.

    Raises:
        InvalidValueError: A bad argument, a missing column, or no records in the month.

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 2, 3),
        ...                    dt.date(2025, 3, 31), seed=1, cases_per_day=60)
        >>> content = build_monthly_report(records, "2025-03", catalog=sample_catalog(),
        ...                                calendar=china())
        >>> content.month, sorted(content.tables)[:3], content.page.startswith("<!DOCTYPE")
        ('2025-03', ['departments', 'irregularities', 'ranking'], True)
    """
    from govservice._columns import required_calendar
    from govservice._plot import chart_context, matplotlib_or_error
    from govservice.metrics import compute_indicators

    pd = pandas()
    matplotlib_or_error("report")
    first, last = _month(month)
    label = f"{first.year:04d}-{first.month:02d}"
    loc = pick_locale(locale, lang)
    cal = required_calendar(calendar)
    if scheme is None:
        scheme = county_monthly_scheme()
    elif not isinstance(scheme, ScoringScheme):
        raise InvalidValueError("scheme", type(scheme).__name__, "a ScoringScheme")
    if generated_on is not None and (
        not isinstance(generated_on, dt.date) or isinstance(generated_on, dt.datetime)
    ):
        raise InvalidValueError("generated_on", generated_on, "a date (never the clock)")
    if isinstance(min_volume, bool) or not isinstance(min_volume, int) or min_volume < 0:
        raise InvalidValueError("min_volume", min_volume, "an integer >= 0")
    if department_order is not None:
        if isinstance(department_order, str) or not isinstance(department_order, Sequence):
            raise InvalidValueError("department_order", department_order, "a list of names")
        for i, name in enumerate(department_order):
            check_text(f"department_order[{i}]", name)
    feedback = None if feedback is None else list(feedback)
    if feedback is not None:
        from govservice.approval import ParallelCase
        from govservice.metrics import FEEDBACK_COLUMNS, with_feedback

        if isinstance(records, pd.DataFrame) and not set(FEEDBACK_COLUMNS) <= set(records):
            views = [f.feedback if isinstance(f, ParallelCase) else f for f in feedback]
            records = with_feedback(records, views, today=last)
    cols = RecordColumns(records, cal)
    dept_columns = [*_DEPT_COLUMNS, *(_PUBLIC_RATES if cols.has("rectifications") else [])]

    # -- tables ------------------------------------------------------------------------------------
    by_dept = compute_indicators(records, by=("department",), period="month",
                                 calendar=cal, check=False)  # fmt: skip
    by_dept = by_dept[by_dept["period"] <= label]
    departments = by_dept[by_dept["period"] == label][dept_columns].reset_index(drop=True)
    if departments.empty:
        raise InvalidValueError("month", label, "a month with accepted cases in the records")
    departments["department"] = departments["department"].astype(str)
    # the tables in the charts' order: by value, or the center's own order
    departments = _ordered(departments, "on_time_rate", department_order)
    trend = compute_indicators(records, by=(), period="month", calendar=cal,
                               check=False)  # fmt: skip
    trend = trend[trend["period"] <= label].tail(12)
    trend = trend[["period", "acceptance_volume", "completed", "on_time_rate"]].reset_index(
        drop=True
    )
    watched = monitor(cols, last, Thresholds() if thresholds is None else thresholds, calendar=cal)
    warnings = watched.departments[["department", "open", *STATUSES]].copy()
    warnings["department"] = warnings["department"].astype(str)
    warnings = _ordered(warnings, "open", department_order)
    found = find_irregularities(cols, catalog, locale=loc, calendar=cal)
    acc_day = cols.day("accepted_at")
    lo = (first - dt.date(1970, 1, 1)).days
    hi = (last - dt.date(1970, 1, 1)).days
    in_month = (acc_day != NAT) & (acc_day >= lo) & (acc_day <= hi)
    month_ids = set(np.asarray(cols.series("case_id").to_numpy(dtype=object))[in_month].tolist())
    irregular = found[found["case_id"].isin(month_ids)].reset_index(drop=True)
    irregular = irregular[["rule", "case_id", "department", "matter_code", "evidence"]]
    ranking = _ranked(by_dept, departments, scheme, label, min_volume)

    month_row = trend[trend["period"] == label]
    centers = sorted({str(c) for c in cols.series("center").dropna().unique()})
    summary = pd.DataFrame(
        {
            "item": [
                _t(loc, "center"), _t(loc, "month"), _t(loc, "accepted"), _t(loc, "completed"),
                _t(loc, "on-time rate"), _t(loc, "open cases"), _t(loc, "yellow warning"),
                _t(loc, "red: overdue"), _t(loc, "irregularities"),
            ],
            "value": [
                "、".join(centers) if loc != "en" else ", ".join(centers),
                _month_name(label, loc),
                str(int(month_row["acceptance_volume"].iloc[0])),
                str(int(month_row["completed"].iloc[0])),
                _fmt(float(month_row["on_time_rate"].iloc[0]), "on_time_rate", loc),
                str(int(warnings["open"].sum())), str(int(warnings["yellow"].sum())),
                str(int(warnings["red"].sum())), str(len(irregular)),
            ],
        }
    )  # fmt: skip
    tables = {
        "summary": summary, "departments": departments, "trend": trend,
        "warnings": warnings, "irregularities": irregular, "ranking": ranking,
    }  # fmt: skip
    public = _public_tables(records, cols, label, last, loc, cal, feedback, inquiries, hierarchy)
    extra_rows, public_tables = public
    if extra_rows:
        items, values = zip(*extra_rows, strict=True)
        more = pd.DataFrame({"item": list(items), "value": list(values)})
        summary = pd.concat([summary, more], ignore_index=True)
        tables["summary"] = summary
    tables.update(public_tables)
    # -- charts ------------------------------------------------------------------------------------
    svgs: dict[str, str] = {}
    figures: dict[str, Any] = {}
    with chart_context():
        makers: dict[str, Callable[[], Any]] = {
            "on_time_by_department": lambda: _chart_on_time(departments, loc, department_order),
            "trend": lambda: _chart_trend(trend, loc),
            "warnings": lambda: _chart_warnings(warnings, loc, department_order),
            "irregularities": lambda: _chart_irregularities(irregular, loc),
            "ranking": lambda: _chart_ranking(ranking, loc),
        }
        for name, make in makers.items():
            figures[name] = make()
            svgs[name] = _svg(figures[name])

    # -- the page ----------------------------------------------------------------------------------
    title = _t(loc, "Monthly report of {center}, {month}").format(
        center=" ".join(centers), month=_month_name(label, loc)
    )
    unranked = ranking.loc[ranking["rank"].isna(), "department"].tolist()
    not_ranked = ""
    if unranked:
        not_ranked = "<p class='note'>" + html.escape(
            _t(loc, "Not ranked (fewer than {n} cases accepted in the month): {names}").format(
                n=min_volume, names=("、" if loc != "en" else ", ").join(unranked)
            )
        ) + "</p>"  # fmt: skip
    sections = [
        (_t(loc, "Summary"), _html_table(summary, loc), None),
        (_t(loc, "Indicators by department"), _html_table(departments, loc),
         "on_time_by_department"),
        (_t(loc, "Trend over the months"), _html_table(trend, loc), "trend"),
        (_t(loc, "Warnings on {day}").format(day=_day_name(last, loc)), _html_table(warnings, loc),
         "warnings"),
        (_t(loc, "Irregularities"), _html_table(irregular, loc, limit=100), "irregularities"),
        (_t(loc, "Ranking ({scheme})").format(scheme=scheme.en if loc == "en" else scheme.zh),
         _html_table(ranking, loc) + not_ranked, "ranking"),
    ]  # fmt: skip
    headings = {
        "centers": _t(loc, "Centers rolled up (three-level linkage)"),
        "rectifications": _t(loc, "Open rectifications on {day}").format(day=_day_name(last, loc)),
        "inquiries": _t(loc, "Unanswered inquiries on {day}").format(day=_day_name(last, loc)),
    }
    for name, heading in headings.items():
        if name in tables:
            sections.append((heading, _html_table(tables[name], loc, limit=100), None))
    body = []
    for heading, table, chart in sections:
        body.append(f"<section><h2>{html.escape(heading)}</h2>")
        if chart is not None:
            body.append(f"<div class='chart'>{svgs[chart]}</div>")
        body.append(table + "</section>")
    body.append(_about(scheme, loc, first=first, last=last, trend=trend,
                       min_volume=min_volume, generated_on=generated_on))  # fmt: skip
    note = _t(loc, "Computed by govservice; rules and sources in its documentation.")
    meta = _t(loc, "Figures for {first} to {last}").format(
        first=_day_name(first, loc), last=_day_name(last, loc)
    )
    if generated_on is not None:
        meta += " · " + _t(loc, "Generated on {day}.").format(day=_day_name(generated_on, loc))
    lang_attr = {"zh_CN": "zh-CN", "zh_TW": "zh-TW", "en": "en"}[loc]
    content = (
        f"<h1>{html.escape(title)}</h1><p class='meta'>{html.escape(meta)}</p>"
        f"{_provisional_banner(cols, cal, loc)}{''.join(body)}"
        f"<p class='note'>{html.escape(note)}</p>"
    )
    font = _page_font(html.unescape(title) + _visible_text(content))
    page = (
        f"<!DOCTYPE html>\n<html lang='{lang_attr}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{font}{_CSS}</style></head><body>"
        f"{content}</body></html>\n"
    )
    return MonthlyReportContent(label, loc, title, tables, figures, page)


def _public_tables(
    records: object,
    cols: RecordColumns,
    label: str,
    last: dt.date,
    loc: str,
    cal: WorkCalendar,
    feedback: list[Case | ParallelCase | CaseFeedback] | None,
    inquiries: Iterable[Inquiry] | None,
    hierarchy: CenterHierarchy | None,
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The summary rows and tables of the public side, for what was given."""
    from govservice.metrics import compute_indicators, rollup_indicators
    from govservice.supervision._public import open_rectifications, unanswered_inquiries

    rows: list[tuple[str, str]] = []
    tables: dict[str, Any] = {}
    if cols.has("rectifications"):
        whole = compute_indicators(records, by=(), period="month", calendar=cal, check=False)
        month = whole[whole["period"] == label]
        for column in _PUBLIC_RATES:
            value = float(month[column].iloc[0]) if len(month) else math.nan
            rows.append((_t(loc, _HEADERS[column]), _fmt(value, column, loc)))
    if feedback is not None:
        rect = open_rectifications(feedback, today=last, calendar=cal)
        rect = rect.rename(columns={"overdue": "past_due"})
        rows.append((_t(loc, "open rectifications"), str(len(rect))))
        rows.append((_t(loc, "rectifications past due"), str(int(rect["past_due"].sum()))))
        tables["rectifications"] = rect
    if inquiries is not None:
        asked = unanswered_inquiries(inquiries, today=last).rename(columns={"overdue": "past_due"})
        rows.append((_t(loc, "unanswered inquiries"), str(len(asked))))
        rows.append((_t(loc, "inquiries past due"), str(int(asked["past_due"].sum()))))
        tables["inquiries"] = asked
    if hierarchy is not None:
        rolled = rollup_indicators(records, hierarchy, period="month", calendar=cal, check=False)
        rolled = rolled[rolled["period"] == label]
        keep = [c for c in _CENTER_COLUMNS if c in rolled.columns]
        if not cols.has("rectifications"):
            keep = [c for c in keep if c not in _PUBLIC_RATES]
        tables["centers"] = rolled[keep].reset_index(drop=True)
    return rows, tables


def monthly_report(
    records: object,
    month: str | dt.date,
    *,
    out_dir: str | Path,
    locale: str | None = None,
    catalog: Catalog | None = None,
    calendar: WorkCalendar,
    scheme: ScoringScheme | None = None,
    thresholds: Thresholds | Mapping[str, object] | None = None,
    lang: str | None = None,
    feedback: Iterable[Case | ParallelCase | CaseFeedback] | None = None,
    inquiries: Iterable[Inquiry] | None = None,
    hierarchy: CenterHierarchy | None = None,
    generated_on: dt.date | None = None,
    department_order: Sequence[str] | None = None,
    min_volume: int = MIN_VOLUME,
) -> MonthlyReport:
    """Write the month's report of a center: HTML, its tables as CSV and JSON, charts as PNG.

    `build_monthly_report` builds it (see there for what the page holds) and
    `MonthlyReportContent.write` writes it into ``out_dir``: the page as ``report.html``,
    each table as
    ``<name>.csv`` and ``<name>.json`` (column ids, not translated), and each chart as
    ``<name>.png``: ``on_time_by_department``, ``trend``, ``warnings``, ``irregularities``,
    ``ranking``. Chinese renders in the PNGs with the bundled font.

    Needs the ``report`` extra (pandas and matplotlib).

    Args:
        records: The center's case records (any type `compute_indicators` takes).
        month: ``"2024-05"`` or any date in the month.
        out_dir: The directory to write; it is built aside and moved into place whole, so a
            failure leaves the previous report as it was. An existing directory is replaced
            only if it is empty or holds an earlier report (never one with other files).
        locale: ``zh`` (simplified), ``zh_TW`` or ``en``.
        catalog: The matters catalogue, for ``listed_not_entered``.
        calendar: The working-day calendar (required: no silent default).
        scheme: The `ScoringScheme` for the ranking.
        thresholds: The warning `Thresholds`.
        lang: The older name of ``locale``.
        feedback: The cases and parallel cases whose 好差评 and complaints to read (or their
            ``case.feedback`` views): the ratings, complaints and rectifications of their
            events are added to pandas records (`with_feedback`, as of the month's last
            day), the departments
            table gains the rectification rate and on-time rectification rate, and a
            ``rectifications`` table lists those open on the last day with their department
            and working days left.
        inquiries: `Inquiry` records: an ``inquiries`` table lists those unanswered on the
            last day, with the person responsible (首问责任制).
        hierarchy: The `CenterHierarchy` of the records' centers: a ``centers`` table rolls
            the month's indicators up it (a county includes its townships).
        generated_on: The day the report is made, printed on the page (never read from
            the clock; left off the page when not given).
        department_order: The center's own order of its departments, for the charts
            (departments it does not list come after, by name); by default the charts sort
            departments by value, highest first.
        min_volume: The fewest cases a department must have accepted in the month to be
            ranked (10 by default; 0 ranks every department): a department
            with 3 cases all on time would otherwise top one with 300. Those below are listed
            after the ranked ones, with no points or rank.

    Returns:
        A `MonthlyReport` with the paths written and the tables.

    Raises:
        InvalidValueError: A bad argument, a missing column, or no records in the month.

    Examples:
        >>> import datetime as dt, tempfile
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.metrics import simulate
        >>> records = simulate(sample_catalog(), china(), dt.date(2025, 2, 3),
        ...                    dt.date(2025, 3, 31), seed=1, cases_per_day=60)
        >>> report = monthly_report(records, "2025-03", out_dir=tempfile.mkdtemp(),
        ...                         catalog=sample_catalog(), calendar=china())
        >>> report.html.name, sorted(report.tables)[:3]
        ('report.html', ['departments', 'irregularities', 'ranking'])
    """
    content = build_monthly_report(
        records, month, locale=locale, lang=lang, catalog=catalog, calendar=calendar,
        scheme=scheme, thresholds=thresholds, feedback=feedback, inquiries=inquiries,
        hierarchy=hierarchy, generated_on=generated_on, department_order=department_order,
        min_volume=min_volume,
    )  # fmt: skip
    return content.write(out_dir)
