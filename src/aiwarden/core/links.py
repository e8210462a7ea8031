"""Which symbolic links may be followed, for scanning, signing and BOMs alike.

A link is followed when every hop of it lands inside the allowed roots: the real path of the folder the
user named and, for a Hugging Face hub cache snapshot (``<cache>/models--org--name/snapshots/REV``, whose
files are links into ``../../blobs``), that repository's ``blobs`` folder. Checking each hop, not only the
final target, refuses a chain that leaves the model and comes back (whoever controls the folder outside
would decide what the link reads).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

_REPOSITORY = re.compile(r"(models|datasets|spaces)--.+")
_MAX_HOPS = 40  # as the kernel's own limit on nested links


def link_roots(real_dir: str) -> tuple[str, ...]:
    """Where links under ``real_dir`` (a real path) may lead."""
    snapshots = os.path.dirname(real_dir)
    repository = os.path.dirname(snapshots)
    if os.path.basename(snapshots) == "snapshots" and _REPOSITORY.fullmatch(os.path.basename(repository)):
        return real_dir, os.path.join(repository, "blobs")
    return (real_dir,)


def is_inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # mixed absolute and relative, or different drives
        return False


def resolve_within(link: str, roots: Sequence[str]) -> str | None:
    """The path ``link`` finally names, if every hop stays inside ``roots``; None if one leaves them or the
    chain does not end (a loop). The result may not exist (a dangling link): the caller's stat says so."""
    current = link
    for _ in range(_MAX_HOPS):
        try:
            target = os.readlink(current)
        except OSError:
            return None
        step = os.path.join(os.path.dirname(current), target)
        # the folder part may itself go through links: take its real path, then the last name lexically
        hop = os.path.normpath(os.path.join(os.path.realpath(os.path.dirname(step)), os.path.basename(step)))
        if not any(is_inside(hop, root) for root in roots):
            return None
        if not os.path.islink(hop):
            return hop
        current = hop
    return None
