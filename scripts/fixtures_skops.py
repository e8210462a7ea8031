"""Write the small skops archives the skops tests start from, made by skops.io.dump itself.

The tests edit schema.json of these real files to build the audit-bypass variants (never loaded).
Needs the `corpus` extra: ``python scripts/fixtures_skops.py --out tests/data/skops``.
"""

from __future__ import annotations

import argparse
import operator
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("tests/data/skops"))
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)

    import numpy as np
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    scaler = StandardScaler().fit(np.arange(8.0).reshape(4, 2))
    objects = {
        "generator.skops": {"rng": np.random.default_rng(0)},  # RandomGeneratorNode
        "attrgetter.skops": {"get": operator.attrgetter("mean_")},  # OperatorFuncNode
        "method.skops": FunctionTransformer(func=scaler.transform),  # MethodNode
    }
    for name, obj in objects.items():
        sio.dump(obj, out / name)
        print(out / name, sorted(sio.get_untrusted_types(file=out / name)))


if __name__ == "__main__":
    main()
