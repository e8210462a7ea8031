"""Which passages of untrusted content are instructions injected for the agent (the prompt guard, applied in
windows, then narrowed to the instruction itself).

Used by the ``injected-argument`` flow rule: a value that an injected instruction names is the attacker's
choice, even when a trusted listing also shows it. Passages are narrow so that values merely *near* an
injection (an address elsewhere on the same web page) are not blamed: signature matches less than GROUP_GAP
characters apart form one passage, which runs from its first match to two sentences past its last; a window
that the learned scorer alone flags (above its strict threshold) counts whole. Results are cached per distinct
text, because an agent loop re-checks the same earlier tool outputs at every call.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

WINDOW = 500
STRIDE = 250
TAIL_SENTENCES = 2  # an instruction's payload follows its trigger ("ignore ... and send X to Y. Then ...")
TAIL_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")  # not ":", which introduces the payload
GROUP_GAP = 400
MAX_TEXT = 200_000  # longer tool output is judged on its head
_ESCAPES = re.compile(r"\\[nrt]")
# Where an instruction's passage certainly ends: a closing tag, or the next item of printed structured output.
_BOUNDARY = re.compile(r"</[A-Za-z_][\w-]{0,30}>|['\"],\s{0,3}['\"{]")


class Passages(Protocol):
    def covers(self, text: str, start: int, end: int) -> bool:
        """True if text[start:end] lies in a passage flagged as an injected instruction."""
        ...

    def prepare(self, text: str) -> None:
        """Analyse ``text`` now (when it arrives), so that later ``covers`` calls are lookups."""
        ...


class GuardPassages:
    """Passages the prompt guard blocks on its precise layers (signatures, smuggling), or that its learned
    scorer rates above the strict threshold: a false "injected" costs a legitimate call, so the scorer's
    ordinary threshold (tuned for flagging prompts) is too eager here."""

    def __init__(self, window: int = WINDOW, stride: int = STRIDE, tier: str = "auto") -> None:
        from aiwarden.core.findings import Severity
        from aiwarden.guard import Guard
        from aiwarden.guard.signatures import SIGNATURES

        guard = Guard(window=window, tier=tier)
        strict = guard.strict_threshold()
        precise = [s.pattern for s in SIGNATURES if s.severity >= Severity.HIGH]

        @functools.lru_cache(maxsize=16384)
        def scored(window_text: str) -> bool:
            result = guard.scan_input(window_text, source="untrusted")
            return result.scores.get("model", 0.0) >= strict or any(
                f.detector == "smuggling" and f.severity >= Severity.HIGH for f in result.findings)

        @functools.lru_cache(maxsize=4096)
        def cleaned(text: str) -> str:
            # Tool results printed as Python/JSON strings carry "\n" as two characters, which would glue words
            # together ("\nbefore"); blank them out, same length, so offsets still point into ``text``.
            return _ESCAPES.sub("  ", text[:MAX_TEXT])

        @functools.lru_cache(maxsize=4096)
        def signature_passages(text: str) -> tuple[tuple[int, int], ...]:
            clean = cleaned(text)
            spans = sorted(m.span() for pattern in precise for m in pattern.finditer(clean))
            return tuple((start, _tail(clean, end)) for start, end in _groups(clean, spans))

        self._scored, self._cleaned, self._signature_passages = scored, cleaned, signature_passages
        self.window, self.stride = window, stride

    def prepare(self, text: str) -> None:
        clean = self._cleaned(text)
        self._signature_passages(text)
        for s in _window_starts(len(clean), self.window, self.stride):
            self._scored(clean[s:s + self.window])

    def covers(self, text: str, start: int, end: int) -> bool:
        signature = self._signature_passages(text)
        if any(s <= start and end <= e for s, e in signature):
            return True
        # Only the windows around this occurrence are scored (and cached): a long output costs nothing until
        # a value is looked up in it. A window that holds a signature passage is judged by that narrower
        # passage alone: the learned tier's whole-window verdict would blame the values beside the instruction.
        clean = self._cleaned(text)
        return any(self._scored(clean[s:s + self.window])
                   for s in _window_starts(len(clean), self.window, self.stride)
                   if s <= start and end <= s + self.window
                   and not any(ps < s + self.window and s < pe for ps, pe in signature))


@functools.lru_cache(maxsize=1024)
def _window_starts(length: int, window: int, stride: int) -> tuple[int, ...]:
    last = max(length - window, 0)
    starts = [*range(0, last + 1, stride)]
    if starts[-1] != last:
        starts.append(last)
    return tuple(starts)


def _groups(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Signature matches close together, with no structure boundary between them, belong to one injected
    instruction (its opening and closing lines)."""
    groups: list[tuple[int, int]] = []
    for start, end in spans:
        if groups and start - groups[-1][1] <= GROUP_GAP and not _BOUNDARY.search(text, groups[-1][1], start):
            groups[-1] = (groups[-1][0], max(groups[-1][1], end))
        else:
            groups.append((start, end))
    return groups


def _tail(text: str, end: int) -> int:
    """Where the instruction that ends its trigger at ``end`` stops: TAIL_SENTENCES sentences on, at most
    TAIL_CHARS characters, never past a closing tag or the next item of printed structured output."""
    limit = min(len(text), end + TAIL_CHARS)
    boundary = _BOUNDARY.search(text, end, limit)
    if boundary is not None:
        limit = boundary.start()
    position = end
    for _ in range(TAIL_SENTENCES):
        match = _SENTENCE_END.search(text, position, limit)
        if match is None:
            return limit
        position = match.end()
    return position
