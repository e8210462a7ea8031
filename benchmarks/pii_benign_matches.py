"""PII matches per 100,000 characters of benign text found on this machine (package docs, licences and
changelogs under /usr/share/doc, man pages, the installed packages' METADATA and Python sources), per rule.

    .venv/bin/python benchmarks/pii_benign_matches.py [--max-mb 40] [--compare-module PATH] [--show 5]

Benign here means "written for documentation": emails in changelogs and copyright files are real people's
addresses and count as true matches, so the table lists every rule separately and shows samples to judge.
``--compare-module`` loads another version of pii.py (e.g. ``git show main:src/aiwarden/guard/pii.py``) and
reports it beside the current one.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import random
import sys
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from aiwarden.core.findings import Severity
from aiwarden.guard import pii
from aiwarden.guard.types import GuardFinding, OutputContext

CHUNK = 1000  # the guard sees model answers: scan in answer-sized pieces so boundaries behave as in use


def _read(path: Path) -> str:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""
    if b"\0" in raw[:4096]:
        return ""
    return raw.decode("utf-8", "replace")


def _sources() -> Iterator[tuple[str, Path]]:
    site = Path(sysconfig.get_paths()["purelib"])
    yield from (("site-packages METADATA", p) for p in sorted(site.glob("*.dist-info/METADATA")))
    yield from (("site-packages .py", p) for p in sorted(site.rglob("*.py")))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    yield from (("Python docs (pydoc topics) and stdlib", p) for p in sorted(stdlib.glob("**/*.py")))
    yield from (("/usr/share/doc", p) for p in sorted(Path("/usr/share/doc").rglob("*")) if p.is_file())
    yield from (("/usr/share/man", p) for p in sorted(Path("/usr/share/man/man1").glob("*.gz")))


def corpus(max_chars: int, seed: int) -> dict[str, list[str]]:
    """Up to ``max_chars`` of text per source, from files sampled in a fixed order."""
    by_source: dict[str, list[Path]] = collections.defaultdict(list)
    for source, path in _sources():
        by_source[source].append(path)
    rng = random.Random(seed)
    texts: dict[str, list[str]] = {}
    for source, paths in by_source.items():
        rng.shuffle(paths)
        chunks: list[str] = []
        total = 0
        for path in paths:
            text = _read(path)
            for i in range(0, len(text), CHUNK):
                chunks.append(text[i:i + CHUNK])
            total += len(text)
            if total >= max_chars:
                break
        texts[source] = chunks
    return texts


def _load(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_compare", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_compare"] = module
    spec.loader.exec_module(module)
    return module


def measure(detect: Callable[[str, OutputContext], list[GuardFinding]], texts: dict[str, list[str]],
            show: int) -> None:
    ctx = OutputContext()
    chars = sum(len(c) for chunks in texts.values() for c in chunks)
    counts: collections.Counter[tuple[str, bool]] = collections.Counter()
    samples: dict[str, list[str]] = collections.defaultdict(list)
    for chunks in texts.values():
        for chunk in chunks:
            for f in detect(chunk, ctx):
                info = f.severity == Severity.INFO
                counts[(f.rule_id, info)] += 1
                if not info and len(samples[f.rule_id]) < show and f.span:
                    s, e = f.span
                    samples[f.rule_id].append(repr(chunk[max(0, s - 30):e + 10]))
    print(f"{chars:,} characters; matches per 100k characters (redacted / info)")
    for rule in sorted({r for r, _ in counts}):
        print(f"  {rule:<22} {counts[(rule, False)] * 1e5 / chars:8.2f}  / {counts[(rule, True)] * 1e5 / chars:6.2f}")
        for sample in samples[rule]:
            print(f"      {sample}")
    redacted = sum(n for (_, info), n in counts.items() if not info)
    print(f"  {'all redacted':<22} {redacted * 1e5 / chars:8.2f}")
    no_email = sum(n for (r, info), n in counts.items() if not info and r != "pii.email")
    print(f"  {'redacted, not email':<22} {no_email * 1e5 / chars:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--max-mb", type=float, default=4.0, help="characters per source, in millions")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--compare-module")
    args = parser.parse_args()
    texts = corpus(int(args.max_mb * 1e6), args.seed)
    for source, chunks in texts.items():
        print(f"{source}: {sum(len(c) for c in chunks):,} characters")
    if args.compare_module:
        print(f"\n== {args.compare_module}")
        measure(_load(args.compare_module).detect, texts, args.show)
    print("\n== aiwarden.guard.pii (this tree)")
    measure(pii.detect, texts, args.show)


if __name__ == "__main__":
    main()
