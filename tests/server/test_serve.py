"""The runner's checks, the problem mapping, and odd requests answered as problems."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from govservice import (
    CalendarCoverageError,
    InvalidValueError,
    SeparationError,
    TraceIntegrityError,
    TransitionError,
)
from govservice.server import serve
from govservice.server._problems import problem_from_error


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"port": -1}, "port"), ({"port": 70000}, "port"), ({"workers": 0}, "workers")],
)
def test_serve_refuses_bad_settings_before_starting(
    users_file: Path, kwargs: dict[str, int], field: str
) -> None:
    settings = {"host": "127.0.0.1", "port": 0, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        serve(None, users_file, **settings)  # type: ignore[arg-type]
    assert info.value.field == field


def test_serve_refuses_a_missing_users_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="a readable file"):
        serve(None, tmp_path / "nope.toml", "127.0.0.1", 0)


def test_serve_on_a_port_in_use_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], users_file: Path, tmp_path: Path
) -> None:
    import socket

    from govservice.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InvalidValueError) as info:
            serve(None, users_file, "127.0.0.1", port)
        assert info.value.field == "port"
        assert main(["serve", "--users", str(users_file), "--port", str(port)]) == 2
        assert "port must be a port free on 127.0.0.1" in capsys.readouterr().err
    assert main(["serve", "--catalog", str(tmp_path / "无.xlsx")]) == 2
    assert "--catalog" in capsys.readouterr().err


def test_library_errors_map_to_4xx_problems() -> None:
    import datetime as dt

    cases = [
        (InvalidValueError("amount", 0, "an integer >= 1"), 422, "invalid-value"),
        (
            CalendarCoverageError(
                "day", dt.date(2030, 1, 1), dt.date(2004, 1, 1), dt.date(2026, 12, 31)
            ),
            422,
            "calendar-coverage",
        ),
        (
            SeparationError("C1", "approve", "王五", ["one_review_one_approval"], ["x"]),
            403,
            "separation-of-duties",
        ),
        (TransitionError("close", "submitted", "accept"), 409, "transition"),
        (TraceIntegrityError(2, "hash differs"), 409, "trace-integrity"),
    ]
    for error, status, kind in cases:
        p = problem_from_error(error)
        assert p.status == status
        assert p.type.endswith(kind)
        assert p.detail == str(error)


def test_odd_requests_are_problems(client: httpx.Client) -> None:
    r = client.delete("/v1/deadlines")
    assert r.status_code == 405
    assert r.headers["content-type"].startswith("application/problem+json")
    r = client.post("/v1/deadlines", content=b"[]", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post("/v1/deadlines", content="x" * 100, headers={"Content-Type": "text/plain"})
    assert r.status_code in (400, 415, 422)
    assert r.headers["content-type"].startswith("application/problem+json")
    r = client.get("/v1/cases/C-1")
    assert r.status_code == 401


def test_the_command_line_has_serve(capsys: pytest.CaptureFixture[str]) -> None:
    from govservice.cli import main

    assert main(["serve", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--store", "--users", "--host", "--port", "--private", "--workers"):
        assert option in text
    assert main(["serve", "--port", "-5"]) != 0
    assert "port must be an integer in 0..65535" in capsys.readouterr().err


def test_a_huge_value_is_not_echoed_whole(client: httpx.Client) -> None:
    r = client.post("/v1/deadlines", json={"start": "2" * 100_000, "limit": "3天"})
    assert r.status_code == 422
    assert len(r.content) < 2_000
    r = client.post("/v1/deadlines", json={"start": 10**30, "limit": "3天"})
    assert r.status_code == 422
    assert r.json()["value"] == str(10**30)


def test_a_running_service_keeps_what_it_built_at_start_up_out_of_garbage_collections() -> None:
    """Start-up freezes the objects alive then (`gc.freeze`); shutdown gives them back."""
    import gc

    from govservice.calendar import china
    from govservice.matters import sample_catalog
    from govservice.server import background, create_app

    app = create_app(calendar=china(), catalog=sample_catalog())

    def collected() -> bool:  # whether the collector still walks the app
        return any(o is app for o in gc.get_objects())

    assert collected()
    with background(app) as url:
        assert httpx.get(f"{url}/v1/calendar/days/2025-10-01").status_code == 200
        assert not collected()
    assert collected()
