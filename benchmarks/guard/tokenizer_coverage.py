"""How well the transformer tier's tokenizer reads each language of the guard corpus.

An encoder can only judge text its vocabulary can spell: where a language comes out as one word piece per
character (or as [UNK]), the pretrained embeddings carry next to no meaning, and fine-tuning learns the script
instead of the request. Prints, per corpus language, word pieces per character, the share of single-letter
pieces and of [UNK] among the pieces that hold letters, over the corpus rows of that language.

    python benchmarks/guard/tokenizer_coverage.py [--tokenizer PATH] [--min-rows 50]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "guard" / "corpus.jsonl.gz"
TOKENIZER = ROOT / "src" / "aiwarden" / "guard" / "data" / "transformer" / "tokenizer.json"


def coverage(tokenizer_path: Path, corpus: Path, min_rows: int) -> list[tuple[str, int, float, float, float]]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_padding()
    tok.no_truncation()
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # rows, chars, pieces, single, unk
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            # word pieces that hold letters (punctuation and digits are single pieces in every language)
            pieces = [p for p in tok.encode(row["text"][:2000]).tokens[1:-1] if p == "[UNK]" or any(
                c.isalpha() for c in p)]
            s = stats[row["lang"]]
            s[0] += 1
            s[1] += len(row["text"][:2000])
            s[2] += len(pieces)
            s[3] += sum(len(p.removeprefix("##")) == 1 for p in pieces)  # one letter a piece: spelt, not read
            s[4] += sum(p == "[UNK]" for p in pieces)
    return sorted(((lang, s[0], s[2] / max(1, s[1]), s[3] / max(1, s[2]), s[4] / max(1, s[2]))
                   for lang, s in stats.items() if s[0] >= min_rows), key=lambda r: -r[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", type=Path, default=TOKENIZER)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--min-rows", type=int, default=50)
    args = parser.parse_args()
    print(f"{'lang':6} {'rows':>6} {'pieces/char':>11} {'single-letter':>13} {'[UNK]':>7}")
    for lang, rows, per_char, single, unk in coverage(args.tokenizer, args.corpus, args.min_rows):
        print(f"{lang:6} {rows:6d} {per_char:11.2f} {single:13.3f} {unk:7.3f}")


if __name__ == "__main__":
    main()
