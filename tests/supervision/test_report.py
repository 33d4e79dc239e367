from __future__ import annotations

import csv
import datetime as dt
import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from govservice import InvalidValueError
from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import simulate
from govservice.supervision import build_monthly_report, monthly_report

VOID = {"meta", "br", "img", "hr", "input", "link"}


class Strict(HTMLParser):
    """Parses the page, checking every element is closed in order."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.urls.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack.pop() == tag, f"</{tag}> out of order"

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def records():
    return simulate(sample_catalog(), china(), dt.date(2025, 2, 3), dt.date(2025, 3, 31),
                    seed=5, cases_per_day=120)  # fmt: skip


@pytest.fixture(scope="module")
def built(records):
    """March's report in a locale, built once for the module (writing it is each test's)."""
    done = {}

    def build(locale):
        if locale not in done:
            done[locale] = build_monthly_report(
                records, "2025-03", locale=locale, catalog=sample_catalog(), calendar=china()
            )
        return done[locale]

    return build


@pytest.mark.parametrize("lang", ["zh", "en", "zh_TW"])
def test_the_report_is_self_contained_and_complete(records, built, tmp_path, lang):
    report = built(lang).write(tmp_path)
    page = report.html.read_text("utf-8")
    parser = Strict()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert not parser.urls  # nothing to fetch
    assert "script" not in parser.tags
    assert "link" not in parser.tags
    assert page.count("<svg") == 5
    text = "".join(parser.text)
    march = records[records["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.month == 3]
    for department in march["department"].astype(str).unique():
        assert department in text
    heading = {"zh": "月度报告", "zh_TW": "月度報告", "en": "Monthly report"}[lang]
    assert heading in text


def test_tables_as_csv_and_json_and_charts_as_png(records, tmp_path):
    report = monthly_report(records, dt.date(2025, 3, 15), out_dir=tmp_path / "out",
                            catalog=sample_catalog(), calendar=china())  # fmt: skip
    assert report.month == "2025-03"
    for name, table in report.tables.items():
        raw = report.files[f"{name}.csv"].read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel and WPS read the Chinese
        csv = pd.read_csv(report.files[f"{name}.csv"], encoding="utf-8-sig")
        assert len(csv.columns) == len(table.columns)
        assert len(csv) == len(table)
        rows = json.loads(report.files[f"{name}.json"].read_text("utf-8"))
        assert len(rows) == len(table)
    for chart in ("on_time_by_department", "trend", "warnings", "irregularities", "ranking"):
        data = report.files[f"{chart}.png"].read_bytes()
        assert data.startswith(b"\x89PNG")
        assert len(data) > 5000
    ranking = report.tables["ranking"]
    assert sorted(ranking["department"]) == sorted(report.tables["departments"]["department"])
    assert ranking["rank"].min() == 1
    assert ranking["points_change"].notna().any()  # February is in the records
    irregular = report.tables["irregularities"]
    march = records[records["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.month == 3]
    injected = march.dropna(subset=["injected"])
    listed = set(injected.loc[injected["injected"] == "listed_not_entered", "case_id"])
    assert listed <= set(irregular["case_id"])


def test_month_must_have_records(records, tmp_path):
    with pytest.raises(InvalidValueError, match="month"):
        monthly_report(records, "2024-05", out_dir=tmp_path, calendar=china())
    with pytest.raises(InvalidValueError, match="month"):
        monthly_report(records, "May", out_dir=tmp_path, calendar=china())


def test_building_writes_nothing_and_writing_writes_what_was_built(records, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = build_monthly_report(
        records, "2025-03", locale="en", catalog=sample_catalog(), calendar=china()
    )
    assert list(tmp_path.iterdir()) == []  # no I/O while building
    assert content.page.count("<svg") == 5
    assert set(content.figures) == {
        "on_time_by_department", "trend", "warnings", "irregularities", "ranking"
    }  # fmt: skip
    report = content.write(tmp_path / "out")
    assert report.html.read_text("utf-8") == content.page
    written = {p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")}
    assert written == set(report.files)
    for name, table in content.tables.items():
        assert report.tables[name] is table


def test_locale_and_the_older_lang_say_the_same(records):
    by_locale = build_monthly_report(records, "2025-03", locale="zh-Hant", calendar=china())
    by_lang = build_monthly_report(records, "2025-03", lang="zh_TW", calendar=china())
    assert by_locale.locale == by_lang.locale == "zh_TW"
    assert by_locale.page == by_lang.page
    with pytest.raises(InvalidValueError, match="lang"):
        build_monthly_report(records, "2025-03", locale="en", lang="zh", calendar=china())


def test_csv_and_xlsx_speak_the_reports_language_and_round_rates(built, tmp_path):
    from govservice._tabular import read_table

    report = built("zh").write(tmp_path / "zh")
    text = report.files["departments.csv"].read_text("utf-8-sig").splitlines()
    assert text[0].startswith("部门,受理量,办结量,按时办结率")
    exact = report.tables["departments"]["on_time_rate"].iloc[0]
    assert text[1].split(",")[3] == f"{exact * 100:.2f}%"
    rows = json.loads(report.files["departments.json"].read_text("utf-8"))
    assert rows[0]["on_time_rate"] == exact  # the JSON keeps the exact value
    book = read_table(report.files["report.xlsx"])
    assert book.header[0] == "项目"  # the summary sheet comes first
    english = built("en").write(tmp_path / "en")
    head = english.files["departments.csv"].read_text("utf-8-sig").splitlines()[0]
    assert head.startswith("department,accepted,completed,on-time rate")


def test_text_from_the_data_never_becomes_a_formula(records, tmp_path):
    records = records.copy()
    records["department"] = records["department"].astype(str)
    evil = '=HYPERLINK("http://x","点")'
    records["department"] = records["department"].replace("税务局", evil)
    report = monthly_report(records, "2025-03", out_dir=tmp_path / "out", calendar=china())
    with report.files["departments.csv"].open(encoding="utf-8-sig", newline="") as handle:
        cells = [row[0] for row in csv.reader(handle)]
    assert "'" + evil in cells
    assert evil not in cells


def test_report_figures_equal_compute_indicators_across_the_new_year():
    """Cases accepted in late December 2025 and completed in January 2026 (Jan 1-3 off,
    Sunday Jan 4 a make-up working day): January's completions count in January."""
    from govservice.metrics import compute_indicators

    records = simulate(
        sample_catalog(), china(), dt.date(2025, 12, 22), dt.date(2026, 1, 9), seed=4,
        cases_per_day=40,
    )  # fmt: skip
    content = build_monthly_report(records, "2026-01", calendar=china(), min_volume=0)
    table = compute_indicators(records, by=("department",), period="month", calendar=china())
    month = table[table["period"] == "2026-01"].set_index("department")
    got = content.tables["departments"].set_index("department")
    for column in ("acceptance_volume", "completed", "on_time_rate"):
        for dept in got.index:
            a, b = got.loc[dept, column], month.loc[dept, column]
            assert a == b or (pd.isna(a) and pd.isna(b)), (dept, column)
    done = records["completed_at"].dt.tz_convert("Asia/Shanghai").dt.date
    accepted = records["accepted_at"].dt.tz_convert("Asia/Shanghai").dt.date
    crossing = (accepted < dt.date(2026, 1, 1)) & (done >= dt.date(2026, 1, 1))
    assert crossing.any()
    assert int(got["completed"].sum()) == int((done >= dt.date(2026, 1, 1)).sum())
