"""Forging a case's trace as an attacker with write access would: change, then rechain."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from govservice.matters import Trace


def rechain(case: Any, change: Callable[[list[dict[str, Any]]], None]) -> str:
    """The case's JSON with its payloads changed by ``change`` and every hash recomputed.

    For a `Case` or a `ParallelCase`: the schema and the case id are the case's own, so the
    forged document passes every hash check and only the replay's re-checks can refuse it.
    """
    schema = json.loads(case.to_json())["schema"]
    payloads = [e.payload for e in case.trace]
    change(payloads)
    trace = Trace.start(schema, case.case_id)
    for p in payloads:
        trace = trace.append(p)
    events = [{"body": e.body, "hash": e.hash} for e in trace]
    return json.dumps(
        {"schema": schema, "case_id": case.case_id, "head": trace.head, "events": events}
    )
