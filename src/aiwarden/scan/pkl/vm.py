"""A symbolic pickle machine: executes opcodes on abstract values with a real stack and memo.

It never imports or calls anything. It records every global lookup, every call the real unpickler
would make, BUILDs and structural anomalies into a ``Trace``; ``analyze`` turns that into findings.
It keeps going after an error and reports what came before it, and it is bounded in opcodes, memo
size, string size and time.
"""

from __future__ import annotations

import pickletools
import re
import struct
import time
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from aiwarden.scan.pkl.values import (
    Call,
    Dct,
    Global,
    LargeBytes,
    Persistent,
    Seq,
    Unknown,
)

# Largest bytes/str value kept in memory; larger ones become LargeBytes and are skipped by seeking.
KEEP_BYTES = 16 * 1024 * 1024
# Text arguments kept in memory; CPython has no limit, so longer lines are read to their end, their start kept.
MAX_LINE = KEEP_BYTES
MAX_STACK = 2_000_000
MAX_MEMO = 2_000_000
MAX_CONTAINERS = 500_000
# Items kept per container; the rest are counted only (the analysis looks at the first few anyway).
KEEP_ITEMS = 4096


class PickleLimitError(Exception):
    pass


@dataclass(slots=True)
class Anomaly:
    kind: str  # "malformed" | "structure" | "limit"
    message: str
    offset: int
    # Every unpickler raises here (an opcode no protocol defines, a call of a literal): nothing after it runs.
    definitive: bool = False


@dataclass(slots=True)
class LoaderState:
    """The unpickler's stack, marks and memo where joblib's array data begins: pickle.load runs those bytes
    with exactly this state, so the analysis of the array bytes starts from it."""

    stack: list[Any]
    metastack: list[list[Any]]
    # The machine's live memo and the put count that last wrote each slot: a slot written after ``puts`` may
    # have held something else here, so it reads as unknown (no copy of the memo per array).
    memo: dict[int, Any]
    written: dict[int, int]
    puts: int

    def memo_value(self, index: int) -> Any:
        """The slot's value where the array data begins; KeyError when it was not written yet."""
        when = self.written[index]
        return self.memo[index] if when <= self.puts else Unknown(f"memo slot {index}, rewritten after the array")


@dataclass(slots=True)
class OpaqueRegion:
    """Bytes joblib reads as raw array data: plain pickle.load runs them as opcodes."""

    offset: int
    length: int
    state: LoaderState


@dataclass(slots=True)
class Trace:
    """Everything one pickle (or a stack of pickles) did, symbolically."""

    start: int = 0
    end: int = 0
    protocol: int | None = None
    opcodes: int = 0
    stops: int = 0
    globals: list[Global] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    builds: list[tuple[Any, Any, int]] = field(default_factory=list)
    persistent: list[Persistent] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    # Bytes joblib reads as raw array data: plain pickle.load runs them as opcodes.
    opaque: list[OpaqueRegion] = field(default_factory=list)
    # SETITEM(S) on the result of a call, in stream order: (target, offset).
    mutations: list[tuple[Call, int]] = field(default_factory=list)
    # APPEND(S), ADDITEMS, SETITEM(S) on an imported object itself (a module-level list, dict, set or class): the
    # unpickler calls its extend/append/add/__setitem__, changing state of the library in place.
    global_mutations: list[tuple[Global, str, int]] = field(default_factory=list)
    result: Any = None
    # The error that stopped the machine before STOP with bytes left to read (not at the end of the data).
    unread: Anomaly | None = None

    @property
    def completed(self) -> bool:
        return self.stops > 0 and not any(a.kind == "malformed" for a in self.anomalies)

    @property
    def is_pickle(self) -> bool:
        """Whether bytes not known to be a pickle really are one: they run from their first byte to STOP, or
        reach a call of (or BUILD on) a global with an importable name, or a computed one, before failing. Text and
        binary data that merely begin with an opcode byte do neither, so they are not reported."""
        if self.opcodes > 1 and self.completed:
            return True
        # BUILD, APPEND, SETITEM on a global edit it
        targets = [c.func for c in self.calls] + [b[0] for b in self.builds] + [m[0] for m in self.global_mutations]
        return any(isinstance(g, Global) and _importable(g) for g in targets)

    def merge(self, other: Trace) -> None:
        self.opcodes += other.opcodes
        self.globals += other.globals
        self.calls += other.calls
        self.builds += other.builds
        self.persistent += other.persistent
        self.anomalies += other.anomalies
        self.opaque += other.opaque
        self.mutations += other.mutations
        self.global_mutations += other.global_mutations


def _importable(g: Global) -> bool:
    if g.module is None or g.name is None:
        return g.module is None and g.name is None  # STACK_GLOBAL on computed operands, or an EXT code
    return all(part.isidentifier() for part in g.module.split(".")) and all(
        part.isidentifier() for part in g.name.split("."))


class _Malformed(Exception):
    def __init__(self, message: str, *, at_end: bool = False, definitive: bool = False):
        super().__init__(message)
        self.at_end = at_end  # the data ran out: everything there was has been read
        self.definitive = definitive  # every unpickler fails here too


# Values an unpickler can never call (REDUCE, OBJ, NEWOBJ and INST on them raise TypeError).
_LITERALS = (str, bytes, bytearray, int, float, complex, type(None), Seq, Dct, LargeBytes)

_I4 = struct.Struct("<i")
_U4 = struct.Struct("<I")
_U2 = struct.Struct("<H")
_U8 = struct.Struct("<Q")
_F8 = struct.Struct(">d")

_JOBLIB_WRAPPERS = {
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
    ("sklearn.externals.joblib.numpy_pickle", "NumpyArrayWrapper"),
}


class Machine:
    """Runs one pickle from the stream's current position to STOP (or to the first fatal error)."""

    def __init__(self, stream: BinaryIO, *, max_opcodes: int = 50_000_000, deadline: float | None = None):
        self.f = stream
        self.max_opcodes = max_opcodes
        self.deadline = deadline
        self.stack: list[Any] = []
        self.metastack: list[list[Any]] = []
        self.memo: dict[int, Any] = {}
        self.memo_written: dict[int, int] = {}
        self.memo_puts = 0
        # Where joblib's array data begins: memo slots of the pickle around it, and calls of literals (which
        # every unpickler refuses) end the run instead of being recorded.
        self.outer: LoaderState | None = None
        self.containers = 0
        self.trace = Trace()

    # -- stream helpers -------------------------------------------------------------------------
    def _read(self, n: int) -> bytes:
        data = self.f.read(n)
        if len(data) != n:
            raise _Malformed("truncated pickle: unexpected end of data", at_end=True)
        return data

    def _line(self) -> bytes:
        """One text argument without its newline; only its first MAX_LINE bytes when longer (``_cut``)."""
        line = self.f.readline(MAX_LINE)
        self._cut = False
        if line.endswith(b"\n"):
            return line[:-1]
        if len(line) < MAX_LINE:
            raise _Malformed("unterminated text argument", at_end=True)
        self._cut = True
        while True:  # CPython reads a line of any length: skip to its end
            chunk = self.f.readline(1 << 20)
            if chunk.endswith(b"\n"):
                return line
            if len(chunk) < 1 << 20:
                raise _Malformed("unterminated text argument", at_end=True)

    _cut = False

    def _name_line(self) -> str | None:
        """A GLOBAL/INST name; None when cut, since the part beyond MAX_LINE could walk anywhere."""
        line = self._line()
        return None if self._cut else line.decode("utf-8", "replace")

    def _blob(self, n: int, as_text: bool) -> Any:
        if n < 0:
            raise _Malformed("negative length")
        start = self.f.tell()
        if n > KEEP_BYTES:
            # Compare with the end instead of seeking there: a length near 2**63 is past what lseek accepts.
            end = self.f.seek(0, 2)
            if n > end - start:
                raise _Malformed("truncated pickle: unexpected end of data", at_end=True)
            self.f.seek(start + n)
            return LargeBytes(start, n)
        data = self._read(n)
        if as_text:
            return data.decode("utf-8", "surrogatepass")
        return data

    # -- stack helpers --------------------------------------------------------------------------
    def _push(self, value: Any) -> None:
        if len(self.stack) >= MAX_STACK:
            raise PickleLimitError("pickle stack exceeds the limit")
        self.stack.append(value)

    def _pop(self) -> Any:
        if not self.stack:
            raise _Malformed("stack underflow")
        return self.stack.pop()

    def _top(self) -> Any:
        if not self.stack:
            raise _Malformed("stack underflow")
        return self.stack[-1]

    def _pop_mark(self) -> list[Any]:
        if not self.metastack:
            raise _Malformed("MARK expected")
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def _seq(self, kind: str, items: list[Any] | None = None) -> Seq:
        self._count_container()
        seq = Seq(kind)
        _extend(seq, items or [])
        return seq

    def _dct(self, pairs: list[tuple[Any, Any]]) -> Dct:
        self._count_container()
        dct = Dct()
        _extend(dct, pairs)
        return dct

    def _count_container(self) -> None:
        self.containers += 1
        if self.containers > MAX_CONTAINERS:
            raise PickleLimitError(f"more than {MAX_CONTAINERS:,} containers")

    def _memo_put(self, index: int) -> None:
        if len(self.memo) >= MAX_MEMO and index not in self.memo:
            raise PickleLimitError("pickle memo exceeds the limit")
        self.memo[index] = self._top()
        self.memo_puts += 1
        self.memo_written[index] = self.memo_puts

    def _memo_get(self, index: int, offset: int) -> None:
        if index not in self.memo and self.outer is not None and index in self.outer.written:
            self._push(self.outer.memo_value(index))
        elif index not in self.memo:
            self.trace.anomalies.append(Anomaly("malformed", f"memo slot {index} read before it was written",
                                                offset))
            self._push(Unknown(f"memo slot {index}"))
        else:
            self._push(self.memo[index])

    # -- globals and calls ----------------------------------------------------------------------
    def _global(self, module: Any, name: Any, offset: int) -> Global:
        mod = module if isinstance(module, str) else None
        nam = name if isinstance(name, str) else None
        g = Global(mod, nam, offset)
        self.trace.globals.append(g)
        return g

    def _call(self, func: Any, args: Any, offset: int, opcode: str) -> Call:
        if self.outer is not None and isinstance(func, _LITERALS):
            raise _Malformed(f"{opcode} calls a {type(func).__name__}, which no unpickler can call", definitive=True)
        call = Call(func, args, offset, opcode)
        self.trace.calls.append(call)
        return call

    def _build(self, target: Any, state: Any, offset: int) -> None:
        self.trace.builds.append((target, state, offset))
        if isinstance(target, Call):
            target.states.append(state)
            func = target.func
            if isinstance(func, Global) and (func.module, func.name) in _JOBLIB_WRAPPERS:
                self._skip_joblib_array(state, offset)

    def _skip_joblib_array(self, state: Any, offset: int) -> None:
        """joblib writes raw array bytes right after a NumpyArrayWrapper's BUILD; step over them."""
        if not isinstance(state, Dct):
            raise _Malformed("joblib array wrapper without a state dict")
        shape, dtype = state.get("shape"), state.get("dtype")
        itemsize = _dtype_itemsize(dtype)
        if itemsize == 0:  # object array: a complete pickle follows in the same stream
            inner = Machine(self.f, max_opcodes=self.max_opcodes - self.trace.opcodes, deadline=self.deadline)
            inner.run()
            self.trace.merge(inner.trace)
            return
        if itemsize is None or not isinstance(shape, Seq) or not all(isinstance(d, int) for d in shape.items):
            raise _Malformed("joblib array wrapper with an unreadable shape or dtype")
        count = 1
        for d in shape.items:
            count *= d
        start = self.f.tell()
        # Copying the stack costs as much as running that many opcodes: a flood of arrays under a huge MARK
        # frame ends in the opcode limit, not in quadratic time.
        self.trace.opcodes += len(self.stack) + sum(len(frame) for frame in self.metastack)
        if self.trace.opcodes > self.max_opcodes:
            raise PickleLimitError("opcode budget exhausted")
        loader_state = LoaderState(list(self.stack), [list(frame) for frame in self.metastack], self.memo,
                                   self.memo_written, self.memo_puts)
        alignment = state.get("numpy_array_alignment_bytes")
        if isinstance(alignment, int) and alignment:
            pad = self._read(1)[0]
            self._blob(pad, as_text=False)
        self._blob(count * itemsize, as_text=False)
        self.trace.opaque.append(OpaqueRegion(start, self.f.tell() - start, loader_state))

    # -- main loop ------------------------------------------------------------------------------
    def run(self) -> Trace:
        t = self.trace
        t.start = self.f.tell()
        try:
            self._loop()
        except _Malformed as exc:
            t.anomalies.append(Anomaly("malformed", str(exc), self._last_offset, exc.definitive))
            if not exc.at_end:
                t.unread = t.anomalies[-1]
        except PickleLimitError as exc:
            t.anomalies.append(Anomaly("limit", str(exc), self._last_offset))
        except (RecursionError, MemoryError, OverflowError, ValueError, UnicodeDecodeError) as exc:
            t.anomalies.append(Anomaly("malformed", f"{type(exc).__name__}: {exc}"[:200], self._last_offset))
            t.unread = t.anomalies[-1]
        t.end = self.f.tell()
        return t

    _last_offset = 0

    def _loop(self) -> None:
        t = self.trace
        read, push, pop = self.f.read, self._push, self._pop
        budget_check = 0
        while True:
            offset = self.f.tell()
            self._last_offset = offset
            code = read(1)
            if not code:
                raise _Malformed("pickle ended without STOP", at_end=True)
            t.opcodes += 1
            budget_check += 1
            if budget_check >= 65536:
                budget_check = 0
                if t.opcodes > self.max_opcodes:
                    raise PickleLimitError("opcode budget exhausted")
                if self.deadline is not None and time.monotonic() > self.deadline:
                    raise PickleLimitError("time budget exhausted")
            op = code[0]
            if op == 0x80:  # PROTO
                proto = self._read(1)[0]
                if proto > 5:
                    raise _Malformed(f"unsupported pickle protocol {proto}")
                if t.protocol is None:
                    t.protocol = proto
            elif op == 0x95:  # FRAME
                self._read(8)
            elif op == 0x2E:  # STOP: CPython pops the result, so an empty stack is an error there too
                t.result = pop()
                t.stops += 1
                return
            elif op == 0x28:  # MARK
                self.metastack.append(self.stack)
                self.stack = []
            elif op == 0x30:  # POP: drops the top item, or the topmost MARK when the frame is empty
                if self.stack:
                    self.stack.pop()
                else:
                    self._pop_mark()
            elif op == 0x31:  # POP_MARK
                self._pop_mark()
            elif op == 0x32:  # DUP
                push(self._top())
            # -- constants
            elif op == 0x4E:  # NONE
                push(None)
            elif op == 0x88:
                push(True)
            elif op == 0x89:
                push(False)
            elif op == 0x4A:  # BININT
                push(_I4.unpack(self._read(4))[0])
            elif op == 0x4B:  # BININT1
                push(self._read(1)[0])
            elif op == 0x4D:  # BININT2
                push(_U2.unpack(self._read(2))[0])
            elif op == 0x49:  # INT
                line = self._line()
                push(Unknown("long integer") if self._cut else _parse_int(line))
            elif op == 0x4C:  # LONG
                line = self._line()
                push(Unknown("long integer") if self._cut else _parse_long(line))
            elif op == 0x8A:  # LONG1
                n = self._read(1)[0]
                push(int.from_bytes(self._read(n), "little", signed=True))
            elif op == 0x8B:  # LONG4
                n = _I4.unpack(self._read(4))[0]
                if n < 0:
                    raise _Malformed("negative LONG4 length")
                data = self._blob(n, as_text=False)
                # Huge integers are not needed for the analysis; keep their place on the stack only.
                push(int.from_bytes(data, "little", signed=True) if isinstance(data, bytes) and n <= 4096
                     else Unknown("large integer"))
            elif op == 0x46:  # FLOAT
                try:
                    line = self._line()
                    push(Unknown("long float") if self._cut else float(_c_string(line)))
                except ValueError:
                    raise _Malformed("invalid FLOAT literal") from None
            elif op == 0x47:  # BINFLOAT
                push(_F8.unpack(self._read(8))[0])
            elif op == 0x53:  # STRING
                line = self._line()
                push(Unknown("long string") if self._cut else _parse_quoted(line))
            elif op == 0x54:  # BINSTRING
                push(_latin(self._blob(_I4.unpack(self._read(4))[0], False)))
            elif op == 0x55:  # SHORT_BINSTRING
                push(_latin(self._blob(self._read(1)[0], False)))
            elif op == 0x56:  # UNICODE
                push(self._line().decode("raw-unicode-escape"))
            elif op == 0x58:  # BINUNICODE
                push(self._blob(_U4.unpack(self._read(4))[0], True))
            elif op == 0x8C:  # SHORT_BINUNICODE
                push(self._blob(self._read(1)[0], True))
            elif op == 0x8D:  # BINUNICODE8
                push(self._blob(_U8.unpack(self._read(8))[0], True))
            elif op == 0x42:  # BINBYTES
                push(self._blob(_U4.unpack(self._read(4))[0], False))
            elif op == 0x43:  # SHORT_BINBYTES
                push(self._blob(self._read(1)[0], False))
            elif op == 0x8E or op == 0x96:  # BINBYTES8
                push(self._blob(_U8.unpack(self._read(8))[0], False))
            elif op == 0x97:  # NEXT_BUFFER: out-of-band data supplied by the caller
                push(Unknown("out-of-band buffer"))
            elif op == 0x98:  # READONLY_BUFFER
                self._top()
            # -- containers
            elif op == 0x29:  # EMPTY_TUPLE
                push(self._seq("tuple"))
            elif op == 0x85:
                push(self._seq("tuple", [pop()]))
            elif op == 0x86:
                b = pop()
                push(self._seq("tuple", [pop(), b]))
            elif op == 0x87:
                c = pop()
                b = pop()
                push(self._seq("tuple", [pop(), b, c]))
            elif op == 0x74:  # TUPLE
                push(self._seq("tuple", self._pop_mark()))
            elif op == 0x5D:  # EMPTY_LIST
                push(self._seq("list"))
            elif op == 0x6C:  # LIST
                push(self._seq("list", self._pop_mark()))
            elif op == 0x7D:  # EMPTY_DICT
                push(self._dct([]))
            elif op == 0x64:  # DICT
                items = self._pop_mark()
                if len(items) % 2:
                    raise _Malformed("DICT with an odd number of items")
                push(self._dct(list(zip(items[::2], items[1::2], strict=True))))
            elif op == 0x8F:  # EMPTY_SET
                push(self._seq("set"))
            elif op == 0x91:  # FROZENSET
                push(self._seq("frozenset", self._pop_mark()))
            elif op == 0x61:  # APPEND
                value = pop()
                self._append(self._top(), [value], offset)
            elif op == 0x65:  # APPENDS
                items = self._pop_mark()
                self._append(self._top(), items, offset)
            elif op == 0x90:  # ADDITEMS
                items = self._pop_mark()
                target = self._top()
                if isinstance(target, Seq) and target.kind == "set":
                    _extend(target, items)
                elif isinstance(target, Global):
                    self.trace.global_mutations.append((target, "ADDITEMS calls its add()", offset))
                else:
                    self._structure("ADDITEMS on something that is not a set", offset)
            elif op == 0x73:  # SETITEM
                value = pop()
                key = pop()
                self._setitems(self._top(), [(key, value)], offset)
            elif op == 0x75:  # SETITEMS
                items = self._pop_mark()
                # The pure-Python unpickler (dill's) stores the complete pairs before it fails on the odd item, and
                # what it stored into an imported object stays changed after the failed load.
                self._setitems(self._top(), list(zip(items[::2], items[1::2], strict=False)), offset)
                if len(items) % 2:
                    raise _Malformed("SETITEMS with an odd number of items")
            # -- memo
            elif op == 0x70:  # PUT
                line = self._line()
                if not self._cut:
                    self._memo_put(_parse_index(line))
            elif op == 0x71:  # BINPUT
                self._memo_put(self._read(1)[0])
            elif op == 0x72:  # LONG_BINPUT
                self._memo_put(_U4.unpack(self._read(4))[0])
            elif op == 0x94:  # MEMOIZE
                self._memo_put(len(self.memo))
            elif op == 0x67:  # GET
                line = self._line()
                if self._cut:
                    push(Unknown("memo slot"))
                else:
                    self._memo_get(_parse_index(line), offset)
            elif op == 0x68:  # BINGET
                self._memo_get(self._read(1)[0], offset)
            elif op == 0x6A:  # LONG_BINGET
                self._memo_get(_U4.unpack(self._read(4))[0], offset)
            # -- globals, calls, objects
            elif op == 0x63:  # GLOBAL
                module = self._name_line()
                name = self._name_line()
                push(self._global(module, name, offset))
            elif op == 0x93:  # STACK_GLOBAL
                name = pop()
                module = pop()
                push(self._global(module, name, offset))
            elif op in (0x82, 0x83, 0x84):  # EXT1/2/4: copyreg extension registry
                width = {0x82: 1, 0x83: 2, 0x84: 4}[op]
                code_ = int.from_bytes(self._read(width), "little")
                t.anomalies.append(Anomaly("malformed", f"extension code {code_} needs a registered global",
                                           offset))
                push(self._global(None, None, offset))
            elif op == 0x52:  # REDUCE
                args = pop()
                func = pop()
                push(self._call(func, args, offset, "REDUCE"))
            elif op == 0x81:  # NEWOBJ
                args = pop()
                cls = pop()
                push(self._call(cls, args, offset, "NEWOBJ"))
            elif op == 0x92:  # NEWOBJ_EX
                kwargs = pop()
                args = pop()
                cls = pop()
                push(self._call(cls, Seq("tuple", [args, kwargs]), offset, "NEWOBJ_EX"))
            elif op == 0x69:  # INST
                module = self._name_line()
                name = self._name_line()
                cls = self._global(module, name, offset)
                push(self._call(cls, Seq("tuple", self._pop_mark()), offset, "INST"))
            elif op == 0x6F:  # OBJ
                items = self._pop_mark()
                if not items:
                    raise _Malformed("OBJ without a class")
                push(self._call(items[0], Seq("tuple", items[1:]), offset, "OBJ"))
            elif op == 0x62:  # BUILD
                state = pop()
                self._build(self._top(), state, offset)
            elif op == 0x50:  # PERSID
                pid = Persistent(self._line().decode("ascii", "replace"), offset)
                t.persistent.append(pid)
                push(pid)
            elif op == 0x51:  # BINPERSID
                pid = Persistent(pop(), offset)
                t.persistent.append(pid)
                push(pid)
            else:
                raise _Malformed(f"invalid opcode 0x{op:02x}", definitive=True)

    def _append(self, target: Any, items: list[Any], offset: int) -> None:
        if isinstance(target, Seq) and target.kind == "list":
            _extend(target, items)
        elif isinstance(target, Call):
            return  # a list subclass or an object with extend(): decided by its class, checked as an import
        elif isinstance(target, Global):
            self.trace.global_mutations.append((target, "APPEND(S) calls its extend() or append()", offset))
        else:
            self._structure("APPEND(S) on something that is not a list", offset)

    def _setitems(self, target: Any, pairs: list[tuple[Any, Any]], offset: int) -> None:
        if isinstance(target, Dct):
            _extend(target, pairs)
        elif isinstance(target, Call):
            # A dict subclass (OrderedDict, defaultdict), or __setitem__ of an object built earlier: kept so
            # that every value written is judged (a later SETITEM overwrites, or mutates a built tensor).
            _extend_pairs(target, pairs)
            self.trace.mutations.append((target, offset))
        elif isinstance(target, Global):
            self.trace.global_mutations.append((target, "SETITEM(S) calls its __setitem__()", offset))
        else:
            kind = target.kind if isinstance(target, Seq) else type(target).__name__
            self._structure(f"SETITEM(S) on a {kind}, not a dict", offset)

    def _structure(self, message: str, offset: int) -> None:
        self.trace.anomalies.append(Anomaly("structure", message, offset))


# What C strtol(s, &end, 0) consumes: a leading 0 means octal, so "010" is 8.
_STRTOL = re.compile(rb"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_C_LONG = 1 << 63


def _c_string(line: bytes) -> bytes:
    """The C unpickler passes lines to C parsers, which stop at a NUL byte."""
    return line.split(b"\0", 1)[0]


def _parse_int(line: bytes) -> int | bool:
    """INT as CPython's C unpickler reads it: strtol base 0 (octal after a leading 0; 00/01 are booleans),
    and where that fails or overflows a C long, Python's int(text, 0)."""
    match = _STRTOL.match(line)
    if match and line[match.end():match.end() + 1] in (b"", b"\0"):
        sign, digits = match.groups()
        base = 16 if digits[1:2] in (b"x", b"X") else 8 if digits.startswith(b"0") else 10
        value = int(digits[2:] if base == 16 else digits, base) * (-1 if sign == b"-" else 1)
        if -_C_LONG <= value < _C_LONG:
            return bool(value) if len(line) == 2 and value in (0, 1) else value
    return _python_int(_c_string(line))


def _parse_long(line: bytes) -> int:
    """LONG: one trailing L dropped, then Python's int(text, 0), as the C unpickler does."""
    return _python_int(_c_string(line[:-1] if line.endswith(b"L") else line))


def _python_int(text: bytes) -> int:
    try:
        return int(text, 0)
    except ValueError:
        raise _Malformed(f"invalid integer literal {text[:40]!r}") from None


def _extend(container: Seq | Dct, items: list[Any]) -> None:
    room = KEEP_ITEMS - len(container.items)
    if room >= len(items):
        container.items.extend(items)
    else:
        container.items.extend(items[: max(room, 0)])
        container.dropped += len(items) - max(room, 0)


def _extend_pairs(call: Call, pairs: list[tuple[Any, Any]]) -> None:
    room = KEEP_ITEMS - len(call.items)
    call.items.extend(pairs[: max(room, 0)])


def _parse_index(line: bytes) -> int:
    try:
        return int(_c_string(line))
    except ValueError:
        raise _Malformed(f"invalid memo index {line[:40]!r}") from None


def _parse_quoted(line: bytes) -> str:
    text = line.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[:1] in (b"'", b'"'):
        return _escape_decode(text[1:-1]).decode("latin-1")
    raise _Malformed("STRING argument is not quoted")


_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|x|.|$)", re.DOTALL)
_SIMPLE_ESCAPES = {b"\\": b"\\", b"'": b"'", b'"': b'"', b"a": b"\a", b"b": b"\b", b"f": b"\f", b"n": b"\n",
                   b"r": b"\r", b"t": b"\t", b"v": b"\v", b"\n": b""}


def _escape_decode(body: bytes) -> bytes:
    """PyBytes_DecodeEscape, which the C unpickler uses for STRING: unknown escapes such as \\N{...} are kept
    as they are (CPython only warns); a bad \\x escape or a trailing backslash is an error."""
    if b"\\" not in body:
        return body

    def one(match: re.Match[bytes]) -> bytes:
        escape = match.group(1)
        if escape in (b"", b"x"):
            raise _Malformed("invalid STRING escape")
        if escape[:1] == b"x":
            return bytes([int(escape[1:], 16)])
        if escape[:1].isdigit() and escape[:1] not in (b"8", b"9"):
            return bytes([int(escape, 8) & 0xFF])
        return _SIMPLE_ESCAPES.get(escape, b"\\" + escape)

    return _ESCAPE.sub(one, body)


def _latin(value: Any) -> Any:
    return value.decode("latin-1") if isinstance(value, bytes) else value


_ITEMSIZE_BY_KIND = {"b": 1, "?": 1, "B": 1}


def _dtype_itemsize(dtype: Any) -> int | None:
    """Item size of a symbolic ``numpy.dtype(...)`` call; 0 for object dtype; None if unknown."""
    if not isinstance(dtype, Call) or not isinstance(dtype.args, Seq) or not dtype.args.items:
        return None
    spec = dtype.args.items[0]
    if not isinstance(spec, str):
        return None
    body = spec.lstrip("<>|=")
    if not body:
        return None
    kind, digits = body[0], body[1:]
    if kind == "O":
        return 0
    state = dtype.state
    if kind in "VSU" and isinstance(state, Seq) and len(state.items) > 5:
        # numpy takes the element size from the state only for flexible types; fixed ones keep their own.
        elsize = state.items[5]
        if isinstance(elsize, int) and elsize > 0:
            return elsize
    if kind in _ITEMSIZE_BY_KIND and not digits:
        return _ITEMSIZE_BY_KIND[kind]
    if not digits.isdigit():
        return None
    n = int(digits)
    return n * 4 if kind == "U" else n


def run_stream(stream: BinaryIO, *, max_pickles: int = 64, speculative_tail: bool = True,
               deadline: float | None = None) -> list[Trace]:
    """Run consecutive (stacked) pickles from the stream's position until data that is not a pickle."""
    traces: list[Trace] = []
    for index in range(max_pickles):
        position = stream.tell()
        head = stream.read(2)
        stream.seek(position)
        if not head:
            break
        if index > 0 and speculative_tail and not looks_like_pickle_start(head):
            break
        trace = Machine(stream, deadline=deadline).run()
        if index > 0 and not trace.is_pickle:
            stream.seek(position)  # trailing bytes that are not a pickle
            break
        traces.append(trace)
        if not trace.completed:
            break
    else:
        # max_pickles=1 means "read one, the caller goes on"; otherwise stopping here leaves pickles unread.
        position = stream.tell()
        head = stream.read(2)
        stream.seek(position)
        if traces and max_pickles > 1 and looks_like_pickle_start(head):
            traces[-1].anomalies.append(Anomaly(
                "limit", f"more than {max_pickles} stacked pickles; the rest of the stream was not analysed",
                position))
    return traces


# Every opcode CPython's unpickler dispatches on. It accepts any of them first (no header is required).
OPCODES = frozenset(op.code.encode("latin-1")[0] for op in pickletools.opcodes)


def looks_like_pickle_start(head: bytes) -> bool:
    """As loose as the loader: any opcode may come first. Whether the bytes really are a pickle is decided by
    running them (``PickleSummary.is_pickle``: they reach STOP or a global), which text and JSON do not."""
    if not head or head[0] not in OPCODES:
        return False
    return head[0] != 0x80 or (len(head) > 1 and head[1] <= 5)
