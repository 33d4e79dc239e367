"""The 好差评 acts a property test draws, applied alike to a `Case` and a `ParallelCase`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from govservice.matters import RectificationPolicy

FIFTEEN = RectificationPolicy.working_days(15)
#: The feedback acts by the names a test draws (verify and decide_appeal both ways).
FEEDBACK_ACTS = ("verify_valid", "verify_unfounded", "rectify", "answer", "appeal", "upheld",
                 "rejected", "rate_bad", "rate_good", "complain")  # fmt: skip


def apply_feedback(case: Any, act: str, rid: str, when: dt.datetime) -> Any:
    """``case`` after the drawn feedback ``act`` on rectification ``rid`` at ``when``."""
    if act.startswith("verify"):
        return case.verify_feedback(rid, valid=act == "verify_valid", finding="f", at=when, by="b")
    if act == "rectify":
        return case.rectify(rid, measures="m", at=when, by="b")
    if act == "answer":
        return case.answer(rid, text="t", at=when, by="b")
    if act == "appeal":
        return case.appeal(rid, ground="mistaken", text="t", at=when, by="b")
    if act in ("upheld", "rejected"):
        return case.decide_appeal(rid, upheld=act == "upheld", reason="r", at=when, by="b")
    if act == "rate_bad":
        return case.rate(2, channel="window", person=None, at=when, policy=FIFTEEN)
    if act == "rate_good":
        return case.rate(4, channel="online", person="p", at=when)
    if act == "complain":
        return case.complain(channel="online", person="p", at=when, text="t", policy=5)
    raise ValueError(act)
