"""Where the signature is: one absolute path, decided once and shared by the signer and the verifier.

A relative ``--signature`` is relative to the working directory, like every other path on the command
line; by default the signature is ``MODEL_DIR/model.sig``. When the signature lies inside the model it
is known by its name relative to the model root, and only that one regular file is left out of the
manifest. The file is read boundedly: it is checked to be a regular file before it is read (a FIFO would
block, ``/dev/zero`` would never end) and no more than the bundle cap is read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.core.files import read_regular_file
from aiwarden.sign.bundle import MAX_BUNDLE_BYTES
from aiwarden.sign.errors import VerificationError
from aiwarden.sign.manifest import name_inside

DEFAULT_SIGNATURE = "model.sig"


@dataclass(frozen=True, slots=True)
class SignatureLocation:
    path: str  # absolute
    name_in_model: str | None  # POSIX name relative to the model root, when stored inside it

    def __str__(self) -> str:
        return safe_name(self.path)


def locate_signature(root: Path, signature: str | os.PathLike[str] | None) -> SignatureLocation:
    try:
        given = os.fspath(signature) if signature is not None else os.path.join(root, DEFAULT_SIGNATURE)
        if not isinstance(given, str) or "\x00" in given:
            raise ValueError("give a path as str or PathLike without NUL characters")
        path = os.path.abspath(given)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--signature: {exc}") from None
    name = name_inside(root, path)
    if name == ".":
        raise UsageError(f"--signature {safe_name(path)}: is the model directory itself")
    return SignatureLocation(path, name)


def read_signature(location: SignatureLocation) -> bytes:
    """The bundle's bytes: a regular file of at most MAX_BUNDLE_BYTES (a larger one fails verification)."""
    return read_regular_file(location.path, MAX_BUNDLE_BYTES, what="signature", shown=str(location),
                             too_large=VerificationError)
