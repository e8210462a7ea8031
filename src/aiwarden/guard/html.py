"""Active HTML and JavaScript in model output (OWASP LLM05 improper output handling, CWE-79).

``detect`` reports what would execute if the answer were rendered as HTML; ``sanitize`` returns the answer
cleaned with nh3 (ammonia) against a small allowlist fit for chat rendering. Markup inside fenced or inline
code is still reported, at LOW, since a markdown renderer shows it as text but a raw HTML sink would not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

import nh3

from aiwarden.core.findings import Severity
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "html"
TAGS: Final = ("LLM05:2025", "CWE-79")


@dataclass(frozen=True, slots=True)
class _Rule:
    rule_id: str
    pattern: re.Pattern[str]
    message: str
    severity: Severity
    score: float
    anchors: tuple[str, ...] = ()  # cheap pre-check: one must occur in the lower-cased text; () means always run
    precheck: re.Pattern[str] | None = None  # or a pre-check regex that re can scan for quickly


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Letters of "javascript"/"vbscript" may be split by whitespace or control characters (browsers strip them).
_SPLIT: Final = r"[\s\x00-\x1f]{0,4}"
_JS_SCHEME: Final = _SPLIT.join("javascript") + _SPLIT + ":"
_VB_SCHEME: Final = _SPLIT.join("vbscript") + _SPLIT + ":"
# Not after a letter or digit (or after a literal "\x0B"-style escape), then either scheme. The first letter is
# matched in both cases before the look-behinds (case-blind j and v match only those two), so re skips ahead to
# the next j or v instead of trying the look-behinds at every character; each look-behind includes that letter.
_SCHEME_URL: Final = re.compile(
    r"[jJvV](?:(?<!(?i:[a-z0-9])[jJvV])|(?<=(?i:\\x[0-9a-f]{2})[jJvV]))"
    r"(?i:(?<=[jJ])" + _JS_SCHEME[1:] + r"|(?<=[vV])" + _VB_SCHEME[1:] + r")(?=\S)")

_RULES: Final[tuple[_Rule, ...]] = (
    _Rule("html.script-tag", _ci(r"<\s{0,4}script\b[^>]{0,2000}>?"), "<script> element", Severity.CRITICAL, 0.97),
    # "javascript:" followed by a non-space: a URL, not the prose heading "JavaScript: the good parts".
    # Also after a literal "\x0B"-style escape, which model output uses to spell a control character.
    _Rule("html.javascript-url", _SCHEME_URL,
          "javascript: URL", Severity.HIGH, 0.9,
          precheck=re.compile(r"[tT][\s\x00-\x1f]{0,4}:")),  # however it is split, the scheme ends "t:"
    _Rule("html.data-url", _ci(r"\bdata:\s{0,4}(?:text/html|image/svg\+xml|text/javascript|application/"
                               r"(?:x-)?javascript|application/xhtml\+xml)[;,]"),
          "data: URL carrying active content", Severity.HIGH, 0.9, ("data:",)),
    _Rule("html.iframe", _ci(r"<\s{0,4}i?frame(?:set)?\b[^>]{0,2000}>?"), "<iframe> element", Severity.HIGH, 0.9),
    _Rule("html.object", _ci(r"<\s{0,4}(?:object|applet)\b[^>]{0,2000}>?"), "<object> element", Severity.HIGH, 0.9),
    _Rule("html.embed", _ci(r"<\s{0,4}embed\b[^>]{0,2000}>?"), "<embed> element", Severity.HIGH, 0.9),
    _Rule("html.form", _ci(r"<\s{0,4}form\b[^>]{0,2000}>?|\bformaction\s{0,4}="), "<form> element (phishing, CSRF)",
          Severity.MEDIUM, 0.75, ("form",)),
    _Rule("html.srcdoc", _ci(r"\bsrcdoc\s{0,4}="), "srcdoc attribute", Severity.HIGH, 0.9, ("srcdoc",)),
    _Rule("html.meta-refresh", _ci(r"<\s{0,4}meta\b[^>]{0,500}http-equiv\s{0,4}=\s{0,4}[\"']?refresh"),
          "<meta http-equiv=refresh> redirect", Severity.HIGH, 0.85),
    _Rule("html.base-tag", _ci(r"<\s{0,4}base\b[^>]{0,500}\bhref\s{0,4}="), "<base href> hijacks relative URLs",
          Severity.MEDIUM, 0.75),
    # CSS expression() (old IE) needs a property colon just before it, optionally padded with escapes, so the
    # prose "regular expression (regex)" does not match.
    _Rule("html.css-expression", _ci(r":\s{0,4}(?:\\x[0-9a-f]{2}|\\[0-9a-f]{1,6}|[^\w\s;{}<>:]){0,12}"
                                     r"(?<![a-z])expression\s{0,4}\("),
          "CSS expression()", Severity.HIGH, 0.85),
    _Rule("html.css-expression", _ci(r"-moz-binding\s{0,4}:|\bbehavior\s{0,4}:\s{0,4}url\s{0,4}\("),
          "CSS binding/behavior", Severity.HIGH, 0.85, ("binding", "behavior")),
    # A numeric reference for ":" or a letter inside a URL hides a scheme from naive filters (&#58; &#x6A;).
    _Rule("html.entity-obfuscation", _ci(r"&#(?:0{0,6}58|x0{0,6}3a);?|&#(?:0{0,6}1[01][0-9]|x0{0,6}[67][0-9a-f]);"),
          "HTML numeric entity obfuscation", Severity.MEDIUM, 0.7),
)

# Event handlers: "on" + a real DOM event name, then "=". Checking the name against this list (rather than
# on[a-z]+) keeps code such as "online = True" or "onboarding=1" quiet.
# The leading "o" is matched in both cases outside the case-blind part (case-blind "o" matches only those two), so
# re skips ahead to the next o instead of trying the look-behind at every character.
_HANDLER: Final = re.compile(r"[oO](?<!(?i:[a-z_$.])[oO])(?i:n([a-z]{3,30})\s{0,4}=(?!=))")
_EVENTS: Final = frozenset(
    "abort afterprint animationend animationiteration animationstart auxclick beforecopy beforecut beforeinput "
    "beforepaste beforeprint beforeunload begin blur cancel canplay canplaythrough change click close contextmenu "
    "copy cuechange cut dblclick drag dragend dragenter dragleave dragover dragstart drop durationchange emptied "
    "end ended error focus focusin focusout formdata fullscreenchange hashchange input invalid keydown keypress "
    "keyup load loadeddata loadedmetadata loadend loadstart message mousedown mouseenter mouseleave mousemove "
    "mouseout mouseover mouseup mousewheel offline online pagehide pageshow paste pause play playing pointerdown "
    "pointerenter pointerleave pointermove pointerout pointerover pointerup popstate progress ratechange "
    "readystatechange repeat reset resize scroll scrollend search securitypolicyviolation seeked seeking select "
    "selectionchange selectstart show stalled storage submit suspend timeupdate toggle touchcancel touchend "
    "touchmove touchstart transitioncancel transitionend transitionrun transitionstart unhandledrejection unload "
    "volumechange waiting wheel".split()
)
_HANDLER_RULE: Final = _Rule("html.event-handler", _HANDLER, "inline event handler", Severity.HIGH, 0.9)
_FENCE: Final = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.M)
_INLINE_CODE: Final = re.compile(r"`[^`\n]{1,2000}`")

# Tags a chat UI needs to render formatted answers. No <img> (zero-click exfiltration, see exfil.py), no
# <div>/<span> (overlay and clickjacking with style), no forms, frames or media.
SANITIZE_TAGS: Final = frozenset({
    "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
SANITIZE_ATTRIBUTES: Final = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}, "ol": {"start"}}
SANITIZE_SCHEMES: Final = frozenset({"http", "https", "mailto"})


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find markup and URLs in ``text`` that would run script or load active content if rendered as HTML."""
    del context
    lower = text.lower()
    hits = [(rule, m.start(), m.end()) for rule in _RULES if _worth_running(rule, text, lower)
            for m in rule.pattern.finditer(text)]
    if "=" in text:
        hits += [(_HANDLER_RULE, m.start(), m.end()) for m in _HANDLER.finditer(text) if m.group(1).lower() in _EVENTS]
    if not hits:
        return []
    code = _code_ranges(text)
    unique = sorted({(start, end, rule.rule_id): rule for rule, start, end in hits}.items(), key=lambda kv: kv[0])
    return [_finding(rule, start, end, text, code) for (start, end, _), rule in unique]


def _worth_running(rule: _Rule, text: str, lower: str) -> bool:
    if rule.precheck is not None:
        return rule.precheck.search(text) is not None
    return not rule.anchors or any(a in lower for a in rule.anchors)


def sanitize(text: str) -> str:
    """``text`` with every tag, attribute and URL scheme outside the chat allowlist removed (nh3/ammonia)."""
    return nh3.clean(
        text,
        tags=set(SANITIZE_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in SANITIZE_ATTRIBUTES.items()},
        url_schemes=set(SANITIZE_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _finding(rule: _Rule, start: int, end: int, text: str, code: list[tuple[int, int]]) -> GuardFinding:
    in_code = _inside(code, start)
    evidence = text[start:end]
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule.rule_id,
        severity=Severity.LOW if in_code else rule.severity,
        message=rule.message + (" inside a code block" if in_code else " in output"),
        span=(start, end),
        evidence=evidence if len(evidence) <= 120 else evidence[:120] + "…",
        score=rule.score * (0.4 if in_code else 1.0),
        tags=TAGS,
    )


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted spans of fenced code blocks (an unclosed fence runs to the end) and of inline code outside them."""
    fenced = _fenced_blocks(text)
    inline = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text) if not _inside(fenced, m.start())]
    return sorted(fenced + inline)


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    fences = list(_FENCE.finditer(text))
    i = 0
    while i < len(fences):
        opener, j = fences[i], i + 1
        while j < len(fences) and not _closes(opener.group(1), fences[j].group(1)):
            j += 1
        ranges.append((opener.start(), fences[j].end() if j < len(fences) else len(text)))
        i = j + 1
    return ranges


def _closes(opener: str, fence: str) -> bool:
    """CommonMark: a closing fence uses the same character and is at least as long."""
    return fence[0] == opener[0] and len(fence) >= len(opener)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]
