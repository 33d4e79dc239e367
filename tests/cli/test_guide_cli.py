"""``govservice catalog guide``: one matter's guide, or the catalogue as a site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govservice.cli import main
from govservice.matters import Catalog, sample_life_events

CATALOG = Path(__file__).resolve().parent.parent / "data" / "catalog.xlsx"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_guide_printed_or_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "catalog", "guide", CATALOG, "--code", "990102-MZJ-001",
                       "--format", "markdown")  # fmt: skip
    assert code == 0
    assert out.startswith("# 内地居民结婚登记")
    assert "监督投诉电话" in out
    target = tmp_path / "g.json"
    code, _, _ = run(capsys, "catalog", "guide", CATALOG, "--code", "990102-MZJ-001",
                     "--format", "json", "--locale", "en", "--out", target)  # fmt: skip
    assert code == 0
    assert json.loads(target.read_text("utf-8"))["locale"] == "en"


def test_the_catalogue_as_a_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text(json.dumps(sample_life_events(), ensure_ascii=False), "utf-8")
    code, out, _ = run(capsys, "catalog", "guide", CATALOG, "--out", tmp_path / "site",
                       "--life-events", events)  # fmt: skip
    assert code == 0
    assert "66" in out
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "按人生事件" in index
    assert len(list((tmp_path / "site" / "matters").iterdir())) == len(Catalog.load(CATALOG))


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "catalog", "guide", CATALOG)[0] == 2
    assert run(capsys, "catalog", "guide", CATALOG, "--code", "NOPE")[0] == 2
    bad = tmp_path / "events.json"
    bad.write_text('{"婚姻": "990102-MZJ-001"}', "utf-8")
    assert run(capsys, "catalog", "guide", CATALOG, "--out", tmp_path / "s",
               "--life-events", bad)[0] == 2  # fmt: skip
    code, _, err = run(capsys, "catalog", "guide", CATALOG, "--code", "990102-MZJ-001",
                       "--format", "pdf")  # fmt: skip
    assert code == 2
    assert "--format" in err
