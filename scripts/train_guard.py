"""Train the prompt-guard n-gram scorer (the fallback tier without the ``guard-model`` extra) and export it.

Data: the fit part of ``data/guard/corpus.jsonl.gz`` (``guard_corpus.splits.fit_and_calibration``: the training
split without the calibration sources), the same rows the transformer tier is fine-tuned on. Model: logistic
regression (class-balanced, liblinear) on the hashed features defined in ``aiwarden.guard.scorer``. Model
selection never sees the calibration sources or the held-out split:

1. out-of-fold margins for every fit row, where a fold is a whole source (a converted row goes with the source it
   was converted from);
2. C and the hard-negative weight (benign rows of the sources that use trigger words in their ordinary senses) are
   chosen by macro recall over attack sources at the threshold that keeps the false-positive rate at or below
   ``--target-fpr`` on every benign source of the out-of-fold scores;
3. Platt scaling fitted on the out-of-fold margins; the threshold is stored on the calibrated scale;
4. the final model is fitted on all fit rows and exported as float16 weights + JSON metadata, with a fixture of
   (text, expected score) pairs that the package scorer must reproduce.

Usage: ``python scripts/train_guard.py`` (a few minutes on two cores).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from guard_corpus import splits

from aiwarden.guard.scorer import (
    DEFAULT_SPEC,
    MODEL_FILE,
    WEIGHTS_FILE,
    FeatureSpec,
    hashed_features,
)

MODEL_VERSION = "2026.12.1"
FIXTURE_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "guard" / "scorer_fixture.jsonl"
SEED = 20261207
C_GRID = (1.0, 4.0)
HARD_NEGATIVE_WEIGHTS = (1.0, 3.0)
# Benign text that uses trigger words in their ordinary senses (shell prompts, overriding methods, ignoring
# warnings, persona requests): its false alarms are what users notice first.
HARD_NEGATIVE_SOURCES = frozenset({"debian-manpages", "python-docstrings", "aiwarden-templates", "aiwarden-indirect",
                                   "aiwarden-multilingual", "flowgpt-prompts"})
TARGET_FPR = 0.03  # model selection: macro FPR over out-of-fold benign sources
# The shipped thresholds: FPR on the calibration sources' benign rows (never fitted on). Benign text written by
# others has triggered the guard 3-5x more often than the team's own, so the bar is set well below 3%.
CALIBRATION_FPR = 0.01
FIXTURE_SIZE = 200


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    source: str
    origin: str = ""
    channel: str = "user"


def corpus_rows(part: str) -> list[Row]:
    """``fit``, ``calibration`` or ``heldout`` rows of the committed corpus."""
    rows = splits.load()
    fit, calibration = splits.fit_and_calibration(rows)
    chosen = {"fit": fit, "calibration": calibration, "heldout": splits.heldout_rows(rows)}[part]
    return [Row(r["text"], int(r["label"]), r["source"], r["origin"] or "", r["channel"]) for r in chosen]


@dataclass
class Dataset:
    rows: list[Row]
    X: csr_matrix
    y: np.ndarray
    folds: np.ndarray
    sources: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.sources = np.array([r.source for r in self.rows])

    def subset(self, mask: np.ndarray) -> Dataset:
        idx = np.flatnonzero(mask)
        return Dataset([self.rows[i] for i in idx], self.X[idx], self.y[idx], self.folds[idx])


@dataclass(frozen=True)
class Model:
    coef: np.ndarray
    bias: float

    def margins(self, X: csr_matrix) -> np.ndarray:
        return np.asarray(X @ self.coef + self.bias, dtype=np.float64)


@dataclass(frozen=True)
class Calibration:
    a: float
    b: float

    def apply(self, margins: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(self.a * margins + self.b))))


def _features(text: str) -> dict[int, float]:
    return hashed_features(text, DEFAULT_SPEC)


def featurize(texts: Sequence[str], spec: FeatureSpec = DEFAULT_SPEC, workers: int = 2) -> csr_matrix:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        vectors = list(pool.map(_features, texts, chunksize=256))
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(v) for v in vectors])
    indices = np.fromiter((b for v in vectors for b in v), dtype=np.int32, count=int(indptr[-1]))
    data = np.fromiter((x for v in vectors for x in v.values()), dtype=np.float64, count=int(indptr[-1]))
    return csr_matrix((data, indices, indptr), shape=(len(vectors), spec.buckets))


def fold_key(row: Row) -> str:
    return row.origin or row.source


def build_dataset(rows: list[Row]) -> Dataset:
    X = featurize([r.text for r in rows])
    y = np.array([r.label for r in rows], dtype=np.int64)
    folds = np.array([fold_key(r) for r in rows])
    return Dataset(rows, X, y, folds)


def training_rows() -> list[Row]:
    return corpus_rows("fit")


def sample_weights(ds: Dataset, hard_negative_weight: float) -> np.ndarray:
    counts = np.bincount(ds.y, minlength=2).astype(np.float64)
    weights = (len(ds.y) / (2.0 * np.maximum(counts, 1.0)))[ds.y]
    hard = np.isin(ds.sources, sorted(HARD_NEGATIVE_SOURCES)) & (ds.y == 0)
    weights[hard] *= hard_negative_weight
    return np.asarray(weights)


def fit(ds: Dataset, C: float, hard_negative_weight: float) -> Model:
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, tol=1e-5, random_state=0)
    clf.fit(ds.X, ds.y, sample_weight=sample_weights(ds, hard_negative_weight))
    return Model(clf.coef_.ravel().astype(np.float64), float(clf.intercept_[0]))


def out_of_fold_margins(ds: Dataset, C: float, hard_negative_weight: float, workers: int = 2) -> np.ndarray:
    def run(key: str) -> tuple[np.ndarray, np.ndarray]:
        held = ds.folds == key
        return held, fit(ds.subset(~held), C, hard_negative_weight).margins(ds.X[held])

    out = np.zeros(len(ds.y))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for held, margins in pool.map(run, [str(k) for k in np.unique(ds.folds)]):
            out[held] = margins
    return out


def benign_groups(ds: Dataset) -> dict[str, np.ndarray]:
    """Masks of benign rows per source (hard negatives pooled): each must meet the target FPR."""
    groups: dict[str, np.ndarray] = {}
    for source in np.unique(ds.sources):
        mask = (ds.sources == source) & (ds.y == 0)
        if mask.any():
            groups[str(source)] = mask
    return groups


def attack_groups(ds: Dataset) -> dict[str, np.ndarray]:
    groups: dict[str, np.ndarray] = {}
    for source in np.unique(ds.sources):
        mask = (ds.sources == source) & (ds.y == 1)
        if mask.any():
            groups[str(source)] = mask
    return groups


def threshold_for_fpr(benign_scores: np.ndarray, target: float) -> float:
    """Smallest threshold t with mean(score >= t) <= target."""
    s = np.sort(benign_scores)[::-1]
    allowed = int(np.floor(target * len(s)))
    if allowed >= len(s):
        return float(s[-1])
    return float(np.nextafter(s[allowed], np.inf))


def joint_threshold(scores: np.ndarray, ds: Dataset, target: float, strict: bool = False) -> float:
    """Smallest threshold whose false-positive rate, averaged over the benign sources (each weighs the same),
    is at most ``target`` (``target / 5`` when ``strict``)."""
    groups = list(benign_groups(ds).values())
    goal = target / 5 if strict else target
    candidates = np.nextafter(np.unique(np.concatenate([scores[mask] for mask in groups])), np.inf)
    fpr = np.zeros(len(candidates))
    for mask in groups:
        ordered = np.sort(scores[mask])
        fpr += (len(ordered) - np.searchsorted(ordered, candidates, side="left")) / len(ordered)
    meeting = np.flatnonzero(fpr / len(groups) <= goal)
    return float(candidates[meeting[0]] if len(meeting) else candidates[-1])


def macro_recall(scores: np.ndarray, ds: Dataset, threshold: float) -> float:
    recalls = [float(np.mean(scores[mask] >= threshold)) for mask in attack_groups(ds).values()]
    return float(np.mean(recalls))


def fit_platt(margins: np.ndarray, y: np.ndarray) -> Calibration:
    clf = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    clf.fit(margins.reshape(-1, 1), y)
    return Calibration(float(clf.coef_[0, 0]), float(clf.intercept_[0]))


@dataclass(frozen=True)
class Selection:
    C: float
    hard_negative_weight: float
    threshold: float
    threshold_strict: float
    calibration: Calibration
    macro_recall: float
    oof_margins: np.ndarray


def evaluate_config(ds: Dataset, C: float, hn: float, target: float) -> Selection:
    margins = out_of_fold_margins(ds, C, hn)
    calibration = fit_platt(margins, ds.y)
    scores = calibration.apply(margins)
    threshold = joint_threshold(scores, ds, target)
    strict = joint_threshold(scores, ds, target, strict=True)
    return Selection(C, hn, threshold, strict, calibration, macro_recall(scores, ds, threshold), margins)


def select(
    ds: Dataset, target: float, c_grid: Iterable[float], hn_weights: Iterable[float]
) -> tuple[Selection, list[dict[str, float]]]:
    """Best (C, hard-negative weight) by out-of-fold macro recall at the target-FPR threshold."""
    best: Selection | None = None
    table: list[dict[str, float]] = []
    for hn in hn_weights:
        for C in c_grid:
            sel = evaluate_config(ds, C, hn, target)
            table.append(
                {
                    "C": C,
                    "hard_negative_weight": hn,
                    "threshold": round(sel.threshold, 4),
                    "macro_recall": round(sel.macro_recall, 4),
                }
            )
            print(f"  C={C:<4} hn_weight={hn:<5} threshold={sel.threshold:.4f} macro recall={sel.macro_recall:.3f}")
            if best is None or sel.macro_recall > best.macro_recall:
                best = sel
    if best is None:
        raise ValueError("empty selection grid")
    return best, table


def calibration_thresholds(sel: Selection, model: Model, weights16: np.ndarray) -> Selection:
    """The shipped thresholds, chosen on the calibration sources with the exported (float16) weights: the user
    threshold at CALIBRATION_FPR on their benign user rows, the strict one at a fifth of it on every benign row."""
    rows = corpus_rows("calibration")
    quantized = Model(weights16.astype(np.float64), model.bias)
    scores = sel.calibration.apply(quantized.margins(featurize([r.text for r in rows])))
    benign = np.array([r.label == 0 for r in rows])
    user = benign & np.array([r.channel == "user" for r in rows])
    threshold = threshold_for_fpr(scores[user], CALIBRATION_FPR)
    strict = max(threshold, threshold_for_fpr(scores[benign], CALIBRATION_FPR / 5))
    for source in sorted({r.source for r in rows}):
        mask = np.array([r.source == source for r in rows])
        label = "FPR" if not rows[int(np.flatnonzero(mask)[0])].label else "recall"
        print(f"  calibration {source}: {label} {np.mean(scores[mask] >= threshold):.3f} at {threshold:.4f}")
    return dataclasses.replace(sel, threshold=threshold, threshold_strict=strict)


def quantize(coef: np.ndarray) -> np.ndarray:
    return np.clip(coef, -65000.0, 65000.0).astype("<f2")


def data_summary(ds: Dataset) -> dict[str, dict[str, int]]:
    summary: dict[str, dict[str, int]] = {}
    for row in ds.rows:
        entry = summary.setdefault(row.source, {"benign": 0, "attack": 0})
        entry["attack" if row.label else "benign"] += 1
    return dict(sorted(summary.items()))


def oof_report(sel: Selection, ds: Dataset, threshold: float) -> dict[str, Any]:
    scores = sel.calibration.apply(sel.oof_margins)
    fpr = {k: round(float(np.mean(scores[m] >= threshold)), 4) for k, m in benign_groups(ds).items()}
    recall = {k: round(float(np.mean(scores[m] >= threshold)), 4) for k, m in attack_groups(ds).items()}
    return {"threshold": round(threshold, 4), "fpr_by_source": fpr, "recall_by_source": recall}


def metadata(
    sel: Selection, table: list[dict[str, float]], ds: Dataset, model: Model, weights_blob: bytes, target: float
) -> dict[str, Any]:
    return {
        "name": "aiwarden-prompt-guard-ngram",
        "version": MODEL_VERSION,
        "features": DEFAULT_SPEC.to_dict(),
        "weights_file": WEIGHTS_FILE.name,
        "weights_dtype": "float16-le",
        "weights_sha256": hashlib.sha256(weights_blob).hexdigest(),
        "bias": model.bias,
        "calibration": {"method": "platt on out-of-fold margins", "a": sel.calibration.a, "b": sel.calibration.b},
        "threshold": sel.threshold,
        "threshold_rule": (
            f"smallest calibrated score with FPR <= {CALIBRATION_FPR:.0%} on the benign user rows of the calibration "
            "sources (guard_corpus.splits.CALIBRATION_SOURCES, never fitted on); model selection used the "
            f"out-of-fold threshold with macro FPR <= {target:.0%} over benign sources held out whole"
        ),
        "threshold_strict": sel.threshold_strict,
        "threshold_strict_rule": f"FPR <= {CALIBRATION_FPR / 5:.1%} on every benign calibration row",
        "training": {
            "C": sel.C,
            "class_weight": "balanced",
            "hard_negative_weight": sel.hard_negative_weight,
            "solver": "liblinear",
            "rows": len(ds.rows),
            "sources": data_summary(ds),
            "selection_grid": table,
            "out_of_fold_at_threshold": oof_report(sel, ds, sel.threshold),
            "out_of_fold_at_threshold_strict": oof_report(sel, ds, sel.threshold_strict),
        },
        "data": "data/guard/corpus.jsonl.gz, fit part (sources, licences and counts: data/guard/MANIFEST.md)",
    }


def fixture_rows(rng: np.random.Generator) -> list[Row]:
    """Rows never fitted on: held-out and calibration sources."""
    pool = corpus_rows("heldout") + corpus_rows("calibration")
    idx = rng.choice(len(pool), size=min(FIXTURE_SIZE, len(pool)), replace=False)
    return [pool[int(i)] for i in sorted(idx)]


def write_fixture(model: Model, weights16: np.ndarray, calibration: Calibration, rng: np.random.Generator) -> None:
    rows = fixture_rows(rng)
    quantized = Model(weights16.astype(np.float64), model.bias)
    scores = calibration.apply(quantized.margins(featurize([r.text for r in rows])))
    lines = [
        json.dumps({"text": r.text, "score": round(float(s), 6)}, ensure_ascii=False)
        for r, s in zip(rows, scores, strict=True)
    ]
    FIXTURE_FILE.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def export(sel: Selection, table: list[dict[str, float]], ds: Dataset, model: Model, target: float) -> None:
    weights16 = quantize(model.coef)
    blob = weights16.tobytes()
    WEIGHTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS_FILE.write_bytes(blob)
    meta = metadata(sel, table, ds, model, blob, target)
    MODEL_FILE.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    write_fixture(model, weights16, sel.calibration, np.random.default_rng(SEED))


def main() -> None:
    parser = argparse.ArgumentParser(description="Train and export the prompt-guard n-gram scorer.")
    parser.add_argument("--target-fpr", type=float, default=TARGET_FPR)
    parser.add_argument("--dry-run", action="store_true", help="select and report, do not write files")
    args = parser.parse_args()
    started = time.perf_counter()
    ds = build_dataset(training_rows())
    print(f"{len(ds.rows)} training rows, {ds.X.nnz} non-zeros ({time.perf_counter() - started:.1f}s)")
    print(json.dumps(data_summary(ds)))
    sel, table = select(ds, args.target_fpr, C_GRID, HARD_NEGATIVE_WEIGHTS)
    print(f"selected C={sel.C} hard-negative weight={sel.hard_negative_weight}")
    print(json.dumps(oof_report(sel, ds, sel.threshold)))
    print(json.dumps(oof_report(sel, ds, sel.threshold_strict)))
    if args.dry_run:
        return
    model = fit(ds, sel.C, sel.hard_negative_weight)
    sel = calibration_thresholds(sel, model, quantize(model.coef))
    export(sel, table, ds, model, args.target_fpr)
    print(f"wrote {MODEL_FILE} and {WEIGHTS_FILE} ({time.perf_counter() - started:.1f}s)")


if __name__ == "__main__":
    main()
