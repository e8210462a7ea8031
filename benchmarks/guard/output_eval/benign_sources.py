"""Benign: passages of the Python documentation (the pydoc topics shipped with CPython: prose with code), and
the badges, images and links of real README files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mirror import show
from records import Record, Source, record
from templates import BENIGN_LINK_TEMPLATES, DOC_TEMPLATES, fill, pick

DOC_CHUNKS = 300
MIN_CHARS, MAX_CHARS = 400, 1600


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def pydoc_topics(source: Source) -> list[Record]:
    import pydoc_data.topics

    path = Path(pydoc_data.topics.__file__)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != source["sha256"]:
        raise SystemExit(f"{path} is not the pinned pydoc topics file (sha256 {digest}); "
                         f"run build.py with Python {source['python']}")
    chunks: dict[str, tuple[str, str]] = {}
    for topic, body in pydoc_data.topics.topics.items():
        buffer: list[str] = []
        for paragraph in re.split(r"\n\s*\n", body):
            buffer.append(paragraph)
            joined = "\n\n".join(buffer).strip()
            if len(joined) >= MIN_CHARS:
                if len(joined) <= MAX_CHARS:
                    key = f"{topic}:{len(chunks)}"
                    chunks[_rank(key)] = (key, joined)
                buffer = []
    out: list[Record] = []
    for rank in sorted(chunks)[:DOC_CHUNKS]:
        key, chunk = chunks[rank]
        template = pick(DOC_TEMPLATES, f"{source['name']}:{key}")
        out.append(record(source["name"], key, "benign", "docs", 0, fill(DOC_TEMPLATES, template, chunk), None,
                          template))
    return out


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(https?://[^)\s]+\)")
_MD_LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\(https?://[^)\s]+\)")


def readme_links(source: Source) -> list[Record]:
    """Every markdown image (badges, screenshots) and external link in the listed README files."""
    out: list[Record] = []
    seen: set[str] = set()
    for repo, commit, path in source["files"]:
        text = show(repo, commit, path)
        for kind, pattern in (("image", _MD_IMAGE), ("link", _MD_LINK)):
            for match in pattern.finditer(text):
                value = match.group(0)
                if value in seen:
                    continue
                seen.add(value)
                key = f"{repo.split('/')[1]}:{kind}:{len(seen)}"
                template = pick(BENIGN_LINK_TEMPLATES, f"{source['name']}:{key}")
                out.append(record(source["name"], key, "exfil", f"benign-readme-{kind}", 0,
                                  fill(BENIGN_LINK_TEMPLATES, template, value), value, template))
    return out
