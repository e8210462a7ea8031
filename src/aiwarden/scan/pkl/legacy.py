"""Argument shapes of reconstruction helpers that are safe only exactly as their library writes them.

Legacy joblib (< 0.10) stored arrays beside the pickle and left ``NDArrayWrapper`` / ``ZNDArrayWrapper``
records in it; NumPy pickles (Python 2 and 3) rebuild arrays with ``_reconstruct`` and ``dtype``. The same
names with other arguments are what a payload would use: an absolute or ``..`` file name makes joblib's
``np.load`` read any file (and, with old NumPy, unpickle it), a class that is not a NumPy array type runs its
own code, a dtype built from an object reads that object's attributes.
"""

from __future__ import annotations

import re
from typing import Any

from aiwarden.scan.pkl.values import Call, Dct, Global, Seq

NUMPY_ARRAY_TYPES = frozenset(
    """
    numpy.ndarray numpy.matrix numpy.matrixlib.defmatrix.matrix numpy.ma.core.MaskedArray numpy.ma.MaskedArray
    numpy.memmap numpy.core.memmap.memmap numpy._core.memmap.memmap
    """.split()
)
# ndarray subclasses that libraries pickled through ``_reconstruct`` and that override none of ``__new__`` (not
# called by _reconstruct anyway), ``__array_finalize__``, ``__setstate__`` or ``__reduce__``: the instance is
# built and filled by ndarray's own code. pandas 0.20-0.25 ``FrozenNDArray`` (MultiIndex levels and codes;
# read in the pandas 0.24.2 wheel: its class body defines only ``__new__``, display and disabled mutators).
RECONSTRUCT_SUBCLASSES = frozenset({"pandas.core.indexes.frozen.FrozenNDArray"})
# NumPy before 1.0 wrote numpy.core._internal._reconstruct(subtype, shape, dtype); NumPy keeps it for those pickles
# as ``ndarray.__new__(subtype, shape, dtype)`` (numpy/core/_internal.py, read in 2.4.6): multiarray's shape.
RECONSTRUCT = frozenset({"numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
                         "numpy.core._internal._reconstruct"})
DTYPE = frozenset({"numpy.dtype"})

# What NumPy writes as a dtype's first argument: a type code, byte order and size ('<f8', '|O8', 'V16', 'M8').
_DTYPE_CODE = re.compile(r"[<>|=]?[A-Za-z?][0-9]{0,4}")
_NDARRAY_KEYS = frozenset({"filename", "subclass", "allow_mmap"})
_ZNDARRAY_KEYS = frozenset({"filename", "init_args", "state"})


def shaped(qualname: str) -> bool:
    """Whether the name has a shape rule here (the caller checks it with ``shape_ok``)."""
    return qualname in RECONSTRUCT or qualname in DTYPE


def shape_ok(qualname: str, call: Call) -> bool:
    args = _items(call.args)
    if qualname in RECONSTRUCT:
        return (args is not None and len(args) == 3 and _ints(args[1]) and _short_text(args[2])
                and (is_array_type(args[0]) or _is_global(args[0], RECONSTRUCT_SUBCLASSES)))
    if qualname in DTYPE:
        return args is not None and 1 <= len(args) <= 3 and _dtype_spec(text(args[0])) and all(
            isinstance(a, bool | int) for a in args[1:])
    return False


def joblib_wrapper_ok(name: str, call: Call) -> bool:
    """A NDArrayWrapper / ZNDArrayWrapper record exactly as joblib 0.8-0.9 pickled it: built without
    arguments (NEWOBJ or copyreg), then a BUILD dict naming a file beside the pickle."""
    if call.opcode not in ("NEWOBJ", "construct") or _items(call.args) != []:
        return False
    state = call.state
    if not isinstance(state, Dct) or state.dropped or not all(isinstance(k, str) for k, _ in state.items):
        return False
    keys = {k for k, _ in state.items}
    if len(keys) != len(state.items) or not _basename(state.get("filename")):
        return False
    if name == "NDArrayWrapper":
        allow_mmap = state.get("allow_mmap")
        return (keys <= _NDARRAY_KEYS and is_array_type(state.get("subclass"))
                and (allow_mmap is None or isinstance(allow_mmap, bool)))
    if name == "ZNDArrayWrapper":
        init_args, array_state = _items(state.get("init_args")), _items(state.get("state"))
        return (keys == _ZNDARRAY_KEYS and init_args is not None and len(init_args) == 3
                and is_array_type(init_args[0]) and _ints(init_args[1]) and _short_text(init_args[2])
                and array_state is not None and len(array_state) == 4 and isinstance(array_state[0], int)
                and _ints(array_state[1]) and _is_dtype(array_state[2]) and isinstance(array_state[3], bool | int))
    return False


def is_array_type(value: Any) -> bool:
    return _is_global(value, NUMPY_ARRAY_TYPES)


def reviewed_subclass(call: Call) -> bool:
    """``_reconstruct`` of a reviewed ndarray subclass in its written shape: nothing of the class runs."""
    args = _items(call.args)
    return (isinstance(call.func, Global) and call.func.qualname in RECONSTRUCT and bool(args)
            and _is_global(args[0] if args else None, RECONSTRUCT_SUBCLASSES) and shape_ok(call.func.qualname, call))


def _is_global(value: Any, names: frozenset[str]) -> bool:
    return isinstance(value, Global) and value.qualname in names


def _items(value: Any) -> list[Any] | None:
    return value.items if isinstance(value, Seq) and not value.dropped else None


def _ints(value: Any) -> bool:
    items = _items(value)
    return items is not None and all(isinstance(v, int) and not isinstance(v, bool) for v in items)


def _basename(value: Any) -> bool:
    """A file name beside the pickle: joblib joins it to the pickle's folder, so nothing that leaves it."""
    return (isinstance(value, str) and 0 < len(value) <= 255 and value not in (".", "..")
            and not any(c in value for c in "/\\\x00:"))


def _is_dtype(value: Any) -> bool:
    return (isinstance(value, Call) and isinstance(value.func, Global) and value.func.qualname in DTYPE
            and shape_ok("numpy.dtype", value))


def _dtype_spec(value: str | None) -> bool:
    return value is not None and _DTYPE_CODE.fullmatch(value) is not None


_ENCODE = frozenset({"_codecs.encode", "codecs.encode"})


def text(value: Any) -> str | None:
    """A str, bytes, or bytes as protocol 2 writes them under Python 3: _codecs.encode('b', 'latin1')."""
    if isinstance(value, Call) and isinstance(value.func, Global) and value.func.qualname in _ENCODE:
        args = _items(value.args)
        if args and len(args) == 2 and isinstance(args[0], str) and args[1] in ("latin1", "latin-1"):
            return args[0]
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def _short_text(value: Any) -> bool:
    decoded = text(value)
    return decoded is not None and len(decoded) <= 4
