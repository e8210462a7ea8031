"""Read files of a pinned commit from a local git mirror (``git show``), so a rebuild never sees a newer tree."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

MIRRORS = Path(os.environ.get("OUTPUT_EVAL_MIRRORS", "/work/.mirror"))


def _git_dir(repo: str) -> Path:
    return MIRRORS / repo.replace("/", "+") / "repo"


def show(repo: str, commit: str, path: str) -> str:
    """The text of ``path`` at ``commit`` of the mirrored GitHub repository ``repo`` ("owner/name")."""
    done = subprocess.run(["git", "-C", str(_git_dir(repo)), "show", f"{commit}:{path}"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def list_files(repo: str, commit: str, prefix: str) -> list[str]:
    """Paths under ``prefix`` at ``commit``, sorted."""
    done = subprocess.run(["git", "-C", str(_git_dir(repo)), "ls-tree", "-r", "--name-only", commit, "--", prefix],
                          capture_output=True, text=True, check=True)
    return sorted(done.stdout.split())


def show_bytes(repo: str, commit: str, path: str) -> bytes:
    """The bytes of ``path`` at ``commit``: for fixtures whose byte offsets matter or that are not valid UTF-8."""
    done = subprocess.run(["git", "-C", str(_git_dir(repo)), "show", f"{commit}:{path}"],
                          capture_output=True, check=True)
    return done.stdout
