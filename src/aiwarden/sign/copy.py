"""Verify a model into a private copy: each signed file is copied as it is hashed, so the bytes that were
verified are exactly the bytes in the copy. Closes the window between verifying a shared directory and
loading from it (time of check, time of use)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource
from aiwarden.sign.hashing import hash_range
from aiwarden.sign.manifest import Ignores, ManifestFile, enumerate_files

Compare = Callable[[Sequence[str], Mapping[str, str]], None]


def copy_verified(root: Path, resources: Sequence[Resource], ignores: Ignores, copy_to: str | os.PathLike[str],
                  compare: Compare) -> tuple[list[str], dict[str, str]]:
    """Copy the signed files of ``root`` to ``copy_to`` (which must not exist), hashing what is copied.

    ``compare(local names, digests)`` raises when the model does not verify; the copy is then removed.
    The copy appears at ``copy_to`` only once it verified, in a directory only the current user can read.
    """
    target = os.path.abspath(copy_to)
    if os.path.lexists(target):
        raise UsageError(f"--copy-to {safe_name(target)}: already exists; give a new directory")
    _check_private_parent(target, root)
    algorithms = {r.name: r.algorithm for r in resources}
    local = {f.name: f for f in enumerate_files(root, ignores, verifying=True)}
    try:
        staging = tempfile.mkdtemp(prefix=".aiwarden-verify-", dir=os.path.dirname(target))
    except OSError as exc:
        raise UsageError(f"--copy-to {safe_name(target)}: cannot create: {exc.strerror or exc}") from None
    try:
        digests = {name: _copy_one(local[name], os.path.join(staging, name), algorithms[name])
                   for name in sorted(set(algorithms) & set(local))}
        compare(list(local), digests)
        os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"--copy-to {safe_name(target)}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(digests), digests


def _check_private_parent(target: str, root: Path) -> None:
    """Only we may rename or replace what we stage: the parent must be ours (or root's) and not writable by
    others unless sticky (as /tmp is), and the copy must not land inside the model others may write to."""
    parent = os.path.dirname(target)
    try:
        info = os.stat(parent)
    except OSError as exc:
        raise UsageError(f"--copy-to {safe_name(target)}: {exc.strerror or exc}") from None
    shown = safe_name(parent)
    if info.st_uid not in (os.getuid(), 0):
        raise UsageError(f"--copy-to: {shown} belongs to another user; the verified copy must be private")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX:
        raise UsageError(f"--copy-to: others can write to {shown}; the verified copy must be private")
    real_parent, real_root = os.path.realpath(parent), os.path.realpath(root)
    if os.path.commonpath([real_parent, real_root]) == real_root:
        raise UsageError(f"--copy-to {safe_name(target)}: lies inside the model directory")


def _copy_one(source: ManifestFile, destination: str, algorithm: str) -> str:
    os.makedirs(os.path.dirname(destination), mode=0o700, exist_ok=True)
    with open(os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as writer:
        return hash_range(source.path, algorithm, expected_size=source.size, sink=writer.write)
