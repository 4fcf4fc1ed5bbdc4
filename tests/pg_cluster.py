"""A throwaway PostgreSQL cluster for the team tests, `make team-demo` and the bench: initdb in a
temporary folder, a free loopback port, its socket in that folder, stopped at the end. `-A trust`
is safe only because the server listens on 127.0.0.1 alone and lives for one run. As root (CI),
the server's programs run as the `postgres` user, which owns the folder.

The app connects as `nextcall_app`, a login without superuser rights (a superuser would pass
through row-level security), owner of the database `team`."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_ROLE = "nextcall_app"
DATABASE = "team"


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: Debian's versioned folder, or PATH; None without them."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """One running server; `url` logs in as the app's role, `admin_url` as the superuser."""

    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://{APP_ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def admin_url(self) -> str:
        return f"postgresql://nextcall@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb refuses root: run the server's programs as postgres
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w",
            "start", "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: what the offline tests do to the server mid-test."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb (~0.7 s), start (~0.2 s), the app's role and its database."""
    pg = bin_dir()
    if pg is None:
        raise FileNotFoundError("PostgreSQL's initdb was not found")
    folder = Path(tempfile.mkdtemp(prefix="nextcall-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, free_port(), pg)
    cluster._run(
        "initdb", "-D", str(folder / "data"), "-A", "trust", "-U", "nextcall", "-E", "UTF8",
        "--no-sync",
    )  # fmt: skip
    cluster.start()
    import psycopg

    with psycopg.connect(
        f"postgresql://nextcall@127.0.0.1:{cluster.port}/postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER")
        conn.execute(f"CREATE DATABASE {DATABASE} OWNER {APP_ROLE}")
    return cluster
