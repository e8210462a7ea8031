"""Evaluate the prompt guard's learned tiers side by side, per source, with an over-defence table and latency.

Each text goes through the whole input guard (smuggling, signatures and the learned tier), as users run it:
``Guard(tier=T).scan_input(text, source=channel)``, for T in transformer and ngram. Rows come from
``data/guard/corpus.jsonl.gz``:

- held-out: the corpus's held-out split, whole sources neither tier was fitted on nor calibrated with;
- calibration: the sources both tiers' thresholds were chosen on (not fitted on; optimistic for the thresholds).

Printed: recall per attack source and false-positive rate per benign source at the shipped thresholds, AUROC of
the score, the pooled held-out figures (and the recall an oracle threshold at FPR <= 3% would give), the FPR per
trigger word over every benign row not fitted on (over-defence), and the latency per 1,000-character prompt
(p50/p99 wall time on one pinned core, one onnxruntime thread) with the peak RSS of a process that only loads the
guard and scores.

Usage: ``python benchmarks/guard/evaluate.py [--tiers transformer ngram] [--json benchmarks/guard/results.json]``
(about five minutes on two cores). Needs scikit-learn for AUROC.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from guard_corpus import splits  # noqa: E402

from aiwarden.guard import Guard  # noqa: E402

TRIGGER_WORDS = ("prompt", "system", "ignore", "override", "bypass", "pretend", "act as", "role", "persona",
                 "jailbreak", "dan", "instructions", "forget", "disregard", "previous", "unfiltered", "developer mode",
                 "password", "secret", "confidential", "admin", "root", "sudo", "rules", "execute", "reveal")
LATENCY_PROMPTS = 300
ORACLE_FPR = 0.03


def evaluation_rows() -> list[dict]:
    rows = splits.load()
    _, calibration = splits.fit_and_calibration(rows)
    out = [dict(r, part="held-out") for r in splits.heldout_rows(rows)]
    out += [dict(r, part="calibration") for r in calibration]
    return out


def score_rows(tier: str, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    guard = Guard(tier=tier)
    if guard.active_tier() != tier:
        raise SystemExit(f"tier {tier} is not available here (pip install -e '.[guard-model]')")
    flagged, scores = np.zeros(len(rows), dtype=bool), np.zeros(len(rows))
    for i, row in enumerate(rows):
        result = guard.scan_input(row["text"], row["channel"])
        flagged[i], scores[i] = result.flagged, result.score
    return flagged, scores


def auroc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    return float(roc_auc_score(labels, scores)) if 0 < labels.sum() < len(labels) else None


def per_source(rows: list[dict], results: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[dict[str, Any]]:
    table = []
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[(row["part"], row["source"])].append(i)
    for (part, source), idx in sorted(groups.items()):
        labels = np.array([rows[i]["label"] for i in idx])
        entry: dict[str, Any] = {"part": part, "source": source, "attack": int(labels.sum()),
                                 "benign": int(len(labels) - labels.sum())}
        for tier, (flagged, scores) in results.items():
            f, s = flagged[idx], scores[idx]
            entry[tier] = {"recall": float(f[labels == 1].mean()) if labels.sum() else None,
                           "fpr": float(f[labels == 0].mean()) if (labels == 0).any() else None,
                           "auroc": auroc(labels, s)}
        table.append(entry)
    return table


def pooled(rows: list[dict], results: dict[str, tuple[np.ndarray, np.ndarray]], part: str) -> dict[str, Any]:
    idx = [i for i, r in enumerate(rows) if r["part"] == part]
    labels = np.array([rows[i]["label"] for i in idx])
    out: dict[str, Any] = {"attack": int(labels.sum()), "benign": int(len(labels) - labels.sum())}
    for tier, (flagged, scores) in results.items():
        f, s = flagged[idx], scores[idx]
        # Macro figures weigh every source equally, so one large source does not hide another's misses.
        sources = sorted({rows[i]["source"] for i in idx})
        src = np.array([rows[i]["source"] for i in idx])
        recalls = [f[(src == x) & (labels == 1)].mean() for x in sources if ((src == x) & (labels == 1)).any()]
        fprs = [f[(src == x) & (labels == 0)].mean() for x in sources if ((src == x) & (labels == 0)).any()]
        benign_scores = np.sort(s[labels == 0])[::-1]
        oracle = benign_scores[int(ORACLE_FPR * len(benign_scores))] if len(benign_scores) else 1.0
        out[tier] = {"recall": float(f[labels == 1].mean()), "fpr": float(f[labels == 0].mean()),
                     "macro_recall": float(np.mean(recalls)), "macro_fpr": float(np.mean(fprs)),
                     "auroc": auroc(labels, s),
                     "recall_at_oracle_fpr_0.03": float((s[labels == 1] > oracle).mean())}
    return out


def over_defence(rows: list[dict], results: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[dict[str, Any]]:
    benign = [i for i, r in enumerate(rows) if r["label"] == 0]
    table = []
    for word in TRIGGER_WORDS:
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        idx = [i for i in benign if pattern.search(rows[i]["text"])]
        entry: dict[str, Any] = {"word": word, "benign_rows": len(idx)}
        for tier, (flagged, _) in results.items():
            entry[tier] = float(flagged[idx].mean()) if idx else None
        table.append(entry)
    return table


LATENCY_CHILD = r"""
import json, os, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from aiwarden.guard import Guard
tier, prompts = sys.argv[1], json.loads(sys.stdin.read())
guard = Guard(tier=tier)
for text in prompts[:10]:
    guard.scan_input(text)
wall, cpu = [], []
for text in prompts:
    w, c = time.perf_counter(), time.process_time()
    guard.scan_input(text)
    wall.append(time.perf_counter() - w); cpu.append(time.process_time() - c)
wall.sort(); cpu.sort()
pick = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))] * 1000
# VmHWM, not ru_maxrss: the latter can carry the forked parent's peak across exec
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"p50_ms": pick(wall, 0.5), "p99_ms": pick(wall, 0.99), "cpu_p50_ms": pick(cpu, 0.5),
                  "cpu_p99_ms": pick(cpu, 0.99), "max_rss_mb": rss}))
"""


def latency(tier: str, rows: list[dict]) -> dict[str, float]:
    """Per 1,000-character prompt, in a fresh process pinned to one core (its RSS is the guard's alone)."""
    texts = [r["text"] for r in rows if r["part"] == "held-out"]
    prompts, current = [], ""
    for text in texts:
        current += text + "\n"
        if len(current) >= 1000:
            prompts.append(current[:1000])
            current = ""
        if len(prompts) == LATENCY_PROMPTS:
            break
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", LATENCY_CHILD, tier], input=json.dumps(prompts), text=True,
                         capture_output=True, env=env, check=True)
    return dict(json.loads(out.stdout), prompts=len(prompts))


def _f(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def print_report(report: dict[str, Any], tiers: list[str]) -> None:
    print("\n## Per source (whole guard at the shipped thresholds)\n")
    print(f"{'part':11s} {'source':28s} {'att':>5s} {'ben':>5s}  " +
          "  ".join(f"{t[:11]:>11s} rec/fpr/auc" for t in tiers))
    for e in report["per_source"]:
        cells = []
        for t in tiers:
            m = e[t]
            cells.append(f"{_f(m['recall'])} {_f(m['fpr'])} {_f(m['auroc'])}")
        print(f"{e['part']:11s} {e['source'][:28]:28s} {e['attack']:5d} {e['benign']:5d}  " + "  ".join(
            f"{c:>23s}" for c in cells))
    for part in ("held-out", "calibration"):
        p = report["pooled"][part]
        print(f"\n## Pooled {part} ({p['attack']} attacks, {p['benign']} benign)\n")
        for t in tiers:
            m = p[t]
            print(f"{t:12s} recall {m['recall']:.3f} FPR {m['fpr']:.4f}  macro recall {m['macro_recall']:.3f} "
                  f"macro FPR {m['macro_fpr']:.4f}  AUROC {_f(m['auroc'])}  "
                  f"recall at oracle FPR 0.03: {m['recall_at_oracle_fpr_0.03']:.3f}")
    print("\n## Over-defence: FPR per trigger word (benign rows not fitted on)\n")
    print(f"{'word':16s} {'rows':>6s}  " + "  ".join(f"{t:>12s}" for t in tiers))
    for e in report["over_defence"]:
        print(f"{e['word']:16s} {e['benign_rows']:6d}  " + "  ".join(f"{_f(e[t]):>12s}" for t in tiers))
    if report.get("latency"):
        print("\n## Latency per 1,000-character prompt, one core\n")
        for t, m in report["latency"].items():
            print(f"{t:12s} p50 {m['p50_ms']:.2f} ms  p99 {m['p99_ms']:.2f} ms  (CPU p50 {m['cpu_p50_ms']:.2f}, "
                  f"p99 {m['cpu_p99_ms']:.2f})  peak RSS {m['max_rss_mb']:.0f} MB  over {m['prompts']} prompts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tiers", nargs="+", default=["transformer", "ngram"], choices=("transformer", "ngram"))
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--no-latency", action="store_true")
    args = parser.parse_args()
    rows = evaluation_rows()
    results = {}
    for tier in args.tiers:
        started = time.time()
        results[tier] = score_rows(tier, rows)
        print(f"{tier}: scored {len(rows)} rows in {time.time() - started:.0f} s", file=sys.stderr)
    report: dict[str, Any] = {
        "per_source": per_source(rows, results),
        "pooled": {part: pooled(rows, results, part) for part in ("held-out", "calibration")},
        "over_defence": over_defence(rows, results),
        "latency": {} if args.no_latency else {tier: latency(tier, rows) for tier in args.tiers},
    }
    print_report(report, args.tiers)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
