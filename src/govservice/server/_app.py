"""The Litestar application: routes, authentication, problem answers and the OpenAPI document."""

from __future__ import annotations

import calendar as _stdcal
import collections
import datetime as dt
import functools
import gc
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import attrs
import msgspec
from litestar import Litestar, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.enums import MediaType
from litestar.exceptions import (
    HTTPException,
    InternalServerException,
    SerializationException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme, Server, Tag
from litestar.params import FromQuery, JSONBody, PathParameter
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from govservice import __version__
from govservice._errors import CalendarCoverageError, GovServiceError
from govservice.calendar import (
    Extension,
    ProvisionalCalendar,
    Suspension,
    TimeLimit,
    WorkCalendar,
    deadline,
)
from govservice.matters import (
    GUIDE_FORMATS,
    CaseKind,
    Catalog,
    CenterLevel,
    MatterType,
    classify,
    guide,
)
from govservice.server import _parse
from govservice.server._problems import (
    PROBLEM_JSON,
    Problem,
    ProblemError,
    echo,
    invalid,
    problem,
    problem_from_error,
)
from govservice.server._users import Role, User, Users
from govservice.server._wire import (
    AddRequest,
    AddResult,
    BetweenRequest,
    BetweenResult,
    ClassifyRequest,
    ClassifyResult,
    DayInfo,
    DeadlineRequest,
    DeadlineResult,
    Health,
    MatterSummary,
    MonthInfo,
)
from govservice.store import CaseStore
from govservice.supervision import Directory, Person, Separation

__all__ = ["API_VERSION", "Service", "create_app"]

#: The version of the HTTP API (the ``/v1`` prefix), also the OpenAPI document's version.
API_VERSION = "1.0.0"

#: Deadline answers kept per service (the explanation is the costly part).
DEADLINE_CACHE = 4096

#: Replayed cases a service keeps, by trace head (`Service.case`).
CASE_CACHE = 4096

#: Items of a batch request at most (``/v1/calendar/add`` and ``/v1/calendar/between``).
MAX_BATCH = 10_000

#: Strict decoding of a deadline request body (see the endpoint's ``before_request``).
_DEADLINE_REQUEST = msgspec.json.Decoder(DeadlineRequest)

_BEARER = {"WWW-Authenticate": 'Bearer realm="govservice"'}

#: Where a request's scope keeps the person its token names, once authenticated.
_USER_KEY = "govservice.user"


@attrs.frozen
class Service:
    """What the handlers share: the calendar, the catalogue, the people and the store.

    Args:
        calendar: The calendar every working day is counted on.
        catalog: The catalogue of matters.
        users: The people who may call the service.
        store: The case store, or ``None`` for a service without cases.
        private: Whether the public endpoints (calendar, deadlines, catalogue) need a token.
    """

    calendar: WorkCalendar | ProvisionalCalendar
    catalog: Catalog
    users: Users
    store: CaseStore | None = None
    private: bool = False
    separation: Separation = attrs.field(init=False)
    # Replayed cases by (case id, trace head). A head is the hash of the whole trace, so a
    # case replayed and verified once at a head is the case at that head. Bounded; the
    # handlers run on the event loop, one at a time.
    _replayed: collections.OrderedDict[tuple[str, str], Any] = attrs.field(
        init=False, factory=collections.OrderedDict, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        people = [Person(u.person, u.department, {r.value for r in u.roles}) for u in self.users]
        object.__setattr__(self, "separation", Separation(Directory(people)))

    def remember(self, case: Any) -> Any:
        """Keep ``case`` (replayed and verified, or just saved) as the case at its head."""
        key = (case.case_id, case.trace.head)
        self._replayed[key] = case
        self._replayed.move_to_end(key)
        while len(self._replayed) > CASE_CACHE:
            self._replayed.popitem(last=False)
        return case

    def held(self, case_id: str, head: str) -> Any:
        """The case at ``head`` if it is kept, else ``None``."""
        found = self._replayed.get((case_id, head))
        if found is not None:
            self._replayed.move_to_end((case_id, head))
        return found

    def case(self, store: CaseStore, case_id: str) -> Any:
        """The stored case: its head read from its row, replayed only when not kept."""
        found = self.held(case_id, store.row(case_id).head)
        return found if found is not None else self.remember(store.get(case_id))

    @property
    def engine(self) -> WorkCalendar:
        """The calendar that counts (a provisional calendar is a drop-in `WorkCalendar`)."""
        return self.calendar

    @property
    def cases_calendar(self) -> WorkCalendar:
        """The calendar cases are counted on: the store's when there is one, else `engine`."""
        found: WorkCalendar | None = getattr(self.store, "calendar", None)
        return found or self.engine

    @property
    def official_end(self) -> dt.date:
        """The last day of official calendar data."""
        cal = self.calendar
        if isinstance(cal, ProvisionalCalendar):
            return cal.official_coverage.end
        return cal.coverage.end

    def authenticate(
        self, request: ASGIConnection[Any, Any, Any, Any], *, required: bool
    ) -> User | None:
        """The person calling, by bearer token; 401 when required and missing or unknown."""
        known: User | None = request.scope.get(_USER_KEY)  # type: ignore[assignment]
        if known is not None:  # the guard found them already
            return known
        header = request.headers.get("authorization")
        if header is None:
            if required:
                raise ProblemError(
                    problem(
                        "unauthenticated",
                        "Authentication required",
                        401,
                        "this endpoint needs 'Authorization: Bearer <token>'",
                        field="Authorization",
                        value=None,
                        expected="a bearer token from the users file",
                    ),
                    _BEARER,
                )
            return None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ProblemError(
                problem(
                    "unauthenticated",
                    "Authentication required",
                    401,
                    "the Authorization header must be 'Bearer <token>'",
                    field="Authorization",
                    value=scheme,
                    expected="'Bearer <token>'",
                ),
                _BEARER,
            )
        user = self.users.authenticate(token)
        if user is None:
            raise ProblemError(
                problem(
                    "unauthenticated",
                    "Authentication required",
                    401,
                    "the bearer token is not in the users file",
                    field="Authorization",
                    value="Bearer ***",
                    expected="a bearer token from the users file",
                ),
                _BEARER,
            )
        request.scope[_USER_KEY] = user  # type: ignore[literal-required]
        return user

    # Guards are coroutines: Litestar runs a plain function guard in a worker thread, a hop
    # that costs more than answering most requests.
    async def public(
        self, connection: ASGIConnection[Any, Any, Any, Any], _handler: object
    ) -> None:
        """Guard: let a public request through, or demand a token when the service is private."""
        if self.private:
            self.authenticate(connection, required=True)

    async def signed_in(self, request: Request[Any, Any, Any]) -> None:
        """``before_request`` hook: demand a known bearer token before the body is parsed.

        A hook rather than a guard: Litestar hands every guard its own copy of the route
        handler, which cost an act more than checking the token.
        """
        self.authenticate(request, required=True)

    @property
    def public_guards(self) -> list[Any]:
        """The guards of the public endpoints: none unless the service is private."""
        return [self.public] if self.private else []

    def require(self, request: Request[Any, Any, Any], roles: Sequence[Role], what: str) -> User:
        """The person calling, who must hold one of ``roles``; 401 or 403 otherwise."""
        user = self.authenticate(request, required=True)
        assert user is not None
        if not any(user.has(r) for r in roles):
            wanted = " or ".join(r.value for r in roles)
            raise ProblemError(
                problem(
                    "forbidden-role",
                    "Role required",
                    403,
                    f"{user.person} may not {what}: it needs the role {wanted}, "
                    f"and they hold {', '.join(sorted(r.value for r in user.roles))}",
                    field="role",
                    value=sorted(r.value for r in user.roles),
                    expected=f"the role {wanted}",
                )
            )
        return user


# -- answering problems ------------------------------------------------------------------------


def _problem_response(p: Problem, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        content=p.to_dict(), status_code=p.status, media_type=PROBLEM_JSON, headers=headers
    )


def _on_problem(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, ProblemError)
    return _problem_response(exc.problem, exc.headers)


def _on_library(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, GovServiceError)
    return _problem_response(problem_from_error(exc))


_BACKTICK = re.compile(r"`([^`]*)`")


def _body_value(request: Request[Any, Any, Any], path: str) -> Any:
    """The value at ``path`` ($.a.b[0]) of the request body already read, or None."""
    body = ScopeState.from_scope(request.scope).body
    if not isinstance(body, bytes):
        return None
    try:
        value: Any = json.loads(body)
    except ValueError:
        return None
    for part in re.findall(r"[^.\[\]$]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


_JSON_TYPES = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def _expected(message: str) -> str:
    """What msgspec's "Expected `int`, got `str`" expected, in words."""
    found = _BACKTICK.findall(message)
    if message.startswith("Expected") and found:
        words = [_JSON_TYPES.get(part.strip(), part.strip()) for part in found[0].split("|")]
        return " or ".join(words)
    return message


def _on_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, ValidationException)
    extra = exc.extra if isinstance(exc.extra, list) else []
    first = extra[0] if extra and isinstance(extra[0], dict) else {}
    message = str(first.get("message", exc.detail))
    key = str(first.get("key") or "")
    raw_source = first.get("source") or "body"
    source = str(getattr(raw_source, "value", raw_source))
    absent = re.search(r"Missing required (\w+) parameter '([^']*)'", message)
    if absent:
        where, name = absent.groups()
        p = problem(
            "missing-parameter",
            "Missing parameter",
            400,
            f"the {where} parameter {name} is required",
            field=name,
            value=None,
            expected=f"a {where} parameter {name}",
        )
        return _problem_response(p)
    missing = re.search(r"missing required field `([^`]*)`", message)
    if missing:
        field = f"{key}.{missing.group(1)}" if key and key != "data" else missing.group(1)
        p = problem(
            "invalid-value",
            "Invalid value",
            422,
            f"{field} is required",
            field=field,
            value=None,
            expected="present",
        )
        return _problem_response(p)
    body = ScopeState.from_scope(request.scope).body
    if source == "body" and key == "data" and isinstance(body, bytes) and not body.strip():
        message = "JSON is malformed: the body is empty"  # Litestar says only "'data'"
    if "malformed" in message.lower() or "malformed" in str(exc.detail).lower():
        return _problem_response(
            problem(
                "malformed-json",
                "Malformed JSON",
                400,
                message,
                field="body",
                expected="a JSON document",
            )
        )
    if source == "body":
        field = key if key and key != "data" else "body"
        value = _body_value(request, field if field != "body" else "")
    else:
        field = key or source
        value = request.query_params.get(field) if source == "query" else None
    expected = _expected(message)
    p = problem(
        "invalid-value",
        "Invalid value",
        422,
        f"{field} must be {expected}, got {json.dumps(echo(value), ensure_ascii=False)}",
        field=field,
        value=value,
        expected=expected,
    )
    return _problem_response(p)


def _on_http(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    detail = exc.detail or "error"
    # a body msgspec cannot decode ("Input data was truncated" names no malformation)
    undecoded = isinstance(exc.__cause__, SerializationException)
    if status == 400 and ("malformed" in detail.lower() or undecoded):
        p = problem(
            "malformed-json",
            "Malformed JSON",
            400,
            detail if "malformed" in detail.lower() else f"JSON is malformed: {detail}",
            field="body",
            expected="a JSON document",
        )
    elif status == 404:
        p = problem("not-found", "Not found", 404, detail, expected="an existing resource")
    elif status == 405:
        p = problem("method-not-allowed", "Method not allowed", 405, detail)
    else:
        p = problem("http", "HTTP error", status, detail)
    return _problem_response(p, dict(exc.headers or {}))


def _on_anything(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    p = problem(
        "internal",
        "Internal error",
        500,
        f"the service failed: {type(exc).__name__}; this is a bug, please report it",
    )
    return _problem_response(p)


async def _body(request: Request[Any, Any, Any]) -> bytes:
    """The request body, read as `Request.body` reads it, without building the header map.

    Litestar looks the content length up in a map of every header it builds first, which
    costs more than decoding a small body. The same checks on the raw headers: a size
    announced or received beyond the handler's limit is 413, a client gone before the end is
    an error, and an unreadable content length (or a body already read) is left to
    `Request.body`. The body is kept where Litestar's own reading finds it.
    """
    state = ScopeState.from_scope(request.scope)
    if state.body is not Empty:
        return await request.body()
    limit = request.route_handler.resolve_request_max_body_size() or math.inf
    for name, value in request.scope["headers"]:
        if name == b"content-length":
            if not value.isdigit():
                return await request.body()
            if int(value) > limit:
                raise RequestEntityTooLarge
            break
    chunks = []
    size = 0
    while True:
        event = await request.receive()
        if event["type"] == "http.request":
            chunk = event["body"]
            if chunk:
                size += len(chunk)
                if size > limit:
                    raise RequestEntityTooLarge
                chunks.append(chunk)
            if not event.get("more_body", False):
                break
        elif event["type"] == "http.disconnect":
            raise InternalServerException("client disconnected prematurely")
    request.is_connected = False
    body = state.body = b"".join(chunks)
    return body


# -- OpenAPI helpers ----------------------------------------------------------------------------


def _errors(*statuses: int) -> dict[int, ResponseSpec]:
    texts = {
        400: "Malformed request (JSON syntax, a missing parameter)",
        401: "No bearer token, or one the users file does not know",
        403: "The person lacks the role the act needs, or separation of duties forbids it",
        404: "No such case or matter",
        409: "The act is not allowed in the case's state",
        412: "If-Match is not the case's current head; nothing was written",
        422: "A field has a value it does not accept (the problem names field, value, expected)",
        428: "The act needs an If-Match header with the case's head",
        503: "The service has no case store, or its store does not answer",
    }
    return {
        s: ResponseSpec(
            data_container=Problem,
            description=texts[s],
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for s in statuses
    }


_PUBLIC_ERRORS = (400, 401, 422)


# -- the app ------------------------------------------------------------------------------------


def _day(service: Service, day: dt.date) -> DayInfo:
    cal = service.engine
    kind = cal.day_kind(day)
    entry = cal.entry(day)
    name = entry.name if entry is not None else None
    return DayInfo(
        day,
        kind.is_working,
        kind.value,
        name,
        cal.english_name(name) if name else None,
        day > service.official_end,
    )


def _batch(field: str, value: object) -> tuple[list[Any], bool]:
    if isinstance(value, list):
        if not value:
            raise invalid(field, value, "a non-empty list")
        if len(value) > MAX_BATCH:
            raise invalid(field, f"a list of {len(value)} items", f"at most {MAX_BATCH} items")
        return value, True
    return [value], False


def _pair(a_field: str, a: object, b_field: str, b: object) -> tuple[list[tuple[Any, Any]], bool]:
    xs, xs_batch = _batch(a_field, a)
    ys, ys_batch = _batch(b_field, b)
    if xs_batch and ys_batch and len(xs) != len(ys):
        raise invalid(b_field, f"a list of {len(ys)} items", f"a list of {len(xs)} items")
    if xs_batch and not ys_batch:
        ys = ys * len(xs)
    if ys_batch and not xs_batch:
        xs = xs * len(ys)
    return list(zip(xs, ys, strict=True)), xs_batch or ys_batch


def _field(name: str, i: int, batch: bool) -> str:
    return f"{name}[{i}]" if batch else name


def _service_routes(service: Service) -> list[Any]:
    @get(
        "/v1/health",
        operation_id="getHealth",
        tags=["service"],
        responses=_errors(503),
        sync_to_thread=False,
    )
    def health() -> Health:
        """Whether the service and its store answer: for load balancers and monitoring.

        Public even with ``--private`` (a probe carries no token): it tells the version, the
        calendar and its last official day, and the store's kind and schema version, read
        from the database on every call. A store that does not answer gives 503.
        """
        store, version = service.store, None
        if store is not None:
            try:
                version = store.schema_version
            except GovServiceError as exc:
                raise ProblemError(
                    problem(
                        "store-unavailable",
                        "Store unavailable",
                        503,
                        f"the case store does not answer: {exc}",
                        field="store",
                        expected="a store that answers",
                    )
                ) from None
        return Health(
            "ok",
            __version__,
            service.calendar.name,
            service.official_end,
            None if store is None else store.backend,
            version,
        )

    return [health]


def _calendar_routes(service: Service) -> list[Any]:
    public: dict[str, Any] = {
        "guards": service.public_guards,
        "tags": ["calendar"],
        "responses": _errors(*_PUBLIC_ERRORS),
        "sync_to_thread": False,
    }

    @get("/v1/calendar/days/{day:str}", operation_id="getDay", **public)
    def get_day(
        day: Annotated[str, PathParameter(description="An ISO date: 2025-10-01")],
    ) -> DayInfo:
        """One day: working or not, its kind and its holiday's name."""
        try:
            return _day(service, _parse.date("day", day))
        except GovServiceError as exc:
            raise _parse.library(exc) from None

    @get("/v1/calendar/month/{month:str}", operation_id="getMonth", **public)
    def get_month(
        month: Annotated[str, PathParameter(description="A month: 2025-10")],
    ) -> MonthInfo:
        """Every day of a month (``yyyy-mm``) and the number of working days in it."""
        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
            raise invalid("month", month, "a month such as '2025-10'")
        year, number = int(match.group(1)), int(match.group(2))
        last = _stdcal.monthrange(year, number)[1]
        try:
            days = [_day(service, dt.date(year, number, d)) for d in range(1, last + 1)]
        except GovServiceError as exc:
            raise _parse.library(exc, "month: ") from None
        return MonthInfo(month, sum(d.working for d in days), days)

    @post("/v1/calendar/add", operation_id="addWorkingDays", status_code=200, **public)
    def add(data: JSONBody[AddRequest]) -> AddResult:
        """The n-th working day after a date (or a batch), Civil Code art. 201 counting."""
        pairs, batch = _pair("start", data.start, "days", data.days)
        cal = service.engine
        out: list[dt.date] = []
        for i, (start, n) in enumerate(pairs):
            day = _parse.date(_field("start", i, batch), start)
            if isinstance(n, bool) or not isinstance(n, int) or abs(n) > 100_000:
                raise invalid(_field("days", i, batch), n, "an integer in -100000..100000")
            try:
                out.append(cal.add_working_days(day, n))
            except GovServiceError as exc:
                raise _parse.library(exc, _field("start", i, batch) + ": ") from None
        provisional = max(out) > service.official_end
        return AddResult(out if batch else out[0], provisional)

    @post("/v1/calendar/between", operation_id="workingDaysBetween", status_code=200, **public)
    def between(data: JSONBody[BetweenRequest]) -> BetweenResult:
        """The number of working days in ``(start, end]``, scalars or batches."""
        pairs, batch = _pair("start", data.start, "end", data.end)
        cal = service.engine
        out: list[int] = []
        latest = dt.date.min
        for i, (a, b) in enumerate(pairs):
            first = _parse.date(_field("start", i, batch), a)
            last = _parse.date(_field("end", i, batch), b)
            latest = max(latest, first, last)
            try:
                out.append(cal.working_days_between(first, last))
            except GovServiceError as exc:
                name = "end" if getattr(exc, "field", "") == "end" else "start"
                raise _parse.library(exc, field=_field(name, i, batch)) from None
        return BetweenResult(out if batch else out[0], latest > service.official_end)

    def compute(data: DeadlineRequest) -> Response[DeadlineResult]:
        """The answer to a deadline request, however its body was decoded."""
        locale = _parse.locale(data.locale)
        start = _parse.start("start", data.start)
        limit = _parse.limit("limit", data.limit)
        suspensions = [
            _parse.suspension(f"suspensions[{i}]", s) for i, s in enumerate(data.suspensions)
        ]
        extensions = [
            _parse.extension(f"extensions[{i}]", e) for i, e in enumerate(data.extensions)
        ]
        try:
            body = answer(start, limit, tuple(suspensions), tuple(extensions), locale)
        except CalendarCoverageError as exc:
            # The start itself, or the due date the limit reaches, is past the calendar's data.
            covered = service.engine.coverage
            day = start.date() if isinstance(start, dt.datetime) else start
            inside = covered.start <= day <= covered.end
            if inside:
                raise _parse.library(exc, field="limit", value=data.limit) from None
            raise _parse.library(exc, field="start") from None
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        except (ValueError, OverflowError) as exc:  # a count beyond any calendar
            raise invalid("limit", data.limit, f"a limit the calendar can count ({exc})") from None
        return Response(body, media_type=MediaType.JSON)  # type: ignore[arg-type]

    # Litestar's reading and parsing of a body (its header map, the kwargs model, then its
    # signature model) cost about as much as computing a deadline. A body msgspec decodes
    # strictly into the request type is the value Litestar's lax conversion would give, so it
    # is answered before that parsing; any other body (malformed, a wrong type, a lax
    # coercion) goes on to Litestar's parsing, whose problem answers stay what they were.
    async def decoded(request: Request[Any, Any, Any]) -> Response[DeadlineResult] | None:
        try:
            data = _DEADLINE_REQUEST.decode(await _body(request))
        except msgspec.MsgspecError:
            return None
        return compute(data)

    @post(
        "/v1/deadlines",
        operation_id="computeDeadline",
        status_code=200,
        before_request=decoded,
        **public,
    )
    def deadlines(data: JSONBody[DeadlineRequest]) -> Response[DeadlineResult]:
        """The due date and instant of a limit from a start, with suspensions and extensions.

        Administrative Licensing Law arts. 42, 45 and 82; Civil Code arts. 201 and 203.
        """
        return compute(data)

    # A deadline is a pure function of its inputs on this service's calendar, and rendering its
    # explanation costs far more than computing it; many cases share a start and a limit (all
    # accepted today under "20个工作日"), so answers are kept per service (not shared, bounded).
    @functools.lru_cache(maxsize=DEADLINE_CACHE)
    def answer(
        start: dt.date | dt.datetime,
        limit: TimeLimit,
        suspensions: tuple[Suspension, ...],
        extensions: tuple[Extension, ...],
        locale: str,
    ) -> bytes:
        d = deadline(start, limit, service.calendar, suspensions=suspensions, extensions=extensions)
        result = DeadlineResult(
            d.due_date, d.due_at, d.provisional, d.explain(locale), _parse.limit_out(limit)
        )
        return msgspec.json.encode(result)  # the answer as sent, encoded once

    return [get_day, get_month, add, between, deadlines]


def _known_matter(service: Service, code: str) -> None:
    """404 problem+json unless ``code`` is a matter of the service's catalogue."""
    if code not in service.catalog:
        raise ProblemError(
            problem(
                "not-found",
                "Not found",
                404,
                f"no matter with code {code!r} in the catalogue",
                field="code",
                value=code,
                expected="the code of a matter in the catalogue (GET /v1/matters)",
            )
        )


def _summary(service: Service, code: str) -> MatterSummary:
    m = service.catalog[code]
    return MatterSummary(
        m.code,
        m.name,
        m.name_en,
        m.department,
        m.matter_type.value,
        m.level.value,
        _parse.limit_out(m.statutory_limit),
        _parse.limit_out(m.committed_limit),
        classify(m).kind.value,
    )


def _enum_param(field: str, value: str | None, enum: Any) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise invalid(field, value, f"one of {choices}") from None


def _catalog_routes(service: Service) -> list[Any]:
    public: dict[str, Any] = {
        "guards": service.public_guards,
        "tags": ["catalogue"],
        "sync_to_thread": False,
    }
    summaries = {m.code: _summary(service, m.code) for m in service.catalog}

    @get("/v1/matters", operation_id="listMatters", responses=_errors(400, 401, 422), **public)
    def matters(
        department: FromQuery[str | None] = None,
        matter_type: FromQuery[str | None] = None,
        level: FromQuery[str | None] = None,
        kind: FromQuery[str | None] = None,
    ) -> list[MatterSummary]:
        """The matters of the catalogue, filtered by department, type, level and case kind."""
        wanted_type = _enum_param("matter_type", matter_type, MatterType)
        wanted_level = _enum_param("level", level, CenterLevel)
        wanted_kind = _enum_param("kind", kind, CaseKind)
        found = service.catalog.select(
            department=department,
            matter_type=wanted_type,
            level=wanted_level,
            case_kind=wanted_kind,
        )
        return [summaries[m.code] for m in found]

    @get(
        "/v1/matters/{code:str}",
        operation_id="getMatter",
        responses=_errors(400, 401, 404, 422),
        **public,
    )
    def matter(
        code: Annotated[str, PathParameter(description="The matter's implementation code")],
    ) -> MatterSummary:
        """One matter of the catalogue."""
        _known_matter(service, code)
        return summaries[code]

    @get(
        "/v1/matters/{code:str}/guide",
        operation_id="getMatterGuide",
        responses=_errors(400, 401, 404, 422),
        **public,
    )
    def matter_guide(
        code: Annotated[str, PathParameter(description="The matter's implementation code")],
        format: FromQuery[str] = "html",
        locale: FromQuery[str] = "zh_CN",
    ) -> Response[str]:
        """The matter's service guide (办事指南, 一事一表): HTML, Markdown or JSON.

        Every element the Administrative Licensing Law art. 30 requires to be published; a
        matter missing one answers 422 naming each missing element.
        """
        _known_matter(service, code)
        if format not in GUIDE_FORMATS:
            raise invalid("format", format, "one of " + ", ".join(GUIDE_FORMATS))
        text = guide(service.catalog[code], locale=_parse.locale(locale), format=format)
        media = {"html": "text/html", "markdown": "text/markdown", "json": "application/json"}
        return Response(content=text, media_type=media[format])  # Litestar adds the charset

    @post(
        "/v1/classify",
        operation_id="classifyCase",
        status_code=200,
        responses=_errors(400, 401, 404, 422),
        **public,
    )
    def classify_case(data: JSONBody[ClassifyRequest]) -> ClassifyResult:
        """The kind of a case of a matter, from the facts of the application, with reasons."""
        locale = _parse.locale(data.locale)
        if data.matter not in service.catalog:
            raise invalid("matter", data.matter, "the code of a matter in the catalogue")
        c = classify(service.catalog[data.matter], _parse.facts(data))
        return ClassifyResult(
            data.matter,
            c.kind.value,
            [r.text(locale) for r in c.reasons],
            c.urgent,
            c.green_channel,
        )

    return [matters, matter, matter_guide, classify_case]


def create_app(
    *,
    calendar: WorkCalendar | ProvisionalCalendar,
    catalog: Catalog,
    users: Users | None = None,
    store: CaseStore | None = None,
    private: bool = False,
    extra_routes: Sequence[Callable[..., Any]] = (),
) -> Litestar:
    """The ASGI application of the service.

    Args:
        calendar: The calendar every working day is counted on (required: no silent default).
        catalog: The catalogue of matters.
        users: The people who may call the service; none when ``None`` (every write refused).
        store: The case store (`govservice.store.open_store`), or ``None`` for a service of
            calendar, deadlines and catalogue only (the case endpoints answer 503).
        private: Whether calendar, deadline and catalogue endpoints need a token too.
        extra_routes: More Litestar route handlers (a benchmark's constant endpoint).

    Returns:
        A Litestar application; serve it with uvicorn or `serve`.

    Examples:
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> app = create_app(calendar=china(), catalog=sample_catalog())
        >>> app.openapi_schema.openapi
        '3.1.0'
    """
    if not isinstance(calendar, WorkCalendar | ProvisionalCalendar):
        raise invalid("calendar", calendar, "a WorkCalendar or ProvisionalCalendar")
    if not isinstance(catalog, Catalog):
        raise invalid("catalog", catalog, "a Catalog")
    service = Service(calendar, catalog, users or Users(()), store, private)
    from govservice.server._cases import case_routes, document_acts
    from govservice.server._supervision import supervision_routes

    @get("/openapi.json", include_in_schema=False, sync_to_thread=False)
    def openapi_json(request: Request[Any, Any, Any]) -> Response[Any]:
        """The OpenAPI 3.1 document (also checked in as docs/openapi.json)."""
        return Response(
            content=request.app.openapi_schema.to_schema(),
            media_type="application/vnd.oai.openapi+json",
        )

    handlers = [
        openapi_json,
        *_service_routes(service),
        *_calendar_routes(service),
        *_catalog_routes(service),
        *case_routes(service),
        *supervision_routes(service),
        *extra_routes,
    ]
    app = Litestar(
        route_handlers=handlers,
        exception_handlers={
            ProblemError: _on_problem,
            GovServiceError: _on_library,
            ValidationException: _on_validation,
            HTTPException: _on_http,
            Exception: _on_anything,
        },
        openapi_config=openapi_config(),
        debug=False,
        logging_config=None,
        on_startup=[_settle],
        on_shutdown=[gc.unfreeze],
    )
    document_acts(app.openapi_schema)
    return app


def _settle() -> None:
    """At start-up: keep what the process has built so far out of later garbage collections.

    The modules, the routes, the OpenAPI document, the calendar and the catalogue live as
    long as the service: about 60,000 objects, two thirds of what a full collection walks
    with 4,096 cases held. Every request in flight waits out that walk (tens of
    milliseconds on a small machine). `gc.freeze` (Python standard library) moves every
    object alive now to a permanent generation that collections skip; shutdown moves them
    back (`gc.unfreeze`), so an app started and stopped in a longer process leaves it as
    it was.
    """
    gc.collect()
    gc.freeze()


def openapi_config() -> OpenAPIConfig:
    """The OpenAPI settings: 3.1 at ``/openapi.json``, bearer tokens, tags."""
    return OpenAPIConfig(
        title="govservice",
        version=API_VERSION,
        description=(
            "The working-day calendar, deadlines, catalogue and case lifecycle of a Chinese "
            "administrative service center (政务服务中心) as a JSON service. Errors are RFC 9457 "
            "problem documents naming the field, the value and what was expected. Acts on a "
            "case send If-Match with the case's ETag (its trace head)."
        ),
        path="/openapi",
        render_plugins=[],
        servers=[Server(url="/")],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="A token of the users file (stored there as its SHA-256).",
                )
            }
        ),
        tags=[
            Tag(name="service", description="Health of the service and its store (public)"),
            Tag(name="calendar", description="Working days and deadlines (public)"),
            Tag(name="catalogue", description="Matters and case kinds (public)"),
            Tag(name="cases", description="Cases: submit, read, act (tokens and roles)"),
            Tag(name="supervision", description="Monitoring, indicators and reports"),
        ],
        create_examples=False,
        use_handler_docstrings=True,
    )
