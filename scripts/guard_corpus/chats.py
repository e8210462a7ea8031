"""What people say to assistants and chat bots in the twelve languages of ``world.py``'s attacks.

The attacks in those languages are conversational ("forget what you were told and ..."), so benign text in the
same languages has to be conversational too, or the encoder learns that a chatty sentence in Hindi or Korean is an
attack. Sources, each written by people with no guard in mind:

- xSID: assistant requests ("set an alarm for six", "will it rain tomorrow") translated by native speakers into
  Arabic, Indonesian, Japanese, Turkish and Chinese (validation and test files; the Japanese and Chinese text is
  stored word-segmented and is joined back here);
- the ChatterBot corpus: small-talk questions to a bot and its answers, written by its community per language;
- Chatbot_data: 11,876 Korean questions people put to a counselling chat bot, and its answers;
- the Czech restaurant data set: what a Czech dialogue system says and asks in a conversation;
- XQuAD: questions about Wikipedia paragraphs, translated by professionals. Hindi, Russian and Vietnamese are
  fitted on; the Arabic, Turkish and Chinese questions are held out, so the false-alarm rate on questions in a
  script the encoder fits on only through requests and chit-chat is measured on text neither tier saw.

Half of each language's sample (where there are enough) carries a word a guard over-reads (password, system,
ignore, ...), as in ``tldr.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import yaml

from .attacks import git_ls, git_show
from .common import SOURCES, Row, clean, half_triggered, norm_key, rng_for
from .tldr import TRIGGER

XSID_REPO = "mainlp/xsid"
XSID_COMMIT = SOURCES["xsid"].revision  # each commit is read from the source registry, in one place
XSID_LANGS = ("ar", "id", "ja", "tr", "zh")
CHATTERBOT_REPO = "gunthercox/chatterbot-corpus"
CHATTERBOT_COMMIT = SOURCES["chatterbot-corpus"].revision
CHATTERBOT_LANGS = {"ukrainian": "uk", "russian": "ru", "swedish": "sv", "turkish": "tr", "japanese": "ja",
                    "chinese": "zh", "korean": "ko", "hindi": "hi", "indonesian": "id"}
KOREAN_REPO = "songys/Chatbot_data"
KOREAN_COMMIT = SOURCES["korean-chatbot-data"].revision
CS_REPO = "UFAL-DSG/cs_restaurant_dataset"
CS_COMMIT = SOURCES["cs-restaurant"].revision
XQUAD_REPO = "google-deepmind/xquad"
XQUAD_COMMIT = SOURCES["xquad-questions"].revision
XQUAD_FIT = ("hi", "ru", "vi")
XQUAD_HELDOUT = ("ar", "tr", "zh")

# A space between two characters of an unspaced script is a segmenter's, not the writer's.
_SEGMENT_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[?!.,;:？！。、，])")


def _texts(items: list[str], min_chars: int = 4) -> list[str]:
    """Distinct texts in first-seen order, without one-word interjections."""
    seen: dict[str, str] = {}
    for t in items:
        t = clean(t)
        if len(t) >= min_chars and len(t) <= 600:
            seen.setdefault(norm_key(t), t)
    return list(seen.values())


def xsid_requests(mirrors: Path, lang: str) -> list[str]:
    out = []
    for split in ("valid", "test"):
        conll = git_show(mirrors, XSID_REPO, XSID_COMMIT, f"data/xSID-0.4/{lang}.{split}.conll")
        for line in conll.splitlines():
            if line.startswith("# text:"):
                text = line[len("# text:"):].strip()
                if lang in ("ja", "zh"):
                    text = _SEGMENT_SPACE.sub("", text)
                out.append(_SPACE_BEFORE_PUNCT.sub("", text))
    return _texts(out)


def chatterbot_lines(mirrors: Path, folder: str) -> list[str]:
    """Both sides of every conversation in the language's YAML files (plain data; read with ``safe_load``)."""
    out: list[str] = []
    for path in git_ls(mirrors, CHATTERBOT_REPO, CHATTERBOT_COMMIT, f"chatterbot_corpus/data/{folder}"):
        if not path.endswith(".yml"):
            continue
        doc = yaml.safe_load(git_show(mirrors, CHATTERBOT_REPO, CHATTERBOT_COMMIT, path))
        for convo in (doc or {}).get("conversations") or []:
            out += [t for t in convo if isinstance(t, str)]
    return _texts(out)


def korean_chatbot_lines(mirrors: Path) -> list[str]:
    data = git_show(mirrors, KOREAN_REPO, KOREAN_COMMIT, "ChatbotData.csv")
    rows = csv.DictReader(io.StringIO(data))
    return _texts([t for r in rows for t in (r["Q"], r["A"])])


def czech_dialogue_lines(mirrors: Path) -> list[str]:
    out: list[str] = []
    for split in ("train", "devel", "test"):
        for item in json.loads(git_show(mirrors, CS_REPO, CS_COMMIT, f"{split}.json")):
            out.append(_SPACE_BEFORE_PUNCT.sub("", item["text"]))
    return _texts(out)


def xquad_questions(mirrors: Path, lang: str) -> list[str]:
    data = json.loads(git_show(mirrors, XQUAD_REPO, XQUAD_COMMIT, f"xquad.{lang}.json"))
    return _texts([qa["question"] for art in data["data"] for para in art["paragraphs"] for qa in para["qas"]])


def _pick(pools: list[tuple[str, list[str]]], n: int, name: str) -> list[tuple[str, str]]:
    """``n`` (source, text) pairs, shared evenly among the sources that have text and half triggered in each."""
    rng = rng_for(name)
    out: list[tuple[str, str]] = []
    left = n
    pools = sorted((p for p in pools if p[1]), key=lambda p: len(p[1]))  # small pools first; leftovers roll on
    for i, (source, texts) in enumerate(pools):
        share = left // (len(pools) - i)
        chosen = half_triggered([(t, bool(TRIGGER.search(t))) for t in texts], share, rng)
        out += [(source, t) for t in chosen]
        left -= len(chosen)
    return out


def chat_rows(mirrors: Path, per_lang: int, heldout_per_lang: int) -> list[Row]:
    """``per_lang`` fitted rows for each of the twelve languages and ``heldout_per_lang`` held-out XQuAD questions
    in each of Arabic, Turkish and Chinese."""
    pools: dict[str, list[tuple[str, list[str]]]] = {lang: [] for lang in
                                                     ("ru", "uk", "cs", "sv", "tr", "ja", "zh", "ko", "ar", "hi",
                                                      "id", "vi")}
    for lang in XSID_LANGS:
        pools[lang].append(("xsid", xsid_requests(mirrors, lang)))
    for folder, lang in CHATTERBOT_LANGS.items():
        pools[lang].append(("chatterbot-corpus", chatterbot_lines(mirrors, folder)))
    pools["ko"].append(("korean-chatbot-data", korean_chatbot_lines(mirrors)))
    pools["cs"].append(("cs-restaurant", czech_dialogue_lines(mirrors)))
    for lang in XQUAD_FIT:
        pools[lang].append(("xquad-questions", xquad_questions(mirrors, lang)))
    rows = []
    for lang, lang_pools in pools.items():
        for source, text in _pick(lang_pools, per_lang, f"chats-{lang}"):
            src = SOURCES[source]
            rows.append(Row(text, 0, "benign", src.name, src.author_group, lang, "user"))
    held = SOURCES["xquad-questions-heldout"]
    for lang in XQUAD_HELDOUT:
        for _, text in _pick([(held.name, xquad_questions(mirrors, lang))], heldout_per_lang, f"xquad-{lang}"):
            rows.append(Row(text, 0, "benign", held.name, held.author_group, lang, "user"))
    return rows
