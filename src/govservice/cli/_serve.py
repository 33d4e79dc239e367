"""``govservice serve``: the HTTP JSON service (the ``server`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from cyclopts import Parameter

from govservice._extras import optional
from govservice.cli._common import CALENDAR_HELP, UsageError, existing, load_calendar_option

__all__ = ["serve_command"]


def serve_command(
    *,
    store: str | None = None,
    users: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    private: bool = False,
    workers: int = 1,
    catalog: Path | None = None,
    calendar: Annotated[Path | None, Parameter(help=CALENDAR_HELP)] = None,
) -> int:
    """HTTP 服务。Serve the HTTP JSON API until interrupted (Ctrl+C).

    Example 示例: govservice serve --store sqlite:///办件.db --users users.toml --port 8000

    Args:
        store: 办件库 sqlite:///cases.db or postgresql://...; without it, the calendar,
            deadlines and the catalogue only.
        users: 用户文件 The TOML users file (people, roles, token hashes).
        host: 地址 The address to listen on.
        port: 端口 The port.
        private: 全部需要令牌 Calendar, deadline and catalogue endpoints need a token too.
        workers: 进程数 Worker processes.
        catalog: 事项目录 The catalogue (default: the sample catalogue, for trying it out).
        calendar: 日历文件 Calendar file (only with one worker).
    """
    try:
        serve = optional("govservice.server", "server", "serve").serve
    except ImportError as exc:  # named by optional; shown as a usage error
        raise UsageError(str(exc)) from None
    from govservice import InvalidValueError

    cal = None if calendar is None else load_calendar_option(calendar)
    if catalog is not None:
        existing(catalog, "--catalog")
    try:
        serve(store, users, host, port, private, workers, catalog=catalog, calendar=cal)
    except InvalidValueError as exc:  # a bad port, worker count or users file: usage
        raise UsageError(str(exc)) from None
    return 0
