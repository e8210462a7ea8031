"""Class 3: container content recognised as the loaders recognise it, not as a typical file looks: skops
archives with members the schema does not name, JSON schema spellings json.loads accepts, every compressor
joblib and torch accept, NumPy headers NumPy's parser accepts after its retry, npz members under any name."""

from __future__ import annotations

import bz2
import codecs
import io
import lzma
import pickle
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import joblib
import lz4.frame
import numpy
import pytest
from joblib.numpy_pickle_compat import read_zfile
from joblib.numpy_pickle_utils import _detect_compressor

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.bypasses.skopsfiles import PIPELINE, SKOPS_DATA, rewrite
from tests.bypasses.zips import BENIGN, PAYLOAD


def _findings(report: Any) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.severity.name, f.message) for f in report.findings]


def _npz_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("extra", [
    {"model.pkl": PAYLOAD},
    {"139874526548272": PAYLOAD},  # looks like a skops member id, no extension
    {"deep/dir/state.bin": PAYLOAD},
    {"inner.zip": _npz_with("data.pkl", PAYLOAD)},
], ids=["pickle", "id_named", "nested_dir", "nested_zip"])
@pytest.mark.parametrize("source", [PIPELINE, SKOPS_DATA / "generator.skops"], ids=["pipeline", "generator"])
def test_skops_extra_members_are_scanned(tmp_path: Path, source: Path, extra: dict[str, bytes]) -> None:
    report = scan(tmp_path, rewrite(source, extra=extra), "model.skops")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode(),
    lambda text: text.encode("utf-16"),
    lambda text: b"\n  " + text.encode(),
], ids=["bom", "utf16", "whitespace"])
def test_skops_schema_in_any_encoding_json_loads_reads(tmp_path: Path, encode: Any) -> None:
    def dangerous(schema: dict[str, Any]) -> None:
        schema["content"]["content"]["steps"]["__module__"] = "os"
        schema["content"]["content"]["steps"]["__class__"] = "system"

    report = scan(tmp_path, rewrite(PIPELINE, dangerous, encode=encode), "model.skops")
    assert worst(report) is Severity.HIGH, _findings(report)


# -- compression joblib accepts ------------------------------------------------------------------------------

def _zfile(data: bytes, space: bool = False) -> bytes:
    """joblib < 0.9.3's compressed pickle: ZF, the hex length padded to 19, (a space, 0.8), zlib data."""
    return b"ZF" + hex(len(data)).encode().ljust(19) + (b" " if space else b"") + zlib.compress(data)


@pytest.mark.parametrize(("builder", "compressor"), [
    (lambda: lz4.frame.compress(PAYLOAD), "lz4"),
    (lambda: lz4.frame.compress(BENIGN) + lz4.frame.compress(PAYLOAD), "lz4"),
    (lambda: lz4.frame.compress(PAYLOAD, block_size=lz4.frame.BLOCKSIZE_MAX4MB, content_checksum=True), "lz4"),
    (lambda: lzma.compress(PAYLOAD, lzma.FORMAT_ALONE,
                           filters=[{"id": lzma.FILTER_LZMA1, "dict_size": 4096}]), "lzma"),
    (lambda: bz2.compress(b"") + bz2.compress(PAYLOAD), "bz2"),
    (lambda: _zfile(PAYLOAD), "compat"),
    (lambda: _zfile(PAYLOAD, space=True), "compat"),
], ids=["lz4", "lz4_second_frame", "lz4_checksum", "lzma_small_dictionary", "bz2_empty_first_stream",
        "zfile", "zfile_py2_space"])
def test_every_compressor_joblib_accepts(tmp_path: Path, builder: Any, compressor: str) -> None:
    data = builder()
    assert _detect_compressor(io.BytesIO(data)) == compressor  # joblib's own dispatch picks it
    report = scan(tmp_path, data, "model.joblib")
    assert worst(report) is Severity.CRITICAL, _findings(report)


def test_zfile_decompresses_as_joblib_reads_it() -> None:
    assert read_zfile(io.BytesIO(_zfile(PAYLOAD, space=True))) == PAYLOAD


@pytest.mark.parametrize("compress", ["lz4", ("lz4", 9), "lzma", "xz", "bz2", "gzip", "zlib"])
def test_real_joblib_compressed_files_stay_clean(tmp_path: Path, compress: Any) -> None:
    path = tmp_path / "model.joblib"
    joblib.dump({"weights": numpy.arange(64, dtype="float32").reshape(8, 8), "name": "demo"}, path,
                compress=compress)
    report = scan(tmp_path, path.read_bytes(), "scanned.joblib")
    assert worst(report) in (None, Severity.INFO, Severity.LOW), _findings(report)


# -- NumPy headers as NumPy parses them ---------------------------------------------------------------------

OBJECT_PICKLE = pickle.dumps([1, "x"], protocol=2)  # a benign object-array body, loaded only to prove numpy reads it


def _npy(header: str, body: bytes, version: int = 1) -> bytes:
    text = header.encode("latin-1")
    text += b" " * (63 - (10 + len(text)) % 64) + b"\n"
    length = struct.pack("<H", len(text)) if version == 1 else struct.pack("<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + length + text + body


@pytest.mark.parametrize(("header", "version"), [
    ("{'descr': '|O', 'fortran_order': False, 'shape': (2L,), }", 1),
    ("{'descr': '|O', 'fortran_order': False, 'shape': (2L, 1L), }", 2),
    ("{'descr': 'O', 'fortran_order': False, 'shape': (2 L,), }", 1),
    ("{'descr': {'aO': 1}, 'fortran_order': False, 'shape': (1,), }", 1),
    ("{'descr': ['aO'], 'fortran_order': False, 'shape': (1,), }", 1),
    ("{'descr': 'i4,O', 'fortran_order': False, 'shape': (1,), }", 1),
    ("{'descr': '(2,)O', 'fortran_order': False, 'shape': (1,), }", 1),
    ("{'descr': [('a', ('O', (2,)))], 'fortran_order': False, 'shape': (1,), }", 3),
    ("{'descr': [(('title', 'a'), '|O')], 'fortran_order': False, 'shape': (1,), }", 3),
], ids=["long_suffix", "long_suffix_v2", "long_suffix_spaced", "dict_descr", "string_field", "comma_spec",
        "subarray_spec", "nested_subarray", "titled_field"])
def test_object_arrays_under_every_header_numpy_accepts(tmp_path: Path, header: str, version: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:  # numpy reaches the pickle: it unpickles the benign body (then may reject its type)
            numpy.load(io.BytesIO(_npy(header, OBJECT_PICKLE, version)), allow_pickle=True)
        except AttributeError as exc:
            assert "dtype" in str(exc)
    report = scan(tmp_path, _npy(header, PAYLOAD, version), "array.npy")
    assert worst(report) is Severity.CRITICAL, _findings(report)


def test_npz_member_without_the_npy_suffix(tmp_path: Path) -> None:
    data = _npz_with("weights", _npy("{'descr': '|O', 'fortran_order': False, 'shape': (2L,), }", PAYLOAD))
    assert "weights" in numpy.load(io.BytesIO(data), allow_pickle=True).files
    assert worst(scan(tmp_path, data, "arrays.npz")) is Severity.CRITICAL


def test_real_npy_and_npz_files_stay_clean(tmp_path: Path) -> None:
    arrays = {"a": numpy.arange(6).reshape(2, 3), "b": numpy.zeros(3, dtype=[("x", "<f4"), ("y", "<i8", (2,))])}
    buffer = io.BytesIO()
    numpy.savez_compressed(buffer, **arrays)
    assert worst(scan(tmp_path, buffer.getvalue(), "arrays.npz")) is None
    single = io.BytesIO()
    numpy.save(single, arrays["b"])
    assert worst(scan(tmp_path, single.getvalue(), "array.npy")) is None
