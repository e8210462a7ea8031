"""Secrets detector, offline: recall on generated provider-format credentials, false alarms on hard negatives,
recall on exact-format keys and false alarms on their near misses (what scanners' rule tests mark "should not
match"), and false alarms per 100k characters of real benign text found on this machine (installed package docs).

    .venv/bin/python benchmarks/guard_secrets_offline.py [--seeds 5] [--max-chars 3000000] [--show 10]

To measure another version, put its ``src`` first on PYTHONPATH. A finding counts when it is above INFO
(placeholders and test-mode keys are INFO by design); a positive counts as found when such a finding's span
covers the whole secret.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.guard.secret_nearmiss_samples import near_misses
from tests.guard.secret_nearmiss_samples import positives as exact_positives
from tests.guard.secret_samples import negatives, positives

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CONTEXT = OutputContext()
DOC_ROOTS = (Path("/usr/share/doc"), Path(sys.prefix) / "lib")
DOC_SUFFIXES = (".md", ".rst", ".txt", ".gz", "METADATA", "README", "NEWS", "changelog", ".py", ".toml", ".cfg",
                ".json", ".yaml", ".yml", ".sh", ".ini")
CHUNK = 1000
PER_FILE = 20_000  # characters per file, so no one file dominates


def _blocking(text: str) -> list[tuple[int, int, str]]:
    return [(*f.span, f.rule_id) for f in secrets.detect(text, CONTEXT) if f.severity > Severity.INFO and f.span]


def recall(seeds: int) -> tuple[int, int, Counter[str]]:
    found, total, missed = 0, 0, Counter[str]()
    for seed in range(seeds):
        for family, text, secret in positives(seed):
            at = text.find(secret)
            total += 1
            if any(s <= at and e >= at + len(secret) for s, e, _ in _blocking(text)):
                found += 1
            else:
                missed[family] += 1
    return found, total, missed


def false_alarms(seeds: int) -> tuple[int, int, list[str]]:
    flagged, total, examples = 0, 0, []
    for seed in range(seeds):
        for text in negatives(seed + 100):
            total += 1
            if _blocking(text):
                flagged += 1
                examples.append(text[:80])
    return flagged, total, examples


# Near misses one or two characters off a format, or with a failing checksum, are redacted as medium by design.
REPAIRABLE = frozenset({"one-short", "one-long", "bad-checksum"})


def exact_formats(seeds: int) -> tuple[float, float, Counter[str], list[str]]:
    """Recall on exact-format keys in ten contexts, false-alarm rate on their near misses (by kind)."""
    found = total = 0
    for seed in range(seeds):
        for _, text, key in exact_positives(seed):
            at = text.find(key)
            total += 1
            found += any(s <= at and e >= at + len(key) for s, e, _ in _blocking(text))
    flagged, examples, negs = Counter[str](), [], 0
    for seed in range(seeds):
        for kind, text in near_misses(seed + 100):
            if kind in REPAIRABLE:
                continue  # one repair from a live key: redacted as medium by design (docs/guard-output.md)
            negs += 1
            if _blocking(text):
                flagged[kind] += 1
                examples.append(f"{kind}: {text[:80]!r}")
    return found / total, sum(flagged.values()) / negs, flagged, examples


def _doc_files() -> Iterator[Path]:
    for root in DOC_ROOTS:
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.name.endswith(DOC_SUFFIXES) and "aiwarden" not in str(path):
                    yield path


def _read(path: Path) -> str:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""
    return raw[:PER_FILE].decode("utf-8", "replace")


def benign(max_chars: int) -> tuple[int, Counter[str], list[str]]:
    chars, rules, examples = 0, Counter[str](), []
    files = list(_doc_files())
    random.Random(0).shuffle(files)  # a fixed mix of docs, changelogs, code and configs
    for path in files:
        text = _read(path)
        for i in range(0, len(text), CHUNK):
            chunk = text[i:i + CHUNK]
            for start, end, rule in _blocking(chunk):
                rules[rule] += 1
                examples.append(f"{rule}: {chunk[max(0, start - 30):end + 10]!r} ({path.name})")
            chars += len(chunk)
            if chars >= max_chars:
                return chars, rules, examples
    return chars, rules, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--max-chars", type=int, default=3_000_000)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    found, total, missed = recall(args.seeds)
    print(f"recall on generated credentials: {found}/{total} = {found / total:.3f}; missed by family: "
          f"{dict(missed.most_common())}")
    flagged, negs, neg_examples = false_alarms(args.seeds)
    print(f"false alarms on hard negatives: {flagged}/{negs} = {flagged / negs:.3f}")
    for example in neg_examples[: args.show]:
        print("   ", repr(example))
    exact_recall, near_fpr, by_kind, near_examples = exact_formats(args.seeds)
    print(f"exact-format keys: recall {exact_recall:.3f}; non-repairable near misses: false-alarm rate {near_fpr:.3f} "
          f"{dict(by_kind.most_common())}")
    for example in near_examples[: args.show]:
        print("   ", example)
    chars, rules, examples = benign(args.max_chars)
    count = sum(rules.values())
    print(f"benign docs: {count} findings in {chars:,} chars = {count * 100_000 / max(chars, 1):.2f} per 100k chars; "
          f"{dict(rules.most_common(8))}")
    for example in examples[: args.show]:
        print("   ", example[:200])


if __name__ == "__main__":
    main()
