"""Hypothesis strategies that turn a valid document into a hostile one.

A mutation changes the parsed document (a value's type, its value, the structure: a key dropped,
added or nested deep), its text (a duplicate key, a byte-order mark, truncation, a huge number)
or its bytes (invalid UTF-8). The fuzz tests apply them to every public loader.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

#: Inputs tried per target: a few seconds in CI; `make fuzz` sets GOVSERVICE_FUZZ_EXAMPLES.
EXAMPLES = int(os.environ.get("GOVSERVICE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100)

#: Values an attacker puts where a document expects something else.
HOSTILE_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 2.5, -0.0, 1e308, -1e308, 10**30, -(10**30), 2**63, "",
    " ", "\x00", "a\x00b", "\ud800", "line\nbreak", "\r\n", "$\\x$", "$\\sqrt{\\sqrt{x}}$",
    "=HYPERLINK(\"http://x\",\"y\")", "+cmd|'/c calc'!A0", "@SUM(1+1)", "20270101", "2027-W01-1",
    "9999-12-31", "0001-01-01", "2027-02-30", "x" * 5000, "<script>alert(1)</script>",
    "../../etc/passwd", "working_days", "二十个工作日", "9" * 400 + "个工作日", [], {}, [[]],
    {"": None}, [None], ["\ud800"], {"a": {"b": {"c": []}}},
]  # fmt: skip

_values = (
    st.sampled_from(HOSTILE_VALUES)
    | st.from_type(type(None))
    | st.integers()
    | st.text(max_size=30)
    | st.floats(allow_nan=False, allow_infinity=False)
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the document (keys and indexes), the root included."""
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc[:6]):  # the first few items of long lists
            found += _paths(value, (*prefix, i))
    return found


def _set(doc: Any, path: tuple[Any, ...], change: Any) -> Any:
    if not path:
        return change(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = change(parent[path[-1]])
    return doc


_DELETE = object()


@st.composite
def mutated_documents(draw: st.DrawFn, valid: Any) -> Any:
    """The valid document with one to three structural or value mutations."""
    doc = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        how = draw(
            st.sampled_from(["value", "value", "delete", "add_key", "nest", "wrap", "duplicate"])
        )
        if how == "value":
            new = draw(_values)
            doc = _set(doc, path, lambda _old, new=new: copy.deepcopy(new))
        elif how == "delete" and path:
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            del parent[path[-1]]
        elif how == "add_key":
            key, new = draw(st.text(max_size=8)), draw(_values)

            def add(old: Any, key: str = key, new: Any = new) -> Any:
                if isinstance(old, dict):
                    old[key] = new
                return old

            doc = _set(doc, path, add)
        elif how == "nest":
            depth = draw(st.sampled_from([2, 50, 200]))  # deeper ones are made as text
            doc = _set(doc, path, lambda old, depth=depth: _nested(old, depth))
        elif how == "wrap":
            doc = _set(doc, path, lambda old: [old])
        elif how == "duplicate":
            doc = _set(doc, path, lambda old: old * 2 if isinstance(old, list) else old)
    return doc


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_texts(draw: st.DrawFn, valid: Any) -> str:
    """JSON text of a mutated document, sometimes also mutated as text."""
    doc = draw(mutated_documents(valid)) if draw(st.booleans()) else copy.deepcopy(valid)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    how = draw(
        st.sampled_from(["none", "none", "bom", "truncate", "dup_key", "huge", "splice", "deep"])
    )
    if how == "bom":
        text = "\ufeff" + text
    elif how == "truncate" and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif how == "dup_key" and text.startswith("{") and len(text) > 2:
        first_key = text[1 : text.index(":") + 1] if ":" in text else '"x":'
        text = "{" + first_key + " null, " + text[1:]
    elif how == "huge":
        text = text.replace("1", "1" + "0" * draw(st.sampled_from([50, 400, 5000])), 1)
    elif how == "deep":  # past any recursion limit
        depth = draw(st.sampled_from([1000, 100_000]))
        text = "[" * depth + text + "]" * depth
    elif how == "splice" and text:
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at] + draw(st.sampled_from(["[", "{", '"', "\\", "\x00", "NaN", ","])) + text[at:]
        )
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, valid: Any) -> bytes:
    """UTF-8 bytes of a mutated text, sometimes with invalid bytes spliced in."""
    data = draw(mutated_texts(valid)).encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
            + data[at:]
        )
    return data
