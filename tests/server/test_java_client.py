"""The Java client in examples/java, compiled with javac and run against a live service."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from govservice.store import CaseStore

from ..needs import missing

SOURCE = Path(__file__).resolve().parents[2] / "examples" / "java" / "GovServiceClient.java"


def _jdk() -> tuple[str, str]:
    javac, java = shutil.which("javac"), shutil.which("java")
    if javac is None or java is None:
        missing(
            "no JDK: install one (javac, java; apt-get install default-jdk) to run the Java "
            "client against the service"
        )
    return javac, java


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    javac, _ = _jdk()
    out = tmp_path_factory.mktemp("java")
    subprocess.run([javac, "-d", str(out), str(SOURCE)], check=True, timeout=120)
    return out


def run_client(compiled: Path, *args: str) -> list[str]:
    _, java = _jdk()
    done = subprocess.run(
        [java, "-cp", str(compiled), "GovServiceClient", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def test_java_client_computes_a_deadline(compiled: Path, public_url: str) -> None:
    lines = run_client(compiled, public_url)
    assert lines == ["due_date 2025-02-27", "due_at 2025-02-27T17:30:00+08:00"]


def test_java_client_submits_accepts_and_meets_412(
    compiled: Path, case_service: tuple[str, CaseStore]
) -> None:
    lines = run_client(compiled, case_service[0], "tok-clerk", "JAVA-1")
    assert lines[2].startswith('submitted JAVA-1 state submitted etag "')
    assert lines[3].startswith("accepted state accepted due_date 2025-")
    assert lines[4].startswith("stale etag refused 412 current head ")
    assert lines[5].startswith("re-read state accepted etag ")
    head = lines[4].rsplit(" ", 1)[1]
    assert lines[5].endswith(f'"{head}"')
