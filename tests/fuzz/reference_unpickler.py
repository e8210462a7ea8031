"""A symbolic run of CPython's own pure-Python unpickler (``pickle._Unpickler``): the real parsing, dispatch and
memo, with every global replaced by an inert recording stub. Nothing real is imported or called:

- ``find_class`` records (module, name), after the same Python 2 name mapping as the real one, and returns a
  ``Stub``; calling a stub (REDUCE, INST, OBJ), or creating an instance through ``cls.__new__`` (NEWOBJ,
  NEWOBJ_EX), records a call and returns another stub;
- BUILD, SETITEM(S), APPEND(S) and ADDITEMS on stubs are absorbed (``__setstate__``, ``__setitem__``, any
  attribute is a stub); on a global's own stub they are recorded as calls of ``name.extend``, ``name.append``,
  ``name.add`` or ``name.__setitem__``, which is what the real unpickler invokes;
- ``persistent_load`` returns a stub, as torch.load's does for its storages;
- EXT1/2/4 look the code up in ``copyreg``'s registry and go through ``find_class``; the process-wide
  ``_extension_cache`` of real objects is never consulted.
"""

from __future__ import annotations

import _compat_pickle
import copyreg
import io
import pickle
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    imported: list[tuple[str, str]] = field(default_factory=list)
    called: list[tuple[str, str]] = field(default_factory=list)
    builds: int = 0
    persistent: int = 0


class Stub:
    """Stands for a global, an attribute of one or the result of a call. Absorbs whatever the unpickler does."""

    _record: Record
    _name: tuple[str, str] | None

    def __new__(cls, *args: Any, **kwargs: Any) -> Stub:
        if isinstance(cls, Stub):  # stub.__new__(stub, *args): NEWOBJ / NEWOBJ_EX create an instance
            return cls._invoke()
        return super().__new__(cls)

    def __init__(self, record: Record | None = None, name: tuple[str, str] | None = None) -> None:
        if record is None:  # re-initialisation through NEWOBJ: nothing to do
            return
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_name", name)

    def _invoke(self) -> Stub:
        if self._name is not None:
            self._record.called.append(self._name)
        return Stub(self._record, None)

    def __call__(self, *args: Any, **kwargs: Any) -> Stub:
        return self._invoke()

    def __getattr__(self, attribute: str) -> Stub:
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        # An attribute of a global is itself reachable code (APPEND on a global calls its extend()).
        name = (self._name[0], f"{self._name[1]}.{attribute}") if self._name is not None else None
        return Stub(self._record, name)

    def __setstate__(self, state: Any) -> None:
        self._record.builds += 1

    def __setattr__(self, attribute: str, value: Any) -> None:
        return None

    def __setitem__(self, key: Any, value: Any) -> None:
        if self._name is not None:  # SETITEM on a global runs type(global).__setitem__
            self._record.called.append((self._name[0], f"{self._name[1]}.__setitem__"))


class ReferenceUnpickler(pickle._Unpickler):  # type: ignore[name-defined,misc]
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file)
        self.record = Record()
        self.dispatch = dict(self.dispatch)
        for code in (pickle.EXT1, pickle.EXT2, pickle.EXT4):
            self.dispatch[code[0]] = _ext(code[0])

    def find_class(self, module: str, name: str) -> Stub:
        if self.proto < 3 and self.fix_imports:
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
        self.record.imported.append((module, name))
        return Stub(self.record, (module, name))

    def persistent_load(self, pid: Any) -> Stub:
        self.record.persistent += 1
        return Stub(self.record, None)


def _ext(opcode: int) -> Any:
    width = {pickle.EXT1[0]: 1, pickle.EXT2[0]: 2, pickle.EXT4[0]: 4}[opcode]

    def load_ext(self: ReferenceUnpickler) -> None:
        data = self.read(width)
        if len(data) != width:
            raise EOFError
        code = int.from_bytes(data, "little")
        key = copyreg._inverted_registry.get(code)  # type: ignore[attr-defined]
        if not key:
            raise ValueError(f"unregistered extension code {code}")
        self.append(self.find_class(*key))

    return load_ext


@dataclass
class Outcome:
    record: Record
    completed: bool  # load() returned: the whole first pickle was read to STOP
    error: str = ""


def reference_run(data: bytes) -> Outcome:
    unpickler = ReferenceUnpickler(io.BytesIO(data))
    try:
        unpickler.load()
    except RecursionError:
        return Outcome(unpickler.record, False, "RecursionError")
    except Exception as exc:  # any failure of the real parser ends the real load
        return Outcome(unpickler.record, False, f"{type(exc).__name__}: {exc}"[:200])
    return Outcome(unpickler.record, True)
