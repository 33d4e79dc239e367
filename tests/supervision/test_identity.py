"""People are matched by a normalised id: spaces, zero-width characters, width and case."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from govservice.calendar import china
from govservice.matters import Case, sample_catalog
from govservice.supervision import (
    Act,
    Directory,
    Person,
    check_separation,
    draw_inspection,
    identity_key,
    inspection_conflicts,
)

SH = ZoneInfo("Asia/Shanghai")
MATTER = sample_catalog()["990100-SJJ-001"]
NAMES = st.sampled_from(["王五", "李四", "Zhao Liu", "ANNA", "欧阳娜娜"])


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def disguises(draw: st.DrawFn, name: str) -> str:
    """``name`` as someone might type or paste it: the same person."""
    text = name
    if draw(st.booleans()):
        text = _fullwidth(text)
    if draw(st.booleans()):
        text = text.swapcase()
    if len(text) > 1 and draw(st.booleans()):
        at = draw(st.integers(1, len(text) - 1))
        text = (
            text[:at] + draw(st.sampled_from(["\u200b", "\u200d", "\ufeff", "\u2060"])) + text[at:]
        )
    return (
        draw(st.sampled_from(["", " ", "\u3000"])) + text + draw(st.sampled_from(["", " ", "\t"]))
    )


@given(st.data())
def test_a_disguised_name_is_the_same_key(data: st.DataObject) -> None:
    name = data.draw(NAMES)
    assert identity_key(data.draw(disguises(name))) == identity_key(name)


def test_different_people_stay_different() -> None:
    assert identity_key("王五") != identity_key("王六")
    assert identity_key("Anna") != identity_key("Ann a")


def _reviewed_by(name: str) -> Case:
    at = dt.datetime(2025, 3, 3, 9, tzinfo=SH)
    case = Case.submit(MATTER, case_id="C1", applicant="某公司", at=at, calendar=china())
    case = case.accept(at=at + dt.timedelta(hours=1), by="窗口A")
    return case.review(at=at + dt.timedelta(days=1), by=name)


@given(st.data())
def test_one_review_one_approval_cannot_be_bypassed_by_spelling(data: st.DataObject) -> None:
    name = data.draw(NAMES)
    case = _reviewed_by(name)
    case = case.approve(at=dt.datetime(2025, 3, 5, 10, tzinfo=SH), by=data.draw(disguises(name)))
    assert [v.rule for v in check_separation([case])] == ["one_review_one_approval"]


@given(st.data())
def test_a_disguised_inspector_is_still_in_conflict(data: st.DataObject) -> None:
    name = data.draw(NAMES)
    disguised = data.draw(disguises(name))
    conflicts = inspection_conflicts([_reviewed_by(name)], [disguised, "赵六"])
    assert conflicts == {disguised: {"C1": "approved_or_reviewed"}}
    drawn = draw_inspection(
        ["C1"], [disguised, "赵六"], seed="s", count=1, conflicts={name: {"C1": "x"}}
    )
    assert drawn.assignments["C1"] == ("赵六",)


def test_every_role_a_person_had_in_a_case_counts() -> None:
    at = dt.datetime(2025, 3, 3, 9, tzinfo=SH)
    case = Case.submit(MATTER, case_id="C1", applicant="某公司", at=at, calendar=china())
    case = case.accept(at=at + dt.timedelta(hours=1), by="王五 ")
    assert inspection_conflicts([case], ["王五"]) == {"王五": {"C1": "accepted"}}
    case = case.review(at=at + dt.timedelta(days=1), by="王五")
    assert inspection_conflicts([case], ["王五"]) == {"王五": {"C1": "approved_or_reviewed"}}


def test_the_directory_finds_a_person_by_key() -> None:
    directory = Directory(people=[Person("王五", "市场监督管理局", {"approver"})])
    assert directory.person("王五\u200b ") is directory.people[0]
    assert Act("C1", "王五 ", "approve").key == Act("C1", "王五", "approve").key
