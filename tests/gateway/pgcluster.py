"""A private PostgreSQL 15 cluster for tests and benchmarks: initdb in a temporary directory, a free port on
127.0.0.1, password authentication (so tests can check that no message shows the password), stopped and deleted
by ``stop``. As root the server runs as the ``postgres`` user (initdb refuses root)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "s3cret-Pw-" + uuid.uuid4().hex[:8]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    def __init__(self, *, fsync: bool = False) -> None:
        self.fsync = fsync  # off in tests (nothing here survives a power loss anyway); on for benchmarks
        self.base = Path(tempfile.mkdtemp(prefix="aiwarden-pg-"))
        self.data = self.base / "data"
        self.port = 0
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv: str, timeout: float = 120) -> None:
        done = subprocess.run([*self._as_postgres, *argv], capture_output=True, text=True, timeout=timeout,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")

    def start(self) -> None:
        if not (BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL 15 is not installed ({BIN}/initdb missing): apt-get install "
                               "postgresql-15")
        os.chmod(self.base, 0o755)
        password_file = self.base / "password"
        password_file.write_text(PASSWORD + "\n")
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            for path in (self.base, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=scram-sha-256",
                  f"--pwfile={password_file}", "-E", "UTF8", "--locale=C", "--no-sync")
        for attempt in range(5):  # another process can take the free port between the probe and the start
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=60 "
                       f"-c shared_buffers=32MB -c fsync={'on' if self.fsync else 'off'} "
                       f"-c full_page_writes={'on' if self.fsync else 'off'}")
            try:
                self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-t", "60",
                          "-o", options, "start")
                return
            except RuntimeError:
                if attempt == 4:
                    raise

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                try:
                    self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._kill_postmaster()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # its children exit when the postmaster goes
