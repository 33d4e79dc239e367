"""The examples in docs/ run: each page's ```pycon blocks are one doctest session."""

from __future__ import annotations

import doctest
import re
import textwrap
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
FENCE = re.compile(
    r"^(?P<ind>[ \t]*)```(?P<lang>[\w-]+)?(?P<attrs>[^\n]*)\n(?P<body>.*?)^(?P=ind)```[ \t]*$",
    re.M | re.S,
)
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```pycon" in p.read_text("utf-8"))


def test_there_are_pages_with_examples() -> None:
    assert {p.name for p in PAGES} >= {"calendar.md", "keeping-current.md", "errors.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # pages write their example files (title="x.json") here
    sessions = []
    for match in FENCE.finditer(page.read_text("utf-8")):
        lang, body = match.group("lang") or "", textwrap.dedent(match.group("body"))
        title = re.search(r'title="([^"]+)"', match.group("attrs"))
        if title and lang == "json":
            (tmp_path / title.group(1)).write_text(body, encoding="utf-8")
        if lang == "pycon":
            sessions.append(body)
    test = doctest.DocTestParser().get_doctest("\n".join(sessions), {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: None)
    assert runner.tries > 0
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples fail in {page}"
