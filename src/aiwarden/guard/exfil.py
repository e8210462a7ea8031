"""Data exfiltration through URLs in model output.

A markdown or HTML image is fetched by the client as soon as the answer renders, so an image whose URL points
off-site and carries conversation data leaks it with zero clicks (the Bing Chat / ChatGPT / EchoLeak class).
Links need a click and bare URLs need an unfurler, so they rank lower. A URL is judged on two axes: is its host
outside ``context.allowed_hosts`` (subdomains of an allowed host are allowed), and does it carry data
(long or encoded parameter values, or pieces of the system prompt, canaries or ``context.extra["secrets"]``).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import SplitResult, parse_qsl, unquote_plus, urlsplit

from aiwarden.core.findings import Severity
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "exfiltration"
# AML.T0077 "LLM Response Rendering" is ATLAS's technique for exactly this channel; AML.T0057 is the leak itself.
TAGS: Final = ("LLM02:2025", "LLM05:2025", "AML.T0077", "AML.T0057", "CWE-201")

# Inline markdown is found from its "](" and the label's "[" is located with rfind, so a line of "![![![..."
# with no "](" costs nothing and each "](" costs at most one bounded C-level scan.
_MD_LABEL_END: Final = re.compile(r"\]\(")
# A destination is <anything but angle brackets and newlines> (CommonMark lets it hold spaces) or a run of
# non-space characters.
_MD_DEST: Final = re.compile(
    r"\s{0,8}(?:<([^<>\n]{1,4096})>|([^\s)<>]{1,4096}))(?:\s{1,8}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s{0,8}\)?"
)
_MAX_LABEL: Final = 1000
_MD_REF_DEF: Final = re.compile(r"^[ ]{0,3}\[([^\]\n]{1,1000})\]:[ \t]{0,8}<?([^\s<>]{1,4096})>?", re.M)
# Attributes run to the first ">" outside quotes (alt=">" does not end the tag); each alternative starts with a
# different character, so the match is linear.
_MAX_TAG: Final = 4000
_HTML_TAG: Final = re.compile(
    r"<(img|image|video|audio|source|track|input|picture|a|area|link)\b"
    r"((?:[^>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}'){0,4000})>?", re.I)
_HTML_ATTR: Final = re.compile(
    r"""(?<![\w-])(src|href|poster|srcset|background|data-src)\s{0,4}=\s{0,4}(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""",
    re.I,
)
_AUTOLOAD_TAGS: Final = frozenset({"img", "image", "video", "audio", "source", "track", "input", "picture"})
_BARE_URL: Final = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'`()\[\]{}]{2,4096}", re.I)
_TRAILING_PUNCT: Final = ".,;:!?*_~"

_B64ISH: Final = re.compile(r"^[A-Za-z0-9+/_-]{12,}={0,2}$")
_HEXISH: Final = re.compile(r"^[0-9a-fA-F]{32,}$")
_WORDS: Final = re.compile(r"[a-z0-9]+")
_LONG_VALUE: Final = 48  # query values past this length are payloads, not ids or flags
_MAX_URL: Final = 4096  # the longest URL the patterns capture whole
# Stands for a URL in a tag too long to read: external, and over the length limit, so it is judged as data.
_UNINSPECTED: Final = "https://uninspected.invalid/" + "x" * _MAX_URL
_MIN_SECRET: Final = 4  # shorter "secrets" would match by accident
_NGRAM: Final = 4  # a run of four system-prompt words inside a URL is not a coincidence


@dataclass(frozen=True, slots=True)
class _Url:
    kind: str  # "image" (auto-loads), "link" (needs a click) or "url" (bare, may be unfurled)
    url: str
    start: int
    end: int


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find images, links and URLs in ``text`` that send data off-site or point outside the allowlist."""
    allowed = _normalise_hosts(context.allowed_hosts)
    sensitive = _sensitive_strings(context)
    grams = _prompt_grams(context.system_prompt or "")
    findings = []
    for candidate in _urls(text):
        finding = _assess(candidate, allowed, sensitive, grams)
        if finding is not None:
            findings.append(finding)
    return findings


# --- extraction ---------------------------------------------------------------------------------------------------


def _urls(text: str) -> list[_Url]:
    found = sorted([*_markdown_inline(text), *_markdown_refs(text), *_html_urls(text)], key=lambda u: u.start)
    bare = [u for u in _bare_urls(text) if not _covered(found, u)]
    return sorted(found + bare, key=lambda u: (u.start, u.end))


def _covered(found: list[_Url], url: _Url) -> bool:
    """Whether ``url`` lies inside an already extracted markdown/HTML span (``found`` is sorted by start)."""
    i = bisect.bisect_right(found, url.start, key=lambda u: u.start) - 1
    return i >= 0 and found[i].start <= url.start < found[i].end


def _markdown_inline(text: str) -> Iterator[_Url]:
    resume = 0
    for m in _MD_LABEL_END.finditer(text):
        opener = _label_start(text, m.start()) if m.start() >= resume else None
        dest = _MD_DEST.match(text, m.end()) if opener is not None else None
        if opener is None or dest is None:
            continue
        image = opener > 0 and text[opener - 1] == "!"
        start = opener - 1 if image else opener
        if start > 0 and text[start - 1] == "\\":  # escaped: rendered as literal text
            continue
        resume = dest.end()
        yield _Url("image" if image else "link", dest.group(1) or dest.group(2), start, dest.end())


def _label_start(text: str, close: int) -> int | None:
    """The "[" opening the label that ends at ``close``: same line, at most _MAX_LABEL characters, no "]"."""
    opener = text.rfind("[", max(0, close - _MAX_LABEL - 1), close)
    if opener == -1 or "\n" in text[opener:close] or "]" in text[opener + 1: close]:
        return None
    return opener


def _markdown_refs(text: str) -> Iterator[_Url]:
    """Reference-style definitions (``[ref]: url``); a definition used by ``![..][ref]`` is an image."""
    definitions = list(_MD_REF_DEF.finditer(text))
    image_labels = _image_labels(text) if definitions else set()
    for m in definitions:
        kind = "image" if _label(m.group(1)) in image_labels else "link"
        yield _Url(kind, m.group(2), m.start(), m.end())


def _image_labels(text: str) -> set[str]:
    """Labels that images refer to: ``![alt][label]``, ``![alt][]`` and ``![alt]`` (the latter two use alt)."""
    labels = set()
    pos = text.find("![")
    while pos != -1:
        alt = _bracketed(text, pos + 1)
        if alt is not None:
            ref = _bracketed(text, pos + 3 + len(alt)) if text.startswith("[", pos + 3 + len(alt)) else None
            labels.add(_label(ref or alt))
        pos = text.find("![", pos + 2)
    return labels


def _bracketed(text: str, opener: int) -> str | None:
    """The text between ``text[opener]`` ("[") and the next "]" on the same line, within _MAX_LABEL characters."""
    close = text.find("]", opener + 1, opener + 2 + _MAX_LABEL)
    if close == -1 or "\n" in text[opener:close]:
        return None
    return text[opener + 1: close]


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _html_urls(text: str) -> Iterator[_Url]:
    for tag in _HTML_TAG.finditer(text):
        kind = "image" if tag.group(1).lower() in _AUTOLOAD_TAGS else "link"
        if len(tag.group(2)) >= _MAX_TAG:  # attributes beyond the cap were never looked at
            yield _Url(kind, _UNINSPECTED, tag.start(), tag.end())
        for attr in _HTML_ATTR.finditer(tag.group(2)):
            value = html.unescape(attr.group(2) or attr.group(3) or attr.group(4) or "")
            urls = [part.split()[0] for part in value.split(",") if part.split()] if attr.group(1).lower() == "srcset" \
                else [value.strip()]
            for url in urls:
                yield _Url(kind, url, tag.start(), tag.end())


def _bare_urls(text: str) -> Iterator[_Url]:
    for m in _BARE_URL.finditer(text):
        url = m.group(0).rstrip(_TRAILING_PUNCT)
        if len(url) > 4:
            yield _Url("url", url, m.start(), m.start() + len(url))


# --- assessment ---------------------------------------------------------------------------------------------------


def _assess(candidate: _Url, allowed: tuple[str, ...], sensitive: tuple[str, ...],
            grams: frozenset[tuple[str, ...]]) -> GuardFinding | None:
    parts = _split(candidate.url)
    if parts is None or not parts.hostname:
        return None  # relative (same-origin) URL, javascript:/data:/mailto: (html.py's job) or unparseable
    host = parts.hostname.rstrip(".")
    external = not _host_allowed(host, allowed)
    leaked = _leaks(parts, sensitive, grams)
    reasons = (["contains system-prompt or conversation secrets"] if leaked else []) + _carrier_reasons(
        parts, candidate.kind)
    if len(candidate.url) >= _MAX_URL:  # the patterns stop here: the rest (the query, say) was never looked at
        reasons.append(f"over {_MAX_URL:,} characters, too long to inspect whole")
    if reasons and (external or leaked):
        severity = _data_severity(candidate.kind, external, leaked)
        return _finding(candidate, f"exfil.{candidate.kind}-data", severity, host, external, reasons)
    if external and (candidate.kind == "image" or allowed):
        severity = Severity.MEDIUM if candidate.kind == "image" else Severity.LOW
        return _finding(candidate, f"exfil.{candidate.kind}-external", severity, host, external, [])
    return None


_BASE_SEVERITY: Final = {"image": Severity.CRITICAL, "link": Severity.HIGH, "url": Severity.MEDIUM}


def _data_severity(kind: str, external: bool, leaked: bool) -> Severity:
    level = int(_BASE_SEVERITY[kind]) + (1 if leaked else 0) - (0 if external else 1)
    return Severity(max(int(Severity.LOW), min(int(Severity.CRITICAL), level)))


def _finding(candidate: _Url, rule_id: str, severity: Severity, host: str, external: bool,
             reasons: list[str]) -> GuardFinding:
    noun = {"image": "image (fetched on render, zero-click)", "link": "link", "url": "URL"}[candidate.kind]
    where = f"external host {host}" if external else f"allowed host {host}"
    message = f"{noun} to {where}" + (f" carrying data: {'; '.join(reasons)}" if reasons else "")
    score = {Severity.CRITICAL: 0.95, Severity.HIGH: 0.85, Severity.MEDIUM: 0.6}.get(severity, 0.3)
    url = candidate.url
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule_id,
        severity=severity,
        message=message,
        span=(candidate.start, candidate.end),
        evidence=url if len(url) <= 120 else url[:120] + "…",
        score=score,
        tags=TAGS,
    )


def _split(url: str) -> SplitResult | None:
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        parts = urlsplit(url)
        _ = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    return parts


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


# --- does the URL carry data? -------------------------------------------------------------------------------------


def _values(parts: SplitResult) -> list[str]:
    """Query values, ``key=value`` path segments, and a key-less query string taken whole."""
    values = [v for _, v in parse_qsl(parts.query, keep_blank_values=True)]
    if parts.query and "=" not in parts.query:
        values.append(unquote_plus(parts.query))
    values += [unquote_plus(seg.split("=", 1)[1]) for seg in parts.path.split("/") if "=" in seg]
    return values


def _carrier_reasons(parts: SplitResult, kind: str) -> list[str]:
    values = _values(parts)
    reasons = []
    if any(len(v) >= _LONG_VALUE or len(v.split()) >= 5 for v in values):
        reasons.append("long parameter value")
    # Image paths are payload too (/p/<base64>.png); link paths are left alone because document ids and commit
    # SHAs in ordinary links look just as random.
    segments = [s.rsplit(".", 1)[0] for s in parts.path.split("/")] if kind == "image" else []
    if any(_encoded(v) for v in [*values, *segments]):
        reasons.append("encoded (base64/hex) data")
    return reasons


def _encoded(value: str) -> bool:
    value = value.strip()
    if _HEXISH.match(value):
        return True
    if not _B64ISH.match(value):
        return False
    # Random-looking (all three classes, 20+ chars) or base64 that decodes to text ("hello world" is 16 chars).
    mixed = any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value)
    return (mixed and len(value) >= 20) or _b64_text(value) is not None


def _b64_text(value: str) -> str | None:
    padded = value.strip() + "=" * (-len(value.strip()) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return decoded if len(decoded) >= 6 and decoded.isprintable() else None


def _leaks(parts: SplitResult, sensitive: tuple[str, ...], grams: frozenset[tuple[str, ...]]) -> bool:
    haystack = _haystack(parts)
    squeezed = "".join(haystack.split())
    if any(s in haystack or "".join(s.split()) in squeezed for s in sensitive):
        return True
    return bool(grams) and not grams.isdisjoint(_ngrams(_WORDS.findall(haystack)))


def _haystack(parts: SplitResult) -> str:
    """Everything the URL sends, URL-decoded, plus the text inside any base64 parameter or path segment."""
    pieces = [unquote_plus(parts.path), *_values(parts)]
    for piece in [*_values(parts), *parts.path.split("/")]:
        decoded = _b64_text(piece.rsplit(".", 1)[0]) if _B64ISH.match(piece.rsplit(".", 1)[0]) else None
        if decoded:
            pieces.append(decoded)
    return " ".join(pieces).casefold()


def _sensitive_strings(context: OutputContext) -> tuple[str, ...]:
    raw = context.extra.get("secrets", [])
    items: Iterable[object] = raw if isinstance(raw, list | tuple | set | frozenset) else []
    strings = [s for s in (*items, *context.canaries) if isinstance(s, str) and len(s.strip()) >= _MIN_SECRET]
    return tuple(s.strip().casefold() for s in strings)


@lru_cache(maxsize=32)
def _prompt_grams(prompt: str) -> frozenset[tuple[str, ...]]:
    return frozenset(_ngrams(_WORDS.findall(prompt.casefold())))


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i: i + _NGRAM]) for i in range(len(words) - _NGRAM + 1)}
