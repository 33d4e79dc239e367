"""Several processes write the same files at once: readers only ever see a whole version."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from govservice._files import atomic_directory
from govservice.approval import ApprovalPlan, construction_project_plan
from govservice.matters import Catalog, sample_catalog

WRITERS = 3
SAVES = 25


def _catalogs() -> tuple[Catalog, Catalog]:
    full = sample_catalog()
    return full, attrs.evolve(full, matters=full.matters[: len(full.matters) // 2])


def _plans() -> tuple[ApprovalPlan, ApprovalPlan]:
    plan = construction_project_plan()
    return plan, attrs.evolve(plan, name=plan.name + " (v2)")


def _save_many(kind: str, path: str, which: int) -> None:
    values = _catalogs() if kind == "catalog" else _plans()
    for i in range(SAVES):
        values[(i + which) % 2].save(path)


def _write_sets(path: str, which: int) -> None:
    for i in range(SAVES):
        version = f"{which}-{i}"
        with atomic_directory(path) as build:
            for name in ("a.csv", "b.json", "report.html"):
                (build / name).write_text(version * 200, "utf-8")


def _run(
    writer: Callable[..., None], args: list[tuple[object, ...]], read: Callable[[], None]
) -> int:
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=writer, args=a) for a in args]
    for p in processes:
        p.start()
    reads = 0
    while any(p.is_alive() for p in processes) or reads < 5:
        read()
        reads += 1
    for p in processes:
        p.join()
        assert p.exitcode == 0
    return reads


@pytest.mark.parametrize("suffix", [".json", ".toml", ".csv"])
def test_concurrent_catalog_saves_never_tear(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"catalog{suffix}"
    versions = _catalogs()
    versions[0].save(path)
    wanted = {tuple(v.matters) for v in versions}

    def read() -> None:
        assert tuple(Catalog.load(path).matters) in wanted

    _run(_save_many, [("catalog", str(path), w) for w in range(WRITERS)], read)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_concurrent_plan_saves_never_tear(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    versions = _plans()
    versions[0].save(path)

    def read() -> None:
        assert ApprovalPlan.load(path) in versions

    _run(_save_many, [("plan", str(path), w) for w in range(WRITERS)], read)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_concurrent_directory_writers_never_mix_or_tear(tmp_path: Path) -> None:
    out = tmp_path / "report"
    _write_sets(str(out), 9)
    names = [".govservice-directory", "a.csv", "b.json", "report.html"]

    def read() -> None:
        listed = sorted(p.name for p in out.iterdir())
        # A reader that opened the directory just before a swap lists the old version while it
        # is being removed, so it may see fewer names; never a name of anything else.
        assert set(listed) <= set(names), listed
        for name in names[1:]:
            try:
                text = (out / name).read_text("utf-8")
            except FileNotFoundError:
                continue  # between the two renames of a system without an atomic exchange
            unit = text[: len(text) // 200]
            assert text == unit * 200  # one whole version, never a torn file

    _run(_write_sets, [(str(out), w) for w in range(WRITERS)], read)
    assert sorted(p.name for p in out.iterdir()) == names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
