"""The runner end to end over real HTTP: it finds every planted weakness of the vulnerable reference target,
nothing on the hardened one or on targets that refuse or echo everything, resumes, backs off on 429, and ends
malformed, slow and unauthorised runs as incomplete (never as clean)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from aiwarden.redteam.model import CATEGORIES
from aiwarden.redteam.results import exit_code, findings, results_document
from aiwarden.redteam.runner import RunOptions, RunResult, run
from aiwarden.redteam.targets import CallableTarget, OpenAIChatTarget, TargetError
from tests.redteam.reference_target import RunningTarget

PLAIN = RunOptions(suites=("all",), converters=("none",), concurrency=4)


def http(target: RunningTarget, **kwargs: Any) -> OpenAIChatTarget:
    return OpenAIChatTarget(target.url, "reference-target", **kwargs)


def by_category(result: RunResult) -> dict[str, int]:
    return {c: v["successes"] for c, v in results_document(result)["categories"].items()}


def test_every_planted_weakness_of_the_vulnerable_target_is_found(vulnerable_target: RunningTarget,
                                                                  tmp_path: Path) -> None:
    result = run(http(vulnerable_target), tmp_path, PLAIN)
    assert result.complete and not result.errors
    found = by_category(result)
    assert set(found) == set(CATEGORIES)
    assert all(found[c] > 0 for c in CATEGORIES), found
    assert exit_code(result, Severity.HIGH) == 1
    tags = {t for f in findings(result) for t in f.tags}
    assert {"LLM01:2025", "LLM02:2025", "LLM05:2025", "LLM07:2025", "LLM10:2025"} <= tags
    assert {"AML.T0051.000", "AML.T0051.001", "AML.T0054", "AML.T0056"} <= tags


def test_the_hardened_target_gets_zero_successes(hardened_target: RunningTarget, tmp_path: Path) -> None:
    options = RunOptions(suites=("all",), converters=("none", "base64", "leetspeak"), concurrency=4)
    result = run(http(hardened_target), tmp_path, options)
    assert result.complete
    wins = [(a.probe_id, a.converter, a.reply_text[:200]) for a in result.attempts if a.success]
    assert wins == []
    assert exit_code(result, Severity.INFO) == 0


def _last_user(messages: list[dict[str, Any]]) -> str:
    return next(str(m.get("content") or "") for m in reversed(messages) if m["role"] in ("user", "tool"))


REFUSALS = ("I'm sorry, but I can't help with that.", "I won't do that.", "That's not something I can assist with.",
            "Lo siento, no puedo ayudar con eso.", "Désolé, je ne peux pas faire cela.",
            "As an AI assistant I must decline this request.", "No.")


@pytest.mark.parametrize("name, responder", [
    ("refuses", lambda messages, tools: REFUSALS[len(_last_user(messages)) % len(REFUSALS)]),
    ("echoes the last message", lambda messages, tools: _last_user(messages)),
    ("echoes with a preface", lambda messages, tools: f"You asked: \"{_last_user(messages)}\""),
    ("echoes every user turn", lambda messages, tools: "\n\n".join(
        str(m.get("content") or "") for m in messages if m["role"] in ("user", "tool"))),
])
def test_targets_that_refuse_or_echo_everything_get_zero_successes(
        name: str, responder: Callable[..., str], tmp_path: Path) -> None:
    options = RunOptions(suites=("all",), converters=("none", "base64", "mixed-language"), concurrency=4)
    result = run(CallableTarget(responder, description=name), tmp_path, options)
    wins = [(a.probe_id, a.converter, (a.verdict or {}).get("reason")) for a in result.attempts if a.success]
    assert result.complete and wins == []


def test_a_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    calls: list[str] = []

    def flaky(messages: list[dict[str, Any]], tools: Any) -> str:
        text = _last_user(messages)
        calls.append(text)
        if len(calls) % 3 == 0:
            raise TargetError("connection failed: reset")
        return "I can't help with that."

    options = RunOptions(suites=("quick",), converters=("none",), concurrency=1, max_retries=0)
    first = run(CallableTarget(flaky, description="app"), tmp_path, options)
    assert first.errors and not first.complete
    assert exit_code(first, Severity.HIGH) == 2
    failed = {a.attempt_key for a in first.errors}

    def steady(messages: list[dict[str, Any]], tools: Any) -> str:
        calls.append("again")
        return "I can't help with that."

    calls.clear()
    second = run(CallableTarget(steady, description="app"), tmp_path, options)
    assert second.resumed and second.complete
    assert second.sent == len(failed) == len(calls)
    assert second.secrets == first.secrets
    assert len(second.attempts) == len(first.attempts)
    other = RunOptions(suites=("quick",), converters=("none",), concurrency=1, seed=7)
    with pytest.raises(Exception, match="holds a run with other settings"):
        run(CallableTarget(steady, description="app"), tmp_path, other)


def test_429_pauses_the_run_for_retry_after(start_target: Callable[..., RunningTarget], tmp_path: Path) -> None:
    target = start_target(mode="hardened", rate_limit_first=3, retry_after=1)
    began = time.monotonic()
    result = run(http(target), tmp_path, RunOptions(suites=("quick",), converters=("none",), max_attempts=4,
                                                    concurrency=2))
    assert result.complete and len(result.attempts) == 4
    assert time.monotonic() - began >= 1.0
    assert sum(a.tries for a in result.attempts) == 4 + 3


@pytest.mark.parametrize("fault, message", [("malformed", "malformed"), ("truncate", "malformed stream"),
                                            ("disconnect", "connection failed")])
def test_malformed_answers_are_errors_and_the_run_is_incomplete(
        start_target: Callable[..., RunningTarget], tmp_path: Path, fault: str, message: str) -> None:
    target = start_target(fault=fault)
    result = run(http(target, stream=fault == "truncate"), tmp_path,
                 RunOptions(suites=("quick",), converters=("none",), max_attempts=3, max_retries=1))
    assert len(result.errors) == 3 and all(message in (a.error or "") for a in result.errors)
    assert exit_code(result, Severity.HIGH) == 2


def test_a_completion_with_the_wrong_content_type_is_still_read(start_target: Callable[..., RunningTarget],
                                                                 tmp_path: Path) -> None:
    """Its structure proves what it is; servers that label JSON text/html exist."""
    target = start_target(fault="wrong-type")
    result = run(http(target), tmp_path, RunOptions(suites=("quick",), converters=("none",), max_attempts=3))
    assert result.complete and all(a.reply_text for a in result.attempts)


def test_timeouts_are_errors(start_target: Callable[..., RunningTarget], tmp_path: Path) -> None:
    target = start_target(delay_s=3.0)
    result = run(http(target, timeout=0.3), tmp_path,
                 RunOptions(suites=("quick",), converters=("none",), max_attempts=2, max_retries=1, max_backoff=0.1))
    assert [a.error for a in result.errors] == ["timed out", "timed out"]


def test_a_refused_key_stops_the_run(start_target: Callable[..., RunningTarget], tmp_path: Path) -> None:
    target = start_target(api_key="right")
    result = run(http(target, api_key="wrong"), tmp_path, RunOptions(suites=("quick",), converters=("none",)))
    assert result.fatal is not None and "401" in result.fatal
    assert exit_code(result, Severity.HIGH) == 2


def test_streamed_answers_are_judged_like_plain_ones(vulnerable_target: RunningTarget, tmp_path: Path) -> None:
    options = RunOptions(suites=("quick",), converters=("none",))
    plain = run(http(vulnerable_target), tmp_path / "plain", options)
    streamed = run(http(vulnerable_target, stream=True), tmp_path / "streamed", options)
    assert streamed.complete
    assert by_category(streamed) == by_category(plain)
    assert any(r["body"].get("stream") for r in vulnerable_target.requests)


def test_async_callables_run_concurrently(tmp_path: Path) -> None:
    in_flight = 0
    peak = 0

    async def slow(messages: list[dict[str, Any]], tools: Any) -> str:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        return "No, I won't."

    result = run(CallableTarget(slow), tmp_path, RunOptions(suites=("quick",), converters=("none",), concurrency=3))
    assert result.complete and peak == 3
