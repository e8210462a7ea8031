"""Every string inside a JSON value, as (container, key) pairs that can be read and replaced in place: the
gateway reads whatever text the model reads or writes, not only the fields it knows by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_DEPTH = 32
MAX_LEAVES = 10_000


def string_leaves(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[tuple[Any, Any]]:
    """(container, key) for each string, in document order; keys in ``skip`` are not entered. Bounded in depth
    and count: past the bounds ``ValueError`` (a shape nobody sends, refused rather than half read)."""
    count = 0
    stack: list[tuple[Any, Iterator[tuple[Any, Any]]]] = [(value, _items(value))]
    while stack:
        container, items = stack[-1]
        step = next(items, None)
        if step is None:
            stack.pop()
            continue
        key, item = step
        if isinstance(key, str) and key in skip:
            continue
        if isinstance(item, str):
            count += 1
            if count > MAX_LEAVES:
                raise ValueError(f"more than {MAX_LEAVES} strings")
            yield container, key
        elif isinstance(item, dict | list):
            if len(stack) > MAX_DEPTH:
                raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
            stack.append((item, _items(item)))


def _items(node: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(node, dict):
        return iter(list(node.items()))  # a copy: callers replace strings while walking
    if isinstance(node, list):
        return iter(list(enumerate(node)))
    return iter(())
