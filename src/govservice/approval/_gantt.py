"""Gantt charts of a schedule, and of a live parallel case against it (the ``plot`` extra)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govservice._errors import InvalidValueError
from govservice._i18n import _t, pick_locale
from govservice._plot import chart_context, matplotlib_or_error, save_figure
from govservice.approval._parallel import Outcome, ParallelCase, TaskStatus
from govservice.approval._schedule import Schedule
from govservice.calendar import format_date
from govservice.matters._lifecycle import engine

__all__ = ["gantt"]

_PLANNED = "#9ec5e8"
_CRITICAL = "#d1495b"
_APPROVED = "#2e933c"
_DENIED = "#7d3c98"
_RUNNING = "#f4a259"
_OVERDUE = "#c0392b"
_SHADE = "#ececec"


def gantt(
    subject: Schedule | ParallelCase,
    *,
    today: dt.date | None = None,
    locale: str | None = None,
    path: str | Path | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> Any:
    """A Gantt chart of a schedule, or of a live case against its planned schedule.

    Bars run from the day after a step's anchor to the end of its finish day. Non-working days
    are shaded (make-up workdays are not: they are worked). For a `Schedule`, critical steps are
    red and the others blue. For a `ParallelCase`, each step shows its planned bar (light) and
    under it what happened: decided steps up to their decision day (green approved, purple
    denied), running steps up to their deadline (orange) and, past it, up to ``today`` (red).

    Needs the ``plot`` extra (matplotlib); Chinese text uses the bundled font, so it renders
    on a machine with no Chinese system font.

    Args:
        subject: A `Schedule`, or a `ParallelCase`.
        today: The day to mark (and, for a case, to draw overdue time up to).
        locale: ``zh`` (simplified, the default), ``zh_TW`` or ``en``: the language of labels.
        path: Where to save it: ``.svg`` or ``.png``.
        title: A title instead of the plan's name.
        lang: The older name of ``locale``.

    Returns:
        The matplotlib ``Figure``.

    Examples:
        >>> import datetime as dt, pathlib, tempfile
        >>> from govservice.calendar import china
        >>> from govservice.approval import construction_project_plan
        >>> schedule = construction_project_plan().schedule(dt.date(2025, 3, 3), china())
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "gantt.svg"
        >>> figure = gantt(schedule, path=out)
        >>> out.read_text("utf-8").startswith("<?xml")
        True
    """
    matplotlib_or_error()
    loc = pick_locale(locale, lang)
    if isinstance(subject, ParallelCase):
        case: ParallelCase | None = subject
        schedule = subject.plan.schedule(subject.accepted_on, engine(subject.calendar))
    elif isinstance(subject, Schedule):
        case, schedule = None, subject
    else:
        raise InvalidValueError("subject", subject, "a Schedule or a ParallelCase")
    if today is not None and type(today) is not dt.date:
        raise InvalidValueError("today", today, "a datetime.date")
    with chart_context():
        figure = _draw(schedule, case, today, loc, title)
    if path is not None:
        save_figure(figure, path)
    return figure


def _draw(
    schedule: Schedule,
    case: ParallelCase | None,
    today: dt.date | None,
    locale: str,
    title: str | None,
) -> Any:
    from matplotlib import dates as _mdates
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    mdates: Any = _mdates  # its locators and formatters are untyped

    def x(day: dt.date) -> float:
        return float(mdates.date2num(day))

    plan, cal = schedule.plan, schedule.calendar
    english = locale == "en"
    order = list(plan.order)
    overview = case.overview(today or schedule.accepted_on) if case is not None else None
    tasks = overview.tasks if overview is not None else {}
    # the span to draw: acceptance to the latest date anything reaches
    last = schedule.due_date
    for task in tasks.values():
        for day in (task.deadline, task.decision.on if task.decision else None):
            if day is not None and day > last:
                last = day
    if today is not None and case is not None:
        last = max(last, today)
    first = schedule.accepted_on
    end = last + dt.timedelta(days=2)
    rows = len(order)
    height = 1.2 + 0.42 * rows * (2 if case is not None else 1)
    figure = Figure(figsize=(11, max(3.0, height)), layout="constrained")
    ax = figure.add_subplot()

    day = first
    while day <= last:
        if day <= cal.coverage.end and not cal.is_working_day(day):
            ax.axvspan(x(day), x(day) + 1, color=_SHADE, zorder=0, lw=0)
        day += dt.timedelta(days=1)

    def span(start: dt.date, finish: dt.date) -> tuple[float, float]:
        left = start + dt.timedelta(days=1)
        return x(left), float((finish - left).days + 1)

    labels = []
    for row, step_id in enumerate(order):
        step = plan[step_id]
        planned = schedule.steps[step_id]
        y = row * (2 if case is not None else 1)
        name = (step.name_en or step.id) if english else step.label
        labels.append((y, f"{name}\n{step.department}"))
        left, width = span(planned.start, planned.finish)
        color = _CRITICAL if planned.critical and case is None else _PLANNED
        ax.barh(y, width, left=left, height=0.6, color=color, edgecolor="#4a6fa5", zorder=2)
        if case is None:
            continue
        task = tasks[step_id]
        y2 = y + 0.8
        if task.decision is not None and task.anchor is not None:
            left, width = span(task.anchor, task.decision.on)
            fill = _APPROVED if task.decision.outcome is Outcome.APPROVED else _DENIED
            ax.barh(y2, max(width, 0.3), left=left, height=0.6, color=fill, zorder=2)
        elif task.status is TaskStatus.READY and task.anchor and task.deadline:
            stop = min(task.deadline, today) if today else task.deadline
            left, width = span(task.anchor, stop)
            ax.barh(y2, max(width, 0.3), left=left, height=0.6, color=_RUNNING, zorder=2)
            if today is not None and today > task.deadline:
                left, width = span(task.deadline, today)
                ax.barh(y2, width, left=left, height=0.6, color=_OVERDUE, zorder=2)
    ax.set_yticks([y for y, _ in labels], [text for _, text in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(x(first), x(end))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.grid(axis="x", color="#cccccc", lw=0.5, zorder=1)
    if today is not None:
        ax.axvline(x(today) + 1, color="#333333", lw=1.2, ls="--", zorder=3)
    heading = (
        title
        or (plan.name_en if english and plan.name_en else plan.name)
        or _t(locale, "Parallel approval schedule")
    )
    sub = _t(locale, "accepted {accepted}, due {due} ({days} working days)").format(
        accepted=format_date(schedule.accepted_on, locale),
        due=format_date(schedule.due_date, locale),
        days=schedule.working_days,
    )
    if case is not None:
        projected = overview.due_date if today and overview else case.projected_due_date
        if projected is not None:
            sub += _t(locale, "; projected {date}").format(date=format_date(projected, locale))
    ax.set_title(f"{heading}\n{sub}", fontsize=11)
    handles = [
        Patch(color=_SHADE, label=_t(locale, "non-working day")),
    ]
    if case is None:
        handles += [
            Patch(color=_CRITICAL, label=_t(locale, "critical path")),
            Patch(color=_PLANNED, label=_t(locale, "planned")),
        ]
    else:
        handles += [
            Patch(color=_PLANNED, label=_t(locale, "planned")),
            Patch(color=_APPROVED, label=_t(locale, "approved")),
            Patch(color=_DENIED, label=_t(locale, "denied")),
            Patch(color=_RUNNING, label=_t(locale, "in progress")),
            Patch(color=_OVERDUE, label=_t(locale, "overdue")),
        ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return figure


def gantt_svg(subject: Schedule | ParallelCase, *, today: dt.date | None = None) -> str:
    """The Gantt chart of `gantt` as inline SVG markup (for HTML pages and notebooks).

    Examples:
        >>> import datetime as dt
        >>> from govservice.calendar import china
        >>> from govservice.approval import construction_project_plan
        >>> schedule = construction_project_plan().schedule(dt.date(2025, 3, 3), china())
        >>> gantt_svg(schedule).startswith("<svg")
        True
    """
    import io

    figure = gantt(subject, today=today)
    buffer = io.StringIO()
    with chart_context():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
