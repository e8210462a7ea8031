"""A hostile or broken target can end an attempt or stop a run, never crash it, hang it, pass it falsely, or
write to the terminal through the summary."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.redteam.results import exit_code
from aiwarden.redteam.runner import RunOptions, run
from aiwarden.redteam.targets import OpenAIChatTarget
from tests.redteam.hostile_target import hostile

QUICK = RunOptions(suites=("quick",), converters=("none",), max_attempts=3, max_retries=1, max_backoff=0.1)


@pytest.mark.parametrize("mode, error", [
    ("nested", "malformed response: not JSON"),
    ("giant-line", "malformed stream: a line over"),
])
def test_garbled_answers_end_the_attempt_not_the_run(mode: str, error: str, tmp_path: Path) -> None:
    with hostile(mode) as url:
        result = run(OpenAIChatTarget(url, "m"), tmp_path, QUICK)
    assert len(result.errors) == 3 and all(error in (a.error or "") for a in result.errors)
    assert exit_code(result, Severity.HIGH) == 2


@pytest.mark.parametrize("mode", ["surrogate", "tool-calls-int", "choices-int-stream"])
def test_odd_but_readable_answers_are_judged(mode: str, tmp_path: Path) -> None:
    with hostile(mode) as url:
        result = run(OpenAIChatTarget(url, "m", stream=mode.endswith("stream")), tmp_path, QUICK)
    assert len(result.attempts) == 3
    if mode == "choices-int-stream":  # no choice at all: an empty answer, never a success
        assert not any(a.success for a in result.attempts)
    else:
        assert result.complete and all(a.reply_text for a in result.attempts)
    if mode == "surrogate":
        assert "\ufffd" in result.attempts[0].reply_text


@pytest.mark.parametrize("mode", ["endless-stream", "slow-drip"])
def test_the_timeout_bounds_the_whole_request(mode: str, tmp_path: Path) -> None:
    began = time.monotonic()
    with hostile(mode) as url:
        result = run(OpenAIChatTarget(url, "m", timeout=1.0, stream=mode == "endless-stream"), tmp_path,
                     RunOptions(suites=("quick",), converters=("none",), max_attempts=2, max_retries=0))
    assert [a.error for a in result.errors] == ["timed out", "timed out"]
    assert time.monotonic() - began < 15


def test_a_redirect_stops_the_run_instead_of_passing_it(tmp_path: Path) -> None:
    with hostile("redirect") as url:
        result = run(OpenAIChatTarget(url, "m"), tmp_path, QUICK)
    assert result.fatal is not None and "redirects to http://127.0.0.2:9/steal" in result.fatal
    assert exit_code(result, Severity.HIGH) == 2


def test_a_request_the_target_cannot_take_is_an_error_and_twenty_of_them_stop_the_run(tmp_path: Path) -> None:
    began = time.monotonic()
    with hostile("bad-parameter") as url:
        result = run(OpenAIChatTarget(url, "m"), tmp_path, RunOptions(suites=("all",), converters=("none",)))
    assert time.monotonic() - began < 20  # a deliberate 4xx is not retried with back-off
    assert all(a.tries == 1 for a in result.errors)
    assert result.fatal is not None and result.fatal.startswith("the first 20 attempts all failed")
    assert "Unsupported parameter" in result.fatal
    assert len(result.attempts) < 40 and exit_code(result, Severity.HIGH) == 2


def test_a_context_length_refusal_is_an_answer(tmp_path: Path) -> None:
    with hostile("too-long") as url:
        result = run(OpenAIChatTarget(url, "m"), tmp_path, QUICK)
    assert result.complete and all(a.http_status == 400 and not a.success for a in result.attempts)


def test_terminal_escapes_from_the_target_never_reach_the_console(tmp_path: Path) -> None:
    with hostile("escapes-404") as url:
        done = subprocess.run([sys.executable, "-m", "aiwarden", "redteam", "run", "--target", url, "--model", "m",
                               "--suite", "quick", "--out", str(tmp_path / "o")], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 2
    assert "\x1b" not in done.stdout + done.stderr and "\\x1b" in done.stdout


def test_yaml_aliases_and_deep_nesting_in_probe_files_are_refused_at_once(tmp_path: Path) -> None:
    from aiwarden.redteam.probes import ProbeLibraryError, load_file

    marker = "M" * 100_000
    lines = ["families:", "  - id: mine.aliases", "    category: jailbreak", "    goal: g", "    technique: t",
             "    severity: low", "    tags: [LLM01:2025]",
             f"    judge: {{kind: jailbreak, params: {{markers: [&m '{marker}', " + ", ".join(["*m"] * 500) + "]}}",
             "    prompts: [hello]"]
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("\n".join(lines) + "\n")
    began = time.monotonic()
    with pytest.raises(ProbeLibraryError, match=r"aliases\.yaml: the file expands to more than"):
        load_file(aliases)
    deep = tmp_path / "deep.yaml"
    deep.write_text("families: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ProbeLibraryError, match=r"deep\.yaml: nested"):
        load_file(deep)
    assert time.monotonic() - began < 5


def test_a_waf_block_page_stops_the_run_and_a_bare_413_is_an_error(tmp_path: Path) -> None:
    with hostile("waf-403") as url:
        blocked = run(OpenAIChatTarget(url, "m"), tmp_path / "waf", QUICK)
    assert blocked.fatal is not None and blocked.fatal.startswith("HTTP 403: the target refused access")
    with hostile("nginx-413") as url:
        too_large = run(OpenAIChatTarget(url, "m"), tmp_path / "nginx", QUICK)
    assert len(too_large.errors) == 3 and exit_code(too_large, Severity.HIGH) == 2


def test_a_structured_refusal_is_read_and_an_error_finish_is_an_error(tmp_path: Path) -> None:
    with hostile("refusal-field") as url:
        refused = run(OpenAIChatTarget(url, "m"), tmp_path / "refusal", QUICK)
    assert refused.complete and all(a.reply_text.startswith("I'm sorry") for a in refused.attempts)
    with hostile("finish-error") as url:
        failed = run(OpenAIChatTarget(url, "m"), tmp_path / "error", QUICK)
    assert len(failed.errors) == 3 and "finish_reason 'error'" in (failed.errors[0].error or "")
