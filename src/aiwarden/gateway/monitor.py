"""Per-key extraction and abuse signals over a sliding window, raised as alerts for the audit trail and metrics.

Four signals, each per API key and per gateway process (replicas each watch their own share of the traffic):

- ``volume``: requests in the window (ATLAS AML.T0034 Cost Harvesting, AML.T0029 Denial of AI Service).
- ``cost``: tokens in the window (AML.T0034 Cost Harvesting).
- ``diversity``: many distinct prompts at high volume, the shape of distillation and model extraction
  (AML.T0024.002 Extract AI Model, AML.T0040 AI Model Inference API Access). Estimated as the requests in the
  window times the share of distinct prompts among the recent sample.
- ``sweep``: many distinct prompts of one template that differ in small slots (numbers, quoted values, proper
  names, one word), the shape of systematic probing (AML.T0024 Exfiltration via AI Inference API,
  AML.T0024.002). Each new prompt yields template signatures: the prompt with numbers, quoted values and
  capitalised names masked, and, over its last ``template_tokens`` tokens, every "leave one token out" variant.
  Counters of the distinct prompts in the sample under each signature (a count-min sketch) give the largest
  family the prompt joins.

Each signal alerts at most once per key per window. Memory is bounded: at most ``max_keys`` keys (least recently
seen dropped first), per key a ring of window buckets, ``sample_size`` recent prompts and a fixed count table.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from aiwarden.gateway.types import AuditEntry

ATLAS: dict[str, tuple[str, ...]] = {
    "volume": ("AML.T0034", "AML.T0029"),
    "cost": ("AML.T0034",),
    "diversity": ("AML.T0024.002", "AML.T0040"),
    "sweep": ("AML.T0024", "AML.T0024.002"),
}

# Template signature counters per key: two rows of 4096 (a count-min sketch: a family's size is the smaller of its
# two counters, so only a collision in both rows can inflate it).
_CELLS = 4096
_RING = 30  # window buckets: volume and cost slide in steps of window / 30
_TAIL_CHARS = 1024  # templates are read from the end of a prompt, where the question is; the head is hashed
# Quoted values become one '"' token. A single quote opens a quote only after a non-word character, so "what's"
# and "Bob's" stay words.
_QUOTED = re.compile(r'"[^"\n]{0,200}"|“[^”\n]{0,200}”|`[^`\n]{0,200}`|(?<!\w)\'[^\'\n]{1,200}\'(?!\w)')
_TOKEN = re.compile(r"\d[\d.,:/]*\d|\w+|[^\w\s]")  # a number ("3.14", "1,000"), a word, or one mark
_DIGIT = re.compile(r"\d")
_SENTENCE_END = frozenset({".", "!", "?", ":", ";"})


@dataclass(frozen=True, slots=True)
class MonitorConfig:
    """Thresholds per key and window. The defaults sit well above one person chatting (a few hundred varied
    prompts an hour); keys shared by many users of one application need higher ones."""

    window: float = 600.0  # seconds
    volume: int = 600  # requests per window (1 per second sustained)
    cost: int = 1_000_000  # tokens (prompt + completion) per window
    diversity: int = 300  # estimated distinct prompts per window...
    diversity_share: float = 0.8  # ...when at least this share of the recent prompts are distinct
    sweep: int = 20  # distinct prompts of one template among the recent sample
    sample_size: int = 128  # recent prompts kept per key for diversity and sweeps
    template_tokens: int = 32  # leave-one-out signatures over this many trailing tokens
    min_template_tokens: int = 4  # shorter prompts ("yes", "thanks!") never form templates
    max_keys: int = 1000


@dataclass(frozen=True, slots=True)
class Alert:
    signal: str  # "volume" | "cost" | "diversity" | "sweep"
    key_id: str
    value: float
    threshold: float
    atlas: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "key_id": self.key_id, "value": self.value, "threshold": self.threshold,
                "atlas": list(self.atlas), "message": self.message}

    def audit_entry(self, time: float) -> AuditEntry:
        return AuditEntry(time=time, event="alert", data=self.to_dict())


@dataclass(slots=True)
class _Prompt:
    count: int  # occurrences among the key's sample
    cells: array[int]  # the counters it added one to


@dataclass(slots=True)
class _KeyState:
    epochs: list[int] = field(default_factory=lambda: [-1] * _RING)
    requests: list[int] = field(default_factory=lambda: [0] * _RING)
    tokens: list[int] = field(default_factory=lambda: [0] * _RING)
    sample: deque[tuple[float, int]] = field(default_factory=deque)  # (time, prompt hash)
    prompts: dict[int, _Prompt] = field(default_factory=dict)
    families: array[int] = field(default_factory=lambda: array("H", bytes(2 * 2 * _CELLS)))  # two rows
    alerted: dict[str, float] = field(default_factory=dict)  # signal -> time of its last alert


class ExtractionMonitor:
    """``observe`` each admitted request; it returns the alerts that request raised (usually none)."""

    def __init__(self, config: MonitorConfig | None = None) -> None:
        self.config = config or MonitorConfig()
        if not 0 < self.config.sample_size < 1 << 16:
            raise ValueError("sample_size must be between 1 and 65535")
        self._keys: OrderedDict[str, _KeyState] = OrderedDict()

    @property
    def tracked_keys(self) -> int:
        return len(self._keys)

    def sample_length(self, key_id: str) -> int:
        state = self._keys.get(key_id)
        return len(state.sample) if state else 0

    def observe(self, key_id: str, prompt_text: str, tokens: int, now: float) -> list[Alert]:
        config = self.config
        state = self._state(key_id)
        volume, cost = _count(state, config.window, max(0, tokens), now)
        family, distinct_share = self._remember(state, prompt_text, now)
        alerts: list[Alert] = []
        if volume >= config.volume:
            self._raise(alerts, state, key_id, "volume", volume, config.volume, now,
                        f"{volume} requests in {config.window:g} s")
        if cost >= config.cost:
            self._raise(alerts, state, key_id, "cost", cost, config.cost, now,
                        f"{cost} tokens in {config.window:g} s")
        distinct = round(volume * distinct_share)
        if distinct >= config.diversity and distinct_share >= config.diversity_share:
            self._raise(alerts, state, key_id, "diversity", distinct, config.diversity, now,
                        f"about {distinct} distinct prompts in {config.window:g} s "
                        f"({distinct_share:.0%} of recent prompts distinct): possible model extraction")
        if family >= config.sweep:
            self._raise(alerts, state, key_id, "sweep", family, config.sweep, now,
                        f"{family} distinct prompts of one template among the last {len(state.sample)}: "
                        "systematic sweep")
        return alerts

    def _state(self, key_id: str) -> _KeyState:
        state = self._keys.get(key_id)
        if state is None:
            state = self._keys[key_id] = _KeyState()
            while len(self._keys) > self.config.max_keys:
                self._keys.popitem(last=False)
        else:
            self._keys.move_to_end(key_id)
        return state

    def _remember(self, state: _KeyState, text: str, now: float) -> tuple[int, float]:
        """Add the prompt to the key's sample; returns the size of the template family it joins (0 for a
        repeat) and the share of distinct prompts in the sample."""
        config = self.config
        sample, prompts, families = state.sample, state.prompts, state.families
        horizon = now - config.window
        while sample and (sample[0][0] <= horizon or len(sample) >= config.sample_size):
            self._forget(state, sample.popleft()[1])
        normalized = " ".join(text.split()).lower()
        digest = hash(normalized)
        sample.append((now, digest))
        family = 0
        known = prompts.get(digest)
        if known is not None:
            known.count += 1
        else:
            pairs = template_cells(text, config.template_tokens, config.min_template_tokens)
            cells = array("H", set(pairs))  # a counter shared by two of the prompt's signatures counts it once
            prompts[digest] = _Prompt(1, cells)
            for cell in cells:
                families[cell] += 1
            for index in range(0, len(pairs), 2):
                family = max(family, min(families[pairs[index]], families[pairs[index + 1]]))
        return family, len(prompts) / len(sample)

    @staticmethod
    def _forget(state: _KeyState, digest: int) -> None:
        prompt = state.prompts[digest]
        prompt.count -= 1
        if prompt.count == 0:
            del state.prompts[digest]
            for cell in prompt.cells:
                state.families[cell] -= 1

    def _raise(self, alerts: list[Alert], state: _KeyState, key_id: str, signal: str, value: float,
               threshold: float, now: float, detail: str) -> None:
        last = state.alerted.get(signal)
        if last is not None and now - last < self.config.window:
            return  # once per signal, key and window: no alert storms
        state.alerted[signal] = now
        alerts.append(Alert(signal, key_id, value, threshold, ATLAS[signal], f"key {key_id}: {detail}"))


def _count(state: _KeyState, window: float, tokens: int, now: float) -> tuple[int, int]:
    """Record one request in the ring of window buckets; returns requests and tokens in the window."""
    epoch = int(now * _RING // window)
    slot = epoch % _RING
    if state.epochs[slot] != epoch:
        state.epochs[slot], state.requests[slot], state.tokens[slot] = epoch, 0, 0
    state.requests[slot] += 1
    state.tokens[slot] += tokens
    oldest = epoch - _RING
    requests = used = 0
    for index in range(_RING):
        if state.epochs[index] > oldest:
            requests += state.requests[index]
            used += state.tokens[index]
    return requests, used


def template_tokens(text: str) -> list[str]:
    """The prompt's tokens with slot values masked: quoted values -> '"', numbers -> '0', runs of capitalised
    words not opening a sentence -> 'A'; other words lowercased."""
    masked: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(_QUOTED.sub('"', text)):
        if token.isalpha():
            if token[0].isupper() and not sentence_start:
                sentence_start = False
                if masked[-1] != "A":  # "New Zealand" is one slot, like "France"
                    masked.append("A")
                continue
            out = token.lower()
        elif _DIGIT.search(token):
            out = "0"
        else:
            out = token.lower()
        sentence_start = out in _SENTENCE_END
        masked.append(out)
    return masked


def template_signatures(text: str, tail: int = 32, minimum: int = 4) -> set[int]:
    """The prompt's template signatures: the masked prompt, and the masked prompt with each one of its last
    ``tail`` tokens left out. Prompts shorter than ``minimum`` tokens have none. Tokens are hashed with CRC-32,
    not ``hash()``, so the signatures, and the alerts, are the same in every process."""
    head = zlib.crc32(text[:-_TAIL_CHARS].encode("utf-8", "surrogatepass")) if len(text) > _TAIL_CHARS else 0
    tokens = [zlib.crc32(token.encode("utf-8", "surrogatepass")) for token in template_tokens(text[-_TAIL_CHARS:])]
    if len(tokens) < minimum:
        return set()
    signatures = {hash((head, *tokens))}
    start = max(0, len(tokens) - tail)
    # prefix[i] covers tokens[:start + i]; suffix[i] covers tokens[start + i:]; leaving token start + i out joins
    # prefix[i] and suffix[i + 1]
    prefix = [hash((head, *tokens[:start]))]
    for token in tokens[start:]:
        prefix.append(hash((prefix[-1], token)))
    suffix = [0] * (len(tokens) - start + 1)
    for index in range(len(tokens) - 1, start - 1, -1):
        suffix[index - start] = hash((tokens[index], suffix[index - start + 1]))
    for offset in range(len(tokens) - start):
        signatures.add(hash((-1, prefix[offset], suffix[offset + 1])))
    return signatures


def template_cells(text: str, tail: int = 32, minimum: int = 4) -> array[int]:
    """For each template signature (see ``template_signatures``), its counter in the first row and its counter
    in the second, one after the other."""
    cells = array("H")
    for signature in template_signatures(text, tail, minimum):
        cells.append(signature & (_CELLS - 1))
        cells.append(_CELLS + ((signature >> 32) & (_CELLS - 1)))
    return cells
