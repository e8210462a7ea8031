"""SARIF output validates against the official 2.1.0 schema and carries what GitHub needs."""

import json
from pathlib import Path

import jsonschema

from aiwarden.report import render
from aiwarden.scan.engine import scan_paths
from tests.helpers import call, glob

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text())


def test_sarif_validates_and_maps_severity(tmp_path: Path) -> None:
    (tmp_path / "evil.pt").write_bytes(call("os", "system", "id"))
    (tmp_path / "odd.pkl").write_bytes(call("somepkg", "Thing", "x"))
    (tmp_path / "stored.pkl").write_bytes(b"\x80\x02]" + glob("somepkg", "helper") + b"a.")
    (tmp_path / "unreadable.pt").mkdir()
    report = scan_paths([str(tmp_path)])
    document = json.loads(render(report, "sarif"))
    jsonschema.validate(document, SCHEMA)
    run = document["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["pickle.dangerous-call"]["properties"]["security-severity"] == "9.5"
    assert "CWE-502" in rules["pickle.dangerous-call"]["properties"]["tags"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["pickle.dangerous-call"] == "error"
    assert levels["pickle.unknown-call"] == "error"
    assert levels["pickle.unknown-global"] == "warning"
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]


def test_empty_report_is_valid_sarif(tmp_path: Path) -> None:
    (tmp_path / "fine.pkl").write_bytes(b"\x80\x02}q\x00.")
    document = json.loads(render(scan_paths([str(tmp_path)]), "sarif"))
    jsonschema.validate(document, SCHEMA)
    assert document["runs"][0]["results"] == []
