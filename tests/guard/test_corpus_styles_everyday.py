"""The generated attack styles and the everyday-text reader of the guard corpus builder."""

from __future__ import annotations

import struct
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from guard_corpus import everyday, styles  # noqa: E402
from guard_corpus.common import norm_key  # noqa: E402


def _mo(pairs: list[tuple[bytes, bytes]]) -> bytes:
    n = len(pairs)
    o_orig, o_trans = 28, 28 + 8 * n
    data_at = o_trans + 8 * n
    blob, orig, trans = b"", [], []
    for msgid, _ in pairs:
        orig.append((len(msgid), data_at + len(blob)))
        blob += msgid + b"\0"
    for _, msgstr in pairs:
        trans.append((len(msgstr), data_at + len(blob)))
        blob += msgstr + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, o_orig, o_trans, 0, 0)
    return head + b"".join(struct.pack("<2I", *t) for t in orig + trans) + blob


def test_read_mo_gives_pairs_first_plural_and_drops_context(tmp_path: Path) -> None:
    path = tmp_path / "x.mo"
    path.write_bytes(_mo([(b"", b"Content-Type: text/plain; charset=UTF-8\n"),
                          (b"Enter your password", b"Geben Sie Ihr Passwort ein"),
                          (b"menu\x04Open the file", "Datei öffnen".encode()),
                          (b"One file\x00%d files", b"Eine Datei\x00%d Dateien")]))
    assert everyday.read_mo(path) == [("Enter your password", "Geben Sie Ihr Passwort ein"),
                                      ("Open the file", "Datei öffnen"), ("One file", "Eine Datei")]


def test_ui_text_drops_format_strings_and_fragments() -> None:
    assert everyday._ui_text("_Forget the saved password") == "Forget the saved password"
    assert everyday._ui_text("%s: invalid option -- '%c'") is None
    assert everyday._ui_text("Cancel") is None


def test_styles_rows_are_seeded_balanced_and_distinct() -> None:
    harm = [(f"Explain harmful thing number {i}", "harmbench") for i in range(200)]
    att, ben = styles.styles_rows(harm, 800, 400)
    assert (att, ben) == styles.styles_rows(harm, 800, 400)
    assert len({norm_key(r.text) for r in att + ben}) == len(att) + len(ben)
    assert 0.9 * 800 <= len(att) <= 820 and 0.9 * 400 <= len(ben) <= 410
    langs = Counter(r.lang for r in att)
    assert set(langs) == set(styles.LANGS) and min(langs.values()) >= 50
    assert {r.kind for r in att} == {"injection", "jailbreak"} and {r.label for r in ben} == {0}
    assert all(r.origin == "harmbench" for r in att if r.kind == "jailbreak" and r.lang == "en")


def test_secret_asks_carry_no_override_words() -> None:
    words = ("ignore", "disregard", "override", "forget ", "vergiss ", "oublie ", "olvida ", "dimentica ", "esqueça ")
    for table in (styles.PLAIN, styles.AUTHORITY, styles.ROLEPLAY, styles.TRANSFORM, styles.FIXED):
        for templates in table.values():
            for t in templates:
                assert not any(w in t.lower() for w in words), t


def test_terse_labels_keep_one_to_five_words_and_drop_format_strings() -> None:
    assert everyday._terse_text("_Update Rules") == "Update Rules"
    assert everyday._terse_text("Private") == "Private"
    assert everyday._terse_text("Reset the key now, please") == "Reset the key now, please"
    assert everyday._terse_text("Reset the key now and then try again") is None  # six words: a sentence reader's
    assert everyday._terse_text("%s: invalid option") is None
    assert everyday._terse_text("--force") is None
    assert everyday._terse_text("ok") is None
