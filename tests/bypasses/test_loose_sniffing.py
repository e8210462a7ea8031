"""Pickles need no header: CPython's unpickler accepts any opcode first. A pickle that starts with NEWTRUE,
SHORT_BINUNICODE, FRAME and so on must be analysed wherever it is (a file under any name, a zip member, a gzip
stream), while text, JSON and binary data that merely start with an opcode byte stay unrecognised."""

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths
from aiwarden.scan.pkl.analyze import PickleSummary
from aiwarden.scan.pkl.vm import looks_like_pickle_start, run_stream
from tests.bypasses.pickles import scan, worst

PAYLOAD = b"cposix\nsystem\n(S'true'\ntR."
SG_PAYLOAD = b"\x8c\x05posix\x8c\x06system\x93\x8c\x04true\x85R."

PREFIXES = {
    "newtrue": b"\x880",
    "newfalse": b"\x890",
    "short_binunicode": b"\x8c\x01a0",
    "binint2": b"M\x01\x000",
    "short_binstring": b"U\x01a0",
    "binfloat": b"G" + b"\0" * 8 + b"0",
    "empty_set": b"\x8f0",
    "long1": b"\x8a\x01\x010",
    "short_binbytes": b"C\x01a0",
    "dup_of_none": b"N20",
    "binput_after_none": b"Nq\x000",
    "mark_pop_mark": b"(1",
}


def frame(body: bytes) -> bytes:
    return b"\x95" + len(body).to_bytes(8, "little") + body


@pytest.mark.parametrize("prefix", PREFIXES.values(), ids=PREFIXES.keys())
@pytest.mark.parametrize("payload", [PAYLOAD, SG_PAYLOAD], ids=["GLOBAL", "STACK_GLOBAL"])
def test_pickle_starting_with_any_opcode_is_analysed(tmp_path: Path, prefix: bytes, payload: bytes) -> None:
    report = scan(tmp_path, prefix + payload, "model.bin")
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity) for f in report.findings]


@pytest.mark.parametrize("payload", [PAYLOAD, SG_PAYLOAD, b"\x880" + PAYLOAD], ids=["GLOBAL", "SG", "newtrue"])
def test_frame_without_proto_is_analysed(tmp_path: Path, payload: bytes) -> None:
    assert worst(scan(tmp_path, frame(payload), "weights")) is Severity.CRITICAL


def test_payload_before_a_broken_tail_is_analysed(tmp_path: Path) -> None:
    # CPython runs REDUCE before it meets the junk: no STOP is needed for the payload to execute.
    data = b"\x880" + PAYLOAD[:-1] + b"\xff\xff junk"
    assert worst(scan(tmp_path, data, "model.bin")) is Severity.CRITICAL


@pytest.mark.parametrize("prefix", [b"\x880", b"\x8c\x01a0", b"\x95" + b"\0" * 8])
def test_headerless_pickle_in_a_zip_member_is_analysed(tmp_path: Path, prefix: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("model/model.pkl", prefix + PAYLOAD)
    path = tmp_path / "weights.zip"
    path.write_bytes(buffer.getvalue())
    assert worst(scan_paths([str(path)])) is Severity.CRITICAL


@pytest.mark.parametrize("prefix", [b"\x880", b"M\x01\x000", b"G" + b"\0" * 8 + b"0"])
def test_headerless_pickle_in_a_gzip_stream_is_analysed(tmp_path: Path, prefix: bytes) -> None:
    path = tmp_path / "model.pkl.gz"
    path.write_bytes(gzip.compress(prefix + PAYLOAD))
    assert worst(scan_paths([str(path)])) is Severity.CRITICAL


@pytest.mark.parametrize("head", [b"\x88", b"\x8c", b"M", b"U", b"G", b"\x8f", b"\x95", b".", b"0", b"\x80\x05"])
def test_every_opcode_may_start_a_pickle(head: bytes) -> None:
    assert looks_like_pickle_start(head)


@pytest.mark.parametrize("head", [b"#", b"{", b"[", b"\x80\x06", b"\x99", b"\xff", b"", b" "])
def test_non_opcodes_do_not_start_a_pickle(head: bytes) -> None:
    assert not looks_like_pickle_start(head)


TEXTS = [
    b"class Mark:\n    name: str\n    index: int\n",  # GLOBAL-shaped lines, never called
    b"Copyright 2014 Pallets\n\nRedistribution and use in source and binary forms, with or without\n",
    b"import os\nimport sys\n\nprint(os.getcwd())\n",
    b"channels:\n  - conda-forge\n  - defaults\ndependencies:\n  - python\n",
    b"Gem::Specification.new do |s|\n    s.name = 'x'\nend\n",
    bytes(range(40, 256)) * 4,  # binary data from MARK onwards
    b"Model card\n==========\n\nThis model (c) 2024.\n",
    b"(.\n",  # STOP on an empty stack fails in CPython too
    b"user,score\nalice,1\nbob,2\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_and_data_starting_with_an_opcode_are_not_pickles(tmp_path: Path, text: bytes) -> None:
    assert not PickleSummary(run_stream(io.BytesIO(text))).is_pickle
    path = tmp_path / "notes.txt"
    path.write_bytes(text)
    report = scan_paths([str(path)])
    assert worst(report) is None, [(f.rule_id, f.message) for f in report.findings]
