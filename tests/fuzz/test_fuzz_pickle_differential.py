"""Differential fuzzing of the pickle scanner against a symbolic run of CPython's own unpickler.

Benign and malicious pickles are mutated at the opcode level (opcode insertion and deletion, memo renumbering and
PUT/BINPUT/LONG_BINPUT/MEMOIZE swaps, stacking, protocol headers, FRAMEs, compression the scanner opens) and
run through both ``aiwarden``'s scanner and ``reference_unpickler`` (the real ``pickle._Unpickler`` with inert
stubs for every global). The oracle, on every input:

- a global the reference calls that is not in the format's exact safe table makes the worst finding at least
  high (except what the decision model documents below high: ecosystem classes built without arguments and
  whole torch modules);
- a dangerous global the reference calls makes it critical;
- when the reference reads the stream to its end and the scanner stays below high, every global the reference
  called is one the scanner saw called.

Budgets are fixed (examples, derandomized) so CI time stays bounded.
"""

from __future__ import annotations

import bz2
import collections
import gzip
import io
import itertools
import lzma
import pickle
import pickletools
import struct
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.dispatch import scan_bytes
from aiwarden.scan.pkl.analyze import _constructed
from aiwarden.scan.pkl.policy import FORMAT_SAFE, Policy, Verdict, _py3_name
from aiwarden.scan.pkl.values import Global
from aiwarden.scan.pkl.vm import run_stream
from tests.fuzz.reference_unpickler import Outcome, reference_run

DIFF = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                database=None)


def _benign() -> list[bytes]:
    values = [
        {"w": [1.0, 2.0], "n": collections.OrderedDict(a=(1, 2)), "s": {3, 4}, "b": b"\x00\x01", "t": "x"},
        [collections.OrderedDict(layer=[1, 2, 3]), (None, True, 2**70), frozenset({1})],
        collections.Counter("abc"),
    ]
    return [pickle.dumps(v, protocol=p) for v in values for p in range(6)]


def _g(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def _u(text: str) -> bytes:
    return b"\x8c" + bytes([len(text)]) + text.encode()


MALICIOUS = [
    b"\x80\x02" + _g("posix", "system") + b"q\x00(X\x02\x00\x00\x00idtR.",
    b"\x80\x04" + _u("builtins") + b"\x94" + _u("eval") + b"\x94\x93\x94" + _u("1") + b"\x85R.",
    b"(" + _g("subprocess", "Popen") + b"(S'id'\nlo.",
    b"(S'id'\nios\nsystem\n.",
    b"\x80\x04" + _u("os") + _u("system") + b"\x93)\x81}b.",
    b"\x80\x02" + _g("torch._utils", "_rebuild_tensor_v2") + b"(" + _g("collections", "OrderedDict") + b")R"
    + _g("builtins", "exec") + b"(S'x=1'\ntRtR.",
    b"\x80\x02" + _g("copyreg", "_reconstructor") + b"(" + _g("mylab.layers", "Block") + _g("builtins", "object")
    + b"NtR}b.",
    b"\x80\x04" + _u("torch._utils") + _u("os.system") + b"\x93" + _u("id") + b"\x85R.",
    b"\x80\x02" + _g("collections", "OrderedDict") + b")RS'k'\n" + _g("colorsys", "rgb_to_hsv")
    + b"(K\x01K\x01K\x01tRs.",
    b"\x80\x02" + _g("posix", "system") + b"q\x050N(h\x05S'id'\nK\x00o.",  # memoized, popped, fetched again
    b"\x80\x04" + _u("os") + b"\x94" + _u("system") + b"\x94h\x00h\x01\x93)}\x92.",  # NEWOBJ_EX via memo
    b"\x80\x04" + _u("torch") + _u("_utils") + b"\x93" + _u("numpy") + _u("load") + b"\x93" + _u("x.npy")
    + b"\x85R.",
]
SEEDS = _benign() + MALICIOUS

# Opcodes that leave the stack as it was, or that a loader accepts anywhere (memo writes, frames, headers).
NEUTRAL = [b"N0", b"(1", b"\x94", b"q\x07", b"r\x07\x00\x00\x00", b"p7\n", b"\x80\x02", b"\x80\x04", b"\x80\x05",
           b"\x95\x00\x00\x00\x00\x00\x00\x00\x00", b"2", b"0", b"(", b"h\x00", b"g0\n", b"\x88", b"]", b"}"]
PAYLOADS = [b"cposix\nsystem\n(S'id'\ntR0", b"\x8c\x08builtins\x8c\x04exec\x93\x8c\x01x\x85R0",
            b"(cbuiltins\neval\nS'1'\no0", b"(S'id'\nios\nsystem\n0",
            # APPEND(S)/ADDITEMS/SETITEM on an imported object call its extend/append/add/__setitem__
            b"ccollections\nOrderedDict\n(K\x01e0", b"csys\npath\nS'/tmp'\na0",
            b"ctorch._weights_only_unpickler\n_marked_safe_globals_set\n(cposix\nsystem\n\x900",
            b"ccopyreg\n_inverted_registry\nK\x05(S'posix'\nS'system'\nts0"]


def _ops(data: bytes) -> list[bytes]:
    """The stream cut at opcode boundaries (valid seeds only; mutants are only ever re-joined)."""
    starts = [pos for _, _, pos in pickletools.genops(data)] + [len(data)]
    return [data[a:b] for a, b in itertools.pairwise(starts)]


def _memo_index(op: bytes, slot: int) -> int:
    code = op[:1]
    if code in (b"q", b"h"):
        return op[1]
    if code in (b"r", b"j"):
        return int(struct.unpack("<I", op[1:5])[0])
    if code in (b"p", b"g"):
        return int(op[1:-1])
    return slot  # MEMOIZE: the next free slot


def _memo_op(kind: str, target: int, form: int) -> bytes:
    short, long_, text = (b"q", b"r", b"p") if kind == "put" else (b"h", b"j", b"g")
    return [short + bytes([target]) if target < 256 else long_ + struct.pack("<I", target),
            long_ + struct.pack("<I", target), text + b"%d\n" % target][form]


def _renumber(ops: list[bytes], shift: int, form: int) -> list[bytes]:
    """Memo games: move every slot by ``shift`` and write PUTs in another form (same meaning for the loader)."""
    out = []
    slot = 0
    for op in ops:
        code = op[:1]
        if code in (b"q", b"r", b"p", b"\x94"):
            op = _memo_op("put", _memo_index(op, slot) + shift, form)
            slot += 1
        elif code in (b"h", b"j", b"g"):
            op = _memo_op("get", _memo_index(op, slot) + shift, form)
        out.append(op)
    return out


def _frame(data: bytes, exact: bool) -> bytes:
    body = data[2:] if data[:1] == b"\x80" else data
    length = len(body) if exact else max(0, len(body) - 3)
    return b"\x80\x04\x95" + struct.pack("<Q", length) + body


COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "none": lambda d: d, "gzip": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress,
}


@st.composite
def mutants(draw: st.DrawFn) -> tuple[bytes, str]:
    seed = draw(st.sampled_from(SEEDS))
    ops = _ops(seed)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["insert", "delete", "payload", "renumber", "header", "stack", "swap"]))
        if kind == "insert":
            ops.insert(draw(st.integers(0, len(ops))), draw(st.sampled_from(NEUTRAL)))
        elif kind == "delete" and len(ops) > 1:
            del ops[draw(st.integers(0, len(ops) - 1))]
        elif kind == "payload":
            ops.insert(draw(st.integers(0, max(0, len(ops) - 1))), draw(st.sampled_from(PAYLOADS)))
        elif kind == "renumber":
            ops = _renumber(ops, draw(st.integers(0, 300)), draw(st.integers(0, 2)))
        elif kind == "header":
            if ops and ops[0][:1] == b"\x80":
                ops[0] = draw(st.sampled_from([b"", b"\x80\x00", b"\x80\x02", b"\x80\x05", b"\x80\x02\x80\x04"]))
            else:
                ops.insert(0, draw(st.sampled_from([b"\x80\x02", b"\x80\x04", b"\x80\x05"])))
        elif kind == "stack":
            ops += _ops(draw(st.sampled_from(SEEDS)))
        elif kind == "swap" and len(ops) > 2:
            i = draw(st.integers(0, len(ops) - 2))
            ops[i], ops[i + 1] = ops[i + 1], ops[i]
    data = b"".join(ops)
    framing = draw(st.sampled_from(["plain", "frame", "short_frame"]))
    if framing != "plain" and data:
        data = _frame(data, framing == "frame")
    return data, draw(st.sampled_from(sorted(COMPRESS)))


def _joblib_array(region: bytes) -> bytes:
    """A NumpyArrayWrapper record as joblib writes it, followed by ``region`` as the int8 array's raw bytes."""
    dtype = _u("numpy") + _u("dtype") + b"\x93" + _u("i1") + b"\x89\x88\x87R"
    state = (b"}(" + _u("subclass") + _u("numpy") + _u("ndarray") + b"\x93" + _u("shape")
             + b"J" + struct.pack("<i", len(region)) + b"\x85" + _u("order") + _u("C") + _u("dtype") + dtype
             + _u("allow_mmap") + b"\x89u")
    return (b"\x80\x04" + _u("joblib.numpy_pickle") + _u("NumpyArrayWrapper") + b"\x93)\x81" + state + b"b"
            + region)


# Bytes joblib reads as array data and pickle.load runs as opcodes: opcode fragments and arguments cut short.
FRAGMENTS = [b"\x8c", b"B", b"X", b"U", b"T", b"C", b"\x8e", b"N", b"0", b"(", b"1", b"2", b"\x00", b"A" * 7,
             *PAYLOADS]


@st.composite
def joblib_mutants(draw: st.DrawFn) -> tuple[bytes, str]:
    """Array data whose last opcode runs on into what follows, hiding a payload inside a later argument."""
    region = b"".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4)))
    # A SHORT_BINUNICODE/SHORT_BINBYTES cut at the region's end takes the next opcode byte as its length:
    # fillers of that length minus the 4-byte length field put the payload where the loader resumes.
    filler = b"A" * draw(st.sampled_from([ord("B") - 4, ord("X") - 4, 0, 1, 5]) | st.integers(0, 80))
    payload = draw(st.sampled_from(PAYLOADS))
    content = filler + payload + b"N0"
    tail = draw(st.sampled_from([
        b"B" + struct.pack("<I", len(content)) + content + b"0.",
        b"X" + struct.pack("<I", len(content)) + content + b"0.",
        b"0" + payload + b".",
        b"0.",
    ]))
    return _joblib_array(region) + tail, draw(st.sampled_from(["none", "gzip"]))


POLICY = Policy(FORMAT_SAFE["pickle"])
_BELOW_HIGH_BY_DESIGN = (Verdict.SAFE, Verdict.ECOSYSTEM_CLASS, Verdict.MODULE_OBJECT)
_CRITICAL = (Verdict.DANGEROUS, Verdict.INTERNALS)


def _scanner(data: bytes) -> tuple[Severity | None, set[str]]:
    ctx = ScanContext("fuzz.pkl")
    scan_bytes(data, ctx)
    worst = max((f.severity for f in ctx.findings), default=None)
    seen: set[str] = set()
    for trace in run_stream(io.BytesIO(data)):
        for call in trace.calls:
            for func in (call.func, _constructed(call)):
                if isinstance(func, Global) and func.module is not None and func.name is not None:
                    seen.add(".".join(_py3_name(func.module, func.name)))
    return worst, seen


def divergences(data: bytes, outcome: Outcome, worst: Severity | None, seen: set[str]) -> list[str]:
    found = []
    for module, name in outcome.record.called:
        verdict = POLICY.classify(module, name).verdict
        if verdict in _CRITICAL and worst is not Severity.CRITICAL:
            found.append(f"dangerous {module}.{name} called, scanner worst {worst}")
        elif verdict not in _BELOW_HIGH_BY_DESIGN and (worst is None or worst < Severity.HIGH):
            found.append(f"{module}.{name} ({verdict.value}) called, scanner worst {worst}")
    if outcome.completed and (worst is None or worst < Severity.HIGH):
        missed = {".".join(_py3_name(m, n)) for m, n in outcome.record.called} - seen
        if missed:
            found.append(f"fully read stream with calls the scanner did not see: {sorted(missed)}")
    return found


@DIFF
@given(st.one_of(mutants(), joblib_mutants()))
def test_scanner_never_rates_below_the_reference_run(case: tuple[bytes, str]) -> None:
    data, wrapper = case
    outcome = reference_run(data)
    worst, seen = _scanner(COMPRESS[wrapper](data))
    if wrapper != "none":
        seen |= _scanner(data)[1]  # the decompressed stream is what the scanner's machine ran
    assert divergences(data, outcome, worst, seen) == [], (data, wrapper, outcome.error)


def test_the_reference_sees_what_the_seeds_call() -> None:
    called = {f"{m}.{n}" for seed in MALICIOUS for m, n in reference_run(seed).record.called}
    assert {"posix.system", "builtins.eval", "subprocess.Popen", "os.system", "builtins.exec"} <= called
    assert all(reference_run(seed).completed for seed in SEEDS)
