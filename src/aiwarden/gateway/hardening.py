"""Output hardening against model extraction and distillation (ATLAS AML.T0024.002) and cost harvesting
(AML.T0034): request parameters are brought inside configured ranges before the upstream sees them, and
log-probabilities are stripped or coarsened in the answer. Every change is listed for the audit record."""

from __future__ import annotations

from typing import Any, TypeGuard

from aiwarden.gateway.settings import Hardening

_WHOLE_NUMBERS = ("max_tokens", "max_completion_tokens", "n", "best_of", "top_logprobs")
MAX_COMPLETIONS = 128  # n / best_of above this is no ordinary use, and multiplies an answer's cost


def check_parameters(body: dict[str, Any]) -> str | None:
    """Why the parameters the gateway acts on are malformed (None when they are fine). Whole numbers given as
    integral floats become ints in place; strings are refused, because an upstream that coerces "5000" would
    otherwise skip the caps and the token reservation that read numbers."""
    for name in _WHOLE_NUMBERS:
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, float) and value.is_integer() and 0 <= value < 2**53:
            body[name] = value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"'{name}' must be a non-negative integer"
        if name in ("n", "best_of") and value > MAX_COMPLETIONS:
            return f"'{name}' must be at most {MAX_COMPLETIONS}"
    if "temperature" in body and body["temperature"] is not None and not _number(body["temperature"]):
        return "'temperature' must be a number"
    if "stream" in body and not isinstance(body["stream"], bool | None):
        return "'stream' must be a boolean"
    options = body.get("stream_options")
    if options is not None and not (isinstance(options, dict) and isinstance(options.get("include_usage", False),
                                                                             bool)):
        return "'stream_options' must be an object (with a boolean 'include_usage')"
    if "logprobs" in body and not isinstance(body["logprobs"], bool | int | None):
        return "'logprobs' must be a boolean (or an integer on /completions)"
    return None


def harden_request(body: dict[str, Any], rules: Hardening) -> list[str]:
    """Clamp ``body`` in place; returns what was changed."""
    changes: list[str] = []
    if rules.logprobs == "strip":
        for name in ("logprobs", "top_logprobs"):
            if body.pop(name, None) not in (None, False):
                changes.append(f"{name} removed")
    if rules.max_top_logprobs is not None:
        changes += _cap(body, "top_logprobs", rules.max_top_logprobs)
        if isinstance(body.get("logprobs"), int) and not isinstance(body["logprobs"], bool):
            changes += _cap(body, "logprobs", rules.max_top_logprobs)  # legacy completions: an int
    if rules.max_n is not None:
        changes += _cap(body, "n", rules.max_n)
        changes += _cap(body, "best_of", rules.max_n)
    if rules.max_tokens is not None:
        for name in ("max_tokens", "max_completion_tokens"):
            changes += _cap(body, name, rules.max_tokens)
        if "max_tokens" not in body and "max_completion_tokens" not in body:
            body["max_tokens"] = rules.max_tokens
            changes.append(f"max_tokens set to {rules.max_tokens}")
    temperature = body.get("temperature")
    if _number(temperature):
        if rules.max_temperature is not None and temperature > rules.max_temperature:
            body["temperature"] = rules.max_temperature
            changes.append(f"temperature lowered to {rules.max_temperature}")
        if rules.min_temperature is not None and temperature < rules.min_temperature:
            body["temperature"] = rules.min_temperature
            changes.append(f"temperature raised to {rules.min_temperature}")
    return changes


def harden_choice(choice: dict[str, Any], rules: Hardening) -> None:
    """Strip or coarsen log-probabilities in one answer choice (or stream chunk choice) in place."""
    if rules.logprobs == "allow" or choice.get("logprobs") is None:
        return
    if rules.logprobs == "strip":
        choice["logprobs"] = None
        return
    choice["logprobs"] = _rounded(choice["logprobs"], 0)


def _rounded(value: Any, depth: int) -> Any:
    if depth > 8:
        return None
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, list):
        return [_rounded(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {k: _rounded(v, depth + 1) for k, v in value.items() if k != "bytes"}
    return value


def _cap(body: dict[str, Any], name: str, limit: int) -> list[str]:
    value = body.get(name)
    if _number(value) and value > limit:
        body[name] = limit
        return [f"{name} lowered to {limit}"]
    return []


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
