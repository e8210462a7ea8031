"""Class 6: every bound a container parser has ends in a finding that fails the default gate (scan.limit,
archive.too-deep or archive.bomb: high), never a silent pass or a medium: floods of members, deep nesting,
oversized headers and schemas, the time budget."""

from __future__ import annotations

import gzip
import io
import json
import struct
import tarfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy
import pytest

from aiwarden.core.findings import Report, Severity
from aiwarden.scan.context import Limits
from aiwarden.scan.engine import ScanOptions, scan_paths
from tests.bypasses.skopsfiles import PIPELINE, rewrite
from tests.helpers import by_rule

LIMIT_RULES = {"scan.limit", "archive.too-deep", "archive.bomb"}


def _scan(tmp_path: Path, data: bytes, name: str, **limits: Any) -> Report:
    path = tmp_path / name
    path.write_bytes(data)
    return scan_paths([str(path)], ScanOptions(limits=replace(Limits(), **limits)))


def _assert_limit(report: Report, rule: str) -> None:
    found = by_rule(report, rule)
    assert found, [(f.rule_id, f.severity.name, f.message) for f in report.findings]
    assert all(f.severity >= Severity.HIGH for f in found)
    assert not [f for f in report.findings if f.rule_id in LIMIT_RULES and f.severity < Severity.HIGH]


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("count", [51, 500])
def test_member_flood_in_a_zip(tmp_path: Path, count: int) -> None:
    data = _zip({f"m{i}.bin": b"x" for i in range(count)})
    _assert_limit(_scan(tmp_path, data, "flood.zip", max_entries=50), "scan.limit")


def test_member_flood_in_a_tar(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for i in range(60):
            info = tarfile.TarInfo(f"m{i}.bin")
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
    _assert_limit(_scan(tmp_path, buffer.getvalue(), "flood.tar", max_entries=50), "archive.bomb")


@pytest.mark.parametrize("wrap", ["zip", "gzip", "mixed"])
def test_deep_nesting(tmp_path: Path, wrap: str) -> None:
    data = b"\x80\x02}q\x00."
    for level in range(8):
        use_zip = wrap == "zip" or (wrap == "mixed" and level % 2 == 0)
        data = _zip({"inner": data}) if use_zip else gzip.compress(data, mtime=0)
    _assert_limit(_scan(tmp_path, data, "nested.bin"), "archive.too-deep")


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_member_larger_than_the_member_limit(tmp_path: Path, compression: int) -> None:
    member = bytes(range(256)) * 64  # 16 KiB that does not compress well
    data = _zip({"big.pkl": member}, compression)
    report = _scan(tmp_path, data, "model.zip", max_member_bytes=4096)
    if compression == zipfile.ZIP_DEFLATED:
        _assert_limit(report, "scan.limit")
    else:  # stored members are windows, never copied: their content is still scanned
        assert not by_rule(report, "scan.limit")


def test_compressed_stream_beyond_the_member_limit(tmp_path: Path) -> None:
    data = gzip.compress(bytes(range(256)) * 64, mtime=0)
    _assert_limit(_scan(tmp_path, data, "model.pkl.gz", max_member_bytes=4096), "scan.limit")


def test_safetensors_header_over_the_scan_limit_but_loadable(tmp_path: Path) -> None:
    header = json.dumps({"__metadata__": {"note": "x" * 5000}}).encode()
    data = struct.pack("<Q", len(header)) + header
    _assert_limit(_scan(tmp_path, data, "model.safetensors", max_header_bytes=4096), "scan.limit")


def test_json_document_over_the_limit(tmp_path: Path) -> None:
    data = json.dumps({"chat_template": "{{ x }}", "pad": "y" * 5000}, indent=2).encode()
    _assert_limit(_scan(tmp_path, data, "tokenizer_config.json", max_header_bytes=4096), "scan.limit")


def test_named_template_flood(tmp_path: Path) -> None:
    templates = [{"name": f"t{i}", "template": "x"} for i in range(10_001)]
    data = json.dumps({"chat_template": templates}).encode()
    _assert_limit(_scan(tmp_path, data, "tokenizer_config.json"), "scan.limit")


def test_npy_header_over_the_scan_limit(tmp_path: Path) -> None:
    # np.load(allow_pickle=True) lifts NumPy's own header limit, so the loader reads this one
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }" + " " * (2 << 20) + "\n"
    data = b"\x93NUMPY\x02\x00" + struct.pack("<I", len(header)) + header.encode()
    numpy.lib.format.read_array_header_2_0(io.BytesIO(data[8:]), max_header_size=1 << 30)  # numpy parses it
    _assert_limit(_scan(tmp_path, data, "array.npy"), "scan.limit")


def test_skops_schema_nested_beyond_the_limit(tmp_path: Path) -> None:
    def deepen(schema: dict[str, Any]) -> None:
        node: dict[str, Any] = {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode",
                                "content": "1"}
        for _ in range(250):
            node = {"__class__": "list", "__module__": "builtins", "__loader__": "ListNode", "content": [node]}
        schema["content"]["content"]["deep"] = node

    _assert_limit(_scan(tmp_path, rewrite(PIPELINE, deepen), "model.skops"), "scan.limit")


def _onnx_nested_graphs(levels: int) -> bytes:
    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2]) + _varint(len(payload)) + payload

    graph = field(2, b"leaf")
    for _ in range(levels):  # graph -> node -> attribute (g = 6) -> graph ...
        attribute = field(1, b"body") + field(6, graph)
        graph = field(1, field(4, b"Loop") + field(5, attribute)) + field(2, b"g")
    return bytes([0x08, 8]) + field(7, graph) + field(8, bytes([0x10, 13]))


def _varint(value: int) -> bytes:
    out = b""
    while value > 0x7F:
        out += bytes([value & 0x7F | 0x80])
        value >>= 7
    return out + bytes([value])


def test_onnx_subgraphs_nested_beyond_the_walk_limit(tmp_path: Path) -> None:
    report = _scan(tmp_path, _onnx_nested_graphs(40), "model.onnx")
    _assert_limit(report, "scan.limit")
    assert not by_rule(report, "onnx.malformed")


def test_onnx_nested_within_the_limit_is_clean(tmp_path: Path) -> None:
    report = _scan(tmp_path, _onnx_nested_graphs(5), "model.onnx")
    assert not report.findings, report.findings


def test_time_budget_over_many_members(tmp_path: Path) -> None:
    data = _zip({f"m{i}.pkl": b"\x80\x02}q\x00." for i in range(3000)})
    _assert_limit(_scan(tmp_path, data, "many.zip", seconds_per_file=0.05), "scan.limit")
