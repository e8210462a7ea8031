"""The Hugging Face hub cache layout: ``<cache>/models--org--name/{blobs,refs,snapshots/REV/...}``, where every
snapshot file is a symbolic link into ``../../blobs``. Scanning, signing and BOMs follow links inside such a
repository folder so that a snapshot is read like the folder it stands for."""

from __future__ import annotations

import os
import re

_REPOSITORY = re.compile(r"(models|datasets|spaces)--.+")


def hub_repository(real_dir: str) -> str | None:
    """The hub repository folder when ``real_dir`` (a real path) lies in one of its snapshots, else None."""
    child = real_dir
    parent = os.path.dirname(child)
    while parent != child:
        if os.path.basename(child) == "snapshots" and _REPOSITORY.fullmatch(os.path.basename(parent)) and \
                real_dir != child:
            return parent
        child, parent = parent, os.path.dirname(parent)
    return None


def link_boundary(real_dir: str) -> str:
    """Where links under ``real_dir`` may lead: its hub repository folder, or ``real_dir`` itself."""
    return hub_repository(real_dir) or real_dir
