"""Build the secrets development set (``data/<source>.jsonl``) from other scanners' own labelled test fixtures.

    .venv/bin/python benchmarks/guard/secrets_dev/build.py      # needs the mirrors named in SOURCES.md

Deterministic: every file is read with ``git show <pinned commit>:<path>`` from a local mirror
(``$SECRETS_DEV_MIRRORS``, default /work/.mirror/<owner>+<name>/repo), so a rebuild never sees a newer tree.
A record is ``{"source", "id", "text", "label", "spans"}``: label 1 with the labelled value's character spans,
label 0 for text its authors say holds no secret. Which cases are left out, and why, is in ``_SKIP`` below.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
MIRRORS = Path(os.environ.get("SECRETS_DEV_MIRRORS", "/work/.mirror"))

SOURCES: dict[str, dict[str, str]] = {
    "secretlint": {"repo": "secretlint/secretlint", "commit": "18346ba31b8173d52060b971221ab38c1943def0",
                   "licence": "MIT"},
    "ripsecrets": {"repo": "sirwart/ripsecrets", "commit": "416e9d04d6ba8941fc3106bf986b6c8aa875767e",
                   "licence": "MIT"},
    "whispers": {"repo": "Skyscanner/whispers", "commit": "5832bf74dcb127128ba653ed87601c927124b5aa",
                 "licence": "Apache-2.0"},
}
Record = dict[str, Any]

# secretlint cases whose "ok"/"ng" is about the rule's scope or options, not about whether a secret is present.
_SKIP: dict[str, str] = {
    "aws/ok.AWS Access Key ID--enableIDScanRule-false": "ok only with an option turned off; the key id is there",
    "aws/ok.AWS Secret Access Key": "a labelled AWS secret its authors call encrypted: undecidable from the text",
    "aws/ng.AWS Account ID": "an account id, not a credential",
    "azure/ng.ad_tenant_id": "a tenant id, not a credential",
    "azure/ng.azure_client_id": "a client id, not a credential",
    "basicauth/ok.database-urls-not-detected": "passwords in URLs left to another secretlint rule",
    "figma/ok.allows": "allowed by a configured option",
    "groq/ok.allows": "allowed by a configured option",
    "tailscale/ok.allows": "allowed by a configured option",
}
# secretlint rules that are not about credentials in text (paths, manifests, comment directives, config syntax).
_SKIP_RULES = frozenset({"no-homedir", "no-k8s-kind-secret", "filter-comments", "pattern", "example",
                         "no-dotenv"})
_SECRETLINT_CASE = re.compile(r"^packages/@secretlint/secretlint-rule-([a-z0-9-]+)/test/snapshots/((?:ok|ng)\.[^/]+)/"
                              r"(input[^/]*)$")


def _git_dir(repo: str) -> Path:
    return MIRRORS / repo.replace("/", "+") / "repo"


def _show(source: str, path: str) -> bytes:
    spec = SOURCES[source]
    return subprocess.run(["git", "-C", str(_git_dir(spec["repo"])), "show", f"{spec['commit']}:{path}"],
                          capture_output=True, check=True).stdout


def _files(source: str, prefix: str) -> list[str]:
    spec = SOURCES[source]
    out = subprocess.run(["git", "-C", str(_git_dir(spec["repo"])), "ls-tree", "-r", "-z", "--name-only",
                          spec["commit"], "--", prefix], capture_output=True, check=True).stdout
    return sorted(p.decode() for p in out.split(b"\0") if p)


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None  # binary fixtures (PKCS#12) are not model output


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the lines that carry content: not blank, not a lone comment marker."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not re.fullmatch(r"\s*(?:#|//)[^=:]*", line):
            yield number, line


def secretlint() -> Iterator[Record]:
    """Per-rule snapshot tests: ``ng.*`` inputs with the ranges secretlint reports (positives), ``ok.*`` inputs
    line by line (negatives). The preset packages repeat the per-rule snapshots and are not read."""
    for path in _files("secretlint", "packages/@secretlint"):
        m = _SECRETLINT_CASE.match(path)
        if m is None or m.group(1) in _SKIP_RULES or f"{m.group(1)}/{m.group(2)}" in _SKIP:
            continue
        rule, case = m.group(1), m.group(2)
        text = _text(_show("secretlint", path))
        if text is None:
            continue
        case_id = f"secretlint/{rule}/{case}"
        if case.startswith("ok."):
            for number, line in _lines(text):
                yield {"source": "secretlint", "id": f"{case_id}:{number}", "text": line, "label": 0, "spans": []}
            continue
        expected = json.loads(_show("secretlint", path.rsplit("/", 1)[0] + "/output.json"))
        for i, message in enumerate(expected["messages"]):
            start, end = message["range"]
            yield {"source": "secretlint", "id": f"{case_id}#{i}", "text": text, "label": 1, "spans": [[start, end]]}


def ripsecrets() -> Iterator[Record]:
    """``test/one_per_line/*``: every line a secret; ``one_per_file/*``: the file one secret; ``test/none``: every
    line not a secret. The line ripsecrets' own ignore file exempts is left out."""
    for path in _files("ripsecrets", "test"):
        text = _text(_show("ripsecrets", path))
        if text is None:
            continue
        name = path.removeprefix("test/")
        if name == "none":
            for number, line in _lines(text):
                if "secretsignore" not in line and "pragma: allowlist" not in line:
                    yield {"source": "ripsecrets", "id": f"ripsecrets/{name}:{number}", "text": line, "label": 0,
                           "spans": []}
        elif name.startswith("one_per_line/"):
            for number, line in _lines(text):
                yield {"source": "ripsecrets", "id": f"ripsecrets/{name}:{number}", "text": line, "label": 1,
                       "spans": [[0, len(line)]]}
        elif name.startswith("one_per_file/"):
            yield {"source": "ripsecrets", "id": f"ripsecrets/{name}", "text": text, "label": 1,
                   "spans": [[0, len(text)]]}


# whispers fixtures about credentials, with "Compliant" and "Noncompliant" sections (comments or YAML/JSON keys).
_WHISPERS_FILES = ("Dockerfile", "apikeys.json", "apikeys.yml", "aws.json", "aws.yml", "hardcoded.json",
                   "hardcoded.yml", "integration.conf", "integration.json", "integration.yml", "java.properties",
                   "language.go", "language.java", "language.js", "language.php", "language.py", "language.sh",
                   "passwords.json", "passwords.yml", "pip.conf", "placeholders.json", "placeholders.yml",
                   "privatekeys.yml", "settings.cfg", "settings.env", "settings.ini", "uri.yml", "webhooks.yml",
                   "falsepositive.yml", "gitkeys.yml", "cloudformation.json", "cloudformation.yml")
_SECTION = re.compile(r"(?i)^\s*(?:#|//|<!--)?\s*\"?(non-?)?compliant\b")
_STRUCTURE = re.compile(r"^[\s\-]*(?:[\"']?[\w.\-]+[\"']?\s*:\s*)?[\[{\]}(),]*\s*$|^\s*</?[\w.:-]+>\s*$|^\s*\?>\s*$")


def whispers() -> Iterator[Record]:
    """Lines of the Noncompliant sections (positives: whispers reports a secret there) and of the Compliant
    sections (negatives). Lines continued with a backslash are joined; lines that only open or close a block
    (``environment:``, ``{``) are left out."""
    for name in _WHISPERS_FILES:
        text = _text(_show("whispers", f"tests/fixtures/{name}"))
        if text is None:
            continue
        label: int | None = None
        for number, line in _logical_lines(text):
            section = _SECTION.match(line)
            if section:
                label = 1 if section.group(1) else 0
                continue
            if label is None or _STRUCTURE.match(line):
                continue
            yield {"source": "whispers", "id": f"whispers/{name}:{number}", "text": line, "label": label,
                   "spans": [[0, len(line)]] if label else []}


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not pending:
            first = number
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1].rstrip())
            continue
        pending.append(line)
        joined = " ".join(p.strip() if i else p for i, p in enumerate(pending))
        pending = []
        if joined.strip():
            yield first, joined


BUILDERS = {"secretlint": secretlint, "ripsecrets": ripsecrets, "whispers": whispers}


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for source, build in BUILDERS.items():
        records = list(build())
        with (DATA / f"{source}.jsonl").open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        positives = sum(r["label"] for r in records)
        print(f"{source}: {positives} positives, {len(records) - positives} negatives")


if __name__ == "__main__":
    main()
