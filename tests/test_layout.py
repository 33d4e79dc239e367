"""The house: dependencies run one way, and the old import paths keep working."""

from __future__ import annotations

import subprocess
import sys

import pytest

AREAS = ("calendar", "matters", "approval", "metrics", "supervision", "testing", "cli", "store")


@pytest.mark.parametrize("first", AREAS)
def test_every_area_imports_first_in_a_fresh_interpreter(first: str) -> None:
    # Re-exports from a lower package must not turn into an import cycle, whichever is first.
    others = ", ".join(f"govservice.{area}" for area in AREAS if area != first)
    code = f"import govservice.{first}; import {others}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_old_paths_are_the_same_objects() -> None:
    import govservice.approval as approval
    import govservice.metrics as metrics
    import govservice.supervision as supervision

    assert approval.check_separation is supervision.check_separation
    assert approval.draw_inspection is supervision.draw_inspection
    assert metrics.monitor is supervision.monitor
    assert metrics.monthly_report is supervision.monthly_report
    assert metrics.ScoringScheme is supervision.ScoringScheme


# -- optional imports name their extra ----------------------------------------------------------

SRC = __import__("pathlib").Path(__file__).resolve().parent.parent / "src" / "govservice"
#: What a guarded import may say instead of going through `optional`: it has a fallback.
FALLBACK_WORDS = ("a speed-up with a fallback", "a part left out")


def _guarded_imports() -> list[tuple[str, int, str]]:
    """Every handler of ImportError around an import in src: (file, line, verdict)."""
    import ast

    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "_extras.py":
            continue
        text = path.read_text("utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Try):
                continue
            imports = any(isinstance(n, ast.Import | ast.ImportFrom) for b in node.body
                          for n in ast.walk(b))  # fmt: skip
            calls = {
                n.func.id
                for part in (*node.body, *node.handlers)
                for n in ast.walk(part)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            }
            for handler in node.handlers:
                names = ast.unparse(handler.type) if handler.type else ""
                if "ImportError" not in names and "ModuleNotFoundError" not in names:
                    continue
                comment = lines[handler.lineno - 1]
                if "optional" in calls:
                    verdict = "optional"
                elif any(word in comment for word in FALLBACK_WORDS):
                    verdict = "fallback"
                elif not imports:
                    verdict = "no import"
                else:
                    verdict = "unnamed"
                found.append((str(path.relative_to(SRC)), handler.lineno, verdict))
    return found


def test_every_guarded_import_names_its_extra_or_has_a_fallback() -> None:
    found = _guarded_imports()
    assert [f for f in found if f[2] == "unnamed"] == []
    assert {f[2] for f in found} >= {"optional", "fallback"}


def _optional_calls() -> list[tuple[str, str]]:
    import ast

    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "optional"
                and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) for a in node.args[:2])
            ):
                module, extra = (a.value for a in node.args[:2])  # type: ignore[attr-defined]
                calls.append((module, extra))
    return calls


def test_every_extra_named_is_declared_and_brings_its_module() -> None:
    import importlib
    import tomllib

    pyproject = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text("utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    calls = _optional_calls()
    assert len(calls) >= 8
    for module, extra in calls:
        assert extra in extras, (module, extra)
        importlib.import_module(module)  # the test environment has every extra


@pytest.mark.parametrize(
    ("blocked", "run", "extra"),
    [
        ("icalendar", "from govservice.calendar import china; china().to_ics('statutory')",
         "ics"),
        ("python_calamine", "from govservice._tabular import _calamine; _calamine()", "sheets"),
        ("xlsxwriter", "from govservice._tabular import _xlsxwriter; _xlsxwriter()", "sheets"),
        ("hypothesis", "import govservice.testing", "testing"),
        ("matplotlib", "from govservice._plot import matplotlib_or_error as m; m()", "plot"),
    ],
)  # fmt: skip
def test_a_missing_module_names_its_extra(blocked: str, run: str, extra: str) -> None:
    code = f"import sys; sys.modules[{blocked!r}] = None\n{run}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: "), done.stderr
    assert f'pip install "govservice[{extra}]"' in last
    assert f"needs {blocked}:" in last


def test_a_missing_psycopg_is_a_store_error_naming_the_extra() -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from govservice.calendar import china\nfrom govservice.store import open_store\n"
        "open_store('postgresql://127.0.0.1/test', calendar=china())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    last = done.stderr.strip().splitlines()[-1]
    assert "StoreError" in last, done.stderr
    assert 'needs psycopg: pip install "govservice[postgres]"' in last


def test_the_command_line_names_the_server_extra() -> None:
    code = (
        "import sys; sys.modules['litestar'] = None\n"
        "from govservice.cli import main\n"
        "sys.exit(main(['serve']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert 'pip install "govservice[server]"' in done.stderr + done.stdout
