"""ZIP/tar/compressed containers: lenient like PyTorch, never aborted by one bad entry, bounded."""

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

from aiwarden.core.findings import Severity
from tests.helpers import by_rule, call, rules, scan_bytes_file

PAYLOAD = call("os", "system", "touch /nonexistent/canary")


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, data)
    return buffer.getvalue()


def _torch_like(pkl: bytes) -> dict[str, bytes]:
    return {"archive/data.pkl": pkl, "archive/byteorder": b"little", "archive/version": b"3\n"}


def test_pickle_member_of_torch_zip(tmp_path: Path) -> None:
    report = scan_bytes_file(tmp_path, _zip(_torch_like(PAYLOAD)))
    [finding] = by_rule(report, "pickle.dangerous-call")
    assert finding.location.member == "archive/data.pkl"


def test_crc_mismatch_is_reported_and_member_still_scanned(tmp_path: Path) -> None:
    data = bytearray(_zip(_torch_like(PAYLOAD)))
    # Corrupt the CRC in both local and central headers: zipfile refuses it, PyTorch does not check.
    for sig, crc_offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        index = data.find(sig)
        data[index + crc_offset : index + crc_offset + 4] = b"\xde\xad\xbe\xef"
    report = scan_bytes_file(tmp_path, bytes(data))
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert any("CRC" in f.message for f in by_rule(report, "archive.anomaly"))


def test_encryption_flag_is_ignored_like_pytorch(tmp_path: Path) -> None:
    data = bytearray(_zip(_torch_like(PAYLOAD)))
    for sig, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(sig)
        data[index + flag_offset] |= 1
    report = scan_bytes_file(tmp_path, bytes(data))
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert any("encryption" in f.message for f in by_rule(report, "archive.anomaly"))


def test_corrupt_entry_does_not_hide_later_members(tmp_path: Path) -> None:
    members = {"archive/aaa": b"x" * 10, **_torch_like(PAYLOAD)}
    data = bytearray(_zip(members))
    data[0:4] = b"XXXX"  # first local header destroyed
    report = scan_bytes_file(tmp_path, bytes(data))
    assert by_rule(report, "archive.corrupt-entry")
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)


def test_pickle_under_any_member_name_protocol_0(tmp_path: Path) -> None:
    proto0 = b"cos\nsystem\n(S'id'\ntR."
    report = scan_bytes_file(tmp_path, _zip({"weights/payload": proto0, "README": b"hello"}))
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)


def test_polyglot_pickle_then_zip(tmp_path: Path) -> None:
    data = PAYLOAD + _zip({"a.txt": b"benign"})
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert by_rule(report, "archive.anomaly")  # bytes before the archive


def test_zip_slip_absolute_and_symlink(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("../../evil.txt", b"x")
        z.writestr("/etc/cron.d/x", b"x")
        link = zipfile.ZipInfo("link")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "/etc/passwd")
    report = scan_bytes_file(tmp_path, buffer.getvalue())
    assert {"archive.path-traversal", "archive.link"} <= rules(report, Severity.HIGH)
    # zipfile, shutil.unpack_archive and unzip drop the root of an absolute zip name: reported, below the gate
    assert "archive.absolute-path" in rules(report, Severity.MEDIUM) - rules(report, Severity.HIGH)


def test_absolute_member_name_in_tar_stays_high(tmp_path: Path) -> None:
    # tarfile.extractall without a filter (the default before Python 3.14) writes to the absolute path
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("/etc/cron.d/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    report = scan_bytes_file(tmp_path, buffer.getvalue())
    assert "archive.absolute-path" in rules(report, Severity.HIGH)


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    data = _zip({"zeros.bin": b"\0" * (300 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)
    assert len(data) < 1024 * 1024
    report = scan_bytes_file(tmp_path, data)
    assert by_rule(report, "archive.bomb")


def test_tar_traversal_link_and_payload(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in (("../escape.pkl", PAYLOAD), ("pickle", PAYLOAD)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    report = scan_bytes_file(tmp_path, buffer.getvalue())
    assert {"archive.path-traversal", "archive.link", "pickle.dangerous-call"} <= rules(report, Severity.HIGH)


def test_compressed_pickles(tmp_path: Path) -> None:
    for name, data in (
        ("g", gzip.compress(PAYLOAD, mtime=0)),
        ("b", bz2.compress(PAYLOAD)),
        ("x", lzma.compress(PAYLOAD)),
        ("l", lzma.compress(PAYLOAD, format=lzma.FORMAT_ALONE)),
        ("z", zlib.compress(PAYLOAD)),
    ):
        report = scan_bytes_file(tmp_path, data, name)
        assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL), name


def test_nesting_depth_is_bounded(tmp_path: Path) -> None:
    data = PAYLOAD
    for _ in range(10):
        data = gzip.compress(data, mtime=0)
    report = scan_bytes_file(tmp_path, data)
    assert by_rule(report, "archive.too-deep")


def test_unknown_files_are_skipped_not_errors(tmp_path: Path) -> None:
    report = scan_bytes_file(tmp_path, b"just some text\nnothing to see\n", "notes.txt")
    assert report.skipped and not report.errors and not report.findings
    assert report.exit_code() == 2  # nothing scanned is not success


def test_truncated_zip_is_reported(tmp_path: Path) -> None:
    data = _zip(_torch_like(PAYLOAD))[:-30]
    report = scan_bytes_file(tmp_path, data)
    assert report.findings  # either the pickle via speculative scan or the corrupt archive
    assert not report.errors


def test_zip64_records_as_pytorch_writes_them(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    info = zipfile.ZipInfo("archive/data.pkl", (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as z, z.open(info, "w", force_zip64=True) as member:
        member.write(PAYLOAD)
    data = buffer.getvalue()
    assert b"PK\x06\x06" in data or struct.pack("<H", 1) in data
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
