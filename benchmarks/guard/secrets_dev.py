"""The output guard's secret detection on the development set (benchmarks/guard/secrets_dev/), per source.

    .venv/bin/python benchmarks/guard/secrets_dev.py [--show-errors]

The development set is other scanners' own labelled test fixtures (secretlint, ripsecrets, whispers; sources,
commits and licences in secrets_dev/SOURCES.md, rebuilt by secrets_dev/build.py). It is what secret detection
is developed against; the independent evaluation (output_eval.py) is a different set, from different authors.

Each record's text goes through ``Guard(use_model=False).scan_output(text)``:
- positive (label 1) found: a ``secrets`` finding above INFO that overlaps a labelled span and redacts or blocks;
- negative (label 0) false alarm: the guard's action is not ``allow`` (any detector, anywhere in the text).
``--show-errors`` prints the misses and false alarms (this set may be read; the evaluation set may not).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from aiwarden.core.findings import Severity  # noqa: E402
from aiwarden.guard import Guard  # noqa: E402

DATA = Path(__file__).resolve().parent / "secrets_dev" / "data"


def _found(record: dict[str, Any], guard: Guard) -> bool:
    result = guard.scan_output(record["text"])
    if record["label"] == 0:
        return result.action != "allow"
    for finding in result.findings:
        if finding.detector != "secrets" or finding.severity <= Severity.INFO or finding.span is None:
            continue
        acted = finding.replacement is not None or finding.severity >= Severity.HIGH
        if acted and any(finding.span[0] < end and start < finding.span[1] for start, end in record["spans"]):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-errors", action="store_true", help="print every miss and false alarm")
    args = parser.parse_args()
    guard = Guard(use_model=False)
    tally: dict[tuple[str, int], list[bool]] = defaultdict(list)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            flagged = _found(record, guard)
            tally[(record["source"], record["label"])].append(flagged)
            if args.show_errors and flagged != bool(record["label"]):
                kind = "MISS" if record["label"] else "FALSE-ALARM"
                print(f"{kind} {record['id']}: {record['text'][:200]!r}")
    print(f"{'source':<12} {'recall':>8} {'n+':>5} {'FPR':>8} {'n-':>5}")
    for source in sorted({s for s, _ in tally} | {"all"}):
        pos = [v for (s, label), vs in tally.items() if label == 1 and source in (s, "all") for v in vs]
        neg = [v for (s, label), vs in tally.items() if label == 0 and source in (s, "all") for v in vs]
        recall = sum(pos) / len(pos) if pos else float("nan")
        fpr = sum(neg) / len(neg) if neg else float("nan")
        print(f"{source:<12} {recall:>8.3f} {len(pos):>5} {fpr:>8.3f} {len(neg):>5}")


if __name__ == "__main__":
    main()
