"""A throwaway PostgreSQL server on 127.0.0.1 in a temp dir: the test suite's and the benchmarks' server."""

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres_user(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; CI and dev machines run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def throwaway_postgres():
    """Start a server (initdb + pg_ctl, fsync off), yield its DSN, stop it and delete its files."""
    if shutil.which("initdb") is None:
        raise RuntimeError("PostgreSQL is not installed (initdb not on PATH); use a running server's DSN instead")
    tmp = tempfile.mkdtemp(prefix="lifecycle-pg-")
    os.chmod(tmp, 0o777)
    data = os.path.join(tmp, "data")
    port = _free_port()
    subprocess.run(
        _as_postgres_user(["initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres_user(
            [
                "pg_ctl",
                "-D",
                data,
                "-l",
                os.path.join(tmp, "log"),
                "-w",
                "-o",
                f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
    finally:
        subprocess.run(_as_postgres_user(["pg_ctl", "-D", data, "-m", "fast", "stop"]), capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
