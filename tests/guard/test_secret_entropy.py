"""The randomness tests of key bodies: after a provider's literal prefix, nearly every uniform draw is a key."""

from __future__ import annotations

import random
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard.secret_entropy import (
    _COMMON_BIGRAMS,
    _COMMON_WORDS,
    has_words,
    looks_random,
    plausible_key_body,
    reads_as_english,
)

ALPHABETS = {
    "lower36": string.ascii_lowercase + string.digits,
    "upper36": string.ascii_uppercase + string.digits,
    "hex": "0123456789abcdef",
    "base62": string.ascii_letters + string.digits,
}


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
@pytest.mark.parametrize("length", [16, 26, 32, 40])
def test_uniform_draws_after_a_prefix_are_plausible_keys(alphabet: str, length: int) -> None:
    rng = random.Random(f"{alphabet}-{length}")
    draws = ["".join(rng.choice(ALPHABETS[alphabet]) for _ in range(length)) for _ in range(2000)]
    # at most 1 in 1,000: a draw whose symbols are so skewed (entropy half a bit under the 1st percentile) that a
    # sequence or run of that alphabet would look the same
    assert sum(not plausible_key_body(d) for d in draws) <= 2


def test_the_full_randomness_test_refuses_some_uniform_draws() -> None:
    """Why prefixed rules use the lighter test: looks_random trades recall for unlabelled precision."""
    rng = random.Random(7)
    draws = ["".join(rng.choice(ALPHABETS["lower36"]) for _ in range(26)) for _ in range(2000)]
    assert sum(not looks_random(d, min_length=8, labelled=True) for d in draws) > 10


@pytest.mark.parametrize("body", ["aaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababab",
                                  "mysecretpasswordgoeshere00", "short1"])
def test_runs_words_and_short_bodies_are_refused(body: str) -> None:
    assert not plausible_key_body(body)


def _has_words_run_by_run(token: str) -> bool:
    """has_words as a walk over each letter run and each slice of 5 to 11 letters of it."""
    for run in re.findall(r"[a-z]{5,}", token.lower()):
        for size in range(min(len(run), 11), 4, -1):
            if any(run[i:i + size] in _COMMON_WORDS for i in range(len(run) - size + 1)):
                return True
    return False


_WORD_PIECES = st.sampled_from(sorted(_COMMON_WORDS) + [w[:-1] for w in sorted(_COMMON_WORDS)] + [
    w.upper() for w in ("token", "secret", "config")] + ["_", "-", "0", "9", "K", "ſ", "ẞ", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_WORD_PIECES, st.text(alphabet=string.ascii_letters + string.digits + "_-/+", max_size=6)),
                max_size=6).map("".join))
def test_has_words_finds_what_the_run_by_run_walk_finds(token: str) -> None:
    assert has_words(token) == _has_words_run_by_run(token)


def test_has_words_on_words_cut_short_and_glued() -> None:
    for word in sorted(_COMMON_WORDS):
        if len(word) >= 5:
            assert has_words(f"x7{word.upper()}Q") and _has_words_run_by_run(f"x7{word.upper()}Q")
        assert has_words(f"9{word[:4]}9{word[4:]}9") == _has_words_run_by_run(f"9{word[:4]}9{word[4:]}9")


def _reads_as_english_pair_by_pair(token: str) -> bool:
    lower = token.lower()
    pairs = [lower[i:i + 2] for i in range(len(lower) - 1) if lower[i].isalpha() and lower[i + 1].isalpha()]
    return len(pairs) >= 8 and sum(p in _COMMON_BIGRAMS for p in pairs) >= 0.3 * len(pairs)


_ENGLISH_PIECES = st.sampled_from(("the", "quick", "brown", "fox", "MySecret", "Password", "there", "io", "xq", "zz",
                                   "ce", "_", "-", "0", "42", "é", "ß", "İ", "Ωmega", "ſ"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_ENGLISH_PIECES, st.text(alphabet=string.ascii_letters + string.digits, max_size=5)),
                max_size=8).map("".join))
def test_reads_as_english_counts_pairs_as_the_pair_by_pair_walk(token: str) -> None:
    assert reads_as_english(token) == _reads_as_english_pair_by_pair(token)


def test_reads_as_english_on_prose_run_together_and_on_random_keys() -> None:
    for token in ("thequickbrownfox", "mysecretpassword", "ThereIsNoSpoon", "xQ7zK9pL2mN4vB8w", "k9Zq"):
        assert reads_as_english(token) == _reads_as_english_pair_by_pair(token)
    assert reads_as_english("interestingmeeting") and not reads_as_english("xQ7zK9pL2mN4vB8w")
