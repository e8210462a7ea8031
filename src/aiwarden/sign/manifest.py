"""The OMS files-mode manifest of a directory: which files, under which names, in which order.

Names are POSIX paths relative to the model root. Order is by path components (``PurePosixPath``
order), as model_signing produces it, so root digests match the reference implementation; the spec's
code-point order differs for names like ``a-b`` vs ``a/b`` and is accepted when verifying.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from aiwarden.core.errors import UsageError
from aiwarden.sign.errors import VerificationError

# Top-level entries model_signing leaves out by default (--ignore-git-paths).
DEFAULT_IGNORES = (".git", ".gitattributes", ".github", ".gitignore")


@dataclass(frozen=True, slots=True)
class ManifestFile:
    name: str  # POSIX path relative to the model root
    path: str  # on-disk path
    size: int


def sort_key(name: str) -> tuple[str, ...]:
    return tuple(PurePosixPath(name).parts)


def _is_ignored(name: str, ignores: tuple[str, ...]) -> bool:
    return any(name == ignored or name.startswith(ignored.rstrip("/") + "/") for ignored in ignores)


def relative_name(root: Path, path: str | os.PathLike[str]) -> str | None:
    """A path as a POSIX name relative to the model root, or None if it lies outside the root.

    Relative paths are taken relative to the model root (as OMS ignore_paths are), unless they only exist
    relative to the working directory.
    """
    candidate = Path(path)
    if not candidate.is_absolute():
        if (root / candidate).exists() or not candidate.exists():
            text = PurePosixPath(candidate.as_posix()).as_posix()
            return None if text == ".." or text.startswith("../") else text
        candidate = candidate.resolve()
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def enumerate_files(root: Path, ignores: tuple[str, ...], *, allow_symlinks: bool = False) -> list[ManifestFile]:
    """Every regular file under root except ignored ones, sorted by path components.

    Symbolic links fail the enumeration (a link can point anywhere) unless allow_symlinks is set.
    """
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    files: list[ManifestFile] = []
    stack = [(root, "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            raise UsageError(f"{directory}: cannot read: {exc.strerror or exc}") from None
        for entry in entries:
            name = f"{prefix}{entry.name}"
            _check_name(name, entry.path)
            if _is_ignored(name, ignores):
                continue
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                if not allow_symlinks:
                    raise VerificationError(f"{name}: is a symbolic link; links are not signed or followed")
                info = os.stat(entry.path)
            if stat.S_ISDIR(info.st_mode):
                stack.append((Path(entry.path), f"{name}/"))
            elif stat.S_ISREG(info.st_mode):
                files.append(ManifestFile(name, entry.path, info.st_size))
            else:
                raise VerificationError(f"{name}: is not a regular file (device, socket or FIFO)")
    files.sort(key=lambda f: sort_key(f.name))
    return files


def _check_name(name: str, path: str) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{path}: file name is not valid UTF-8; OMS names must be") from None
