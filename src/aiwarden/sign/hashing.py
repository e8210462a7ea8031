"""Hash files fast and safely: SHA-256 through hashlib (OpenSSL, SHA-NI; the GIL is released while
hashing), one thread per core over files, a fixed buffer per file so resident memory stays flat however
large the model is.

Files are read with ``readinto``, not mapped: a mapped file that shrinks while it is hashed kills the
process with SIGBUS, a read simply comes up short. A file whose size differs from the one enumerated,
or that changes size while it is read, raises ``FileChangedError``: the caller decides whether that is a
verification failure or an I/O error.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from aiwarden.core.display import safe_name
from aiwarden.core.errors import AiwardenError, UsageError


class Hasher(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...

    def hexdigest(self) -> str: ...


class FileChangedError(AiwardenError):
    """A file changed (size, type) between enumeration and hashing, or during hashing."""


BUFFER = 4 * 1024 * 1024
ALGORITHMS: dict[str, Callable[[], Hasher]] = {
    "sha256": hashlib.sha256,
    "blake2b": hashlib.blake2b,  # 512-bit, as model_signing's "blake2b"
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def new_hash(algorithm: str) -> Hasher:
    try:
        return ALGORITHMS[algorithm]()
    except KeyError:
        raise UsageError(f"unsupported hash algorithm {algorithm!r} (supported: sha256, blake2b)") from None


def hash_range(path: str, algorithm: str = "sha256", start: int = 0, end: int | None = None,
               expected_size: int | None = None, *, follow_symlinks: bool = False,
               sink: Callable[[memoryview], object] | None = None) -> str:
    """Hex digest of bytes [start, end) of a regular file (the whole file by default). ``sink`` receives
    every block that is hashed (a verified copy is written from exactly these bytes).

    O_NONBLOCK keeps a FIFO swapped in after enumeration from blocking the open; O_NOFOLLOW keeps a link
    swapped in from being followed.
    """
    digest = new_hash(algorithm)
    flags = _OPEN_FLAGS | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UsageError(f"{safe_name(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileChangedError(f"{safe_name(path)}: is no longer a regular file")
        size = info.st_size
        if expected_size is not None and size != expected_size:
            raise FileChangedError(f"{safe_name(path)}: changed size while being hashed ({expected_size} -> {size} "
                                   "bytes)")
        stop = size if end is None else min(end, size)
        _hash_fd(fd, digest, start, stop, path, sink)
        if os.fstat(fd).st_size != size:
            raise FileChangedError(f"{safe_name(path)}: changed size while being hashed")
    except OSError as exc:
        raise UsageError(f"{safe_name(path)}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return digest.hexdigest()


def _hash_fd(fd: int, digest: Hasher, start: int, stop: int, path: str,
             sink: Callable[[memoryview], object] | None) -> None:
    if stop <= start:
        return
    if start:
        os.lseek(fd, start, os.SEEK_SET)
    buffer = bytearray(min(BUFFER, stop - start))
    view = memoryview(buffer)
    remaining = stop - start
    with open(fd, "rb", buffering=0, closefd=False) as f:
        while remaining:
            n = f.readinto(view[: min(len(view), remaining)])
            if not n:
                raise FileChangedError(f"{safe_name(path)}: was truncated while being hashed")
            digest.update(view[:n])
            if sink is not None:
                sink(view[:n])
            remaining -= n


def hash_files(paths: Sequence[tuple[str, int]], algorithm: str = "sha256", workers: int | None = None,
               *, follow_symlinks: bool = False) -> list[str]:
    """Digests of (path, size) pairs, in input order; biggest files start first to balance the cores."""
    if workers is not None and workers < 1:
        raise UsageError(f"--jobs must be at least 1 (got {workers})")
    workers = workers or os.cpu_count() or 1
    order = sorted(range(len(paths)), key=lambda i: -paths[i][1])
    results: list[str] = [""] * len(paths)

    def one(i: int) -> str:
        return hash_range(paths[i][0], algorithm, expected_size=paths[i][1], follow_symlinks=follow_symlinks)

    if workers == 1 or len(paths) <= 1:
        for i in order:
            results[i] = one(i)
        return results
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(one, i) for i in order}
        for i, future in futures.items():
            results[i] = future.result()
    return results
