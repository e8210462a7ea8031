"""Bypasses a re-review found after loose sniffing landed: each exited 0 under the default gate before its fix.
Payloads are opcode bytes written here; nothing is ever loaded."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

PAYLOAD = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."


def _npy(descr: str, data: bytes = PAYLOAD) -> bytes:
    header = f"{{'descr': {descr}, 'fortran_order': False, 'shape': (1,), }}".encode("latin-1")
    header += b" " * (64 - (10 + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + data


def _scan(path: Path) -> int:
    return subprocess.run([sys.executable, "-m", "aiwarden", "scan", str(path), "-q"], capture_output=True,
                          timeout=60).returncode


@pytest.mark.parametrize("descr", ["'object'", "('|O', (1,))", "'=O'", "[('a', '<f8'), ('b', ('O', (2,)))]",
                                   "'object_'", "{'names': ['a'], 'formats': ['O']}"])
def test_npy_object_dtype_spellings_are_scanned(tmp_path: Path, descr: str) -> None:
    (tmp_path / "arr.npy").write_bytes(_npy(descr))
    assert _scan(tmp_path) == 1


@pytest.mark.parametrize("descr", ["'<f4'", "'|u1'", "'float32'", "[('x', '<i8'), ('y', ('<f4', (3,)))]",
                                   "'<M8[ns]'", "'<U5'", "'|S3'"])
def test_plain_npy_dtypes_are_not_read_as_pickles(tmp_path: Path, descr: str) -> None:
    (tmp_path / "arr.npy").write_bytes(_npy(descr, bytes(range(64))))
    assert _scan(tmp_path) == 0


def test_joblib_array_region_opening_with_pop(tmp_path: Path) -> None:
    body = b"0cos\nsystem\n(S'true'\ntR"  # POP first: it needs the stack of the pickle around the region
    wrapper = (b"\x80\x04cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81}(X\x05\x00\x00\x00shape"
               + b"K" + bytes([len(body)]) + b"\x85X\x05\x00\x00\x00dtypecbuiltins\nstr\nX\x02\x00\x00\x00u1\x85R"
               + b"ub")
    (tmp_path / "model.pkl").write_bytes(wrapper + body + b".")
    assert _scan(tmp_path) == 1
