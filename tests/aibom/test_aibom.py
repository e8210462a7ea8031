"""AIBOM: valid CycloneDX 1.6 (official schema, offline), facts from local files only, nothing invented."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from aiwarden.aibom import build_aibom
from aiwarden.core.errors import UsageError
from aiwarden.sign import sign_model
from tests.helpers import call
from tests.sign.conftest import write_key

CORPUS = Path(__file__).parent.parent / "corpus"
HF_MODEL = CORPUS / "benign" / "b49-hf-model"


def _valid(document: dict) -> None:
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(document))
    assert error is None, error


@pytest.fixture
def hf_model(tmp_path: Path) -> Path:
    return Path(shutil.copytree(HF_MODEL, tmp_path / "hf-model"))


def test_hugging_face_folder(hf_model: Path) -> None:
    result = build_aibom(hf_model)
    document = result.document
    _valid(document)
    model = document["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    card = model["modelCard"]["modelParameters"]
    front = (hf_model / "README.md").read_text()
    assert card["task"] in front and card["modelArchitecture"] == json.loads(
        (hf_model / "config.json").read_text())["architectures"][0]
    assert all(d["ref"].startswith("dataset:") for d in card["datasets"])
    files = {c["name"]: c for c in document["components"] if c["type"] == "file"}
    weights = (hf_model / "model.safetensors").read_bytes()
    assert files["model.safetensors"]["hashes"][0]["content"] == hashlib.sha256(weights).hexdigest()
    template = json.loads((hf_model / "tokenizer_config.json").read_text())["chat_template"]
    assert files["chat_template:default"]["hashes"][0]["content"] == hashlib.sha256(template.encode()).hexdigest()
    assert result.completeness == 1.0


def test_root_digest_matches_the_oms_signature(hf_model: Path, tmp_path: Path) -> None:
    key = write_key(tmp_path, "k", __import__("cryptography.hazmat.primitives.asymmetric.ec",
                                              fromlist=["SECP256R1"]).SECP256R1())
    signed = sign_model(hf_model, key.private)
    document = build_aibom(hf_model).document
    properties = {p["name"]: p["value"] for p in document["metadata"]["component"]["properties"]}
    assert properties["aiwarden:oms:root-digest"] == f"sha256:{signed.root_digest}"


def test_unknown_fields_stay_absent(tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(HF_MODEL / "model.safetensors", bare / "model.safetensors")
    result = build_aibom(bare)
    model = result.document["metadata"]["component"]
    _valid(result.document)
    assert "modelCard" not in model and "licenses" not in model and "pedigree" not in model
    assert result.completeness == 0.0 and "license" in result.missing


def test_findings_become_vulnerabilities_and_env_is_listed(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "pytorch_model.bin").write_bytes(call("os", "system", "touch /nonexistent/x"))
    (model / "config.json").write_text('{"model_type": "demo", "architectures": ["DemoModel"]}')
    document = build_aibom(model, include_env=True).document
    _valid(document)
    [vulnerability] = [v for v in document["vulnerabilities"] if v["id"] == "pickle.dangerous-call"]
    assert vulnerability["ratings"][0]["severity"] == "critical"
    assert vulnerability["affects"][0]["ref"] == "file:pytorch_model.bin"
    assert 502 in vulnerability["cwes"]
    libraries = {c["name"].lower() for c in document["components"] if c["type"] == "library"}
    assert {"cryptography", "pytest"} <= libraries
    formats = [p["value"] for c in document["components"] if c["name"] == "pytorch_model.bin"
               for p in c.get("properties", [])]
    assert "pickle" in formats


def test_license_that_is_not_an_spdx_id_is_a_name(hf_model: Path) -> None:
    readme = hf_model / "README.md"
    text = readme.read_text()
    start = text.index("license:")
    end = text.index("\n", start)
    readme.write_text(text[:start] + "license: llama3.2" + text[end:])
    document = build_aibom(hf_model).document
    _valid(document)
    assert document["metadata"]["component"]["licenses"] == [{"license": {"name": "llama3.2"}}]


def test_cli_writes_atomically_and_reports_completeness(hf_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    result = subprocess.run([sys.executable, "-m", "aiwarden", "aibom", str(hf_model), "--output", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "completeness 100%" in result.stderr
    _valid(json.loads(out.read_text()))
    with pytest.raises(UsageError):
        build_aibom(tmp_path / "missing")
