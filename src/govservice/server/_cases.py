"""Case endpoints: submit, read, act, lists and verification, on a case store.

Concurrency the HTTP way: a case's ``ETag`` is its trace head; an act must send ``If-Match``
with it. A stale head is answered ``412 Precondition Failed`` with the current head, and
nothing is written; the store's own compare-and-swap (``ConcurrencyError``) covers the race
between reading and saving the same way. The person recorded as acting is always the
authenticated one, never a name from the request body.
"""

from __future__ import annotations

import collections
import collections.abc
import datetime as dt
import enum
import functools
import inspect
import json
import types
import typing
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import attrs
import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.enums import MediaType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import (
    BodyKwarg,
    FromPath,
    FromQuery,
    HeaderParameter,
    JSONBody,
    QueryParameter,
)

from govservice._errors import (
    CaseNotFoundError,
    ConcurrencyError,
    GovServiceError,
    TraceIntegrityError,
)
from govservice.approval import ParallelState
from govservice.matters import Case, CaseFacts, CaseState, load_case
from govservice.server import _parse
from govservice.server._problems import ProblemError, invalid, problem
from govservice.server._users import Role, User
from govservice.server._wire import (
    CaseFactsIn,
    CasePage,
    CaseRowOut,
    CaseSnapshot,
    CaseSubmit,
    NoticeOut,
    RectificationOut,
    TimelinessOut,
    TraceEventOut,
    VerifyResult,
)

if TYPE_CHECKING:
    from govservice.server._app import Service

#: Encoded snapshots a service keeps, by trace head.
SNAPSHOT_CACHE = 4096

__all__ = ["ACT_ROLES", "case_routes"]


_CLERK = (Role.WINDOW_CLERK,)
_REVIEWER = (Role.REVIEWER,)
_APPROVER = (Role.APPROVER,)
_HEADS = (Role.HEAD_OF_ORGAN, Role.HEAD_OF_GOVERNMENT)
_ADMIN = (Role.ADMIN,)

#: The roles that may perform each act (any one of them suffices).
ACT_ROLES: Mapping[str, tuple[Role, ...]] = {
    "submit": _CLERK,
    "accept": _CLERK,
    "refuse_acceptance": _CLERK,
    "request_supplement": _CLERK,
    "supplement": _CLERK,
    "issue_certificate": _CLERK,
    "deliver": _CLERK,
    "complete": _CLERK,
    "close": _CLERK,
    "withdraw": _CLERK,
    "notify": _CLERK,
    "review": _REVIEWER,
    "verify_substance": _REVIEWER,
    "suspend": _REVIEWER,
    "resume": _REVIEWER,
    "report_up": _REVIEWER,
    "approve": _APPROVER,
    "deny": _APPROVER,
    "decide": _APPROVER,
    "extend": _HEADS,
    "timeout": _ADMIN,
    "correct": _ADMIN,
    "recalendar": _ADMIN,
    # 好差评 and complaints: the window records a rating or complaint (the evaluator at the
    # window, the portal's or the hotline's record); the department puts the fault right and
    # appeals a review; the supervisor (督查) verifies, answers and decides the appeal, so the
    # department appealing never decides its own appeal.
    "rate": (Role.WINDOW_CLERK, Role.SUPERVISOR),
    "complain": (Role.WINDOW_CLERK, Role.SUPERVISOR),
    "verify_feedback": (Role.SUPERVISOR,),
    "rectify": (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER),
    "answer": (Role.SUPERVISOR,),
    "appeal": (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER),
    "decide_appeal": (Role.SUPERVISOR,),
}

#: Parameters the service fills from the authenticated person, never from the body.
_FROM_TOKEN = frozenset({"by", "approved_by"})
#: Parameters of act methods the service never takes from a request.
_NOT_FROM_BODY = frozenset({"self", "calendar", "guard", "at", *_FROM_TOKEN})


def _etag(head: str) -> str:
    return f'"{head}"'


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def _instant(case: Any, name: str) -> dt.datetime | None:
    value = getattr(case, name, None)
    return value if isinstance(value, dt.datetime) else None


def snapshot(case: Any, *, with_trace: bool = False, today: dt.date | None = None) -> CaseSnapshot:
    """The state snapshot of a case (a `Case` or a parallel case); ``today`` for overdue."""
    timeliness = getattr(case, "timeliness", None)
    if timeliness is not None:
        t = TimelinessOut(
            _text_or_none(timeliness.committed) or "pending",
            _text_or_none(timeliness.statutory) or "pending",
            _text_or_none(timeliness.delivery) or "pending",
        )
    else:
        t = TimelinessOut("pending", "pending", "pending")
    notices = [
        NoticeOut(
            _text_or_none(getattr(n, "kind", None)) or "",
            getattr(n, "on", None) or getattr(n, "date", None),
        )
        for n in getattr(case, "notices", ()) or ()
    ]
    matter = getattr(case, "matter", None)
    matter_code = getattr(case, "matter_code", None) or getattr(matter, "code", "")
    department = getattr(case, "department", None) or getattr(matter, "department", "")
    trace = case.trace
    events = None
    if with_trace:
        events = [TraceEventOut(e.seq, e.hash, e.body) for e in trace.events]
    return CaseSnapshot(
        case_id=case.case_id,
        state=_text_or_none(case.state) or "",
        kind=_text_or_none(getattr(case, "kind", None)) or "",
        handling_system=_text_or_none(getattr(case, "handling_system", None)),
        matter_code=str(matter_code),
        department=str(department),
        window=getattr(case, "window", None),
        accepted_at=getattr(case, "accepted_at", None),
        due_date=getattr(case, "due_date", None),
        due_at=_instant(case, "due_at"),
        statutory_due_date=getattr(case, "statutory_due_date", None),
        statutory_due_at=_instant(case, "statutory_due_at"),
        delivery_due_date=getattr(case, "delivery_due_date", None),
        ended_at=getattr(case, "ended_at", None) or getattr(case, "completed_at", None),
        provisional=bool(getattr(case, "provisional", False)),
        timeliness=t,
        notices=notices,
        head=trace.head,
        events=len(trace.events),
        trace=events,
        grade=getattr(case, "grade", None),
        rectifications=[_rectification(r, today) for r in getattr(case, "rectifications", ())],
    )


def _rectification(r: Any, today: dt.date | None) -> RectificationOut:
    overdue = None if today is None else bool(r.overdue(today))
    return RectificationOut(r.id, r.source.value, r.state.value, r.due_date, r.closed, overdue)


def _row(row: Any) -> CaseRowOut:
    committed, statutory, delivery = row.timeliness
    return CaseRowOut(
        case_id=row.case_id,
        state=row.state,
        kind=row.kind,
        handling_system=row.handling_system,
        matter_code=row.matter_code,
        department=row.department,
        window=row.window,
        submitted_at=row.submitted_at,
        accepted_at=row.accepted_at,
        due_date=row.due_date,
        statutory_due_date=row.statutory_due_date,
        delivery_due_date=row.delivery_due_date,
        provisional=row.provisional,
        timeliness=TimelinessOut(committed, statutory, delivery),
        head=row.head,
    )


# -- reading act parameters by the act method's own signature -----------------------------------


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(hint) if a is not type(None))
    if hint is dt.datetime:
        return "an ISO instant with an offset"
    if hint is dt.date:
        return "an ISO date"
    if hint is str:
        return "a string"
    if hint is bool:
        return "true or false"
    if hint is int:
        return "an integer"
    if hint is float:
        return "a number"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(str(e.value) for e in hint)
    if origin is not None and typing.get_args(hint):
        return f"a list of {_describe(typing.get_args(hint)[0])}"
    return getattr(hint, "__name__", str(hint))


_SEQUENCES = {
    list,
    tuple,
    collections.abc.Iterable,
    collections.abc.Sequence,
    collections.abc.Collection,
    frozenset,
    set,
}


def _convert(field: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _convert(field, value, arg)
            except ProblemError:
                continue
        raise invalid(field, value, _describe(hint))
    if hint is dt.datetime:
        return _parse.instant(field, value)
    if hint is dt.date:
        return _parse.date(field, value)
    if hint is bool:
        if not isinstance(value, bool):
            raise invalid(field, value, "true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(field, value, "an integer")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid(field, value, "a number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise invalid(field, value, "a string")
        return value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise invalid(field, value, _describe(hint)) from None
    if origin in _SEQUENCES:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise invalid(field, value, _describe(hint))
        item = args[0] if args else Any
        return [_convert(f"{field}[{i}]", v, item) for i, v in enumerate(value)]
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, dict):
            raise invalid(field, value, f"an object ({hint.__name__})")
        hints = typing.get_type_hints(hint)
        known = {a.name for a in attrs.fields(hint)}
        for key in value:
            if key not in known:
                raise invalid(f"{field}.{key}", value[key], "one of " + ", ".join(sorted(known)))
        kwargs = {k: _convert(f"{field}.{k}", v, hints.get(k, Any)) for k, v in value.items()}
        try:
            return hint(**kwargs)
        except GovServiceError as exc:
            raise _parse.library(exc, f"{field}.") from None
        except TypeError as exc:
            raise invalid(field, value, f"an object ({hint.__name__}): {exc}") from None
    raise invalid(field, value, f"a value of {_describe(hint)}")


def _act_method(case: Any, act: str) -> Callable[..., Any] | None:
    if act.startswith("_") or act not in ACT_ROLES or act == "submit":
        return None
    method = getattr(case, act, None)
    return method if callable(method) else None


@functools.lru_cache(maxsize=256)
def _signature(function: Callable[..., Any]) -> tuple[dict[str, inspect.Parameter], dict[str, Any]]:
    """The keyword parameters of an act method and their type hints (read once per method)."""
    signature = inspect.signature(function)
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError):  # pragma: no cover - an annotation the module cannot resolve
        hints = {}
    params = {
        name: p
        for name, p in signature.parameters.items()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and name != "self"
    }
    return params, hints


def _kwargs(method: Callable[..., Any], body: Mapping[str, Any], user: User) -> dict[str, Any]:
    params, hints = _signature(getattr(method, "__func__", method))
    accepted = sorted(n for n in params if n not in _NOT_FROM_BODY)
    _refuse_unknown(body, ["act", "at", *accepted])
    kwargs: dict[str, Any] = {}
    for name, p in params.items():
        if name in ("self", "calendar", "guard"):
            continue
        if name == "by" or name == "approved_by":
            kwargs[name] = user.person
        elif name == "at":
            kwargs[name] = _parse.instant("at", body.get("at"))
        elif name == "approver_role" and name not in body:
            held = [r for r in _HEADS if user.has(r)]
            if held:
                kwargs[name] = _convert(name, held[0].value, hints.get(name, Any))
        elif name in body:
            kwargs[name] = _convert(name, body[name], hints.get(name, Any))
        elif p.default is inspect.Parameter.empty:
            raise invalid(name, None, f"present: {_describe(hints.get(name, Any))}")
    role = kwargs.get("approver_role")
    if role is not None:  # the approver is the person of the token, in a role they hold
        text = str(getattr(role, "value", role))
        if text in {r.value for r in Role} and not user.has(Role(text)):
            raise invalid("approver_role", text, "a role the person holds")
    return kwargs


def _only_fields(request: Request[Any, Any, Any], model: type[Any]) -> None:
    """Refuse a body key the model has no field for, as an act refuses one.

    Litestar drops unknown keys: a misspelled ``windw`` would be lost without a word, and a
    ``by`` silently ignored (the person is the token's). The body is the one Litestar read.
    """
    from litestar.utils.scope.state import ScopeState

    raw = ScopeState.from_scope(request.scope).body
    body = msgspec.json.decode(raw) if isinstance(raw, bytes) and raw.strip() else {}
    if not isinstance(body, dict):
        return  # Litestar has refused it already
    _refuse_unknown(body, [f.name for f in attrs.fields(model)])


def _refuse_unknown(body: Mapping[str, Any], accepted: list[str]) -> None:
    """Refuse a ``by`` (the person is the token's) and any key not ``accepted``, naming it."""
    for key in body:
        if key in _FROM_TOKEN:
            raise invalid(
                key, body[key], "absent: the person acting is the one the bearer token names"
            )
        if key not in accepted:
            raise invalid(key, body[key], "one of " + ", ".join(accepted))


# -- the routes ---------------------------------------------------------------------------------


def _if_match(header: str | None) -> str:
    if header is None or header.strip() in ("", "*"):
        raise ProblemError(
            problem(
                "precondition-required",
                "If-Match required",
                428,
                "an act needs 'If-Match' with the case's ETag (GET /v1/cases/{id}), so that two "
                "clerks never overwrite each other",
                field="If-Match",
                value=header,
                expected="the case's current ETag (its trace head)",
            )
        )
    value = header.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header, quoted, weak ones as strong."""
    tags = set()
    for part in header.split(","):
        tag = part.strip().removeprefix("W/")
        tags.add(tag if tag.startswith('"') else f'"{tag}"')
    return tags


#: The states a stored case can be in: a case's and a parallel case's.
_STATES = frozenset([*(s.value for s in CaseState), *(s.value for s in ParallelState)])


def _location(case_id: str) -> str:
    """The case's URL path, percent-encoded (a header holds ASCII only; 号 or a space do not).

    Examples:
        >>> _location("SJ 2025/号?")
        '/v1/cases/SJ%202025%2F%E5%8F%B7%3F'
    """
    return "/v1/cases/" + urllib.parse.quote(case_id, safe="")


def _stale(case_id: str, sent: str, head: str) -> ProblemError:
    return ProblemError(
        problem(
            "stale-head",
            "Precondition failed",
            412,
            f"case {case_id} has moved on: If-Match names {sent} but the current head is {head}; "
            "nothing was written. Read the case again, re-apply the act, send the new ETag",
            field="If-Match",
            value=sent,
            expected=f"the current head {head}",
            head=head,
        ),
        {"ETag": _etag(head)},
    )


def _not_found(case_id: str) -> ProblemError:
    return ProblemError(
        problem(
            "not-found",
            "Not found",
            404,
            f"no case {case_id!r} in the store",
            field="case_id",
            value=case_id,
            expected="the id of a stored case",
        )
    )


_ETAG_HEADER = [
    ResponseHeader(name="ETag", description="The case's trace head", documentation_only=True)
]


def case_routes(service: Service) -> list[Any]:
    """The case route handlers for ``service`` (a `govservice.server._app.Service`)."""
    from govservice.server._app import _errors as errors

    def store() -> Any:
        if service.store is None:
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
        return service.store

    # Reads look up the stored head (one row) and replay only when it moved (`Service.case`);
    # an act whose If-Match names a head held there starts from that case at once, and the
    # store's compare-and-swap on save refuses it (412) if another process moved the case.
    remember = service.remember
    known = service.held

    # The snapshot of a case at a head never changes: kept encoded, as sent, beside the case.
    sent: collections.OrderedDict[tuple[str, str], bytes] = collections.OrderedDict()

    def encoded(case: Any) -> bytes:
        key = (case.case_id, case.trace.head)
        found = sent.get(key)
        if found is None:
            found = sent[key] = msgspec.json.encode(snapshot(case))
            while len(sent) > SNAPSHOT_CACHE:
                sent.popitem(last=False)
        return found

    def load(case_id: str) -> Any:
        try:
            return service.case(store(), case_id)
        except CaseNotFoundError:
            raise _not_found(case_id) from None
        except GovServiceError as exc:
            raise _parse.library(exc) from None

    def current_head(case_id: str) -> str:
        try:
            return str(store().row(case_id).head)
        except CaseNotFoundError:
            raise _not_found(case_id) from None
        except GovServiceError as exc:
            raise _parse.library(exc) from None

    def guard() -> Callable[[Any], None] | None:
        guard_fn: Callable[[Any], None] = service.separation.guard
        return guard_fn

    def retried(case: Any, sent: str, name: str, data: Any, user: User) -> Any:
        """``case`` (as stored now) if it ends with exactly this act done at ``sent``, else None.

        A client whose answer was lost sends the same act again with the same If-Match: the
        case at ``sent`` (its document cut there, replayed) with the act applied again must
        give the current head itself, the hash of the whole trace, so the act is the same
        event, by the same person at the same instant with the same parameters.
        """
        doc = json.loads(case.to_json())
        hashes = [e["hash"] for e in doc["events"]]
        if sent not in hashes[:-1]:
            return None
        cut = {**doc, "events": doc["events"][: hashes.index(sent) + 1], "head": sent}
        try:
            before = load_case(json.dumps(cut, ensure_ascii=False), calendar=store().calendar)
            again = _apply(before, name, data, user, guard(), service.catalog)
        except (GovServiceError, ProblemError):
            return None
        return case if again.trace.head == case.trace.head else None

    def answer(case: Any) -> Response[CaseSnapshot]:
        remember(case)
        etag = {"ETag": _etag(case.trace.head)}
        return Response(encoded(case), media_type=MediaType.JSON, headers=etag)  # type: ignore[arg-type]

    common: dict[str, Any] = {
        "before_request": service.signed_in,
        "tags": ["cases"],
        "sync_to_thread": False,
        "security": [{"bearer": []}],
    }

    @post(
        "/v1/cases",
        operation_id="submitCase",
        status_code=201,
        responses=errors(400, 401, 403, 409, 422, 503),
        response_headers=_ETAG_HEADER,
        **common,
    )
    def submit(
        request: Request[Any, Any, Any], data: JSONBody[CaseSubmit]
    ) -> Response[CaseSnapshot]:
        """Submit (申请/收件) a case of a matter; the receiving clerk is the person of the token."""
        user = service.require(request, ACT_ROLES["submit"], "submit a case")
        _only_fields(request, CaseSubmit)
        s = store()
        case_id = _parse.text("case_id", data.case_id)
        if "/" in case_id or case_id in (".", ".."):  # never reachable again at /v1/cases/{id}
            raise invalid("case_id", case_id, "a case number usable in a URL: no '/', not . or ..")
        applicant = _parse.text("applicant", data.applicant)
        at = _parse.instant("at", data.at)
        if data.matter not in service.catalog:
            raise invalid("matter", data.matter, "the code of a matter in the catalogue")
        facts = _facts(data.facts)
        if case_id in s:
            raise _exists(case_id)
        try:
            case = _submit(
                service.catalog[data.matter],
                case_id=case_id,
                applicant=applicant,
                at=at,
                by=user.person,
                window=None if data.window is None else _parse.text("window", data.window),
                facts=facts,
                calendar=service.cases_calendar,
                guard=guard(),
            )
            s.add(case)
        except GovServiceError as exc:
            if case_id in s:  # another process stored it first
                raise _exists(case_id) from None
            raise _parse.library(exc) from None
        remember(case)
        return Response(
            snapshot(case),
            status_code=201,
            headers={"ETag": _etag(case.trace.head), "Location": _location(case_id)},
        )

    @get(
        "/v1/cases/{case_id:str}",
        operation_id="getCase",
        responses={
            304: ResponseSpec(
                data_container=None,
                description="Not modified: the If-None-Match ETag is the current head",
                generate_examples=False,
            ),
            **errors(400, 401, 404, 409, 422, 503),
        },
        response_headers=_ETAG_HEADER,
        **common,
    )
    def read(
        case_id: FromPath[str],
        trace: FromQuery[bool] = False,
        if_none_match: Annotated[
            str | None,
            HeaderParameter(
                name="If-None-Match",
                required=False,
                description="An ETag the client holds: 304 with no body while it is current",
            ),
        ] = None,
        today: Annotated[
            str | None,
            QueryParameter(
                required=False,
                description="The day rectifications are overdue as of: 2025-03-20",
            ),
        ] = None,
    ) -> Response[CaseSnapshot]:
        """A case's state snapshot; ``trace=true`` adds its events.

        ``today`` marks each rectification overdue or not as of that day (never the clock).

        The case is replayed and verified from the store once per trace head (the head is the
        hash of the whole trace); ``/verify`` replays it again every time.
        """
        case = load(case_id)
        etag = _etag(case.trace.head)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if if_none_match is not None and etag in _tags(if_none_match):
            return Response(None, status_code=304, headers=headers)  # type: ignore[arg-type]
        if trace or today is not None:
            day = None if today is None else _parse.date("today", today)
            return Response(snapshot(case, with_trace=trace, today=day), headers=headers)
        return Response(encoded(case), media_type=MediaType.JSON, headers=headers)  # type: ignore[arg-type]

    @post(
        "/v1/cases/{case_id:str}/acts",
        operation_id="actOnCase",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 412, 422, 428, 503),
        response_headers=_ETAG_HEADER,
        **common,
    )
    def act(
        request: Request[Any, Any, Any],
        case_id: FromPath[str],
        data: Annotated[
            dict[str, Any],
            BodyKwarg(
                title="Act",
                description=(
                    'The act and its parameters: {"act": "accept", "at": "2025-03-03T10:00:00'
                    '+08:00"}, {"act": "request_supplement", "at": ..., "missing": [...]}, '
                    '{"act": "deny", "at": ..., "reason": ...}. Acts: '
                    + ", ".join(sorted(a for a in ACT_ROLES if a != "submit"))
                    + ". Never a 'by': the person acting is the bearer token's."
                ),
            ),
        ],
        if_match: Annotated[
            str | None,
            HeaderParameter(
                name="If-Match",
                required=False,
                description="The case's ETag (trace head); required, or the act gets 428",
            ),
        ] = None,
    ) -> Response[CaseSnapshot]:
        """Any lifecycle act: ``{"act": "accept", "at": ..., ...the act's parameters}``.

        Needs ``If-Match`` with the case's ETag; a stale one is answered 412 with the current
        head and nothing is written. The very act that moved the head, sent again (a retry
        after a lost answer: same person, instant and parameters), is answered 200 with the
        case as it is and recorded once (RFC 9110 section 13.1.1). The person acting is the
        token's, never the body's.
        """
        name = data.get("act")
        if not isinstance(name, str) or name not in ACT_ROLES or name == "submit":
            acts = sorted(a for a in ACT_ROLES if a != "submit")
            raise invalid("act", name, "one of " + ", ".join(acts))
        user = service.require(request, ACT_ROLES[name], f"{name} a case")
        sent = _if_match(if_match)
        s = store()
        case = known(case_id, sent)
        if case is None:
            case = load(case_id)
            if sent != case.trace.head:
                same = retried(case, sent, name, data, user)
                if same is not None:  # a retry of an act already recorded: the case as it is
                    return answer(same)
                raise _stale(case_id, sent, case.trace.head)
            new = _apply(case, name, data, user, guard(), service.catalog)
        else:  # held at the head sent: the store's compare-and-swap checks it is current
            try:
                new = _apply(case, name, data, user, guard(), service.catalog)
            except ProblemError:
                head = current_head(case_id)
                if head != sent:  # refused on a stale head: that is the answer, 412
                    raise _stale(case_id, sent, head) from None
                raise
        try:
            s.save(new, base=sent)  # onto the head the client sent, or 412
        except ConcurrencyError:
            head = s.row(case_id).head
            if head == new.trace.head:  # this very act is what moved it (a retry): recorded
                return answer(new)
            raise _stale(case_id, sent, head) from None
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        return answer(new)

    @get(
        "/v1/cases",
        operation_id="listCases",
        responses=errors(400, 401, 422, 503),
        **common,
    )
    def lists(
        today: Annotated[str, QueryParameter(description="The day asked about: 2025-03-20")],
        status: Annotated[str, QueryParameter(description="open, due_soon or overdue")] = "open",
        within: FromQuery[int] = 3,
        due: Annotated[
            str, QueryParameter(description="committed, statutory or delivery")
        ] = "committed",
        department: FromQuery[str | None] = None,
        window: FromQuery[str | None] = None,
        matter: FromQuery[str | None] = None,
        case_state: Annotated[str | None, QueryParameter(name="state")] = None,
        limit: FromQuery[int] = 100,
        offset: FromQuery[int] = 0,
    ) -> CasePage:
        """Cases as of ``today``: open, due soon, or overdue.

        ``status`` is open, due_soon (due within ``within`` working days) or overdue (past the
        ``due`` date: committed, statutory or delivery).
        """
        day = _parse.date("today", today)
        s = store()
        if status not in ("open", "due_soon", "overdue"):
            raise invalid("status", status, "one of open, due_soon, overdue")
        if not 1 <= limit <= 1000:
            raise invalid("limit", limit, "an integer in 1..1000")
        if offset < 0:
            raise invalid("offset", offset, "an integer >= 0")
        if not 0 <= within <= 1000:
            raise invalid("within", within, "an integer in 0..1000")
        if due not in ("committed", "statutory", "delivery"):
            raise invalid("due", due, "one of committed, statutory, delivery")
        if case_state is not None and case_state not in _STATES:
            raise invalid("state", case_state, "one of " + ", ".join(sorted(_STATES)))
        filters = {
            "department": department,
            "window": window,
            "matter": matter,
            "state": case_state,
            "limit": limit,
            "offset": offset,
        }
        try:
            if status == "open":
                page = s.open_cases(day, **filters)
            elif status == "due_soon":
                page = s.due_within(day, within, due=due, **filters)
            else:
                page = s.overdue(day, due=due, **filters)
        except GovServiceError as exc:
            raise _parse.library(exc) from None
        return CasePage([_row(r) for r in page.items], page.total, page.offset, page.limit)

    @get(
        "/v1/cases/{case_id:str}/verify",
        operation_id="verifyCase",
        responses=errors(400, 401, 404, 503),
        **common,
    )
    def verify(case_id: FromPath[str]) -> VerifyResult:
        """Replay and verify a stored case's hash chain and recorded due dates."""
        try:
            case = store().get(case_id)
        except CaseNotFoundError:
            raise _not_found(case_id) from None
        except TraceIntegrityError as exc:
            return VerifyResult(case_id, False, None, None, str(exc))
        except GovServiceError as exc:
            if type(exc).__name__ in ("CalendarMismatchError", "StoreIntegrityError"):
                return VerifyResult(case_id, False, None, None, str(exc))
            raise _parse.library(exc) from None
        return VerifyResult(case_id, True, case.trace.head, len(case.trace.events), None)

    return [submit, read, act, lists, verify]


def _apply(
    case: Any,
    name: str,
    data: Mapping[str, Any],
    user: User,
    guard: Callable[[Any], None] | None,
    catalog: Any = None,
) -> Any:
    """The case after the act ``name`` with the body's parameters, by ``user``; or a problem.

    A report up without a ``limit`` takes the statutory limit of the matter the case's matter
    reports to in the service's catalogue (arts. 42, 43), as `linkage` measures it.
    """
    method = _act_method(case.with_guard(guard) if hasattr(case, "with_guard") else case, name)
    if method is None:
        raise invalid("act", name, f"an act a {type(case).__name__} has")
    kwargs = _kwargs(method, data, user)
    upper = getattr(getattr(case, "matter", None), "reports_to", None)
    if name == "report_up" and "limit" not in data and catalog is not None and upper in catalog:
        kwargs["limit"] = catalog[upper].statutory_limit
    try:
        return method(**kwargs)
    except GovServiceError as exc:
        raise _parse.library(exc) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value the act cannot take
        given = {k: v for k, v in data.items() if k != "act"}
        raise invalid("act", given, f"parameters {name} accepts ({exc})") from None


def _facts(value: CaseFactsIn | None) -> CaseFacts | None:
    return None if value is None else _parse.facts(value, "facts.")


def _submit(matter: Any, **kwargs: Any) -> Any:
    """`Case.submit` with the keywords its signature takes (the lifecycle adds some)."""
    accepted = inspect.signature(Case.submit).parameters
    return Case.submit(matter, **{k: v for k, v in kwargs.items() if k in accepted})


def _exists(case_id: str) -> ProblemError:
    """409: the case id is taken (nothing was written)."""
    return ProblemError(
        problem(
            "case-exists",
            "Case exists",
            409,
            f"a case {case_id!r} is stored already",
            field="case_id",
            value=case_id,
            expected="an id not yet in the store",
        )
    )


# -- the act body in the OpenAPI document ------------------------------------------------------


def _json_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a parameter the service reads with `_convert`."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(hint))
        if str in args:  # an enum or its text: any text, the enum's values named
            choices = [v for a in args if isinstance(a, type) and issubclass(a, enum.Enum)
                       for v in (str(e.value) for e in a)]  # fmt: skip
            found: dict[str, Any] = {"type": "string"}
            if choices:
                found["description"] = "one of " + ", ".join(choices)
        else:
            found = {"oneOf": [_json_schema(a) for a in args]} if len(args) > 1 else {}
            if len(args) == 1:
                found = _json_schema(args[0])
        if nullable:
            return {"oneOf": [found, {"type": "null"}]}
        return found
    if hint is dt.datetime:
        return {"type": "string", "format": "date-time"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [str(e.value) for e in hint]}
    if origin in _SEQUENCES:
        items = typing.get_args(hint)
        return {"type": "array", "items": _json_schema(items[0]) if items else {}}
    return {}


def _act_classes() -> tuple[type, ...]:
    """The case types acts apply to: a `Case`, and a parallel case where installed."""
    from govservice.approval import ParallelCase

    return (Case, ParallelCase)


def _camel(act: str) -> str:
    return "Act" + "".join(part.capitalize() for part in act.split("_"))


def act_schemas() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The JSON Schemas of the act bodies, read from the act methods' own signatures.

    Returns:
        The component schemas (one per act, named ``Act<Name>``) and the body schema: a
        ``oneOf`` of them, discriminated by ``act``.
    """
    components: dict[str, dict[str, Any]] = {}
    for act in sorted(a for a in ACT_ROLES if a != "submit"):
        properties: dict[str, Any] = {
            "act": {"type": "string", "const": act},
            "at": {"type": "string", "format": "date-time", "description": "When (aware)"},
        }
        having = [cls for cls in _act_classes() if callable(getattr(cls, act, None))]
        if not having:  # no case type has it (yet): not an act a body can name
            continue
        required: list[str] | None = None
        where: dict[str, list[str]] = {}
        for cls in having:
            params, hints = _signature(getattr(cls, act))
            names = [n for n in params if n not in _NOT_FROM_BODY and n != "guard"]
            needed = [n for n in names if params[n].default is inspect.Parameter.empty]
            required = needed if required is None else [n for n in required if n in needed]
            for n in names:
                properties.setdefault(n, _json_schema(hints.get(n, Any)))
                where.setdefault(n, []).append(cls.__name__)
        for n, owners in where.items():
            if len(owners) < len(having):
                properties[n] = {**properties[n], "description": f"{' and '.join(owners)} only"}
        roles = " or ".join(r.value for r in ACT_ROLES[act])
        components[_camel(act)] = {
            "type": "object",
            "title": act,
            "description": f"The act {act}; it needs the role {roles}. Never a 'by': the "
            "person acting is the bearer token's.",
            "properties": properties,
            "required": ["act", "at", *(required or [])],
            "additionalProperties": False,
        }
    body = {
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in components],
        "discriminator": {
            "propertyName": "act",
            "mapping": {
                components[name]["title"]: f"#/components/schemas/{name}" for name in components
            },
        },
    }
    return components, body


def document_acts(openapi: Any) -> None:
    """Give the act endpoint of ``openapi`` (Litestar's OpenAPI object) its real body schema."""
    from litestar.openapi.spec import Discriminator, OpenAPIFormat, OpenAPIType, Reference, Schema

    def spec(d: dict[str, Any]) -> Schema | Reference:
        if "$ref" in d:
            return Reference(ref=d["$ref"])
        return Schema(
            type=OpenAPIType(d["type"]) if "type" in d else None,
            format=OpenAPIFormat(d["format"]) if "format" in d else None,
            const=d.get("const"),
            enum=d.get("enum"),
            title=d.get("title"),
            description=d.get("description"),
            properties={k: spec(v) for k, v in d["properties"].items()}
            if "properties" in d
            else None,
            required=d.get("required"),
            additional_properties=d.get("additionalProperties"),
            items=spec(d["items"]) if "items" in d else None,
            one_of=[spec(x) for x in d["oneOf"]] if "oneOf" in d else None,
            discriminator=Discriminator(
                property_name=d["discriminator"]["propertyName"],
                mapping=d["discriminator"]["mapping"],
            )
            if "discriminator" in d
            else None,
        )

    components, body = act_schemas()
    schemas = openapi.components.schemas
    for name, value in components.items():
        schemas[name] = spec(value)
    operation = openapi.paths["/v1/cases/{case_id}/acts"].post
    media = operation.request_body.content["application/json"]
    described = media.schema
    new = spec(body)
    if isinstance(new, Schema) and isinstance(described, Schema):
        new.title, new.description = described.title, described.description
    media.schema = new
