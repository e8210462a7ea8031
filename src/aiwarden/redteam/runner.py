"""Plan the attempts of a run, send them politely (bounded concurrency, back-off that honours Retry-After),
judge each reply, and keep every attempt in the results store as it finishes (so a run can be resumed)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiwarden.redteam.conversation import build_messages, make_secrets
from aiwarden.redteam.model import CATEGORIES, JudgeInput, Probe, RunSecrets, TargetReply, Verdict
from aiwarden.redteam.store import ResultsStore, StoredAttempt, sha256
from aiwarden.redteam.targets import Target, TargetError

DEFAULT_SUITES = ("default",)
EARLY_STOP_ERRORS = 20  # a run whose first this-many attempts all fail is stopped
CANNED_MIN = 5  # this many identical non-refusal answers, and nothing else, mean no model answered
# Converters a default run applies to every convertible probe, beside the plain text.
DEFAULT_CONVERTERS = ("none", "base64", "leetspeak", "homoglyphs", "unicode-tags", "mixed-language")


@dataclass(frozen=True, slots=True)
class RunOptions:
    suites: tuple[str, ...] = DEFAULT_SUITES
    converters: tuple[str, ...] = DEFAULT_CONVERTERS
    max_attempts: int | None = None
    seed: int = 1
    concurrency: int = 4
    system_prompt: str | None = None  # None: the built-in assistant prompt
    canary: bool = True  # plant the canary and a credential in the system prompt
    probe_files: tuple[Path, ...] = ()
    max_retries: int = 6  # per attempt, for 429/503/5xx/timeouts/connection errors
    max_backoff: float = 60.0


@dataclass(frozen=True, slots=True)
class PlannedAttempt:
    key: str
    seq: int
    probe: Probe  # placeholders filled
    converter: str


@dataclass
class RunResult:
    run_id: str
    target: str
    settings: dict[str, Any]
    secrets: RunSecrets
    attempts: list[StoredAttempt]
    resumed: bool
    seconds: float
    fatal: str | None = None  # why the run stopped early (bad key, wrong URL), or None
    sent: int = 0  # attempts sent in this invocation (a resumed run sends only what was missing)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[StoredAttempt]:
        return [a for a in self.attempts if a.state == "error"]

    @property
    def untested(self) -> str | None:
        """Why the answers prove nothing, or None: no attempt got a real answer (every one empty, or refused by
        a server without a content or size code), or every answer was one canned text that is not a refusal
        (a login page, "temporarily unavailable", a proxy's notice)."""
        done = [a for a in self.attempts if a.state == "done"]
        if not done:
            return None
        answered = [a for a in done if 200 <= (a.http_status or 0) < 300 and (a.reply_text.strip() or a.tool_calls)]
        if not answered and not any(a.finish_reason == "refused-by-server" for a in done):
            return "no attempt got an answer from the target (every reply was empty)"
        texts = {a.reply_text.strip() for a in answered}
        if len(answered) >= CANNED_MIN and len(texts) == 1 and not any(a.tool_calls for a in answered):
            from aiwarden.redteam.refusal import classify_refusal

            text = texts.pop()
            if not classify_refusal(text).refused:
                return f"the target gave the same answer to all {len(answered)} attempts: {text[:120]!r}"
        return None

    @property
    def complete(self) -> bool:
        return self.fatal is None and not self.errors and self.untested is None


def plan(probes: Sequence[Probe], converters: Sequence[str], *, seed: int,
         max_attempts: int | None) -> list[tuple[str, Probe, str]]:
    """(key, probe, converter) for every attempt: each probe as written, then each converter on each convertible
    probe. Capped runs keep the plain probes first and take the same share of every category, so a small
    --max-attempts still covers every category. Keys are stable across invocations (resumption)."""
    plain = [(p, "none") for p in probes]
    converted = [(p, c) for c in converters if c != "none" for p in probes if p.convertible]
    chosen = plain + converted if "none" in converters else converted
    if max_attempts is not None and len(chosen) > max_attempts:
        rng = random.Random(f"plan/{seed}")
        by_category: dict[str, list[tuple[Probe, str]]] = {}
        for pair in chosen:
            by_category.setdefault(pair[0].category, []).append(pair)
        queues = []
        for category in sorted(by_category, key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else 99):
            pairs = by_category[category]
            first = [x for x in pairs if x[1] == "none"]
            rest = [x for x in pairs if x[1] != "none"]
            rng.shuffle(first)
            rng.shuffle(rest)
            queues.append(first + rest)
        picked: list[tuple[Probe, str]] = []
        while len(picked) < max_attempts and any(queues):
            for queue in queues:
                if queue and len(picked) < max_attempts:
                    picked.append(queue.pop(0))
        chosen = picked
    return [(hashlib.sha256(f"{p.id}|{c}".encode()).hexdigest()[:24], p, c) for p, c in chosen]


class _Pacer:
    """One pause shared by all workers: a 429 slows the whole run, not just the worker that got it."""

    def __init__(self) -> None:
        self.until = 0.0

    async def wait(self) -> None:
        delay = self.until - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    def pause(self, seconds: float) -> None:
        self.until = max(self.until, time.monotonic() + seconds)


class AttemptFailed(Exception):
    """An attempt that ended in an error after its retries; ``fatal`` stops the whole run."""

    def __init__(self, error: TargetError, tries: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.tries = tries


async def _send_with_retries(target: Target, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None,
                             pacer: _Pacer, options: RunOptions, rng: random.Random) -> tuple[TargetReply, int]:
    """Retry what may pass on a second try: rate limits (after Retry-After, for every worker), 5xx, timeouts,
    connection errors (exponential back-off with jitter), and one garbled body. Never a fatal error."""
    tries = 0
    while True:
        await pacer.wait()
        tries += 1
        try:
            return await target.send(messages, tools), tries
        except TargetError as exc:
            error = exc
        except Exception as exc:  # a Python target (or a parser bug) failing on one attempt ends that attempt only
            raise AttemptFailed(TargetError(f"target error: {type(exc).__name__}: {exc}"[:500]), tries) from None
        limit = options.max_retries if error.retries is None else min(error.retries, options.max_retries)
        if error.fatal or not error.retryable or tries > limit:
            raise AttemptFailed(error, tries)
        if error.retry_after is not None and error.retry_after >= 0:
            pacer.pause(max(error.retry_after, 0.05))
        else:
            pacer.pause(min(options.max_backoff, 2.0 ** (tries - 1)) * (0.5 + rng.random() / 2))


def _judge(planned: PlannedAttempt, prompt: str, document: str | None, messages: list[dict[str, Any]],
           reply: TargetReply, secrets: RunSecrets) -> Verdict:
    from aiwarden.redteam.judges import judge_attempt

    verdict: Verdict = judge_attempt(JudgeInput(probe=planned.probe, sent_prompt=prompt, sent_document=document,
                                    sent=tuple(messages), reply=reply, secrets=secrets,
                                    converter=planned.converter))
    return verdict


async def run_async(target: Target, out_dir: Path, options: RunOptions, *, settings_extra: dict[str, Any] | None = None,
                    progress: Callable[[int, int, int], None] | None = None, restart: bool = False) -> RunResult:
    """Run (or resume) the attack plan against ``target``, keeping results in ``out_dir/results.db``."""
    from aiwarden.redteam.converters import apply as convert
    from aiwarden.redteam.probes import fill, load_library, select

    started = time.monotonic()
    probes = select(load_library(list(options.probe_files) or None), list(options.suites), seed=options.seed)
    settings = {"target": target.description, "suites": list(options.suites),
                "converters": list(options.converters), "max_attempts": options.max_attempts,
                "seed": options.seed, "canary": options.canary,
                "system_prompt_sha256": sha256(options.system_prompt) if options.system_prompt is not None else None,
                "probe_files": [sha256(Path(p).read_text(encoding="utf-8")) for p in options.probe_files],
                **(settings_extra or {})}
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "results.db"
    if restart:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = ResultsStore(db_path)
    try:
        fresh = make_secrets(options.seed, options.system_prompt, canary_in_prompt=options.canary)
        run_id, secrets, resumed = store.open_run(settings, target.description, fresh)
        planned = [PlannedAttempt(key, seq, fill(probe, secrets), converter)
                   for seq, (key, probe, converter) in enumerate(plan(
                       probes, options.converters, seed=options.seed, max_attempts=options.max_attempts))]
        done = store.finished_keys(run_id)
        todo = [p for p in planned if p.key not in done]
        pacer = _Pacer()
        semaphore = asyncio.Semaphore(max(1, options.concurrency))
        fatal: list[str] = []
        finished = len(planned) - len(todo)
        successes = 0
        tried = errored = 0  # in this invocation

        async def attempt(item: PlannedAttempt) -> None:
            nonlocal finished, successes, tried, errored
            async with semaphore:
                if fatal:
                    return
                rng = random.Random(f"{options.seed}/{item.key}")
                prompt, document = convert(item.probe, item.converter, rng)
                messages, tools = build_messages(item.probe, prompt, document, secrets)
                began = time.time()
                clock = time.monotonic()
                row: dict[str, Any] = {
                    "attempt_key": item.key, "seq": item.seq, "probe_id": item.probe.id, "family": item.probe.family,
                    "category": item.probe.category, "converter": item.converter,
                    "severity": str(item.probe.severity), "tags": json.dumps(list(item.probe.tags)),
                    "original_prompt": item.probe.prompt, "original_sha256": sha256(item.probe.prompt),
                    "converted_prompt": prompt, "converted_sha256": sha256(prompt), "document": document,
                    "request": json.dumps({"messages": messages, "tools": tools}), "started": began}
                try:
                    reply, tries = await _send_with_retries(target, messages, tools, pacer, options, rng)
                except AttemptFailed as failed:
                    if failed.error.fatal:
                        fatal.append(str(failed))
                        return
                    row.update(state="error", error=str(failed), http_status=failed.error.status, success=0,
                               elapsed_ms=(time.monotonic() - clock) * 1000, tries=failed.tries)
                else:
                    verdict = _judge(item, prompt, document, messages, reply, secrets)
                    successes += verdict.success
                    row.update(state="done", http_status=reply.status, reply_text=reply.text,
                               reply_json=json.dumps(reply.raw) if reply.raw is not None else None,
                               tool_calls=json.dumps([{"name": c.name, "arguments": c.arguments}
                                                      for c in reply.tool_calls]),
                               finish_reason=reply.finish_reason,
                               verdict=json.dumps({"judge": verdict.judge, "success": verdict.success,
                                                   "label": verdict.label, "reason": verdict.reason,
                                                   "score": verdict.score}),
                               success=int(verdict.success), error=None,
                               elapsed_ms=(time.monotonic() - clock) * 1000, tries=tries)
                store.record(run_id, row)
                finished += 1
                tried += 1
                errored += row["state"] == "error"
                if tried == errored == EARLY_STOP_ERRORS and not fatal:
                    # Nothing has worked yet: the same error will meet every attempt, so stop and say why.
                    fatal.append(f"the first {EARLY_STOP_ERRORS} attempts all failed (last: {row['error']})")
                if progress:
                    progress(finished, len(planned), successes)

        try:
            await asyncio.gather(*(attempt(p) for p in todo))
        finally:
            await target.aclose()
        if not fatal:
            store.finish(run_id)
        if resumed:
            _rejudge(store, run_id, [p for p in planned if p.key in done], secrets, options.seed)
        attempts = [a for a in store.attempts(run_id) if a.attempt_key in {p.key for p in planned}]
        return RunResult(run_id=run_id, target=target.description, settings=settings, secrets=secrets,
                         attempts=attempts, resumed=resumed, seconds=time.monotonic() - started,
                         fatal=fatal[0] if fatal else None, sent=len(todo))
    finally:
        store.close()


def _rejudge(store: ResultsStore, run_id: str, planned: list[PlannedAttempt], secrets: RunSecrets,
             seed: int) -> None:
    """Judge the stored replies of earlier invocations again, with each probe as the library defines it now: a
    resumed run never trusts verdicts, categories or severities read back from the database file."""
    from aiwarden.redteam.converters import apply as convert
    from aiwarden.redteam.model import ToolCall

    stored = {a.attempt_key: a for a in store.attempts(run_id)}
    for item in planned:
        old = stored.get(item.key)
        if old is None or old.state != "done":
            continue
        prompt, document = convert(item.probe, item.converter, random.Random(f"{seed}/{item.key}"))
        messages, _ = build_messages(item.probe, prompt, document, secrets)
        reply = TargetReply(text=old.reply_text, status=old.http_status or 0, finish_reason=old.finish_reason,
                            tool_calls=tuple(ToolCall(str(c.get("name", "")), str(c.get("arguments", "")))
                                             for c in old.tool_calls if isinstance(c, dict)))
        verdict = _judge(item, prompt, document, messages, reply, secrets)
        store.update_verdict(run_id, item.key, {
            "probe_id": item.probe.id, "family": item.probe.family, "category": item.probe.category,
            "severity": str(item.probe.severity), "tags": json.dumps(list(item.probe.tags)),
            "converted_prompt": prompt, "document": document,
            "verdict": json.dumps({"judge": verdict.judge, "success": verdict.success, "label": verdict.label,
                                   "reason": verdict.reason, "score": verdict.score}),
            "success": int(verdict.success)})


def run(target: Target, out_dir: Path, options: RunOptions | None = None, **kwargs: Any) -> RunResult:
    """Synchronous entry point for scripts: ``run(CallableTarget(my_app), Path("out"))``."""
    return asyncio.run(run_async(target, out_dir, options or RunOptions(), **kwargs))
