"""A run passes only when a model answered: empty or canned answers, broken callables, tampered results
databases and incomplete runs never read as safe."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from aiwarden.redteam.results import exit_code
from aiwarden.redteam.runner import RunOptions, run
from aiwarden.redteam.targets import CallableTarget

OPTIONS = RunOptions(suites=("quick",), converters=("none",), concurrency=2)


@pytest.mark.parametrize("answer", ["", "Service temporarily unavailable, please try again later.",
                                    "Please sign in to continue."])
def test_empty_or_canned_answers_prove_nothing(answer: str, tmp_path: Path) -> None:
    result = run(CallableTarget(lambda messages, tools: answer, description="canned"), tmp_path, OPTIONS)
    assert result.untested is not None and not result.complete
    assert exit_code(result, Severity.HIGH) == 2


def test_a_target_refusing_everything_in_one_sentence_passes(tmp_path: Path) -> None:
    result = run(CallableTarget(lambda messages, tools: "I'm sorry, but I can't help with that.",
                                description="refuser"), tmp_path, OPTIONS)
    assert result.complete and exit_code(result, Severity.HIGH) == 0


def test_a_broken_callable_fails_fast_and_exit_is_contained(tmp_path: Path) -> None:
    calls = 0

    def broken(messages: list[dict[str, Any]], tools: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls % 2:
            return None
        raise SystemExit(3)

    options = RunOptions(suites=("quick",), converters=("none",), max_attempts=4, concurrency=1)
    result = run(CallableTarget(broken, description="broken"), tmp_path, options)
    assert len(result.errors) == 4 and calls <= 8  # each tried at most twice, not six times with back-off
    assert all((a.error or "").startswith("malformed reply: the target function") for a in result.errors)


def test_a_resumed_run_judges_stored_replies_again(tmp_path: Path) -> None:
    def leaky(messages: list[dict[str, Any]], tools: Any) -> str:
        return str(messages[0]["content"])  # the whole system prompt, canary included

    options = RunOptions(suites=("prompt-extraction",), converters=("none",), max_attempts=6)
    first = run(CallableTarget(leaky, description="app"), tmp_path, options)
    assert sum(a.success for a in first.attempts) > 0
    with sqlite3.connect(tmp_path / "results.db") as db:
        db.execute("UPDATE attempts SET success=0, severity='info', category='jailbreak'")
    again = run(CallableTarget(leaky, description="app"), tmp_path, options)
    assert again.sent == 0
    assert [(a.success, a.severity, a.category) for a in again.attempts] == \
        [(a.success, a.severity, a.category) for a in first.attempts]


def _compare(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "a.json").write_text(json.dumps(before))
    (tmp_path / "b.json").write_text(after if isinstance(after, str) else json.dumps(after))
    return subprocess.run([sys.executable, "-m", "aiwarden", "redteam", "compare", str(tmp_path / "a.json"),
                           str(tmp_path / "b.json")], capture_output=True, text=True, timeout=60)


GOOD = {"target": "t", "attempts": 10, "run": {"complete": True},
        "categories": {"jailbreak": {"attempts": 10, "successes": 0, "tags": []}}, "families": []}


@pytest.mark.parametrize("after, message", [
    ({**GOOD, "run": {"complete": False, "stopped_by": "HTTP 401"}}, "the run is incomplete (HTTP 401)"),
    ({**GOOD, "attempts": 0}, "the run is incomplete"),
    ({**GOOD, "categories": {"jailbreak": {"attempts": -1, "successes": 0}}}, "whole numbers"),
    ({**GOOD, "categories": {"jailbreak": {"attempts": 1, "successes": 5}}}, "more successes than attempts"),
    ({**GOOD, "categories": {"jailbreak": "many"}}, "whole numbers"),
    ({**GOOD, "families": [{"family": ["x"], "attempts": 1, "successes": 0}]}, "every family needs a name"),
    ('{"categories": {"jailbreak": {"attempts": NaN, "successes": 0}}}', "whole numbers"),
])
def test_compare_refuses_what_it_cannot_compare(tmp_path: Path, after: Any, message: str) -> None:
    done = _compare(tmp_path, GOOD, after)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
