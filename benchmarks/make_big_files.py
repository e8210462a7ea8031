"""Build large benign checkpoints for the throughput benchmark.

Writes three files holding the same tensors (by default 12 float32 tensors of 8192x8192, about 3.2 GB):

- ``big.pt``: ``torch.save`` zip checkpoint
- ``big.safetensors``: ``safetensors.torch.save_file``
- ``big_legacy.bin``: ``torch.save(..., _use_new_zipfile_serialization=False)``

Files that already exist are left alone. Each file is written under a temporary name and renamed, so an
interrupted run never leaves a truncated file behind under the final name.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

GIB = 1024**3
DEFAULT_TENSORS = 12
DEFAULT_SIDE = 8192
FLOAT32_BYTES = 4
HEADROOM = 1.25

Writer = Callable[[dict[str, Any], Path], None]


def write_zip(tensors: dict[str, Any], path: Path) -> None:
    import torch

    torch.save(tensors, path)


def write_legacy(tensors: dict[str, Any], path: Path) -> None:
    import torch

    torch.save(tensors, path, _use_new_zipfile_serialization=False)


def write_safetensors(tensors: dict[str, Any], path: Path) -> None:
    from safetensors.torch import save_file

    save_file(tensors, str(path))


WRITERS: dict[str, Writer] = {
    "big.pt": write_zip,
    "big.safetensors": write_safetensors,
    "big_legacy.bin": write_legacy,
}


def build_tensors(count: int, side: int) -> dict[str, Any]:
    """Allocate and fill the tensors one at a time with seeded normal values (no temporaries)."""
    import torch

    tensors: dict[str, Any] = {}
    for index in range(count):
        tensor = torch.empty((side, side), dtype=torch.float32)
        generator = torch.Generator().manual_seed(index)
        tensor.normal_(mean=0.0, std=0.02, generator=generator)
        tensors[f"layers.{index}.weight"] = tensor
    return tensors


def needed_bytes(count: int, side: int, missing: int) -> int:
    return int(count * side * side * FLOAT32_BYTES * missing * HEADROOM)


def scaled_count(count: int, side: int, missing: int, free: int) -> int:
    """Largest tensor count (at most ``count``) whose files fit in ``free`` bytes."""
    per_tensor = needed_bytes(1, side, missing)
    return max(1, min(count, free // max(per_tensor, 1)))


def write_atomically(writer: Writer, tensors: dict[str, Any], path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    writer(tensors, partial)
    os.replace(partial, path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--tensors", type=int, default=DEFAULT_TENSORS, help="number of tensors")
    parser.add_argument("--side", type=int, default=DEFAULT_SIDE, help="tensor side length")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    missing = [name for name in WRITERS if not (args.out / name).exists()]
    for name in WRITERS:
        if name not in missing:
            print(f"exists, skipped: {args.out / name}")
    if not missing:
        return 0
    free = shutil.disk_usage(args.out).free
    count = args.tensors
    if needed_bytes(count, args.side, len(missing)) > free:
        count = scaled_count(count, args.side, len(missing), free)
        print(f"only {free / GIB:.1f} GiB free: scaled down to {count} tensors", file=sys.stderr)
    tensors = build_tensors(count, args.side)
    for name in missing:
        path = args.out / name
        write_atomically(WRITERS[name], tensors, path)
        print(f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
