"""``aiwarden serve`` refuses what it cannot run with one line and exit 2, before it listens."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.gateway.servers import aiwarden, free_port


@pytest.mark.parametrize(("argv", "message"), [
    ([], "no upstream"),
    (["--upstream", "ftp://host/v1"], "must be an http(s) URL"),
    (["--upstream", "http://user:pw@127.0.0.1:9/v1"], "environment variable"),
    (["--upstream", "http://127.0.0.1:9/v1", "--upstream-key-env", "AW_TEST_SURELY_UNSET"], "AW_TEST_SURELY_UNSET"),
    (["--upstream", "http://127.0.0.1:9/v1", "--port", "70000"], "not a TCP port"),
    (["--upstream", "http://127.0.0.1:9/v1", "--db", "/nonexistent-dir/x.db"], "nonexistent-dir"),
    (["--upstream", "http://127.0.0.1:9/v1", "--redis", "redis://127.0.0.1:{port}/0"], "127.0.0.1"),
    (["--upstream", "http://127.0.0.1:9/v1", "--guard-tier", "fast"], "invalid choice"),
])
def test_what_cannot_run_is_one_line_and_exit_2(tmp_path: Path, argv: list[str], message: str) -> None:
    argv = [a.replace("{port}", str(free_port())) for a in argv]
    if "--db" not in argv:
        argv += ["--db", str(tmp_path / "g.db")]
    result = aiwarden("serve", "--port", str(free_port()), *argv, check=False)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("aiwarden: error:")]
    assert len(errors) == 1 and message in errors[0]


def test_a_taken_port_is_named(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = aiwarden("serve", "--upstream", "http://127.0.0.1:9/v1", "--port", str(port), "--db",
                          str(tmp_path / "g.db"), check=False)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
