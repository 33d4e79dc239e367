from __future__ import annotations

import html
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govservice import CatalogError, GovServiceError, GuideError, InvalidValueError
from govservice.calendar import format_limit
from govservice.matters import (
    GUIDE_FORMATS,
    Material,
    MaterialForm,
    Matter,
    check_publishable,
    guide,
    guide_elements,
    guide_site,
    sample_catalog,
    sample_life_events,
)
from govservice.testing import matters

SAMPLE = sample_catalog()
REQUIRED = (
    "legal_basis",
    "acceptance_conditions",
    "procedure",
    "materials",
    "consult_phone",
    "complaint_phone",
)
ZH_LABELS = {
    "legal_basis": "设定依据",
    "acceptance_conditions": "受理条件",
    "materials": "申请材料",
    "procedure": "办理流程",
    "statutory_limit": "法定办结时限",
    "committed_limit": "承诺办结时限",
    "fee": "收费标准及依据",
    "visits_required": "到办事现场次数",
    "online_depth": "网上办理深度",
    "consult_phone": "咨询电话",
    "complaint_phone": "监督投诉电话",
}


def _empty(name: str) -> object:
    return () if name in ("legal_basis", "procedure", "materials") else "  "


@pytest.mark.parametrize("matter", list(SAMPLE), ids=lambda m: m.code)
def test_every_sample_matter_renders_with_each_published_element(matter: Matter) -> None:
    page = guide(matter)
    assert page.startswith("<!DOCTYPE html>")
    assert "<html lang='zh-CN'>" in page
    for label in ZH_LABELS.values():
        assert label in page
    assert html.escape(matter.name) in page
    for basis in matter.legal_basis:
        assert html.escape(basis.law) in page
    for material in matter.materials:
        assert html.escape(material.name) in page
    for step in matter.procedure:
        assert html.escape(step.name) in page
    assert format_limit(matter.statutory_limit, "zh_CN") in page
    assert format_limit(matter.committed_limit, "zh_CN") in page
    assert matter.consult_phone in page
    assert matter.complaint_phone in page
    if matter.fee is not None:
        assert html.escape(matter.fee.basis) in page
    else:
        assert "不收费" in page
    markdown = guide(matter, format="markdown")
    assert markdown.startswith("# ")
    assert "监督投诉电话" in markdown
    doc = json.loads(guide(matter, format="json"))
    ids = [e["id"] for e in doc["elements"]]
    assert doc["schema"] == "govservice.guide/1"
    assert doc["code"] == matter.code
    assert set(ZH_LABELS) <= set(ids)


def test_tolerant_materials_are_marked() -> None:
    matter = SAMPLE["990102-ZRJ-001"]
    assert any(m.tolerant for m in matter.materials)
    page = guide(matter)
    assert page.count("class='tolerant'>可容缺后补") == sum(m.tolerant for m in matter.materials)
    rows = next(e for e in guide_elements(matter) if e.id == "materials").rows
    assert [r[4] != "" for r in rows[1:]] == [m.tolerant for m in matter.materials]


def test_limits_are_given_in_words_in_each_locale() -> None:
    matter = SAMPLE["990102-ZRJ-001"]
    texts = {e.id: e.text for e in guide_elements(matter, locale="en")}
    assert texts["statutory_limit"] == "30 working days"
    assert texts["committed_limit"] == "5 working days"
    zh = {e.id: e.text for e in guide_elements(matter)}
    assert zh["statutory_limit"] == "30个工作日"
    tw = {e.id: e.label for e in guide_elements(matter, locale="zh_TW")}
    assert tw["statutory_limit"] == "法定辦結時限"


def test_english_keeps_the_chinese_term_first_in_the_data() -> None:
    page = guide(SAMPLE["990102-MZJ-001"], locale="en")
    assert "<html lang='en'>" in page
    assert "Complaint telephone (监督投诉电话)" in page


@pytest.mark.parametrize("element", REQUIRED)
def test_a_missing_art_30_element_is_refused_by_name(element: str) -> None:
    matter = attrs.evolve(SAMPLE["990102-MZJ-001"], **{element: _empty(element)})
    for fmt in GUIDE_FORMATS:
        with pytest.raises(GuideError) as info:
            guide(matter, format=fmt)
        assert info.value.missing == (element,)
        assert element in str(info.value)
        assert "990102-MZJ-001" in str(info.value)


def test_every_missing_element_is_named_at_once() -> None:
    matter = attrs.evolve(
        SAMPLE["990102-MZJ-001"], legal_basis=(), consult_phone="", complaint_phone=""
    )
    with pytest.raises(GuideError) as info:
        check_publishable(matter)
    assert info.value.missing == ("legal_basis", "consult_phone", "complaint_phone")
    assert isinstance(info.value, GovServiceError)
    assert isinstance(info.value, ValueError)


def test_bad_format_and_locale_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="format"):
        guide(SAMPLE["990102-MZJ-001"], format="pdf")
    with pytest.raises(InvalidValueError, match="locale"):
        guide(SAMPLE["990102-MZJ-001"], locale="fr")
    with pytest.raises(InvalidValueError, match="matter"):
        check_publishable("990102-MZJ-001")  # type: ignore[arg-type]


HOSTILE = "<script>alert(1)</script> | # *x* [a](javascript:y)\n| evil |"


def test_text_from_data_stays_text() -> None:
    matter = attrs.evolve(
        SAMPLE["990102-MZJ-001"],
        name=HOSTILE,
        materials=(Material(HOSTILE, MaterialForm.COPY, tolerant=True),),
    )
    page = guide(matter)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    markdown = guide(matter, format="markdown")
    (row,) = [line for line in markdown.splitlines() if "script" in line and line[0] == "|"]
    assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six columns, the data's pipes escaped
    assert "\\<script\\>" in markdown
    assert "\n| evil |" not in markdown
    assert json.loads(guide(matter, format="json"))["elements"][0]["text"] == HOSTILE


@given(st.text(min_size=1).filter(str.strip))
def test_any_name_renders_as_literal_text(name: str) -> None:
    matter = attrs.evolve(SAMPLE["990102-MZJ-001"], name=name)
    page = guide(matter)
    assert html.escape(name) in page
    body = page.split("<body>", 1)[1]
    assert body.count("<table") == body.count("</table>")
    heading = guide(matter, format="markdown").splitlines()[0]
    assert heading.startswith("# ")
    assert "\n" not in heading
    assert len(re.findall(r"(?<!\\)[|<>*_`\[\]]", heading[2:])) == 0 or "\\" in name


def test_pages_are_self_contained_and_printable() -> None:
    page = guide(SAMPLE["990102-ZRJ-001"])
    assert "@media print" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "http" not in page.split("</style>")[0]


def test_site_indexes_by_department_and_life_event(tmp_path: Path) -> None:
    events = sample_life_events()
    site = guide_site(SAMPLE, tmp_path / "site", life_events=events)
    index = site.index.read_text("utf-8")
    assert set(site.pages) == {m.code for m in SAMPLE}
    for dept in SAMPLE.departments:
        assert f">{html.escape(dept)}</h3>" in index
    for name in events:
        assert f">{html.escape(name)}</h3>" in index
    assert site.departments == SAMPLE.departments
    assert site.life_events == tuple(events)
    for code, path in site.pages.items():
        assert path.is_file(), code
        assert f"href='matters/{path.name}'" in index
        assert "href='../index.html'" in path.read_text("utf-8")
    assert (tmp_path / "site").stat().st_mode & 0o755 == 0o755


def test_site_is_replaced_whole_and_refuses_foreign_directories(tmp_path: Path) -> None:
    target = tmp_path / "site"
    guide_site(SAMPLE, target)
    (target / "matters" / "stale.html").write_text("old", "utf-8")
    guide_site(SAMPLE, target, locale="en")
    assert not (target / "matters" / "stale.html").exists()
    assert "Service guides" in (target / "index.html").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", "utf-8")
    with pytest.raises(InvalidValueError, match="out_dir"):
        guide_site(SAMPLE, foreign)
    assert (foreign / "notes.txt").read_text("utf-8") == "keep"


def test_a_catalogue_cannot_hold_an_unpublishable_matter() -> None:
    bad = attrs.evolve(SAMPLE.matters[3], procedure=())
    with pytest.raises(CatalogError, match="procedure"):
        attrs.evolve(SAMPLE, matters=(*SAMPLE.matters[:3], bad, *SAMPLE.matters[4:]))


def test_site_refuses_unknown_life_event_codes(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="life_events"):
        guide_site(SAMPLE, tmp_path / "site", life_events={"婚姻": ["NOPE"]})


def test_unsafe_codes_never_become_paths(tmp_path: Path) -> None:
    odd = attrs.evolve(SAMPLE["990102-MZJ-001"], code="../../etc/passwd")
    catalog = attrs.evolve(SAMPLE, matters=(odd, *SAMPLE.matters))
    site = guide_site(catalog, tmp_path / "site")
    path = site.pages["../../etc/passwd"]
    assert path.parent == tmp_path / "site" / "matters"
    assert path.name.startswith("m-")


def test_sample_life_events_cover_the_sample_catalogue() -> None:
    codes = [c for cs in sample_life_events().values() for c in cs]
    assert sorted(codes) == sorted(m.code for m in SAMPLE)
    assert next(iter(sample_life_events(locale="en"))) == "Having a baby"


@given(matter=matters())
def test_any_matter_renders_or_is_refused_naming_exactly_what_is_missing(matter: Matter) -> None:
    missing = [
        name
        for name in REQUIRED
        if not (getattr(matter, name).strip() if isinstance(getattr(matter, name), str)
                else getattr(matter, name))
    ]  # fmt: skip
    if missing:
        with pytest.raises(GuideError) as info:
            guide(matter, format="markdown")
        assert list(info.value.missing) == missing
    else:
        assert guide(matter, format="markdown").startswith("# ")
