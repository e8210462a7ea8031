"""Learned prompt-injection scorer: hashed word and character n-grams into a logistic regression.

Pure Python, no third-party imports. The weights ship as float16 little-endian values in ``data/ngram_weights.bin``
and the feature specification, bias, calibration and decision threshold in ``data/ngram_model.json``. The feature
functions here are the single definition used by both training (``scripts/train_guard.py``) and inference.

Features of a text:
- lone surrogates replaced by "?", NFKC normalisation, casefolding, whitespace runs collapsed to one space; texts
  longer than ``max_chars`` keep their first ``head_chars`` and last ``max_chars - head_chars`` characters;
- word unigrams and bigrams over ``\\w+`` tokens, hashed with ``zlib.crc32`` seeded by ``word_seed``;
- character n-grams (``char_ngrams``, e.g. 3 to 5) of the text padded with one space on each side, hashed with
  ``zlib.crc32`` seeded by ``char_seed``;
- bucket = hash mod ``buckets`` (a power of two); value = 1 + ln(count); the vector is L2-normalised.

Score = sigmoid(calib_a * (w . x + bias) + calib_b), a probability-like value in [0, 1]; 0 for blank text.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import struct
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA_DIR / "ngram_model.json"
WEIGHTS_FILE = DATA_DIR / "ngram_weights.bin"
FEATURE_VERSION = 1

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """How a text becomes a sparse hashed vector; stored in the model metadata."""

    buckets: int = 1 << 18
    word_seed: int = 0x5EED0001
    char_seed: int = 0x5EED0002
    word_ngrams: tuple[int, ...] = (1, 2)
    char_ngrams: tuple[int, ...] = (3, 4, 5)
    max_chars: int = 8192
    head_chars: int = 6144
    version: int = FEATURE_VERSION

    def __post_init__(self) -> None:
        if self.buckets <= 0 or self.buckets & (self.buckets - 1):
            raise ValueError(f"buckets must be a power of two, got {self.buckets}")
        if not set(self.word_ngrams) <= {1, 2}:
            raise ValueError(f"unsupported word n-gram orders {self.word_ngrams}")
        if not 0 <= self.head_chars <= self.max_chars:
            raise ValueError("head_chars must lie between 0 and max_chars")

    def to_dict(self) -> dict[str, Any]:
        return {
            "hash": "zlib.crc32",
            "normalization": "NFKC, casefold, whitespace collapsed, head+tail truncation",
            "value": "1 + ln(count), L2-normalised",
            "buckets": self.buckets,
            "word_seed": self.word_seed,
            "char_seed": self.char_seed,
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams),
            "max_chars": self.max_chars,
            "head_chars": self.head_chars,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureSpec:
        if data.get("hash") != "zlib.crc32" or data.get("version") != FEATURE_VERSION:
            raise ValueError(f"unsupported feature spec: hash={data.get('hash')!r} version={data.get('version')!r}")
        return cls(
            buckets=int(data["buckets"]),
            word_seed=int(data["word_seed"]),
            char_seed=int(data["char_seed"]),
            word_ngrams=tuple(int(n) for n in data["word_ngrams"]),
            char_ngrams=tuple(int(n) for n in data["char_ngrams"]),
            max_chars=int(data["max_chars"]),
            head_chars=int(data["head_chars"]),
        )


DEFAULT_SPEC = FeatureSpec()


def _encodable(text: str) -> str:
    """``text`` with lone surrogates replaced, so that every n-gram encodes as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def normalize(text: str, spec: FeatureSpec = DEFAULT_SPEC) -> str:
    folded = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", _encodable(text)).casefold()).strip()
    if len(folded) <= spec.max_chars:
        return folded
    tail = spec.max_chars - spec.head_chars
    return folded[: spec.head_chars] + " " + (folded[-tail:] if tail else "")


def hashed_buckets(text: str, spec: FeatureSpec = DEFAULT_SPEC) -> list[int]:
    """Every n-gram occurrence of ``text`` as a bucket index (with repeats)."""
    norm = normalize(text, spec)
    crc = zlib.crc32
    mask = spec.buckets - 1
    words = _WORD.findall(norm)
    hashes: list[int] = []
    if 1 in spec.word_ngrams:
        hashes += [crc(w.encode(), spec.word_seed) for w in words]
    if 2 in spec.word_ngrams:
        hashes += [crc(f"{a} {b}".encode(), spec.word_seed) for a, b in itertools.pairwise(words)]
    padded = f" {norm} "
    size = len(padded)
    raw = padded.encode()
    ascii_only = len(raw) == size  # then byte slices equal the encoded character slices: no encode per n-gram
    seed = spec.char_seed
    for n in spec.char_ngrams:
        starts = range(size - n + 1)
        if ascii_only:
            hashes += [crc(raw[i : i + n], seed) for i in starts]
        else:
            hashes += [crc(padded[i : i + n].encode(), seed) for i in starts]
    return [h & mask for h in hashes]


def hashed_features(text: str, spec: FeatureSpec = DEFAULT_SPEC) -> dict[int, float]:
    """The sparse feature vector of ``text``: bucket -> 1 + ln(count), L2-normalised."""
    counts = Counter(hashed_buckets(text, spec))
    values = {bucket: 1.0 + math.log(count) for bucket, count in counts.items()}
    norm = math.sqrt(math.fsum(v * v for v in values.values()))
    if norm == 0.0:
        return {}
    return {bucket: v / norm for bucket, v in values.items()}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def decode_weights(blob: bytes) -> array[float]:
    """float16 little-endian bytes -> float32 array."""
    if len(blob) % 2:
        raise ValueError("weights blob has an odd number of bytes")
    return array("f", struct.unpack(f"<{len(blob) // 2}e", blob))


class NgramScorer:
    """Logistic regression over hashed n-grams; ``score`` returns a calibrated value in [0, 1]."""

    __slots__ = ("bias", "calib_a", "calib_b", "metadata", "spec", "threshold", "weights")

    _cached: NgramScorer | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        weights: Sequence[float],
        spec: FeatureSpec,
        bias: float,
        calibration: tuple[float, float] = (1.0, 0.0),
        threshold: float = 0.5,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if len(weights) != spec.buckets:
            raise ValueError(f"expected {spec.buckets} weights, got {len(weights)}")
        self.weights = weights
        self.spec = spec
        self.bias = float(bias)
        self.calib_a, self.calib_b = float(calibration[0]), float(calibration[1])
        self.threshold = float(threshold)
        self.metadata = metadata or {}

    @classmethod
    def load(cls) -> NgramScorer:
        """The packaged model, read once per process."""
        if cls._cached is None:
            with cls._lock:
                if cls._cached is None:
                    cls._cached = cls.from_files(MODEL_FILE, WEIGHTS_FILE)
        return cls._cached

    @classmethod
    def from_files(cls, model_path: Path, weights_path: Path) -> NgramScorer:
        meta = json.loads(model_path.read_text(encoding="utf-8"))
        if meta.get("weights_dtype") != "float16-le":
            raise ValueError(f"unsupported weights dtype {meta.get('weights_dtype')!r}")
        spec = FeatureSpec.from_dict(meta["features"])
        calibration = meta["calibration"]
        return cls(
            decode_weights(weights_path.read_bytes()),
            spec,
            bias=float(meta["bias"]),
            calibration=(float(calibration["a"]), float(calibration["b"])),
            threshold=float(meta["threshold"]),
            metadata=meta,
        )

    def margin(self, text: str) -> float:
        """Raw linear score w . x + bias (``hashed_features`` dotted with the weights); -inf for a blank text."""
        w = self.weights
        log = math.log
        dot = 0.0
        squares = 0.0
        for bucket, count in Counter(hashed_buckets(text, self.spec)).items():
            value = 1.0 + log(count) if count > 1 else 1.0
            dot += w[bucket] * value
            squares += value * value
        return self.bias + dot / math.sqrt(squares) if squares else -math.inf

    def calibrate(self, margin: float) -> float:
        return _sigmoid(self.calib_a * margin + self.calib_b)

    def score(self, text: str) -> float:
        margin = self.margin(text)
        return 0.0 if margin == -math.inf else self.calibrate(margin)

    def score_windows(self, text: str, window: int = 500, stride: int = 400) -> float:
        """Highest score over windows of ``window`` characters every ``stride`` characters (for long documents)."""
        if window <= 0 or stride <= 0:
            raise ValueError("window and stride must be positive")
        last = max(len(text) - window, 0)
        starts = [*range(0, last + 1, stride)]
        if starts[-1] != last:
            starts.append(last)
        return max(self.score(text[i : i + window]) for i in starts)

    def is_injection(self, text: str) -> bool:
        return self.score(text) >= self.threshold
