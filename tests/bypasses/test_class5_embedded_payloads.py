"""Class 5: payloads inside payloads. Allowlisted reconstructors that rebuild objects from embedded bytes hand
those bytes to a loader: ``torch.storage._load_from_bytes`` (what plain ``pickle.dumps(tensor)`` writes) runs
torch.load on them, spaCy's ``unpickle_vocab`` unpickles its fifth argument with cloudpickle, and
``unpickle_vectors`` unpickles the object arrays of its msgpack. The bytes are decoded, including the
``_codecs.encode(text, 'latin1')`` form of protocols 0-2, and scanned as a nested file. The real benign files
(tests/data/embedded, made by real torch with scripts/embedded_fixtures.py) stay below high."""

from __future__ import annotations

import io
import pickle
import struct
import zipfile
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.formats.picklefile import LEGACY_TORCH_MAGIC
from tests.bypasses.pickles import scan, worst
from tests.helpers import binbytes, by_rule, call, glob, uni

EMBEDDED = Path(__file__).resolve().parents[1] / "data" / "embedded"
REAL = sorted(p.name for p in EMBEDDED.glob("*.pkl"))

PAYLOAD = call("posix", "system", "touch /tmp/aiwarden-canary/m99")


def _torch_zip(data_pkl: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", data_pkl)
        archive.writestr("archive/version", b"3\n")
    return buffer.getvalue()


def _legacy_stream(obj: bytes) -> bytes:
    header = b"".join(pickle.dumps(v, protocol=2) for v in (LEGACY_TORCH_MAGIC, 1001, {"little_endian": True}))
    return header + obj + pickle.dumps([], protocol=2)


INNER = {
    "plain_pickle": PAYLOAD,
    "torch_zip": _torch_zip(PAYLOAD),
    "legacy_stream": _legacy_stream(PAYLOAD),
}


def _p4(module: str, name: str, *args: bytes) -> bytes:
    return b"\x80\x04" + uni(module) + uni(name) + b"\x93(" + b"".join(args) + b"tR."


def _latin_p2(data: bytes) -> bytes:
    """Bytes as protocol 2 writes them under Python 3: _codecs.encode(text, 'latin1')."""
    text = data.decode("latin-1").encode("utf-8", "surrogatepass")
    return (glob("_codecs", "encode") + b"X" + struct.pack("<I", len(text)) + text
            + b"X\x06\x00\x00\x00latin1\x86R")


def _latin_p0(data: bytes) -> bytes:
    text = data.decode("latin-1")
    for char in "\\\0\n\r\x1a":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return glob("_codecs", "encode") + b"(V" + text.encode("raw-unicode-escape") + b"\nVlatin1\ntR"


OUTER = {
    "p4_binbytes": lambda inner: _p4("torch.storage", "_load_from_bytes", binbytes(inner)),
    "p2_codecs": lambda inner: b"\x80\x02" + glob("torch.storage", "_load_from_bytes") + b"(" + _latin_p2(inner)
    + b"tR.",
    "p0_codecs": lambda inner: glob("torch.storage", "_load_from_bytes") + b"(" + _latin_p0(inner) + b"tR.",
}


@pytest.mark.parametrize("name", REAL)
def test_real_tensors_pickled_with_pickle_dumps_stay_below_high(tmp_path: Path, name: str) -> None:
    report = scan(tmp_path, (EMBEDDED / name).read_bytes())
    assert by_rule(report, "pickle.nested"), report.findings  # the bytes were decoded and scanned
    assert worst(report) is not None and worst(report) < Severity.HIGH, [
        (f.rule_id, f.severity, f.message) for f in report.findings]


def test_every_protocol_of_the_real_files_is_covered() -> None:
    assert {int(n.rsplit("-p", 1)[1].split(".")[0]) for n in REAL} == set(range(6))


@pytest.mark.parametrize("outer", OUTER.values(), ids=OUTER.keys())
@pytest.mark.parametrize("inner", INNER.values(), ids=INNER.keys())
def test_payload_in_bytes_rebuilt_as_a_storage_is_critical(tmp_path: Path, outer: object, inner: bytes) -> None:
    data = outer(inner)  # type: ignore[operator]
    report = scan(tmp_path, data)
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity, f.message) for f in report.findings]
    assert any(f.location.member and "nested@" in f.location.member for f in by_rule(report, "pickle.dangerous-call"))


def _vocab(lex_attr_getters: bytes, protocol: int) -> bytes:
    none = b"N"
    if protocol == 2:
        return (b"\x80\x02" + glob("spacy.vocab", "unpickle_vocab") + b"(" + none * 4 + _latin_p2(lex_attr_getters)
                + none * 2 + b"tR.")
    return _p4("spacy.vocab", "unpickle_vocab", none * 4 + binbytes(lex_attr_getters) + none * 2)


@pytest.mark.parametrize("protocol", [2, 4])
def test_spacy_vocab_attribute_getters_are_unpickled_and_scanned(tmp_path: Path, protocol: int) -> None:
    assert worst(scan(tmp_path, _vocab(PAYLOAD, protocol))) is Severity.CRITICAL
    benign = scan(tmp_path, _vocab(pickle.dumps({"lower": "spacy.lang.lex_attrs.lower"}, protocol=4), protocol))
    assert by_rule(benign, "pickle.nested")
    assert worst(benign) is not None and worst(benign) < Severity.HIGH


# msgpack maps: {"kind": "O", "data": ...} is msgpack-numpy's object array, which the reader unpickles.
OBJECT_ARRAYS = {
    "str_keys": b"\x82\xa4kind\xa1O\xa4data" + b"\xc4" + bytes([len(PAYLOAD)]) + PAYLOAD,
    "bin_keys": b"\x82\xc4\x04kind\xc4\x01O\xc4\x04data" + b"\xc4" + bytes([len(PAYLOAD)]) + PAYLOAD,
}


@pytest.mark.parametrize("msgpack", OBJECT_ARRAYS.values(), ids=OBJECT_ARRAYS.keys())
def test_spacy_vectors_with_object_arrays_are_unverified(tmp_path: Path, msgpack: bytes) -> None:
    report = scan(tmp_path, _p4("spacy.vectors", "unpickle_vectors", binbytes(msgpack)))
    assert [f.severity for f in by_rule(report, "pickle.nested")] == [Severity.HIGH]


def test_spacy_vectors_of_plain_arrays_stay_below_high(tmp_path: Path) -> None:
    msgpack = b"\x82\xa4kind\xa1f\xa4data\xc4\x08" + b"\0" * 8
    report = scan(tmp_path, _p4("spacy.vectors", "unpickle_vectors", binbytes(msgpack)))
    assert worst(report) is None or worst(report) < Severity.HIGH
