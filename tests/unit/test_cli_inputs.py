"""Text inputs that are not UTF-8 are one-line errors with exit 2 (an audit log line that is not UTF-8 is a
broken chain, exit 1), never a traceback with exit 1, the code for "found something"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "traces"
BAD = b"\xff\xfe not UTF-8"


def _run(*args: str | bytes, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], input=stdin, capture_output=True, timeout=60)


def _one_line_error(result: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("aiwarden: error: ") and "Traceback" not in stderr
    for needle in needles:
        assert needle in stderr


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "prompts.jsonl").write_bytes(b'{"id": 1, "text": "fine"}\n{"id": 2, "text": "' + BAD + b'"}\n')
    (tmp_path / "trace.json").write_bytes(b'[{"role": "user", "content": "' + BAD + b'"}]')
    (tmp_path / "policy.toml").write_bytes(b"version = 1 # " + BAD + b"\n")
    (tmp_path / "tools.json").write_bytes(b'[{"name": "' + BAD + b'"}]')
    (tmp_path / "good-tools.json").write_text('[{"name": "get_weather", "description": "Weather."}]')
    return tmp_path


def test_guard_jsonl_names_the_file_and_line(files: Path) -> None:
    _one_line_error(_run("guard", "--no-model", "--file", str(files / "prompts.jsonl")),
                    "prompts.jsonl: not valid UTF-8 (line 2,")


def test_guard_stdin(files: Path) -> None:
    _one_line_error(_run("guard", "--no-model", "-", stdin=BAD), "stdin: not valid UTF-8")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses arguments that are not UTF-8")
def test_guard_argument(files: Path) -> None:
    _one_line_error(_run("guard", "--no-model", os.fsencode("x") + BAD), "TEXT: not valid UTF-8")


def test_firewall_trace_and_policy(files: Path) -> None:
    policy = str(EXAMPLES / "policy.toml")
    _one_line_error(_run("firewall", "check", "--policy", policy, str(files / "trace.json")),
                    "trace.json: not valid UTF-8")
    _one_line_error(_run("firewall", "check", "--policy", str(files / "policy.toml"),
                         str(EXAMPLES / "openai-chat.json")), "policy.toml: policy is not valid UTF-8")


def test_mcp_tools_and_pins(files: Path) -> None:
    _one_line_error(_run("firewall", "mcp-pin", str(files / "tools.json")), "tools.json: not valid UTF-8")
    _one_line_error(_run("firewall", "mcp-check", str(files / "tools.json")), "tools.json: not valid UTF-8")
    (files / "pins.json").write_bytes(b'{"get_weather": "' + BAD + b'"}')
    _one_line_error(_run("firewall", "mcp-check", str(files / "good-tools.json"), "--pins", str(files / "pins.json")),
                    "pins.json: not valid UTF-8")


def test_audit_log_that_is_not_utf8(files: Path) -> None:
    log = files / "decisions.jsonl"
    decided = _run("firewall", "check", "--policy", str(EXAMPLES / "policy.toml"), str(EXAMPLES / "openai-chat.json"),
                   "--audit", str(log))
    assert decided.returncode == 1
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(lines[0] + lines[1].replace(b'"event"', b'"ev\xffent"'))
    verified = _run("audit", "verify", str(log))
    assert verified.returncode == 1 and b"Traceback" not in verified.stderr  # tampered: a broken chain
    assert b"broken at line 2: not valid UTF-8" in verified.stdout
    appended = _run("firewall", "check", "--policy", str(EXAMPLES / "policy.toml"),
                    str(EXAMPLES / "openai-chat.json"), "--audit", str(log))
    _one_line_error(appended, "decisions.jsonl")


def test_jsonl_lines_end_at_newlines_only(files: Path) -> None:
    (files / "sep.jsonl").write_text(json.dumps({"id": 1, "text": "a\u2028b\x85c"}, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    result = _run("guard", "--no-model", "--file", str(files / "sep.jsonl"))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
