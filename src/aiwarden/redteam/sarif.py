"""results.sarif: one SARIF 2.1.0 result per broken category, located at the target's URL, so code scanning
and other SARIF consumers gate on red-team runs like on scans."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

from aiwarden import __version__
from aiwarden.core.taxonomy import describe
from aiwarden.redteam import results
from aiwarden.redteam.runner import RunResult
from aiwarden.report.encoding import utf8_strings
from aiwarden.report.sarif import _LEVEL, _SECURITY_SEVERITY, SCHEMA


def _uri(target: str) -> str:
    """The target's URL when it is one; a callable target gets a stable urn."""
    return target.split(" ", 1)[0] if urlsplit(target.split(" ", 1)[0]).scheme in ("http", "https") else (
        "urn:aiwarden:target:" + hashlib.sha256(target.encode()).hexdigest()[:16])


def render_sarif(result: RunResult) -> str:
    found = results.findings(result)
    rules = []
    sarif_results = []
    for index, f in enumerate(found):
        tag_lines = "; ".join(f"{t} {describe(t)}".strip() for t in f.tags)
        rules.append({
            "id": f.rule_id, "name": "".join(p.title() for p in f.rule_id.replace("-", ".").split(".")),
            "shortDescription": {"text": f.title},
            "help": {"text": f"{f.title}.\nReferences: {tag_lines}", "markdown": f"{f.title}.\n\n{tag_lines}"},
            "defaultConfiguration": {"level": _LEVEL[f.severity]},
            "properties": {"tags": ["security", "red-team", *f.tags],
                           "security-severity": _SECURITY_SEVERITY[f.severity], "precision": "high"}})
        sarif_results.append({
            "ruleId": f.rule_id, "ruleIndex": index, "level": _LEVEL[f.severity], "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.target)}},
                           "logicalLocations": [{"name": str(f.location.member), "kind": "module"}]}],
            "partialFingerprints": {"aiwardenRedteam/v1": hashlib.sha256(
                f"{f.rule_id}|{result.target}".encode()).hexdigest()},
            "properties": {"severity": str(f.severity), "evidence": f.evidence, "tags": list(f.tags)}})
    notifications = [{"level": "error", "message": {"text": f"{a.probe_id} [{a.converter}]: {a.error}"},
                      "descriptor": {"id": "attempt-error"}} for a in result.errors[:100]]
    if result.fatal:
        notifications.insert(0, {"level": "error", "message": {"text": f"run stopped: {result.fatal}"},
                                 "descriptor": {"id": "run-stopped"}})
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "aiwarden", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://github.com/aiwarden/aiwarden", "rules": rules}},
        "results": sarif_results,
        "invocations": [{"executionSuccessful": result.complete, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps(utf8_strings({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}), indent=2) + "\n"
