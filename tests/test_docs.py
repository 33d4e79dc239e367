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


# Labels only this project's team can look up (the seed files, the glossary's sections, the
# verification markers) never reach a reader: the docs cite documents a reader can find.
INTERNAL = re.compile(
    r"\bseeds? 00\d|种子 ?00\d|种子文件|DOMAIN(?:\.md| ?§)|\[[SCUVP]\]|\bissue \d+\b"
)


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_pages_cite_no_internal_labels(page: Path) -> None:
    found = INTERNAL.findall(page.read_text("utf-8"))
    assert not found, f"{page.name}: {found}"


def test_public_docstrings_cite_no_internal_labels() -> None:
    import importlib

    found = []
    for area in ("calendar", "matters", "approval", "metrics", "supervision", "store", "server",
                 "cli", "plot", "testing"):  # fmt: skip
        module = importlib.import_module(f"govservice.{area}")
        for name in module.__all__:
            doc = getattr(getattr(module, name), "__doc__", None) or ""
            if INTERNAL.search(doc):
                found.append(f"{area}.{name}: {INTERNAL.findall(doc)}")
    assert not found, found
