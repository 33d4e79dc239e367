"""The package as a user installs it: build, check, install with no extras, smoke test.

The fresh virtual environment installs the core dependencies from a local wheelhouse
(`make wheelhouse`, run by `make test`), so the test needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from ..needs import missing

ROOT = Path(__file__).resolve().parents[2]
WHEELHOUSE = Path(os.environ.get("GOVSERVICE_WHEELHOUSE", ROOT / ".venv" / "wheelhouse"))

SMOKE = """
import datetime as dt
import govservice
from govservice.calendar import TimeLimit, china, deadline
cal = china()
due = deadline(dt.date(2025, 1, 24), TimeLimit.parse("20个工作日"), cal).due_date
assert due == dt.date(2025, 2, 27), due
print(govservice.__version__, due)
"""


def _need_wheelhouse() -> None:
    if not any(WHEELHOUSE.glob("*.whl")):
        message = f"no wheelhouse at {WHEELHOUSE}: run `make wheelhouse` (make test does) first"
        missing(message)


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # A copy keeps build artefacts out of the checkout; --no-isolation uses this venv's hatchling.
    src = tmp_path_factory.mktemp("src") / "govservice"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "site", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, src)
    return out


def test_wheel_and_sdist_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"], files
    _run(sys.executable, "-m", "twine", "check", "--strict", *files)


def test_wheel_carries_the_package_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "govservice/py.typed",
        "govservice/calendar/data/china.json",
        "govservice/matters/data/sample_catalog.json",
        "govservice/_fonts/NotoSansCJKsc-govservice.otf",
        "govservice/locale/zh_CN/LC_MESSAGES/govservice.mo",
    ):
        assert needed in names, needed


def test_wheel_installs_and_runs_without_extras(dist: Path, tmp_path: Path) -> None:
    _need_wheelhouse()
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--no-index",
         "--find-links", WHEELHOUSE, wheel)  # fmt: skip
    out = _run(python, "-c", SMOKE, cwd=tmp_path)
    assert out.split() == [_version(), "2025-02-27"]
    help_text = _run(env_dir / "bin" / "govservice", "--help", cwd=tmp_path)
    assert "deadline" in help_text
    answer = _run(
        env_dir / "bin" / "govservice", "deadline", "2025-01-24", "20个工作日", cwd=tmp_path
    )
    assert "2025-02-27" in answer


def _version() -> str:
    import govservice

    return govservice.__version__
