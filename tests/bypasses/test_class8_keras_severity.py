"""Class 8 (severity by definition) and class 3 (sniffing narrower than the loader) for Keras.

The legacy HDF5 loader of tf_keras (every version) and of Keras before 3.11.3 runs Lambda bytecode whatever
safe_mode is: critical. Keras 3 archives refuse Lambda bytecode under safe_mode: high. A config module in the
deny tables is imported at load by tf_keras and Keras before 3.9 whatever safe_mode is: critical; another
standard-library module is high; a user package (a registered custom object) stays medium. Keras reads
config.json with json.loads on bytes: a byte-order mark, UTF-16, indentation and duplicate keys (the last
wins) all load, and metadata.json is never needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.keras_files import (
    BENIGN,
    benign_config,
    h5_bytes,
    keras_zip,
    lambda_layer_legacy,
    lambda_layer_v3,
    legacy_h5,
    with_layer,
)
from tests.bypasses.pickles import scan, worst
from tests.helpers import rules

H5_FILE_OPTIONS: dict[str, dict[str, Any]] = {
    "earliest": {},
    "latest": {"libver": "latest"},
    "user-block": {"userblock_size": 1024},
    "track-order": {"track_order": True},
}


@pytest.mark.parametrize("encoding", ["variable-length", "fixed-length", "variable-length-bytes"])
@pytest.mark.parametrize("options", H5_FILE_OPTIONS.values(), ids=H5_FILE_OPTIONS.keys())
def test_legacy_h5_lambda_is_critical_in_every_encoding(tmp_path: Path, encoding: str,
                                                        options: dict[str, Any]) -> None:
    data = legacy_h5(json.dumps(with_layer(lambda_layer_legacy())), encoding, **options)
    report = scan(tmp_path, data, "model.h5")
    assert worst(report) is Severity.CRITICAL
    assert "keras.lambda" in rules(report, Severity.CRITICAL)


@pytest.mark.parametrize("padding", [0, 100_000])  # many attributes; one over 64 KiB (a huge heap object)
def test_legacy_h5_lambda_in_dense_attribute_storage_is_critical(tmp_path: Path, padding: int) -> None:
    config = with_layer(lambda_layer_legacy())
    config["config"]["name"] = "m" * padding

    def build(f: Any) -> None:
        for i in range(12):
            f.attrs[f"note_{i}"] = "x" * i
        f.attrs["model_config"] = json.dumps(config)
    report = scan(tmp_path, h5_bytes(build, libver="latest"), "model.h5")
    assert "keras.lambda" in rules(report, Severity.CRITICAL)
    assert "scan.limit" not in rules(report)


@pytest.mark.parametrize("encoding", ["variable-length", "fixed-length"])
def test_legacy_h5_without_lambda_is_clean(tmp_path: Path, encoding: str) -> None:
    report = scan(tmp_path, legacy_h5(json.dumps(benign_config()), encoding), "model.h5")
    assert worst(report) is None, [(f.rule_id, f.message) for f in report.findings]


def test_keras_archive_lambda_stays_high(tmp_path: Path) -> None:
    report = scan(tmp_path, keras_zip(json.dumps(with_layer(lambda_layer_v3())).encode()), "model.keras")
    assert worst(report) is Severity.HIGH and "keras.lambda" in rules(report, Severity.HIGH)


def _function(module: str, name: str) -> dict[str, Any]:
    return {"module": module, "class_name": "function", "config": name, "registered_name": name}


def _with_activation(activation: dict[str, Any]) -> bytes:
    config = benign_config()
    config["config"]["layers"][2]["config"]["activation"] = activation
    return json.dumps(config).encode()


@pytest.mark.parametrize(("module", "name", "expected"), [
    ("os", "system", Severity.CRITICAL),
    ("subprocess", "getoutput", Severity.CRITICAL),
    ("builtins", "exec", Severity.CRITICAL),
    ("colorsys", "rgb_to_hsv", Severity.HIGH),  # a stdlib callable no table names
    ("mylab.layers", "scaled_relu", Severity.MEDIUM),  # a user package: a registered custom object
    ("__main__", "scaled_relu", Severity.MEDIUM),
])
def test_config_module_severity(tmp_path: Path, module: str, name: str, expected: Severity) -> None:
    report = scan(tmp_path, keras_zip(_with_activation(_function(module, name))), "model.keras")
    assert worst(report) is expected, [(f.rule_id, f.severity, f.message) for f in report.findings]


def test_safe_mode_switch_with_lambda_is_critical(tmp_path: Path) -> None:
    config = with_layer(lambda_layer_v3())
    config["config"]["layers"][3]["config"]["activation"] = _function(
        "keras.config", "enable_unsafe_deserialization")
    report = scan(tmp_path, keras_zip(json.dumps(config).encode()), "model.keras")
    assert "keras.dangerous-function" in rules(report, Severity.CRITICAL)


def test_registered_custom_loss_of_the_benign_corpus_stays_below_high() -> None:
    from aiwarden.scan.engine import scan_paths

    report = scan_paths([str(BENIGN / "b72-keras-registered-custom-loss.keras")])
    assert worst(report) is Severity.MEDIUM


def _bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode()


def _duplicate_layers_key(text: str) -> bytes:
    # json keeps the last "layers": a benign list first, the Lambda list last.
    benign_layers = json.dumps(benign_config()["config"]["layers"])
    return text.replace('"layers": ', f'"layers": {benign_layers}, "layers": ', 1).encode()


SPELLINGS: dict[str, Callable[[str], bytes]] = {
    "plain": str.encode,
    "utf-8 byte-order mark": _bom,
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-32": lambda text: text.encode("utf-32"),
    "indented": lambda text: json.dumps(json.loads(text), indent=4).encode(),
    "leading whitespace": lambda text: b"\n\r\t  " + text.encode(),
    "duplicate key, payload last": _duplicate_layers_key,
}
LAYOUTS: dict[str, dict[str, Any]] = {
    "complete": {},
    "no metadata.json": {"drop": ("metadata.json",)},
    "no weights": {"drop": ("model.weights.h5",)},
    "config only": {"drop": ("model.weights.h5", "metadata.json")},
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_keras_archive_spellings_the_loader_accepts(tmp_path: Path, spelling: Callable[[str], bytes],
                                                    layout: dict[str, Any]) -> None:
    config = spelling(json.dumps(with_layer(lambda_layer_v3())))
    assert json.loads(config)["config"]["layers"][2]["class_name"] == "Lambda"  # what Keras would build
    report = scan(tmp_path, keras_zip(config, **layout), "model.keras")
    assert "keras.lambda" in rules(report, Severity.HIGH)


def test_duplicate_key_benign_last_is_not_flagged(tmp_path: Path) -> None:
    # The loader keeps the last value: a Lambda only in the overridden first value is never built.
    text = json.dumps(benign_config())
    lambda_layers = json.dumps(with_layer(lambda_layer_v3())["config"]["layers"])
    config = text.replace('"layers": ', f'"layers": {lambda_layers}, "layers": ', 1).encode()
    assert "Lambda" not in str(json.loads(config))
    assert worst(scan(tmp_path, keras_zip(config), "model.keras")) is None
