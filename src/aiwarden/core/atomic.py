"""Write output files atomically: readers see the old file or the complete new one, never a part.

The temporary file is created with mode 0666 less the umask, as any new file would be, so a signature or
report is readable by the accounts the umask allows (mkstemp's 0600 would lock out a verifier running under
a separate service account).
"""

from __future__ import annotations

import os
import stat

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def write_text_atomic(path: str, text: str) -> None:
    """Replace the regular file at ``path`` (through a link: the file it names) or create it. A device or FIFO
    (``/dev/null``, ``/dev/stdout``, a named pipe) is written to in place, never replaced by a file."""
    shown = safe_name(os.fsdecode(path))
    if "\x00" in os.fsdecode(path):
        raise UsageError(f"{shown}: cannot write output: the path holds a NUL character")
    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(path, text, shown, existing.st_mode)
        return
    path = os.path.realpath(path)  # a link to a file: replace the file, keep the link
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".aiwarden-{os.urandom(8).hex()}.tmp")
    try:
        fd = os.open(tmp, _FLAGS, 0o666)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise UsageError(f"{shown}: cannot write output: {exc.strerror or exc}") from None


def _write_in_place(path: str, text: str, shown: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise UsageError(f"{shown}: cannot write output: is a directory")
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write output: {exc.strerror or exc}") from None
