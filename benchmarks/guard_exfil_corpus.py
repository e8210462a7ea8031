"""Recall and false-alarm rate of the exfiltration detector on the test corpora, with and without context.

    .venv/bin/python benchmarks/guard_exfil_corpus.py

Blocking means a finding at HIGH or above. The corpora are the hand-written sets in tests/guard
(``exfil_corpus`` for v2's channel-by-carrier grid, ``exfil_corpus_v3`` for what must block without any
conversation context); they measure the rules they were written beside, not an independent set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.guard import exfil_corpus as v2
from tests.guard import exfil_corpus_v3 as v3

from aiwarden.core.findings import Severity
from aiwarden.guard import exfil
from aiwarden.guard.types import OutputContext

EMPTY = OutputContext()


def _blocks(text: str, ctx: OutputContext) -> bool:
    return any(f.severity >= Severity.HIGH for f in exfil.detect(text, ctx))


def main() -> None:
    positives = {
        "v2 grid (context)": ([c.text for c in v2.positives() if c.blocks], v2.CONTEXT),
        "v2 no-context carriers": ([c.text for c in v2.positives() if c.blocks and c.carrier in {
            "text-base64", "text-hex", "dns-base32", "dns-base32-labels", "narrated-summary", "narrated-q",
            "sensitive-pin", "credential-param", "token-param", "email-in-query", "card-in-query"}], EMPTY),
        "v3 collectors": ([t for _, t in v3.COLLECTORS], EMPTY),
        "v3 sequences": ([t for _, t in v3.SEQUENCES], EMPTY),
        "v3 subdomains": ([t for _, t in v3.SUBDOMAINS], EMPTY),
        "v3 short secrets": ([t for _, t in v3.SHORT_SECRETS], EMPTY),
        "v3 links": ([t for _, t in v3.LINKS], EMPTY),
    }
    benign = {
        "v2 benign": [t for _, t in v2.BENIGN],
        "v3 benign": [t for _, t in v3.BENIGN],
        "v3 hard benign": [t for _, t in v3.BENIGN_HARD],
        "v3 bare collectors": [t for _, t in v3.COLLECTOR_BARE],
    }
    print(f"| {'set':<24} | {'n':>5} | {'recall':>6} |")
    print(f"|{'-' * 26}|{'-' * 6}:|{'-' * 7}:|")
    for name, (texts, ctx) in positives.items():
        caught = sum(_blocks(t, ctx) for t in texts)
        print(f"| {name:<24} | {len(texts):>5} | {caught / len(texts):>6.3f} |")
    print(f"\n| {'set':<24} | {'n':>5} | {'FPR':>6} |")
    print(f"|{'-' * 26}|{'-' * 6}:|{'-' * 7}:|")
    for name, texts in benign.items():
        blocked = sum(_blocks(t, EMPTY) or _blocks(t, v2.CONTEXT) for t in texts)
        print(f"| {name:<24} | {len(texts):>5} | {blocked / len(texts):>6.3f} |")


if __name__ == "__main__":
    main()
