"""Class 5: ONNX external data read through a symbolic link (or a chain of them) that leaves the model's
directory. The location string is harmless ("weights.bin"); the link decides what the loader reads. Built
from the committed real model with external data (corpus b34, written by onnx.save_model)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths
from tests.helpers import by_rule

MODEL = Path(__file__).resolve().parent.parent / "corpus" / "benign" / "b34-onnx-external"


def _model(tmp_path: Path, location: str = "weights.bin") -> Path:
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    model = folder / "model.onnx"
    assert len(location) == len("weights.bin")  # same length: the protobuf lengths stay valid
    model.write_bytes(model.read_bytes().replace(b"weights.bin", location.encode()))
    (folder / "weights.bin").unlink()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "weights.bin").write_bytes((MODEL / "weights.bin").read_bytes())
    return folder


def direct(folder: Path) -> None:
    os.symlink(folder.parent / "outside" / "weights.bin", folder / "weights.bin")


def relative(folder: Path) -> None:
    os.symlink("../outside/weights.bin", folder / "weights.bin")


def chain(folder: Path) -> None:
    os.symlink("../outside/weights.bin", folder / "hop.bin")
    os.symlink("hop.bin", folder / "weights.bin")


def out_and_back(folder: Path) -> None:
    (folder / "real.bin").write_bytes((MODEL / "weights.bin").read_bytes())
    os.symlink(folder / "real.bin", folder.parent / "outside" / "back.bin")
    os.symlink("../outside/back.bin", folder / "weights.bin")


def linked_directory(folder: Path) -> None:
    os.symlink("../outside", folder / "data")
    (folder.parent / "outside" / "wt.bin").write_bytes(b"\0" * 16)


@pytest.mark.parametrize(("location", "make"), [
    ("weights.bin", direct), ("weights.bin", relative), ("weights.bin", chain), ("weights.bin", out_and_back),
    ("data/wt.bin", linked_directory),
], ids=["absolute_link", "relative_link", "chain", "out_and_back", "linked_directory"])
def test_external_data_through_a_link_leaving_the_model(tmp_path: Path, location: str,
                                                        make: Callable[[Path], None]) -> None:
    folder = _model(tmp_path, location)
    make(folder)
    report = scan_paths([str(folder / "model.onnx")])
    findings = by_rule(report, "onnx.external-path")
    assert findings and all(f.severity is Severity.HIGH for f in findings), report.findings
    assert "symbolic link" in findings[0].message


def test_links_inside_the_model_directory_are_fine(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (folder / "blobs").mkdir()
    (folder / "blobs" / "weights.bin").write_bytes((MODEL / "weights.bin").read_bytes())
    os.symlink("blobs/weights.bin", folder / "weights.bin")
    report = scan_paths([str(folder / "model.onnx")])
    assert not report.findings, report.findings


def _field(number: int, payload: bytes | int) -> bytes:
    """One protobuf field: a varint for ints, length-delimited for bytes."""
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint(value: int) -> bytes:
    out = b""
    while value > 0x7F:
        out += bytes([value & 0x7F | 0x80])
        value >>= 7
    return out + bytes([value])


def _external_tensor(location: str) -> bytes:
    entry = _field(1, b"location") + _field(2, location.encode())
    return _field(8, b"w") + _field(13, entry) + _field(14, 1)  # name, external_data, data_location=EXTERNAL


def test_fields_are_walked_as_onnx_proto_numbers_them(tmp_path: Path) -> None:
    # AttributeProto.s (4) is bytes: a string that is not a valid message must not break the walk;
    # AttributeProto.t (5) and TrainingInfoProto.algorithm (2) hold tensors/graphs that are walked.
    attribute_string = _field(1, b"mode") + _field(4, b"constant\x1b\x1c") + _field(20, 3)
    attribute_tensor = _field(1, b"value") + _field(5, _external_tensor("../../secret.bin")) + _field(20, 4)
    node = _field(4, b"Pad") + _field(5, attribute_string) + _field(5, attribute_tensor)
    training = _field(2, _field(5, _external_tensor("/etc/shadow")))
    model = (_field(1, 8) + _field(7, _field(1, node) + _field(2, b"g")) + _field(8, _field(2, 13))
             + _field(20, training))
    path = tmp_path / "model.onnx"
    path.write_bytes(model)
    report = scan_paths([str(path)])
    assert not by_rule(report, "onnx.malformed"), report.findings
    evidence = sorted(f.evidence for f in by_rule(report, "onnx.external-path"))
    assert evidence == ["../../secret.bin", "/etc/shadow"]
