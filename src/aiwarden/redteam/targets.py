"""What the runner attacks: an OpenAI-compatible chat endpoint over HTTP, or any Python callable.

A target turns a message list (and, in agent mode, a tool list) into a ``TargetReply``. Transport trouble is a
``TargetError``: ``retry_after`` set means "slow down and try again" (429, 503), ``fatal`` means no attempt can
succeed (bad key, wrong URL or model) and the run stops. A server that *refuses* a request (400, 413, 422 from a
gateway or a content filter) is an answer, not an error: the attack failed, and the judges see the status.
"""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from aiwarden.redteam.model import TargetReply, ToolCall

if TYPE_CHECKING:
    import httpx

# A reply larger than this is not read further: a runaway answer is already proven by this much.
MAX_REPLY_BYTES = 8 * 1024 * 1024
MAX_SSE_LINE_BYTES = 1024 * 1024
MAX_RETRY_AFTER_SECONDS = 60.0


class TargetError(Exception):
    """``retryable`` is False for answers that will not change on a second try (a 4xx the server gave on
    purpose); ``fatal`` stops the whole run."""

    def __init__(self, message: str, *, retry_after: float | None = None, fatal: bool = False,
                 status: int | None = None, retryable: bool = True, retries: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.fatal = fatal
        self.status = status
        self.retryable = retryable
        self.retries = retries  # at most this many retries (None: the run's budget)


class MalformedReply(TargetError):
    """A body that cannot be read as an answer: one more look (it can be a one-off), then an attempt error."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retries=1)


class Target(Protocol):
    description: str  # shown in reports: the URL and model, or the callable's name

    async def send(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> TargetReply: ...

    async def aclose(self) -> None: ...


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 10.2.3), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _text_of(content: Any) -> str:
    """message.content as text: a string, or the text parts of a content list."""
    if isinstance(content, str):
        return clean_text(content)
    if isinstance(content, list):
        return clean_text("".join(part["text"] for part in content
                                  if isinstance(part, dict) and isinstance(part.get("text"), str)))
    return ""


def without_credentials(url: str) -> str:
    """The URL as reports may show it: user and password (``https://user:key@host``) replaced by ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def clean_text(text: str) -> str:
    """Text as storable UTF-8: a lone surrogate (JSON allows ``\\ud800``, UTF-8 does not) becomes U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _arguments(value: Any) -> str:
    if isinstance(value, str):
        return clean_text(value)
    try:
        return json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return ""


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reply_from_completion(body: Any, status: int = 200) -> TargetReply:
    """A chat.completion object as a TargetReply; anything else is a TargetError naming what is wrong."""
    if not isinstance(body, dict):
        raise MalformedReply("malformed response: the body is not a JSON object")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise MalformedReply("malformed response: no choices")
    choice = choices[0]
    message = choice.get("message")
    if not isinstance(message, dict):
        raise MalformedReply("malformed response: choices[0] has no message")
    calls: list[ToolCall] = []
    for call in _list(message.get("tool_calls")):
        function = _dict(call.get("function") if isinstance(call, dict) else None)
        if isinstance(function.get("name"), str):
            calls.append(ToolCall(clean_text(function["name"]), _arguments(function.get("arguments"))))
    legacy = _dict(message.get("function_call"))
    if isinstance(legacy.get("name"), str):
        calls.append(ToolCall(clean_text(legacy["name"]), _arguments(legacy.get("arguments"))))
    usage = _dict(body.get("usage"))
    finish = choice.get("finish_reason")
    text = _text_of(message.get("content")) or _text_of(message.get("refusal"))  # OpenAI's structured refusal
    if finish == "error" and not text and not calls:
        raise TargetError("the target reported an error (finish_reason 'error')")
    return TargetReply(text=text, tool_calls=tuple(calls),
                       finish_reason=finish if isinstance(finish, str) else None, status=status,
                       prompt_tokens=_int_or_none(usage.get("prompt_tokens")),
                       completion_tokens=_int_or_none(usage.get("completion_tokens")), raw=body)


@dataclass
class _StreamAssembly:
    text: list[str] = field(default_factory=list)
    size: int = 0
    calls: dict[int, list[str]] = field(default_factory=dict)  # index -> [name, arguments]
    finish: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    done: bool = False
    cut: bool = False

    def add(self, chunk: Any) -> None:
        if not isinstance(chunk, dict):
            raise MalformedReply("malformed stream: a chunk is not a JSON object")
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        for choice in _list(chunk.get("choices")):
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = _dict(choice.get("delta"))
            piece = _text_of(delta.get("content")) or _text_of(delta.get("refusal"))
            if piece:
                self.text.append(piece)
                self.size += len(piece)
            for call in _list(delta.get("tool_calls")):
                if not isinstance(call, dict):
                    continue
                slot = self.calls.setdefault(_int_or_none(call.get("index")) or 0, ["", ""])
                function = _dict(call.get("function"))
                if isinstance(function.get("name"), str):
                    slot[0] += clean_text(function["name"])
                    self.size += len(function["name"])
                if isinstance(function.get("arguments"), str):
                    slot[1] += clean_text(function["arguments"])
                    self.size += len(function["arguments"])
            if isinstance(choice.get("finish_reason"), str):
                self.finish = choice["finish_reason"]

    def reply(self, status: int) -> TargetReply:
        calls = tuple(ToolCall(name, arguments) for _, (name, arguments) in sorted(self.calls.items()) if name)
        if self.finish == "error" and not self.text and not calls:
            raise TargetError("the target reported an error (finish_reason 'error')")
        return TargetReply(text="".join(self.text), tool_calls=calls,
                           finish_reason="length" if self.cut else self.finish, status=status,
                           prompt_tokens=_int_or_none(self.usage.get("prompt_tokens")),
                           completion_tokens=_int_or_none(self.usage.get("completion_tokens")),
                           raw={"stream": True, "done": self.done, "cut_by_runner": self.cut})


class OpenAIChatTarget:
    """POST {base_url}/chat/completions. ``base_url`` is the API base, e.g. ``http://127.0.0.1:8000/v1``."""

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None, timeout: float = 60.0,
                 max_tokens: int | None = 1024, temperature: float | None = None, stream: bool = False,
                 concurrency: int = 4, headers: dict[str, str] | None = None) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.stream = stream
        self.timeout = timeout
        self.description = f"{without_credentials(self.base_url)} (model {model})"
        sent_headers = {"user-agent": "aiwarden-redteam", **(headers or {})}
        if api_key:
            sent_headers["authorization"] = f"Bearer {api_key}"
        self._client = httpx.AsyncClient(
            headers=sent_headers, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
            follow_redirects=False, trust_env=False)

    def body(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages}
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        if self.temperature is not None:
            body["temperature"] = self.temperature
        if tools:
            body["tools"] = tools
        if self.stream:
            body["stream"] = True
        return body

    async def send(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> TargetReply:
        """One request, bounded as a whole by the timeout (a server that drips bytes or streams forever is cut)."""
        import httpx

        try:
            async with asyncio.timeout(self.timeout):
                async with self._client.stream("POST", f"{self.base_url}/chat/completions",
                                               json=self.body(messages, tools)) as response:
                    return await self._read(response)
        except (httpx.TimeoutException, TimeoutError):
            raise TargetError("timed out") from None
        except httpx.TransportError as exc:
            # A refused or dropped connection gets two more tries (a restart, a blip), not the whole budget.
            raise TargetError(f"connection failed: {type(exc).__name__}: {exc}".rstrip(": "), retries=2) from None

    async def _read(self, response: httpx.Response) -> TargetReply:
        status = response.status_code
        if status == 429 or status == 503:
            retry = parse_retry_after(response.headers.get("retry-after"))
            raise TargetError(f"HTTP {status}", retry_after=retry if retry is not None else -1.0, status=status)
        if status == 401:
            raise TargetError("HTTP 401: the target refused the API key (see --api-key-env)", fatal=True, status=status)
        if status == 403:
            raw = await _read_limited(response, 65536)
            code, detail = _error_parts(raw)
            if not _CONTENT_REFUSAL.search(code):
                raise TargetError(f"HTTP 403: the target refused access ({detail or 'no reason given'})", fatal=True,
                                  status=status)
            # A guard or content filter turning this request away (e.g. aiwarden serve's content_blocked).
            return TargetReply(text=detail, status=status, finish_reason="refused-by-server")
        if 300 <= status < 400:
            where = response.headers.get("location", "somewhere else")
            raise TargetError(f"HTTP {status}: the target redirects to {where[:200]} (redirects are not followed: "
                              "give the final URL as --target)", fatal=True, status=status)
        if status == 402:
            _, detail = _error_parts(await _read_limited(response, 65536))
            raise TargetError(f"HTTP 402: {detail or 'payment required'}", fatal=True, status=status)
        if status == 404:
            _, detail = _error_parts(await _read_limited(response, 65536))
            raise TargetError(f"HTTP 404 from {response.request.url}: wrong --target base URL or --model"
                              + (f" ({detail})" if detail else ""), fatal=True, status=status)
        if status >= 500:
            raise TargetError(f"HTTP {status}", status=status)
        content_type = response.headers.get("content-type", "")
        if 200 <= status < 300 and "text/event-stream" in content_type:
            return await self._read_stream(response, status)
        raw = await _read_limited(response, MAX_REPLY_BYTES)
        if not 200 <= status < 300:
            code, detail = _error_parts(raw)
            detail = clean_text(detail)
            if _CONTENT_REFUSAL.search(code):
                # The server turned this request away (too large, blocked by a guard): an answer, not an error.
                return TargetReply(text=detail, status=status, finish_reason="refused-by-server")
            # Anything else (an unsupported parameter, a bad request) means the attack was never tried.
            raise TargetError(f"HTTP {status}: the target rejected the request ({detail or 'no reason given'})",
                              status=status, retryable=False)
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise MalformedReply(f"malformed response: not JSON ({content_type or 'no content-type'})") from None
        return reply_from_completion(body, status)

    async def _read_stream(self, response: httpx.Response, status: int) -> TargetReply:
        assembly = _StreamAssembly()
        async for line in _lines(response):
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                assembly.done = True
                break
            try:
                chunk = json.loads(data)
            except (ValueError, RecursionError):
                raise MalformedReply("malformed stream: a data line is not JSON") from None
            if isinstance(chunk, dict) and isinstance(chunk.get("error"), dict):
                raise TargetError(f"stream error: {_error_of(chunk, data)[1]}")
            assembly.add(chunk)
            if assembly.size > MAX_REPLY_BYTES:
                assembly.cut = True
                break
        if not assembly.done and not assembly.cut and assembly.finish is None:
            raise MalformedReply("malformed stream: it ended without a finish reason or [DONE]")
        return assembly.reply(status)

    async def aclose(self) -> None:
        await self._client.aclose()


async def _lines(response: httpx.Response) -> AsyncIterator[str]:
    """The stream's lines, each at most MAX_SSE_LINE_BYTES (httpx's own reader buffers a line without limit)."""
    pending = b""
    total = 0
    async for piece in response.aiter_bytes():
        total += len(piece)
        if total > MAX_REPLY_BYTES + MAX_SSE_LINE_BYTES:
            raise MalformedReply("malformed stream: over the size limit")
        pending += piece
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            yield raw.rstrip(b"\r").decode("utf-8", "replace")
        if len(pending) > MAX_SSE_LINE_BYTES:
            raise MalformedReply(f"malformed stream: a line over {MAX_SSE_LINE_BYTES // 1024} KiB")
    if pending:
        yield pending.rstrip(b"\r").decode("utf-8", "replace")


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    async for piece in response.aiter_bytes():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            raise MalformedReply(f"malformed response: the body is over {limit // (1024 * 1024) or 1} MiB")
    return b"".join(parts)


# The error codes (OpenAI's error ``code``/``type`` fields) of a server that turned one request away for its
# content or its size: a guard (aiwarden serve's content_blocked), a content filter, a context or body limit.
# Free text is not trusted: a WAF's "you have been blocked" page or a proxy's policy notice is not an answer.
_CONTENT_REFUSAL = re.compile(r"content|polic|filter|blocked|flagged|safety|moderation|guardrail|harmful|unsafe|"
                              r"injection|jailbreak|context_length|above_max_length|too_large|too_long|over_limit",
                              re.I)


def _error_parts(raw: bytes) -> tuple[str, str]:
    """(code and type, message) of an OpenAI error object; for any other body ("", its first 300 characters)."""
    text = raw.decode("utf-8", "replace")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        return "", text[:300]
    return _error_of(body, text)


def _error_of(body: Any, fallback: str) -> tuple[str, str]:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = " ".join(str(error.get(key) or "") for key in ("code", "type"))
        message = error.get("message")
        return code, str(message)[:300] if isinstance(message, str) else fallback[:300]
    return "", error[:300] if isinstance(error, str) else fallback[:300]


ReplyLike = str | TargetReply | dict[str, Any]
Responder = Callable[[list[dict[str, Any]], list[dict[str, Any]] | None], "ReplyLike | Awaitable[ReplyLike]"]


class CallableTarget:
    """Any Python function ``fn(messages, tools)`` (sync or async) returning text, a TargetReply, a
    chat.completion dict or a ``{"content": ..., "tool_calls": [{"name", "arguments"}]}`` dict. Sync functions
    run on worker threads, so a slow one does not stall the others."""

    def __init__(self, fn: Responder, *, description: str | None = None) -> None:
        self._fn = fn
        self.description = description or getattr(fn, "__qualname__", None) or repr(fn)

    async def send(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> TargetReply:
        try:
            if inspect.iscoroutinefunction(self._fn):
                result = await self._fn(messages, tools)
            else:
                result = await asyncio.to_thread(self._fn, messages, tools)
                if inspect.isawaitable(result):
                    result = await result
        except SystemExit as exc:  # a target function must not end the run (or the process) it is tested by
            raise MalformedReply(f"malformed reply: the target function called exit({exc.code!r})") from None
        return as_reply(result)

    async def aclose(self) -> None:
        return None


def as_reply(result: Any) -> TargetReply:
    if isinstance(result, TargetReply):
        return result
    if isinstance(result, str):
        return TargetReply(text=clean_text(result))
    if isinstance(result, dict) and "choices" in result:
        return reply_from_completion(result)
    if isinstance(result, dict):
        calls = tuple(ToolCall(clean_text(str(c.get("name", ""))), _arguments(c.get("arguments")))
                      for c in _list(result.get("tool_calls")) if isinstance(c, dict))
        return TargetReply(text=_text_of(result.get("content")), tool_calls=calls)
    raise MalformedReply(f"malformed reply: the target function returned {type(result).__name__}, not text or a reply")
