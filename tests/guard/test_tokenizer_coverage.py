"""The tokenizer-coverage benchmark: which corpus languages the transformer tier's vocabulary can spell."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("tokenizer_coverage", ROOT / "benchmarks/guard/tokenizer_coverage.py")
assert _spec is not None and _spec.loader is not None
tokenizer_coverage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tokenizer_coverage)


def test_cyrillic_is_spelt_letter_by_letter_and_english_is_read_in_words(tmp_path: Path) -> None:
    rows = [{"text": "Please summarise the attached quarterly report for the board.", "lang": "en"},
            {"text": "Пожалуйста, кратко перескажи приложенный квартальный отчёт.", "lang": "ru"},
            {"text": "¡Hola! 123 ... ???", "lang": "es"}]
    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    table = {lang: (n, per_char, single, unk)
             for lang, n, per_char, single, unk in tokenizer_coverage.coverage(tokenizer_coverage.TOKENIZER, corpus,
                                                                                 min_rows=1)}
    assert table["ru"][2] > 0.8 > 0.2 > table["en"][2]
    assert table["es"][2] < 0.5  # digits and punctuation are not counted as spelt letters
    assert all(n == 1 for n, *_ in table.values())
