"""Eight clients acting at random on the same fifty cases: every act lands or gets 412."""

from __future__ import annotations

import random
import threading
from collections import Counter

import httpx

from govservice.store import CaseStore

from .conftest import act, at, auth, submit

CASES = [f"CC-{i:02d}" for i in range(50)]
#: state -> (the act that moves it on, who does it)
NEXT = {
    "submitted": ("accept", "张三"),
    "accepted": ("review", "李四"),
    "under_review": ("approve", "王五"),
    "approved": ("issue_certificate", "张三"),
}


def test_eight_clients_fifty_cases(case_service: tuple[str, CaseStore]) -> None:
    url, store = case_service
    with httpx.Client(base_url=url) as c:
        for case_id in CASES:
            assert submit(c, case_id).status_code == 201
    landed: Counter[str] = Counter()
    conflicts: Counter[str] = Counter()
    failures: list[str] = []

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=url, timeout=30) as c:
            for _ in range(30):
                case_id = rng.choice(CASES)
                for _attempt in range(20):
                    r = c.get(f"/v1/cases/{case_id}", headers=auth("张三"))
                    snap = r.json()
                    if snap["state"] not in NEXT:
                        break
                    name, person = NEXT[snap["state"]]
                    body = {"act": name, "at": at(3 + snap["events"], 10, seed)}
                    r = act(c, case_id, r.headers["etag"], person, body)
                    if r.status_code == 200:
                        landed[case_id] += 1
                        break
                    if r.status_code == 412:
                        conflicts[case_id] += 1
                        continue
                    failures.append(f"{case_id} {name}: {r.status_code} {r.text}")
                    return

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures[:3]
    with httpx.Client(base_url=url) as c:
        for case_id in CASES:
            snap = c.get(f"/v1/cases/{case_id}", headers=auth("孙监察")).json()
            assert (
                snap["events"] == 1 + landed[case_id]
            )  # the submission, then each act that landed
            v = c.get(f"/v1/cases/{case_id}/verify", headers=auth("孙监察")).json()
            assert v["verified"] is True
            assert v["head"] == snap["head"]
    assert sum(landed.values()) > 0
    assert store.verify().ok  # every trace and state row
    print(f"landed {sum(landed.values())} acts, {sum(conflicts.values())} answered 412 and retried")
