"""`aiwarden redteam` as users run it: real processes against real HTTP targets, reports on disk, exit codes,
one-line errors, compare, and the closed loop through `aiwarden serve`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.redteam.reference_target import RunningTarget

AIWARDEN = [sys.executable, "-m", "aiwarden"]
SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture
def gateway_in_front() -> Callable[[str, Path], Any]:
    """``with gateway_in_front(upstream_url, workdir) as (url, key)``: `aiwarden serve` with its defaults."""
    from contextlib import contextmanager

    from tests.gateway.servers import gateway

    @contextmanager
    def start(upstream: str, workdir: Path) -> Iterator[tuple[str, str]]:
        with gateway(upstream, workdir) as running:
            yield f"{running.url}/v1", running.key()

    return start


def redteam(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIWARDEN, "redteam", *argv], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


def test_a_vulnerable_target_fails_the_gate_with_every_report(vulnerable_target: RunningTarget,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = redteam("run", "--target", vulnerable_target.url, "--suite", "quick", "--converter", "none",
                   "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert "BROKEN" in done.stdout and done.stderr == ""
    results = json.loads((out / "results.json").read_text())
    assert {"tool", "target", "attempts", "categories", "findings"} <= set(results)
    assert results["target"].startswith(vulnerable_target.url)
    for entry in results["categories"].values():
        assert {"attempts", "successes", "tags"} <= set(entry)
    assert results["findings"] and all(f["rule_id"].startswith("redteam.") for f in results["findings"])
    page = (out / "report.html").read_text()
    assert "LLM01:2025" in page and "AML.T0051" in page and "<script" not in page.lower()
    assert "<svg" in page  # the per-family chart
    sarif = json.loads((out / "results.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert sarif["runs"][0]["results"] and sarif["version"] == "2.1.0"
    assert (out / "results.db").is_file()


def test_a_hardened_target_passes_and_the_same_command_resumes(hardened_target: RunningTarget,
                                                               tmp_path: Path) -> None:
    argv = ["run", "--target", hardened_target.url, "--suite", "quick", "--out", str(tmp_path / "h")]
    first = redteam(*argv)
    assert first.returncode == 0, first.stdout + first.stderr
    before = len(hardened_target.requests)
    again = redteam(*argv)
    assert again.returncode == 0 and "(resumed)" in again.stdout
    assert len(hardened_target.requests) == before  # nothing sent twice


@pytest.mark.parametrize("argv, message", [
    (["run", "--target", "ftp://x/v1", "--out", "o"], "--target must be an http(s) base URL"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--api-key-env", "AW_NOT_SET_ANYWHERE",
      "--out", "o"], "AW_NOT_SET_ANYWHERE: that environment variable is not set"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--suite", "nope", "--out", "o"],
     "--suite nope: unknown"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--converter", "rot47", "--out", "o"],
     "--converter rot47: unknown"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--system-prompt", "missing.txt", "--out", "o"],
     "--system-prompt missing.txt: cannot read it"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--out", "o"], "give --model"),
    (["run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--concurrency", "0", "--out", "o"],
     "must be at least 1"),
    (["compare", "a", "b"], "cannot read it"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, argv: list[str], message: str) -> None:
    done = subprocess.run([*AIWARDEN, "redteam", *argv], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o" / "results.json").exists()


def test_an_unreachable_target_is_incomplete_not_clean(tmp_path: Path) -> None:
    done = redteam("run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--suite", "quick",
                   "--max-attempts", "2", "--timeout", "2", "--out", str(tmp_path / "u"))
    assert done.returncode == 2
    results = json.loads((tmp_path / "u" / "results.json").read_text())
    assert results["errors"] == 2 and results["run"]["complete"] is False


def test_a_probe_file_with_a_mistake_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text("families:\n  - id: mine.x\n    category: nonsense\n")
    done = redteam("run", "--target", "http://127.0.0.1:9/v1", "--model", "m", "--probes", str(bad),
                   "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "mine.yaml" in done.stderr and "Traceback" not in done.stderr


def test_compare_flags_regressions(vulnerable_target: RunningTarget, hardened_target: RunningTarget,
                                   tmp_path: Path) -> None:
    for name, target in (("v", vulnerable_target), ("h", hardened_target)):
        redteam("run", "--target", target.url, "--suite", "quick", "--converter", "none", "--out", str(tmp_path / name))
    worse = redteam("compare", str(tmp_path / "h"), str(tmp_path / "v"))
    assert worse.returncode == 1 and "regression" in worse.stdout
    better = redteam("compare", str(tmp_path / "v"), str(tmp_path / "h" / "results.json"), "--format", "json")
    assert better.returncode == 0 and json.loads(better.stdout)["regressions"] == []


def test_probes_lists_the_library() -> None:
    done = redteam("probes")
    assert done.returncode == 0 and "families" in done.stdout.splitlines()[-1]


def test_the_gateway_stops_attacks_in_the_closed_loop(vulnerable_target: RunningTarget, tmp_path: Path,
                                                      gateway_in_front: Callable[..., Any]) -> None:
    """The same run directly and through `aiwarden serve`: fewer categories broken through the gateway."""
    common = ["--suite", "default", "--converter", "none", "--concurrency", "4"]
    direct = redteam("run", "--target", vulnerable_target.url, *common, "--out", str(tmp_path / "direct"))
    assert direct.returncode == 1, direct.stderr
    with gateway_in_front(vulnerable_target.url, tmp_path) as (url, key):
        proxied = redteam("run", "--target", url, "--model", "reference-target", "--api-key-env", "AW_TEST_KEY",
                          *common, "--out", str(tmp_path / "gateway"), env={"AW_TEST_KEY": key})
    assert proxied.returncode in (0, 1), proxied.stderr
    before = json.loads((tmp_path / "direct" / "results.json").read_text())["categories"]
    after = json.loads((tmp_path / "gateway" / "results.json").read_text())["categories"]
    assert sum(c["successes"] for c in after.values()) < sum(c["successes"] for c in before.values()) / 2
    for category in ("direct-injection", "markdown-exfiltration", "insecure-output"):
        assert after[category]["successes"] < before[category]["successes"], category
