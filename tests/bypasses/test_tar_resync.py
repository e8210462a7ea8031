"""Python's tarfile treats an invalid header after offset 0 as the end of the archive; GNU tar skips to the
next valid header and extracts the rest. Bytes after the point where tarfile stopped are reported, and the
members GNU tar would still extract are scanned."""

import io
import tarfile
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.helpers import by_rule

PAYLOAD = b"\x80\x02cposix\nsystem\n(S'true'\ntR."


def tar_bytes(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


FIRST = tar_bytes(("README.txt", b"hello\n"))[:1024]  # header and one data block, no end-of-archive marker
SECOND = tar_bytes(("model.pkl", PAYLOAD))


@pytest.mark.parametrize("junk", [b"J" * 512, b"\xff" * 512, b"J" * 512 * 3, b"\0" * 511 + b"\x01"],
                         ids=["letters", "ff", "three_blocks", "almost_zero"])
def test_pickle_after_an_invalid_header_block_is_scanned(tmp_path: Path, junk: bytes) -> None:
    report = scan(tmp_path, FIRST + junk + SECOND, "model.tar")
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.message) for f in report.findings]
    assert any(f.severity is Severity.HIGH for f in by_rule(report, "archive.corrupt-entry"))


def test_several_invalid_blocks_between_members(tmp_path: Path) -> None:
    data = FIRST + b"J" * 512 + tar_bytes(("a.txt", b"x"))[:1024] + b"K" * 1024 + SECOND
    assert worst(scan(tmp_path, data, "model.tar")) is Severity.CRITICAL


def test_non_zero_tail_without_a_header_fails_the_gate(tmp_path: Path) -> None:
    report = scan(tmp_path, FIRST + b"J" * 512 + b"not a header" * 100, "model.tar")
    assert worst(report) is Severity.HIGH
    assert by_rule(report, "archive.corrupt-entry")


@pytest.mark.parametrize("padding", [b"", b"\0" * 10240, b"\0" * 512 * 7])
def test_a_well_formed_tar_with_zero_padding_is_clean(tmp_path: Path, padding: bytes) -> None:
    report = scan(tmp_path, tar_bytes(("README.txt", b"hello\n"), ("b.txt", b"x")) + padding, "data.tar")
    assert worst(report) is None, [(f.rule_id, f.message) for f in report.findings]
