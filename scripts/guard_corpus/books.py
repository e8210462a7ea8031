"""Benign narration and dialogue from public-domain books (Project Gutenberg texts mirrored by GITenberg).

Fiction is where ordinary text tells people what to do, keeps secrets, asks for passwords, pretends and forgets:
the words a guard over-reads, in their oldest senses. Each book is read from a bare mirror at a pinned commit; the
Project Gutenberg header and licence are cut at the ``*** START OF`` / ``*** END OF`` markers. Passages are
paragraphs (two short ones joined, long ones cut at sentence ends) of 60-700 characters; half of each book's
sample carries a trigger word.

``FIT_BOOKS`` are fitted on; ``HELDOUT_BOOKS`` (other authors) are evaluation only, so the guard's false alarms on
fiction are measured on books it never saw.
"""

from __future__ import annotations

import re
from pathlib import Path

from .attacks import git_show_bytes
from .common import SOURCES, Row, clean, half_triggered, norm_key, rng_for

# (GITenberg repository, commit, file, encoding, language)
Book = tuple[str, str, str, str, str]
FIT_BOOKS: tuple[Book, ...] = (
    ("GITenberg/Pride-and-Prejudice_1342", "81db45c9c48c592f0b77f01fc59e677ad0a5634e", "1342-0.txt", "utf-8", "en"),
    ("GITenberg/Alice-s-Adventures-in-Wonderland_11", "7f18748e114b994d5d9454d5793581bc0b9cf9d7", "11-0.txt",
     "utf-8", "en"),
    ("GITenberg/Dracula_345", "5216d6ea255fbf8966426a160b68251b18f16907", "345-8.txt", "latin-1", "en"),
    ("GITenberg/The-Secret-Adversary_1155", "0623bb227d11bbf73e5e3c7f00486e56a0dbc66e", "1155-0.txt", "utf-8", "en"),
    ("GITenberg/The-Thirty-Nine-Steps_558", "9df1735568a61ce35d33dbd43cc07269c74aa859", "558.txt", "utf-8", "en"),
    ("GITenberg/Peter-Pan_16", "ab78bfda01b61a6649d5591e934d933e4856b460", "16-0.txt", "utf-8", "en"),
    ("GITenberg/The-Secret-Garden_113", "0031c0badd0d3fc83860c941d2f39d4aa345c51b", "113-0.txt", "utf-8", "en"),
    ("GITenberg/The-Importance-of-Being-Earnest--A-Trivial-Comedy-for-Serious-People_844",
     "61f653818ec74dda8cffc09970c32316264998ea", "844.txt", "utf-8", "en"),
    ("GITenberg/Die-Verwandlung_22367", "dd2beec59176851bfb071689539d6091b3d95d11", "22367-8.txt", "latin-1", "de"),
    ("GITenberg/Madame-Bovary_14155", "defa45e6414550caa8293881e586bfcfbceadc67", "14155-8.txt", "latin-1", "fr"),
    ("GITenberg/Dom-Casmurro_55752", "61bc683465086ab39778e69673e89171c0f84ee5", "55752-8.txt", "latin-1", "pt"),
)
HELDOUT_BOOKS: tuple[Book, ...] = (
    ("GITenberg/The-Adventures-of-Sherlock-Holmes_1661", "7e5dd2703fbf503c004063e96ab7c61262375e5f", "1661-8.txt",
     "latin-1", "en"),
    ("GITenberg/The-Devil-s-Dictionary_972", "fcea6b9736136ae4bd6bb76b398d56b7cd62e3c8", "972.txt", "utf-8", "en"),
    ("GITenberg/Don-Quijote_2000", "7879f2c1653ec515d125f49b177c3ef7f596bc3f", "2000-8.txt", "latin-1", "es"),
    ("GITenberg/Candide_4650", "3460a8007cb70647d58967f12ff6b97015b73949", "4650-8.txt", "latin-1", "fr"),
)

# Words a guard over-reads, in English, German, French, Spanish and Portuguese.
TRIGGER = re.compile(
    r"secret|password|pass-?word|ignor|forget|forgot|pretend|command|order|instruct|rule|reveal|tell me|"
    r"obey|disregard|system|master|confess|key\b|act as|geheim|befehl|vergiss|vergessen|secret|oubli|ordonn|"
    r"commande|règle|secreto|olvid|mand|orden|regla|segredo|esquec|ordem|regra", re.I)
_MARK = re.compile(r"^\*\*\* ?(START|END) OF (THE|THIS) PROJECT GUTENBERG", re.M)
_NOISE = re.compile(r"[_*=]{3,}|\[Illustration|^\s*(CHAPTER|CAPÍTULO|CHAPITRE|KAPITEL)\b|http|www\.", re.I | re.M)


def book_text(mirrors: Path, book: Book) -> str:
    """The book's body between the Gutenberg markers, decoded with the file's encoding."""
    repo, commit, path, encoding, _ = book
    text = git_show_bytes(mirrors, repo, commit, path).decode(encoding, "replace")
    marks = list(_MARK.finditer(text))
    start = next((m.end() for m in marks if m.group(1) == "START"), 0)
    end = next((m.start() for m in marks if m.group(1) == "END" and m.start() > start), len(text))
    body = text[start:end]
    return body[body.find("\n") + 1:] if start else body


def passages(body: str) -> list[str]:
    """Paragraphs of 60-700 characters with their line breaks joined; short neighbours are joined in pairs."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", clean(body))]
    paras = [p for p in paras if p and not _NOISE.search(p) and sum(c.isalpha() for c in p) > 0.6 * len(p)]
    out: list[str] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        if len(p) < 120 and i + 1 < len(paras) and len(p) + len(paras[i + 1]) <= 700:
            p = p + "\n\n" + paras[i + 1]
            i += 1
        if 60 <= len(p) <= 700:
            out.append(p)
        elif len(p) > 700:
            out += _chunks(p)
        i += 1
    return out


def _chunks(paragraph: str, limit: int = 600) -> list[str]:
    """A long paragraph cut at sentence ends into pieces of at most ``limit`` characters."""
    out: list[str] = []
    cur = ""
    for sentence in re.split(r"(?<=[.!?;»”\"])\s+", paragraph):
        if cur and len(cur) + len(sentence) + 1 > limit:
            out.append(cur)
            cur = ""
        cur = f"{cur} {sentence}".strip()
    out.append(cur)
    return [c for c in out if 60 <= len(c) <= 700]


def book_rows(mirrors: Path, books: tuple[Book, ...], source: str, per_book: int) -> list[Row]:
    src = SOURCES[source]
    out: list[Row] = []
    for book in books:
        items = sorted({norm_key(p): p for p in passages(book_text(mirrors, book))}.values())
        chosen = half_triggered([(p, bool(TRIGGER.search(p))) for p in items], per_book, rng_for(f"books:{book[0]}"))
        out += [Row(t, 0, "benign", source, src.author_group, book[4], "user") for t in chosen]
    return out


def fiction_rows(mirrors: Path, per_book: int) -> list[Row]:
    return (book_rows(mirrors, FIT_BOOKS, "gutenberg-fiction", per_book)
            + book_rows(mirrors, HELDOUT_BOOKS, "gutenberg-fiction-heldout", per_book))
