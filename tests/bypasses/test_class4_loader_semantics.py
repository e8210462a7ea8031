"""Class 4: structures the loaders read differently from a naive parser. Every member any loader would read
(Python's zipfile, PyTorch's miniz) is scanned: duplicate names, prepended data, two central directories,
zip64 records where each reader looks for them, end records only one reader finds, local headers that
disagree with the directory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.bypasses.zips import (
    BENIGN,
    PAYLOAD,
    Member,
    archive,
    end_record,
    locals_and_directory,
    zip64_locator,
    zip64_record,
)
from tests.helpers import by_rule


def _findings(report: object) -> list[tuple[str, str]]:
    return [(f.rule_id, f.message) for f in report.findings]  # type: ignore[attr-defined]


def zipfile_duplicates(first: bytes, second: bytes, compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z, pytest.warns(UserWarning, match="Duplicate name"):
        z.writestr("archive/data.pkl", first)
        z.writestr("archive/data.pkl", second)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
@pytest.mark.parametrize("payload_first", [True, False], ids=["payload_first", "payload_last"])
def test_every_duplicate_name_is_scanned(tmp_path: Path, compression: int, payload_first: bool) -> None:
    data = zipfile_duplicates(PAYLOAD, BENIGN, compression) if payload_first else (
        zipfile_duplicates(BENIGN, PAYLOAD, compression))
    # zipfile returns the last duplicate, miniz whichever its binary search meets: both must be scanned
    assert zipfile.ZipFile(io.BytesIO(data)).read("archive/data.pkl") == (BENIGN if payload_first else PAYLOAD)
    assert worst(scan(tmp_path, data, "model.pt")) is Severity.CRITICAL


@pytest.mark.parametrize("junk", [b"#!/bin/sh\nexit 0\n", b"\0" * 4096, b"MZ" + b"\x90" * 700])
def test_prepended_data_shifts_offsets_as_zipfile_reads_them(tmp_path: Path, junk: bytes) -> None:
    data = archive([Member("a.txt", b"hello"), Member("x/model.pkl", PAYLOAD)], prepend=junk)
    assert zipfile.ZipFile(io.BytesIO(data)).read("x/model.pkl") == PAYLOAD
    report = scan(tmp_path, data, "bundle.zip")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert any("precede" in f.message for f in by_rule(report, "archive.anomaly"))


def two_directories(python_sees: bytes, miniz_sees: bytes) -> bytes:
    """One end record, two directories: zipfile takes the one ending at the end record (shifting offsets by
    its distance to the declared offset), miniz the one at the declared absolute offset."""
    lead = b"\0" * 256  # room for zipfile's shift, so its shifted offsets stay positive
    miniz_body, miniz_dir = locals_and_directory([Member("m/data.pkl", miniz_sees)], len(lead))
    python_body_at = len(lead) + len(miniz_body)
    python_body, python_dir = locals_and_directory([Member("m/data.pkl", python_sees)], python_body_at,
                                                   offset_shift=len(miniz_dir))
    directory_at = python_body_at + len(python_body)
    return (lead + miniz_body + python_body + miniz_dir + python_dir
            + end_record(1, len(python_dir), directory_at))


@pytest.mark.parametrize("python_payload", [True, False], ids=["zipfile_view", "miniz_view"])
def test_both_readings_of_a_two_directory_archive_are_scanned(tmp_path: Path, python_payload: bool) -> None:
    data = two_directories(PAYLOAD, BENIGN) if python_payload else two_directories(BENIGN, PAYLOAD)
    assert zipfile.ZipFile(io.BytesIO(data)).read("m/data.pkl") == (PAYLOAD if python_payload else BENIGN)
    report = scan(tmp_path, data, "model.pt")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert any("different central directories" in f.message for f in by_rule(report, "archive.anomaly"))


def zip64_two_records(adjacent_payload: bool) -> bytes:
    """zipfile reads the zip64 record right before the locator; miniz the one the locator points at."""
    body_a, dir_a = locals_and_directory([Member("m/data.pkl", BENIGN if adjacent_payload else PAYLOAD)])
    body_b, dir_b = locals_and_directory([Member("m/data.pkl", PAYLOAD if adjacent_payload else BENIGN)],
                                         len(body_a))
    dir_a_at = len(body_a) + len(body_b)
    record_a_at = dir_a_at + len(dir_a)
    dir_b_at = record_a_at + 56
    return (body_a + body_b + dir_a + zip64_record(1, len(dir_a), dir_a_at) + dir_b
            + zip64_record(1, len(dir_b), dir_b_at) + zip64_locator(record_a_at)
            + end_record(0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF))


@pytest.mark.parametrize("adjacent_payload", [True, False], ids=["zipfile_record", "miniz_record"])
def test_zip64_records_are_read_where_each_loader_reads_them(tmp_path: Path, adjacent_payload: bool) -> None:
    data = zip64_two_records(adjacent_payload)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("m/data.pkl") == (PAYLOAD if adjacent_payload else BENIGN)
    report = scan(tmp_path, data, "model.pt")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("tail", [b"PK\x05\x06", b"xxPK\x05\x06\0\0\0", b"PK\x05\x06" + b"\0" * 17])
def test_end_record_that_only_miniz_finds(tmp_path: Path, tail: bytes) -> None:
    # A truncated signature in the comment makes zipfile give up; miniz takes the last complete record.
    data = archive([Member("m/data.pkl", PAYLOAD)], comment=b"note" + tail)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(data))
    report = scan(tmp_path, data, "model.pt")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("local_name", ["m", "m/data.pkl.bak", "zzzzzzzzzz"])
def test_local_header_name_differing_from_the_directory(tmp_path: Path, local_name: str) -> None:
    central = "m/data.pkl"
    shift = len(central) - len(local_name)
    # by the local lengths (zipfile, miniz) the data starts `shift` bytes earlier than by the central ones:
    # the payload sits where the central lengths put it, so only that reading finds it whole
    filler = b"\0" * max(shift, 0)
    member = Member(central, filler + PAYLOAD, local_name=local_name)
    data = archive([member])
    report = scan(tmp_path, data, "model.pt")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert any("another name in its local header" in f.message for f in by_rule(report, "archive.anomaly"))


def test_data_descriptor_archive_as_zipfile_streams_it(tmp_path: Path) -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.chunks: list[bytes] = []

        def writable(self) -> bool:
            return True

        def write(self, b: bytes) -> int:  # type: ignore[override]
            self.chunks.append(bytes(b))
            return len(b)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as z:  # type: ignore[arg-type]
        z.writestr("a.txt", b"hello")
        with z.open("model/data.pkl", "w") as member:
            member.write(PAYLOAD)
    data = b"".join(sink.chunks)
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[1].flag_bits & 0x08
    assert worst(scan(tmp_path, data, "model.pt")) is Severity.CRITICAL


@pytest.mark.parametrize("builder", [
    lambda: archive([Member("m/data.pkl", BENIGN)]),
    lambda: archive([Member("m/data.pkl", BENIGN)], prepend=b"#!/bin/sh\n"),
    lambda: zipfile_duplicates(BENIGN, BENIGN, zipfile.ZIP_DEFLATED),
], ids=["plain", "prepended", "duplicates"])
def test_benign_variants_stay_below_the_gate(tmp_path: Path, builder: object) -> None:
    report = scan(tmp_path, builder(), "model.pt")  # type: ignore[operator]
    assert worst(report) in (None, Severity.LOW, Severity.MEDIUM, Severity.INFO), _findings(report)
