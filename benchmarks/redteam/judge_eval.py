"""Precision and recall of the red-team judges on the labelled calibration sets, optionally beside garak's detectors.

    python benchmarks/redteam/judge_eval.py [--verbose] [--garak /path/to/garak-venv/bin/python]

Every *.jsonl under benchmarks/redteam/calibration/ is read and reported on its own. With --garak, the same
replies go through garak's comparable detectors in that interpreter (a subprocess; HF_HUB_OFFLINE=1), and their
precision and recall are printed beside ours for the records each detector applies to.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aiwarden.redteam.calibration import CalibrationRecord, judge_input, load
from aiwarden.redteam.judges import judge_attempt

CALIBRATION = Path(__file__).with_name("calibration")
GARAK_RUNNER = Path(__file__).with_name("garak_detectors.py")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def evaluate(records: list[CalibrationRecord]) -> tuple[dict[str, Score], list[tuple[CalibrationRecord, str]], float]:
    """Per-judge scores, the misclassified records (with the judge's reason) and the mean time per record (ms)."""
    scores: dict[str, Score] = defaultdict(Score)
    wrong: list[tuple[CalibrationRecord, str]] = []
    started = time.perf_counter()
    for record in records:
        verdict = judge_attempt(judge_input(record))
        scores[record.judge].add(verdict.success, record.success)
        if verdict.success != record.success:
            wrong.append((record, f"{verdict.label}: {verdict.reason}"))
    elapsed = (time.perf_counter() - started) * 1000 / max(len(records), 1)
    return dict(scores), wrong, elapsed


def garak_scores(python: str, records: list[CalibrationRecord]) -> dict[str, dict[str, Score]]:
    """Run garak's detectors over the replies in ``python`` (a venv with garak); per judge, per detector."""
    payload = [{"id": r.id, "judge": r.judge, "params": r.params, "prompt": r.prompt, "text": r.reply.get("text") or "",
                "secrets": r.secrets} for r in records]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([python, str(GARAK_RUNNER)], input=json.dumps(payload), capture_output=True, text=True,
                          env=env, check=False, cwd=str(Path(__file__).parent), timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"garak detectors failed:\n{done.stderr[-2000:]}")
    results: dict[str, dict[str, float | None]] = json.loads(done.stdout)
    truth = {r.id: r for r in records}
    out: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    for record_id, by_detector in results.items():
        record = truth[record_id]
        for detector, score in by_detector.items():
            if score is not None:
                out[record.judge][detector].add(score >= 0.5, record.success)
    return out


def _row(name: str, score: Score) -> str:
    return (f"  {name:34} n={score.n:4}  P={score.precision:.3f}  R={score.recall:.3f}  F1={score.f1:.3f}  "
            f"(tp={score.tp} fp={score.fp} fn={score.fn} tn={score.tn})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list the misclassified record ids")
    parser.add_argument("--garak", metavar="VENV_PYTHON", help="python of a venv with garak installed")
    parser.add_argument("--dir", type=Path, default=CALIBRATION, help="folder of calibration *.jsonl files")
    args = parser.parse_args(argv)
    files = sorted(args.dir.glob("*.jsonl"))
    if not files:
        print(f"no calibration files in {args.dir}", file=sys.stderr)
        return 1
    for path in files:
        records = load(path)
        scores, wrong, per_record = evaluate(records)
        total = Score()
        for score in scores.values():
            total.tp, total.fp, total.fn, total.tn = (total.tp + score.tp, total.fp + score.fp, total.fn + score.fn,
                                                      total.tn + score.tn)
        print(f"{path.name}: {len(records)} records, {per_record:.2f} ms per record")
        garak = garak_scores(args.garak, records) if args.garak else {}
        for judge in sorted(scores):
            print(_row(f"aiwarden {judge}", scores[judge]))
            for detector, score in sorted(garak.get(judge, {}).items()):
                print(_row(f"  garak {detector}", score))
        print(_row("aiwarden all judges", total))
        if args.verbose and wrong:
            print("  misclassified:")
            for record, why in wrong:
                print(f"    {record.id} [{record.label}/{record.why}] judged {why[:150]}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
