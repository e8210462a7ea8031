"""Symbolic values on the pickle machine's stack. Nothing here is ever imported or called."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, eq=False)
class Global:
    """A global looked up by GLOBAL/STACK_GLOBAL/INST. ``module`` and ``name`` are None when computed."""

    module: str | None
    name: str | None
    offset: int

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(slots=True, eq=False)
class Call:
    """The result of calling ``func`` with ``args`` at load time (REDUCE, NEWOBJ, INST, OBJ)."""

    func: Any
    args: Any
    offset: int
    opcode: str
    # Every BUILD state in order: an object used between two BUILDs ran with an earlier one (a partial's func).
    states: list[Any] = field(default_factory=list)
    # SETITEM(S) pairs written into the result after it was built (a dict subclass, or a mutated object).
    items: list[tuple[Any, Any]] = field(default_factory=list)

    @property
    def state(self) -> Any:
        """The last BUILD state: what the object holds once loading ends."""
        return self.states[-1] if self.states else None


@dataclass(slots=True, eq=False)
class Seq:
    """A list, tuple, set or frozenset built by the pickle; items are symbolic values."""

    kind: str
    items: list[Any] = field(default_factory=list)
    dropped: int = 0  # items past the per-container limit: counted, not kept


@dataclass(slots=True, eq=False)
class Dct:
    items: list[tuple[Any, Any]] = field(default_factory=list)
    dropped: int = 0

    def get(self, key: str) -> Any:
        """The value a real dict holds: the last one written under the key."""
        for k, v in reversed(self.items):
            if k == key:
                return v
        return None


@dataclass(slots=True, eq=False)
class Persistent:
    pid: Any
    offset: int


@dataclass(slots=True, eq=False)
class LargeBytes:
    """Bytes too large to keep in memory: where they are in the stream."""

    offset: int
    length: int


@dataclass(slots=True, eq=False)
class Unknown:
    why: str


