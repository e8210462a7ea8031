"""What calling a ``functools.partial`` object runs: ``partial(f, *a, **k)(*b)`` calls ``f(*a, *b, **k)``.

pandas (1.3+) pickles each block as ``partial(new_block, ndim=2)`` and then calls it with the block's values,
so the call is judged as a call of the wrapped function with the combined arguments, against the same tables
as a direct call. ``partial.__setstate__`` (a BUILD on the partial) replaces the function, arguments and
keywords, so the function of its state is judged as well: a BUILD before the call decides what runs.
"""

from __future__ import annotations

from typing import Any

from aiwarden.scan.pkl.values import Call, Dct, Global, Seq

PARTIAL = frozenset({"functools.partial", "_functools.partial"})


def is_partial(value: Any) -> bool:
    """A partial object built at load (``REDUCE``/``NEWOBJ`` of functools.partial)."""
    return isinstance(value, Call) and isinstance(value.func, Global) and value.func.qualname in PARTIAL


def effective_calls(call: Call) -> list[tuple[Call, bool]]:
    """The calls that calling the partial ``call.func`` makes: (the wrapped function called with the combined
    positional arguments, whether keywords are passed too). One per way the partial may be filled: by its
    constructor and by a BUILD state (func, args, keywords, dict)."""
    partial = call.func
    assert isinstance(partial, Call)
    later = _positional(call.args)
    made: list[tuple[Any, list[Any], bool]] = []
    built = _positional(partial.args)
    keywords: Any = None
    if partial.opcode == "NEWOBJ_EX" and len(built) == 2:  # (args, kwargs) of cls.__new__(cls, *args, **kwargs)
        built, keywords = _positional(built[0]), built[1]
    if built:
        made.append((built[0], built[1:], _has_items(keywords)))
    # Every BUILD counts, not only the last: the partial may be called between two of them.
    for given in partial.states:
        state = _positional(given)
        if state:
            args = _positional(state[1]) if len(state) > 1 else []
            made.append((state[0], args, _has_items(state[2]) if len(state) > 2 else False))
    return [(Call(func, Seq("tuple", [*args, *later]), call.offset, call.opcode), kwargs)
            for func, args, kwargs in made]


def _has_items(keywords: Any) -> bool:
    """Whether keyword arguments may be passed: a non-empty dict, or anything that is not a plain dict."""
    return keywords is not None and not (isinstance(keywords, Dct) and not keywords.items and not keywords.dropped)


def _positional(value: Any) -> list[Any]:
    return list(value.items) if isinstance(value, Seq) else []
