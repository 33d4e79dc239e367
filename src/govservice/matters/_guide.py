"""Service guides (办事指南, 一事一表): a matter's published elements as HTML, Markdown or JSON.

Administrative Licensing Law art. 30 requires a licensing organ to publish "事项、依据、条件、
数量、程序、期限以及需要提交的全部材料的目录和申请书示范文本"; seed 001 publishes every matter
as "one thing, one table" with ten published elements (十公开), seed 003 with five (五公开). A
guide renders them all; a matter missing an element art. 30 (or the phones of 十公开) requires
is refused with `GuideError` naming each missing element. `guide_site` writes a whole
catalogue as a small static site with an index by department and by life event.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from govservice._errors import GuideError, InvalidValueError
from govservice._files import atomic_directory, check_path
from govservice._i18n import N_, _t, locale_of
from govservice._validators import tuple_of
from govservice.calendar import format_limit
from govservice.matters._catalog import Catalog
from govservice.matters._classify import classify
from govservice.matters._model import (
    CaseKind,
    CenterLevel,
    Material,
    MaterialForm,
    Matter,
    MatterType,
    OnlineDepth,
    ServiceForm,
)
from govservice.matters._serde import converter

__all__ = [
    "GUIDE_FORMATS",
    "GuideElement",
    "GuideSite",
    "check_publishable",
    "guide",
    "guide_elements",
    "guide_site",
    "sample_life_events",
]

#: The formats `guide` renders.
GUIDE_FORMATS = ("html", "markdown", "json")
_SCHEMA = "govservice.guide/1"
_DATA = Path(__file__).resolve().parent / "data"

# The elements a published matter must have: Administrative Licensing Law art. 30 (basis,
# conditions, procedure, materials; name and limits are always present on a Matter) and the
# consultation and complaint telephones of seed 001's ten publicities (十公开).
_REQUIRED: tuple[tuple[str, str], ...] = (
    ("legal_basis", "依据 (art. 30)"),
    ("acceptance_conditions", "条件 (art. 30)"),
    ("procedure", "程序 (art. 30)"),
    ("materials", "全部材料的目录 (art. 30)"),
    ("consult_phone", "咨询电话 (十公开, seed 001)"),
    ("complaint_phone", "监督投诉电话 (十公开, seed 001)"),
)

_LABELS: dict[str, str] = {
    "name": N_("Matter name"),
    "code": N_("Implementation code"),
    "basic_code": N_("Basic code"),
    "matter_type": N_("Matter type"),
    "department": N_("Implementing body"),
    "level": N_("Level of exercise"),
    "departments": N_("Departments taking part"),
    "reports_to": N_("Reported to a higher level for decision"),
    "legal_basis": N_("Legal basis"),
    "acceptance_conditions": N_("Acceptance conditions"),
    "materials": N_("Application materials"),
    "procedure": N_("Handling procedure"),
    "statutory_limit": N_("Statutory time limit"),
    "committed_limit": N_("Committed time limit"),
    "case_kind": N_("Case kind"),
    "fee": N_("Fees and their basis"),
    "visits_required": N_("Visits to the site"),
    "online_depth": N_("Online handling"),
    "service_forms": N_("Service forms"),
    "in_center": N_("Stationed in the service hall"),
    "consult_phone": N_("Consultation telephone"),
    "complaint_phone": N_("Complaint telephone"),
}
_TYPES = {
    MatterType.LICENSE: N_("administrative licence"),
    MatterType.PENALTY: N_("administrative penalty"),
    MatterType.COMPULSION: N_("administrative compulsion"),
    MatterType.LEVY: N_("administrative levy"),
    MatterType.PAYMENT: N_("administrative payment"),
    MatterType.INSPECTION: N_("administrative inspection"),
    MatterType.CONFIRMATION: N_("administrative confirmation"),
    MatterType.REWARD: N_("administrative reward"),
    MatterType.ADJUDICATION: N_("administrative adjudication"),
    MatterType.OTHER_POWER: N_("other administrative power"),
    MatterType.PUBLIC_SERVICE: N_("public service"),
    MatterType.FILING: N_("administrative filing"),
}
_LEVELS = {
    CenterLevel.PROVINCE: N_("province level"),
    CenterLevel.CITY: N_("city level"),
    CenterLevel.COUNTY: N_("county level"),
    CenterLevel.TOWNSHIP: N_("township level"),
    CenterLevel.VILLAGE: N_("village level"),
}
_FORMS = {
    MaterialForm.ORIGINAL: N_("original"),
    MaterialForm.COPY: N_("copy"),
    MaterialForm.ORIGINAL_AND_COPY: N_("original and copy"),
    MaterialForm.ELECTRONIC: N_("electronic"),
}
_DEPTHS = {
    OnlineDepth.NONE: N_("not online"),
    OnlineDepth.INFORMATION: N_("information published online"),
    OnlineDepth.DOWNLOAD: N_("forms to download"),
    OnlineDepth.APPLY: N_("apply online"),
    OnlineDepth.FULL: N_("fully online"),
}
_SERVICE = {
    ServiceForm.APPOINTMENT: N_("by appointment"),
    ServiceForm.DOOR_TO_DOOR: N_("door-to-door service"),
    ServiceForm.AGENCY: N_("agency service"),
    ServiceForm.GREEN_CHANNEL: N_("green channel"),
    ServiceForm.EXTENDED_HOURS: N_("extended hours"),
    ServiceForm.MAIL: N_("delivery by post"),
    ServiceForm.ONLINE: N_("online"),
}
_KINDS = {
    CaseKind.IMMEDIATE: N_("immediate case"),
    CaseKind.COMMITTED: N_("committed case"),
    CaseKind.JOINT: N_("joint case"),
    CaseKind.REPORTED: N_("reported case"),
    CaseKind.SPECIAL: N_("special case"),
    CaseKind.RETURNED: N_("returned case"),
    CaseKind.SUPPLEMENTARY: N_("supplementary case"),
}


def _l(locale: str, msgid: str) -> str:
    """A label in ``locale``; in English the Chinese term follows, as the data is Chinese."""
    text = _t(locale, msgid)
    return text if locale != "en" else f"{text} ({_t('zh_CN', msgid)})"


def _rows(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple_of(str, f"rows[{i}]", row) for i, row in enumerate(tuple_of(object, "rows", value))
    )


@attrs.frozen
class GuideElement:
    """One published element of a service guide.

    Args:
        id: The element's id (a `Matter` field name, or ``case_kind``).
        label: Its heading in the guide's locale.
        text: The element as one line of text for people.
        rows: For a table element (materials, procedure, legal basis): its header, then rows.
        value: The element as JSON data (the catalogue's form).

    Examples:
        >>> from govservice.matters import sample_catalog
        >>> matter = sample_catalog()["990102-MZJ-001"]
        >>> element = guide_elements(matter)[0]
        >>> element.id, element.label, element.text
        ('name', '事项名称', '内地居民结婚登记')
    """

    id: str
    label: str
    text: str
    rows: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_rows)
    value: Any = attrs.field(default=None, eq=False, hash=False)


def _missing(matter: Matter) -> list[str]:
    return [
        name
        for name, _why in _REQUIRED
        if not (getattr(matter, name).strip() if isinstance(getattr(matter, name), str)
                else getattr(matter, name))
    ]  # fmt: skip


def check_publishable(matter: Matter) -> None:
    """Refuse a matter that lacks an element it must publish, naming every missing one.

    Administrative Licensing Law art. 30 requires the basis, conditions, procedure, time limits
    and the list of all materials to be published (the name and limits are always present on a
    `Matter`); seed 001's ten publicities add the consultation and complaint telephones.

    Raises:
        GuideError: One or more elements are missing.

    Examples:
        >>> import attrs
        >>> from govservice.matters import sample_catalog
        >>> matter = attrs.evolve(sample_catalog()["990102-MZJ-001"], legal_basis=())
        >>> check_publishable(matter)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        govservice.GuideError: matter 990102-MZJ-001 cannot be published: missing legal_basis ...
    """
    if not isinstance(matter, Matter):
        raise InvalidValueError("matter", type(matter).__name__, "a Matter")
    missing = _missing(matter)
    if missing:
        why = dict(_REQUIRED)
        raise GuideError(matter.code, tuple(missing), tuple(why[m] for m in missing))


def _material_row(m: Material, loc: str) -> tuple[str, ...]:
    need = _t(loc, "required") if m.required else _t(loc, "optional")
    tolerant = _t(loc, "may follow after acceptance (容缺)") if m.tolerant else ""
    return (m.name, _t(loc, _FORMS[m.form]), str(m.count), need, tolerant, m.sample)


def guide_elements(matter: Matter, *, locale: str = "zh_CN") -> tuple[GuideElement, ...]:
    """The published elements of ``matter`` in guide order, rendered for ``locale``.

    Args:
        matter: The matter; refused with `GuideError` if it lacks an element art. 30 requires.
        locale: ``zh_CN`` (the default), ``zh_TW`` or ``en``.

    Returns:
        Name, codes, type, body, level, basis, conditions, materials (容缺 marked), procedure,
        statutory and committed limits in words, case kind, fees and basis, visits, online
        depth, service forms, stationing, and the consultation and complaint telephones.

    Examples:
        >>> from govservice.matters import sample_catalog
        >>> elements = guide_elements(sample_catalog()["990102-MZJ-001"], locale="en")
        >>> [e.text for e in elements if e.id == "statutory_limit"]
        ['immediate']
    """
    check_publishable(matter)
    loc = locale_of(locale)
    out: list[GuideElement] = []

    def add(id: str, text: str, rows: Sequence[tuple[str, ...]] = (), value: Any = None) -> None:
        out.append(GuideElement(id, _l(loc, _LABELS[id]), text, rows, value))

    plain = converter.unstructure
    sep = "; " if loc == "en" else "；"
    add("name", matter.name + (f" ({matter.name_en})" if loc == "en" and matter.name_en else ""))
    add("code", matter.code)
    add("basic_code", matter.basic_code or "-")
    add("matter_type", _t(loc, _TYPES[matter.matter_type]), value=matter.matter_type.value)
    add("department", matter.department)
    add("level", _t(loc, _LEVELS[matter.level]), value=matter.level.value)
    if matter.departments:
        add("departments", sep.join(matter.departments), value=list(matter.departments))
    if matter.reports_to is not None:
        add("reports_to", matter.reports_to, value=matter.reports_to)
    bases = [(b.law, b.article) for b in matter.legal_basis]
    add("legal_basis", sep.join(f"{law}{article}" for law, article in bases),
        [(_t(loc, "Law or regulation"), _t(loc, "Article")), *bases],
        plain(matter.legal_basis))  # fmt: skip
    add("acceptance_conditions", matter.acceptance_conditions)
    header = tuple(
        _t(loc, h)
        for h in (N_("Material"), N_("Form"), N_("Copies"), N_("Necessity"),
                  N_("Tolerant acceptance"), N_("Model form"))
    )  # fmt: skip
    rows = [header, *(_material_row(m, loc) for m in matter.materials)]
    add("materials", sep.join(m.name for m in matter.materials), rows, plain(matter.materials))
    steps = [
        (str(i), s.name, "" if s.limit is None else format_limit(s.limit, loc))
        for i, s in enumerate(matter.procedure, 1)
    ]
    add("procedure", " → ".join(s.name for s in matter.procedure),
        [(_t(loc, "Step"), _t(loc, "Name"), _t(loc, "Time limit")), *steps],
        plain(matter.procedure))  # fmt: skip
    add("statutory_limit", format_limit(matter.statutory_limit, loc),
        value=plain(matter.statutory_limit))  # fmt: skip
    add("committed_limit", format_limit(matter.committed_limit, loc),
        value=plain(matter.committed_limit))  # fmt: skip
    kind = classify(matter).kind
    add("case_kind", _t(loc, _KINDS[kind]), value=kind.value)
    if matter.fee is None:
        add("fee", _t(loc, "free of charge"), value=None)
    else:
        fee_text = _t(loc, "{standard} (basis: {basis})").format(
            standard=matter.fee.standard, basis=matter.fee.basis
        )
        add("fee", fee_text, value=plain(matter.fee))
    add("visits_required", str(matter.visits_required), value=matter.visits_required)
    add("online_depth", _t(loc, _DEPTHS[matter.online_depth]), value=matter.online_depth.value)
    if matter.service_forms:
        add("service_forms", sep.join(_t(loc, _SERVICE[f]) for f in matter.service_forms),
            value=[f.value for f in matter.service_forms])  # fmt: skip
    add("in_center", _t(loc, "yes") if matter.in_center else _t(loc, "no"),
        value=matter.in_center)  # fmt: skip
    add("consult_phone", matter.consult_phone)
    add("complaint_phone", matter.complaint_phone)
    return tuple(out)


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
sans-serif;margin:2em auto;color:#222;max-width:980px;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}.sub{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eef2f7;width:11em}.grid th{width:auto}
.tolerant{color:#a15c00;font-weight:bold}nav a{margin-right:1em}
@media print{body{margin:0;max-width:none}nav,.noprint{display:none}a{color:#000;
text-decoration:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}
"""


def _lang(loc: str) -> str:
    return {"zh_CN": "zh-CN", "zh_TW": "zh-TW", "en": "en"}[loc]


def _page(title: str, body: str, loc: str, nav: str = "") -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='{_lang(loc)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"{nav}{body}</body></html>\n"
    )


def _html_rows(rows: Sequence[tuple[str, ...]], tolerant_col: int | None = None) -> str:
    head, *rest = rows
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    lines = [f"<table class='grid'><tr>{cells}</tr>"]
    for row in rest:
        tds = []
        for i, cell in enumerate(row):
            cls = " class='tolerant'" if i == tolerant_col and cell else ""
            tds.append(f"<td{cls}>{html.escape(cell)}</td>")
        lines.append(f"<tr>{''.join(tds)}</tr>")
    return "".join(lines) + "</table>"


def _html_body(elements: Sequence[GuideElement], loc: str) -> str:
    name = elements[0].text
    title = _t(loc, "Service guide")
    parts = [f"<h1>{html.escape(name)}</h1><p class='sub'>{html.escape(title)}</p><table>"]
    tables = []
    for e in elements[1:]:
        if e.rows:
            tolerant = 4 if e.id == "materials" else None
            tables.append(f"<h2>{html.escape(e.label)}</h2>{_html_rows(e.rows, tolerant)}")
        else:
            parts.append(f"<tr><th>{html.escape(e.label)}</th><td>{html.escape(e.text)}</td></tr>")
    parts.append("</table>")
    return "".join(parts + tables)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|<>~])")


def _md(text: str) -> str:
    """Markdown text that shows ``text`` literally: specials escaped, on one line."""
    one_line = " ".join(str(text).split()).replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def _markdown(elements: Sequence[GuideElement], loc: str) -> str:
    kind = _md(_t(loc, "Service guide"))
    lines = [f"# {_md(elements[0].text)}", "", f"*{kind}*", ""]
    lines += ["| | |", "|---|---|"]
    for e in elements[1:]:
        if not e.rows:
            lines.append(f"| {_md(e.label)} | {_md(e.text)} |")
    for e in elements[1:]:
        if e.rows:
            head, *rest = e.rows
            lines += ["", f"## {_md(e.label)}", ""]
            lines.append("| " + " | ".join(_md(h) for h in head) + " |")
            lines.append("|" + "---|" * len(head))
            for row in rest:
                lines.append("| " + " | ".join(_md(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _json(matter: Matter, elements: Sequence[GuideElement], loc: str) -> str:
    doc = {
        "schema": _SCHEMA,
        "locale": loc,
        "code": matter.code,
        "version": matter.version,
        "elements": [
            {"id": e.id, "label": e.label, "text": e.text, "rows": [list(r) for r in e.rows],
             "value": e.value if e.value is not None or e.id == "fee" else e.text}
            for e in elements
        ],
    }  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n"


def guide(matter: Matter, *, locale: str = "zh_CN", format: str = "html") -> str:
    """The service guide (办事指南) of ``matter``: every published element, one table.

    HTML is one self-contained printable page (inline style, no script, font or image to
    fetch; Chinese first: in English each heading keeps its Chinese term). Markdown escapes
    every character of the data that Markdown would read as markup. JSON (schema
    ``govservice.guide/1``) holds each element's id, label, text, table rows and value.

    Args:
        matter: The matter; one that lacks an element art. 30 requires is refused.
        locale: ``zh_CN`` (default), ``zh_TW`` or ``en``.
        format: ``html``, ``markdown`` or ``json``.

    Returns:
        The guide as text.

    Raises:
        GuideError: The matter lacks an element it must publish (each one named).
        InvalidValueError: An unknown format or locale.

    Examples:
        >>> from govservice.matters import sample_catalog
        >>> page = guide(sample_catalog()["990102-MZJ-001"])
        >>> page.startswith("<!DOCTYPE html>"), "监督投诉电话" in page
        (True, True)
        >>> print(guide(sample_catalog()["990102-MZJ-001"], format="markdown").splitlines()[0])
        # 内地居民结婚登记
    """
    if format not in GUIDE_FORMATS:
        raise InvalidValueError("format", format, "one of " + ", ".join(GUIDE_FORMATS))
    elements = guide_elements(matter, locale=locale)
    loc = locale_of(locale)
    if format == "markdown":
        return _markdown(elements, loc)
    if format == "json":
        return _json(matter, elements, loc)
    title = f"{elements[0].text} - {_t(loc, 'Service guide')}"
    return _page(title, _html_body(elements, loc), loc)


@functools.lru_cache(maxsize=1)
def _sample_events() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    data = json.loads((_DATA / "life_events.json").read_text("utf-8"))
    return tuple((e["name"], e["name_en"], tuple(e["matters"])) for e in data["events"])


def sample_life_events(*, locale: str = "zh_CN") -> dict[str, tuple[str, ...]]:
    """The life events (一件事/主题) of the sample catalogue and their matters (illustrative).

    Args:
        locale: Names in Chinese (``zh_CN``, ``zh_TW``) or English (``en``).

    Examples:
        >>> sample_life_events()["婚姻"]
        ('990102-MZJ-001',)
        >>> "Marriage" in sample_life_events(locale="en")
        True
    """
    loc = locale_of(locale)
    return {(en if loc == "en" else zh): codes for zh, en, codes in _sample_events()}


@attrs.frozen
class GuideSite:
    """What `guide_site` wrote.

    Args:
        root: The site's directory.
        index: The index page (``index.html``).
        pages: Each matter's guide page, by matter code.
        departments: The departments of the index, in order.
        life_events: The life events of the index, in order.

    Examples:
        >>> import tempfile
        >>> from govservice.matters import sample_catalog
        >>> site = guide_site(sample_catalog(), tempfile.mkdtemp() + "/guides",
        ...                   life_events=sample_life_events())
        >>> site.index.name, len(site.pages)
        ('index.html', 66)
    """

    root: Path
    index: Path
    pages: Mapping[str, Path] = attrs.field(eq=False, hash=False)
    departments: tuple[str, ...]
    life_events: tuple[str, ...]


_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}")


def _file_name(code: str) -> str:
    """A file name for a matter's page: the code when it is plainly safe, else a digest."""
    if _SAFE.fullmatch(code) and ".." not in code:
        return f"{code}.html"
    return "m-" + hashlib.sha256(code.encode("utf-8")).hexdigest()[:20] + ".html"


def guide_site(
    catalog: Catalog,
    out_dir: str | os.PathLike[str],
    *,
    locale: str = "zh_CN",
    life_events: Mapping[str, Iterable[str]] | None = None,
    title: str | None = None,
) -> GuideSite:
    """Write a catalogue's service guides as a small static site.

    One page per matter (``matters/<code>.html``, the `guide` page with a link back) and an
    ``index.html`` listing the matters by department and, when ``life_events`` is given, by life
    event (一件事). Every matter is checked first: if any lacks an element art. 30 requires,
    nothing is written and `GuideError` names the first such matter and all its missing
    elements. The site is built in a temporary directory beside ``out_dir`` and moved into
    place whole; ``out_dir`` must be new, empty, or a directory govservice wrote before.

    Args:
        catalog: The catalogue.
        out_dir: Where the site goes.
        locale: ``zh_CN`` (default), ``zh_TW`` or ``en``.
        life_events: Life event name to the codes of its matters (`sample_life_events` for the
            sample catalogue); a code not in the catalogue is refused.
        title: The index page's title (default: "Service guides").

    Returns:
        A `GuideSite` with the paths written.

    Raises:
        GuideError: A matter lacks a required element.
        InvalidValueError: An unknown code in ``life_events``, or an ``out_dir`` that is a
            file or a directory holding something else.

    Examples:
        >>> import tempfile
        >>> from govservice.matters import sample_catalog
        >>> site = guide_site(sample_catalog(), tempfile.mkdtemp() + "/site", locale="en")
        >>> "Service guides" in site.index.read_text("utf-8")
        True
    """
    if not isinstance(catalog, Catalog):
        raise InvalidValueError("catalog", type(catalog).__name__, "a Catalog")
    loc = locale_of(locale)
    target = check_path(out_dir, field="out_dir")
    events: dict[str, tuple[str, ...]] = {}
    for name, codes in (life_events or {}).items():
        codes = tuple(codes)
        for code in codes:
            if code not in catalog:
                raise InvalidValueError(f"life_events[{name!r}]", code, "codes of the catalogue")
        events[str(name)] = codes
    rendered = {m.code: (m, guide_elements(m, locale=loc)) for m in catalog}
    names = {code: _file_name(code) for code in rendered}
    if len(set(names.values())) != len(names):
        raise InvalidValueError("catalog", "matter codes", "codes giving distinct file names")
    heading = title if title is not None else _t(loc, "Service guides")
    with atomic_directory(target, field="out_dir") as built:
        (built / "matters").mkdir()
        back = f"<nav class='noprint'><a href='../index.html'>{html.escape(heading)}</a></nav>"
        for code, (_matter, elements) in rendered.items():
            page_title = f"{elements[0].text} - {_t(loc, 'Service guide')}"
            page = _page(page_title, _html_body(elements, loc), loc, back)
            (built / "matters" / names[code]).write_text(page, encoding="utf-8")
        departments = tuple(catalog.departments)

        def link(code: str) -> str:
            elements = rendered[code][1]
            href = "matters/" + names[code]
            return (f"<li><a href='{html.escape(href)}'>{html.escape(elements[0].text)}</a> "
                    f"<small>{html.escape(code)}</small></li>")  # fmt: skip

        by_dept = html.escape(_t(loc, "By department"))
        by_event = html.escape(_t(loc, "By life event"))
        body = [f"<h1>{html.escape(heading)}</h1>"]
        nav = [f"<a href='#departments'>{by_dept}</a>"]
        if events:
            nav.append(f"<a href='#life-events'>{by_event}</a>")
        body.append(f"<nav>{''.join(nav)}</nav>")
        body.append(f"<h2 id='departments'>{by_dept}</h2>")
        for i, dept in enumerate(departments):
            items = "".join(link(m.code) for m in catalog.by_department(dept))
            body.append(f"<h3 id='d{i}'>{html.escape(dept)}</h3><ul>{items}</ul>")
        if events:
            body.append(f"<h2 id='life-events'>{by_event}</h2>")
            for i, (name, codes) in enumerate(events.items()):
                items = "".join(link(c) for c in codes)
                body.append(f"<h3 id='e{i}'>{html.escape(name)}</h3><ul>{items}</ul>")
        (built / "index.html").write_text(_page(heading, "".join(body), loc), encoding="utf-8")
        built.chmod(0o755)  # the temporary directory is private; a published site is readable
    pages = {code: target / "matters" / names[code] for code in rendered}
    return GuideSite(target, target / "index.html", pages, departments, tuple(events))
