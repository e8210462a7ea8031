"""Write output files atomically: readers see the old file or the complete new one, never a part."""

from __future__ import annotations

import os
import tempfile

from aiwarden.core.errors import UsageError


def write_text_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".aiwarden-", dir=directory)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise UsageError(f"{path}: cannot write output: {exc.strerror or exc}") from None
