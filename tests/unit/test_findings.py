import pytest

from aiwarden.core.findings import Finding, Location, Report, ScanError, Severity


def _finding(severity: Severity) -> Finding:
    return Finding("pickle.dangerous-call", "t", severity, Location("a.pkl", "x/data.pkl", 3), "m", "e", ("CWE-502",))


def test_severity_order_and_parse() -> None:
    assert Severity.INFO < Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.CRITICAL
    assert Severity.parse(" High ") is Severity.HIGH
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("severe")


@pytest.mark.parametrize(
    ("severities", "fail_on", "errors", "scanned", "expected"),
    [
        ([], Severity.HIGH, False, True, 0),
        ([Severity.MEDIUM], Severity.HIGH, False, True, 0),
        ([Severity.MEDIUM], Severity.MEDIUM, False, True, 1),
        ([Severity.CRITICAL], Severity.HIGH, True, True, 1),
        ([], Severity.HIGH, True, True, 2),
        ([], Severity.HIGH, False, False, 2),
    ],
)
def test_exit_code(severities: list[Severity], fail_on: Severity, errors: bool, scanned: bool, expected: int) -> None:
    report = Report(findings=[_finding(s) for s in severities])
    if errors:
        report.errors.append(ScanError("b.pt", "cannot read"))
    if scanned:
        report.scanned.append("a.pkl")
    assert report.exit_code(fail_on) == expected


def test_json_shape_is_stable() -> None:
    report = Report(tool_version="9", findings=[_finding(Severity.LOW), _finding(Severity.CRITICAL)], scanned=["a"])
    data = report.to_dict()
    assert data["tool"] == {"name": "aiwarden", "version": "9"}
    first = data["findings"][0]
    assert first["severity"] == "critical"  # sorted worst first
    assert set(first) >= {"rule_id", "severity", "title", "message", "location", "tags"}
    assert first["location"] == {"path": "a.pkl", "member": "x/data.pkl", "offset": 3}
    assert data["summary"]["by_severity"]["low"] == 1
    assert str(Location("a", "b", 4)) == "a!b@4"
