"""Reports for people through the real CLI: Markdown (rendered by GitHub's own cmark-gfm), GitHub Actions
workflow commands (parsed the way the Actions runner parses them) and self-contained HTML (parsed with
html.parser). Hostile file names, archive members and evidence must come out as text, never as markup, a
second workflow command or a forged heading."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from aiwarden.core.display import safe_name
from aiwarden.core.findings import Finding, Location, Report, ScanError, Severity, Skipped
from aiwarden.report import render
from aiwarden.report.html import Document, Item, Note, Section, render_html
from aiwarden.report.markdown import code, fenced
from aiwarden.report.summary import Verdict
from tests.helpers import call

PAYLOAD = call("os", "system", "id")
DEMO = Path(__file__).parents[2] / "src" / "aiwarden" / "demo" / "files"
HOSTILE = [
    b"evil\n::error file=x.pkl::forged.pkl",
    b"100%0A::warning title=x::y.pkl",
    b"tick`` ` ```.pkl",
    b"<script>alert(1)<svg onload=alert(2)>.pkl",
    b"q\"uote'<img src=x onerror=alert(1)>.pkl",
    b"a,b:c|d*e_[x](javascript:alert(1)) www.evil.example me@evil.example @team #1.pkl",
    b"\r\n## Forged heading\r\n.pkl",
    b"`lead and trail `",
    b"bad\xff.pkl",
]
MEMBER = "m\n</details></pre><script>x</script>`|.pkl"
TEMPLATE = ('{% for c in "".__class__.__mro__[1].__subclasses__() %}\n```\n</pre><script>alert(1)</script>\n'
            "::error::forged\n{% endfor %}")
# Fragments of the hostile input that must never reach rendered output outside a code span or <pre>.
FRAGMENTS = ("script", "forged", "onerror", "onload", "evil.example", "@team", "Forged heading", "</pre>", "|d*e")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    models = root / "models"
    models.mkdir()
    for name in HOSTILE:
        with open(os.path.join(os.fsencode(models), name), "wb") as f:
            f.write(PAYLOAD)
    (models / "chat_template.jinja").write_text(TEMPLATE)
    (models / "notes <b>x<i>y `.txt").write_text("not a model")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo(MEMBER)
        info.size = len(PAYLOAD)
        archive.addfile(info, io.BytesIO(PAYLOAD))
    (models / "bundle.tar").write_bytes(buffer.getvalue())
    return root


@pytest.fixture(scope="module")
def findings(hostile: Path) -> list[dict[str, object]]:
    result = _run("scan", "models", "--format", "json", cwd=hostile)
    data: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return data


def _shown_paths(hostile: Path) -> set[str]:
    """Each hostile file as reports show it: the walked path with controls escaped."""
    names = {os.fsdecode(n) for n in HOSTILE} | {"chat_template.jinja", "bundle.tar"}
    return {safe_name(f"models/{n}") for n in names}


class _Tree(HTMLParser):
    """Tags, attributes and text, noting which text lies inside <code> or <pre>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.literal: list[str] = []  # text inside code/pre
        self.prose: list[str] = []  # every other text
        self.data: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "br", "hr", "img", "input", "link"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside = {"code", "pre"} & set(self.stack)
        (self.literal if inside else self.prose).append(data)
        if self.stack:
            self.data.setdefault(self.stack[-1], []).append(data)


def _tree(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree


def _gfm(markdown: str) -> str:
    """GitHub's renderer with raw HTML kept and no tag filter, so any injected element would show."""
    return cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "autolink", "strikethrough", "tasklist"])


# ----- Markdown -------------------------------------------------------------------------------------------

def test_markdown_of_the_demo_set(tmp_path: Path) -> None:
    first = _run("scan", *sorted(os.listdir(DEMO)), "--format", "markdown", cwd=DEMO)
    again = _run("scan", *sorted(os.listdir(DEMO)), "--format", "markdown", cwd=DEMO)
    assert first.returncode == 1 and first.stderr == b""
    assert first.stdout == again.stdout  # deterministic: no times, a total order
    out = first.stdout.decode()
    assert out.startswith("## aiwarden scan report\n\n**❌ Unsafe:** 6 critical and 2 high finding(s) in 7 of 12")
    assert "| 🔴 Critical | 6 |" in out and "| 🟠 High | 2 |" in out and "| 🟡 Medium | 0 |" in out
    assert "| 🔵 Low | 0 |" in out
    # severity sections in order, then files, each finding with rule id, title, location, evidence and tags
    assert out.index("### 🔴 Critical (6)") < out.index("### 🟠 High (2)") and "### 🟡 Medium" not in out
    section = out[out.index("#### `unsafe-7z-checkpoint.pt`"):out.index("#### `unsafe-broken-pickle.pkl`")]
    assert "**Dangerous callable invoked at load** `pickle.dangerous-call`" in section
    assert "Where: member `archive/data.pkl`, byte 188" in section
    assert "Evidence: `os.system('touch /tmp/aiwarden-canary/m65')`" in section
    assert "OWASP LLM: `LLM03:2025` Supply Chain" in section and "MITRE ATLAS: `AML.T0010.003`" in section
    assert "CWE: `CWE-502` Deserialization of Untrusted Data" in section
    html = _gfm(out)
    tree = _tree(html)
    assert [t for t, _ in tree.tags if t == "h4"] == ["h4"] * 8  # one per file within each severity
    assert {t for t, _ in tree.tags} <= {"h2", "h3", "h4", "p", "strong", "code", "ul", "li", "table", "thead",
                                         "tbody", "tr", "th", "td"}
    written = _run("scan", *sorted(os.listdir(DEMO)), "--format", "markdown", "-o", str(tmp_path / "r.md"), cwd=DEMO)
    assert written.returncode == 1 and written.stdout == b""
    assert written.stderr.decode().rstrip().endswith("markdown report written to " + str(tmp_path / "r.md"))
    assert (tmp_path / "r.md").read_bytes() == first.stdout


def test_markdown_hostile_names_stay_inside_code(hostile: Path, findings: list[dict[str, object]]) -> None:
    result = _run("scan", "models", "--format", "markdown", cwd=hostile)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")  # strict: valid UTF-8 whatever the names
    assert "\r" not in out and "\x1b" not in out
    tree = _tree(_gfm(out))
    tags = [t for t, _ in tree.tags]
    assert not {"a", "script", "img", "em", "del", "h1", "input", "pre"} & set(tags)
    assert tags.count("h2") == 1 and tags.count("h3") == 1  # one severity section (critical)
    # each file with findings is one heading whose text is the escaped name, exactly
    spans = tree.data["code"]
    for shown in _shown_paths(hostile):
        assert shown in spans, shown
    assert tags.count("h4") == len({str(f["location"]["path"]) for f in findings})  # type: ignore[index]
    prose = "".join(tree.prose)
    for fragment in FRAGMENTS:
        assert fragment not in prose, fragment
    literal = "".join(tree.literal)
    assert "</pre><script>alert(1)</script>" in literal and "notes <b>x<i>y `.txt" in literal
    assert safe_name(MEMBER) in literal


def test_markdown_code_spans_and_fences_hold_anything() -> None:
    for value in ["`", "``a``", " x ", "a ` b", "`lead", "trail`", "|pipe|", "<b>x</b>", "  ", "a\nb"]:
        tree = _tree(_gfm(f"- {code(value)}\n"))
        assert tree.data["code"] == [safe_name(value) if "\n" in value else value], value
    evidence = "line 1\n````\n</pre><script>x</script>\n```\nend\r\nlast"
    block = "\n".join(["- Evidence:", "", *fenced(evidence, "  "), "", "- next"])
    tree = _tree(_gfm(block))
    assert tree.data["code"] == ["line 1\n````\n</pre><script>x</script>\n```\nend\nlast\n"]
    assert [t for t, _ in tree.tags].count("li") == 2


# ----- GitHub workflow commands ---------------------------------------------------------------------------

_RUNNER_COMMANDS = {"error", "warning", "notice", "debug", "group", "endgroup", "add-mask", "stop-commands",
                    "set-output", "save-state", "add-path", "set-env", "echo"}


def _runner_parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """ActionCommand.TryParseV2 of actions/runner: leading space trimmed, command up to the next "::"."""
    line = line.lstrip()
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info = line[2:end]
    name, _, props_text = info.partition(" ")
    if name not in _RUNNER_COMMANDS:
        return None
    props = {}
    for pair in (p for p in props_text.strip().split(",") if p):
        key, sep, value = pair.partition("=")
        if sep and key and value:
            props[key] = (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
                          .replace("%2C", ",").replace("%25", "%"))
    data = line[end + 2:].replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return name, props, data


def _lines(raw: bytes) -> list[str]:
    # The runner reads lines ending in \n, \r or \r\n.
    return re.split(r"\r\n|\r|\n", raw.decode("utf-8"))[:-1]


def test_github_annotations_of_the_demo_set() -> None:
    result = _run("scan", *sorted(os.listdir(DEMO)), "--format", "github", cwd=DEMO)
    assert result.returncode == 1 and result.stderr == b""
    commands = [_runner_parse(line) for line in _lines(result.stdout)]
    assert all(commands) and len(commands) == 1 + 8
    name, props, data = commands[0]  # type: ignore[misc]
    assert (name, props) == ("notice", {"title": "aiwarden scan"})
    assert data.startswith("Unsafe: 6 critical and 2 high finding(s) in 7 of 12 scanned file(s)")
    kinds = [c[0] for c in commands[1:]]  # type: ignore[index]
    assert kinds == ["error"] * 8  # the broken pickle stops before its end: high
    _, props, data = commands[1]  # type: ignore[misc]
    assert props == {"file": "unsafe-7z-checkpoint.pt", "line": "1",
                     "title": "aiwarden: Dangerous callable invoked at load"}
    assert data.split("\n") == [
        "REDUCE calls os.system at load time (os can run code or touch files) [critical, pickle.dangerous-call]",
        "Where: unsafe-7z-checkpoint.pt (member archive/data.pkl, byte 188)",
        "Evidence: os.system('touch /tmp/aiwarden-canary/m65')",
        "Tags: LLM03:2025, AML.T0010.003, AML.T0011.000, AML.T0018.002, CWE-502"]


def test_github_hostile_names_cannot_add_commands(hostile: Path, findings: list[dict[str, object]]) -> None:
    result = _run("scan", "models", "--format", "github", cwd=hostile)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    lines = _lines(result.stdout)
    assert len(lines) == 1 + len(findings)
    parsed = [_runner_parse(line) for line in lines]
    assert all(parsed), lines
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    files = {p[1]["file"] for p in parsed[1:]}  # type: ignore[index]
    assert files == _shown_paths(hostile)
    assert "models/100%0A::warning title=x::y.pkl" in files  # a literal %0A stays literal
    for name, props, data in parsed:  # type: ignore[misc]
        assert name in {"error", "warning", "notice"}
        assert set(props) <= {"file", "line", "title"}
        assert not any(c in value for value in props.values() for c in "\r\n")
        assert "\r" not in data and "\x1b" not in data
        assert all(not part.lstrip().startswith("::") for part in data.split("\n"))


# ----- HTML -----------------------------------------------------------------------------------------------

_ALLOWED = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "div", "strong", "b",
            "span", "dl", "dt", "dd", "section", "details", "summary", "p", "code", "pre", "ul", "li", "footer"}


def _check_page(markup: str) -> _Tree:
    tree = _tree(markup)
    assert {t for t, _ in tree.tags} <= _ALLOWED, {t for t, _ in tree.tags} - _ALLOWED
    for tag, attrs in tree.tags:
        assert set(attrs) <= {"lang", "charset", "http-equiv", "content", "name", "class", "id", "title", "open"}, tag
    csp = [a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and csp[0] is not None
    assert csp[0].startswith("default-src 'none'; style-src 'sha256-") and "script" not in csp[0]
    style = "".join(tree.data["style"])
    assert f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'" in csp[0]
    assert [t for t, _ in tree.tags].index("meta") < [t for t, _ in tree.tags].index("style")
    assert markup.count("<style>") == 1 and "<script" not in markup.replace("&lt;script", "")
    return tree


def test_html_of_the_demo_set(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = _run("scan", *sorted(os.listdir(DEMO)), "--format", "html", "-o", str(out), cwd=DEMO)
    assert result.returncode == 1
    assert result.stderr.decode().rstrip().endswith(f"html report written to {out}")
    markup = out.read_text(encoding="utf-8")
    tree = _check_page(markup)
    assert [d.strip() for d in tree.data["h2"]] == ["Critical (6)", "High (2)"]
    assert tree.data["strong"] == ["Unsafe"]
    assert [d for d in tree.data["b"] if d.isdigit()] == ["6", "2", "0", "0", "0"]
    assert "aiwarden 0.1.0" in tree.data["dd"] and any(d.endswith(" UTC") for d in tree.data["dd"])
    assert tree.data["pre"].count("os.system('touch /tmp/aiwarden-canary/m65')") == 1
    assert [t for t, _ in tree.tags].count("pre") == 7  # every demo finding but the malformed pickle has evidence
    assert "LLM03:2025" in tree.data["b"] and "CWE-1336" in tree.data["b"]
    assert "member archive/data.pkl, byte 188" in tree.data["p"]


def test_html_hostile_names_and_evidence_are_text(hostile: Path, findings: list[dict[str, object]]) -> None:
    result = _run("scan", "models", "--format", "html", cwd=hostile)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    markup = result.stdout.decode("utf-8")
    tree = _check_page(markup)
    assert [t for t, _ in tree.tags].count("pre") == sum(1 for f in findings if f["evidence"])
    names = tree.data["span"]
    for shown in _shown_paths(hostile):
        assert shown in names, shown
    assert "</pre><script>alert(1)</script>" in "".join(tree.data["pre"])
    assert "models/notes <b>x<i>y `.txt" in names  # skipped, listed as text
    for fragment in ("<img", "<svg", "<script", "<b>x", "<i>", "</details></pre>"):
        assert fragment not in markup, fragment
    assert markup.count("</pre>") == markup.count("<pre>")


def test_html_generic_document_for_other_features() -> None:
    doc = Document(
        title="aiwarden red-team report <x>",
        verdict=Verdict("Unsafe", "fail", "2 of 10 probes succeeded."),
        facts=(("Target", "gpt-<script>"),),
        sections=(Section("target \"a\"", (
            Item(Severity.HIGH, "Prompt injection", "probe.injection", "model obeyed", "turn 2",
                 "line one\n</pre><script>x</script>\r\nline 3", ("LLM01:2025", "AML.T0051.000")),
            Item(Severity.LOW, "Leak", "probe.leak", "partial", tags=("LLM07:2025",)))),),
        notes=(("Errors", (Note("probe <x>", "timed out"),), True),),
    )
    markup = render_html(doc)
    tree = _check_page(markup)
    assert tree.data["pre"] == ["line one\n</pre><script>x</script>\nline 3"]
    assert "aiwarden red-team report <x>" in tree.data["h1"] and "gpt-<script>" in tree.data["dd"]
    assert [d.strip() for d in tree.data["h2"]] == ["High (1)", "Low (1)", "Errors (1)"]


# ----- Verdicts, errors, skipped and suppressed, in process -----------------------------------------------

def _report(**fields: object) -> Report:
    report = Report(tool_version="0.1.0", targets=["m"], **fields)  # type: ignore[arg-type]
    report.timings["total_seconds"] = 0.5
    return report


def test_verdicts_and_lists_in_every_format() -> None:
    evil = Finding("pickle.dangerous-call", "Dangerous", Severity.CRITICAL, Location("m/a.pkl", None, 3), "bad")
    odd = Finding("pickle.unknown-global", "Unknown", Severity.MEDIUM, Location("m/b.pkl"), "odd `x`")
    cases = [
        (_report(findings=[evil], scanned=["m/a.pkl"], errors=[ScanError("m/c.pt", "I/O error")]), "Unsafe",
         "1 critical finding(s) in 1 of 1 scanned file(s): do not load the flagged files until they are "
         "reviewed; 1 file(s) could not be read."),
        (_report(scanned=["m/a.pkl"], errors=[ScanError("m/c.pt", "I/O error")]), "Incomplete",
         "1 file(s) could not be read: this is not a clean result."),
        (_report(), "Nothing scanned", "No recognised model file was found."),
        (_report(findings=[odd], scanned=["m/b.pkl"]), "Review",
         "No high or critical findings in 1 scanned file(s); 1 medium finding(s) to review."),
        (_report(scanned=["m/b.pkl"], skipped=[Skipped("m/r.md", "not a model file")],
                 suppressed=[(evil, "vetted, SEC-1")]), "Clean",
         "No findings at medium or above in 1 scanned file(s)."),
    ]
    for report, label, sentence in cases:
        markdown = render(report, "markdown")
        assert _tree(_gfm(markdown)).data["strong"][0].endswith(f" {label}:"), markdown
        assert sentence in "".join(_tree(_gfm(markdown)).prose)
        assert render(report, "markdown") == markdown
        github = render(report, "github")
        assert github.startswith(f"::notice title=aiwarden scan::{label}: ")
        html = _tree(render(report, "html"))
        assert html.data["strong"] == [label] and sentence in "".join(html.data["div"])
    errors = render(cases[1][0], "github").splitlines()
    assert errors[1] == "::error file=m/c.pt,title=aiwarden%3A file not read::I/O error (not read, so not cleared)"
    assert render(cases[2][0], "github").splitlines()[1].startswith("::warning title=aiwarden scan::nothing was")
    clean_md = render(cases[4][0], "markdown")
    assert "Skipped (1)" in clean_md and "Suppressed by configuration (1)" in clean_md and "`vetted, SEC-1`" in clean_md
    clean_html = _tree(render(cases[4][0], "html"))
    assert "Skipped: not a recognised model file (1)" in clean_html.data["h2"]
    assert "vetted, SEC-1" in "".join(clean_html.data["li"])


def test_readme_lists_every_format_and_shows_the_screenshots() -> None:
    from aiwarden.report import FORMATS

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"[--format {'|'.join(FORMATS)}]" in readme
    for image in ("docs/images/report-html.png", "docs/images/report-markdown.png"):
        assert f"]({image})" in readme and (Path(__file__).parents[2] / image).stat().st_size > 10_000


def test_report_verdict_follows_the_gate() -> None:
    from aiwarden.core.findings import Severity
    from aiwarden.report import render
    from aiwarden.scan.engine import scan_paths

    report = scan_paths([str(DEMO / "unsafe-lambda-layer.keras")])  # one high finding
    assert max(f.severity for f in report.findings) == Severity.HIGH
    for fmt in ("markdown", "github", "html"):
        assert "do not load the flagged files" in render(report, fmt, fail_on=Severity.HIGH)
        gated_higher = render(report, fmt, fail_on=Severity.CRITICAL)
        assert "do not load" not in gated_higher and "below it to review" in gated_higher
