"""A fallback for bytes the symbolic machine could not follow: find global references lexically.

When the machine stops early (an opcode it rejects, a limit), CPython may still execute what follows. The
references a payload needs (GLOBAL/INST lines, or two short strings before STACK_GLOBAL) are visible as
byte patterns, like the backwards scan picklescan uses; this is the safety net, not the main analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TEXT_GLOBAL = re.compile(rb"[ci]([A-Za-z_][\w.]{0,200})\n([A-Za-z_][\w.]{0,200})\n")
# SHORT_BINUNICODE module, optional MEMOIZE, SHORT_BINUNICODE name, optional MEMOIZE, STACK_GLOBAL.
_STACK_GLOBAL = re.compile(rb"\x8c([\x01-\xff])([A-Za-z_][\w.]*)\x94?\x8c([\x01-\xff])([A-Za-z_][\w.]*)\x94?\x93")


def global_references(data: bytes) -> Iterator[tuple[str, str, int]]:
    """(module, name, offset) for every global reference pattern in data."""
    for match in _TEXT_GLOBAL.finditer(data):
        yield match.group(1).decode(), match.group(2).decode(), match.start()
    for match in _STACK_GLOBAL.finditer(data):
        module, name = match.group(2), match.group(4)
        if len(module) == match.group(1)[0] and len(name) == match.group(3)[0]:
            yield module.decode(), name.decode(), match.start()
