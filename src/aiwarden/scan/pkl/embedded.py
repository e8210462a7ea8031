"""Allowlisted reconstructors that rebuild objects from bytes embedded in the pickle: which argument holds the
bytes, how to get them back without running anything, and what the loader does with them.

- ``torch.storage._load_from_bytes(b)`` runs ``torch.load`` on ``b`` (a torch zip or a legacy stream): that is
  what ``pickle.dumps(tensor)`` writes, so the bytes are scanned as a nested file.
- ``spacy.vocab.unpickle_vocab(..., lex_attr_getters, ...)`` runs ``srsly.pickle_loads`` (cloudpickle) on its
  fifth argument.
- ``spacy.vectors.unpickle_vectors(b)`` reads msgpack whose NumPy object arrays (msgpack-numpy ``kind`` ``O``)
  are unpickled with ``pickle.loads``; the msgpack is not decoded here, so such an array is unverified.

Protocols 0-2 write bytes as ``_codecs.encode(text, 'latin1')``; that call is undone here, as the loader does.
"""

from __future__ import annotations

import re
from typing import Any

from aiwarden.scan.pkl.values import Call, Global, LargeBytes, Seq

# Reconstructor -> position of the argument the loader deserializes.
EMBEDDED_ARGUMENT: dict[str, int] = {
    "torch.storage._load_from_bytes": 0,
    "spacy.vocab.unpickle_vocab": 4,
    "spacy.vectors.unpickle_vectors": 0,
}

# Readers of msgpack that unpickle object arrays: the bytes are not a pickle themselves.
MSGPACK_READERS = frozenset({"spacy.vectors.unpickle_vectors"})

# msgpack-numpy's marker of an object array: key "kind" (str or bin) with the value "O" (str or bin).
_OBJECT_ARRAY = re.compile(rb"(?:\xa4|\xc4\x04)kind(?:\xa1|\xc4\x01)O")

_ENCODE = frozenset({"_codecs.encode", "codecs.encode"})


def embedded_argument(qualname: str, call: Call) -> Any:
    """The argument the loader deserializes, with protocol 2's ``_codecs.encode`` undone; None if absent."""
    index = EMBEDDED_ARGUMENT.get(qualname, 0)
    args = call.args.items if isinstance(call.args, Seq) else []
    if index >= len(args):
        return None
    return decoded_bytes(args[index])


def decoded_bytes(value: Any) -> Any:
    """bytes for ``_codecs.encode(str, 'latin1')`` (how protocols 0-2 write bytes); other values unchanged."""
    if isinstance(value, Call) and isinstance(value.func, Global) and value.func.qualname in _ENCODE:
        args = value.args.items if isinstance(value.args, Seq) else []
        if len(args) == 2 and isinstance(args[0], str) and args[1] in ("latin1", "latin-1"):
            try:
                return args[0].encode("latin-1")
            except UnicodeEncodeError:
                return value
    return value


def has_object_arrays(data: bytes | LargeBytes) -> bool:
    """Whether msgpack bytes may hold a msgpack-numpy object array (unpickled by the reader)."""
    return not isinstance(data, bytes) or _OBJECT_ARRAY.search(data) is not None
