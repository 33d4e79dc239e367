"""Several service processes on one PostgreSQL store: no act lost whichever process takes it."""

from __future__ import annotations

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..needs import missing
from .conftest import act, at, auth, submit

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A database created for this module on the test server, dropped afterwards."""
    admin = os.environ.get("GOVSERVICE_TEST_POSTGRES", DEFAULT_POSTGRES)
    try:
        import psycopg

        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except Exception as exc:  # ImportError or any connection failure
        message = (
            f"no PostgreSQL at {admin} ({str(exc).strip()[:120]}); start one or point "
            "GOVSERVICE_TEST_POSTGRES at one (postgresql://user@host:port/db)"
        )
        missing(message)
    name = f"govservice_server_{secrets.token_hex(6)}"
    conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(admin)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def two_workers(postgres_url: str, users_file: Path) -> Iterator[str]:
    port = _free_port()
    options = ["--store", postgres_url, "--users", str(users_file), "--port", str(port)]
    script = Path(sys.executable).parent / "govservice"  # the installed command line
    if script.exists():
        command = [str(script), "serve", *options, "--workers", "2"]
    else:
        code = "import sys; from govservice.cli import main; sys.exit(main(sys.argv[1:]))"
        command = [sys.executable, "-c", code, "serve", *options, "--workers", "2"]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/v1/calendar/days/2025-10-01", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"the service did not start: {err[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


NEXT = {"submitted": ("accept", "张三"), "accepted": ("review", "李四")}


def test_two_processes_one_postgres_store_lose_no_act(two_workers: str) -> None:
    ids = [f"PG-{i:02d}" for i in range(12)]
    with httpx.Client(base_url=two_workers, timeout=30) as c:
        for case_id in ids:
            assert submit(c, case_id).status_code == 201
    landed: Counter[str] = Counter()
    failures: list[str] = []

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=two_workers, timeout=30) as c:
            for _ in range(8):
                case_id = rng.choice(ids)
                for _attempt in range(20):
                    r = c.get(f"/v1/cases/{case_id}", headers=auth("张三"))
                    snap = r.json()
                    if snap["state"] not in NEXT:
                        break
                    name, person = NEXT[snap["state"]]
                    # Each client acts at its own minute: two clients' acts are never the same
                    # event (an identical act sent twice is recorded once, by design).
                    body = {"act": name, "at": at(3 + snap["events"], 10, seed)}
                    r = act(c, case_id, r.headers["etag"], person, body)
                    if r.status_code == 200:
                        landed[case_id] += 1
                        break
                    if r.status_code != 412:
                        failures.append(f"{case_id} {name}: {r.status_code} {r.text}")
                        return

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures[:3]
    with httpx.Client(base_url=two_workers, timeout=30) as c:
        for case_id in ids:
            snap = c.get(f"/v1/cases/{case_id}", headers=auth("李四")).json()
            assert snap["events"] == 1 + landed[case_id]
            assert c.get(f"/v1/cases/{case_id}/verify", headers=auth("李四")).json()["verified"]
    assert sum(landed.values()) > 0


def test_health_answers_503_while_the_database_is_gone_then_recovers(
    two_workers: str, postgres_url: str
) -> None:
    """A balancer's probe sees a process whose database is gone, and its recovery.

    Gone for real: the database takes no connections and every one it had is cut. (A
    connection cut while the server still answers is opened again at once, and the probe
    never sees it: the store sends the statement once more on a new connection.)
    """
    import psycopg

    with httpx.Client(base_url=two_workers, timeout=30) as c:
        healthy = c.get("/v1/health").json()
        assert (healthy["status"], healthy["store"]) == ("ok", "PostgreSQL")
        name = urllib.parse.urlsplit(postgres_url).path.lstrip("/")
        server = os.environ.get("GOVSERVICE_TEST_POSTGRES", DEFAULT_POSTGRES)
        with psycopg.connect(server, autocommit=True) as admin:  # not the database closed
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            try:
                killed = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s",
                    (name,),
                ).fetchone()
                assert killed is not None
                assert killed[0] >= 1  # each worker holds its store's connection
                for _ in range(100):  # pg_terminate_backend only signals: wait until gone
                    left = admin.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
                    ).fetchone()
                    if left is not None and left[0] == 0:
                        break
                    time.sleep(0.05)
                gone = [c.get("/v1/health") for _ in range(4)]  # both workers, whichever
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        for first in gone:
            assert first.status_code == 503
            assert first.json()["type"].endswith(":store-unavailable")
        answers = [c.get("/v1/health").status_code for _ in range(4)]
    assert answers == [200] * 4  # every process has reconnected
