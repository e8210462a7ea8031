"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from aiwarden import __version__
from aiwarden.core.findings import Finding, Report, Severity
from aiwarden.core.taxonomy import describe
from aiwarden.report.encoding import name_bytes, uri_path, utf8_strings

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note",
          Severity.INFO: "note"}
# GitHub maps security-severity to critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0.
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0",
                      Severity.INFO: "0.0"}


def _uri(path: str) -> str:
    """A valid uri-reference: relative to the working directory when below it, else a file:// URI."""
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    rel = rel.replace(os.sep, "/")
    if rel.startswith("../") or os.path.isabs(rel):
        return "file://" + uri_path(os.path.abspath(path).replace(os.sep, "/"))
    return uri_path(rel[2:] if rel.startswith("./") else rel)


def _rule_descriptor(rule_id: str, findings: list[Finding]) -> dict[str, Any]:
    from aiwarden.scan.rules import RULES

    rule = RULES.get(rule_id)
    first = findings[0]
    severity = max(f.severity for f in findings)
    tags = list(first.tags)
    help_text = rule.help if rule else first.title
    tag_lines = "; ".join(f"{t} {describe(t)}".strip() for t in tags)
    return {
        "id": rule_id,
        "name": "".join(part.title() for part in rule_id.replace("-", ".").split(".")),
        "shortDescription": {"text": first.title},
        "fullDescription": {"text": help_text},
        "help": {"text": f"{help_text}\nReferences: {tag_lines}", "markdown": f"{help_text}\n\n{tag_lines}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity if rule else severity]},
        "properties": {"tags": ["security", *tags], "security-severity": _SECURITY_SEVERITY[severity],
                       "precision": "high"},
    }


def render_sarif(report: Report) -> str:
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.sorted_findings():
        by_rule.setdefault(finding.rule_id, []).append(finding)
    rule_ids = sorted(by_rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results = []
    for finding in report.sorted_findings():
        loc = finding.location
        region: dict[str, Any] = {"startLine": 1}
        if loc.offset is not None and not loc.member:
            region["byteOffset"] = loc.offset
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(loc.path)}, "region": region}
        location: dict[str, Any] = {"physicalLocation": physical}
        if loc.member:
            location["logicalLocations"] = [{"name": loc.member, "fullyQualifiedName": str(loc), "kind": "member"}]
        message = finding.message if not loc.member else f"{finding.message} (in {loc.member})"
        fingerprint = hashlib.sha256(
            name_bytes(f"{finding.rule_id}|{loc.path}|{loc.member}|{finding.evidence or finding.message}")
        ).hexdigest()
        results.append({
            "ruleId": finding.rule_id,
            "ruleIndex": index[finding.rule_id],
            "level": _LEVEL[finding.severity],
            "message": {"text": message},
            "locations": [location],
            "partialFingerprints": {"aiwardenFinding/v1": fingerprint},
            "properties": {"severity": str(finding.severity), "evidence": finding.evidence,
                           "tags": list(finding.tags)},
        })
    notifications = [
        {"level": "error", "message": {"text": f"{e.path}: {e.message}"}, "descriptor": {"id": "scan-error"}}
        for e in report.errors
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "aiwarden",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": "https://github.com/aiwarden/aiwarden",
            "rules": [_rule_descriptor(r, by_rule[r]) for r in rule_ids],
        }},
        "results": results,
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps(utf8_strings({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}), indent=2) + "\n"
