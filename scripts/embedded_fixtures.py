"""Write the real files of tests/data/embedded/: tensors, parameters, storages and state dicts pickled with plain
``pickle.dumps`` (not ``torch.save``) at every protocol, which embeds ``torch.storage._load_from_bytes(b'...')``.

Needs torch (the CPU wheel is enough)::

    python scripts/embedded_fixtures.py --out tests/data/embedded
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("tests/data/embedded"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    layer = torch.nn.Linear(3, 2)
    objects = {
        "tensor": torch.arange(6, dtype=torch.float32).reshape(2, 3),
        "parameter": torch.nn.Parameter(torch.ones(4)),
        "storage": torch.arange(4, dtype=torch.int64).untyped_storage(),
        "state-dict": layer.state_dict(),
    }
    for name, value in objects.items():
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            (args.out / f"{name}-p{protocol}.pkl").write_bytes(pickle.dumps(value, protocol=protocol))


if __name__ == "__main__":
    main()
