"""The OMS files-mode manifest of a directory: which files, under which names, in which order.

Names are POSIX paths relative to the model root. Order is by path components (``PurePosixPath``
order), as model_signing produces it, so root digests match the reference implementation; the spec's
code-point order differs for names like ``a-b`` vs ``a/b`` and is accepted when verifying.

What is left out comes in two kinds. A *tree* (the top-level git paths, a directory given with
``--ignore``) leaves out the path and everything under it. A *file* (the signature, when it is stored
inside the model) leaves out exactly one regular file: a directory, link or anything else at that name
is enumerated like any other entry, so nothing can hide under the signature's name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.core.links import link_roots, resolve_within
from aiwarden.sign.errors import VerificationError

# Top-level entries model_signing leaves out by default (--ignore-git-paths).
DEFAULT_IGNORES = (".git", ".gitattributes", ".github", ".gitignore")
# OMS recommends the .sig extension; signed ignore paths with it are taken as signature files, not trees.
SIGNATURE_SUFFIX = ".sig"


@dataclass(frozen=True, slots=True)
class ManifestFile:
    name: str  # POSIX path relative to the model root
    path: str  # on-disk path
    size: int
    via_link: bool = False  # listed under a link's name, read through its target


@dataclass(frozen=True, slots=True)
class Ignores:
    trees: tuple[str, ...] = DEFAULT_IGNORES
    files: frozenset[str] = field(default_factory=frozenset)

    def with_trees(self, names: Iterable[str]) -> Ignores:
        return Ignores(tuple(dict.fromkeys((*self.trees, *names))), self.files)

    def with_files(self, names: Iterable[str]) -> Ignores:
        return Ignores(self.trees, self.files | frozenset(names))

    def recorded(self) -> list[str]:
        """What a bundle's ``ignore_paths`` lists."""
        return sorted({*self.trees, *self.files})

    def covers_tree(self, name: str) -> bool:
        return any(name == ignored or name.startswith(ignored + "/") for ignored in self.trees)


def sort_key(name: str) -> tuple[str, ...]:
    return tuple(PurePosixPath(name).parts)


def normalize_name(text: str) -> str | None:
    """A relative POSIX name inside the root (``./a//b`` -> ``a/b``), or None if it is empty, the root
    itself, absolute, or climbs out with ``..``."""
    if not text or text.startswith("/") or "\\" in text or "\x00" in text:
        return None
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def name_inside(root: Path, path: str | os.PathLike[str]) -> str | None:
    """``path`` (relative to the working directory) as a name relative to the model root, or None when it
    lies outside. The last component is kept as given: the path need not exist, and if it is a link the
    link itself is what lies in the root."""
    absolute = Path(os.path.abspath(path))
    try:
        parent = Path(os.path.realpath(absolute.parent))
        real_root = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return None
    try:
        relative = (parent / absolute.name).relative_to(real_root)
    except ValueError:
        return None
    return relative.as_posix() if relative.parts else "."


def enumerate_files(root: Path, ignores: Ignores, *, verifying: bool = False) -> list[ManifestFile]:
    """Every regular file under root except ignored ones, sorted by path components.

    A symbolic link to a regular file that stays inside the model (or, for a hub cache snapshot, inside its
    repository's ``blobs``; see ``aiwarden.core.links``) is listed under the link's name and read through its
    target; any other link, and any device, socket or FIFO, fails the enumeration. A file name that is not
    UTF-8 cannot be signed: at signing that is a usage error, at verification it is an unsigned file.
    """
    require_directory(root)
    refuse = VerificationError if verifying else UsageError
    roots = link_roots(os.path.realpath(root))
    files: list[ManifestFile] = []
    stack = [(root, "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            raise UsageError(f"{safe_name(str(directory))}: cannot read: {exc.strerror or exc}") from None
        for entry in entries:
            name = f"{prefix}{entry.name}"
            _check_name(name, verifying)
            if ignores.covers_tree(name):
                continue
            path = entry.path
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    path = _followed(entry.path, name, roots, refuse)
                    info = os.stat(path, follow_symlinks=False)
            except OSError as exc:
                raise UsageError(f"{safe_name(entry.path)}: cannot read: {exc.strerror or exc}") from None
            if stat.S_ISREG(info.st_mode):
                if name not in ignores.files:
                    files.append(ManifestFile(name, path, info.st_size, path != entry.path))
            elif stat.S_ISDIR(info.st_mode):
                stack.append((Path(entry.path), f"{name}/"))
            else:
                raise refuse(f"{safe_name(name)}: is not a regular file (device, socket or FIFO)")
    files.sort(key=lambda f: sort_key(f.name))
    return files


def _followed(link: str, name: str, roots: tuple[str, ...], refuse: type[Exception]) -> str:
    """The real path of a link to a regular file, every hop inside the roots; anything else is refused."""
    target = resolve_within(link, roots)
    if target is None:
        raise refuse(f"{safe_name(name)}: is a symbolic link leading outside the model (or a loop); links are "
                     "followed only inside it (or into a Hugging Face cache snapshot's blobs)")
    try:
        mode = os.stat(target, follow_symlinks=False).st_mode
    except OSError:
        raise refuse(f"{safe_name(name)}: is a dangling symbolic link") from None
    if not stat.S_ISREG(mode):
        raise refuse(f"{safe_name(name)}: is a symbolic link to something other than a regular file")
    return target


def require_directory(root: Path) -> None:
    try:
        info = os.stat(root)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"{safe_name(str(root))}: {reason}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{safe_name(str(root))}: not a directory")


def _check_name(name: str, verifying: bool) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        message = f"{safe_name(name)}: file name is not valid UTF-8"
        if verifying:
            raise VerificationError(f"model does not match its signature; extra (unsigned): {message}",
                                    (f"extra {safe_name(name)}",)) from None
        raise UsageError(f"{message}; OMS names must be") from None
