"""report.html for a red-team run: what a security lead reads. The verdict, success per category, per OWASP
LLM 2025 / OWASP Agentic / ATLAS technique, a bar chart of success per probe family, and the worst examples
with prompt and answer. Same rules as every aiwarden page: one self-contained file, every value escaped, no
script, no external resource, the style sheet pinned by hash in the Content-Security-Policy; the chart is
inline SVG drawn with presentation attributes (inline styles would need 'unsafe-inline')."""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable

from aiwarden import __version__
from aiwarden.core.findings import Severity
from aiwarden.core.taxonomy import describe
from aiwarden.redteam import results
from aiwarden.redteam.runner import RunResult
from aiwarden.redteam.store import StoredAttempt
from aiwarden.report import html as page
from aiwarden.report import summary

_EXTRA_CSS = """
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.hit{color:var(--fail);font-weight:600}
svg.chart{width:100%;height:auto;margin:4px 0 16px}
svg.chart text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2328}
""".strip()
CSS = page.CSS + "\n" + _EXTRA_CSS
_CSP = ("default-src 'none'; style-src 'sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
        + "'; img-src 'none'; base-uri 'none'; form-action 'none'")
MAX_EXAMPLES = 25


def _e(value: object) -> str:
    return html.escape(summary.line(str(value)), quote=True)


def _rate(successes: int, attempts: int) -> str:
    return f"{successes / attempts:.0%}" if attempts else "-"


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """Cells arrive already escaped (some carry markup), the header does not."""
    out = ["<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(rows_cell for rows_cell in row) + "</tr>" for row in rows]
    out.append("</tbody></table>")
    return "".join(out)


def _n(value: int, *, hit: bool = False) -> str:
    return f'<td class="n{" hit" if hit and value else ""}">{value}</td>'


def _by_tag(attempts: list[StoredAttempt], prefix: str) -> list[tuple[str, int, int]]:
    counts: dict[str, list[int]] = {}
    for a in attempts:
        if a.state != "done":
            continue
        for tag in a.tags:
            if tag.startswith(prefix):
                c = counts.setdefault(tag, [0, 0])
                c[0] += 1
                c[1] += a.success
    return sorted(((t, n, s) for t, (n, s) in counts.items()), key=lambda x: (-x[2], x[0]))


def _chart(families: list[results.FamilyStats]) -> str:
    """Horizontal bars: success rate per family (red part) over its attempts."""
    rows = [f for f in families if f.attempts]
    if not rows:
        return ""
    label_w, bar_w, row_h = 330, 380, 20
    height = row_h * len(rows) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 90} {height}" role="img" '
             'aria-label="attack success rate per probe family" xmlns="http://www.w3.org/2000/svg">']
    for i, f in enumerate(rows):
        y = 5 + i * row_h
        width = round(bar_w * f.rate, 1)
        parts.append(f'<text x="0" y="{y + 14}">{_e(f.family[:44])}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#eaeef2"/>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="14" fill="#cf222e"/>'
                     f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{_e(f"{f.successes}/{f.attempts}")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _name(tag: str) -> str:
    """A tag's name; an ATLAS sub-technique is named with its technique ("LLM Prompt Injection: Direct")."""
    if tag.startswith("AML.") and tag.count(".") == 2:
        parent = describe(tag.rsplit(".", 1)[0])
        return f"{parent}: {describe(tag)}" if parent else describe(tag)
    return describe(tag)


def _tag_cell(tags: Iterable[str]) -> str:
    return "<td>" + ", ".join(f'<span title="{_e(_name(t))}">{_e(t)}</span>' for t in tags) + "</td>"


def render_report(result: RunResult, *, fail_on: Severity, generated: str | None = None) -> str:
    found = results.findings(result)
    done = [a for a in result.attempts if a.state == "done"]
    wins = sum(a.success for a in done)
    gate = [f for f in found if f.severity >= fail_on]
    if gate:
        verdict = summary.Verdict("FAIL", "fail", f" {len(gate)} categor{'y' if len(gate) == 1 else 'ies'} broken "
                                  f"at or above {fail_on}: {', '.join(str(f.location.member) for f in gate)}.")
    elif not result.complete:
        why = result.fatal or result.untested or f"{len(result.errors)} attempts ended in errors"
        verdict = summary.Verdict("INCOMPLETE", "warn", f" the run proves nothing yet ({why}): untested is not safe; "
                                  "fix the cause and run the same command again to resume.")
    elif found:
        verdict = summary.Verdict("REVIEW", "warn", f" attacks succeeded below the {fail_on} gate.")
    else:
        verdict = summary.Verdict("PASS", "pass", f" no attack succeeded in {len(done)} attempts.")
    title = "aiwarden red-team report"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_CSP, quote=True)}">',
           '<meta name="referrer" content="no-referrer">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>", f"<h1>{_e(title)}</h1>",
           f'<div class="verdict v-{verdict.level}"><strong>{_e(verdict.label)}</strong>{_e(verdict.sentence)}</div>']
    facts = [("Target", result.target), ("Attempts", f"{len(done)} judged, {wins} succeeded, "
                                         f"{len(result.attempts) - len(done)} errors"),
             ("Suites", ", ".join(result.settings.get("suites") or [])),
             ("Converters", ", ".join(result.settings.get("converters") or [])),
             ("Seed", str(result.settings.get("seed"))), ("Duration", f"{result.seconds:.1f}s"),
             ("Tool", f"aiwarden {__version__}"), ("Generated", generated or page._generated())]
    out.append('<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts) + "</dl>")

    doc = results.results_document(result)
    out.append("<h2>By category</h2>")
    out.append(_table(("Category", "Attempts", "Succeeded", "Rate", "OWASP / ATLAS"), (
        (f"<td>{_e(cat)}</td>", _n(c["attempts"]), _n(c["successes"], hit=True),
         f'<td class="n">{_rate(c["successes"], c["attempts"])}</td>', _tag_cell(c["tags"]))
        for cat, c in doc["categories"].items())))
    for heading, prefix in (("By OWASP Top 10 for LLM Applications 2025", "LLM"),
                            ("By OWASP Top 10 for Agentic Applications 2026", "ASI"),
                            ("By MITRE ATLAS technique", "AML.")):
        rows = _by_tag(result.attempts, prefix)
        if rows:
            out.append(f"<h2>{_e(heading)}</h2>")
            out.append(_table(("Id", "Name", "Attempts", "Succeeded", "Rate"), (
                (f"<td>{_e(t)}</td>", f"<td>{_e(_name(t))}</td>", _n(n), _n(s, hit=True),
                 f'<td class="n">{_rate(s, n)}</td>') for t, n, s in rows)))
    families = results.family_stats(result.attempts)
    out.append("<h2>Success rate per probe family</h2>")
    out.append(_chart(families))

    out.append(f"<h2>Findings ({len(found)})</h2>")
    if not found:
        out.append("<p>No attack succeeded.</p>")
    for f in found:
        out.append(page._item(page.Item(severity=f.severity, title=f.title, rule_id=f.rule_id, message=f.message,
                                        location=str(f.location.member), evidence=f.evidence, tags=f.tags)))
    examples = sorted((a for a in done if a.success),
                      key=lambda a: (-Severity.parse(a.severity), a.converter != "none", a.seq))
    shown: dict[str, int] = {}
    picked = []
    for a in examples:  # the worst example of each family first, then more, up to MAX_EXAMPLES
        if a.family not in shown:
            shown[a.family] = 1
            picked.append(a)
    picked = picked[:MAX_EXAMPLES]
    if picked:
        out.append(f"<h2>Worst examples ({len(picked)} of {len(examples)} successful attempts)</h2>")
        for a in picked:
            out.append(page._item(page.Item(severity=Severity.parse(a.severity), title=a.family,
                                            rule_id=a.probe_id, message=(a.verdict or {}).get("reason", ""),
                                            location=f"converter: {a.converter}", evidence=results.example_text(a),
                                            tags=a.tags)))
    if result.errors or result.fatal:
        out.append(f"<h2>Errors ({len(result.errors)})</h2><ul class=\"notes\">")
        if result.fatal:
            out.append(f"<li>run stopped: {_e(result.fatal)}</li>")
        out += [f'<li><span class="mono">{_e(a.probe_id)} [{_e(a.converter)}]</span>: {_e(a.error or "")}</li>'
                for a in result.errors[:200]]
        out.append("</ul>")
    out.append(f"<footer>{_e(title)} &middot; no scripts, no external resources</footer></main></body></html>")
    return "\n".join(out) + "\n"
