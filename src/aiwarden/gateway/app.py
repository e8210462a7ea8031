"""The gateway as an ASGI app: ``create_app(settings)``.

Every proxied request goes: authenticate -> read a bounded body -> scope -> limits -> harden parameters ->
guard the input -> upstream -> guard the output (and the firewall on tool calls) -> durable audit record ->
answer. Nothing is answered with content before its audit record is committed; a request whose record cannot be
written is answered 503 instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Coroutine
from typing import TYPE_CHECKING, Any

from aiwarden.gateway import input_scan
from aiwarden.gateway.errors import GatewayRefusal, error_body
from aiwarden.gateway.exchange import Exchange, storable
from aiwarden.gateway.hardening import check_parameters, harden_choice, harden_request
from aiwarden.gateway.leaves import string_leaves
from aiwarden.gateway.metrics import Metrics
from aiwarden.gateway.output_scan import WITHHELD_CALL, WITHHELD_TEXT, OutputScanner
from aiwarden.gateway.settings import GatewaySettings
from aiwarden.gateway.types import KEY_PREFIX, ApiKey, AuditEntry, Limiter, Store
from aiwarden.gateway.upstream import Upstreams, connection_failure
from aiwarden.gateway.verdict_cache import VerdictCache
from aiwarden.guard import Guard
from aiwarden.guard.guard import GuardResult
from aiwarden.guard.types import OutputContext

if TYPE_CHECKING:
    import aiohttp
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Receive, Scope, Send

    from aiwarden.firewall.engine import Firewall
    from aiwarden.gateway.audit_writer import AuditWriter
    from aiwarden.gateway.monitor import ExtractionMonitor

ROUTES = {"/v1/chat/completions": "chat", "/v1/completions": "completions", "/v1/embeddings": "embeddings"}
MAX_UPSTREAM_BODY = 64 * 1024 * 1024  # a non-streamed answer larger than this is an upstream error
SCAN_IN_THREAD_CHARS = 4096  # longer inputs are scanned off the event loop, so one big prompt stalls no other
INSPECT_IN_THREAD_BYTES = 65536  # the same for answers
MAX_CHOICES = 128  # as many answers as one request may ask for (n); more is not an answer to this request
MAX_TOKEN_COUNT = 10**12  # a usage count above this is not a count
# Query parameters that carry a key in other APIs: refused, because URLs end up in logs and browser history.
_KEY_PARAMS = ("key", "api_key", "api-key", "apikey", "token", "access_token", "authorization")
log = logging.getLogger("aiwarden.gateway")
# Keys of an answer's message whose strings are not text the model wrote (audio "data" is base64 sound).
ANSWER_SKIP = frozenset({"role", "id", "type", "data", "expires_at"})
COMPLETION_SKIP = frozenset({"logprobs", "finish_reason", "index"})
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class Gateway:
    def __init__(self, settings: GatewaySettings, *, store: Store | None = None,
                 limiter: Limiter | None = None) -> None:
        self.settings = settings
        self.guard = Guard(tier=settings.guard_tier)
        self.output_context = OutputContext(allowed_hosts=settings.allowed_hosts)
        self.metrics = Metrics()
        self.input_cache: VerdictCache[GuardResult] = VerdictCache()
        self.storage_cache: VerdictCache[str] = VerdictCache()
        self.upstreams = Upstreams(settings)
        self.firewall: Firewall | None = None
        if settings.firewall_policy:
            from aiwarden.firewall.engine import Firewall

            self.firewall = Firewall.from_file(settings.firewall_policy)
        self._store = store
        self._limiter = limiter
        self._writer: AuditWriter | None = None
        self.monitor: ExtractionMonitor | None = None
        self.ready = False
        self._local_store = False
        self._detached: set[asyncio.Task[None]] = set()
        self._inline_scan_chars = SCAN_IN_THREAD_CHARS

    # -- life cycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        from aiwarden.gateway.audit_writer import AuditWriter
        from aiwarden.gateway.limits import open_limiter
        from aiwarden.gateway.store import open_store

        # A transformer tier asked for by name that cannot run stops the start. Its ~30 ms per text would stall the
        # event loop, so with it every input is scanned on a worker thread.
        if self.guard.active_tier() == "transformer":
            self._inline_scan_chars = 0
        self.guard.scan_input("warm up the guard's model")
        if self._store is None:
            self._store = open_store(self.settings.db, create=True, hmac_key=self.settings.audit_key())
        if self._limiter is None:
            self._limiter = open_limiter(self.settings.redis, socket_timeout=self.settings.redis_timeout)
            check = getattr(self._limiter, "check", None)
            if check is not None:  # an unreachable Redis stops the start, instead of failing every request
                await check()
        from aiwarden.gateway.store_sqlite import SqliteStore

        self._local_store = isinstance(self._store, SqliteStore)
        self._writer = AuditWriter(self._store)
        if self.settings.monitor:
            from aiwarden.gateway.monitor import ExtractionMonitor

            self.monitor = ExtractionMonitor()
        await self.upstreams.start()
        self.ready = True

    async def stop(self) -> None:
        self.ready = False
        if self._detached:
            await asyncio.wait(set(self._detached), timeout=10)
        await self.upstreams.close()
        if self._writer is not None:
            await asyncio.to_thread(self._writer.close)
        if self._limiter is not None:
            await self._limiter.close()
        if self._store is not None:
            self._store.close()

    @property
    def store(self) -> Store:
        assert self._store is not None
        return self._store

    @property
    def limiter(self) -> Limiter:
        assert self._limiter is not None
        return self._limiter

    # -- the proxied routes -----------------------------------------------------------------------
    async def proxy(self, request: Request) -> Response:
        from starlette.responses import Response

        route = ROUTES[request.url.path]
        exchange = Exchange(route, request.client.host if request.client else "")
        self.metrics.in_flight.inc()
        streaming = False
        try:
            response = await self._handle(request, exchange)
            streaming = exchange.stream and exchange.status == 200 and exchange.outcome == "streaming"
            return response
        except GatewayRefusal as refusal:
            exchange.status = refusal.status
            exchange.outcome = exchange.outcome or refusal.code
            if exchange.key is not None:  # unauthenticated noise is counted, not written to the audit trail
                try:
                    await self._record(exchange)
                except GatewayRefusal as failed:
                    refusal = failed
            self.metrics.count_request(route, refusal.status)
            return Response(refusal.body(), refusal.status, refusal.headers, media_type="application/json")
        except Exception:
            # A bug, or an upstream answer nobody foresaw: still recorded (never an unrecorded request), then 500.
            log.exception("internal error")
            exchange.status, exchange.outcome = 500, "internal-error"
            if exchange.key is not None:
                with contextlib.suppress(Exception):
                    await self._record(exchange)
            self.metrics.count_request(route, 500)
            return Response(error_body(500, "Internal gateway error.", "internal_error"), 500,
                            media_type="application/json")
        finally:
            if not streaming:  # a task of its own: a client that went away cancels every await here (anyio)
                self.detach(self._conclude(exchange))

    async def _conclude(self, exchange: Exchange) -> None:
        self.metrics.timings(exchange.route, exchange.timings())
        self.metrics.in_flight.dec()
        await self._release(exchange)
        self._log(exchange)

    def detach(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` to the end whatever happens to the request that started it."""
        task = asyncio.get_running_loop().create_task(work)
        self._detached.add(task)
        task.add_done_callback(self._detached.discard)

    async def _handle(self, request: Request, exchange: Exchange) -> Response:
        exchange.key = await self._authenticate(request)
        raw = await self._read_body(request)
        body = _parse_json(raw)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise GatewayRefusal(400, "'model' must be a non-empty string", "invalid_model", param="model")
        exchange.model = model
        problem = check_parameters(body)
        if problem:
            raise GatewayRefusal(400, f"invalid request: {problem}", "invalid_request")
        self._check_scope(exchange, model)
        upstream = self.upstreams.for_model(model)
        if upstream is None:
            raise GatewayRefusal(404, f"The model '{model}' does not exist or you do not have access to it.",
                                 "model_not_found")
        exchange.stream = body.get("stream") is True and exchange.route != "embeddings"
        try:
            passages = list(input_scan.passages(exchange.route, body))
        except ValueError as exc:
            raise GatewayRefusal(400, f"invalid request: {exc}", "invalid_request") from None
        exchange.prompt = [{"where": p.where, "role": p.role, "text": p.text} for p in passages]
        await self._admit(exchange, body, len(raw))
        changes = harden_request(body, self.settings.hardening)
        if changes:
            exchange.decisions["hardening"] = changes
        verdict = await self._scan_input(passages)
        exchange.decisions["guard_input"] = verdict.summary()
        if verdict.unreadable:
            self.metrics.blocked.labels("input", "unreadable").inc()
            exchange.outcome = "blocked-input"
            raise GatewayRefusal(400, "Prompts given as token ids cannot be checked by the gateway's guard; send "
                                 "text.", "token_prompt_not_allowed", param="prompt")
        if verdict.blocked:
            self.metrics.blocked.labels("input", "guard").inc()
            exchange.outcome = "blocked-input"
            rules = sorted({f.rule_id for _, f in verdict.findings})
            raise GatewayRefusal(403, "The request was blocked by the gateway's security policy: possible prompt "
                                 f"injection ({', '.join(rules)}).", "content_blocked")
        if exchange.stream:
            from aiwarden.gateway.streaming import open_stream

            return await open_stream(self, exchange, upstream, request.url.path, body)
        answer, size = await self._call_upstream(exchange, upstream, request.url.path, body)
        if exchange.route != "embeddings":
            if size > INSPECT_IN_THREAD_BYTES:  # a big answer is scanned off the event loop: no other request waits
                await asyncio.to_thread(self._inspect_answer, exchange, body, answer)
            else:
                self._inspect_answer(exchange, body, answer)
        self._account(exchange, answer.get("usage"))
        exchange.status, exchange.outcome = 200, exchange.outcome or "ok"
        await self._record(exchange)
        self.metrics.count_request(exchange.route, 200)
        from starlette.responses import Response

        return Response(json.dumps(answer, ensure_ascii=False).encode("utf-8"), 200,
                        {"x-request-id": exchange.id}, media_type="application/json")

    # -- steps ------------------------------------------------------------------------------------
    async def _authenticate(self, request: Request) -> ApiKey:
        if any(name.lower() in _KEY_PARAMS for name in request.query_params):
            raise GatewayRefusal(401, "API keys are not accepted in the URL; send 'Authorization: Bearer KEY'.",
                                 "key_in_url")
        values = request.headers.getlist("authorization")
        if not values:
            raise GatewayRefusal(401, "No API key: send 'Authorization: Bearer KEY'.", "missing_api_key")
        if len(values) > 1:
            raise GatewayRefusal(401, "More than one Authorization header.", "invalid_api_key")
        scheme, _, token = values[0].strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token.startswith(KEY_PREFIX):
            raise GatewayRefusal(401, "Invalid API key.", "invalid_api_key")
        # SQLite answers in microseconds on this thread; a database server is a network round trip, which must not
        # hold up every other request on the event loop.
        key = self.store.authenticate(token) if self._local_store else await asyncio.to_thread(
            self.store.authenticate, token)
        if key is None:
            raise GatewayRefusal(401, "Invalid API key.", "invalid_api_key")
        refusal = key.refusal(time.time())
        if refusal is not None:
            raise GatewayRefusal(401, f"This API key is {refusal}.", f"{refusal}_api_key")
        return key

    async def _read_body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise GatewayRefusal(413, f"Request body over the gateway's limit of {limit} bytes.", "request_too_large")
        chunks, size = [], 0
        try:
            # A body dribbled in slowly would hold its connection (and memory) for as long as the client likes.
            async with asyncio.timeout(self.settings.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise GatewayRefusal(413, f"Request body over the gateway's limit of {limit} bytes.",
                                             "request_too_large")
                    chunks.append(chunk)
        except TimeoutError:
            raise GatewayRefusal(408, f"The request body did not arrive within {self.settings.body_timeout:g} seconds.",
                                 "request_timeout") from None
        return b"".join(chunks)

    def _check_scope(self, exchange: Exchange, model: str) -> None:
        key = exchange.key
        assert key is not None
        if key.routes and exchange.route not in key.routes:
            exchange.outcome = "scope"
            raise GatewayRefusal(403, f"This API key may not use /{exchange.route}.", "route_not_allowed")
        if key.models and model not in key.models:
            exchange.outcome = "scope"
            raise GatewayRefusal(403, f"This API key may not use the model '{model}'.", "model_not_allowed")

    async def _admit(self, exchange: Exchange, body: dict[str, Any], size: int) -> None:
        quota = exchange.quota
        if quota.rpm is None and quota.tpm is None and quota.concurrency is None:
            return
        estimate = size // 4 + completion_reservation(body)  # ~4 bytes a token; corrected by the usage afterwards
        from aiwarden.gateway.limits_common import LimiterUnavailable, retry_after_header, too_large

        try:
            verdict = await self.limiter.admit(exchange.key.id if exchange.key else "", quota, estimate)
        except LimiterUnavailable as exc:  # fail closed: a limit that cannot be checked is not lifted
            exchange.outcome = "limiter-unavailable"
            log.error(json.dumps({"event": "limiter-unavailable", "error": str(exc)[:200]}))
            raise GatewayRefusal(503, "The gateway cannot check this key's limits right now; retry later.",
                                 "limiter_unavailable") from None
        if not verdict.allowed:
            exchange.decisions["limit"] = verdict.reason
            self.metrics.blocked.labels("limits", verdict.reason).inc()
            if too_large(verdict):
                exchange.outcome = "over-token-limit"
                raise GatewayRefusal(413, f"This request needs about {estimate} tokens, more than this API key's "
                                     "tokens-per-minute limit allows at once.", "tokens_over_limit")
            exchange.outcome = "rate-limited"
            retry = retry_after_header(verdict)
            what = {"rpm": "requests per minute", "tpm": "tokens per minute",
                    "concurrency": "concurrent requests"}.get(verdict.reason, verdict.reason)
            raise GatewayRefusal(429, f"Rate limit reached for this API key: {what}.", "rate_limit_exceeded",
                                 {"retry-after": retry} if retry else {})
        exchange.admitted, exchange.tokens_reserved = verdict, estimate

    async def _release(self, exchange: Exchange) -> None:
        if exchange.admitted is None or exchange.key is None:
            return
        verdict, exchange.admitted = exchange.admitted, None
        used = exchange.usage.get("total_tokens", exchange.tokens_reserved)
        with contextlib.suppress(Exception):  # a limiter down after admission must not lose the answer
            await self.limiter.release(exchange.key.id, exchange.quota, verdict.lease,
                                       used - exchange.tokens_reserved)

    async def _scan_input(self, passages: list[input_scan.Passage]) -> input_scan.InputVerdict:
        settings = self.settings
        if sum(len(p.text) for p in passages) > self._inline_scan_chars:
            return await asyncio.to_thread(input_scan.scan, self.guard, passages, settings.input_action,
                                           settings.system_action, self.input_cache)
        return input_scan.scan(self.guard, passages, settings.input_action, settings.system_action,
                               self.input_cache)

    async def _call_upstream(self, exchange: Exchange, upstream: Any, path: str,
                             body: dict[str, Any]) -> tuple[dict[str, Any], int]:
        import aiohttp

        url = upstream.url + path.removeprefix("/v1")
        began = time.perf_counter()
        try:
            async with self.upstreams.session.post(url, data=json.dumps(body).encode("utf-8"),
                                                   headers=self.upstreams.headers(upstream),
                                                   timeout=self.upstreams.timeout(),
                                                   allow_redirects=False) as response:
                if response.status != 200:
                    await self._upstream_refusal(exchange, response)
                raw = await _read_limited(response, MAX_UPSTREAM_BODY)
        except (TimeoutError, aiohttp.ClientError) as exc:
            exchange.outcome, refusal = connection_failure(exc)
            raise refusal from None
        finally:
            exchange.upstream_seconds += time.perf_counter() - began
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError):
            answer = None
        if not isinstance(answer, dict):
            exchange.outcome = "upstream-invalid"
            raise GatewayRefusal(502, "The upstream model server sent an answer that is not a JSON object.",
                                 "upstream_invalid")
        return answer, len(raw)

    async def _upstream_refusal(self, exchange: Exchange, response: aiohttp.ClientResponse) -> None:
        status = response.status
        with contextlib.suppress(Exception):
            detail = json.loads(await _read_limited(response, 1 << 16))
        exchange.outcome = f"upstream-{status}"
        if status in (401, 403):  # the gateway's own upstream credentials: not the caller's business
            raise GatewayRefusal(502, "The upstream model server refused the gateway's credentials.",
                                 "upstream_auth")
        if status == 429:
            retry = response.headers.get("retry-after", "")
            headers = {"retry-after": str(min(int(retry), 3600))} if retry.isdigit() and len(retry) < 12 else {}
            raise GatewayRefusal(429, "The upstream model server is rate limiting; retry later.", "upstream_busy",
                                 headers)
        if 400 <= status < 500 and status != 413:
            message = _upstream_message(locals().get("detail"))
            raise GatewayRefusal(status if status in (400, 404, 422) else 400,
                                 f"The upstream model server refused the request: {message}", "upstream_rejected")
        raise GatewayRefusal(502, f"The upstream model server failed (HTTP {status}).", "upstream_error")

    def _inspect_answer(self, exchange: Exchange, body: dict[str, Any], answer: dict[str, Any]) -> None:
        choices = answer.get("choices")
        if not isinstance(choices, list) or len(choices) > MAX_CHOICES:
            exchange.outcome = "upstream-invalid"
            raise GatewayRefusal(502, f"The upstream answer has no 'choices' array of at most {MAX_CHOICES}.",
                                 "upstream_invalid")
        chat = exchange.route == "chat"
        scanning = self.settings.output_action != "off"
        texts, findings, actions = [], [], set()
        for choice in choices:
            if not isinstance(choice, dict):
                raise GatewayRefusal(502, "The upstream answer has a choice that is not an object.",
                                     "upstream_invalid")
            harden_choice(choice, self.settings.hardening)
            message = choice.get("message") if chat else choice
            if not isinstance(message, dict):
                raise GatewayRefusal(502, "The upstream answer has a choice without a message.", "upstream_invalid")
            scanners = []
            # Every string the model wrote: content, refusal, reasoning, tool-call and legacy function-call
            # arguments (strings or objects), audio transcripts, fields no one has named yet.
            try:
                leaves = list(string_leaves(message, ANSWER_SKIP if chat else COMPLETION_SKIP))
            except ValueError as exc:
                raise GatewayRefusal(502, f"The upstream answer cannot be read whole ({exc}).",
                                     "upstream_invalid") from None
            for container, key in leaves:
                text = container[key]
                if not text:
                    continue
                texts.append(text)
                if scanning:
                    scanner = self._output_scanner()
                    container[key] = scanner.scan_whole(text)
                    scanners.append(scanner)
            choice_actions = {scanner.verdict.action for scanner in scanners}
            actions |= choice_actions
            findings += [f.rule_id for scanner in scanners for f in scanner.verdict.findings]
            if any(scanner.blocked for scanner in scanners):
                notice = WITHHELD_TEXT
                if chat:
                    choice["message"] = {"role": message.get("role", "assistant"), "content": notice}
                else:
                    choice["text"] = notice
                choice["finish_reason"] = "content_filter"
                self.metrics.blocked.labels("output", "guard").inc()
            if choice_actions - {"allow"} and self.settings.output_action == "enforce":
                choice["logprobs"] = None  # the tokens would spell out what was redacted or withheld
            if self.firewall is not None and chat and choice["finish_reason"] != "content_filter":
                self._check_tool_calls(exchange, body, choice, message)
        exchange.response = "\n".join(texts)
        action = "block" if "block" in actions else "redact" if "redact" in actions else "allow"
        if action == "redact":
            self.metrics.redacted.labels(exchange.route).inc()
        exchange.decisions["guard_output"] = {"scanned": scanning, "action": action, "findings": sorted(set(findings))}

    def _output_scanner(self) -> OutputScanner:
        return OutputScanner(self.guard, self.output_context, enforce=self.settings.output_action == "enforce")

    def _check_tool_calls(self, exchange: Exchange, body: dict[str, Any], choice: dict[str, Any],
                          message: dict[str, Any]) -> None:
        legacy = message.get("function_call")
        if isinstance(legacy, dict):  # the pre-tools API: one call, checked like any other
            kept, decisions = check_tool_calls(self, body, [{"id": "function_call", "type": "function",
                                                             "function": legacy}])
            exchange.decisions.setdefault("firewall", []).extend(decisions)
            if not kept:
                self.metrics.blocked.labels("output", "firewall").inc()
                message.pop("function_call")
                message["content"] = message.get("content") or WITHHELD_CALL
                choice["finish_reason"] = "content_filter"
        calls = message.get("tool_calls")
        if not isinstance(calls, list) or not calls:
            return
        kept, decisions = check_tool_calls(self, body, calls)
        exchange.decisions.setdefault("firewall", []).extend(decisions)
        if len(kept) != len(calls):
            self.metrics.blocked.labels("output", "firewall").inc()
            message["tool_calls"] = kept or None
            if not kept and not message.get("content"):
                message["content"] = WITHHELD_CALL
            choice["finish_reason"] = "content_filter"

    def _account(self, exchange: Exchange, usage: Any) -> None:
        if not isinstance(usage, dict):
            return
        for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
            value = usage.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TOKEN_COUNT:
                exchange.usage[name] = value
        if "prompt_tokens" in exchange.usage:
            self.metrics.tokens.labels("prompt").inc(exchange.usage["prompt_tokens"])
        if "completion_tokens" in exchange.usage:
            self.metrics.tokens.labels("completion").inc(exchange.usage["completion_tokens"])

    async def _record(self, exchange: Exchange, event: str = "request") -> None:
        """Write the audit record and wait until it is durable; 503 when it cannot be."""
        assert self._writer is not None
        alerts = self._observe(exchange) if event == "request" else []
        try:
            entry = exchange.entry(self.settings.audit_bodies, self.storage_cache, event)
            future = self._writer.submit(entry)
            if future.done() and future.exception() is not None:
                # An entry that cannot be encoded (a lone surrogate from the upstream): stored with it escaped.
                future = self._writer.submit(storable(entry))
            await asyncio.wrap_future(future)
            for alert in alerts:
                await asyncio.wrap_future(self._writer.submit(alert))
        except Exception as exc:
            self.metrics.audit_failures.inc()
            log.error(json.dumps({"event": "audit-failure", "request_id": exchange.id, "error": str(exc)[:200]}))
            exchange.status, exchange.outcome = 503, "audit-unavailable"
            raise GatewayRefusal(503, "The gateway could not record this request in its audit trail; it was not "
                                 "answered.", "audit_unavailable") from None

    def _observe(self, exchange: Exchange) -> list[AuditEntry]:
        if self.monitor is None or exchange.key is None or exchange.status != 200:
            return []
        # The latest user text: the monitor compares prompts, and a conversation's history would make every
        # request of a chat look alike.
        text = next((item["text"] for item in reversed(exchange.prompt) if item["role"] == "user"), "")
        tokens = exchange.usage.get("total_tokens", exchange.tokens_reserved)
        entries = []
        for alert in self.monitor.observe(exchange.key.id, text, tokens, time.time()):
            self.metrics.alerts.labels(alert.signal).inc()
            entries.append(alert.audit_entry(time.time()))
        return entries

    def _log(self, exchange: Exchange) -> None:
        if log.isEnabledFor(logging.INFO):
            log.info(json.dumps({"event": "request", "request_id": exchange.id, "route": exchange.route,
                                 "key_id": exchange.key.id if exchange.key else None, "model": exchange.model,
                                 "status": exchange.status, "outcome": exchange.outcome, **exchange.timings()}))

    # -- other routes -----------------------------------------------------------------------------
    async def models(self, request: Request) -> Response:
        from starlette.responses import JSONResponse, Response

        exchange = Exchange("models", request.client.host if request.client else "")
        try:
            exchange.key = await self._authenticate(request)
            if exchange.key.routes and "models" not in exchange.key.routes:
                raise GatewayRefusal(403, "This API key may not use /models.", "route_not_allowed")
            await self._admit(exchange, {}, 0)  # a listing is a request like any other: limited and recorded
            listed = await self._list_models()
            allowed = exchange.key.models
            data = [m for m in listed if not allowed or m.get("id") in allowed]
            exchange.status, exchange.outcome = 200, "ok"
            await self._record(exchange)
        except GatewayRefusal as refusal:
            exchange.status, exchange.outcome = refusal.status, exchange.outcome or refusal.code
            if exchange.key is not None and refusal.code != "audit_unavailable":
                with contextlib.suppress(GatewayRefusal):
                    await self._record(exchange)
            self.metrics.count_request("models", refusal.status)
            return Response(refusal.body(), refusal.status, refusal.headers, media_type="application/json")
        finally:
            await self._release(exchange)
        self.metrics.count_request("models", 200)
        return JSONResponse({"object": "list", "data": data})

    async def _list_models(self) -> list[dict[str, Any]]:
        import aiohttp

        listed: dict[str, dict[str, Any]] = {}
        for upstream in self.settings.upstreams:
            if upstream.models:
                for model in upstream.models:
                    listed.setdefault(model, {"id": model, "object": "model", "created": 0, "owned_by": "aiwarden"})
                continue
            try:
                async with self.upstreams.session.get(upstream.url + "/models",
                                                      headers=self.upstreams.headers(upstream),
                                                      timeout=self.upstreams.timeout(),
                                                      allow_redirects=False) as response:
                    if response.status != 200:
                        raise GatewayRefusal(502, f"The upstream model server failed (HTTP {response.status}).",
                                             "upstream_error")
                    answer = json.loads(await _read_limited(response, 1 << 22))
            except (TimeoutError, aiohttp.ServerTimeoutError):
                raise GatewayRefusal(504, "The upstream model server did not answer in time.",
                                     "upstream_timeout") from None
            except (aiohttp.ClientError, ValueError, RecursionError):
                raise GatewayRefusal(502, "The upstream model list could not be read.", "upstream_error") from None
            items = answer.get("data") if isinstance(answer, dict) else None
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    listed.setdefault(item["id"], item)
        return list(listed.values())


def check_tool_calls(gateway: Gateway, body: dict[str, Any], calls: list[Any]) -> tuple[list[Any], list[Any]]:
    """The tool calls the firewall allows, and every decision (for the audit record)."""
    assert gateway.firewall is not None
    messages = [m for m in body.get("messages", []) if isinstance(m, dict)]
    kept, decisions = [], []
    for call in calls:
        if not isinstance(call, dict):
            continue
        decision = gateway.firewall.check(call, messages)
        decisions.append(decision.to_dict())
        if decision.allowed:
            kept.append(call)
    return kept, decisions


def completion_reservation(body: dict[str, Any]) -> int:
    """Tokens the answer may cost: the larger of the two length limits (either may be null), times every
    completion asked for (``n``, ``best_of``)."""
    limits = [body.get(name) for name in ("max_completion_tokens", "max_tokens")]
    longest = max((v for v in limits if isinstance(v, int) and not isinstance(v, bool) and v > 0), default=0)
    copies = max((v for v in (body.get("n"), body.get("best_of")) if isinstance(v, int) and not isinstance(v, bool)
                  and v > 0), default=1)
    return longest * copies


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw, parse_constant=_reject_constant)  # NaN and Infinity are not JSON
    except (ValueError, RecursionError):
        raise GatewayRefusal(400, "The request body is not valid JSON.", "invalid_json") from None
    if not isinstance(body, dict):
        raise GatewayRefusal(400, "The request body must be a JSON object.", "invalid_json")
    if _SURROGATE_ESCAPE.search(raw):  # only an escape can make a lone surrogate: the bytes were valid UTF-8
        try:
            json.dumps(body, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise GatewayRefusal(400, "The request body holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is "
                                 "not text.", "invalid_json") from None
    return body


def _upstream_message(detail: Any) -> str:
    if isinstance(detail, dict) and isinstance(detail.get("error"), dict):
        message = detail["error"].get("message")
        if isinstance(message, str):
            return message[:500]
    return "no reason given"


async def _read_limited(response: aiohttp.ClientResponse, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            raise GatewayRefusal(502, "The upstream answer is larger than the gateway accepts.", "upstream_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(settings: GatewaySettings, *, store: Store | None = None, limiter: Limiter | None = None) -> ASGIApp:
    """The ASGI app. ``store`` and ``limiter`` default to what ``settings`` name (SQLite file, memory limits)."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    gateway = Gateway(settings, store=store, limiter=limiter)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()

    async def healthz(request: Request) -> Response:
        if not gateway.ready:
            return JSONResponse({"status": "starting"}, 503)
        return JSONResponse({"status": "ok"})

    metrics_token = settings.metrics_token()

    async def metrics(request: Request) -> Response:
        if metrics_token is not None and not hmac.compare_digest(
                request.headers.get("authorization", "").encode(), f"Bearer {metrics_token}".encode()):
            return Response(error_body(401, "Metrics need the metrics bearer token.", "invalid_api_key"), 401,
                            media_type="application/json")
        body, content_type = gateway.metrics.render()
        return Response(body, media_type=content_type)

    async def openapi(request: Request) -> Response:
        from aiwarden.gateway.openapi import schema

        return JSONResponse(schema())

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = "Method not allowed." if status == 405 else f"Unknown route {request.url.path}."
        return Response(error_body(status, message, "unknown_route" if status == 404 else "method_not_allowed"),
                         status, media_type="application/json")

    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("internal error")
        return Response(error_body(500, "Internal gateway error.", "internal_error"), 500,
                        media_type="application/json")

    routes = [Route(path, gateway.proxy, methods=["POST"]) for path in ROUTES]
    routes += [Route("/v1/models", gateway.models, methods=["GET"]), Route("/healthz", healthz, methods=["GET"]),
               Route("/metrics", metrics, methods=["GET"]), Route("/openapi.json", openapi, methods=["GET"])]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found, 500: crashed})
    app.router.redirect_slashes = False  # a redirect is not an answer an API client understands
    app.state.gateway = gateway
    return _ProxyFastPath(app, gateway)


class _ProxyFastPath:
    """The proxied routes straight to the gateway, everything else (lifespan, other routes, errors) through
    Starlette: its router and two exception middlewares cost about a tenth of a proxied request's CPU, and the
    gateway already answers every failure of its own in the OpenAI shape."""

    def __init__(self, app: Starlette, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in ROUTES:
            from starlette.requests import Request
            from starlette.responses import Response

            try:
                response = await self.gateway.proxy(Request(scope, receive))
            except Exception:
                log.exception("internal error")
                response = Response(error_body(500, "Internal gateway error.", "internal_error"), 500,
                                    media_type="application/json")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
