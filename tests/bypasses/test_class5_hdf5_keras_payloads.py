"""Class 5: payloads inside payloads. HDF5 datasets that read host files at load (external storage, external
links, virtual datasets), anywhere in the file and in every superblock layout; and serialized content base64-
encoded inside a Keras config (a pickle, another Keras config, an HDF5 file, a zip), decoded and scanned."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.keras_files import benign_config, h5_bytes, keras_zip, lambda_layer_legacy, legacy_h5, with_layer
from tests.bypasses.pickles import scan, worst
from tests.helpers import rules

FILE_OPTIONS: dict[str, dict[str, Any]] = {
    "earliest": {},
    "latest": {"libver": "latest"},
    "user-block": {"userblock_size": 512},
}


def _deep(f: h5py.File) -> h5py.Group:
    return f.create_group("model_weights/dense/inner")


def _external_storage(target: str) -> Callable[[h5py.File], None]:
    def build(f: h5py.File) -> None:
        _deep(f).create_dataset("kernel", shape=(16,), dtype="u1", external=[(target, 0, 16)])
    return build


def _external_link(target: str) -> Callable[[h5py.File], None]:
    def build(f: h5py.File) -> None:
        _deep(f)["kernel"] = h5py.ExternalLink(target, "/data")
    return build


def _virtual(target: str) -> Callable[[h5py.File], None]:
    def build(f: h5py.File) -> None:
        layout = h5py.VirtualLayout(shape=(4,), dtype="i4")
        layout[:] = h5py.VirtualSource(target, "data", shape=(4,))
        _deep(f).create_virtual_dataset("kernel", layout)
    return build


def _virtual_self_then_other(f: h5py.File) -> None:
    f.create_dataset("data", data=np.arange(4, dtype="i4"))
    layout = h5py.VirtualLayout(shape=(8,), dtype="i4")
    layout[:4] = h5py.VirtualSource(".", "data", shape=(4,))
    layout[4:] = h5py.VirtualSource("/data/private.h5", "data", shape=(4,))
    _deep(f).create_virtual_dataset("kernel", layout)


HIGH_READS = {
    "virtual dataset, itself first": (_virtual_self_then_other, "hdf5.virtual-dataset"),
    "external storage, absolute": (_external_storage("/etc/passwd"), "hdf5.external-storage"),
    "external storage, relative": (_external_storage("secrets.bin"), "hdf5.external-storage"),
    "external storage, climbing": (_external_storage("../../.ssh/id_rsa"), "hdf5.external-storage"),
    "external link, absolute": (_external_link("/home/user/private.h5"), "hdf5.external-link"),
    "external link, climbing": (_external_link("../other/model.h5"), "hdf5.external-link"),
    "virtual dataset, absolute": (_virtual("/data/private.h5"), "hdf5.virtual-dataset"),
    "virtual dataset, climbing": (_virtual("../private.h5"), "hdf5.virtual-dataset"),
}


@pytest.mark.parametrize("options", FILE_OPTIONS.values(), ids=FILE_OPTIONS.keys())
@pytest.mark.parametrize(("build", "rule"), HIGH_READS.values(), ids=HIGH_READS.keys())
def test_file_reads_at_load_are_high(tmp_path: Path, build: Callable[[h5py.File], None], rule: str,
                                     options: dict[str, Any]) -> None:
    report = scan(tmp_path, h5_bytes(build, **options), "model.weights.h5")
    assert rule in rules(report, Severity.HIGH), [(f.rule_id, f.severity, f.message) for f in report.findings]


def test_file_read_inside_a_keras_archive_is_high(tmp_path: Path) -> None:
    weights = h5_bytes(_external_storage("/etc/passwd"))
    data = keras_zip(json.dumps(benign_config()).encode(), extra={"model.weights.h5": weights})
    assert "hdf5.external-storage" in rules(scan(tmp_path, data, "model.keras"), Severity.HIGH)


def test_sibling_link_and_soft_link_stay_below_high(tmp_path: Path) -> None:
    def build(f: h5py.File) -> None:
        _deep(f)["kernel"] = h5py.ExternalLink("shard-2.h5", "/data")
        f["alias"] = h5py.SoftLink("/model_weights/dense")
        f.create_dataset("bias", data=np.zeros(4))
    report = scan(tmp_path, h5_bytes(build), "model.h5")
    assert worst(report) is Severity.MEDIUM
    assert {"hdf5.external-link", "hdf5.soft-link"} <= rules(report)


@pytest.mark.parametrize("groups", [20, 300, 2500])  # fractal heap; v2 B-tree of depth 0, 1 and 2
def test_links_in_dense_storage_are_read(tmp_path: Path, groups: int) -> None:
    def build(f: h5py.File) -> None:
        for i in range(groups):  # more than 8 links: HDF5 keeps them in a fractal heap
            f.create_group(f"layer_{i}")
        f[f"layer_{groups // 2}"]["kernel"] = h5py.ExternalLink("/home/user/private.h5", "/data")
    report = scan(tmp_path, h5_bytes(build, libver="latest"), "model.h5")
    assert "hdf5.external-link" in rules(report, Severity.HIGH)
    assert "scan.limit" not in rules(report)


def test_unreadable_dense_storage_is_unverified_not_silently_passed(tmp_path: Path) -> None:
    def build(f: h5py.File) -> None:
        for i in range(20):
            f.create_group(f"layer_{i}")
    data = h5_bytes(build, libver="latest")
    assert data.count(b"FHDB") == 1
    report = scan(tmp_path, data.replace(b"FHDB", b"XXXX"), "model.h5")
    assert "scan.limit" in rules(report, Severity.HIGH)


# -- base64 inside Keras configs -----------------------------------------------------------------------

PICKLE_PAYLOAD = b"\x80\x04\x8c\x05posix\x8c\x06system\x93\x8c\x04true\x85R."


def _zip_with_pickle() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", PICKLE_PAYLOAD)
    return buffer.getvalue()


PAYLOADS: dict[str, tuple[Callable[[], bytes], str, Severity]] = {
    "pickle": (lambda: PICKLE_PAYLOAD, "pickle.dangerous-call", Severity.CRITICAL),
    "pickle breaking after its call": (lambda: PICKLE_PAYLOAD[:-1] + b"\xff\xff", "pickle.dangerous-call",
                                       Severity.CRITICAL),
    "zip holding a pickle": (_zip_with_pickle, "pickle.dangerous-call", Severity.CRITICAL),
    "keras config with a Lambda": (lambda: json.dumps(with_layer(lambda_layer_legacy())).encode(),
                                   "keras.lambda", Severity.HIGH),
    "hdf5 reading a host file": (lambda: h5_bytes(_external_storage("/etc/shadow")),
                                 "hdf5.external-storage", Severity.HIGH),
    "legacy h5 model with a Lambda": (
        lambda: legacy_h5(json.dumps(with_layer(lambda_layer_legacy())), "variable-length"),
        "keras.lambda", Severity.CRITICAL),
}
ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "standard": lambda data: base64.b64encode(data).decode(),
    "url-safe": lambda data: base64.urlsafe_b64encode(data).decode(),
    "unpadded": lambda data: base64.b64encode(data).decode().rstrip("="),
    "wrapped lines": lambda data: base64.encodebytes(data).decode(),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
@pytest.mark.parametrize(("payload", "rule", "severity"), PAYLOADS.values(), ids=PAYLOADS.keys())
def test_base64_payload_in_a_keras_config_is_scanned(tmp_path: Path, payload: Callable[[], bytes], rule: str,
                                                     severity: Severity, encode: Callable[[bytes], str]) -> None:
    config = benign_config()
    config["config"]["layers"][2]["config"]["kernel_initializer"]["config"]["seed_state"] = encode(payload())
    report = scan(tmp_path, keras_zip(json.dumps(config).encode()), "model.keras")
    assert rule in rules(report, severity), [(f.rule_id, f.severity, f.message) for f in report.findings]


def test_base64_payload_in_a_legacy_h5_config_is_scanned(tmp_path: Path) -> None:
    config = benign_config()
    config["config"]["name"] = base64.b64encode(PICKLE_PAYLOAD).decode()
    report = scan(tmp_path, legacy_h5(json.dumps(config), "fixed-length"), "model.h5")
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)


def test_random_base64_strings_are_not_flagged(tmp_path: Path) -> None:
    # Random bytes decode into "pickles" with computed globals now and then; only named calls count.
    rng = np.random.default_rng(5)
    config = benign_config()
    config["config"]["notes"] = [base64.b64encode(rng.bytes(int(n))).decode() for n in rng.integers(18, 60, 3000)]
    assert worst(scan(tmp_path, keras_zip(json.dumps(config).encode()), "model.keras")) is None


def test_benign_base64_data_is_not_flagged(tmp_path: Path) -> None:
    config = benign_config()
    config["config"]["name"] = base64.b64encode(np.arange(64, dtype="f4").tobytes()).decode()
    config["config"]["layers"][2]["config"]["name"] = "dense_projection_layer_with_long_name"
    assert worst(scan(tmp_path, keras_zip(json.dumps(config).encode()), "model.keras")) is None
