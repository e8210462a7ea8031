"""Gateway settings: the [gateway] section of aiwarden.toml, overridden by ``aiwarden serve`` options.

Upstream credentials are only ever named here (``api_key_env``): the secret itself comes from the environment
when the gateway starts, never from a file or the database.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiwarden.core.errors import ConfigError

if TYPE_CHECKING:
    from aiwarden.core.config import Config

INPUT_ACTIONS = ("block", "log", "off")
OUTPUT_ACTIONS = ("enforce", "log", "off")
LOGPROBS = ("allow", "strip", "round")
DEFAULT_DB = "aiwarden.db"


@dataclass(frozen=True, slots=True)
class Upstream:
    url: str  # base URL including the API prefix, e.g. http://127.0.0.1:11434/v1
    models: tuple[str, ...] = ()  # models routed here; empty: every model no other upstream claims
    api_key_env: str | None = None  # environment variable holding the upstream's key


@dataclass(frozen=True, slots=True)
class Hardening:
    """Limits on what a response may reveal about the model (extraction and distillation) and what it may cost."""

    logprobs: str = "allow"  # allow | strip (remove logprobs) | round (to 1 decimal, top_logprobs capped)
    max_top_logprobs: int | None = None
    max_n: int | None = None
    max_tokens: int | None = None  # max_tokens / max_completion_tokens above this are lowered to it
    min_temperature: float | None = None
    max_temperature: float | None = None


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    upstreams: tuple[Upstream, ...]
    host: str = "127.0.0.1"
    port: int = 8000
    db: str = DEFAULT_DB
    redis: str | None = None
    redis_timeout: float = 0.5  # seconds to connect to Redis and for each reply; slower counts as down (503)
    max_body_bytes: int = 4 * 1024 * 1024
    upstream_timeout: float = 300.0  # seconds for a whole upstream answer
    connect_timeout: float = 10.0
    body_timeout: float = 30.0  # seconds for a request body to arrive (a slow upload holds a connection)
    input_action: str = "block"  # what a flagged user or tool message does: block (403), log, off
    system_action: str = "log"  # the same for system/developer messages (the operator's own text)
    output_action: str = "enforce"  # redact and block output as the guard decides, or log it, or off
    guard_tier: str = "ngram"  # the learned tier in the request path: ngram (sub-ms) or transformer (~30 ms)
    firewall_policy: str | None = None
    audit_bodies: bool = True  # keep redacted prompts and responses in the audit trail
    audit_key_env: str | None = None  # environment variable with the HMAC key for the audit chain
    metrics_token_env: str | None = None  # environment variable with a bearer token /metrics then requires
    hardening: Hardening = field(default_factory=Hardening)
    allowed_hosts: tuple[str, ...] = ()  # hosts output links and images may point to
    stream_hold_chars: int = 256  # streamed text is held back this far to scan across chunk boundaries
    monitor: bool = True

    def upstream_key(self, upstream: Upstream) -> str | None:
        return _from_environment(upstream.api_key_env, f"upstream {upstream.url}")

    def metrics_token(self) -> str | None:
        return _from_environment(self.metrics_token_env, "metrics token")

    def audit_key(self) -> bytes | None:
        value = _from_environment(self.audit_key_env, "audit key")
        return None if value is None else value.encode("utf-8")


def _from_environment(variable: str | None, what: str) -> str | None:
    """The secret a setting names by its environment variable; None when no variable is named, an error when the
    named one is unset or empty (a secret that silently goes missing must not turn into no secret)."""
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        raise ConfigError(f"{what}: environment variable {variable} is not set")
    return value


def check_upstream_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - out-of-range ports raise here
    except ValueError:
        raise ConfigError(f"{where}: upstream URL has no valid port: {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: upstream must be an http(s) URL such as http://127.0.0.1:11434/v1, got {url!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"{where}: upstream URL must not carry a query or fragment")
    if parts.username or parts.password:
        raise ConfigError(f"{where}: put upstream credentials in an environment variable (api_key_env), "
                          "not in the URL")
    return url.rstrip("/")


def from_config(config: Config, **overrides: Any) -> GatewaySettings:
    """Settings from ``[gateway]`` with command-line ``overrides`` (None values are ignored)."""
    section: dict[str, Any] = dict(config.section("gateway"))
    where = config.source or "command line"
    upstreams: list[Upstream] = []
    cli_upstreams = overrides.pop("upstreams", None)
    if cli_upstreams:
        key_env = overrides.pop("upstream_api_key_env", None)
        upstreams = [Upstream(check_upstream_url(url, "--upstream"), (), key_env) for url in cli_upstreams]
    else:
        overrides.pop("upstream_api_key_env", None)
        for index, item in enumerate(section.pop("upstreams", [])):
            upstreams.append(Upstream(check_upstream_url(item["url"], f"{where}: gateway.upstreams[{index}]"),
                                      tuple(item.get("models", ())), item.get("api_key_env")))
    section.pop("upstreams", None)
    if not upstreams:
        raise ConfigError("no upstream: give --upstream URL or [[gateway.upstreams]] in aiwarden.toml")
    claimed: dict[str, str] = {}
    for upstream in upstreams:
        for model in upstream.models:
            if model in claimed:
                raise ConfigError(f"{where}: model {model!r} is routed to two upstreams ({claimed[model]} and "
                                  f"{upstream.url})")
            claimed[model] = upstream.url
    defaults = [u for u in upstreams if not u.models]
    if len(defaults) > 1:
        raise ConfigError(f"{where}: only one upstream may take every model (the others need 'models')")
    hardening = Hardening(**section.pop("hardening", {}))
    values: dict[str, Any] = {**section}
    if "allowed_hosts" in values:
        values["allowed_hosts"] = tuple(values["allowed_hosts"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = GatewaySettings(upstreams=tuple(upstreams), hardening=hardening, **values)
    _check(settings, where)
    return settings


def _check(settings: GatewaySettings, where: str) -> None:
    for name, allowed in (("input_action", INPUT_ACTIONS), ("system_action", INPUT_ACTIONS),
                          ("output_action", OUTPUT_ACTIONS), ("guard_tier", ("ngram", "transformer", "auto"))):
        if getattr(settings, name) not in allowed:
            raise ConfigError(f"{where}: gateway.{name} must be one of {', '.join(allowed)}")
    if settings.hardening.logprobs not in LOGPROBS:
        raise ConfigError(f"{where}: gateway.hardening.logprobs must be one of {', '.join(LOGPROBS)}")
    for name in ("max_body_bytes", "stream_hold_chars"):
        if getattr(settings, name) <= 0:
            raise ConfigError(f"{where}: gateway.{name} must be positive")
    for name in ("upstream_timeout", "connect_timeout", "body_timeout", "redis_timeout"):
        value = getattr(settings, name)
        if not (math.isfinite(value) and value > 0):
            raise ConfigError(f"{where}: gateway.{name} must be a positive number of seconds")
    if not 0 < settings.port < 65536:
        raise ConfigError(f"port {settings.port} is not a TCP port")
