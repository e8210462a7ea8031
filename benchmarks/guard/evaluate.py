"""Evaluate the prompt-guard n-gram scorer alone (no regex layer), per source.

(a) in-distribution test split, scored by the packaged pure-Python scorer;
(b) leave-one-source-out: retrain without source S with the packaged hyper-parameters, score S;
(c) the hard-negative holdout (FPR) and the hand-written attacks (recall), neither used in training or selection;
(d) indirect documents: held-out BIPIA documents with held-out attack categories inserted, whole-document and
    max over 500-character windows;
plus a precision/recall table at several thresholds and the latency of ``NgramScorer.score``.

Usage: ``python benchmarks/guard/evaluate.py [--skip-loso] [--json benchmarks/guard/results.json]``.
Needs numpy, scipy and scikit-learn (for retraining and AUC); the packaged scorer itself does not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import guard_data as gd
import train_guard as tg

from aiwarden.guard import Guard
from aiwarden.guard.guard import model_threshold
from aiwarden.guard.scorer import NgramScorer

WINDOW = 500
WINDOW_STRIDE = 400
SWEEP = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)


@dataclass(frozen=True)
class Metrics:
    name: str
    n_attack: int
    n_benign: int
    precision: float | None
    recall: float | None
    fpr: float | None
    f1: float | None
    auc: float | None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def metrics(name: str, labels: Sequence[int], scores: Sequence[float], threshold: float) -> Metrics:
    y = np.asarray(labels)
    s = np.asarray(scores)
    flagged = s >= threshold
    tp = int(np.sum(flagged & (y == 1)))
    fp = int(np.sum(flagged & (y == 0)))
    n_pos = int(np.sum(y == 1))
    n_neg = int(np.sum(y == 0))
    precision = _ratio(tp, tp + fp) if n_pos and n_neg else None
    recall = _ratio(tp, n_pos)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    auc = float(roc_auc_score(y, s)) if n_pos and n_neg else None
    return Metrics(name, n_pos, n_neg, precision, recall, _ratio(fp, n_neg), f1, auc)


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def print_table(title: str, rows: Sequence[Metrics]) -> None:
    print(f"\n## {title}\n")
    print(f"{'set':50s} {'attack':>6s} {'benign':>6s}  prec  recall  fpr     f1    auc")
    for m in rows:
        print(
            f"{m.name:50s} {m.n_attack:6d} {m.n_benign:6d}  {_fmt(m.precision)} {_fmt(m.recall)}  "
            f"{_fmt(m.fpr)} {_fmt(m.f1)} {_fmt(m.auc)}"
        )


def score_all(scorer: NgramScorer, rows: Sequence[gd.Row]) -> list[float]:
    return [scorer.score(r.text) for r in rows]


def windowed_score(scorer: NgramScorer, text: str) -> float:
    return scorer.score_windows(text, WINDOW, WINDOW_STRIDE)


def by_source(name: str, rows: Sequence[gd.Row], scores: Sequence[float], threshold: float) -> list[Metrics]:
    out = [metrics(f"{name} (all)", [r.label for r in rows], scores, threshold)]
    for source in sorted({r.source for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.source == source]
        out.append(metrics(f"{name}: {source}", [rows[i].label for i in idx], [scores[i] for i in idx], threshold))
    return out


def rule_scores(texts: Sequence[str]) -> list[float]:
    """1.0 where the guard's model-free layers (smuggling + signatures) block the text, else 0.0."""
    rules = Guard(use_model=False)
    return [1.0 if rules.scan_input(text).flagged else 0.0 for text in texts]


def combine(model_scores: Sequence[float], rules: Sequence[float], texts: Sequence[str], strict: float) -> list[float]:
    """The whole guard blocks when either layer does: the rule layer's 1.0 lifts the score over any threshold.
    As in Guard (``model_threshold``), a short text counts for the model only above the strict threshold, and
    one or two words not at all."""
    out = []
    for m, r, text in zip(model_scores, rules, texts, strict=True):
        if m < model_threshold(text, 0.0, strict):  # base 0: longer texts keep their score for the sweep
            m = 0.0
        out.append(max(m, r))
    return out


def leave_one_source_out(scorer: NgramScorer) -> tuple[list[Metrics], dict[str, list[float]]]:
    """Retrain without each source and score it, the model alone and as part of the whole guard (the rule layers
    were written from attack descriptions, never fitted to these sources); hard negatives also score the holdout
    under that model."""
    training = scorer.metadata["training"]
    C, hn = float(training["C"]), float(training["hard_negative_weight"])
    calibration = tg.Calibration(scorer.calib_a, scorer.calib_b)
    strict = float(scorer.metadata["threshold_strict"])
    ds = tg.build_dataset(tg.training_rows())
    holdout = gd.read_fixture(gd.HARD_NEGATIVES_HOLDOUT_FILE)
    X_holdout = tg.featurize([r.text for r in holdout])
    rules = rule_scores([r.text for r in ds.rows])
    results: list[Metrics] = []
    pooled: dict[str, list[float]] = {"labels": [], "scores": [], "guard": []}
    for source in sorted(set(ds.sources.tolist())):
        held = ds.sources == source
        model = tg.fit(ds.subset(~held), C, hn)
        scores = calibration.apply(model.margins(ds.X[held]))
        labels = ds.y[held].tolist()
        idx = np.flatnonzero(held)
        guard = combine(scores.tolist(), [rules[i] for i in idx], [ds.rows[i].text for i in idx], strict)
        results.append(metrics(f"held-out source: {source}", labels, scores.tolist(), scorer.threshold))
        results.append(metrics(f"  whole guard: {source}", labels, guard, scorer.threshold))
        pooled["labels"] += labels
        pooled["scores"] += scores.tolist()
        pooled["guard"] += guard
        if source == gd.HARD_NEGATIVE_SOURCE:
            h_scores = calibration.apply(model.margins(X_holdout)).tolist()
            results.append(
                metrics(
                    "held-out source: hard negatives -> their holdout", [0] * len(holdout), h_scores, scorer.threshold
                )
            )
    results.append(metrics("pooled out-of-source", pooled["labels"], pooled["scores"], scorer.threshold))
    results.append(metrics("  whole guard: pooled out-of-source", pooled["labels"], pooled["guard"], scorer.threshold))
    return results, pooled


def sweep(sets: dict[str, tuple[list[int], list[float]]], thresholds: Sequence[float]) -> list[dict[str, object]]:
    print("\n## Threshold sweep: precision/recall/FPR\n")
    print(f"{'threshold':>9s}  " + "  ".join(f"{name:>22s}" for name in sets))
    table: list[dict[str, object]] = []
    for t in thresholds:
        cells = []
        row: dict[str, object] = {"threshold": round(t, 4)}
        for name, (labels, scores) in sets.items():
            m = metrics(name, labels, scores, t)
            row[name] = asdict(m)
            cells.append(f"{_fmt(m.precision)}/{_fmt(m.recall)}/{_fmt(m.fpr)}")
        print(f"{t:9.4f}  " + "  ".join(f"{c:>22s}" for c in cells))
        table.append(row)
    return table


def latency(fn: Callable[[str], float], texts: Sequence[str]) -> dict[str, float]:
    cpu: list[float] = []
    for text in texts:
        start = time.process_time()
        fn(text)
        cpu.append((time.process_time() - start) * 1000)
    cpu.sort()
    return {
        "n": len(cpu),
        "p50_ms": round(statistics.median(cpu), 3),
        "p99_ms": round(cpu[min(len(cpu) - 1, int(0.99 * len(cpu)))], 3),
    }


def latency_report(scorer: NgramScorer) -> dict[str, object]:
    documents = [r.text for r in gd.read_jsonl(gd.DATASET_DIR / "benign_documents.jsonl")]
    texts_1k = [d[:1000] for d in documents if len(d) >= 1000][:300]
    prompts = [r.text for r in gd.shared_test()[:1000]]
    start = time.perf_counter()
    NgramScorer.from_files(tg.MODEL_FILE, tg.WEIGHTS_FILE)
    load_ms = (time.perf_counter() - start) * 1000
    report: dict[str, object] = {
        "load_ms": round(load_ms, 1),
        "score_1k_chars_cpu": latency(scorer.score, texts_1k),
        "score_test_prompts_cpu": latency(scorer.score, prompts),
        "score_full_documents_cpu": latency(scorer.score, documents[:300]),
    }
    print("\n## Latency (CPU time per call, one thread, pure Python)\n")
    for key, value in report.items():
        print(f"{key:26s} {value}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-loso", action="store_true", help="skip the leave-one-source-out retraining")
    parser.add_argument("--json", type=Path, help="write every number to this JSON file")
    args = parser.parse_args()
    scorer = NgramScorer.load()
    t = scorer.threshold
    print(
        f"model {scorer.metadata['version']}  threshold {t:.4f}  strict threshold "
        f"{scorer.metadata['threshold_strict']:.4f}"
    )
    results: dict[str, object] = {"threshold": t, "threshold_strict": scorer.metadata["threshold_strict"]}

    test = gd.shared_test()
    test_scores = score_all(scorer, test)
    in_dist = by_source("in-distribution test", test, test_scores, t)
    print_table("(a) in-distribution test split (packaged model)", in_dist)

    holdout = gd.read_fixture(gd.HARD_NEGATIVES_HOLDOUT_FILE)
    attacks = gd.read_fixture(gd.ATTACKS_HANDWRITTEN_FILE)
    holdout_scores = score_all(scorer, holdout)
    attack_scores = score_all(scorer, attacks)
    generated = [i for i, r in enumerate(holdout) if r.kind != "handwritten"]
    handwritten = [i for i, r in enumerate(holdout) if r.kind == "handwritten"]
    independent = [
        metrics("hard-negative holdout (all)", [0] * len(holdout), holdout_scores, t),
        metrics(
            "hard-negative holdout: held-out families", [0] * len(generated), [holdout_scores[i] for i in generated], t
        ),
        metrics(
            "hard-negative holdout: hand-written", [0] * len(handwritten), [holdout_scores[i] for i in handwritten], t
        ),
        metrics("hand-written attacks", [1] * len(attacks), attack_scores, t),
        metrics(
            "hand-written attacks + hard-negative holdout",
            [1] * len(attacks) + [0] * len(holdout),
            attack_scores + holdout_scores,
            t,
        ),
    ]
    rules_holdout = rule_scores([r.text for r in holdout])
    rules_attacks = rule_scores([r.text for r in attacks])
    strict = float(scorer.metadata["threshold_strict"])
    guard_holdout = combine(holdout_scores, rules_holdout, [r.text for r in holdout], strict)
    short = [i for i, r in enumerate(holdout) if r.kind.startswith("short_")]
    independent += [
        metrics("hard-negative holdout: short texts", [0] * len(short), [holdout_scores[i] for i in short], t),
        metrics("  whole guard: hard-negative holdout", [0] * len(holdout), guard_holdout, t),
        metrics("  whole guard: hard-negative holdout, short texts", [0] * len(short),
                [guard_holdout[i] for i in short], t),
        metrics("  whole guard: hand-written attacks", [1] * len(attacks),
                combine(attack_scores, rules_attacks, [r.text for r in attacks], strict), t),
    ]
    print_table("(c) never used for training or selection (packaged model)", independent)

    indirect = gd.indirect_splits()[1]
    indirect_scores = score_all(scorer, indirect)
    windowed = [windowed_score(scorer, r.text) for r in indirect]
    labels = [r.label for r in indirect]
    indirect_rows = [
        metrics("indirect documents, whole text", labels, indirect_scores, t),
        metrics(f"indirect documents, max over {WINDOW}-char windows", labels, windowed, t),
    ]
    for doc_kind in sorted({r.kind for r in indirect if r.label == 0}):
        idx = [i for i, r in enumerate(indirect) if r.label == 0 and r.kind == doc_kind]
        indirect_rows.append(metrics(f"  clean {doc_kind} (FPR)", [0] * len(idx), [indirect_scores[i] for i in idx], t))
    untrusted = Guard()
    guard_flags = [1.0 if untrusted.scan_input(r.text, source="untrusted").flagged else 0.0 for r in indirect]
    indirect_rows.append(metrics("  whole guard, source=untrusted (windows, stricter)", labels, guard_flags, 0.5))
    print_table("(d) indirect: held-out documents x held-out attack categories (packaged model)", indirect_rows)

    loso: list[Metrics] = []
    sets: dict[str, tuple[list[int], list[float]]] = {
        "in-dist test": ([r.label for r in test], test_scores),
        "hand-written": ([1] * len(attacks) + [0] * len(holdout), attack_scores + holdout_scores),
        "indirect": (labels, indirect_scores),
    }
    if not args.skip_loso:
        loso, pooled = leave_one_source_out(scorer)
        print_table("(b) leave-one-source-out (retrained without the source; same C, calibration, threshold)", loso)
        sets["out-of-source pooled"] = (pooled["labels"], pooled["scores"])
        sets["guard out-of-source"] = (pooled["labels"], pooled["guard"])
    thresholds = sorted({*SWEEP, round(t, 4), round(float(scorer.metadata["threshold_strict"]), 4)})
    results["sweep"] = sweep(sets, thresholds)
    results["latency"] = latency_report(scorer)
    results.update(
        {
            "in_distribution": [asdict(m) for m in in_dist],
            "independent": [asdict(m) for m in independent],
            "indirect": [asdict(m) for m in indirect_rows],
            "leave_one_source_out": [asdict(m) for m in loso],
        }
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
