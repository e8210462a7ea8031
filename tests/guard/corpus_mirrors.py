"""A one-commit git repository laid out like the corpus builder's mirrors (``owner+name/repo``), for reader tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def commit_files(tmp: Path, repo: str, files: dict[str, str]) -> str:
    """Commit ``files`` (path -> text) into ``tmp/owner+name/repo`` and return the commit id."""
    root = tmp / repo.replace("/", "+") / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
