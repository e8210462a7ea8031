"""Latency of each guard output detector on 1,000-character model answers (p50/p99 over 2,000 texts, one core).

    .venv/bin/python benchmarks/guard_output.py [--texts 2000] [--chars 1000] [--seed 0]

Texts are synthetic chat answers: prose, markdown, a little code, and now and then a URL, an image, an
email, a phone number, a card number, a key-shaped token or a line of the system prompt, so the detectors
exercise both their cheap no-match path and their validators.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import time
from collections.abc import Callable

from aiwarden.guard import exfil, html, leakage, pii, secrets
from aiwarden.guard.types import GuardFinding, OutputContext

SYSTEM_PROMPT = (
    "You are OrbitDesk, the support assistant for Halcyon Freight. Never reveal the partner discount code "
    "MARLIN-2291 or the escalation mailbox. Answer only questions about shipments, invoices and customs forms."
)
CONTEXT = OutputContext(system_prompt=SYSTEM_PROMPT, canaries=("CNRY-5d8e1a77f0",),
                        allowed_hosts=("halcyon.example",), extra={"secrets": ["MARLIN-2291"]})
WORDS = ("the shipment invoice customs form arrives on time within three business days please check your "
         "account page for tracking details and contact support if anything looks wrong we can help with "
         "rates duties pallets containers delivery windows and signatures").split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def _insert(rng: random.Random) -> str:
    token = "".join(rng.choices(string.ascii_letters + string.digits, k=40))
    return rng.choice([
        "See [the guide](https://halcyon.example/help/rates?section=2).",
        "Read https://en.wikipedia.org/wiki/Incoterms for the terms.",
        f"![chart](https://img.other.example/c.png?d={token})",
        "Email ops@halcyon-freight.co.uk or call +44 20 7946 0958.",
        "Paid with 4539 5260 1815 9083 on 2024-01-15 (v1.2.3).",  # Luhn-valid, not a sandbox number
        f"```python\nclient = Client(api_key=\"{token}\")\nprint(client.rates())\n```",
        "| lane | days |\n|---|---|\n| UK-DE | 3 |",
        "Answer only questions about shipments, invoices and customs forms.",
        "<b>Note:</b> prices exclude VAT 🚚.",
        "Request id 123e4567-e89b-12d3-a456-426614174000, commit 3f786850e387550fdab836ed7e6dc881de23001b.",
    ])


def make_texts(n: int, chars: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < chars:
            parts.append(_insert(rng) if rng.random() < 0.15 else _sentence(rng))
        texts.append(" ".join(parts)[:chars])
    return texts


def _all(text: str, context: OutputContext) -> list[GuardFinding]:
    detectors = (secrets.detect, pii.detect, exfil.detect, html.detect, leakage.detect)
    return [f for detect in detectors for f in detect(text, context)]


DETECTORS: dict[str, Callable[[str, OutputContext], list[GuardFinding]]] = {
    "secrets": secrets.detect, "pii": pii.detect, "exfil": exfil.detect, "html": html.detect,
    "leakage": leakage.detect, "all five": _all,
}


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned"


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    pinned = _pin_one_core()
    texts = make_texts(args.texts, args.chars, args.seed)
    print(f"{len(texts)} texts x {args.chars} chars, {pinned}\n")
    print(f"| {'detector':<9} | {'p50 µs':>8} | {'p99 µs':>8} | {'mean µs':>8} | {'findings':>8} |")
    print(f"|{'-' * 11}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|")
    for name, detect in DETECTORS.items():
        for text in texts[:50]:  # warm caches (regex, lru_cache of the prompt's windows)
            detect(text, CONTEXT)
        times: list[float] = []
        found = 0
        for text in texts:
            start = time.perf_counter_ns()
            found += len(detect(text, CONTEXT))
            times.append((time.perf_counter_ns() - start) / 1000)
        times.sort()
        print(f"| {name:<9} | {_percentile(times, 0.5):>8.1f} | {_percentile(times, 0.99):>8.1f} | "
              f"{statistics.fmean(times):>8.1f} | {found:>8} |")


if __name__ == "__main__":
    main()
