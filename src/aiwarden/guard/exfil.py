"""Data exfiltration through URLs in model output.

A markdown or HTML image is fetched by the client as soon as the answer renders, so an image whose URL points
off-site and carries conversation data leaks it with zero clicks (the Bing Chat / ChatGPT / EchoLeak class).
Links need a click and bare URLs need a UI that linkifies them, so they rank lower. ``exfil_channels`` finds
every URL the answer renders (markdown, HTML, SVG, CSS, meta refresh) and ``exfil_risk`` scores what each one
carries; this module turns the two into findings:

===========  ============  ============  ==============  ==============
carries      image         link          bare URL        (on an allowed host: one step lower; on a
===========  ============  ============  ==============  well-known service such as a search engine,
LEAK         critical      critical      high            a map, an avatar or a diagram renderer: medium
STRONG       critical      high          high            for LEAK, nothing otherwise; in a code span,
PAYLOAD      critical      high          high            which renders as text: at most low, medium
NOTE         medium        low           low             for LEAK)
nothing      medium        low*          low*            * only where ``allowed_hosts`` is configured
===========  ============  ============  ==============  ==============

High and critical block the answer. Many images (or links) to one host that differ by one or two characters
spell data one character per request; they are reported together as a sequence. URLs inside a URL
(redirect targets, proxied images) are judged as if fetched directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

from aiwarden.core.findings import Severity
from aiwarden.guard.exfil_channels import RenderedUrl, rendered_urls
from aiwarden.guard.exfil_conversation import Conversation, conversation
from aiwarden.guard.exfil_risk import Assessment, assess, joined_signal
from aiwarden.guard.exfil_sequences import data_like, spell
from aiwarden.guard.exfil_signals import Signal, Strength
from aiwarden.guard.exfil_url_parts import carried_values, registrable_domain
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "exfiltration"
# AML.T0077 "LLM Response Rendering" is ATLAS's technique for exactly this channel; AML.T0057 is the leak itself.
TAGS: Final = ("LLM02:2025", "LLM05:2025", "AML.T0077", "AML.T0057", "CWE-201")
_MAX_URL: Final = 4096  # the longest URL the channel patterns capture whole
_MAX_NESTED: Final = 2
_MIN_JOINED: Final = 2  # requests whose values are read together

_SEVERITY: Final = {
    "image": {Strength.LEAK: Severity.CRITICAL, Strength.STRONG: Severity.CRITICAL,
              Strength.PAYLOAD: Severity.CRITICAL, Strength.NOTE: Severity.MEDIUM},
    "link": {Strength.LEAK: Severity.CRITICAL, Strength.STRONG: Severity.HIGH,
             Strength.PAYLOAD: Severity.HIGH, Strength.NOTE: Severity.LOW},
    "url": {Strength.LEAK: Severity.HIGH, Strength.STRONG: Severity.HIGH,
            Strength.PAYLOAD: Severity.HIGH, Strength.NOTE: Severity.LOW},
}
_SCORE: Final = {Severity.CRITICAL: 0.95, Severity.HIGH: 0.85, Severity.MEDIUM: 0.6, Severity.LOW: 0.3}
_NOUN: Final = {"image": "image (fetched on render, zero-click)", "link": "link", "url": "URL"}


@dataclass(frozen=True, slots=True)
class _Judged:
    url: RenderedUrl
    host: str
    external: bool
    well_known: bool


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find images, links and URLs in ``text`` that send data off-site or point outside the allowlist."""
    urls = rendered_urls(text)
    if not urls:
        return []
    allowed = _normalise_hosts(context.allowed_hosts)
    conv = conversation(context)
    findings: list[GuardFinding] = []
    judged: list[_Judged] = []
    for url in urls:
        finding, seen = _judge(url, allowed, conv)
        if seen is not None:
            judged.append(seen)
        if finding is not None:
            findings.append(finding)
    sequences = list(_sequences(judged, conv))
    spelled = {(u.start, u.end) for members, _ in sequences for u in members}
    # a joined reading adds nothing where one character per request already spelled the same requests
    sequences += [j for j in _joined(judged, conv) if not {(u.start, u.end) for u in j[0]} <= spelled]
    for sequence in sequences:
        members = {(u.start, u.end) for u in sequence[0]}
        findings = [f for f in findings if f.span not in members or f.severity >= sequence[1].severity]
        findings.append(sequence[1])
    return sorted(findings, key=lambda f: f.span or (0, 0))


def _judge(url: RenderedUrl, allowed: tuple[str, ...], conv: Conversation) -> tuple[GuardFinding | None,
                                                                                    _Judged | None]:
    """The finding for ``url`` (the worst of it and the URLs it carries) and how its host stands."""
    worst: tuple[Severity, str, Assessment, bool] | None = None
    first: _Judged | None = None
    queue, depth = [url.url], 0
    while queue and depth <= _MAX_NESTED:
        target = queue.pop(0)
        assessment = assess(target, url.autoload, conv)
        if assessment is None:
            depth += 1
            continue
        external = not _host_allowed(assessment.host, allowed)
        if first is None:
            first = _Judged(url, assessment.host, external, assessment.well_known)
        signals = list(assessment.signals)
        if len(target) >= _MAX_URL:  # the patterns stop here: the rest (the query, say) was never looked at
            signals.append(Signal(Strength.PAYLOAD, f"over {_MAX_URL:,} characters, too long to inspect whole"))
        judged = Assessment(assessment.host, assessment.well_known, tuple(signals), assessment.nested)
        rated = _rate(url, judged, external, bool(allowed))
        if rated is not None and (worst is None or rated[0] > worst[0]):
            worst = (rated[0], rated[1], judged, external)
        queue += list(assessment.nested)
        depth += 1
    if worst is None:
        return None, first
    severity, rule_id, assessment, external = worst
    return _finding(url, rule_id, severity, assessment, external), first


def _rate(url: RenderedUrl, assessment: Assessment, external: bool, has_allowlist: bool
          ) -> tuple[Severity, str] | None:
    kind = url.kind
    strength = assessment.strength
    if strength is None:
        if external and not assessment.well_known and not url.in_code and (kind == "image" or has_allowlist):
            return (Severity.MEDIUM if kind == "image" else Severity.LOW), f"exfil.{kind}-external"
        return None
    if assessment.well_known or not external:
        if strength < Strength.LEAK:
            return None
        severity = Severity.MEDIUM if assessment.well_known else _SEVERITY[kind][Strength.STRONG]
        severity = min(severity, _SEVERITY[kind][Strength.LEAK])
    else:
        severity = _SEVERITY[kind][strength]
    if url.in_code:
        severity = min(severity, Severity.MEDIUM if strength == Strength.LEAK else Severity.LOW)
    rule = "data" if strength >= Strength.PAYLOAD else "unusual"
    return severity, f"exfil.{kind}-{rule}"


def _finding(url: RenderedUrl, rule_id: str, severity: Severity, assessment: Assessment,
             external: bool) -> GuardFinding:
    where = f"external host {assessment.host}" if external else f"allowed host {assessment.host}"
    reasons = assessment.reasons()
    message = f"{_NOUN[url.kind]} to {where}" + (f" carrying data: {'; '.join(reasons)}" if reasons else "")
    if url.in_code:
        message += " (inside code, shown as text)"
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule_id,
        severity=severity,
        message=message,
        span=(url.start, url.end),
        evidence=url.url if len(url.url) <= 120 else url.url[:120] + "…",
        score=_SCORE.get(severity, 0.3),
        tags=TAGS,
    )


# --- one character per request ------------------------------------------------------------------------------------


def _sequences(judged: list[_Judged], conv: Conversation) -> Iterator[tuple[list[RenderedUrl], GuardFinding]]:
    """Requests to one site whose URLs differ only in a few characters (and a counter), those spelling data."""
    groups: dict[tuple[str, str], list[RenderedUrl]] = defaultdict(list)
    for item in judged:
        if item.external and not item.well_known and not item.url.in_code:
            # by site, not host: one label per request (a.evil.test, b.evil.test) spells data through DNS
            groups[(registrable_domain(item.host), "image" if item.url.autoload else "link")].append(item.url)
    for (host, kind), urls in groups.items():
        readings = spell([u.url for u in urls])
        if not readings:
            continue
        # the conversation's own data outranks any shape; without it, the best reading must look like data
        spelled, leak = next(((s, found) for s in readings if (found := conv.leak([s.text]))), (readings[0], None))
        if leak is None and not data_like(spelled):
            continue
        members = [urls[i] for i in spelled.members]
        if leak is None and kind == "link" and not spelled.ordered and not any(c.isalpha() for c in spelled.text):
            continue
        strength = Strength.LEAK if leak else Strength.STRONG
        severity = _SEVERITY[kind][strength]
        order = " in the order their counter gives" if spelled.ordered else ""
        reason = leak or f"{len(members)} requests spell {spelled.text[:40]!r} a few characters at a time{order}"
        start, end = min(u.start for u in members), max(u.end for u in members)
        noun = "images (fetched on render, zero-click)" if kind == "image" else "links"
        yield members, GuardFinding(
            detector=DETECTOR, rule_id=f"exfil.{kind}-sequence", severity=severity,
            message=f"{len(members)} {noun} to external host {host} carrying data: {reason}",
            span=(start, end), evidence=", ".join(u.url for u in members[:3])[:120] + "…",
            score=_SCORE[severity], tags=TAGS)


# --- a value split across requests -----------------------------------------------------------------------------


def _joined(judged: list[_Judged], conv: Conversation) -> Iterator[tuple[list[RenderedUrl], GuardFinding]]:
    """Requests to one site whose carried values, joined in the answer's order, spell the conversation's data
    or a credential: ``?c=sk-pro``, ``?c=j-Qm7T``, ... Each piece alone is too short to read as anything."""
    groups: dict[tuple[str, str], list[_Judged]] = defaultdict(list)
    for item in judged:
        if item.external and not item.url.in_code:
            groups[(registrable_domain(item.host), item.url.kind)].append(item)
    for (site, kind), items in groups.items():
        if len(items) < _MIN_JOINED:
            continue
        urls = [i.url for i in items]
        signal = joined_signal([v for u in urls for v in carried_values(u.url)], conv)
        if signal is None or (any(i.well_known for i in items) and signal.strength < Strength.LEAK):
            continue
        severity = _SEVERITY[kind][signal.strength]
        noun = "images (fetched on render, zero-click)" if kind == "image" else "links"
        yield urls, GuardFinding(
            detector=DETECTOR, rule_id=f"exfil.{kind}-sequence", severity=severity,
            message=f"{len(urls)} {noun} to external host {site} carrying data: their values {signal.reason}",
            span=(min(u.start for u in urls), max(u.end for u in urls)),
            evidence=", ".join(u.url for u in urls[:3])[:120] + "…", score=_SCORE[severity], tags=TAGS)


# --- allowlist ----------------------------------------------------------------------------------------------------


def _host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    return any(host == a or host.endswith("." + a) for a in allowed)


@lru_cache(maxsize=64)
def _normalise_hosts(hosts: tuple[str, ...]) -> tuple[str, ...]:
    """Accept "example.com", "*.example.com", "https://example.com/path" or "Example.COM." alike."""
    out = []
    for raw in hosts:
        host = raw.strip().lower()
        if "://" in host:
            host = urlsplit(host).hostname or ""
        host = host.removeprefix("*.").split("/")[0].split(":")[0].rstrip(".")
        if host:
            out.append(host)
    return tuple(out)
