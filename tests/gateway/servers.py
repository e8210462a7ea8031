"""Real processes for the gateway's tests: the fake upstream and ``aiwarden serve``, on free loopback ports,
always stopped (process groups killed) when the test ends."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FAKE = Path(__file__).with_name("fake_upstream.py")
AIWARDEN = [sys.executable, "-m", "aiwarden"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(proc: subprocess.Popen[Any], sig: int = signal.SIGTERM) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_ready(url: str, proc: subprocess.Popen[Any], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{url}: the process exited with {proc.returncode}")
        with suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"{url} not ready within {seconds} s")


@contextmanager
def fake_upstream() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(FAKE), str(port)], stdout=subprocess.PIPE,
                            start_new_session=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        stop(proc)


def aiwarden(*argv: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*AIWARDEN, *argv], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"aiwarden {' '.join(argv)} exited {result.returncode}: {result.stderr}")
    return result


def create_key(db: str, *options: str) -> dict[str, Any]:
    created: dict[str, Any] = json.loads(aiwarden("keys", "create", "--db", db, "--name", "test", "--format", "json",
                                                  *options).stdout)
    return created


class Gateway:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, db: str, log: Path) -> None:
        self.proc, self.url, self.db, self.log = proc, url, db, log

    def key(self, *options: str) -> str:
        return str(create_key(self.db, *options)["key"])


@contextmanager
def gateway(upstream: str, workdir: Path, config: str = "", *extra: str,
            env: dict[str, str] | None = None, db: str | None = None) -> Iterator[Gateway]:
    port = free_port()
    db = db or str(workdir / "gateway.db")
    config_file = workdir / f"gateway-{port}.toml"
    config_file.write_text(config)
    log = workdir / f"gateway-{port}.log"
    with open(log, "wb") as out:
        upstream_option = [] if "[[gateway.upstreams]]" in config else ["--upstream", upstream]
        proc = subprocess.Popen([*AIWARDEN, "serve", *upstream_option, "--port", str(port), "--db", db,
                                 "--config", str(config_file), *extra], stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, **(env or {})})
    try:
        wait_ready(f"http://127.0.0.1:{port}/healthz", proc)
        yield Gateway(proc, f"http://127.0.0.1:{port}", db, log)
    finally:
        stop(proc)
