"""The monthly report as a reader sees it: rendered by a real browser (headless Chromium).

Drives Debian's ``chromium`` (``apt-get install chromium``) with playwright's Python package
(the ``browser`` extra, in ``test``); ``playwright install`` is never run and nothing is
downloaded. Without Chromium the tests skip with a how-to, and fail under ``CI=true``.
A full-page screenshot goes to ``$GOVSERVICE_SCREENSHOT_DIR`` (else the test's tmp dir).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import monthly_report

from .. import needs

#: Debian's Chromium; GOVSERVICE_CHROMIUM names another build of it.
CHROMIUM = os.environ.get("GOVSERVICE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO = (
    "the browser test needs Chromium and playwright's Python package: "
    "`sudo apt-get install -y chromium` and `pip install -e '.[test]'` "
    "(never `playwright install`: the system's Chromium is used)"
)
EVIL = "<script>alert(1)</script>$\\alpha$ & 局"

#: Draws each character of the page beyond ASCII (Han and punctuation) in the page's own
#: font stack, and compares its pixels with those of a character no font has (U+E000,
#: private use): a missing glyph draws the same box. Returns the characters drawn as boxes.
BOXES_JS = r"""
(extra) => {
  const family = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  ctx.font = '40px ' + family;
  ctx.textBaseline = 'top';
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.fillText(ch, 2, 2);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const box = draw('\u{E000}');
  const text = document.body.innerText;
  const wide = [...new Set([...text].filter((c) => c.codePointAt(0) > 0x7f && /\S/u.test(c)))];
  return {han: wide.filter((c) => /\p{Script=Han}/u.test(c)).length,
          boxes: wide.filter((c) => draw(c) === box).join(''), box: draw(extra) === box};
}
"""


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed; " + HOW_TO
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "chromium is not installed; " + HOW_TO
    return None


@pytest.fixture(scope="module")
def browser() -> Any:
    missing = _browser_missing()
    if missing is not None:
        needs.missing(missing)
    import tempfile

    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def records() -> Any:
    frame = simulate(sample_catalog(), china(), dt.date(2025, 4, 1), dt.date(2025, 5, 30),
                     seed=19, cases_per_day=30)  # fmt: skip
    # text from the data, to be shown as text: never markup, script or mathtext
    frame["department"] = frame["department"].astype(str).replace("税务局", EVIL)
    return frame


@pytest.fixture(scope="module")
def reports(records: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("reports")
    return {
        lang: monthly_report(records, "2025-05", out_dir=out / lang, lang=lang,
                             catalog=sample_catalog(), calendar=china(),
                             generated_on=dt.date(2025, 6, 3))
        for lang in ("zh", "en")
    }  # fmt: skip


class Visit:
    """A page opened in the browser, with what it logged and asked the network for."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page = context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def text(self) -> str:
        return str(self.page.inner_text("body"))


@pytest.fixture(scope="module")
def zh(browser: Any, reports: dict[str, Any]) -> Any:
    visit = Visit(browser, reports["zh"].html)
    yield visit
    visit.page.close()


def test_no_console_error_and_no_request_but_the_file(zh: Visit) -> None:
    assert [m for m in zh.console if m.startswith("error")] == []
    assert zh.errors == []
    assert zh.requests == [zh.url]  # no font, script, image or stylesheet fetched


def test_every_department_is_on_the_page(zh: Visit, reports: dict[str, Any]) -> None:
    text = zh.text()
    departments = reports["zh"].tables["departments"]["department"].tolist()
    assert len(departments) > 10
    for name in departments:
        assert name in text
    ranked = reports["zh"].tables["ranking"]["department"].tolist()
    assert sorted(ranked) == sorted(departments)
    assert zh.page.locator("svg").count() == 5
    for chart in zh.page.locator(".chart svg").all():
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100
        assert box["x"] + box["width"] <= 1200  # fits the window, no side scrolling


def test_chinese_glyphs_render_with_no_missing_glyph_box(zh: Visit) -> None:
    found = zh.page.evaluate(BOXES_JS, "\ue001")
    assert found["box"]  # the check sees a missing glyph (U+E001, in no font) as a box
    assert found["han"] > 100
    assert found["boxes"] == ""
    families = zh.page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.status)")
    assert families == ["govservice-cjk loaded"]


def test_the_page_says_month_period_generation_date_and_scheme(zh: Visit) -> None:
    text = zh.text()
    assert "2025年5月月度报告" in zh.page.title()
    assert "统计期间2025年5月1日至2025年5月31日" in text
    assert "生成日期：2025年6月3日" in text
    assert "关于本报告" in text
    assert "县政务服务中心月度效能指标" in text  # the scoring scheme, with its rules
    assert "按时办结率" in zh.page.inner_text("section.about table")


def test_numbers_right_and_text_left(zh: Visit) -> None:
    table = zh.page.locator("section").nth(1).locator("table")
    cells = table.locator("tbody tr").first.locator("td")
    align = [c.evaluate("e => getComputedStyle(e).textAlign") for c in cells.all()]
    assert align[0] == "left"  # department
    assert set(align[1:]) == {"right"}
    rates = table.locator("tbody td:nth-child(4)").all_inner_texts()
    assert all(re.fullmatch(r"\d{1,3}\.\d{2}%|—", r) for r in rates)
    ranking = zh.page.locator("section").nth(5).locator("tbody td:nth-child(5)")
    changes = ranking.all_inner_texts()
    assert all(re.fullmatch(r"[+-][1-9]\d*|0|—", c) for c in changes)


def test_english_page(browser: Any, reports: dict[str, Any]) -> None:
    visit = Visit(browser, reports["en"].html)
    try:
        text = visit.text()
        assert "May 2025" in visit.page.title()
        assert "Figures for 1 May 2025 to 31 May 2025" in text
        assert "Generated on 3 June 2025." in text
        assert visit.requests == [visit.url]
    finally:
        visit.page.close()


def test_text_from_the_data_is_shown_as_text(zh: Visit) -> None:
    assert EVIL in zh.text()
    assert zh.dialogs == []  # the <script> in a department's name never ran
    assert zh.page.locator("script").count() == 0


def test_a_screenshot_for_the_closing_note(zh: Visit, tmp_path: Path) -> None:
    folder = Path(os.environ.get("GOVSERVICE_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "monthly_report_zh.png"
    zh.page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 50_000
    print(f"screenshot: {shot}")
