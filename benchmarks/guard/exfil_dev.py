"""Blocking recall and false-alarm rate of the exfiltration detector on the development set.

    .venv/bin/python benchmarks/guard/exfil_dev.py [--misses]

The set (``benchmarks/guard/exfil_dev/``) is written apart from the held-out evaluation in ``output_eval``:
``published`` rebuilds answer shapes from garak (Apache-2.0), promptfoo (MIT), testpattern.dev and Johann
Rehberger's write-ups, with our own values; ``grid`` crosses 28 rendering channels with 10 carriers and 8
payloads, and renders benign images and links (avatars, badges, diagrams, maps, CDNs, docs, search and share
links, links with the user's own words) through the same channels.

A positive counts when ``Guard(use_model=False).scan_output`` gives an exfiltration finding at HIGH or above
(it blocks); a benign answer is a false alarm when the guard's action is "block". Both run without context
(the default ``OutputContext``, as the gateway calls it) and with the conversation's secrets and user input.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.guard.exfil_dev import grid, published

from aiwarden.core.findings import Severity
from aiwarden.guard.guard import Guard
from aiwarden.guard.types import OutputContext

EMPTY = OutputContext()
_GUARD = Guard(use_model=False)


def blocks_exfil(text: str, ctx: OutputContext) -> bool:
    return any(f.detector == "exfiltration" and f.severity >= Severity.HIGH
               for f in _GUARD.scan_output(text, ctx).findings)


def blocked(text: str, ctx: OutputContext) -> bool:
    return _GUARD.scan_output(text, ctx).action == "block"


def _table(title: str, rows: dict[str, list[bool]], columns: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"| {'group':<26} | {'n':>4} | " + " | ".join(f"{c:>10}" for c in columns) + " |")
    print(f"|{'-' * 28}|{'-' * 5}:|" + "|".join("-" * 11 + ":" for _ in columns) + "|")
    for name, hits in sorted(rows.items()):
        n = len(hits) // len(columns)
        rates = [sum(hits[i::len(columns)]) / n for i in range(len(columns))]
        print(f"| {name:<26} | {n:>4} | " + " | ".join(f"{r:>10.3f}" for r in rates) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print positives that do not block without context")
    args = parser.parse_args(argv)
    columns = ("no context", "context")
    by: dict[str, dict[str, list[bool]]] = {"channel": defaultdict(list), "carrier": defaultdict(list),
                                            "payload": defaultdict(list), "set": defaultdict(list)}
    misses = []
    for case in grid.positives():
        for ctx in (EMPTY, grid.CONTEXT):
            hit = blocks_exfil(case.text, ctx)
            for key, group in (("channel", case.channel), ("carrier", case.carrier), ("payload", case.payload),
                               ("set", "grid")):
                by[key][group].append(hit)
            if not hit and ctx is EMPTY:
                misses.append(f"{case.channel}/{case.carrier}/{case.payload}: {case.text[:160]!r}")
    for source, name, text in published.POSITIVES:
        for ctx in (EMPTY, grid.CONTEXT):
            hit = blocks_exfil(text, ctx)
            by["set"][f"published/{source}"].append(hit)
            if not hit and ctx is EMPTY:
                misses.append(f"published/{source}/{name}: {text[:160]!r}")
    for key in ("set", "channel", "carrier", "payload"):
        _table(f"Blocking recall by {key}", by[key], columns)

    fp: dict[str, dict[str, list[bool]]] = {"kind": defaultdict(list), "channel": defaultdict(list)}
    alarms = []
    benign = [(c.carrier, c.channel, c.text) for c in grid.benign()]
    benign += [(f"published/{s}", "as written", t) for s, _, t in published.BENIGN]
    for kind, channel, text in benign:
        for ctx in (EMPTY, grid.CONTEXT):
            hit = blocked(text, ctx)
            fp["kind"][kind].append(hit)
            fp["channel"][channel].append(hit)
            if hit and ctx is EMPTY:
                alarms.append(f"{kind}/{channel}: {text[:160]!r}")
    total = [h for hits in fp["kind"].values() for h in hits]
    fp["kind"]["ALL"] = total
    _table("False alarms (guard blocks) on benign twins by kind", fp["kind"], columns)
    _table("False alarms by channel", fp["channel"], columns)
    if args.misses:
        print("\nMisses without context:", *misses, sep="\n")
        print("\nFalse alarms without context:", *alarms, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
