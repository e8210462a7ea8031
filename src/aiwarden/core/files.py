"""Read a named input file without letting it hang or flood us: opened non-blocking (a FIFO must not block
the open), checked to be a regular file before a byte is read, and read only up to a cap."""

from __future__ import annotations

import os
import stat

from aiwarden.core.display import safe_name
from aiwarden.core.errors import AiwardenError, UsageError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
DEFAULT_CAP = 1024 * 1024 * 1024  # inputs (traces, prompt files, policies) larger than 1 GiB are refused


def read_regular_file(path: str, cap: int = DEFAULT_CAP, error: type[AiwardenError] = UsageError) -> bytes:
    shown = safe_name(os.fsdecode(path))
    try:
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"{shown}: cannot read: {reason}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise error(f"{shown}: not a regular file (a FIFO, device or directory is not read)")
        with open(fd, "rb", closefd=False) as f:
            data = f.read(cap + 1)
    except OSError as exc:
        raise error(f"{shown}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise error(f"{shown}: larger than {cap} bytes; refusing to read it")
    return data
