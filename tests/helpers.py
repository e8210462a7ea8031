"""Hand-built pickle opcodes and small scan helpers for tests. Nothing here ever unpickles."""

from __future__ import annotations

import struct
from pathlib import Path

from aiwarden.core.findings import Finding, Report, Severity
from aiwarden.scan.engine import scan_paths

PROTO = b"\x80"
STOP = b"."
MARK = b"("
TUPLE = b"t"
TUPLE1 = b"\x85"
TUPLE2 = b"\x86"
REDUCE = b"R"
BUILD = b"b"
EMPTY_DICT = b"}"
EMPTY_LIST = b"]"
SETITEM = b"s"
MEMOIZE = b"\x94"
STACK_GLOBAL = b"\x93"
NEWOBJ = b"\x81"
NONE = b"N"


def proto(n: int) -> bytes:
    return PROTO + bytes([n])


def uni(text: str) -> bytes:
    data = text.encode()
    if len(data) < 256:
        return b"\x8c" + bytes([len(data)]) + data
    return b"X" + struct.pack("<I", len(data)) + data


def binbytes(data: bytes) -> bytes:
    return b"B" + struct.pack("<I", len(data)) + data


def glob(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def binput(i: int) -> bytes:
    return b"q" + bytes([i])


def binget(i: int) -> bytes:
    return b"h" + bytes([i])


def call(module: str, name: str, *args: str, protocol: int = 2) -> bytes:
    """A pickle that calls module.name(*args) at load time."""
    body = glob(module, name) + MARK + b"".join(uni(a) for a in args) + TUPLE + REDUCE
    return proto(protocol) + body + STOP


def scan_bytes_file(tmp_path: Path, data: bytes, name: str = "model.bin") -> Report:
    path = tmp_path / name
    path.write_bytes(data)
    return scan_paths([str(path)])


def rules(report: Report, at_least: Severity = Severity.INFO) -> set[str]:
    return {f.rule_id for f in report.findings if f.severity >= at_least}


def worst(report: Report) -> Severity | None:
    return report.max_severity()


def by_rule(report: Report, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]
