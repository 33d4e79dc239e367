"""``govservice case act``: an act's arguments converted by its type hints, or given as JSON."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
import typing
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from govservice.approval import ParallelCase
from govservice.calendar import SuspensionReason, TimeLimit, china
from govservice.cli import main
from govservice.cli._case import _acts, _BadArgumentError, _convert
from govservice.matters import ApproverRole, Case, NoticeKind

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = DATA / "catalog.xlsx"
SH = ZoneInfo("Asia/Shanghai")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A store with case C1 submitted on 2025-05-06 17:20 (食品经营许可)."""
    base = ["--store", f"sqlite:///{tmp_path / '办件.db'}"]
    code, _, err = run(capsys, "case", "submit", *base, "--catalog", CATALOG, "--matter",
                       "990102-SJJ-003", "--case-id", "C1", "--applicant", "张三", "--at",
                       "2025-05-06 17:20", "--by", "窗口1")  # fmt: skip
    assert code == 0, err
    return base


def _events(capsys: pytest.CaptureFixture[str], base: list[str]) -> list[list[str]]:
    code, out, _ = run(capsys, "case", "show", "C1", *base)
    assert code == 0
    section = out.split("# 痕迹 trace\n", 1)[1].splitlines()[1:]
    return [line.split("\t") for line in section]


def test_arguments_are_converted_by_their_types(
    capsys: pytest.CaptureFixture[str], store: list[str]
) -> None:
    code, _, err = run(capsys, "case", "act", "C1", "accept", *store, "--at", "2025-05-06 17:30",
                       "--by", "窗口1", "--set", "notified=是",
                       "--set", "window=窗口2")  # fmt: skip
    assert code == 0, err
    # the suspension reason by its Chinese word (检测 = inspection), a flag written 否
    code, out, err = run(capsys, "case", "act", "C1", "suspend", *store, "--at",
                         "2025-05-07 09:00", "--by", "审核员", "--set", "reason=检测",
                         "--set", "notified=否")  # fmt: skip
    assert code == 0, err
    assert "suspended" in out
    code, _, err = run(capsys, "case", "act", "C1", "resume", *store, "--at", "2025-05-09 09:00",
                       "--by", "审核员")  # fmt: skip
    assert code == 0, err
    # a whole number written with full-width digits, an enum by its value
    code, _, err = run(capsys, "case", "act", "C1", "extend", *store, "--at", "2025-05-12 09:00",
                       "--by", "审核员", "--set", "amount=１０", "--set", "approved_by=局长",
                       "--set", "reason=需要现场核查", "--set",
                       "approver_role=head_of_organ")  # fmt: skip
    assert code == 0, err
    acts = [e[1] for e in _events(capsys, store)]
    assert acts == ["submit", "accept", "suspend", "resume", "extend"]


def test_arguments_as_the_http_services_act_body(
    capsys: pytest.CaptureFixture[str], store: list[str]
) -> None:
    materials = ["食品经营许可申请书", "主要设备设施、经营布局、操作流程等文件"]  # a 、 inside
    body = {"act": "request_supplement", "at": "2025-05-07T09:00:00+08:00", "missing": materials}
    code, _, err = run(capsys, "case", "act", "C1", "request_supplement", *store, "--by",
                         "窗口1", "--json", json.dumps(body, ensure_ascii=False))  # fmt: skip
    assert code == 0, err
    body = {"provided": materials, "at": "2025-05-08 10:00"}  # a local time is fine too
    code, _, err = run(capsys, "case", "act", "C1", "supplement", *store, "--by", "窗口1",
                       "--json", json.dumps(body, ensure_ascii=False))  # fmt: skip
    assert code == 0, err
    events = _events(capsys, store)
    assert [e[1] for e in events] == ["submit", "request_supplement", "supplement"]
    assert events[1][2] == "2025-05-07 09:00"  # the instant, shown in local time


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["suspend", "--set", "reason=天气"], "reason must be one of hearing"),
        (["suspend", "--set", "reason=天气"], "专家评审"),
        (["suspend"], "suspend needs --set reason="),
        (["accept", "--set", "notified=也许"], "notified must be 是 or 否"),
        (["accept", "--set", "colour=red"], "accept takes no argument 'colour'"),
        (["accept", "--set", "window"], "--set must be NAME=VALUE"),
        (["accept", "--set", "window=a", "--set", "window=b"], "given twice"),
        (["extend", "--set", "amount=十", "--set", "approved_by=x", "--set", "reason=y"],
         "amount must be a whole number, got '十'"),
        (["notify", "--set", "kind=收据"], "kind must be one of acceptance_receipt"),
        (["accept", "--json", "[1]"], "--json must be a JSON object"),
        (["accept", "--json", "{nope"], "--json must be a JSON object"),
        (["accept", "--json", '{"act": "deny"}'], "ACTION is 'accept'"),
        (["accept", "--json", '{"by": "x"}'], "who acts is --by"),
        (["accept", "--json", '{"at": "2025-05-06 17:30"}', "--at", "2025-05-06 17:30"],
         "give the time once"),
        (["review", "--json", '{"opinion": 5, "at": "2025-05-06 17:30"}'],
         "opinion must be text, got 5"),
        (["decide", "--set", "outcome=approved"], "a Case has no act 'decide'"),
        (["fly"], "ACTION must be one of"),
    ],
)  # fmt: skip
def test_a_bad_argument_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], store: list[str], args: list[str], said: str
) -> None:
    action, *rest = args
    at = [] if "--at" in rest or "--json" in rest else ["--at", "2025-05-06 17:30"]
    code, out, err = run(capsys, "case", "act", "C1", action, *store, "--by", "x", *at, *rest)
    assert code == 2
    assert said in err
    assert "Traceback" not in out + err


def test_without_a_time_the_usage_error_says_where_to_give_it(
    capsys: pytest.CaptureFixture[str], store: list[str]
) -> None:
    code, _, err = run(capsys, "case", "act", "C1", "accept", *store, "--by", "x")
    assert code == 2
    assert "--at is required" in err


def test_the_help_lists_each_acts_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "case", "act", "--help")
    assert code == 0
    text = " ".join(out.split())
    for action in _acts():
        assert f"{action}" in text
        for kind in (Case, ParallelCase):
            method = getattr(kind, action, None)
            if method is None:
                continue
            params = inspect.signature(method).parameters
            for name in params:
                if name not in ("self", "at", "by", "calendar", "guard"):
                    assert name in text, (action, name)
    assert "--json" in text


def _hint(value: object, hint: object) -> object:
    return _convert("x", value, hint, china())


def test_conversions_of_each_type() -> None:
    assert _hint("2025年5月6日", dt.date) == dt.date(2025, 5, 6)
    assert _hint("2025-05-06 09:30", dt.datetime) == dt.datetime(2025, 5, 6, 9, 30, tzinfo=SH)
    assert _hint("2025-05-06T09:30:00+00:00", dt.datetime) == dt.datetime(
        2025, 5, 6, 9, 30, tzinfo=dt.UTC
    )
    assert _hint("20个工作日", TimeLimit) == TimeLimit.working_days(20)
    assert _hint("1、２, 3", Iterable[int]) == [1, 2, 3]
    assert _hint(["甲", "乙"], list[str]) == ["甲", "乙"]
    assert _hint("", str | None) is None
    assert _hint("窗口2", str | None) == "窗口2"
    assert _hint("专家评审", SuspensionReason | str) is SuspensionReason.EXPERT_REVIEW
    assert _hint("expert_review", SuspensionReason | str) is SuspensionReason.EXPERT_REVIEW
    assert _hint("HEAD_OF_GOVERNMENT", ApproverRole | str) is ApproverRole.HEAD_OF_GOVERNMENT
    assert _hint("suspension", NoticeKind | str) is NoticeKind.SUSPENSION
    assert _hint(True, bool) is True
    assert _hint("false", bool) is False
    assert _hint("2.5", float) == 2.5


@pytest.mark.parametrize(
    ("value", "hint", "expected"),
    [
        ("2025-13-01", dt.date, "a date such as 2025-05-06"),
        ("9:30", dt.datetime, "a time such as 2025-05-06 09:30"),
        ("20日", TimeLimit, "a time limit such as 20个工作日"),
        ("1、x", list[int], "x[1] must be a whole number"),
        (True, int, "a whole number"),
        ("x", typing.Any, None),
    ],
)
def test_a_value_that_does_not_convert_names_what_was_expected(
    value: object, hint: object, expected: str | None
) -> None:
    if expected is None:
        assert _hint(value, hint) == value
        return
    with pytest.raises(_BadArgumentError) as info:
        _hint(value, hint)
    assert expected in f"{info.value.name} must be {info.value.expected}" or expected in str(
        info.value
    )


def test_the_installed_command_takes_json_arguments(store: list[str]) -> None:
    body = json.dumps({"reason": "专家评审", "note": "评审会", "at": "2025-05-07 10:00"},
                      ensure_ascii=False)  # fmt: skip
    accept = [sys.executable, "-m", "govservice", "case", "act", "C1", "accept", *store,
              "--at", "2025-05-06 17:30", "--by", "窗口1"]  # fmt: skip
    done = subprocess.run(accept, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    suspend = [sys.executable, "-m", "govservice", "case", "act", "C1", "suspend", *store,
               "--by", "审核员", "--json", body]  # fmt: skip
    done = subprocess.run(suspend, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert "suspended" in done.stdout
    bad = [*suspend[:-2], "--set", "reason=天气", "--at", "2025-05-07 10:00"]
    done = subprocess.run(bad, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 2
    assert "reason must be one of" in done.stderr


def test_close_is_complete_as_in_the_library_and_the_service(
    capsys: pytest.CaptureFixture[str], store: list[str]
) -> None:
    """办结 is ``complete``; ``close`` is its other name (`Case.close`, the service's act)."""
    for action, when, by in (("accept", "2025-05-06 17:30", "窗口1"),
                             ("review", "2025-05-07 09:00", "审核员"),
                             ("approve", "2025-05-08 10:00", "科长"),
                             ("close", "2025-05-09 16:00", "窗口1")):  # fmt: skip
        code, out, err = run(capsys, "case", "act", "C1", action, *store, "--at", when,
                             "--by", by)  # fmt: skip
        assert code == 0, err
    assert out == "complete: C1 -> completed\n"
    assert [e[1] for e in _events(capsys, store)][-1] == "complete"
    code, _, err = run(capsys, "case", "act", "C1", "shut", *store, "--at", "2025-05-09 16:10",
                       "--by", "窗口1")  # fmt: skip
    assert code == 2
    assert "(close: complete), got 'shut'" in err
