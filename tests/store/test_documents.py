"""The document a store replays: the compact text orjson writes reads as the to_json text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from govservice.calendar import china
from govservice.matters import Case
from govservice.store._rows import document
from govservice.testing import case_histories

CN = china()


@settings(max_examples=40, deadline=None)
@given(case=case_histories(max_actions=8))
def test_the_compact_document_is_the_to_json_document(case: Case) -> None:
    bodies = [(e.body, e.hash) for e in case.trace]
    schema = json.loads(case.to_json())["schema"]
    text = document(schema, case.case_id, bodies)
    compact = document(schema, case.case_id, bodies, compact=True)
    assert text == case.to_json()  # what store.json and case export give
    assert json.loads(compact) == json.loads(text)
    assert Case.from_json(compact, calendar=CN) == case


@given(body=st.text(min_size=1, max_size=20), at=st.integers(0, 19))
def test_a_text_orjson_cannot_write_is_written_as_the_standard_library_writes_it(
    body: str, at: int
) -> None:
    """A lone surrogate a database was edited to hold: the same text as before, which the
    replay refuses as it did (orjson refuses to write it at all)."""
    forged = body[:at] + "\ud800" + body[at:]
    bodies = [(forged, "0" * 64)]
    assert document("govservice.case/2", "C-1", bodies, compact=True) == document(
        "govservice.case/2", "C-1", bodies
    )
