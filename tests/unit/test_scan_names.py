"""Hostile file and member names through the real CLI: text output escapes them, JSON is valid UTF-8,
SARIF URIs are valid percent-encoded uri-references, and a non-UTF-8 name never causes a traceback."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema

from tests.helpers import call

PAYLOAD = call("os", "system", "id")
SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text())
NAMES = [b"my model #1 100%.pkl", "caf\u00e9 \u202egnp.pkl".encode(), b"bad\xff\xfe.pkl",
         b"evil\n\x1b[2J\x1b[32mOK fine.pkl: clean", b"a:b?c.pkl"]


def _run(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, cwd=cwd, timeout=120)


def _models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as f:
            f.write(PAYLOAD)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("inner\x1b]0;pwned\x07\r\nCRITICAL.pkl")
        info.size = len(PAYLOAD)
        archive.addfile(info, io.BytesIO(PAYLOAD))
    (folder / "bundle.tar").write_bytes(buffer.getvalue())
    return folder


def test_text_output_escapes_names(tmp_path: Path) -> None:
    _models(tmp_path)
    result = _run("scan", "models", cwd=tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert "models/evil\\x0a\\x1b[2J\\x1b[32mOK fine.pkl: clean" in out
    assert "models/bad\\xff\\xfe.pkl" in out and "\\u202egnp.pkl" in out
    assert "inner\\x1b]0;pwned\\x07\\x0d\\x0aCRITICAL.pkl" in out
    assert not any(line.startswith(("OK", "CRITICAL.pkl")) for line in out.splitlines())


def test_json_output_is_valid_utf8(tmp_path: Path) -> None:
    _models(tmp_path)
    result = _run("scan", "models", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    data = json.loads(result.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
    paths = {f["location"]["path"] for f in data["findings"]}
    assert "models/bad\\xff\\xfe.pkl" in paths and "models/caf\u00e9 \u202egnp.pkl" in paths
    out = tmp_path / "report.json"
    assert _run("scan", "models", "--format", "json", "-o", "report.json", cwd=tmp_path).returncode == 1
    assert json.loads(out.read_bytes().decode("utf-8")) == data | {"timings": json.loads(out.read_text())["timings"]}


def test_sarif_uris_are_percent_encoded_uri_references(tmp_path: Path) -> None:
    _models(tmp_path)
    for where in ("models", str(tmp_path / "models")):
        result = _run("scan", where, "--format", "sarif", cwd=tmp_path)
        assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
        document = json.loads(result.stdout.decode("utf-8"))
        jsonschema.validate(document, SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        results = document["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        decoded = {unquote_to_bytes(u).rsplit(b"/", 1)[-1] for u in uris}
        assert decoded == {*NAMES, b"bundle.tar"}
        for uri in uris:
            assert " " not in uri and "#" not in uri and uri.isascii()
            assert jsonschema.Draft7Validator.FORMAT_CHECKER.conforms(uri, "uri-reference"), uri
