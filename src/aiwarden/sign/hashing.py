"""Hash files fast: SHA-256 through hashlib (OpenSSL, SHA-NI; the GIL is released while hashing),
one thread per core over files, mmap windows dropped from the process as soon as they are hashed
so resident memory stays flat however large the model is."""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from aiwarden.core.errors import UsageError


class Hasher(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...

    def hexdigest(self) -> str: ...


WINDOW = 16 * 1024 * 1024
SLICE = 8 * 1024 * 1024
ALGORITHMS: dict[str, Callable[[], Hasher]] = {
    "sha256": hashlib.sha256,
    "blake2b": hashlib.blake2b,  # 512-bit, as model_signing's "blake2b"
}


def new_hash(algorithm: str) -> Hasher:
    try:
        return ALGORITHMS[algorithm]()
    except KeyError:
        raise UsageError(f"unsupported hash algorithm {algorithm!r} (supported: sha256, blake2b)") from None


def hash_range(path: str, algorithm: str = "sha256", start: int = 0, end: int | None = None) -> str:
    """Hex digest of bytes [start, end) of a file (the whole file by default)."""
    digest = new_hash(algorithm)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            stop = size if end is None else min(end, size)
            if stop <= start:
                return digest.hexdigest()
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                if hasattr(mapped, "madvise"):
                    mapped.madvise(mmap.MADV_SEQUENTIAL)
                view = memoryview(mapped)
                try:
                    position = start
                    while position < stop:
                        window_end = min(stop, position + WINDOW)
                        for offset in range(position, window_end, SLICE):
                            digest.update(view[offset : min(window_end, offset + SLICE)])
                        _drop(mapped, position, window_end)
                        position = window_end
                finally:
                    view.release()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _drop(mapped: mmap.mmap, start: int, end: int) -> None:
    """Release hashed pages from this process (they stay in the page cache for other readers)."""
    if not hasattr(mapped, "madvise"):
        return
    page = mmap.PAGESIZE
    aligned = start - start % page
    with contextlib.suppress(OSError, ValueError):
        mapped.madvise(mmap.MADV_DONTNEED, aligned, end - aligned)


def hash_files(paths: Sequence[tuple[str, int]], algorithm: str = "sha256", workers: int | None = None
               ) -> list[str]:
    """Digests of (path, size) pairs, in input order; biggest files start first to balance the cores."""
    workers = workers or os.cpu_count() or 1
    order = sorted(range(len(paths)), key=lambda i: -paths[i][1])
    results: list[str] = [""] * len(paths)
    if workers == 1 or len(paths) <= 1:
        for i in order:
            results[i] = hash_range(paths[i][0], algorithm)
        return results
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(hash_range, paths[i][0], algorithm) for i in order}
        for i, future in futures.items():
            results[i] = future.result()
    return results
