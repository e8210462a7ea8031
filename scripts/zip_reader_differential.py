"""Which member bytes Python's zipfile and PyTorch's C++ reader (miniz, through torch._C.PyTorchFileReader)
return for the crafted archives of tests/bypasses/test_class4_loader_semantics.py.

Records are read as bytes and compared with the test payloads; nothing is unpickled. Needs torch:

    python scripts/zip_reader_differential.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _label(data: bytes, benign: bytes, payload: bytes) -> str:
    return "payload" if data == payload else "benign" if data == benign else repr(data[:20])


def torch_reads(data: bytes, benign: bytes, payload: bytes) -> str:
    import torch

    with tempfile.NamedTemporaryFile(suffix=".pt", delete=False) as handle:
        handle.write(data)
    try:
        reader = torch._C.PyTorchFileReader(handle.name)
        return _label(bytes(reader.get_record("data.pkl")), benign, payload)
    except Exception as exc:  # the reader's refusal is the measurement
        return f"refused ({str(exc).splitlines()[0][:60]})"
    finally:
        os.unlink(handle.name)


def zipfile_reads(data: bytes, benign: bytes, payload: bytes) -> str:
    try:
        return _label(zipfile.ZipFile(io.BytesIO(data)).read("m/data.pkl"), benign, payload)
    except (zipfile.BadZipFile, KeyError) as exc:
        return f"refused ({str(exc)[:60]})"


def _duplicates(first: bytes, second: bytes) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("m/version", b"3\n")
        archive.writestr("m/data.pkl", first)
        archive.writestr("m/data.pkl", second)
    return buffer.getvalue()


def main() -> None:
    from tests.bypasses import test_class4_loader_semantics as cases
    from tests.bypasses.zips import BENIGN, PAYLOAD, Member, archive, torch_members

    version = Member("m/version", b"3\n")
    builders: dict[str, Callable[[], bytes]] = {
        "two directories, zipfile's holds the payload": lambda: cases.two_directories(PAYLOAD, BENIGN),
        "two directories, miniz's holds the payload": lambda: cases.two_directories(BENIGN, PAYLOAD),
        "zip64 record before the locator holds it": lambda: cases.zip64_two_records(True),
        "zip64 record the locator names holds it": lambda: cases.zip64_two_records(False),
        "truncated end signature in the comment": lambda: archive(torch_members(PAYLOAD), comment=b"xPK\x05\x06"),
        "prepended bytes": lambda: archive(torch_members(PAYLOAD), prepend=b"#!/bin/sh\n"),
        "local header names another member": lambda: archive([version, Member("m/data.pkl", PAYLOAD,
                                                                               local_name="zzzzzzzzzz")]),
        "duplicate names, payload first": lambda: _duplicates(PAYLOAD, BENIGN),
        "duplicate names, payload last": lambda: _duplicates(BENIGN, PAYLOAD),
    }
    for name, build in builders.items():
        data = build()
        print(f"{name:45s} zipfile: {zipfile_reads(data, BENIGN, PAYLOAD):42s} "
              f"miniz: {torch_reads(data, BENIGN, PAYLOAD)}")


if __name__ == "__main__":
    main()
