"""The red-team vocabulary: probes, what was sent, what came back, and what the judges made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiwarden.core.findings import Severity

# The categories a run reports under (results.json "categories"), in report order.
CATEGORIES: tuple[str, ...] = (
    "prompt-extraction",
    "direct-injection",
    "indirect-injection",
    "markdown-exfiltration",
    "insecure-output",
    "sensitive-data",
    "jailbreak",
    "unbounded-consumption",
)


@dataclass(frozen=True, slots=True)
class JudgeSpec:
    """Which judge decides a probe, and its parameters (a payload to look for, a persona marker...).

    ``kind`` names a judge in ``aiwarden.redteam.judges.JUDGES``; ``params`` are plain JSON values."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Probe:
    """One attack, as data. ``prompt`` is the user's last message; ``document`` is untrusted content the
    target is given to process (inside the user message, or as a tool result in agent mode); ``history`` holds
    earlier (role, content) turns, for many-shot and multi-turn attacks.

    Text may hold the placeholders ``{canary}``, ``{secret}``, ``{payload}`` and ``{exfil_host}``: the runner
    fills them per run (fresh random values, so a model cannot have memorised them) before converting."""

    id: str  # "<family>/<n>", unique in the library
    family: str  # e.g. "direct-injection.override"
    category: str  # one of CATEGORIES
    goal: str  # what the attacker wants, one sentence
    technique: str  # how, one short phrase
    severity: Severity
    tags: tuple[str, ...]  # OWASP LLM 2025, OWASP Agentic 2026 where relevant, ATLAS technique ids
    prompt: str
    judge: JudgeSpec
    document: str | None = None
    history: tuple[tuple[str, str], ...] = ()
    convertible: bool = True  # whether converters may rewrite it (a canary ask in base64 still counts)
    agent: bool = False  # needs agent mode: tools offered, the document arrives as a tool result


@dataclass(frozen=True, slots=True)
class RunSecrets:
    """Fresh per-run values planted in what the target is given; a judge finds them in what comes back."""

    canary: str  # a token placed in the system prompt: seeing it out means the prompt leaked
    secret: str  # a planted credential-like value in the system prompt / documents
    payload: str  # the phrase an injection tells the model to say
    exfil_host: str  # the attacker's host in exfiltration asks
    system_prompt: str  # the whole system prompt sent (the user's, with the canary and planted data added)


@dataclass(frozen=True, slots=True)
class ToolCall:
    name: str
    arguments: str  # the raw JSON text the model produced


@dataclass(frozen=True, slots=True)
class TargetReply:
    """What a target answered: the text, any tool calls, and transport facts the judges may need."""

    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    finish_reason: str | None = None
    status: int = 200
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    raw: dict[str, Any] | None = None  # the parsed response body, kept for the results store


@dataclass(frozen=True, slots=True)
class JudgeInput:
    """Everything a judge may look at. ``sent`` is the whole message list sent (after conversion)."""

    probe: Probe
    sent_prompt: str  # the user message as sent (converted)
    sent_document: str | None
    sent: tuple[dict[str, Any], ...]
    reply: TargetReply
    secrets: RunSecrets
    converter: str  # "none" or a converter name


@dataclass(frozen=True, slots=True)
class Verdict:
    """One judge's decision. ``success`` means the attack worked; ``label`` says how the judge read the
    answer ("refusal", "echo", "compliance", "partial", "leak"...), ``reason`` one sentence for the report."""

    judge: str
    success: bool
    label: str
    reason: str
    score: float = 0.0
