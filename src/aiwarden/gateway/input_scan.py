"""What the guard reads in a request, and as which source: the user's words as ``user`` text; tool results,
function output and documents passed in as ``untrusted``; the operator's system/developer prompt as untrusted too,
under its own action (by default logged, not blocked: it is the application's own text, and a refusal there
would take the whole application down, not stop an attacker)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

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


def passages(route: str, body: dict[str, Any]) -> Iterator[Passage]:
    """Every text the model will read, with its role; raises ValueError for a body the API would refuse.

    A message's text parts are read as one passage (the model reads them joined: an instruction split one word
    per part is still one instruction), with the sender's ``name``. Assistant turns are read too: a client writes
    them, and forged turns are a jailbreak of their own. Tool and function definitions are the application's,
    read like its system prompt."""
    if route == "chat":
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ValueError("'messages' must be a non-empty array")
        if len(messages) > MAX_PARTS:
            raise ValueError(f"more than {MAX_PARTS} messages")
        count = 0
        for index, message in enumerate(messages):
            if not isinstance(message, dict):
                raise ValueError(f"messages[{index}] must be an object")
            role = message.get("role")
            if not isinstance(role, str):
                raise ValueError(f"messages[{index}].role must be a string")
            texts = [text for _, text in _texts(message.get("content"), f"messages[{index}].content")]
            count += len(texts)
            if count > MAX_PARTS:
                raise ValueError(f"more than {MAX_PARTS} content parts")
            for name in ("name", "refusal"):
                if isinstance(message.get(name), str):
                    texts.insert(0, message[name])
            if texts:
                source = "user" if role in ("user", "assistant") else "untrusted"
                yield Passage(role, source, " ".join(texts), f"messages[{index}]")
        yield from _definitions(body)
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


def _definitions(body: dict[str, Any]) -> Iterator[Passage]:
    """Tool and function definitions: names, descriptions and parameter schemas, which the model reads."""
    for field_name in ("tools", "functions"):
        items = body.get(field_name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items[:MAX_PARTS]):
            strings: list[str] = []
            _strings(item, strings, 0)
            if strings:
                yield Passage("system", "untrusted", " ".join(strings), f"{field_name}[{index}]")


def _strings(value: Any, out: list[str], depth: int) -> None:
    if depth > 32 or len(out) > 4096:
        return
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out, depth + 1)


def _scan_one(guard: Guard, source: str, text: str) -> GuardResult:
    return guard.scan_input(text, source)


def _texts(content: Any, where: str) -> Iterator[tuple[str, str]]:
    if content is None:
        return
    if isinstance(content, str):
        yield where, content
        return
    if not isinstance(content, list):
        raise ValueError(f"{where} must be a string or an array of parts")
    for index, part in enumerate(content):
        if not isinstance(part, dict):
            raise ValueError(f"{where}[{index}] must be an object")
        text = part.get("text")
        if part.get("type") in ("text", "input_text") or text is not None:
            if not isinstance(text, str):
                raise ValueError(f"{where}[{index}].text must be a string")
            yield f"{where}[{index}]", text
        if isinstance(part.get("refusal"), str):
            yield f"{where}[{index}]", part["refusal"]


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
