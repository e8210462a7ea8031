"""Read a named input file without letting it hang or flood us: opened non-blocking (a FIFO must not block
the open), checked to be a regular file before a byte is read, and read only up to a cap (checked against
the size first, so a huge file is refused without being read)."""

from __future__ import annotations

import os
import stat

from aiwarden.core.display import safe_name
from aiwarden.core.errors import AiwardenError, UsageError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
MiB = 1024 * 1024
DEFAULT_CAP = 1024 * MiB  # inputs (traces, prompt files, policies) larger than 1 GiB are refused


def read_regular_file(path: str | os.PathLike[str], cap: int = DEFAULT_CAP, error: type[AiwardenError] = UsageError,
                      *, what: str = "", shown: str | None = None,
                      too_large: type[AiwardenError] | None = None) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes. ``what`` names the input in messages ("cannot
    read signature"), ``shown`` replaces the escaped path, ``too_large`` is the error for an oversized file
    (default ``error``)."""
    text = os.fsdecode(os.fspath(path))
    shown = shown if shown is not None else safe_name(text)
    cannot = f"cannot read {what}" if what else "cannot read"
    if "\x00" in text:
        raise error(f"{shown}: {cannot}: the path holds a NUL character")
    limit = f"{cap // MiB} MiB" if cap % MiB == 0 else f"{cap} bytes"
    oversized = (too_large or error)(f"{shown}: larger than {limit}; refusing to read it")
    try:
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"{shown}: {cannot}: {reason}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown}: not a regular file (a FIFO, device or directory is not read)")
        if info.st_size > cap:
            raise oversized
        with open(fd, "rb", closefd=False) as f:
            data = f.read(cap + 1)
    except OSError as exc:
        raise error(f"{shown}: {cannot}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > cap:  # grew after the size check
        raise oversized
    return data
