"""``govservice serve``: the HTTP JSON service (extra ``server``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["serve"]


def serve(
    *,
    store: str | None = None,
    users: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    private: bool = False,
    workers: int = 1,
    catalog: Path | None = None,
) -> int:
    """HTTP 服务：日历、期限、事项和办件的 JSON 接口。Serve the HTTP JSON API until interrupted.

    OpenAPI 3.1 at /openapi.json; errors as RFC 9457 problem documents; acts need If-Match
    with the case's ETag. Several processes (--workers, or several machines behind a load
    balancer) can serve one PostgreSQL store. 多个进程可共用一个 PostgreSQL 办件库。

    Example 示例: govservice serve --store sqlite:///cases.db --users users.toml --port 8000

    Args:
        store: 办件库 The case store: sqlite:///path/cases.db or postgresql://...; without it
            only the calendar, deadline and catalogue endpoints answer.
        users: 用户文件 The TOML users file: [[users]] with person, department, roles and
            token_sha256.
        host: 地址 The address to listen on.
        port: 端口 The port.
        private: 私有 Calendar, deadline and catalogue endpoints need a token too.
        workers: 进程数 Worker processes.
        catalog: 事项目录 A catalogue file (JSON, TOML or CSV); the sample catalogue if absent.

    Examples:
        >>> serve(port=-1)
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: port must be an integer in 0..65535, got -1
    """
    from govservice.server import serve as run

    run(store, users, host, port, private, workers, catalog=catalog)
    return 0
