"""A deliberately vulnerable OpenAI-compatible chat server for the red-team runner's tests, and its hardened twin.

Usage: python tests/redteam/reference_target.py --mode vulnerable|hardened --port 8600   (127.0.0.1 only)

Endpoints: ``POST /v1/chat/completions`` (JSON, or server-sent events with ``"stream": true``) and
``GET /v1/models``. The vulnerable mode obeys what it reads (user text, pasted documents, tool results: see
``reference_mind``); the hardened mode refuses the same attacks and still answers plain asks (``reference_voice``).

Faults, per server (``TargetOptions``) or per request (header ``X-Reference-Fault`` or query ``?fault=``):
``rate-limit`` (429 with Retry-After), ``error`` (500), ``malformed`` (200 with a body that is not JSON),
``truncate`` (the stream stops early without finish_reason or [DONE]), ``disconnect`` (the connection drops mid-body),
``wrong-type`` (a JSON answer labelled text/html), ``slow:SECONDS`` (sleep before answering). The mode can also be
chosen per request (``X-Reference-Mode`` or ``?mode=``). ``api_key`` makes a ``Authorization: Bearer`` key required.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the tests package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from tests.redteam.reference_mind import read_conversation
from tests.redteam.reference_voice import Reply, hardened, vulnerable

MODES = ("vulnerable", "hardened")
FAULTS = ("rate-limit", "error", "malformed", "truncate", "disconnect", "wrong-type", "slow")
DEFAULT_MAX_TOKENS = 8192
CHARS_PER_TOKEN = 4
HARDENED_MAX_INPUT_CHARS = 48_000  # the hardened target turns away floods, as a context limit would


@dataclass
class TargetOptions:
    mode: str = "vulnerable"
    api_key: str | None = None
    rate_limit_first: int = 0  # the first N chat requests get 429
    retry_after: int = 1
    error_first: int = 0  # the first N chat requests (after any 429s) get 500
    fault: str | None = None  # a fault applied to every chat request (see FAULTS)
    delay_s: float = 0.0
    model: str = "reference-target"
    max_input_chars: int = HARDENED_MAX_INPUT_CHARS


@dataclass
class TargetState:
    """What the server saw, for tests: every chat request's headers and parsed body, in order."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    chat_count: int = 0


def _error(status: int, message: str, kind: str, code: str | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "param": None, "code": code}}, status,
                        headers=headers)


def _tokens(text: str) -> int:
    return max(1, -(-len(text) // CHARS_PER_TOKEN))


def _limit_chars(body: dict[str, Any]) -> int:
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    tokens = limit if isinstance(limit, int) and limit > 0 else DEFAULT_MAX_TOKENS
    return tokens * CHARS_PER_TOKEN


def _finish(reply: Reply, body: dict[str, Any]) -> tuple[str | None, str]:
    """The reply's text within the length limit, and why it ended."""
    limit = _limit_chars(body)
    if reply.repeat:
        return (reply.repeat * (limit // len(reply.repeat) + 1))[:limit], "length"
    if reply.calls and reply.text is None:
        return None, "tool_calls"
    text = reply.text or ""
    if len(text) > limit:
        return text[:limit], "length"
    return text, "tool_calls" if reply.calls else "stop"


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    return [{"id": f"call_{index}_{uuid.uuid4().hex[:8]}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(arguments)}}
            for index, (name, arguments) in enumerate(reply.calls)]


class _Disconnect(Response):
    """Starts a streamed 200 answer, sends part of it, and returns: the server drops the connection."""

    def __init__(self, first: bytes, media_type: str) -> None:
        super().__init__(media_type=media_type)
        self.first = first

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", self.media_type.encode() if self.media_type else b"")]})
        await send({"type": "http.response.body", "body": self.first, "more_body": True})


class ReferenceTarget:
    """The server's behaviour, independent of how it is run (a thread in tests, uvicorn from the command line)."""

    def __init__(self, options: TargetOptions | None = None) -> None:
        self.options = options or TargetOptions()
        if self.options.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.state = TargetState()
        self.app = Starlette(routes=[Route("/v1/chat/completions", self.chat, methods=["POST"]),
                                     Route("/v1/models", self.models, methods=["GET"])])

    def _authorised(self, request: Request) -> bool:
        if self.options.api_key is None:
            return True
        return request.headers.get("authorization", "") == f"Bearer {self.options.api_key}"

    def _unauthorised(self) -> JSONResponse:
        return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key",
                      {"www-authenticate": "Bearer"})

    async def models(self, request: Request) -> Response:
        if not self._authorised(request):
            return self._unauthorised()
        return JSONResponse({"object": "list", "data": [
            {"id": self.options.model, "object": "model", "created": 1700000000, "owned_by": "aiwarden-tests"}]})

    async def chat(self, request: Request) -> Response:
        if not self._authorised(request):
            return self._unauthorised()
        self.state.chat_count += 1
        count = self.state.chat_count
        fault = request.headers.get("x-reference-fault") or request.query_params.get("fault") or self.options.fault
        if fault == "rate-limit" or count <= self.options.rate_limit_first:
            return _error(429, "Rate limit reached for requests. Please try again later.", "requests",
                          "rate_limit_exceeded", {"retry-after": str(self.options.retry_after),
                                                  "x-ratelimit-reset-requests": f"{self.options.retry_after}s"})
        if fault == "error" or count <= self.options.rate_limit_first + self.options.error_first:
            return _error(500, "The server had an error while processing your request.", "server_error")
        delay = self.options.delay_s
        if fault and fault.startswith("slow"):
            delay = float(fault.partition(":")[2] or 5)
        if delay:
            await asyncio.sleep(delay)
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body["messages"]:
            return _error(400, "'messages' is a required property and must be a non-empty array.",
                          "invalid_request_error")
        self.state.requests.append({"headers": dict(request.headers), "body": body})
        mode = request.headers.get("x-reference-mode") or request.query_params.get("mode") or self.options.mode
        if mode not in MODES:
            return _error(400, f"unknown mode {mode!r}", "invalid_request_error")
        conversation = read_conversation(body)
        if mode == "hardened" and len(conversation.everything) > self.options.max_input_chars:
            return _error(400, f"This model's maximum context length is {self.options.max_input_chars // 4} tokens; "
                          "your messages are longer.", "invalid_request_error", "context_length_exceeded")
        reply = hardened(conversation) if mode == "hardened" else vulnerable(conversation)
        text, finish = _finish(reply, body)
        calls = _tool_calls(reply) if finish != "length" else []
        if body.get("stream"):
            return self._stream(body, text, calls, finish, fault)
        message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
        if calls:
            message["tool_calls"] = calls
        completion = _tokens(text or json.dumps(calls))
        prompt = _tokens(json.dumps(body["messages"]))
        answer = {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
                  "model": str(body.get("model") or self.options.model), "system_fingerprint": "fp_reference",
                  "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
                  "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                            "total_tokens": prompt + completion}}
        encoded = json.dumps(answer, ensure_ascii=False).encode()
        if fault in ("malformed", "truncate"):
            return Response(encoded[:len(encoded) // 2], 200, media_type="application/json")
        if fault == "disconnect":
            return _Disconnect(encoded[:len(encoded) // 2], "application/json")
        if fault == "wrong-type":
            return Response(encoded, 200, media_type="text/html; charset=utf-8")
        return Response(encoded, 200, media_type="application/json")

    def _stream(self, body: dict[str, Any], text: str | None, calls: list[dict[str, Any]], finish: str,
                fault: str | None) -> Response:
        base = {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion.chunk",
                "created": int(time.time()), "model": str(body.get("model") or self.options.model),
                "system_fingerprint": "fp_reference"}

        def event(delta: dict[str, Any], reason: str | None = None, **extra: Any) -> bytes:
            choices = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": reason}] if delta is not None \
                else []
            return b"data: " + json.dumps({**base, "choices": choices, **extra}, ensure_ascii=False).encode() + b"\n\n"

        events = [event({"role": "assistant", "content": ""})]
        words = (text or "").split(" ")
        events += [event({"content": (" " if i else "") + w}) for i, w in enumerate(words) if text]
        for index, call in enumerate(calls):
            arguments = call["function"]["arguments"]
            events.append(event({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                                 "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            events += [event({"tool_calls": [{"index": index, "function": {"arguments": arguments[i:i + 8]}}]})
                       for i in range(0, len(arguments), 8)]
        events.append(event({}, finish))
        options = body.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            completion = _tokens(text or json.dumps(calls))
            prompt = _tokens(json.dumps(body["messages"]))
            events.append(b"data: " + json.dumps({**base, "choices": [], "usage": {
                "prompt_tokens": prompt, "completion_tokens": completion,
                "total_tokens": prompt + completion}}).encode() + b"\n\n")
        events.append(b"data: [DONE]\n\n")
        if fault == "malformed":
            events = [events[0], b'data: {"choices": [{"delta": {"content": "Hel\n\n', b"data: [DONE]\n\n"]
        if fault == "truncate":
            events = events[:3]
        if fault == "disconnect":
            return _Disconnect(b"".join(events[:3]), "text/event-stream")
        media_type = "text/plain" if fault == "wrong-type" else "text/event-stream"

        async def chunks() -> AsyncIterator[bytes]:
            for chunk in events:
                yield chunk

        return StreamingResponse(chunks(), media_type=media_type, headers={"cache-control": "no-cache"})


@dataclass
class RunningTarget:
    url: str  # the base URL, ending in /v1
    target: ReferenceTarget

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.target.state.requests


@contextmanager
def serve_in_thread(options: TargetOptions | None = None) -> Iterator[RunningTarget]:
    """Run a reference target on 127.0.0.1 on a free port in a background thread; stopped when the block ends."""
    import uvicorn

    target = ReferenceTarget(options)
    config = uvicorn.Config(target.app, host="127.0.0.1", port=0, log_level="warning", lifespan="off",
                            access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="reference-target", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the reference target did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield RunningTarget(f"http://127.0.0.1:{port}/v1", target)
    finally:
        server.should_exit = True
        thread.join(30)


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="A reference chat target for red-team runs (127.0.0.1 only).")
    parser.add_argument("--mode", choices=MODES, default="vulnerable")
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument("--api-key", help="require this key as 'Authorization: Bearer KEY'")
    parser.add_argument("--rate-limit-first", type=int, default=0, help="answer 429 to the first N chat requests")
    parser.add_argument("--error-first", type=int, default=0, help="answer 500 to the next N chat requests")
    parser.add_argument("--fault", choices=FAULTS, help="apply this fault to every chat request")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args(argv)
    options = TargetOptions(mode=args.mode, api_key=args.api_key, rate_limit_first=args.rate_limit_first,
                            error_first=args.error_first, fault=args.fault, delay_s=args.delay)
    target = ReferenceTarget(options)
    print(f"reference target ({args.mode}) at http://127.0.0.1:{args.port}/v1", flush=True)
    uvicorn.run(target.app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
