"""Property-based fuzzing of every parser of untrusted input: no crash, no hang, bounded memory.

Budgets are fixed (examples and per-example deadline) so CI time stays bounded.
"""

import contextlib
import gzip
import io
import pickle
import struct
import tracemalloc
import zipfile
from collections import OrderedDict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiwarden.scan.context import ScanContext
from aiwarden.scan.dispatch import scan_bytes
from aiwarden.scan.formats.zipread import ZipFormatError, read_directory
from aiwarden.scan.pkl.vm import Machine

FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

SEEDS = [
    pickle.dumps({"w": [1.0, 2.0], "n": OrderedDict(a=(1, 2))}, protocol=p) for p in range(6)
] + [b"cos\nsystem\n(S'id'\ntR.", b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93."]


def _zip_seed() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("archive/data.pkl", SEEDS[2])
        z.writestr("archive/data/0", b"\0" * 16)
        z.writestr("archive/version", b"3\n")
    return buffer.getvalue()


ZIP_SEED = _zip_seed()


def _mutate(seed: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    return bytes(data[: max(1, len(data) - cut)])


def _scan(data: bytes) -> ScanContext:
    ctx = ScanContext("fuzz.bin")
    scan_bytes(data, ctx)
    return ctx


edits = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=8)


@FUZZ
@given(st.sampled_from(SEEDS), edits, st.integers(0, 8))
def test_pickle_machine_on_mutated_pickles(seed: bytes, changes: list[tuple[int, int]], cut: int) -> None:
    data = _mutate(seed, changes, cut)
    trace = Machine(io.BytesIO(data)).run()
    assert trace.opcodes <= len(data) + 1
    _scan(data)


@FUZZ
@given(st.binary(max_size=512))
def test_pickle_machine_on_random_bytes(data: bytes) -> None:
    Machine(io.BytesIO(b"\x80\x04" + data)).run()
    _scan(data)


@FUZZ
@given(edits, st.integers(0, 64))
def test_zip_reader_on_mutated_archives(changes: list[tuple[int, int]], cut: int) -> None:
    data = _mutate(ZIP_SEED, changes, cut)
    with contextlib.suppress(ZipFormatError):
        read_directory(io.BytesIO(data), len(data), 1000)
    _scan(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_dispatch_on_random_headers(body: bytes) -> None:
    for magic in (b"PK\x03\x04", b"GGUF\x03\x00\x00\x00", b"\x93NUMPY\x01\x00", b"\x1f\x8b", b"\x89HDF\r\n\x1a\n",
                  b"7z\xbc\xaf\x27\x1c", struct.pack("<Q", len(body)) + b"{", b"\x08\x07"):
        _scan(magic + body)


def test_memory_stays_bounded_on_hostile_lengths() -> None:
    hostile = [
        b"\x80\x04\x8e" + struct.pack("<Q", 1 << 62) + b".",  # BINBYTES8 claiming 4 EiB
        b"GGUF\x03\x00\x00\x00" + struct.pack("<QQ", 1, 1) + struct.pack("<Q", 1 << 60),
        struct.pack("<Q", 1 << 40) + b"{}",
        gzip.compress(b"\0" * (64 << 20), mtime=0),
    ]
    tracemalloc.start()
    try:
        for data in hostile:
            _scan(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 256 << 20
