"""Running the service: `serve` for production, `background` for tests and benchmarks."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govservice._errors import InvalidValueError
from govservice.calendar import WorkCalendar, china
from govservice.matters import Catalog, sample_catalog
from govservice.server._users import Users

__all__ = ["background", "serve"]

_ENV = "GOVSERVICE_SERVE_CONFIG"


def _catalog(value: Catalog | str | os.PathLike[str] | None) -> Catalog:
    if value is None:
        return sample_catalog()
    if isinstance(value, Catalog):
        return value
    return Catalog.load(value)


def _open_store(url: str | None, calendar: WorkCalendar) -> Any:
    if url is None:
        return None
    from govservice.store import open_store

    return open_store(url, calendar=calendar)


def _app_from_environment() -> Any:
    """The app of one worker process, built from the settings `serve` left in the environment."""
    from govservice.server._app import create_app

    settings = json.loads(os.environ[_ENV])
    calendar = china()
    store = _open_store(settings["store_url"], calendar)
    app = create_app(
        calendar=calendar,
        catalog=_catalog(settings["catalog"]),
        users=Users.load(settings["users_file"]) if settings["users_file"] else None,
        store=store,
        private=settings["private"],
    )
    if store is not None:
        app.on_shutdown.append(store.close)
    return app


def serve(
    store_url: str | None,
    users_file: str | os.PathLike[str] | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    private: bool = False,
    workers: int = 1,
    *,
    catalog: Catalog | str | os.PathLike[str] | None = None,
    calendar: WorkCalendar | None = None,
) -> None:
    """Serve the API with uvicorn until interrupted (``govservice serve``).

    Several processes (``workers``, or several machines behind a load balancer) can serve one
    PostgreSQL store: every act is a compare-and-swap on the case's trace head, so no act is
    lost whichever process takes it.

    Args:
        store_url: ``sqlite:///path/cases.db`` or ``postgresql://...``; ``None`` serves the
            calendar, deadlines and catalogue only.
        users_file: The TOML users file (people, departments, roles, token hashes).
        host: The address to listen on.
        port: The port.
        private: Whether calendar, deadline and catalogue endpoints need a token too.
        workers: Worker processes (each opens its own store connection).
        catalog: The catalogue: a `Catalog`, a catalogue file, or ``None`` for the sample
            catalogue shipped with govservice (for trying the service out).
        calendar: The calendar; the official national one (`govservice.calendar.china`) when
            ``None``. Only with ``workers=1``: worker processes use the national calendar.

    Raises:
        InvalidValueError: A bad port or number of workers, or a users file that does not load.
    """
    import uvicorn

    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise InvalidValueError("port", port, "an integer in 0..65535")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidValueError("workers", workers, "an integer >= 1")
    users = Users.load(users_file) if users_file is not None else None  # fail early, in front
    _check_port(host, port)
    if workers == 1:
        from govservice.server._app import create_app

        cal = calendar if calendar is not None else china()
        store = _open_store(store_url, cal)
        try:
            app = create_app(
                calendar=cal, catalog=_catalog(catalog), users=users, store=store, private=private
            )
            uvicorn.run(app, host=host, port=port, log_level="info")
        finally:
            if store is not None:
                store.close()
        return
    if calendar is not None:
        raise InvalidValueError("calendar", calendar, "None with workers > 1 (national calendar)")
    if catalog is not None and not isinstance(catalog, str | os.PathLike):
        raise InvalidValueError("catalog", catalog, "a catalogue file with workers > 1")
    os.environ[_ENV] = json.dumps(
        {
            "store_url": store_url,
            "users_file": str(Path(users_file).resolve()) if users_file is not None else None,
            "catalog": str(catalog) if catalog is not None else None,
            "private": private,
        }
    )
    uvicorn.run(
        "govservice.server._serve:_app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


def _check_port(host: str, port: int) -> None:
    """Refuse a port another process holds, before starting (uvicorn would exit with 3).

    Bound and closed again with the options uvicorn uses; port 0 (any free one) passes.
    """
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidValueError("port", port, f"a port free on {host} ({reason})") from None


@contextlib.contextmanager
def background(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yields its base URL, stops it on exit.

    Port 0 (the default) takes a free port, so tests never collide. For tests and
    benchmarks; production uses `serve`.

    Examples:
        >>> import urllib.request, json
        >>> from govservice.calendar import china
        >>> from govservice.matters import sample_catalog
        >>> from govservice.server import create_app
        >>> with background(create_app(calendar=china(), catalog=sample_catalog())) as url:
        ...     with urllib.request.urlopen(url + "/v1/calendar/days/2025-10-01") as r:
        ...         json.load(r)["kind"]
        'statutory_holiday'
    """
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="govservice-server", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise InvalidValueError("server", f"{host}:{port}", "a server that starts")
            thread.join(0.01)
        bound = server.servers[0].sockets[0].getsockname()
        shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
        yield f"http://{shown}:{bound[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
