"""Class 3: container content recognised as the loaders recognise it, not as a typical file looks: skops
archives with members the schema does not name, JSON schema spellings json.loads accepts, every compressor
joblib and torch accept, NumPy headers NumPy's parser accepts after its retry, npz members under any name."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.bypasses.skopsfiles import PIPELINE, SKOPS_DATA, rewrite
from tests.bypasses.zips import PAYLOAD


def _findings(report: Any) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.severity.name, f.message) for f in report.findings]


def _npz_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("extra", [
    {"model.pkl": PAYLOAD},
    {"139874526548272": PAYLOAD},  # looks like a skops member id, no extension
    {"deep/dir/state.bin": PAYLOAD},
    {"inner.zip": _npz_with("data.pkl", PAYLOAD)},
], ids=["pickle", "id_named", "nested_dir", "nested_zip"])
@pytest.mark.parametrize("source", [PIPELINE, SKOPS_DATA / "generator.skops"], ids=["pipeline", "generator"])
def test_skops_extra_members_are_scanned(tmp_path: Path, source: Path, extra: dict[str, bytes]) -> None:
    report = scan(tmp_path, rewrite(source, extra=extra), "model.skops")
    assert worst(report) is Severity.CRITICAL, _findings(report)


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode(),
    lambda text: text.encode("utf-16"),
    lambda text: b"\n  " + text.encode(),
], ids=["bom", "utf16", "whitespace"])
def test_skops_schema_in_any_encoding_json_loads_reads(tmp_path: Path, encode: Any) -> None:
    def dangerous(schema: dict[str, Any]) -> None:
        schema["content"]["content"]["steps"]["__module__"] = "os"
        schema["content"]["content"]["steps"]["__class__"] = "system"

    report = scan(tmp_path, rewrite(PIPELINE, dangerous, encode=encode), "model.skops")
    assert worst(report) is Severity.HIGH, _findings(report)
