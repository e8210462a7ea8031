"""The corpus reader of conversational text in the twelve languages of the world attacks (``chats.py``)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from guard_corpus import chats  # noqa: E402
from guard_corpus.build import HELDOUT_SOURCES  # noqa: E402
from guard_corpus.common import SOURCES  # noqa: E402

from tests.guard.corpus_mirrors import commit_files  # noqa: E402


def _conll(texts: list[str]) -> str:
    return "".join(f"# id: {i}\n# text: {t}\n# text-en: x\n1\tx\tintent\tO\n\n" for i, t in enumerate(texts))


def _xquad(questions: list[str]) -> str:
    return json.dumps({"data": [{"paragraphs": [{"qas": [{"question": q} for q in questions]}]}]})


def _mirrors(tmp: Path, monkeypatch: pytest.MonkeyPatch, n: int = 12) -> None:
    """Small but complete stand-ins for the five repositories, each at its own commit."""
    xsid = {f"data/xSID-0.4/{lang}.{split}.conll": _conll([f"{lang} {split} request {i}" for i in range(n)])
            for lang in chats.XSID_LANGS for split in ("valid", "test")}
    xsid["data/xSID-0.4/ja.valid.conll"] = _conll(["明日 の 天気 は ？", "アラーム を 6 時 に セット して"])
    monkeypatch.setattr(chats, "XSID_COMMIT", commit_files(tmp, chats.XSID_REPO, xsid))
    bot = {f"chatterbot_corpus/data/{folder}/talk.yml":
           "categories:\n- talk\nconversations:\n" + "".join(f"- - {folder} question {i}?\n  - {folder} answer {i}.\n"
                                                             for i in range(n))
           for folder in chats.CHATTERBOT_LANGS}
    bot["chatterbot_corpus/data/hindi/README.md"] = "not a corpus file"
    monkeypatch.setattr(chats, "CHATTERBOT_COMMIT", commit_files(tmp, chats.CHATTERBOT_REPO, bot))
    csv_text = "Q,A,label\n" + "".join(f"질문 {i},대답 {i},0\n" for i in range(n))
    monkeypatch.setattr(chats, "KOREAN_COMMIT", commit_files(tmp, chats.KOREAN_REPO, {"ChatbotData.csv": csv_text}))
    cs = {f"{split}.json": json.dumps([{"text": f"Restaurace {split} {i} je blízko ."} for i in range(n)])
          for split in ("train", "devel", "test")}
    monkeypatch.setattr(chats, "CS_COMMIT", commit_files(tmp, chats.CS_REPO, cs))
    xquad = {f"xquad.{lang}.json": _xquad([f"{lang} question {i}?" for i in range(n)])
             for lang in chats.XQUAD_FIT + chats.XQUAD_HELDOUT}
    monkeypatch.setattr(chats, "XQUAD_COMMIT", commit_files(tmp, chats.XQUAD_REPO, xquad))


def test_xsid_requests_join_the_segmented_japanese_back_and_keep_each_text_once(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    _mirrors(tmp_path, monkeypatch)
    assert chats.xsid_requests(tmp_path, "ja")[:2] == ["明日の天気は？", "アラームを 6 時にセットして"]
    ar = chats.xsid_requests(tmp_path, "ar")
    assert len(ar) == len(set(ar)) == 24  # valid and test files both read


def test_chatterbot_reads_both_sides_of_every_yaml_conversation_and_nothing_else(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    _mirrors(tmp_path, monkeypatch, n=3)
    assert chats.chatterbot_lines(tmp_path, "hindi") == ["hindi question 0?", "hindi answer 0.",
                                                         "hindi question 1?", "hindi answer 1.",
                                                         "hindi question 2?", "hindi answer 2."]


def test_korean_and_czech_readers_take_questions_answers_and_system_turns(tmp_path: Path, monkeypatch) -> None:
    _mirrors(tmp_path, monkeypatch, n=2)
    assert chats.korean_chatbot_lines(tmp_path) == ["질문 0", "대답 0", "질문 1", "대답 1"]
    assert chats.czech_dialogue_lines(tmp_path)[0] == "Restaurace train 0 je blízko."  # space before "." dropped


def test_chat_rows_cover_the_twelve_languages_and_hold_whole_xquad_languages_out(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    _mirrors(tmp_path, monkeypatch)
    rows = chats.chat_rows(tmp_path, per_lang=10, heldout_per_lang=5)
    fitted = Counter(r.lang for r in rows if r.source not in HELDOUT_SOURCES)
    assert set(fitted) == {"ru", "uk", "cs", "sv", "tr", "ja", "zh", "ko", "ar", "hi", "id", "vi"}
    assert all(count == 10 for count in fitted.values())
    held = [r for r in rows if r.source in HELDOUT_SOURCES]
    assert Counter(r.lang for r in held) == {"ar": 5, "tr": 5, "zh": 5}
    assert all(r.source == "xquad-questions-heldout" for r in held)
    assert not {r.text for r in held} & {r.text for r in rows if r.source not in HELDOUT_SOURCES}
    assert all(r.label == 0 and r.kind == "benign" and r.source in SOURCES for r in rows)
    # a language with two sources draws from both
    assert {r.source for r in rows if r.lang == "ko"} == {"chatterbot-corpus", "korean-chatbot-data"}
