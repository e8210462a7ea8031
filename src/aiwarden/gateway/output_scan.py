"""Model output through the guard's output detectors, whole or streamed.

A stream is scanned incrementally: text is released only once everything that could still turn it into a
finding has been seen. The last ``hold`` characters are always held back (no pattern the detectors match is
longer), and so is an unfinished link, image or tag at the end, up to ``max_hold`` characters, so that a secret
or an exfiltration URL split across chunks is judged whole before any of it leaves. A blocking finding stops
the stream; redactable ones are replaced with placeholders that stay the same for the whole answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiwarden.core.findings import Severity
from aiwarden.guard import Guard
from aiwarden.guard.types import GuardFinding, OutputContext

LEFT_CONTEXT = 256  # already-released text shown to the detectors again (a link's text before its target)
MAX_WORD_CONTEXT = 65536  # how far back a scan reaches for the start of a word released in pieces
SCAN_STEP = 64  # scan when this much new text has arrived (small chunks are not scanned one by one)
# What stands in for text or a tool call the gateway withholds.
WITHHELD_TEXT = "[withheld by the gateway's security policy]"
WITHHELD_CALL = "[tool call withheld by the gateway's security policy]"


@dataclass(slots=True)
class OutputVerdict:
    action: str = "allow"  # allow | redact | block
    findings: list[GuardFinding] = field(default_factory=list)

    def merge(self, finding: GuardFinding, blocking: bool) -> None:
        if any(f.rule_id == finding.rule_id and f.span == finding.span for f in self.findings):
            return
        self.findings.append(finding)
        if blocking:
            self.action = "block"
        elif self.action == "allow":
            self.action = "redact"


class OutputScanner:
    """Feed text as it arrives; take back what may be released. ``enforce`` False records findings without
    changing the text (log mode)."""

    def __init__(self, guard: Guard, context: OutputContext, *, hold: int = 256, max_hold: int = 8192,
                 enforce: bool = True) -> None:
        self.guard = guard
        self.context = context
        self.hold = hold
        self.max_hold = max(max_hold, hold)
        self.enforce = enforce
        self.verdict = OutputVerdict()
        self._text: list[str] = []
        self._size = 0
        self._joined = ""
        self._released = 0  # characters of the raw text released so far
        self._scanned_to = 0  # raw length at the last scan
        self._pending: list[GuardFinding] = []  # redactable findings (absolute spans) not yet applied
        self._numbers: dict[tuple[str, str], int] = {}
        self._counters: dict[str, int] = {}

    @property
    def blocked(self) -> bool:
        return self.verdict.action == "block" and self.enforce

    @property
    def text(self) -> str:
        if len(self._joined) != self._size:
            self._joined = "".join(self._text)
            self._text = [self._joined]
        return self._joined

    def feed(self, delta: str) -> str:
        """Add streamed text; returns the text that may be sent now ("" when nothing may)."""
        if self.blocked or not delta:
            return ""
        self._text.append(delta)
        self._size += len(delta)
        # Scan again after SCAN_STEP new characters, or after half as much again as is held back: text that cannot
        # be released yet (one long word) is not rescanned on every chunk, so the work stays linear.
        if self._size - self._scanned_to < max(SCAN_STEP, (self._size - self._released) // 2):
            return ""
        return self._advance(final=False)

    def finish(self) -> str:
        """The stream ended: scan and release the rest."""
        if self.blocked:
            return ""
        return self._advance(final=True)

    def scan_whole(self, text: str) -> str:
        """A complete (non-streamed) answer: the text to send instead."""
        self._text, self._size = [text], len(text)
        return self._advance(final=True)

    def _advance(self, final: bool) -> str:
        text = self.text
        start = max(0, self._released - LEFT_CONTEXT)
        if self._released and not text[self._released - 1].isspace():
            # Released text ends inside one long word (a link over max_hold): the detectors see it from its start,
            # so the link is judged whole before its end (and the closing parenthesis) leaves.
            bound = max(0, self._released - MAX_WORD_CONTEXT)
            space = max(text.rfind(c, bound, self._released) for c in " \n\t\r")
            start = min(start, space + 1 if space >= 0 else bound)
        window = text[start:]
        self._scanned_to = len(text)
        cut = len(text) if final else self._release_point(text)
        for finding in self.guard.scan_output(window, self.context).findings:
            span = (finding.span[0] + start, finding.span[1] + start) if finding.span else None
            if span is not None and span[1] <= self._released:
                continue  # seen and handled when that text was released
            blocking = finding.severity >= Severity.HIGH and finding.replacement is None
            if not blocking and (finding.replacement is None or span is None):
                self.verdict.findings.append(finding)  # informational: recorded, text unchanged
                continue
            if not blocking and span is not None and span[0] >= cut:
                continue  # starts in held-back text: judged again when it is released
            moved = GuardFinding(finding.detector, finding.rule_id, finding.severity, finding.message, span,
                                 finding.evidence, finding.score, finding.tags, finding.replacement)
            self.verdict.merge(moved, blocking)
            if blocking:
                if self.enforce:
                    return ""
                continue
            if span is not None and span[0] < cut < span[1]:
                cut = span[1]  # never release half of a secret
            if not any(p.span == span for p in self._pending):
                self._pending.append(moved)
        if cut <= self._released:
            return ""
        released = self._render(text, self._released, cut)
        self._released = cut
        return released

    def _release_point(self, text: str) -> int:
        """Where released text may end: ``hold`` before the end, and never inside the last word (a URL, a link
        target or a secret still being written is one run of non-space characters) or an HTML tag not yet
        closed; but nothing is held back further than ``max_hold``. Linear: rfind, not a backtracking pattern."""
        floor = max(self._released, len(text) - self.max_hold)
        cut = min(len(text) - self.hold, max(text.rfind(c, floor) for c in " \n\t\r") + 1)
        tag = text.rfind("<", floor)
        if tag > text.rfind(">", floor):
            cut = min(cut, tag)
        return max(cut, floor)

    def _render(self, text: str, begin: int, end: int) -> str:
        if not self.enforce:
            return text[begin:end]
        out: list[str] = []
        cursor = begin
        remaining: list[GuardFinding] = []
        for finding in sorted(self._pending, key=lambda f: f.span or (0, 0)):
            assert finding.span is not None and finding.replacement is not None
            span_start, span_end = finding.span
            if span_start >= end:
                remaining.append(finding)
                continue
            if span_start < cursor:
                continue  # overlaps a span already replaced
            value = text[span_start:span_end]
            key = (finding.replacement, value)
            if key not in self._numbers:
                self._counters[finding.replacement] = self._counters.get(finding.replacement, 0) + 1
                self._numbers[key] = self._counters[finding.replacement]
            out.append(text[cursor:span_start])
            out.append(f"[{finding.replacement}_{self._numbers[key]}]")
            cursor = span_end
        out.append(text[cursor:end])
        self._pending = remaining
        return "".join(out)
