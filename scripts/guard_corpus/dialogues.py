"""Real messages people typed to assistants: CLINC150 queries (fitted on) and the user turns of the Schema-Guided
Dialogue data set (held out), both crowd-sourced by their authors for intent and dialogue research.

These are the follow-ups, corrections and requests of ordinary conversations ("are there any others?", "no, make
it for four people", "what's my account balance") that a guard must let through untouched. CLINC's text is lower
case without punctuation, as collected; SGD's turns come from multi-turn dialogues across twenty domains.
"""

from __future__ import annotations

import json
from pathlib import Path

from .attacks import git_show
from .common import SOURCES, Row, clean, half_triggered, norm_key, rng_for

CLINC_REPO = "clinc/oos-eval"
CLINC_COMMIT = SOURCES["clinc150"].revision  # the commit the registry records, read from one place
SGD_REPO = "google-research-datasets/dstc8-schema-guided-dialogue"
SGD_COMMIT = SOURCES["sgd-user-turns"].revision
SGD_FILES = tuple(f"test/dialogues_{i:03d}.json" for i in range(1, 12))

# Words a guard over-reads, as they occur in assistant requests.
TRIGGER = ("password", "pin", "secret", "system", "reset", "forget", "ignore", "cancel", "instead", "new ", "change",
           "override", "pretend", "act ", "rule", "previous", "translate", "repeat", "say ", "tell me", "account",
           "security", "unlock", "admin", "block", "freeze", "code", "key")


def _triggered(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in TRIGGER)


def clinc_rows(mirrors: Path, n: int) -> list[Row]:
    """Queries of all 150 intents and the out-of-scope ones, from every split of ``data_full.json``."""
    data = json.loads(git_show(mirrors, CLINC_REPO, CLINC_COMMIT, "data/data_full.json"))
    texts = {norm_key(t): t for split in sorted(data) for t, _ in data[split] if len(t.split()) >= 2}
    return _benign_rows(texts, "clinc150", n)


def sgd_user_turns(mirrors: Path, n: int) -> list[Row]:
    """User turns of the test dialogues: first requests, follow-ups, corrections and confirmations."""
    turns: dict[str, str] = {}
    for path in SGD_FILES:
        for dialogue in json.loads(git_show(mirrors, SGD_REPO, SGD_COMMIT, path)):
            for turn in dialogue["turns"]:
                text = clean(turn["utterance"])
                if turn["speaker"] == "USER" and len(text.split()) >= 2:
                    turns.setdefault(norm_key(text), text)
    return _benign_rows(turns, "sgd-user-turns", n)


def _benign_rows(texts: dict[str, str], source: str, n: int) -> list[Row]:
    """``n`` of the texts (keyed by their dedup key), half with a trigger word, as benign English user rows."""
    items = [(t, _triggered(t)) for _, t in sorted(texts.items())]
    src = SOURCES[source]
    return [Row(t, 0, "benign", src.name, src.author_group, "en", "user")
            for t in half_triggered(items, n, rng_for(source))]
