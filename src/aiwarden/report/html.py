"""One self-contained HTML page: inline CSS, no script, no external resource, a strict Content-Security-Policy.

Two layers. ``Document`` is generic (a title, a verdict, facts, sections of items with a severity, a
location, a message, evidence and tags, and lists of notes) and ``render_html`` draws it, grouped by
severity and then by section; ``scan_document`` maps a scan Report onto it. The red-team runner maps its
results onto the same Document (a section per target or probe family, an item per failed probe).

Plain string building with ``html.escape`` rather than a template engine, deliberately: the page has a
fixed shape, so a template buys nothing, and every interpolation of a value goes through one function,
``_e``, which escapes ``& < > " '`` and escapes controls and line breaks (``\\xNN``) where one line is
expected; evidence keeps its line breaks inside ``<pre>``. jinja2's sandbox protects against untrusted
*templates*, which we do not have; the threat here is untrusted *data*, and ``html.escape`` at every
interpolation handles it with nothing to configure (autoescape can be switched off per expression with
``|safe``; here there is no such switch). The style sheet is pinned in the CSP by its SHA-256, so even
injected markup could not add styles, scripts, images, frames or forms.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiwarden import __version__
from aiwarden.core.findings import Report, Severity
from aiwarden.report import summary


@dataclass(frozen=True, slots=True)
class Item:
    """One result: a finding, a failed probe. ``location`` is where inside its section (a member, an offset)."""

    severity: Severity
    title: str
    rule_id: str
    message: str
    location: str = ""
    evidence: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """Items about one thing: a file, a target."""

    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Note:
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    verdict: summary.Verdict
    facts: tuple[tuple[str, str], ...] = ()
    sections: tuple[Section, ...] = ()
    # Lists after the findings, e.g. ("Errors", ...), ("Skipped", ...); ``open`` lists are expanded.
    notes: tuple[tuple[str, tuple[Note, ...], bool], ...] = ()


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;
--critical:#a40e26;--high:#bc4c00;--medium:#9a6700;--low:#0969da;--info:#59636e;
--fail:#cf222e;--warn:#9a6700;--pass:#1a7f37}
*{box-sizing:border-box}
body{margin:0;background:var(--soft);color:var(--fg);
font:15px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:28px 32px 48px;background:var(--bg);min-height:100vh}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
.verdict{margin:16px 0;padding:12px 16px;border-radius:8px;border:1px solid;font-size:16px}
.verdict strong{font-size:18px;margin-right:8px}
.v-fail{border-color:var(--fail);background:#ffebe9}.v-fail strong{color:var(--fail)}
.v-warn{border-color:var(--warn);background:#fff8c5}.v-warn strong{color:var(--warn)}
.v-pass{border-color:var(--pass);background:#dafbe1}.v-pass strong{color:var(--pass)}
.counts{display:flex;gap:10px;margin:16px 0;flex-wrap:wrap}
.count{flex:1;min-width:110px;border:1px solid var(--line);border-top:4px solid;border-radius:8px;padding:8px 12px}
.count b{display:block;font-size:26px;line-height:1.2}
.count span{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.c-critical{border-top-color:var(--critical)}.c-high{border-top-color:var(--high)}
.c-medium{border-top-color:var(--medium)}.c-low{border-top-color:var(--low)}.c-info{border-top-color:var(--info)}
.zero b{color:var(--muted);font-weight:400}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0;color:var(--muted);
font-size:13px}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
details.section{border:1px solid var(--line);border-radius:8px;margin:10px 0}
details.section>summary{padding:8px 12px;background:var(--soft);border-radius:8px 8px 0 0;cursor:pointer;
overflow-wrap:anywhere}
.item{padding:10px 14px;border-top:1px solid var(--line)}
.item h3{font-size:15px;margin:0 0 4px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.badge{display:inline-block;border-radius:12px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;
text-transform:uppercase;letter-spacing:.03em}
.b-critical{background:var(--critical)}.b-high{background:var(--high)}.b-medium{background:var(--medium)}
.b-low{background:var(--low)}.b-info{background:var(--info)}
.rule{color:var(--muted);font-weight:400}
.where{color:var(--muted);font-size:13px;margin:0 0 4px;overflow-wrap:anywhere}
.message{margin:4px 0;overflow-wrap:anywhere}
.label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin-top:6px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:2px 0 6px;
white-space:pre-wrap;overflow-wrap:anywhere}
.tags{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 2px;padding:0;list-style:none}
.tags li{border:1px solid var(--line);border-radius:12px;padding:0 8px;font-size:12px;background:var(--bg)}
.tags li b{font-weight:600;margin-right:4px}
ul.notes{margin:6px 0;padding-left:20px;overflow-wrap:anywhere}
footer{margin-top:36px;color:var(--muted);font-size:12px}
@media print{body{background:#fff}main{padding:0}details.section{break-inside:avoid}}
""".strip()

# The only style allowed: this sheet, by hash. Nothing else may load or run (no script, image, font, frame,
# form or base URL). frame-ancestors is not available in a <meta> policy; the page embeds nothing itself.
_CSP = ("default-src 'none'; style-src 'sha256-"
        + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
        + "'; img-src 'none'; base-uri 'none'; form-action 'none'")


def _e(value: str) -> str:
    """An untrusted string for HTML text or a quoted attribute, on one line."""
    return html.escape(summary.line(value), quote=True)


def _sev(severity: Severity) -> str:
    return str(severity)


def _tags(tags: tuple[str, ...]) -> str:
    if not tags:
        return ""
    cells = []
    for tag in tags:
        label = summary.tag_label(tag)
        cells.append(f'<li title="{_e(summary.tag_family(tag) + (": " + label if label else ""))}">'
                     f"<b>{_e(tag)}</b>{_e(label)}</li>")
    return f'<ul class="tags">{"".join(cells)}</ul>'


def _item(item: Item) -> str:
    parts = [f'<div class="item"><h3><span class="badge b-{_sev(item.severity)}">{_e(_sev(item.severity))}</span>'
             f'{_e(item.title)} <code class="rule">{_e(item.rule_id)}</code></h3>']
    if item.location:
        parts.append(f'<p class="where">{_e(item.location)}</p>')
    parts.append(f'<p class="message">{_e(item.message)}</p>')
    if item.evidence:
        evidence = html.escape(summary.block(item.evidence), quote=True)  # line breaks kept, controls escaped
        parts.append(f'<div class="label">Evidence</div><pre>{evidence}</pre>')
    parts.append(_tags(item.tags))
    parts.append("</div>")
    return "".join(parts)


def _counts(items: Iterable[Item]) -> dict[Severity, int]:
    found = [i.severity for i in items]
    return {s: found.count(s) for s in summary.SEVERITIES}


def render_html(doc: Document) -> str:
    items = [item for section in doc.sections for item in section.items]
    n = _counts(items)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_CSP, quote=True)}">',
           '<meta name="referrer" content="no-referrer">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(doc.title)}</title><style>{CSS}</style></head>",
           "<body><main>", f"<h1>{_e(doc.title)}</h1>"]
    out.append(f'<div class="verdict v-{_e(doc.verdict.level)}"><strong>{_e(doc.verdict.label)}</strong>'
               f"{_e(doc.verdict.sentence)}</div>")
    out.append('<div class="counts">' + "".join(
        f'<div class="count c-{_sev(s)}{" zero" if not n[s] else ""}"><b>{n[s]}</b><span>{_e(_sev(s))}</span></div>'
        for s in summary.SEVERITIES) + "</div>")
    if doc.facts:
        out.append('<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in doc.facts)
                   + "</dl>")
    for severity in summary.SEVERITIES:
        if not n[severity]:
            continue
        out.append(f'<section id="{_sev(severity)}"><h2>{_e(_sev(severity).capitalize())} ({n[severity]})</h2>')
        for section in doc.sections:
            mine = [i for i in section.items if i.severity == severity]
            if mine:
                out.append(f'<details class="section" open><summary><span class="mono">{_e(section.name)}</span>'
                           f" &middot; {len(mine)} finding(s)</summary>")
                out.extend(_item(i) for i in mine)
                out.append("</details>")
        out.append("</section>")
    for heading, notes, expanded in doc.notes:
        if not notes:
            continue
        rows = "".join(f'<li><span class="mono">{_e(note.name)}</span>: {_e(note.text)}</li>' for note in notes)
        listing = f'<ul class="notes">{rows}</ul>'
        if not expanded:
            listing = f"<details><summary>Show {len(notes)}</summary>{listing}</details>"
        out.append(f"<section><h2>{_e(heading)} ({len(notes)})</h2>{listing}</section>")
    out.append(f"<footer>{_e(doc.title)} &middot; no scripts, no external resources</footer>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _generated() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


def _targets(targets: list[str], shown: int = 20) -> str:
    names = [summary.name(t) for t in sorted(targets)]
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more if names else "-"


def scan_document(report: Report, *, generated: str | None = None, fail_on: Severity = Severity.HIGH) -> Document:
    """A scan Report as a Document: a section per file, an item per finding, notes for errors and skips."""
    files: dict[str, list[Item]] = {}
    for f in summary.ordered(report.findings):
        files.setdefault(f.location.path, []).append(Item(
            severity=f.severity, title=f.title, rule_id=f.rule_id, message=f.message,
            location=summary.place(f.location), evidence=f.evidence, tags=f.tags))
    sections = tuple(Section(summary.name(path), tuple(items)) for path, items in sorted(files.items()))
    seconds = report.timings.get("total_seconds")
    facts = [("Scanned", summary.totals_line(report)),
             ("Targets", _targets(report.targets)),
             ("Tool", f"{report.tool_name} {report.tool_version or __version__}"),
             ("Generated", generated or _generated())]
    if seconds is not None:
        facts.append(("Duration", f"{seconds:.2f}s"))
    notes = (
        ("Errors: not read, so not cleared",
         tuple(Note(summary.name(e.path), e.message) for e in sorted(report.errors, key=lambda e: e.path)), True),
        ("Skipped: not a recognised model file",
         tuple(Note(summary.name(s.path), s.reason) for s in sorted(report.skipped, key=lambda s: s.path)), False),
        ("Suppressed by configuration",
         tuple(Note(f"{f.rule_id} in {summary.name(f.location.path)} ({summary.place(f.location)})", why)
               for f, why in sorted(report.suppressed, key=lambda p: (p[0].location.path, p[0].rule_id))), False),
    )
    return Document(title="aiwarden scan report", verdict=summary.verdict(report, fail_on), facts=tuple(facts),
                    sections=sections, notes=notes)


def render_scan_html(report: Report, *, fail_on: Severity = Severity.HIGH) -> str:
    return render_html(scan_document(report, fail_on=fail_on))
