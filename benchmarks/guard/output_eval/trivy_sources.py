"""Secrets: the findings Trivy's secret-scanner tests expect from its built-in rules (should match), and the
fixture files its tests expect to yield no finding under the built-in rules (should not match).

The tests (``pkg/fanal/secret/scanner_test.go``) state each finding as a rule id, start and end line, a byte
offset where the secret starts and a masked match (the secret's characters shown as ``*``). The secret is read
back from the fixture: it starts at the offset and ends where the mask of its last line ends. Only the Go
source's string literals and field names are read; nothing is compiled or run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mirror import show_bytes
from records import Record, Source
from secret_sources import wrap_secret

SECRET_DIR = "pkg/fanal/secret/"
TEST_FILE = SECRET_DIR + "scanner_test.go"
RULES_FILE = SECRET_DIR + "builtin-rules.go"
BUILTIN_CONFIG = "skip-test.yaml"  # built-in rules only, with the allow rule for test paths switched off
# Cases whose names say the fixture's content is not a secret, and that expect no finding from the built-in
# rules. Other cases without findings owe it to a path allow rule (examples, markdown) or a custom config.
NEGATIVE_CASES = ("invalid aws secrets", "secret inside another word", "invalid OpenAI tokens",
                  "skip non-secret values (encrypted, placeholders, empty)")
LONG_LINE = 500  # longer fixture lines (minified code) are shown as the window the test's masked match gives
MASK = ord("*")

_GO_STRING = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
_FIELD = re.compile(r"^\s*(RuleID|StartLine|EndLine|Match|Offset|Number|Content|IsCause):\s*(.*?),?$", re.M)
_HELPER = re.compile(r"^\t(\w+) := func\(([^)]*)\) types\.SecretFinding \{\n(.*?)^\t\}$", re.M | re.S)
_STRING_VAR = re.compile(r"^\t(\w+) := (.+)$", re.M)
_TERM = re.compile(rf"({_GO_STRING})|strings\.Repeat\(({_GO_STRING}),\s*(\d+)\)|(\w+)")
_NAMED_FINDING = re.compile(r"^\t(\w+) := types\.SecretFinding\{\n(.*?)^\t\}$", re.M | re.S)
_CASE = re.compile(r"^\t\t\{\n(?:\t\t\t//[^\n]*\n)*\t\t\tname:(.*?)^\t\t\},?$", re.M | re.S)
_PATH = re.compile(rf"(configPath|inputFilePath):\s*(?:filepath\.Join\(({_GO_STRING}),\s*({_GO_STRING})\)"
                   rf"|({_GO_STRING}))")


@dataclass(frozen=True)
class Finding:
    rule: str
    start_line: int
    end_line: int
    match: bytes
    offset: int
    cause_lines: dict[int, bytes]  # the masked content of each line the finding covers, by line number


def _unquote(literal: str) -> str:
    if literal.startswith("`"):
        return literal[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], literal[1:-1])


def _string(expression: str, variables: dict[str, str]) -> str:
    """A Go string expression of the kind the tests write: literals, strings.Repeat and earlier string variables
    joined with +."""
    out = []
    for term in re.split(r"\s*\+\s*(?=[\"`\w])", expression.strip()):
        match = _TERM.fullmatch(term)
        if match is None:
            raise ValueError(f"unsupported Go string expression: {term}")
        literal, repeated, times, name = match.groups()
        out.append(_unquote(literal) if literal else _unquote(repeated) * int(times) if repeated else variables[name])
    return "".join(out)


def _findings(body: str, variables: dict[str, str]) -> list[Finding]:
    """Every SecretFinding literal in ``body``. A finding's fields and its Code lines share field names with no
    other struct here, so a flat scan suffices: RuleID opens a finding, Number opens one of its lines."""
    fields: list[dict[str, str]] = []
    causes: list[dict[int, bytes]] = []
    line: dict[str, str] = {}
    for field, raw in _FIELD.findall(body):
        value = raw if field in {"StartLine", "EndLine", "Offset", "Number", "IsCause"} else _string(raw, variables)
        if field == "RuleID":
            fields.append({field: value})
            causes.append({})
        elif field == "Number":
            line = {field: value}
        elif field in {"Content", "IsCause"}:
            line[field] = value
            if line.get("IsCause") == "true" and "Content" in line:
                causes[-1][int(line["Number"])] = line["Content"].encode()
        else:
            fields[-1][field] = value
    return [Finding(f["RuleID"], int(f["StartLine"]), int(f["EndLine"]), f["Match"].encode(), int(f["Offset"]),
                    lines) for f, lines in zip(fields, causes, strict=True)]


def _helper_findings(body: str) -> dict[str, Finding]:
    """Findings built by a helper closure (``f := func(ruleID, ... string, length int) types.SecretFinding``):
    each call's arguments are put in place of the parameters and the returned literal is read as any other."""
    out: dict[str, Finding] = {}
    for helper in _HELPER.finditer(body):
        params = [piece.split()[0] for piece in helper.group(2).split(",")]  # "a, b string, n int": a, b, n
        for call in re.finditer(rf"^\t(\w+) := {helper.group(1)}\((.*)\)$", body, re.M):
            args = re.findall(rf"{_GO_STRING}|\d+", call.group(2))
            literal = helper.group(3)
            for param, arg in zip(params, args, strict=True):
                literal = re.sub(rf"\b{param}\b", lambda _, a=arg: a, literal)
            local = {m.group(1): _string(m.group(2), {}) for m in re.finditer(r"^\t\t(\w+) := (.+)$", literal, re.M)}
            out[call.group(1)] = _findings(literal, local)[0]
    return out


def _cases(test_source: str) -> list[tuple[str, str, str, list[Finding]]]:
    """(name, config file, input file, expected findings) of every TestSecretScanner case with a fixture file."""
    body = test_source.split("func TestSecretScanner(", 1)[1].split("\nfunc ", 1)[0]
    variables = {m.group(1): _string(m.group(2), {}) for m in _STRING_VAR.finditer(body)
                 if m.group(2).startswith(('"', "`", "strings.Repeat("))}
    named = {m.group(1): _findings(m.group(2), variables)[0] for m in _NAMED_FINDING.finditer(body)}
    named |= _helper_findings(body)
    table = body.split("tests := []struct", 1)[1]
    out = []
    for case in _CASE.finditer(table):
        text = case.group(1)
        paths = {m.group(1): _unquote(m.group(3) or m.group(4)).rsplit("/", 1)[-1] for m in _PATH.finditer(text)}
        findings_block = text.split("Findings:", 1)[1] if "Findings:" in text else ""
        by_name = [named[n] for n in re.findall(r"\w+", findings_block) if n in named]
        found = _findings(findings_block, variables) + by_name
        out.append((_unquote(text.split("\n", 1)[0].strip().rstrip(",")), paths.get("configPath", ""),
                    paths["inputFilePath"], found))
    return out


def _align(masked: bytes, line: bytes) -> int:
    """Where the (possibly trimmed) masked ``masked`` sits in ``line``: every unmasked byte agrees."""
    for start in range(len(line) - len(masked) + 1):
        if all(m in (MASK, c) for m, c in zip(masked, line[start:start + len(masked)], strict=True)):
            return start
    raise ValueError(f"masked text not found in fixture line: {masked[:60]!r}")


def _mask_end(masked: bytes, at: int) -> int:
    end = at
    while end < len(masked) and masked[end] == MASK:
        end += 1
    return end


def _secret(finding: Finding, data: bytes) -> tuple[bytes, bytes]:
    """The secret and the text shown around it (its lines, or the match's window on a very long line)."""
    lines = data.split(b"\n")
    starts = [0]
    for raw in lines:
        starts.append(starts[-1] + len(raw) + 1)
    first, last = lines[finding.start_line - 1], lines[finding.end_line - 1]
    column = finding.offset - starts[finding.start_line - 1]
    if finding.start_line == finding.end_line:
        window = _align(finding.match, first)
        end = _mask_end(finding.match, column - window) + window
        secret = first[column:end]
        masked = first[:column] + b"*" * len(secret) + first[end:]
        if finding.match not in masked:
            raise ValueError(f"{finding.rule}: masked match does not reproduce the fixture line")
        if len(first) > LONG_LINE:
            return secret, first[window:window + len(finding.match)]
        return secret, first
    tail = finding.cause_lines[finding.end_line]
    end = _align(tail, last) + _mask_end(tail, 0)
    secret = data[finding.offset:starts[finding.end_line - 1] + end]
    top, bottom = finding.start_line - 1, finding.end_line - 1
    if finding.rule == "private-key":  # show the armour lines around the key body, as a key file has them
        while top > 0 and b"-----BEGIN" not in lines[top]:
            top -= 1
        while bottom < len(lines) - 1 and b"-----END" not in lines[bottom]:
            bottom += 1
    return secret, b"\n".join(lines[top:bottom + 1])


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").replace("\r", "")


def trivy(source: Source) -> list[Record]:
    repo, commit, name = source["repo"], source["commit"], source["name"]
    builtin = set(re.findall(r'^\t\tID:\s+"([^"]+)"', show_bytes(repo, commit, RULES_FILE).decode(), re.M))
    out: list[Record] = []
    seen: set[tuple[str, int, int]] = set()
    negatives_seen: set[str] = set()
    for case, config, fixture, findings in _cases(show_bytes(repo, commit, TEST_FILE).decode()):
        data = show_bytes(repo, commit, SECRET_DIR + "testdata/" + fixture)
        stem = fixture.rsplit(".", 1)[0]
        for finding in findings:
            if finding.rule not in builtin or (fixture, finding.offset, finding.end_line) in seen:
                continue
            seen.add((fixture, finding.offset, finding.end_line))
            secret, shown = _secret(finding, data)
            # Rules whose match takes in the quotes around a value (Grafana) label the value without them.
            subtype = "publishable" if finding.rule.endswith("publishable-token") else "provider"
            out.append(wrap_secret(name, f"{stem}:{finding.rule}:L{finding.start_line}", subtype, 1, _text(shown),
                             _text(secret).strip().strip("'\"")))
        if case in NEGATIVE_CASES:
            if findings or config != BUILTIN_CONFIG:
                raise ValueError(f"{case}: expected no finding under the built-in rules")
            negatives_seen.add(case)
            for number, line in enumerate(data.split(b"\n"), start=1):
                example = _text(line).strip()
                if _is_fixture_line(example):
                    out.append(wrap_secret(name, f"{stem}:neg:L{number}", "should-not-match", 0, example, example))
    if negatives_seen != set(NEGATIVE_CASES):
        raise ValueError(f"negative cases not found: {sorted(set(NEGATIVE_CASES) - negatives_seen)}")
    return out


def _is_fixture_line(line: str) -> bool:
    """A line a test feeds the scanner, not a heading ("base64:") or a lone XML tag around the values."""
    return bool(line) and not re.fullmatch(r"[\w .-]+:|</?\w+>", line)
