"""Hashing one large file: aiwarden's read-based hash_range vs a memory-mapped loop, CPU and wall time.

    .venv/bin/python benchmarks/hash_read_vs_mmap.py FILE [--repeat 3]

Reading costs a copy from the page cache; mapping does not, but a mapped file truncated by another process
kills the reader with SIGBUS. This measures what the safe choice costs on this machine.
"""

from __future__ import annotations

import argparse
import hashlib
import mmap
import statistics
import time
from collections.abc import Callable

from aiwarden.sign.hashing import hash_range


def mapped(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        view = memoryview(m)
        for offset in range(0, len(m), 8 << 20):
            digest.update(view[offset: offset + (8 << 20)])
        view.release()
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    methods: dict[str, Callable[[str], str]] = {"read (aiwarden)": hash_range, "mmap": mapped}
    assert len({m(args.file) for m in methods.values()}) == 1  # same digest; also warms the page cache
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in methods}
    for _ in range(args.repeat):
        for name, method in methods.items():  # interleaved, so load from elsewhere hits both
            cpu, wall = time.process_time(), time.perf_counter()
            method(args.file)
            results[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    for name, runs in results.items():
        print(f"{name:<16} cpu {statistics.median(r[0] for r in runs):.3f} s  "
              f"wall {statistics.median(r[1] for r in runs):.3f} s")


if __name__ == "__main__":
    main()
