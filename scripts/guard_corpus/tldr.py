"""Shell task descriptions from tldr-pages, in the 40 languages its community translates them into.

Each page describes one command and lists what its examples do ("Display the system prompt", "Ignore case when
searching", "Override the default configuration"): the computing senses of "prompt", "system", "ignore" and
"override" in the imperative voice an injection uses, written by thousands of people with no guard in mind.
Rows are single example descriptions typed as a request (user channel) and whole pages pasted as documentation
(untrusted channel), half of each language's sample carrying a trigger word.
"""

from __future__ import annotations

import re
from pathlib import Path

from .attacks import git_ls, git_show
from .common import SOURCES, Row, half_triggered, norm_key, rng_for

REPO = "tldr-pages/tldr"
COMMIT = SOURCES["tldr-pages"].revision  # the commit the registry records, read from one place
# pages folder -> our language code (the language codes the rest of the corpus uses)
LANGS = {"pages": "en", "pages.de": "de", "pages.fr": "fr", "pages.es": "es", "pages.it": "it", "pages.pt_BR": "pt",
         "pages.nl": "nl", "pages.pl": "pl", "pages.ru": "ru", "pages.uk": "uk", "pages.cs": "cs", "pages.sv": "sv",
         "pages.da": "da", "pages.tr": "tr", "pages.ja": "ja", "pages.zh": "zh", "pages.ko": "ko", "pages.ar": "ar",
         "pages.hi": "hi", "pages.id": "id", "pages.fa": "fa", "pages.th": "th", "pages.ro": "ro", "pages.el": "el"}
TRIGGER = re.compile(
    r"prompt|system|ignor|overrid|bypass|instruction|password|secret|admin|root|forget|disable|reveal|"
    r"Passwort|System|ignorier|mot de passe|système|contraseña|sistema|ignora|wachtwoord|hasło|"
    r"систем|парол|игнор|пароль|heslo|sistem|şifre|パスワード|システム|密码|系统|忽略|비밀번호|시스템|"
    r"كلمة المرور|النظام|पासवर्ड|सिस्टम|kata sandi|رمز|سیستم|รหัสผ่าน|ระบบ|parolă|κωδικ|σύστημα", re.I)
_MORE_INFO = re.compile(r"https?://|<.+>")
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")


def _descriptions(page: str) -> list[str]:
    """The page's example descriptions ("- List files one per line:"), without the trailing colon."""
    return [line[2:].rstrip(":： ").strip() for line in page.splitlines()
            if line.startswith("- ") and len(line) > 12]


def _readable(page: str) -> str:
    """The page as a person would paste it: placeholders without braces, the "more information" link dropped."""
    lines = [line for line in page.splitlines() if not (line.startswith(">") and _MORE_INFO.search(line))]
    return _PLACEHOLDER.sub(r"\1", "\n".join(lines)).strip()


def tldr_rows(mirrors: Path, per_lang: dict[str, int], pages_per_lang: dict[str, int]) -> list[Row]:
    src = SOURCES["tldr-pages"]
    paths = [p for p in git_ls(mirrors, REPO, COMMIT, "") if p.endswith(".md") and len(p.split("/")) == 3
             and p.split("/")[0] in LANGS and p.split("/")[1] in ("common", "linux")]
    by_folder: dict[str, list[str]] = {}
    for p in sorted(paths):
        by_folder.setdefault(p.split("/")[0], []).append(p)
    out: list[Row] = []
    for folder, lang in LANGS.items():
        rng = rng_for(f"tldr:{folder}")
        files = by_folder.get(folder, [])
        n_desc = per_lang.get(lang, per_lang["other"])
        n_pages = pages_per_lang.get(lang, pages_per_lang["other"])
        # Reading every page of the large languages is slow: a fixed random subset holds more than enough.
        files = rng.sample(files, min(len(files), n_desc // 2 + 4 * n_pages))
        pages = {p: git_show(mirrors, REPO, COMMIT, p) for p in files}
        descs = {norm_key(d): d for page in pages.values() for d in _descriptions(page)}
        items = [(d, bool(TRIGGER.search(d))) for _, d in sorted(descs.items())]
        out += [Row(d, 0, "benign", src.name, src.author_group, lang, "user")
                for d in half_triggered(items, n_desc, rng)]
        docs = [(t, bool(TRIGGER.search(t))) for t in (_readable(pages[p]) for p in sorted(pages)) if len(t) <= 1500]
        out += [Row(t, 0, "benign", src.name, src.author_group, lang, "untrusted")
                for t in half_triggered(docs, n_pages, rng)]
    return out
