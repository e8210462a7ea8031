"""The prompt guard's transformer tier: a fine-tuned small encoder classifier run with onnxruntime.

The model (int8 ONNX), its tokenizer and its metadata ship in ``data/transformer/``; onnxruntime and
tokenizers come with the ``guard-model`` extra and are imported only when the tier first scores a text.
``scripts/train_guard_model.py`` builds the three files; ``docs/guard-model-card.md`` describes them.

A text is tokenised once and scored in overlapping windows of ``window_tokens`` tokens (one window for up to about
1,000 characters of English); its score is the highest window's. Per window the model gives probabilities for
benign, injection and jailbreak; the raw score is the log-odds of "not benign", and the score is that log-odds
through the Platt scaling fitted on the calibration sources: a probability-like value in [0, 1].
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.errors import AiwardenError

MODEL_DIR = Path(__file__).resolve().parent / "data" / "transformer"
FILES = ("model.json", "model.onnx", "tokenizer.json")
# The ids that open and close every window, unless model.json names others ([CLS]/[SEP] of a WordPiece vocabulary).
FIRST_TOKEN_ID, LAST_TOKEN_ID = 101, 102
BATCH_WINDOWS = 8  # windows per onnxruntime call: bounds the memory a long text needs
# At most this many windows are scored per text (about 200,000 characters of English, a few seconds on one core):
# beyond it the first and last MAX_WINDOWS // 2 are, and ``partial`` tells the caller.
MAX_WINDOWS = 256
_REQUIRED_METADATA = ("version", "labels", "window_tokens", "stride_tokens", "calib_a", "calib_b",
                      "threshold_user", "threshold_untrusted", "threshold_strict")


class ModelUnavailable(AiwardenError):
    """The transformer tier cannot run here: its extra is not installed or its files are missing."""


@functools.lru_cache(maxsize=64)
def available(directory: Path = MODEL_DIR) -> bool:
    """True when the tier's libraries are importable and its files are present (nothing is imported). Cached: the
    guard asks on every scored text, and neither the installed packages nor the package's files change."""
    return (all((directory / name).is_file() for name in FILES)
            and all(importlib.util.find_spec(module) is not None for module in ("onnxruntime", "tokenizers")))


@dataclass(frozen=True, slots=True)
class WindowScore:
    start: int  # character offsets into the scored text
    end: int
    score: float


class TransformerScorer:
    _cached: TransformerScorer | None = None
    _lock = threading.Lock()

    def __init__(self, directory: Path = MODEL_DIR, threads: int = 1) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(
                "the transformer tier needs onnxruntime and tokenizers: pip install 'aiwarden[guard-model]'"
            ) from exc
        missing = [name for name in FILES if not (directory / name).is_file()]
        if missing:
            raise ModelUnavailable(f"transformer model files missing in {directory}: {', '.join(missing)}")
        self.metadata: dict[str, Any] = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        absent = [key for key in _REQUIRED_METADATA if key not in self.metadata]
        if absent:
            raise ModelUnavailable(f"{directory / 'model.json'} lacks {', '.join(absent)}")
        self.window = int(self.metadata["window_tokens"])
        self.stride = int(self.metadata["stride_tokens"])
        if not 0 < self.stride <= self.window:
            raise ModelUnavailable(f"{directory / 'model.json'}: stride_tokens must lie in 1..window_tokens")
        self.benign_index = list(self.metadata["labels"]).index("benign")
        self._a, self._b = float(self.metadata["calib_a"]), float(self.metadata["calib_b"])
        self._first = int(self.metadata.get("first_token_id", FIRST_TOKEN_ID))
        self._last = int(self.metadata.get("last_token_id", LAST_TOKEN_ID))

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(directory / "model.onnx"), options,
                                                     providers=["CPUExecutionProvider"])

    @classmethod
    def load(cls) -> TransformerScorer:
        """The packaged model, loaded once per process (onnxruntime sessions are safe to share between threads)."""
        if cls._cached is None:
            with cls._lock:
                if cls._cached is None:
                    cls._cached = cls()
        return cls._cached

    def threshold(self, source: str) -> float:
        return float(self.metadata[f"threshold_{source}"])

    @property
    def strict(self) -> float:
        return float(self.metadata["threshold_strict"])

    def calibrate(self, raw: float) -> float:
        z = self._a * raw + self._b
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def windows(self, text: str) -> tuple[list[WindowScore], bool]:
        """Every scored window's calibrated score (none for text without tokens), and whether some windows were
        left unscored (more than MAX_WINDOWS: the middle of the text is judged by the other layers only)."""
        raw, partial = self._raw_windows(text)
        return [WindowScore(start, end, self.calibrate(value)) for start, end, value in raw], partial

    def score(self, text: str) -> float:
        return max((w.score for w in self.windows(text)[0]), default=0.0)

    def attack_logit(self, text: str) -> float:
        """The highest window's uncalibrated log-odds of "not benign" (training uses it to fit the calibration)."""
        return max((raw for _, _, raw in self._raw_windows(text)[0]), default=-math.inf)

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and their character offsets. Only the text between its first and last visible character is
        encoded: a SentencePiece vocabulary has a piece for bare whitespace, and blank text must score nothing."""
        body = text.strip()
        if not body:
            return [], []
        lead = len(text) - len(text.lstrip())
        # Lone surrogates cannot cross into the Rust tokenizer; they carry no words either.
        encoding = self._tokenizer.encode(body.encode("utf-8", "replace").decode("utf-8"), add_special_tokens=False)
        return encoding.ids, [(start + lead, end + lead) for start, end in encoding.offsets]

    def _spans(self, tokens: int) -> list[tuple[int, int]]:
        starts = range(0, max(1, tokens - self.window + self.stride), self.stride)
        return [(start, min(start + self.window, tokens)) for start in starts]

    def _raw_windows(self, text: str) -> tuple[list[tuple[int, int, float]], bool]:
        import numpy as np

        ids, offsets = self._encode(text)
        if not ids:
            return [], False
        spans = self._spans(len(ids))
        partial = len(spans) > MAX_WINDOWS
        if partial:
            spans = spans[:MAX_WINDOWS // 2] + spans[-(MAX_WINDOWS // 2):]
        results: list[tuple[int, int, float]] = []
        for first in range(0, len(spans), BATCH_WINDOWS):
            group = spans[first:first + BATCH_WINDOWS]
            width = max(end - start for start, end in group) + 2
            input_ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for row, (start, end) in enumerate(group):
                input_ids[row, :end - start + 2] = [self._first, *ids[start:end], self._last]
                mask[row, :end - start + 2] = 1
            logits = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            for (start, end), row in zip(group, logits, strict=True):
                shifted = row - row.max()
                benign = float(shifted[self.benign_index])
                others = float(np.log(np.exp(np.delete(shifted, self.benign_index)).sum()))
                results.append((offsets[start][0], offsets[end - 1][1], others - benign))
        return results, partial
