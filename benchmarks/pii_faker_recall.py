"""Address recall on Faker's per-locale generators, and address false alarms on benign text.

    .venv/bin/python benchmarks/pii_faker_recall.py [--per-locale 200] [--seed 0] [--show 3] [--no-benign]

Recall: each Faker locale that has its own address provider writes ``--per-locale`` addresses; each is put in a
sentence ("Please ship it to {address}. Thanks!") and counts as found when an address finding that is redacted
(above info) overlaps it. (National ids and phones from Faker's generators: benchmarks/pii_faker_ids_phones.py.)
False alarms: the repo's test data and docs and the Python documentation under /usr/share/doc/python3.11,
scanned in 1,000-character pieces (the size of an answer); a piece is a false alarm when it has a redacted
address finding (the samples are printed to judge).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import random
import warnings
from collections.abc import Iterator
from pathlib import Path

from aiwarden.core.findings import Severity
from aiwarden.guard import pii
from aiwarden.guard.types import OutputContext

CONTEXT = OutputContext()
ROOT = Path(__file__).resolve().parents[1]
BENIGN_DIRS = (ROOT / "tests" / "data", ROOT / "docs", Path("/usr/share/doc/python3.11"))
BENIGN_SUFFIXES = (".md", ".txt", ".rst", ".yaml", ".yml", ".json", ".jsonl", ".csv", ".html")
TEMPLATES = ("Please ship it to {}. Thanks!", "My address:\n{}\n\nCheers", "{}")


def _own_provider(locale: str, provider: str) -> bool:
    return importlib.util.find_spec(f"faker.providers.{provider}.{locale}") is not None


def _address_locales() -> list[str]:
    from faker.config import AVAILABLE_LOCALES
    return [loc for loc in AVAILABLE_LOCALES if _own_provider(loc, "address")]


def _found(text: str, start: int, end: int, prefix: str) -> bool:
    return any(f.span and f.rule_id.startswith(prefix) and f.severity > Severity.INFO
               and f.span[0] < end and f.span[1] > start for f in pii.detect(text, CONTEXT))


def address_recall(per_locale: int, seed: int, show: int) -> None:
    from faker import Faker
    print(f"| locale | found / {per_locale} | missed, e.g. |\n|---|---:|---|")
    total = hits = 0
    for locale in _address_locales():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fake = Faker(locale)
        fake.seed_instance(seed)
        rng = random.Random(seed)
        found, missed = 0, []
        for _ in range(per_locale):
            address = fake.address()
            template = rng.choice(TEMPLATES)
            start = template.index("{}")
            text = template.format(address)
            if _found(text, start, start + len(address), "pii.address"):
                found += 1
            else:
                missed.append(address)
        total += per_locale
        hits += found
        examples = " · ".join(repr(m)[:70] for m in missed[:show])
        print(f"| {locale} | {found} | {examples} |")
    print(f"\naddresses: {hits}/{total} = {hits / total:.3f}\n")


def benign_pieces(suffixes: tuple[str, ...] = BENIGN_SUFFIXES) -> Iterator[tuple[str, str]]:
    """(path, 1,000-character piece) of every benign file with one of ``suffixes`` under BENIGN_DIRS."""
    for directory in BENIGN_DIRS:
        for path in sorted(directory.rglob("*")):
            if path.suffix not in suffixes or not path.is_file():
                continue
            text = path.read_text("utf-8", "replace")
            for i in range(0, len(text), 1000):
                yield str(path), text[i:i + 1000]


def benign_false_alarms(show: int) -> None:
    pieces = alarms = 0
    samples: dict[str, list[str]] = collections.defaultdict(list)
    for path, piece in benign_pieces():
        pieces += 1
        hits = [piece[f.span[0]:f.span[1]] for f in pii.detect(piece, CONTEXT)
                if f.span and f.rule_id == "pii.address" and f.severity > Severity.INFO]
        if hits:
            alarms += 1
            samples[path].extend(hits)
    print(f"benign pieces with an address finding: {alarms}/{pieces} = {alarms / max(pieces, 1):.4f}")
    for path, hits in list(samples.items())[: show * 10]:
        print(f"  {path}: {hits[:3]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--per-locale", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--no-benign", action="store_true")
    args = parser.parse_args()
    address_recall(args.per_locale, args.seed, args.show)
    if not args.no_benign:
        benign_false_alarms(args.show)


if __name__ == "__main__":
    main()
