"""Archives and streams that were not read to their end fail the default gate (archive.corrupt-entry is
high), through the real CLI; harmless irregularities in content that was read stay medium."""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from tests.helpers import call

AIWARDEN = [sys.executable, "-m", "aiwarden"]
PAYLOAD = call("os", "system", "echo hi")


def _scan(path: Path) -> tuple[int, list[dict[str, str]]]:
    result = subprocess.run([*AIWARDEN, "scan", str(path), "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)["findings"]
    return result.returncode, [{"rule": f["rule_id"], "severity": f["severity"]} for f in findings]


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_tar_that_stops_part_way_fails_the_gate(tmp_path: Path) -> None:
    data = _tar({"README": b"hello\n", "blob.bin": os.urandom(10000), "later.pkl": PAYLOAD})
    path = tmp_path / "cut.tar"
    path.write_bytes(data[:512 * 3 + 3000])  # ends inside the second member: the third is never read
    code, findings = _scan(path)
    assert code == 1
    assert {"rule": "archive.corrupt-entry", "severity": "high"} in findings


def test_truncated_gzip_stream_fails_the_gate(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl.gz"
    path.write_bytes(gzip.compress(b"\x80\x04N." + os.urandom(5000))[:2000])  # used to scan as clean
    code, findings = _scan(path)
    assert code == 1
    assert {"rule": "archive.corrupt-entry", "severity": "high"} in findings


def test_every_stream_of_a_multi_stream_gzip_is_read(tmp_path: Path) -> None:
    # gzip.open (and so a loader) reads concatenated members as one stream; only the first used to be scanned.
    path = tmp_path / "split.pkl.gz"
    path.write_bytes(gzip.compress(PAYLOAD[:9]) + b"\0" * 512 + gzip.compress(PAYLOAD[9:]))
    code, findings = _scan(path)
    assert code == 1
    assert {"rule": "pickle.dangerous-call", "severity": "critical"} in findings
    padded = tmp_path / "padded.pkl.gz"
    padded.write_bytes(gzip.compress(b"\x80\x04N.") + b"\0" * 5000)  # zero padding, as tape-blocked files have
    assert _scan(padded) == (0, [])
    junk = tmp_path / "junk.pkl.gz"
    junk.write_bytes(gzip.compress(b"\x80\x04N.") + b"not a stream")
    assert _scan(junk) == (1, [{"rule": "archive.corrupt-entry", "severity": "high"}])


def test_zip_listing_fewer_entries_than_it_declares_fails_the_gate(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hi")
        archive.writestr("b.txt", "there")
    data = bytearray(buffer.getvalue())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 5, 5)
    path = tmp_path / "declares.zip"
    path.write_bytes(bytes(data))
    assert _scan(path) == (1, [{"rule": "archive.corrupt-entry", "severity": "high"}])


def test_harmless_anomaly_in_content_that_was_read_stays_medium(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("weights.bin", b"\0" * 64)
    path = tmp_path / "prefixed.zip"
    path.write_bytes(b"#" * 100 + buffer.getvalue())  # bytes before the archive: read whole, but odd
    code, findings = _scan(path)
    assert code == 0
    assert findings and all(f == {"rule": "archive.anomaly", "severity": "medium"} for f in findings)
