"""What the guard reads in a request, and as which source: the user's words as ``user`` text; tool results,
function output and documents passed in as ``untrusted``; the operator's system/developer prompt as untrusted too,
under its own action (by default logged, not blocked: it is the application's own text, and a refusal there
would take the whole application down, not stop an attacker)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aiwarden.gateway.leaves import string_leaves
from aiwarden.gateway.verdict_cache import VerdictCache
from aiwarden.guard import Guard
from aiwarden.guard.guard import GuardResult
from aiwarden.guard.types import GuardFinding

MAX_PARTS = 4096  # content parts scanned per request; more is refused (400), never skipped


@dataclass(frozen=True, slots=True)
class Passage:
    role: str  # "user", "tool", "system", ...
    source: str  # the guard's source: "user" or "untrusted"
    text: str
    where: str  # "messages[2]" for the audit record
    tokens: bool = False  # a prompt given as token ids: nothing the guard can read


@dataclass(slots=True)
class InputVerdict:
    blocked: bool = False
    flagged: bool = False
    score: float = 0.0
    findings: list[tuple[str, GuardFinding]] = field(default_factory=list)  # (where, finding)
    unreadable: bool = False  # blocked because a prompt was given as token ids

    def summary(self) -> dict[str, Any]:
        return {"blocked": self.blocked, "flagged": self.flagged, "unreadable": self.unreadable,
                "score": round(self.score, 4),
                "findings": [{"where": where, "rule": f.rule_id, "severity": str(f.severity),
                              "score": round(f.score, 4)} for where, f in self.findings]}


# Keys whose strings are not text the model reads: identifiers, media (URLs and base64), encodings.
MESSAGE_SKIP = frozenset({"role", "tool_call_id", "id", "type", "url", "data", "file_data", "file_id", "format",
                          "detail"})
# Top-level fields that steer the server rather than speak to the model; every other field's strings are read.
REQUEST_SKIP = frozenset({"model", "messages", "prompt", "input", "suffix", "stream", "stream_options", "user",
                          "metadata", "stop", "tool_choice", "modalities", "service_tier", "reasoning_effort",
                          "prompt_cache_key", "safety_identifier", "logit_bias", "encoding_format", "audio",
                          "tools", "functions", "response_format", "seed", "n", "best_of", "temperature", "top_p",
                          "max_tokens", "max_completion_tokens", "logprobs", "top_logprobs", "presence_penalty",
                          "frequency_penalty", "parallel_tool_calls", "store", "dimensions", "echo",
                          "function_call"})
# Fields the application writes for the model, read like its system prompt.
DEFINITIONS = ("tools", "functions", "response_format")


def passages(route: str, body: dict[str, Any]) -> Iterator[Passage]:
    """Every text the model will read, with its role; raises ValueError for a body the API would refuse.

    A message is read whole as one passage: every string in it but identifiers and media (content parts joined:
    an instruction split one word per part is still one instruction; the sender's name; the arguments of the
    tool calls of an assistant turn). Assistant turns are read too: a client writes them, and forged turns are a
    jailbreak of their own. Tool, function and response-format definitions are the application's, read like its
    system prompt; any other field that carries text (retrieved documents, a predicted output, a chat template)
    is read as untrusted."""
    if route == "chat":
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ValueError("'messages' must be a non-empty array")
        if len(messages) > MAX_PARTS:
            raise ValueError(f"more than {MAX_PARTS} messages")
        for index, message in enumerate(messages):
            if not isinstance(message, dict):
                raise ValueError(f"messages[{index}] must be an object")
            role = message.get("role")
            if not isinstance(role, str):
                raise ValueError(f"messages[{index}].role must be a string")
            _check_content(message.get("content"), f"messages[{index}].content")
            texts = [container[key] for container, key in string_leaves(message, MESSAGE_SKIP)]
            if texts:
                source = "user" if role in ("user", "assistant") else "untrusted"
                yield Passage(role, source, " ".join(texts), f"messages[{index}]")
    elif route in ("completions", "embeddings"):
        name = "prompt" if route == "completions" else "input"
        value = body.get(name)
        if value is None:
            raise ValueError(f"'{name}' is required")
        items = value if isinstance(value, list) else [value]
        if len(items) > MAX_PARTS:
            raise ValueError(f"more than {MAX_PARTS} items in '{name}'")
        for index, item in enumerate(items):
            if isinstance(item, str):
                yield Passage("user", "user", item, f"{name}[{index}]")
            elif (isinstance(item, int) and not isinstance(item, bool)) or (
                    isinstance(item, list) and all(isinstance(t, int) and not isinstance(t, bool) for t in item)):
                if route == "completions":
                    yield Passage("user", "user", "", f"{name}[{index}]", tokens=True)
            else:
                raise ValueError(f"'{name}' must be a string, an array of strings or of token ids")
        suffix = body.get("suffix")
        if isinstance(suffix, str):
            yield Passage("user", "user", suffix, "suffix")
    yield from _other_fields(body)


def _other_fields(body: dict[str, Any]) -> Iterator[Passage]:
    for name, value in body.items():
        if name in REQUEST_SKIP and name not in DEFINITIONS:
            continue
        texts = [container[key] for container, key in string_leaves({name: value})]
        if texts:
            role = "system" if name in DEFINITIONS else "document"
            yield Passage(role, "untrusted", " ".join(texts), name)


def _check_content(content: Any, where: str) -> None:
    """The shapes the API accepts for a message's content: a string, null, or an array of part objects."""
    if content is None or isinstance(content, str):
        return
    if not isinstance(content, list):
        raise ValueError(f"{where} must be a string or an array of parts")
    if len(content) > MAX_PARTS:
        raise ValueError(f"more than {MAX_PARTS} content parts")
    for index, part in enumerate(content):
        if not isinstance(part, dict):
            raise ValueError(f"{where}[{index}] must be an object")
        if "text" in part and not isinstance(part["text"], str):
            raise ValueError(f"{where}[{index}].text must be a string")


def _scan_one(guard: Guard, source: str, text: str) -> GuardResult:
    return guard.scan_input(text, source)




def scan(guard: Guard, items: list[Passage], user_action: str, system_action: str,
         cache: VerdictCache[GuardResult] | None = None) -> InputVerdict:
    verdict = InputVerdict()
    for passage in items:
        action = system_action if passage.role in ("system", "developer") else user_action
        if passage.tokens and action == "block":
            # Token ids cannot be read without the model's tokenizer: refused rather than passed unread.
            verdict.blocked = verdict.flagged = True
            verdict.unreadable = True
            continue
        if action == "off" or not passage.text.strip():
            continue
        if cache is not None:
            result = cache.get(passage.source, passage.text, partial(_scan_one, guard, passage.source))
        else:
            result = guard.scan_input(passage.text, passage.source)
        verdict.score = max(verdict.score, result.score)
        if result.flagged:
            verdict.flagged = True
            verdict.blocked = verdict.blocked or action == "block"
            verdict.findings += [(passage.where, f) for f in result.findings]
    return verdict
