"""System-prompt leakage and downstream-agent steering in model output.

Leakage: a canary from ``context.canaries`` shows up (verbatim, spaced out or re-cased, or base64/hex/reversed),
or the output repeats the system prompt (a 40-character normalised run, or half of its word 8-grams).
Steering: the output talks to the next model in the pipeline ("note to the AI", "<system>"), the shape of an
indirect prompt injection relayed through this answer.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from aiwarden.core.findings import Severity
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "leakage"
LEAK_TAGS: Final = ("LLM07:2025", "AML.T0056", "AML.T0057", "CWE-200")
STEERING_TAGS: Final = ("LLM01:2025", "LLM05:2025", "AML.T0051.001")
STEERING_RULE: Final = "steering.downstream-agent"

# Shortest shared run reported. Boilerplate such as "You are a helpful assistant." is 28; a prompt shorter than
# this is left to canaries.
VERBATIM_CHARS: Final = 40
NGRAM_WORDS: Final = 8
NGRAM_COVERAGE: Final = 0.5
MIN_CANARY: Final = 6  # a squeezed canary shorter than this could match across ordinary words

_INVISIBLE: Final = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_WORD: Final = re.compile(r"[^\W_]+")
_NON_ALNUM: Final = re.compile(r"[\W_]+")
_INVISIBLE_RE: Final = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")

_AI: Final = r"(?:ai|llm|language\s{1,3}model|assistant|agent|chatbot|bot|copilot|gpt|chatgpt|claude|gemini|model)s?"
_AI_STRICT: Final = r"(?:ai|llm|language\s{1,3}model|ai\s{1,3}(?:assistant|agent|model)|chatgpt|claude|copilot|gemini)"


@dataclass(frozen=True, slots=True)
class _Steer:
    pattern: re.Pattern[str]
    what: str
    anchors: tuple[str, ...]  # lower-case literals one of which must occur before the regex runs (cheap pre-check)


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.M)


_STEERING: Final[tuple[_Steer, ...]] = (
    _Steer(_ci(r"\b" + _AI + r"\s{0,3}[:,—-]\s{0,3}(?:please\s{1,3})?(?:ignore|disregard|forget|override|you\s{1,3}"
               r"must|execute|forward)\b"), "imperative addressed to an AI",
           ("ignore", "disregard", "forget", "override", "must", "execute", "forward")),
    _Steer(_ci(r"<\s{0,3}/?\s{0,3}(?:system|sys|instructions?|admin|developer)\s{0,3}>"), "role tag", ("<",)),
    _Steer(_ci(r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[/?INST\]"
               r"|<<\s{0,2}/?SYS\s{0,2}>>"), "chat-template control token", ("<|", "inst]", "<<")),
    _Steer(_ci(r"\bwhen\s{1,3}(?:the\s{1,3}|an\s{1,3}|any\s{1,3})?" + _AI + r"\s{1,3}(?:reads?|sees?|process(?:es)?"
               r"|summari[sz]es?|encounters?|parses?|receives?)\s{1,3}(?:this|these)\b"),
           "trigger for a reading agent", ("when",)),
    _Steer(_ci(r"\bnotes?\s{1,3}(?:to|for)\s{1,3}(?:the\s{1,3}|any\s{1,3}|all\s{1,3})?" + _AI + r"\b"),
           "note addressed to an AI", ("note",)),
    _Steer(_ci(r"\b(?:ignore|disregard|forget|override)\s{1,3}(?:all\s{1,3}|any\s{1,3}|the\s{1,3}|your\s{1,3})?"
               r"(?:previous|prior|above|earlier|preceding|original|system)\s{1,3}(?:instructions|prompts?|directions"
               r"|rules|guidelines|context)\b"), "instruction override",
           ("ignore", "disregard", "forget", "override")),
    _Steer(_ci(r"\bif\s{1,3}you\s{1,3}are\s{1,3}(?:an?\s{1,3})?" + _AI_STRICT + r"\b"), "conditional aimed at an AI",
           ("you",)),
    _Steer(_ci(r"\b(?:attention|dear|hey|hello)\s{1,3}" + _AI_STRICT + r"s?\s{0,2}[:,!]"), "greeting to an AI",
           ("attention", "dear", "hey", "hello")),
    _Steer(_ci(r"\b(?:instructions?|message|directive)\s{1,3}(?:for|to)\s{1,3}(?:the\s{1,3})?" + _AI + r"\s{0,3}:"),
           "instructions for an AI", ("instruction", "message", "directive")),
    _Steer(_ci(r"\b(?:ai|llm)\s{1,3}(?:agents?|assistants?|models?)\s{1,3}(?:reading|processing|summari[sz]ing)"
               r"\s{1,3}this\b"), "AI reader addressed",
           ("reading", "processing", "summari")),
)


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Canary and system-prompt leakage, and text that steers a downstream agent."""
    found = [*_canaries(text, context.canaries)]
    if context.system_prompt:
        found += _verbatim(text, context.system_prompt)
        found += _ngram_overlap(text, context.system_prompt)
    found += _steering(text)
    return sorted(found, key=lambda f: (f.span or (0, 0), f.rule_id))


def _finding(rule_id: str, message: str, start: int, end: int, text: str, severity: Severity, score: float,
             tags: tuple[str, ...] = LEAK_TAGS) -> GuardFinding:
    evidence = text[start:end]
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule_id,
        severity=severity,
        message=message,
        span=(start, end),
        evidence=evidence if len(evidence) <= 120 else evidence[:120] + "…",
        score=score,
        tags=tags,
    )


# --- canaries -----------------------------------------------------------------------------------------------------


def _canaries(text: str, canaries: tuple[str, ...]) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    squeezed: tuple[str, list[int]] | None = None
    quick = _NON_ALNUM.sub("", text).casefold() if canaries else ""
    for canary in (c for c in canaries if c.strip()):
        exact = _find_all(text, canary)
        out += [_finding("leakage.canary", "canary token in output", s, e, text, Severity.CRITICAL, 0.99)
                for s, e in exact]
        needle = _squeeze(canary)[0]
        if len(needle) < MIN_CANARY or needle not in quick:  # C-speed pre-check before the per-character map
            squeezed_hits: list[tuple[int, int]] = []
        else:
            squeezed = squeezed or _squeeze(text)
            squeezed_hits = _find_squeezed(squeezed, needle)
        exact_starts = {s for s, _ in exact}
        for s, e in squeezed_hits:
            if s not in exact_starts and not _find_all(text[s:e], canary):  # already reported as exact
                out.append(_finding("leakage.canary-obfuscated", "canary token in output, spaced out or re-cased",
                                    s, e, text, Severity.CRITICAL, 0.95))
        for form, encoded in _encodings(canary):
            out += [_finding("leakage.canary-encoded", f"canary token in output, {form}", s, e, text,
                             Severity.HIGH, 0.9) for s, e in _find_all(text, encoded)]
    return out


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    i = text.find(needle)
    while i != -1 and needle:
        spans.append((i, i + len(needle)))
        i = text.find(needle, i + len(needle))
    return spans


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, case-folded, with each kept character's index in the original text."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            folded = ch.casefold()
            chars.append(folded)
            index.extend([i] * len(folded))
    return "".join(chars), index


def _find_squeezed(squeezed: tuple[str, list[int]], needle: str) -> list[tuple[int, int]]:
    flat, index = squeezed
    return [(index[s], index[e - 1] + 1) for s, e in _find_all(flat, needle)]


def _encodings(canary: str) -> list[tuple[str, str]]:
    raw = canary.encode()
    b64 = base64.b64encode(raw).decode().rstrip("=")
    forms = [("base64-encoded", b64), ("hex-encoded", raw.hex()), ("reversed", canary[::-1])]
    return [(form, value) for form, value in forms if len(value) >= MIN_CANARY and value != canary]


# --- system prompt ------------------------------------------------------------------------------------------------


def _normalise(text: str) -> tuple[str, list[int]]:
    """Case-folded with whitespace runs collapsed to one space, plus each character's original index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        folded = ch.casefold()
        chars.append(folded)
        index.extend([i] * len(folded))
    return "".join(chars), index


@lru_cache(maxsize=16)
def _prompt_windows(prompt: str) -> tuple[frozenset[str], frozenset[str]]:
    """The prompt's normalised windows of VERBATIM_CHARS characters, and of half that (for the pre-check)."""
    flat = _normalise(prompt)[0].strip()
    if len(flat) < VERBATIM_CHARS:
        return frozenset(), frozenset()
    half = VERBATIM_CHARS // 2
    return (frozenset(flat[i: i + VERBATIM_CHARS] for i in range(len(flat) - VERBATIM_CHARS + 1)),
            frozenset(flat[i: i + half] for i in range(len(flat) - half + 1)))


def _may_share_run(text: str, halves: frozenset[str]) -> bool:
    """Any 40-character shared run contains a 20-character window starting at a multiple of 20, so testing only
    those (on a C-speed normalisation) rules out most outputs before the per-character pass."""
    flat = " ".join(_INVISIBLE_RE.sub("", text).split()).casefold()
    half = VERBATIM_CHARS // 2
    return any(flat[i: i + half] in halves for i in range(0, len(flat) - half + 1, half))


def _verbatim(text: str, prompt: str) -> list[GuardFinding]:
    """Runs of the output whose every VERBATIM_CHARS-character window also occurs in the prompt."""
    windows, halves = _prompt_windows(prompt)
    if not windows or not _may_share_run(text, halves):
        return []
    width = VERBATIM_CHARS
    flat, index = _normalise(text)
    runs: list[list[int]] = []
    for i in range(len(flat) - width + 1):
        if flat[i: i + width] in windows:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
    out = []
    for first, last in runs:
        start, end = index[first], index[last + width - 1] + 1
        length = last + width - first
        out.append(_finding("leakage.system-prompt-verbatim",
                            f"{length} characters of the system prompt repeated verbatim", start, end, text,
                            Severity.HIGH, min(0.99, 0.6 + length / 400)))
    return out


@lru_cache(maxsize=16)
def _prompt_grams(prompt: str) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The prompt's word 8-grams, and the words that start one (a cheap filter before building tuples)."""
    words = _WORD.findall(prompt.casefold())
    grams = frozenset(tuple(words[i: i + NGRAM_WORDS]) for i in range(len(words) - NGRAM_WORDS + 1))
    return grams, frozenset(g[0] for g in grams)


def _ngram_overlap(text: str, prompt: str) -> list[GuardFinding]:
    """Half or more of the prompt's word 8-grams in the output: the prompt reformatted (bullets, markup, case)."""
    grams, starts = _prompt_grams(prompt)
    if not grams:
        return []
    folded = [w.casefold() for w in _WORD.findall(text)]
    hits = [i for i in range(len(folded) - NGRAM_WORDS + 1)
            if folded[i] in starts and tuple(folded[i: i + NGRAM_WORDS]) in grams]
    coverage = len({tuple(folded[i: i + NGRAM_WORDS]) for i in hits}) / len(grams)
    if coverage < NGRAM_COVERAGE:
        return []
    words = list(_WORD.finditer(text))  # same tokens as findall, now with offsets
    start, end = words[hits[0]].start(), words[hits[-1] + NGRAM_WORDS - 1].end()
    return [_finding("leakage.system-prompt-ngram", f"{coverage:.0%} of the system prompt's word 8-grams repeated",
                     start, end, text, Severity.CRITICAL, min(0.99, 0.5 + coverage / 2))]


# --- steering -----------------------------------------------------------------------------------------------------


def _steering(text: str) -> list[GuardFinding]:
    lower = text.lower()
    matches = sorted((m.start(), m.end(), steer.what) for steer in _STEERING
                     if any(anchor in lower for anchor in steer.anchors) for m in steer.pattern.finditer(text))
    out: list[GuardFinding] = []
    last_end = -1
    for start, end, what in matches:  # first match wins where two patterns overlap
        if start >= last_end:
            out.append(_finding(STEERING_RULE, f"text addressed to a downstream agent ({what})", start, end, text,
                                Severity.HIGH, 0.8, STEERING_TAGS))
            last_end = end
    return out
