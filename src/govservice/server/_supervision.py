"""Supervision endpoints: monitoring as of a day, indicators, irregularities, the monthly report.

They read the store's state rows (``store.records``), never replay traces, and call the
library (`govservice.supervision`, `govservice.metrics`) for every figure: the service holds
no rule of its own. Supervision needs the ``supervisor`` role, and nobody who also reviews or
approves (审管分离, Fuyang report: the person in charge of approval does no supervision work);
and person by person, `govservice.supervision`'s separation rules on the store's traces: whoever
reviewed or decided a case supervised, or whose department decided it, is refused.
"""

from __future__ import annotations

import calendar as _stdcal
import contextlib
import datetime as dt
import io
import math
import re
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from litestar import Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, QueryParameter

from govservice._errors import GovServiceError
from govservice.server import _parse
from govservice.server._problems import ProblemError, invalid, problem
from govservice.server._users import Role, User
from govservice.server._wire import FigureTable, MonitoredCase, MonitoredDepartment, MonitoringOut

if TYPE_CHECKING:
    from govservice.server._app import Service

__all__ = ["supervision_routes"]

_DECIDING = (Role.REVIEWER, Role.APPROVER)


def _cell(value: Any) -> str | float | int | bool | None:
    """A table cell as JSON: NaN and NaT as null, dates as ISO text, numpy scalars as Python."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        try:
            return str(value.isoformat())
        except ValueError:  # NaT
            return None
    if str(value) in ("NaT", "nan", "<NA>"):
        return None
    return str(value)


def _rows(frame: Any) -> list[dict[str, str | float | int | bool | None]]:
    return [{str(k): _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _day(value: Any) -> dt.date | None:
    cell = _cell(value)
    if isinstance(cell, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", cell):
        return dt.date.fromisoformat(cell[:10])
    return None


def _int(value: Any) -> int | None:
    cell = _cell(value)
    return int(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else None


def supervision_routes(service: Service) -> list[Any]:
    """The supervision route handlers for ``service``."""
    from govservice.server._app import _errors as errors

    def supervisor(request: Request[Any, Any, Any], what: str) -> User:
        user: User = service.require(request, (Role.SUPERVISOR,), what)
        deciding = sorted(r.value for r in _DECIDING if user.has(r))
        if deciding:
            raise ProblemError(
                problem(
                    "separation-of-duties",
                    "Separation of duties",
                    403,
                    f"{user.person} holds {', '.join(deciding)} and may not {what}: whoever "
                    "reviews or approves cases does no supervision work (审管分离, Fuyang report)",
                    field="role",
                    value=sorted(r.value for r in user.roles),
                    expected="a supervisor who neither reviews nor approves",
                    rules=["approver_not_supervisor"],
                )
            )
        return user

    def supervising(user: User, data: Any, what: str) -> None:
        """Refuse (403) a supervisor who reviewed or decided cases in ``data``.

        Or whose department decided them: the library's separation rules, on the store's
        traces, with a supervision act of the person on each case.
        """
        from govservice.supervision import Act, Severity

        store = service.store
        if store is None or len(data) == 0:
            return
        cases, proposed = [], []
        for case_id in dict.fromkeys(str(c) for c in data["case_id"]):
            try:
                case = service.case(store, case_id)
            except GovServiceError:  # a trace that does not verify: /verify reports it
                continue
            matter = getattr(case, "matter", None)
            code = getattr(matter, "code", None) or getattr(case, "matter_code", None)
            kind = getattr(matter, "matter_type", None)
            cases.append(case)
            proposed.append(
                Act(
                    case.case_id,
                    user.person,
                    "supervise",
                    department=user.department or None,
                    matter_code=None if code is None else str(code),
                    matter_type=None if kind is None else str(getattr(kind, "value", kind)),
                )
            )
        ours = {id(a) for a in proposed}
        blocking = [
            v
            for v in service.separation.check(cases, acts=proposed)
            if not v.exempt
            and v.severity is Severity.ERROR
            and any(id(e) in ours for e in v.evidence)
        ]
        if not blocking:
            return
        rules = sorted({v.rule for v in blocking})
        involved = sorted({c for v in blocking for c in v.cases if c})
        shown = "; ".join(dict.fromkeys(v.explain("en") for v in blocking[:3]))
        more = f" (and {len(blocking) - 3} more)" if len(blocking) > 3 else ""
        raise ProblemError(
            problem(
                "separation-of-duties",
                "Separation of duties",
                403,
                f"{user.person} may not {what}: {', '.join(rules)}: {shown}{more}",
                field="person",
                value=user.person,
                expected="a supervisor who neither reviewed nor decided the cases supervised, "
                f"from a department that did not decide them (cases {', '.join(involved[:10])})",
                rules=rules,
            )
        )

    def records(start: dt.date, end: dt.date) -> Any:
        store = service.store
        if store is None:
            raise ProblemError(
                problem(
                    "no-store",
                    "No case store",
                    503,
                    "this service was started without a case store (--store URL)",
                    field="store",
                    expected="a service started with a store",
                )
            )
        try:
            return store.records(start, end)
        except GovServiceError as exc:
            raise _parse.library(exc) from None

    common: dict[str, Any] = {
        "before_request": service.signed_in,
        "tags": ["supervision"],
        "sync_to_thread": False,
        "security": [{"bearer": []}],
    }

    @get(
        "/v1/supervision/monitoring",
        operation_id="monitor",
        responses=errors(400, 401, 403, 422, 503),
        **common,
    )
    def monitoring(
        request: Request[Any, Any, Any],
        today: Annotated[str, QueryParameter(description="The day monitored: 2025-03-20")],
    ) -> MonitoringOut:
        """Electronic monitoring (电子监察) of every case open on ``today``: normal, yellow, red."""
        user = supervisor(request, "monitor cases")
        from govservice.supervision import monitor

        day = _parse.date("today", today)
        data = records(day, day)
        supervising(user, data, "monitor cases")
        try:
            m = monitor(data, day, calendar=service.cases_calendar)
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        cases = [
            MonitoredCase(
                str(r["case_id"]),
                str(r["department"]),
                None if _cell(r.get("window")) is None else str(r["window"]),
                str(r["matter_code"]),
                str(r["status"]),
                _int(r.get("remaining_working_days")),
                _day(r.get("due_date")),
                None if _cell(r.get("node")) is None else str(r["node"]),
            )
            for r in m.cases.to_dict("records")
        ]
        departments = [
            MonitoredDepartment(
                str(r["department"]),
                int(r.get("open", 0)),
                int(r.get("normal", 0)),
                int(r.get("yellow", 0)),
                int(r.get("red", 0)),
            )
            for r in m.departments.to_dict("records")
        ]
        return MonitoringOut(day, cases, departments)

    @get(
        "/v1/supervision/indicators",
        operation_id="indicators",
        responses=errors(400, 401, 403, 422, 503),
        **common,
    )
    def indicators(
        request: Request[Any, Any, Any],
        start: FromQuery[str],
        end: FromQuery[str],
        by: FromQuery[str] = "department",
        period: FromQuery[str] = "month",
    ) -> FigureTable:
        """The indicators of the cases open at some time from ``start`` to ``end``.

        As `govservice.store.CaseStore.records` gives them: completion figures fall in the
        period of completion, the rest in the period of acceptance, so a period at either end
        of the window holds only the part of its cases the window saw.
        """
        user = supervisor(request, "read indicators")
        from govservice.metrics import compute_indicators

        first, last = _parse.date("start", start), _parse.date("end", end)
        if last < first:
            raise invalid("end", end, f"on or after start {start}")
        groups = [g for g in by.split(",") if g]
        allowed = {"center", "department", "window", "matter_code", "kind"}
        for g in groups:
            if g not in allowed:
                raise invalid("by", by, "a comma list of " + ", ".join(sorted(allowed)))
        if period not in ("day", "week", "month", "quarter", "year", "none"):
            raise invalid("period", period, "one of day, week, month, quarter, year, none")
        data = records(first, last)
        supervising(user, data, "read indicators")
        try:
            table = compute_indicators(
                data,
                by=groups or ["center"],
                period=None if period == "none" else period,
                calendar=service.cases_calendar,
            )
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        return FigureTable([str(c) for c in table.columns], _rows(table))

    @get(
        "/v1/supervision/irregularities",
        operation_id="irregularities",
        responses=errors(400, 401, 403, 422, 503),
        **common,
    )
    def irregularities(
        request: Request[Any, Any, Any],
        start: FromQuery[str],
        end: FromQuery[str],
        locale: FromQuery[str] = "zh_CN",
    ) -> FigureTable:
        """Irregular handling (明进暗不进, 两头受理, 体外循环, overdue), with evidence."""
        user = supervisor(request, "look for irregularities")
        from govservice.supervision import find_irregularities

        first, last = _parse.date("start", start), _parse.date("end", end)
        if last < first:
            raise invalid("end", end, f"on or after start {start}")
        loc = _parse.locale(locale)
        data = records(first, last)
        supervising(user, data, "look for irregularities")
        try:
            table = find_irregularities(
                data, service.catalog, locale=loc, calendar=service.cases_calendar
            )
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        return FigureTable([str(c) for c in table.columns], _rows(table))

    @get(
        "/v1/supervision/reports/{month:str}",
        operation_id="monthlyReport",
        responses={
            200: ResponseSpec(
                data_container=bytes,
                description="The report (report.html, tables as CSV and JSON, charts as PNG)",
                media_type="application/zip",
                generate_examples=False,
            ),
            **errors(400, 401, 403, 422, 503),
        },
        **common,
    )
    def report(
        request: Request[Any, Any, Any], month: FromPath[str], locale: FromQuery[str] = "zh_CN"
    ) -> Response[bytes]:
        """The monthly report of the center as a ZIP download (HTML, CSV, JSON, PNG)."""
        user = supervisor(request, "download the monthly report")
        from govservice.supervision import monthly_report

        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1000:
            raise invalid("month", month, "a month such as '2025-03'")
        loc = _parse.locale(locale)
        year, number = int(match.group(1)), int(match.group(2))
        last = dt.date(year, number, _stdcal.monthrange(year, number)[1])
        first = dt.date(year - 1, number, 1) if number < 12 else dt.date(year, 1, 1)
        data = records(first, last)
        supervising(user, data, "download the monthly report")
        with tempfile.TemporaryDirectory(prefix="govservice-report-") as tmp:
            try:
                written = monthly_report(
                    data,
                    month,
                    out_dir=tmp,
                    locale=loc,
                    catalog=service.catalog,
                    calendar=service.cases_calendar,
                )
            except GovServiceError as exc:
                raise _parse.library(exc) from None
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, path in sorted(written.files.items()):
                    archive.write(Path(path), arcname=name)
        return Response(
            buffer.getvalue(),
            media_type="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="report-{month}.zip"',
            },
        )

    return [monitoring, indicators, irregularities, report]
