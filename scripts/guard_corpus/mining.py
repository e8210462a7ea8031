"""Mine real text nobody wrote for this task: Debian man pages, the Debian Reference, the Python documentation and
docstrings/code of the Python standard library. Offline; needs the Debian packages listed in build.APT_PACKAGES.

Sentences and paragraphs are kept when they use a trigger word ("prompt", "system", "override", "ignore", "bypass",
"pretend", "act as", "jailbreak", "instructions", ...) in its ordinary sense, plus a share of paragraphs without one.
Files are visited in sorted order and sampled with fixed seeds, so the same machine state gives the same rows.
"""

from __future__ import annotations

import ast
import gzip
import html
import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from .common import SOURCES, Row, rng_for

TRIGGERS = re.compile(
    r"\b(prompts?|system|override|overrid\w+|ignor\w+|bypass\w*|pretend\w*|act as|jailbr\w+|DAN|unfiltered|"
    r"instructions?|disregard\w*|forget|previous|admin\w*|root|password|secret|execute|command|role|persona|"
    r"developer mode|unrestricted|restrictions?|rules?|policy|reveal\w*|hidden|inject\w*|sudo|privileges?|escape|"
    r"tokens?|safety|filter\w*|censor\w*|mode)\b", re.I)
TRIGGERS_L10N = re.compile(
    r"\b(prompt|system\w*|système|sistema|ignor\w+|überschreib\w+|umgeh\w+|anweisung\w*|instruc\w+|istruzion\w+|"
    r"passwor\w+|mot de passe|contraseña|senha|root|admin\w*|befehl\w*|commande\w*|comando\w*|modus|mode|modo|"
    r"regel\w*|règle\w*|regla\w*|regol\w+|filt\w+|sicher\w+|sécurit\w+|segur\w+|sicurezza|geheim\w*|secret\w*)\b",
    re.I)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÀ-ÝÉ\"(])")


def sentences(par: str) -> list[str]:
    return [s.strip() for s in _SENT.split(par) if s.strip()]


def _good(t: str, lo: int = 25, hi: int = 1200) -> bool:
    if not lo <= len(t) <= hi:
        return False
    letters = sum(c.isalpha() for c in t)
    return letters / max(len(t), 1) > 0.55 and len(t.split()) >= 4


# ---------------------------------------------------------------- man pages

_ESC = re.compile(r"\\f[BIRPC]|\\f\[[A-Z]*\]|\\\(..|\\\*\(..|\\[&|^%ce]|\\s[-+]?\d|\\-|\\ ")


def man_paragraphs(path: Path) -> list[str]:
    try:
        raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    except (OSError, EOFError):
        return []
    pars: list[str] = []
    cur: list[str] = []
    for line in raw.splitlines():
        if line.startswith((".", "'")):
            macro = line.split(None, 1)
            if macro[0] in (".PP", ".P", ".LP", ".SH", ".SS", ".TP", ".IP", ".sp", ".br", ".RS", ".RE", ".nf",
                            ".fi", ".EX", ".EE", ".HP"):
                if cur:
                    pars.append(" ".join(cur))
                    cur = []
            elif macro[0] in (".B", ".I", ".BR", ".IR", ".RB", ".RI", ".BI", ".IB") and len(macro) > 1:
                cur.append(macro[1].replace('"', ""))
            continue
        if line.strip():
            cur.append(line.strip())
    if cur:
        pars.append(" ".join(cur))
    out = []
    for p in pars:
        p = _ESC.sub(lambda m: "-" if m.group(0) == "\\-" else " " if m.group(0) == "\\ " else "", p)
        p = re.sub(r"\\.", "", p)
        p = re.sub(r"\s+", " ", p).strip()
        if p:
            out.append(p)
    return out


def _mine(pars: Iterator[tuple[str, str]], source: str, n_trigger: int, n_plain: int, trig: re.Pattern[str],
          lang_fixed: str | None = None) -> list[Row]:
    """From (paragraph, lang) pairs keep trigger sentences (channel user), trigger paragraphs (untrusted) and plain
    paragraphs, sampled to the given sizes."""
    src = SOURCES[source]
    trig_sent: list[Row] = []
    trig_par: list[Row] = []
    plain: list[Row] = []
    for par, lang in pars:
        lang = lang_fixed or lang
        if _good(par, 60, 1500) and trig.search(par):
            trig_par.append(Row(par, 0, "benign", source, src.author_group, lang, "untrusted"))
        elif _good(par, 60, 1500):
            plain.append(Row(par, 0, "benign", source, src.author_group, lang, "untrusted"))
        for s in sentences(par):
            if _good(s, 25, 400) and trig.search(s):
                trig_sent.append(Row(s, 0, "benign", source, src.author_group, lang, "user"))
    rng = rng_for(f"mine:{source}")
    k_sent = min(len(trig_sent), (n_trigger * 2) // 3)
    k_par = min(len(trig_par), n_trigger - k_sent)
    return (rng.sample(trig_sent, k_sent) + rng.sample(trig_par, k_par)
            + rng.sample(plain, min(len(plain), n_plain)))


MAN_PACKAGES = ("manpages", "manpages-dev", "coreutils", "systemd", "apt", "bash", "openssh-client", "git",
                "util-linux", "procps", "findutils", "grep", "sed", "tar", "gzip", "man-db", "dpkg", "curl", "rsync",
                "sudo", "iproute2", "cron")
MAN_L10N_PACKAGES = {"de": "manpages-de", "fr": "manpages-fr", "es": "manpages-es", "it": "manpages-it"}


def package_files(packages: tuple[str, ...] | list[str], suffix: str = ".gz") -> list[Path]:
    """Files of the given Debian packages (those installed), so the page set does not depend on what else is."""
    out: set[Path] = set()
    for pkg in packages:
        res = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True)
        if res.returncode == 0:
            out |= {Path(ln) for ln in res.stdout.splitlines() if "/man/" in ln and ln.endswith(suffix)}
    return sorted(p for p in out if p.is_file() and not p.is_symlink())


def manpages(root: Path, n_trigger: int, n_plain: int, per_file: int = 12) -> list[Row]:
    files = [p for p in package_files(MAN_PACKAGES) if p.parent.parent == root]
    rng = rng_for("manpages-files")
    files = sorted(rng.sample(files, min(len(files), 4000)))

    def gen() -> Iterator[tuple[str, str]]:
        for f in files:
            for p in man_paragraphs(f)[:per_file]:
                yield p, "en"
    return _mine(gen(), "debian-manpages", n_trigger, n_plain, TRIGGERS)


def manpages_l10n(root: Path, n_per_lang: int) -> list[Row]:
    out: list[Row] = []
    for lang in ("de", "fr", "es", "it"):
        files = package_files([MAN_L10N_PACKAGES[lang]])
        files = sorted(rng_for(f"man-{lang}").sample(files, min(len(files), 600)))

        def gen(fs: list[Path] = files, lg: str = lang) -> Iterator[tuple[str, str]]:
            for f in fs:
                for p in man_paragraphs(f)[:10]:
                    yield p, lg
        out += _mine(gen(), "debian-manpages-l10n", n_per_lang * 2 // 3, n_per_lang // 3, TRIGGERS_L10N)
    return out


# ---------------------------------------------------------------- Debian Reference (HTML)


class _Text(HTMLParser):
    BLOCK: ClassVar[set[str]] = {"p", "li", "td", "dd", "dt", "pre", "h1", "h2", "h3", "h4", "div", "tr", "title"}

    def __init__(self) -> None:
        super().__init__()
        self.pars: list[str] = []
        self.cur: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.cur.append(data)

    def flush(self) -> None:
        t = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if t:
            self.pars.append(t)
        self.cur = []


def html_paragraphs(text: str) -> list[str]:
    p = _Text()
    p.feed(text)
    p.flush()
    return [html.unescape(x) for x in p.pars]


def debian_reference(root: Path, n_per_lang: dict[str, int]) -> list[Row]:
    out: list[Row] = []
    for lang, n in sorted(n_per_lang.items()):
        files = sorted(root.glob(f"*.{lang}.html"))

        def gen(fs: list[Path] = files, lg: str = lang) -> Iterator[tuple[str, str]]:
            for f in fs:
                for p in html_paragraphs(f.read_text(encoding="utf-8", errors="replace")):
                    yield p, lg
        trig = TRIGGERS if lang == "en" else TRIGGERS_L10N
        out += _mine(gen(), "debian-reference", n * 2 // 3, n // 3, trig)
    return out


# ---------------------------------------------------------------- Python docs and standard library

_RST = [(re.compile(r":[a-z:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`"), r"\1"), (re.compile(r"``([^`]*)``"), r"\1"),
        (re.compile(r"\*\*([^*]+)\*\*"), r"\1"), (re.compile(r"`([^`<]+?)(?:\s*<[^>]*>)?`_*"), r"\1")]


def rst_paragraphs(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or lines[0].lstrip().startswith(("..", ">>>", ":", "=", "-", "*", "+", "|")):
            continue
        if lines[0].startswith((" ", "\t")):  # code or directive body
            continue
        p = " ".join(ln.strip() for ln in lines)
        for rx, rep in _RST:
            p = rx.sub(rep, p)
        out.append(p)
    return out


def python_docs(root: Path, n_trigger: int, n_plain: int) -> list[Row]:
    files = sorted(root.rglob("*.rst.txt"))

    def gen() -> Iterator[tuple[str, str]]:
        for f in files:
            if "whatsnew" in f.parts and "changelog" in f.name:
                continue
            for p in rst_paragraphs(f.read_text(encoding="utf-8", errors="replace")):
                yield p, "en"
    return _mine(gen(), "python-docs", n_trigger, n_plain, TRIGGERS)


EXCLUDED_MODULE_PARTS = {"test", "tests", "idlelib", "ensurepip", "pip", "lib2to3", "turtledemo", "site-packages",
                         "dist-packages", "__pycache__"}


def stdlib(root: Path, n_doc: int, n_code: int) -> list[Row]:
    """Docstrings (trigger and plain) and short function bodies of the standard library."""
    files = [f for f in sorted(root.rglob("*.py")) if not EXCLUDED_MODULE_PARTS & set(f.relative_to(root).parts)]
    src = SOURCES["python-docstrings"]
    docs_t: list[Row] = []
    docs_p: list[Row] = []
    code: list[Row] = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        lines = text.splitlines()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef | ast.Module):
                doc = ast.get_docstring(node)
                if doc:
                    d = re.sub(r"\s+", " ", doc.strip())
                    if _good(d, 40, 1200):
                        (docs_t if TRIGGERS.search(d) else docs_p).append(
                            Row(d, 0, "benign", src.name, src.author_group, "en", "untrusted"))
            if isinstance(node, ast.FunctionDef) and node.end_lineno and 4 <= node.end_lineno - node.lineno <= 30:
                body = "\n".join(lines[node.lineno - 1:node.end_lineno])
                if 120 <= len(body) <= 1500:
                    code.append(Row(body, 0, "benign", src.name, src.author_group, "code", "untrusted"))
    rng = rng_for("stdlib")
    n_t = min(len(docs_t), n_doc * 2 // 3)
    return (rng.sample(docs_t, n_t) + rng.sample(docs_p, min(len(docs_p), n_doc - n_t))
            + rng.sample(code, min(len(code), n_code)))


def paragraph_pool(rows: list[Row]) -> list[str]:
    """English paragraphs long enough to build carriers (e-mails, pages, tool output) for indirect rows."""
    return [r.text for r in rows if r.lang == "en" and r.channel == "untrusted" and 80 <= len(r.text) <= 900
            and r.source != "python-docstrings"]
