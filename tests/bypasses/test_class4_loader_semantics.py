"""Class 4: structures the loaders read differently from a naive parser. Every member any loader would read
(Python's zipfile, PyTorch's miniz) is scanned: duplicate names, prepended data, two central directories,
zip64 records where each reader looks for them, end records only one reader finds, local headers that
disagree with the directory."""

from __future__ import annotations

import base64
import codecs
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy
import pytest
from safetensors.numpy import load as load_safetensors
from safetensors.numpy import save as save_safetensors

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.bypasses.skopsfiles import PIPELINE
from tests.bypasses.zips import (
    BENIGN,
    PAYLOAD,
    Member,
    archive,
    end_record,
    locals_and_directory,
    torch_members,
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
    miniz_body, miniz_dir = locals_and_directory(torch_members(miniz_sees), len(lead))
    python_body_at = len(lead) + len(miniz_body)
    python_body, python_dir = locals_and_directory(torch_members(python_sees), python_body_at,
                                                   offset_shift=len(miniz_dir))
    directory_at = python_body_at + len(python_body)
    return (lead + miniz_body + python_body + miniz_dir + python_dir
            + end_record(2, len(python_dir), directory_at))


@pytest.mark.parametrize("python_payload", [True, False], ids=["zipfile_view", "miniz_view"])
def test_both_readings_of_a_two_directory_archive_are_scanned(tmp_path: Path, python_payload: bool) -> None:
    data = two_directories(PAYLOAD, BENIGN) if python_payload else two_directories(BENIGN, PAYLOAD)
    assert zipfile.ZipFile(io.BytesIO(data)).read("m/data.pkl") == (PAYLOAD if python_payload else BENIGN)
    report = scan(tmp_path, data, "model.pt")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert any("different central directories" in f.message for f in by_rule(report, "archive.anomaly"))


def zip64_two_records(adjacent_payload: bool) -> bytes:
    """zipfile reads the zip64 record right before the locator; miniz the one the locator points at."""
    body_a, dir_a = locals_and_directory(torch_members(BENIGN if adjacent_payload else PAYLOAD))
    body_b, dir_b = locals_and_directory(torch_members(PAYLOAD if adjacent_payload else BENIGN), len(body_a))
    dir_a_at = len(body_a) + len(body_b)
    record_a_at = dir_a_at + len(dir_a)
    dir_b_at = record_a_at + 56
    return (body_a + body_b + dir_a + zip64_record(2, len(dir_a), dir_a_at) + dir_b
            + zip64_record(2, len(dir_b), dir_b_at) + zip64_locator(record_a_at)
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
    data = archive(torch_members(PAYLOAD), comment=b"note" + tail)
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
    data = archive([Member("m/version", b"3\n"), member])
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


# -- JSON: encodings json.loads(bytes) accepts, duplicate keys ----------------------------------------------

EVIL_TEMPLATE = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
PLAIN_TEMPLATE = "{% for m in messages %}{{ m['content'] }}{% endfor %}"


def _config(template: str, indent: int | None = None) -> str:
    return json.dumps({"model_max_length": 2048, "chat_template": template}, indent=indent)


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode(),
    lambda text: text.encode("utf-16"),
    lambda text: text.encode("utf-32"),
    lambda text: text.encode("utf-16-le"),
    lambda text: b"\n\n   \t" + text.encode(),
], ids=["utf8_bom", "utf16_bom", "utf32_bom", "utf16_no_bom", "leading_whitespace"])
def test_json_in_every_encoding_json_loads_reads(tmp_path: Path, encode: object) -> None:
    data = encode(_config(EVIL_TEMPLATE, indent=2))  # type: ignore[operator]
    assert json.loads(data)["chat_template"] == EVIL_TEMPLATE  # the real parser reads it
    report = scan(tmp_path, data, "tokenizer_config.json")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("evil_first", [True, False], ids=["evil_first", "evil_last"])
def test_duplicate_keys_are_checked_in_both_readings(tmp_path: Path, evil_first: bool) -> None:
    first, last = (EVIL_TEMPLATE, PLAIN_TEMPLATE) if evil_first else (PLAIN_TEMPLATE, EVIL_TEMPLATE)
    data = f'{{"chat_template": {json.dumps(first)}, "chat_template": {json.dumps(last)}}}'.encode()
    assert json.loads(data)["chat_template"] == last  # Python keeps the last value
    report = scan(tmp_path, data, "tokenizer_config.json")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert by_rule(report, "json.duplicate-key")


def test_nested_duplicate_keys(tmp_path: Path) -> None:
    data = b'{"weight_map": {"a": "../../etc/shard.bin", "a": "model-1.safetensors"}}'
    report = scan(tmp_path, data, "model.safetensors.index.json")
    assert by_rule(report, "archive.path-traversal"), _findings(report)


def test_benign_json_with_a_byte_order_mark_is_clean(tmp_path: Path) -> None:
    report = scan(tmp_path, codecs.BOM_UTF8 + _config(PLAIN_TEMPLATE, indent=2).encode(), "tokenizer_config.json")
    assert worst(report) is None, _findings(report)


# -- safetensors: what the real loader accepts, and the metadata it hands over untouched ---------------------

def _safetensors(header: bytes, body: bytes) -> bytes:
    return struct.pack("<Q", len(header)) + header + body


def _with_metadata(lead: bytes, metadata: dict[str, str]) -> bytes:
    """A real safetensors file (written by the library) whose header is re-laid out with ``lead`` first."""
    real = save_safetensors({"t": numpy.arange(4, dtype="float32")}, metadata={"format": "pt"})
    (length,) = struct.unpack("<Q", real[:8])
    header = json.loads(real[8:8 + length])
    header["__metadata__"].update(metadata)
    return _safetensors(lead + json.dumps(header).encode(), real[8 + length:])


PICKLE_B64 = base64.b64encode(PAYLOAD).decode()


@pytest.mark.parametrize(("lead", "metadata"), [
    (b"", {"blob": PICKLE_B64}),
    (b"  \n\t", {"blob": PICKLE_B64}),
    (b"", {"thumbnail": "data:application/octet-stream;base64," + PICKLE_B64}),
    (b"", {"blob": "\n".join(PICKLE_B64[i:i + 16] for i in range(0, len(PICKLE_B64), 16))}),
    (b"", {"state": PAYLOAD.decode("latin-1")}),
], ids=["plain", "leading_whitespace", "data_url", "wrapped_lines", "latin1_text"])
def test_safetensors_metadata_payloads_are_decoded(tmp_path: Path, lead: bytes, metadata: dict[str, str]) -> None:
    data = _with_metadata(lead, metadata)
    assert load_safetensors(data)["t"].shape == (4,)  # the loader accepts the layout and hands the string over
    report = scan(tmp_path, data, "model.safetensors")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("lead", [b"", b"   ", b"\n\t  "])
def test_benign_safetensors_metadata_stays_clean(tmp_path: Path, lead: bytes) -> None:
    data = _with_metadata(lead, {"sha256": "ab" * 32, "note": "trained on 8 GPUs", "modelspec.title": "demo"})
    assert load_safetensors(data)["t"].shape == (4,)
    report = scan(tmp_path, data, "model.safetensors")
    assert worst(report) is None, _findings(report)


def test_safetensors_duplicate_tensor_names_are_read_as_the_loader_reads_them(tmp_path: Path) -> None:
    real = save_safetensors({"t": numpy.arange(4, dtype="float32")})
    good = b'"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}'
    bogus = b'"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}'
    data = _safetensors(b"{" + bogus + b"," + good + b"}", real[-16:])
    assert load_safetensors(data)["t"].shape == (4,)  # serde_json keeps the last, like Python's json
    report = scan(tmp_path, data, "model.safetensors")
    assert [f.message for f in by_rule(report, "safetensors.header")] == [
        "header repeats keys ['t']; the loader keeps the last"]


# -- names Python's zipfile gives members besides the header's ------------------------------------------------

def _renamed_skops(header_name: str, extra: bytes = b"") -> bytes:
    """The real skops pipeline with a dangerous type, its schema.json stored under ``header_name``."""
    with zipfile.ZipFile(PIPELINE) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(members.pop("schema.json"))
    schema["__module__"], schema["__class__"] = "os", "system"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(header_name)
        info.extra = extra
        archive.writestr(info, json.dumps(schema))
    return buffer.getvalue()


def _unicode_path(header_name: str, unicode_name: str) -> bytes:
    body = struct.pack("<BI", 1, zlib.crc32(header_name.encode())) + unicode_name.encode()
    return struct.pack("<HH", 0x7075, len(body)) + body


@pytest.mark.parametrize("data", [
    # Python 3.12+ names the member after its Unicode Path extra field when the CRC matches the header name
    lambda: _renamed_skops("readme.txt", _unicode_path("readme.txt", "schema.json")),
    lambda: _renamed_skops("notes/a.md", _unicode_path("notes/a.md", "schema.json")),
], ids=["unicode_path_extra", "unicode_path_extra_in_folder"])
def test_member_named_by_its_unicode_path_extra_field(tmp_path: Path, data: Any) -> None:
    report = scan(tmp_path, data(), "model.skops")
    assert by_rule(report, "skops.untrusted-type"), _findings(report)
    assert worst(report) is Severity.HIGH


def test_unicode_path_extra_with_a_wrong_crc_is_not_a_name(tmp_path: Path) -> None:
    extra = _unicode_path("other.txt", "../../escape.json")  # CRC of another name: zipfile ignores the field
    report = scan(tmp_path, _renamed_skops("readme.txt", extra), "model.skops")
    assert not by_rule(report, "archive.path-traversal")
