"""Streamed answers (``"stream": true``, server-sent events), scanned as they pass.

Text deltas go through an ``OutputScanner`` per choice and field, so what reaches the client lags the upstream
by the scanner's hold-back; so do refusals and reasoning text. Tool-call deltas and log-probabilities are held
until their choice finishes, then scanned (arguments like text), checked by the firewall when a policy is set,
and sent whole or withheld; log-probabilities only for a choice with no finding (their tokens spell the text).
The gateway asks the upstream for a final usage chunk (for token limits and the audit record) and drops it again
unless the client asked for it. A "stream-start" audit record is committed before the first byte, the "request"
record before ``[DONE]``; an event the gateway cannot read ends the stream with an error event and is recorded
as not scanned, never as passed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiwarden.gateway.errors import GatewayRefusal, error_body
from aiwarden.gateway.exchange import Exchange
from aiwarden.gateway.hardening import harden_choice
from aiwarden.gateway.leaves import string_leaves
from aiwarden.gateway.output_scan import WITHHELD_CALL, WITHHELD_TEXT, OutputScanner
from aiwarden.gateway.upstream import connection_failure

if TYPE_CHECKING:
    import aiohttp
    from starlette.responses import Response

    from aiwarden.gateway.app import Gateway
    from aiwarden.gateway.settings import Upstream

log = logging.getLogger("aiwarden.gateway")
MAX_EVENT_BYTES = 4 * 1024 * 1024  # one SSE line longer than this is an upstream error
MAX_CHOICES = 128
# Every text field of a chat delta that reaches the user or the application.
TEXT_FIELDS = ("content", "refusal", "reasoning_content", "reasoning")
KNOWN_DELTA_KEYS = frozenset({*TEXT_FIELDS, "role", "tool_calls", "function_call", "audio"})
LEGACY_CALL = -1  # the index a legacy function_call is held under, beside the tool calls


@dataclass(slots=True)
class _Choice:
    scanners: dict[str, OutputScanner]  # one per text field ("content", "refusal", "reasoning_content", ...)
    tool_calls: dict[int, dict[str, Any]] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    logprobs: list[Any] = field(default_factory=list)  # held until the choice is judged: tokens spell the text
    audio: list[dict[str, Any]] = field(default_factory=list)  # held until its transcript is judged
    other: list[OutputScanner] = field(default_factory=list)  # fields no one named, each chunk's strings alone
    finished: bool = False

    def all_scanners(self) -> list[OutputScanner]:
        return [*self.scanners.values(), *self.other]

    def verdict_actions(self) -> set[str]:
        return {scanner.verdict.action for scanner in self.all_scanners()}

    def blocked(self) -> bool:
        return any(scanner.blocked for scanner in self.all_scanners())


async def open_stream(gateway: Gateway, exchange: Exchange, upstream: Upstream, path: str,
                      body: dict[str, Any]) -> Response:
    """Start the upstream stream; errors before its first byte are ordinary refusals."""
    import aiohttp
    from starlette.responses import StreamingResponse

    wants_usage = isinstance(body.get("stream_options"), dict) and body["stream_options"].get("include_usage") is True
    body = {**body, "stream_options": {**(body.get("stream_options") or {}), "include_usage": True}}
    began = time.perf_counter()
    context = gateway.upstreams.session.post(upstream.url + path.removeprefix("/v1"),
                                             data=json.dumps(body).encode("utf-8"),
                                             headers=gateway.upstreams.headers(upstream, stream=True),
                                             timeout=gateway.upstreams.timeout(), allow_redirects=False)
    try:
        response = await context.__aenter__()
    except (TimeoutError, aiohttp.ClientError) as exc:
        exchange.upstream_seconds += time.perf_counter() - began
        exchange.outcome, refusal = connection_failure(exc)
        raise refusal from None
    try:
        if response.status != 200:
            await gateway._upstream_refusal(exchange, response)
        if not response.headers.get("content-type", "").startswith("text/event-stream"):
            exchange.outcome = "upstream-invalid"
            raise GatewayRefusal(502, "The upstream model server did not answer with an event stream.",
                                 "upstream_invalid")
    except BaseException:
        exchange.upstream_seconds += time.perf_counter() - began
        await context.__aexit__(None, None, None)
        raise
    exchange.status, exchange.outcome = 200, "streaming"
    try:
        # Durable before the first byte of the answer leaves: a stream is acknowledged as it starts. The
        # "request" record follows when it ends, with the same request_id.
        await gateway._record(exchange, "stream-start")
    except BaseException:
        await context.__aexit__(None, None, None)
        raise
    relay = _Relay(gateway, exchange, body, wants_usage, began)
    return StreamingResponse(relay.run(response, context), media_type="text/event-stream",
                             headers={"cache-control": "no-cache", "x-request-id": exchange.id})


class _Relay:
    def __init__(self, gateway: Gateway, exchange: Exchange, body: dict[str, Any], wants_usage: bool,
                 began: float) -> None:
        self.gateway = gateway
        self.exchange = exchange
        self.body = body
        self.wants_usage = wants_usage
        self.began = began
        self.choices: dict[int, _Choice] = {}
        self.scanning = gateway.settings.output_action != "off"
        self.enforce = gateway.settings.output_action == "enforce"
        self.unscanned = ""  # why the output could not be scanned, when it could not
        self.done = False  # the upstream said [DONE]: without it the answer may be cut short
        self.findings: set[str] = set()
        self.withheld = False
        self.last_chunk: dict[str, Any] = {}

    async def run(self, response: aiohttp.ClientResponse, context: Any) -> AsyncIterator[bytes]:
        gateway, exchange = self.gateway, self.exchange
        completed = False
        try:
            try:
                async for event in self._events(response):
                    for out in self._relay(event):
                        yield out
                    if self.withheld_all():
                        break
            except Exception:  # an answer nobody foresaw: cut as unscannable, recorded, never a traceback
                log.exception("internal error while relaying a stream")
                self.unscanned = "the gateway failed to read it"
            for out in self._flush():
                yield out
            exchange.upstream_seconds += time.perf_counter() - self.began
            self._finish_decisions()
            if self.unscanned and self.enforce:
                exchange.outcome = "output-unscanned"
                yield _sse_error(502, f"The upstream stream could not be scanned ({self.unscanned}); it was cut.",
                                 "upstream_invalid")
            elif not self.done and not self.withheld_all():
                # The upstream stopped without [DONE]: whatever was sent may be half an answer. Said so, not DONE.
                exchange.outcome = "upstream-incomplete"
                yield _sse_error(502, "The upstream model server ended the stream before it was complete.",
                                 "upstream_incomplete")
            elif exchange.outcome == "streaming":
                exchange.outcome = "ok"
            try:
                await gateway._record(exchange)
            except GatewayRefusal as refusal:
                yield _sse_error(refusal.status, refusal.message, refusal.code)
                return
            completed = True
            if not (self.unscanned and self.enforce) and exchange.outcome != "upstream-incomplete":
                yield b"data: [DONE]\n\n"
        finally:
            # The client may have gone away: Starlette then cancels this generator, and anyio cancels every await
            # after that too. The bookkeeping (the record of an interrupted stream, the concurrency slot) must
            # still happen, so it runs in a task of its own.
            gateway.detach(self._conclude(context, completed))

    async def _conclude(self, context: Any, completed: bool) -> None:
        gateway, exchange = self.gateway, self.exchange
        with contextlib.suppress(Exception):
            await context.__aexit__(None, None, None)
        if not completed and exchange.outcome in ("streaming", "ok"):
            # The client went away, or the upstream failed mid-stream: still recorded, never acknowledged.
            exchange.outcome = "output-unscanned" if self.unscanned else "stream-interrupted"
            if not exchange.upstream_seconds:
                exchange.upstream_seconds = time.perf_counter() - self.began
            self._finish_decisions()
            with contextlib.suppress(Exception):
                await gateway._record(exchange)
        gateway.metrics.count_request(exchange.route, exchange.status)
        gateway.metrics.timings(exchange.route, exchange.timings())
        gateway.metrics.in_flight.dec()
        await gateway._release(exchange)
        gateway._log(exchange)

    async def _events(self, response: aiohttp.ClientResponse) -> AsyncIterator[dict[str, Any]]:
        import aiohttp

        try:
            while True:
                line = await response.content.readline()
                if not line:
                    return
                if len(line) > MAX_EVENT_BYTES:
                    self.unscanned = "an event over 4 MiB"
                    return
                if not line.endswith(b"\n") and not line.strip():
                    return
                text = line.strip()
                if not text or text.startswith(b":") or not text.startswith(b"data:"):
                    continue  # blank separators, comments, event:/id:/retry: fields
                data = text[5:].strip()
                if data == b"[DONE]":
                    self.done = True
                    return
                try:
                    event = json.loads(data)
                except (ValueError, RecursionError):
                    event = None
                if not isinstance(event, dict):
                    self.unscanned = "an event that is not a JSON object"
                    return
                if isinstance(event.get("error"), dict):
                    self.exchange.outcome = "upstream-error"
                    self.unscanned = "the upstream reported an error mid-stream"
                    return
                yield event
        except (TimeoutError, aiohttp.ClientError, ValueError):  # ValueError: aiohttp's "Chunk too big"
            self.unscanned = "the upstream connection failed mid-stream"

    def _relay(self, event: dict[str, Any]) -> list[bytes]:
        self.last_chunk = {k: event[k] for k in ("id", "object", "created", "model", "system_fingerprint")
                           if k in event}
        usage = event.get("usage")
        if isinstance(usage, dict):
            self.gateway._account(self.exchange, usage)
        choices = event.get("choices", [] if isinstance(usage, dict) else None)  # a usage-only chunk may omit them
        if not isinstance(choices, list) or len(choices) > MAX_CHOICES:
            self.unscanned = "an event without a 'choices' array"
            return []
        out_choices = []
        for choice in choices:
            relayed = self._choice(choice)
            if relayed is not None:
                out_choices.append(relayed)
        if self.unscanned:
            return []
        event["choices"] = out_choices
        if not out_choices and not (usage and self.wants_usage):
            return []
        if usage and not self.wants_usage:
            event.pop("usage", None)
            if not out_choices:
                return []
        return [_sse(event)]

    def _choice(self, choice: Any) -> dict[str, Any] | None:
        if not isinstance(choice, dict) or not isinstance(choice.get("index", 0), int):
            self.unscanned = "a choice that is not an object"
            return None
        index = choice.get("index", 0)
        state = self.choices.get(index)
        if state is None:
            if len(self.choices) >= MAX_CHOICES:
                self.unscanned = "too many choices"
                return None
            state = self.choices[index] = _Choice({})
        if state.finished:
            return None
        harden_choice(choice, self.gateway.settings.hardening)
        chat = self.exchange.route == "chat"
        delta = choice.get("delta") if chat else choice
        if not isinstance(delta, dict):
            self.unscanned = "a choice without a delta"
            return None
        for name in TEXT_FIELDS if chat else ("text",):
            text = delta.get(name)
            if text is None:
                continue
            if not isinstance(text, str):
                self.unscanned = f"a '{name}' delta that is not a string"
                return None
            if not text:
                continue
            state.text.append(text)
            if self.scanning:
                delta[name] = self._scanner(state, name).feed(text)
                if state.blocked():
                    return self._withhold(index, state, choice)
        if self.scanning and choice.get("logprobs") is not None:
            state.logprobs.append(choice["logprobs"])
            choice["logprobs"] = None
        legacy = delta.get("function_call") if chat else None
        if legacy is not None and (self.scanning or self.gateway.firewall is not None):
            if not self._hold_tool_calls(state, [{"index": LEGACY_CALL, "function": legacy}]):
                return None
            delta.pop("function_call")
        audio = delta.get("audio") if chat else None
        if isinstance(audio, dict) and self.scanning:
            state.audio.append(audio)
            delta.pop("audio")
        if self.scanning and chat:
            for key in [k for k in delta if k not in KNOWN_DELTA_KEYS]:
                if not self._scan_unnamed(state, delta, key):
                    return self._withhold(index, state, choice)
        calls = delta.get("tool_calls") if chat else None
        if calls is not None and (self.scanning or self.gateway.firewall is not None):
            # Held whole until the choice finishes: arguments are scanned like text, and checked by the firewall.
            if not self._hold_tool_calls(state, calls):
                return None
            delta.pop("tool_calls")
        if choice.get("finish_reason") is not None:
            state.finished = True
            for name, scanner in state.scanners.items():
                delta[name] = (delta.get(name) or "") + scanner.finish()
            if state.blocked():
                return self._withhold(index, state, choice)
            if state.tool_calls:
                self._release_tool_calls(state, choice, delta)
                if state.blocked():
                    return self._withhold(index, state, choice)
            if state.audio:
                self._release_audio(state, delta)
                if state.blocked():
                    return self._withhold(index, state, choice)
            if state.logprobs and state.verdict_actions() <= {"allow"}:
                choice["logprobs"] = _merged_logprobs(state.logprobs)
        if not _carries(choice, delta, "content" if chat else "text"):
            return None
        return choice

    def _scan_unnamed(self, state: _Choice, delta: dict[str, Any], key: str) -> bool:
        """Strings of a delta field the gateway does not know, each scanned as it comes; False when blocked."""
        try:
            leaves = list(string_leaves({key: delta[key]}, frozenset({"data"})))
        except ValueError:
            self.unscanned = f"a '{key}' delta that cannot be read whole"
            return True
        for container, leaf in leaves:
            scanner = OutputScanner(self.gateway.guard, self.gateway.output_context, enforce=self.enforce)
            state.other.append(scanner)
            state.text.append(container[leaf])
            container[leaf] = scanner.scan_whole(container[leaf])
        return not state.blocked()

    def _release_audio(self, state: _Choice, delta: dict[str, Any]) -> None:
        transcript = "".join(a["transcript"] for a in state.audio if isinstance(a.get("transcript"), str))
        scanner = self._scanner(state, "audio.transcript")
        state.text.append(transcript)
        sent = scanner.scan_whole(transcript)
        if scanner.verdict.action != "allow" and self.enforce:
            return  # the sound says what the transcript says: neither leaves
        merged: dict[str, Any] = {}
        for part in state.audio:
            for name, value in part.items():
                if name in ("data", "transcript") and isinstance(value, str):
                    merged[name] = merged.get(name, "") + value
                else:
                    merged[name] = value
        merged["transcript"] = sent
        delta["audio"] = merged

    def _scanner(self, state: _Choice, name: str) -> OutputScanner:
        scanner = state.scanners.get(name)
        if scanner is None:
            scanner = state.scanners[name] = OutputScanner(
                self.gateway.guard, self.gateway.output_context, hold=self.gateway.settings.stream_hold_chars,
                enforce=self.enforce)
        return scanner

    def _withhold(self, index: int, state: _Choice, choice: dict[str, Any]) -> dict[str, Any]:
        state.finished = True
        self.withheld = True
        self.gateway.metrics.blocked.labels("output", "guard").inc()
        field_name = "content" if self.exchange.route == "chat" else "text"
        notice = "\n" + WITHHELD_TEXT
        body = {field_name: notice}
        if self.exchange.route == "chat":
            return {"index": index, "delta": body, "logprobs": None, "finish_reason": "content_filter"}
        return {"index": index, **body, "logprobs": None, "finish_reason": "content_filter"}

    def withheld_all(self) -> bool:
        return bool(self.choices) and all(state.finished for state in self.choices.values()) and self.withheld

    def _hold_tool_calls(self, state: _Choice, calls: Any) -> bool:
        if not isinstance(calls, list):
            self.unscanned = "tool_calls that are not an array"
            return False
        for call in calls:
            if not isinstance(call, dict) or not isinstance(call.get("index", 0), int):
                self.unscanned = "a tool call that is not an object"
                return False
            held = state.tool_calls.setdefault(call.get("index", 0), {"function": {"arguments": ""}})
            for name in ("id", "type"):
                if isinstance(call.get(name), str):
                    held[name] = call[name]
            function = call.get("function")
            if isinstance(function, dict):
                if isinstance(function.get("name"), str):
                    held["function"]["name"] = held["function"].get("name", "") + function["name"]
                if isinstance(function.get("arguments"), str):
                    held["function"]["arguments"] += function["arguments"]
        return True

    def _release_tool_calls(self, state: _Choice, choice: dict[str, Any], delta: dict[str, Any]) -> None:
        from aiwarden.gateway.app import check_tool_calls

        calls = [{"index": i, **call} for i, call in sorted(state.tool_calls.items())]
        if self.scanning:
            for call in calls:  # a secret or an exfiltration link in arguments leaves as surely as in text
                arguments = call["function"].get("arguments", "")
                state.text.append(arguments)
                scanner = self._scanner(state, f"tool_calls[{call['index']}]")
                call["function"]["arguments"] = scanner.scan_whole(arguments)
        decisions: list[Any] = []
        if self.gateway.firewall is None:
            kept = calls
        else:
            kept, decisions = check_tool_calls(self.gateway, self.body, calls)
            self.exchange.decisions.setdefault("firewall", []).extend(decisions)
        legacy = [call for call in kept if call["index"] == LEGACY_CALL]
        kept_calls = [call for call in kept if call["index"] != LEGACY_CALL]
        if legacy:
            delta["function_call"] = legacy[0]["function"]
        if kept_calls:
            delta["tool_calls"] = kept_calls
        if len(kept) != len(calls):
            self.gateway.metrics.blocked.labels("output", "firewall").inc()
            choice["finish_reason"] = "content_filter"
            if not kept:
                delta["content"] = (delta.get("content") or "") + WITHHELD_CALL

    def _flush(self) -> list[bytes]:
        """The upstream ended without finishing some choices: release what their scanners still hold."""
        if self.unscanned:
            return []
        out = []
        for index, state in sorted(self.choices.items()):
            if state.finished or not state.scanners:
                continue
            state.finished = True
            rest = {name: scanner.finish() for name, scanner in state.scanners.items()}
            if state.blocked():
                out.append(_sse({**self.last_chunk, "choices": [self._withhold(index, state, {})]}))
            elif any(rest.values()):
                texts = {name: text for name, text in rest.items() if text and not name.startswith("tool_calls")}
                body = {"delta": texts} if self.exchange.route == "chat" else texts
                out.append(_sse({**self.last_chunk, "choices": [{"index": index, **body, "finish_reason": None}]}))
        return out

    def _finish_decisions(self) -> None:
        actions = set()
        for state in self.choices.values():
            for scanner in state.all_scanners():
                actions.add(scanner.verdict.action)
                self.findings.update(f.rule_id for f in scanner.verdict.findings)
        action = "block" if "block" in actions else "redact" if "redact" in actions else "allow"
        self.exchange.decisions["guard_output"] = {
            "scanned": self.scanning and not self.unscanned, "action": action, "findings": sorted(self.findings),
            **({"not_scanned_because": self.unscanned} if self.unscanned else {})}
        self.exchange.response = "\n".join("".join(state.text) for _, state in sorted(self.choices.items()))
        if self.unscanned:
            self.gateway.metrics.unscanned.labels(self.exchange.route).inc()


def _merged_logprobs(parts: list[Any]) -> Any:
    """The held log-probabilities of a choice as one object (chat: one "content" list; completions: the last)."""
    if all(isinstance(p, dict) and isinstance(p.get("content"), list) for p in parts):
        return {"content": [item for p in parts for item in p["content"]]}
    return parts[-1]


def _carries(choice: dict[str, Any], delta: dict[str, Any], field_name: str) -> bool:
    if choice.get("finish_reason") is not None or choice.get("logprobs"):
        return True
    return any(v not in (None, "", [], {}) for v in delta.values()) if delta is not choice else bool(
        choice.get(field_name))


def _sse(event: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n\n"


def _sse_error(status: int, message: str, code: str) -> bytes:
    return b"data: " + error_body(status, message, code) + b"\n\n"
