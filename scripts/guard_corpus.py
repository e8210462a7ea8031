"""Entry point: build data/guard/corpus.jsonl.gz and its manifest (see scripts/guard_corpus/__init__.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guard_corpus.build import main

if __name__ == "__main__":
    main()
