"""The Guard: layered input and output checks, one result type, no network, models loaded lazily once."""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiwarden.core.findings import Severity
from aiwarden.guard.normalize import normalize
from aiwarden.guard.redact import redact
from aiwarden.guard.signatures import scan_signatures
from aiwarden.guard.types import GuardFinding, OutputContext

if TYPE_CHECKING:
    from aiwarden.core.config import Config

# The [guard] settings of aiwarden.toml and their values when the file does not set them.
CONFIG_DEFAULTS: dict[str, Any] = {"model": True, "tier": "auto", "untrusted_margin": 0.1, "window": 500,
                                   "overlap": 100, "allowed_hosts": [], "canaries": [], "redact_output": True}

# Output detectors: module -> detector name. Each module exposes detect(text, context) -> list[GuardFinding].
OUTPUT_DETECTORS = ("secrets", "pii", "exfil", "html", "leakage")
SHORT_TEXT_WORDS = 6
TINY_TEXT_WORDS = 3
_WORDS = re.compile(r"\w+")
# Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Burmese, Khmer): a run of them
# is one \w+ match however long, so it is counted as one word per two characters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                       r"\uf900-\ufaff]")
SOURCES = ("user", "untrusted")
# The learned layer: "auto" is the transformer when its extra is installed, else the n-gram scorer.
TIERS = ("auto", "transformer", "ngram")


@dataclass(slots=True)
class GuardResult:
    direction: str
    source: str
    action: str  # "allow" | "redact" | "block"
    score: float
    scores: dict[str, float]
    findings: list[GuardFinding]
    text: str  # redacted output, or the input as given

    @property
    def flagged(self) -> bool:
        return self.action != "allow"

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "source": self.source,
            "flagged": self.flagged,
            "action": self.action,
            "score": round(self.score, 4),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "findings": [f.to_dict() for f in self.findings],
            "text": self.text,
        }


@dataclass(slots=True)
class Guard:
    """Input: smuggling, signatures and a learned tier (the transformer, or the n-gram scorer without the
    ``guard-model`` extra); long text is scored in windows. Output: secrets, PII, exfiltration links, HTML/JS
    injection, system-prompt leakage, agent steering."""

    use_model: bool = True
    tier: str = "auto"
    # n-gram tier only (the transformer has its own per-source thresholds and token windows):
    untrusted_margin: float = 0.1  # tool output and retrieved content are judged this much more strictly
    window: int = 500  # untrusted text is scored in windows: an inserted attack is not diluted by the document
    overlap: int = 100
    context: OutputContext = field(default_factory=OutputContext)
    redact_output: bool = True

    @classmethod
    def from_config(cls, path: str | Config | None = None) -> Guard:
        """From the [guard] section of a config file (a path, a loaded Config, or None to discover one)."""
        from aiwarden.core import config

        section = (path if isinstance(path, config.Config) else config.load_config(path)).section("guard")
        settings = CONFIG_DEFAULTS | section
        context = OutputContext(canaries=tuple(settings["canaries"]), allowed_hosts=tuple(settings["allowed_hosts"]))
        return cls(use_model=settings["model"], tier=settings["tier"],
                   untrusted_margin=float(settings["untrusted_margin"]),
                   window=settings["window"], overlap=settings["overlap"], context=context,
                   redact_output=settings["redact_output"])

    # -- input ------------------------------------------------------------------------------------
    def scan_input(self, text: str, source: str = "user") -> GuardResult:
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
        normalized = normalize(text)
        findings = list(normalized.findings)
        findings += scan_signatures(normalized.text)
        for how, hidden in normalized.hidden:
            for finding in scan_signatures(hidden):
                findings.append(GuardFinding(
                    finding.detector, finding.rule_id, Severity.CRITICAL,
                    f"{finding.message}, hidden with {how}", None, finding.evidence, max(finding.score, 0.95),
                    finding.tags))
        scores = {"smuggling": _max_score(f for f in findings if f.detector == "smuggling"),
                  "signature": _max_score(f for f in findings if f.detector == "signature")}
        flagged = any(f.severity >= Severity.HIGH for f in findings)
        if self.use_model:
            model_finding, model_score, _ = self._model(normalized.text, normalized.hidden, source)
            scores["model"] = model_score
            if model_finding:
                findings.append(model_finding)
                flagged = flagged or model_finding.rule_id == "model.injection"
        score = max(scores.values(), default=0.0)
        return GuardResult("input", source, "block" if flagged else "allow", score, scores, findings, text)

    def scan_inputs(self, texts: Iterable[str], source: str = "user") -> list[GuardResult]:
        return [self.scan_input(text, source) for text in texts]

    def active_tier(self) -> str:
        """"transformer" or "ngram": the learned layer this guard runs. Raises ModelUnavailable when the
        transformer is asked for by name and cannot run here."""
        from aiwarden.guard import transformer

        if self.tier not in TIERS:
            raise ValueError(f"tier must be one of {', '.join(TIERS)}, not {self.tier!r}")
        if self.tier == "transformer":
            transformer.TransformerScorer.load()
            return "transformer"
        if self.tier == "auto" and transformer.available():
            return "transformer"
        return "ngram"

    def strict_threshold(self) -> float:
        """The active tier's bar for "certainly an injected instruction" (the firewall's passages use it)."""
        if self.active_tier() == "transformer":
            from aiwarden.guard.transformer import TransformerScorer

            return TransformerScorer.load().strict
        from aiwarden.guard.scorer import NgramScorer

        return float(NgramScorer.load().metadata["threshold_strict"])

    def _model(self, text: str, hidden: list[tuple[str, str]], source: str
               ) -> tuple[GuardFinding | None, float, float]:
        if self.active_tier() == "transformer":
            return self._transformer(text, hidden, source)
        return self._ngram(text, hidden, source)

    def _transformer(self, text: str, hidden: list[tuple[str, str]], source: str
                     ) -> tuple[GuardFinding | None, float, float]:
        from aiwarden.guard.transformer import MAX_WINDOWS, TransformerScorer

        scorer = TransformerScorer.load()
        base = scorer.threshold(source)
        best, best_span, threshold, best_excess = 0.0, (0, 0), base, -math.inf
        windows, partial = scorer.windows(text)
        candidates = [(w.score, (w.start, w.end), text) for w in windows]
        candidates += [(scorer.score(decoded), (0, 0), decoded) for _, decoded in hidden]
        for score, span, judged in candidates:
            # Terse texts (a file name, "update rules", a list of channels) look like the many short extraction
            # prompts of the public attack sets: fewer than SHORT_TEXT_WORDS words must clear the strict bar.
            limit = max(base, scorer.strict) if word_count(judged) < SHORT_TEXT_WORDS else base
            if score - limit > best_excess:
                best, best_span, threshold, best_excess = score, span, limit, score - limit
        if best < threshold:
            if partial:  # said, not blocked: the signature and smuggling layers still read the whole text
                return GuardFinding("model", "model.partial", Severity.LOW,
                                    f"text too long for the transformer tier: only its first and last "
                                    f"{MAX_WINDOWS // 2} windows were scored", None, "", best,
                                    ("LLM01:2025",)), best, threshold
            return None, best, threshold
        severity = Severity.HIGH if best >= threshold + (1.0 - threshold) / 2 else Severity.MEDIUM
        finding = GuardFinding("model", "model.injection", severity,
                               f"transformer model rates this {best:.2f} (threshold {threshold:.2f} for {source} "
                               "text)", best_span if best_span != (0, 0) else None,
                               text[best_span[0]:best_span[0] + 200], best,
                               ("LLM01:2025", "AML.T0051.000" if source == "user" else "AML.T0051.001"))
        return finding, best, threshold

    def _ngram(self, text: str, hidden: list[tuple[str, str]], source: str
               ) -> tuple[GuardFinding | None, float, float]:
        from aiwarden.guard.scorer import NgramScorer

        scorer = NgramScorer.load()
        base = scorer.threshold - (self.untrusted_margin if source == "untrusted" else 0.0)
        strict = max(base, float(scorer.metadata.get("threshold_strict", base)))

        best, best_span, threshold, best_excess = 0.0, (0, 0), base, -1.0
        chunks = [*self._windows(text)] if source == "untrusted" else [(0, text)]
        chunks += [(-1, decoded) for _, decoded in hidden]
        for start, chunk in chunks:
            score = scorer.score(chunk)
            limit = model_threshold(chunk, base, strict)
            if score - limit > best_excess:
                best_excess, threshold = score - limit, limit
                best, best_span = score, ((start, start + len(chunk)) if start >= 0 else (0, 0))
        if best < threshold:
            return None, best, threshold
        severity = Severity.HIGH if best >= min(1.0, threshold + 0.15) else Severity.MEDIUM
        finding = GuardFinding("model", "model.injection", severity,
                               f"learned scorer rates this {best:.2f} (threshold {threshold:.2f} for {source} text)",
                               best_span if best_span != (0, 0) else None, text[best_span[0]:best_span[0] + 200],
                               best, ("LLM01:2025", "AML.T0051.000" if source == "user" else "AML.T0051.001"))
        return finding, best, threshold

    def _windows(self, text: str) -> Iterable[tuple[int, str]]:
        if len(text) <= self.window:
            yield 0, text
            return
        step = max(1, self.window - self.overlap)
        for start in range(0, len(text) - self.overlap, step):
            yield start, text[start:start + self.window]

    # -- output -----------------------------------------------------------------------------------
    def scan_output(self, text: str, context: OutputContext | None = None) -> GuardResult:
        context = context or self.context
        findings: list[GuardFinding] = []
        for name in OUTPUT_DETECTORS:
            module = importlib.import_module(f"aiwarden.guard.{name}")
            findings += module.detect(text, context)
        scores: dict[str, float] = {}
        for finding in findings:
            scores[finding.detector] = max(scores.get(finding.detector, 0.0), finding.score)
        blocking = [f for f in findings if f.severity >= Severity.HIGH and f.replacement is None]
        redactable = [f for f in findings if f.replacement is not None]
        if blocking:
            action = "block"
        elif redactable and self.redact_output:
            action = "redact"
        else:
            action = "allow"
        transformed = redact(text, redactable) if action == "redact" else text
        return GuardResult("output", "model", action, max(scores.values(), default=0.0), scores, findings,
                           transformed)


def word_count(text: str) -> int:
    """Words in the first 400 characters, a run of an unspaced script counting one word per two characters."""
    count = 0
    for match in _WORDS.finditer(text, 0, 400):
        unspaced = len(_UNSPACED.findall(match.group()))
        count += (unspaced + 1) // 2 if unspaced else 1
    return count


def model_threshold(text: str, base: float, strict: float) -> float:
    """The score the learned scorer must reach on ``text``. A few words carry too few n-grams for the model to
    judge ("private", "rules", a list of channel names): short texts must clear the strict threshold, one or two
    words are not judged at all. Short attacks are the signature layer's job."""
    words = word_count(text)
    return math.inf if words < TINY_TEXT_WORDS else strict if words < SHORT_TEXT_WORDS else base


def _max_score(findings: Iterable[GuardFinding]) -> float:
    return max((f.score for f in findings), default=0.0)
