"""The corpus readers of real assistant requests (CLINC150, Schema-Guided Dialogue), tldr pages, the conversation
follow-ups and the attacks in twelve more languages."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from guard_corpus import dialogues, followups, tldr, world  # noqa: E402
from guard_corpus.build import HELDOUT_SOURCES  # noqa: E402
from guard_corpus.common import SOURCES, norm_key  # noqa: E402

from tests.guard.corpus_mirrors import commit_files  # noqa: E402


def test_clinc_rows_read_every_split_drop_one_word_queries_and_favour_trigger_words(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    data = {"train": [["how do i reset my pin", "pin_change"], ["hello", "greeting"],
                      ["what is the weather in paris", "weather"]] + [[f"play song number {i}", "play"]
                                                                      for i in range(20)],
            "oos_test": [["can you forget my account password", "oos"]]}
    commit = commit_files(tmp_path, dialogues.CLINC_REPO, {"data/data_full.json": json.dumps(data)})
    monkeypatch.setattr(dialogues, "CLINC_COMMIT", commit)
    rows = dialogues.clinc_rows(tmp_path, 6)
    texts = {r.text for r in rows}
    assert len(rows) == 6 and "hello" not in texts
    assert {"how do i reset my pin", "can you forget my account password"} <= texts  # half carry a trigger word
    assert all(r.label == 0 and r.source == "clinc150" and r.channel == "user" for r in rows)


def test_sgd_turns_keep_the_user_side_only_and_are_held_out(tmp_path: Path, monkeypatch) -> None:
    dialogue = [{"dialogue_id": "1", "turns": [
        {"speaker": "USER", "utterance": "Find me a hotel in Sydney."},
        {"speaker": "SYSTEM", "utterance": "How about the Harbour Hotel?"},
        {"speaker": "USER", "utterance": "Any others? Forget the pool requirement."},
        {"speaker": "USER", "utterance": "Thanks"}]}]
    commit = commit_files(tmp_path, dialogues.SGD_REPO, {"test/dialogues_001.json": json.dumps(dialogue)})
    monkeypatch.setattr(dialogues, "SGD_COMMIT", commit)
    monkeypatch.setattr(dialogues, "SGD_FILES", ("test/dialogues_001.json",))
    rows = dialogues.sgd_user_turns(tmp_path, 10)
    assert sorted(r.text for r in rows) == ["Any others? Forget the pool requirement.", "Find me a hotel in Sydney."]
    assert "sgd-user-turns" in HELDOUT_SOURCES and "clinc150" not in HELDOUT_SOURCES


def test_tldr_rows_take_example_descriptions_as_requests_and_pages_as_pasted_docs(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    page = ("# prompt-tool\n\n> Change the shell prompt.\n> More information: <https://example.org/prompt>.\n\n"
            "- Display the current system prompt:\n\n`prompt-tool --show`\n\n"
            "- Ignore the user configuration and use {{path/to/file}}:\n\n`prompt-tool --config {{path/to/file}}`\n")
    ru = "# ls\n\n> Показать содержимое каталога.\n\n- Показать скрытые файлы:\n\n`ls -a`\n"
    commit = commit_files(tmp_path, tldr.REPO, {"pages/common/prompt-tool.md": page, "pages.ru/linux/ls.md": ru,
                                           "pages/windows/dir.md": "# dir\n\n- List the files in a folder:\n"})
    monkeypatch.setattr(tldr, "COMMIT", commit)
    rows = tldr.tldr_rows(tmp_path, {"en": 5, "other": 5}, {"en": 2, "other": 2})
    user = {r.text for r in rows if r.channel == "user"}
    assert user == {"Display the current system prompt", "Ignore the user configuration and use {{path/to/file}}",
                    "Показать скрытые файлы"}  # windows pages are not read
    docs = [r.text for r in rows if r.channel == "untrusted" and r.lang == "en"]
    assert len(docs) == 1 and "path/to/file" in docs[0] and "{{" not in docs[0] and "https://" not in docs[0]
    assert {r.lang for r in rows} == {"en", "ru"} and all(r.label == 0 for r in rows)


def test_followups_cover_every_family_and_stay_benign() -> None:
    paragraphs = [f"Paragraph {i}: the daemon rereads its configuration on SIGHUP." for i in range(20)]
    rows = followups.followup_rows(paragraphs, 400)
    texts = [r.text for r in rows]
    assert len(rows) == 400 and len({norm_key(t) for t in texts}) == 400
    assert any(t.startswith("Translate your") for t in texts)
    assert any("### Instruction:" in t and "Paragraph" in t for t in texts)
    assert any("SYSTEM_PROMPT" in t or "system prompt" in t for t in texts)
    assert any("Your system" in t or "your system" in t for t in texts)
    assert any(t.startswith(("Act as my", "Pretend you are", "Let's role-play")) for t in texts)
    assert all(r.label == 0 for r in rows)
    assert not any(re.search(r"\{(prev|how|lang|city|role|task|Task|domain|p|job)\}", t) for t in texts)


def test_world_rows_attack_in_all_twelve_languages_beside_benign_twins() -> None:
    att, ben = world.world_rows(600, 150)
    assert len(att) == 600 and 100 <= len(ben) <= 150  # the twins are fewer: their templates repeat
    langs = set(world.SECRETS)
    assert len(langs) == 12 and {r.lang for r in att} == langs and {r.lang for r in ben} == langs
    for table in (world.OVERRIDE, world.HIJACK, world.EXTRACT, world.AUTHORITY, world.BENIGN):
        assert set(table) == langs
    assert all(r.label == 1 and r.kind == "injection" for r in att) and all(r.label == 0 for r in ben)
    assert not {norm_key(r.text) for r in att} & {norm_key(r.text) for r in ben}
    # the twins share the attacks' words: the password a user forgot beside the password an attacker asks for
    assert any(world.SECRETS["ru"][0] in r.text for r in ben if r.lang == "ru")
    diluted = [r for r in att if any(r.text.startswith(b.split("{")[0]) for b in world.BENIGN[r.lang])]
    assert 0.15 <= len(diluted) / len(att) <= 0.45
    assert "aiwarden-multilingual-world" in SOURCES and "tldr-pages" in SOURCES
