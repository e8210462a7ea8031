"""Builders for Keras and HDF5 evasion variants: real HDF5 files written by h5py, Keras archives built from the
real benign corpus archive with one change each. Nothing here is ever loaded by Keras."""

from __future__ import annotations

import base64
import copy
import io
import json
import marshal
import zipfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np

BENIGN = Path(__file__).parents[1] / "corpus" / "benign"
KERAS_ARCHIVE = BENIGN / "b46-keras-sequential-trained.keras"


def benign_members() -> dict[str, bytes]:
    with zipfile.ZipFile(KERAS_ARCHIVE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def benign_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads(benign_members()["config.json"])
    return config


def _harmless() -> int:
    return 0


def lambda_layer_v3() -> dict[str, Any]:
    """A Lambda layer as Keras 3 writes it to config.json (base64 marshal of the function's code)."""
    code = base64.b64encode(marshal.dumps(_harmless.__code__)).decode()
    return {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
            "config": {"name": "lambda", "function": {"class_name": "__lambda__", "config": {"value": code}},
                       "arguments": {}}}


def lambda_layer_legacy() -> dict[str, Any]:
    """A Lambda layer as the legacy HDF5 format writes it (function_type "lambda", bytecode list)."""
    code = base64.b64encode(marshal.dumps(_harmless.__code__)).decode()
    return {"class_name": "Lambda", "config": {"name": "lambda", "function": [code, None, None],
                                               "function_type": "lambda", "arguments": {}}}


def with_layer(layer: dict[str, Any]) -> dict[str, Any]:
    config = copy.deepcopy(benign_config())
    config["config"]["layers"].insert(2, layer)
    return config


def keras_zip(config_bytes: bytes, *, drop: tuple[str, ...] = (), extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    members = {**benign_members(), "config.json": config_bytes, **(extra or {})}
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            if name not in drop:
                archive.writestr(name, data)
    return buffer.getvalue()


def h5_bytes(build: Any, **file_kwargs: Any) -> bytes:
    """An HDF5 file written by h5py into memory; ``build`` fills the root group."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w", **file_kwargs) as f:
        build(f)
    return buffer.getvalue()


def legacy_h5(model_config: str | bytes, encoding: str, **file_kwargs: Any) -> bytes:
    """A legacy Keras .h5 model: model_config on the root group, weights group beside it."""
    def build(f: h5py.File) -> None:
        if encoding == "variable-length":
            f.attrs["model_config"] = model_config if isinstance(model_config, str) else model_config.decode()
        elif encoding == "fixed-length":
            raw = model_config.encode() if isinstance(model_config, str) else model_config
            f.attrs["model_config"] = np.bytes_(raw)
        elif encoding == "variable-length-bytes":  # h5py returns bytes; the loaders call .decode("utf-8")
            raw = model_config.encode() if isinstance(model_config, str) else model_config
            f.attrs.create("model_config", raw, dtype=h5py.string_dtype("ascii"))
        f.attrs["keras_version"] = "3.15.1"
        f.attrs["backend"] = "tensorflow"
        f.create_group("model_weights").create_dataset("dense/kernel", data=np.zeros((2, 2), "f4"))
    return h5_bytes(build, **file_kwargs)
