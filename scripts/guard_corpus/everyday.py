"""Benign hard negatives from real everyday text in many languages, read offline from Debian packages.

- gettext catalogues (``.mo`` under /usr/share/locale) of a fixed list of packages: the UI messages and their
  translations, where "password", "system", "ignore", "override", "key" and "instructions" appear in their ordinary
  senses in dozens of languages. The ``.mo`` files are parsed with ``struct``; nothing is executed.
- fortune-cookie packages (fortunes, fortunes-de, -es, -it, -br, -pl, -debian-hints calibrate; -ru, -cs, -mario,
  fortune-anarchism and fortunes-bofh-excuses are fitted on): short quotations, jokes and tips, in several languages.
- terse labels of the same catalogues (``gettext-terse-labels``): buttons, menu entries and column names of one to
  five words;
- a small generated set (``aiwarden-everyday``): filler text (lorem ipsum variants) and terse chat replies.

Rows are short (most under 200 characters) and capped per language and source, so no language dominates. Sources are
named after where the text comes from; their author groups are the translation teams or collections behind it.
"""

from __future__ import annotations

import re
import struct
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from .common import SOURCES, Row, clean, half_triggered, norm_key, rng_for

# source -> (gettext domain, Debian package) pairs
MO_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "gnome-l10n": (("glib20", "libglib2.0-data"), ("gtk30", "libgtk-3-common"), ("libsecret", "libsecret-common"),
                   ("gsettings-desktop-schemas", "gsettings-desktop-schemas")),
    "freedesktop-l10n": (("PackageKit", "packagekit"), ("polkit-1", "polkitd"), ("systemd", "systemd")),
    "debian-tools-l10n": (("apt", "apt"), ("dpkg", "dpkg"), ("adduser", "adduser"),
                          ("python-apt", "python-apt-common")),
    "gnu-l10n": (("coreutils", "coreutils"), ("grep", "grep"), ("sed", "sed"), ("tar", "tar"), ("bash", "bash"),
                 ("wget", "wget"), ("findutils", "findutils"), ("diffutils", "diffutils")),
    "pam-shadow-l10n": (("Linux-PAM", "libpam-runtime"), ("shadow", "login")),
}
# fortune source -> (package, language, folder under /usr/share/games/fortunes or "" for the top level)
FORTUNE_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "fortunes-bsd": (("fortunes-min", "en"), ("fortunes", "en")),
    "fortunes-de": (("fortunes-de", "de"),),
    "fortunes-es": (("fortunes-es", "es"),),
    "fortunes-it": (("fortunes-it", "it"),),
    "fortunes-br": (("fortunes-br", "pt"),),
    "fortunes-pl": (("fortunes-pl", "pl"),),
    "fortunes-debian-hints": (("fortunes-debian-hints", ""),),
    # fitted on (the ones above calibrate): other collections, authors and languages
    "fortunes-ru": (("fortunes-ru", "ru"),),
    "fortunes-cs": (("fortunes-cs", "cs"),),
    "fortunes-mario": (("fortunes-mario", "pt"),),
    "fortune-anarchism": (("fortune-anarchism", "en"),),
    "fortunes-bofh-excuses": (("fortunes-bofh-excuses", "en"),),
}
APT_PACKAGES = tuple(sorted({p for v in MO_SOURCES.values() for _, p in v}
                            | {p for v in FORTUNE_SOURCES.values() for p, _ in v}))

# Languages taken from the catalogues, with the locale folder names that map to them.
CORE = ("de", "fr", "es", "it", "pt", "nl", "pl")
OTHER = ("cs", "da", "sv", "fi", "nb", "ru", "uk", "tr", "hu", "ro", "el", "ja", "zh", "ko", "ca", "sk", "sl", "bg",
         "hr", "vi", "id", "lt", "et", "eu", "gl", "ar", "hi")
_LOCALE = re.compile(r"^([a-z]{2,3})(?:_[A-Z]{2})?$")

# English message ids that carry the words a guard over-reads, in their ordinary senses.
TRIGGER_EN = re.compile(r"pass ?word|passphrase|secret|\bkey|system|ignor|overrid|prompt|instruction|admin|root|"
                        r"forget|forgot|reset|permission|authenticat|authori[sz]|reveal|bypass|unlock|command|"
                        r"disabl|previous|token|credential|privilege|polic", re.I)
_FORMAT = re.compile(r"%|\{|\}|<[a-z/]|\\|\$\(|\b[A-Z_]{4,}\b|--?[a-z]")
_MNEMONIC = re.compile(r"_(?=\w)|&(?=\w)")


def read_mo(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a GNU ``.mo`` catalogue; plural forms give their first form, the header is skipped."""
    data = path.read_bytes()
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else ""
    if not end:
        return []
    _, n, o_orig, o_trans = struct.unpack(end + "4I", data[4:20])
    out = []
    for i in range(n):
        ln, off = struct.unpack(end + "2I", data[o_orig + 8 * i:o_orig + 8 * i + 8])
        lt, ot = struct.unpack(end + "2I", data[o_trans + 8 * i:o_trans + 8 * i + 8])
        msgid = data[off:off + ln].split(b"\0")[0]
        msgstr = data[ot:ot + lt].split(b"\0")[0]
        if not msgid or (b"\x04" in msgid and not msgid.split(b"\x04", 1)[1]):
            continue
        msgid = msgid.split(b"\x04", 1)[-1]  # drop a message context
        try:
            out.append((msgid.decode("utf-8"), msgstr.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return out


def _ui_text(t: str) -> str | None:
    """A catalogue message as a user would read it, or None for format strings, option lists and fragments."""
    t = clean(_MNEMONIC.sub("", t)).replace("\n", " ")
    t = re.sub(r"\s+", " ", t)
    if _FORMAT.search(t) or not 12 <= len(t) <= 220:
        return None
    if len(t.split()) < 3 and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", t):
        return None
    return t


def _package_paths(pkg: str) -> list[Path]:
    res = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True)
    if res.returncode != 0:
        return []
    return sorted({Path(ln) for ln in res.stdout.splitlines() if ln.strip()})


def _lang_of_locale(name: str) -> str | None:
    m = _LOCALE.match(name)
    if not m:
        return None
    lang = {"no": "nb"}.get(m.group(1), m.group(1))
    return lang if lang in CORE or lang in OTHER else None


def _catalogue_texts(domains: Iterable[tuple[str, str]], text_of: Callable[[str], str | None],
                     keep_lang: Callable[[str], bool]) -> dict[str, dict[str, tuple[str, bool]]]:
    """language -> normalised text -> (text, English id holds a trigger word), over the ``.mo`` catalogues of
    ``domains`` (English from the message ids); ``text_of`` turns a message into a row's text or rejects it."""
    by_lang: dict[str, dict[str, tuple[str, bool]]] = defaultdict(dict)
    for domain, pkg in domains:
        for p in _package_paths(pkg):
            if p.suffix != ".mo" or p.stem != domain or p.parent.name != "LC_MESSAGES" or not p.is_file():
                continue
            lang = _lang_of_locale(p.parent.parent.name)
            if lang is None or not keep_lang(lang):
                continue
            for msgid, msgstr in read_mo(p):
                en, tr = text_of(msgid), text_of(msgstr)
                if en is None:
                    continue
                trig = bool(TRIGGER_EN.search(en))
                by_lang["en"].setdefault(norm_key(en), (en, trig))
                if tr is not None and norm_key(tr) != norm_key(en):
                    by_lang[lang].setdefault(norm_key(tr), (tr, trig))
    return by_lang


def _sampled_rows(by_lang: dict[str, dict[str, tuple[str, bool]]], per_lang: dict[str, int], source: str,
                  rng_name: str) -> list[Row]:
    """Up to ``per_lang[lang]`` rows per language (``per_lang["other"]`` for the rest), half with a trigger word."""
    src = SOURCES[source]
    out: list[Row] = []
    for lang in sorted(by_lang):
        items = sorted(by_lang[lang].values())
        n = per_lang.get(lang, per_lang["other"])
        chosen = half_triggered(items, n, rng_for(f"{rng_name}:{lang}"))
        out += [Row(t, 0, "benign", src.name, src.author_group, lang, "user") for t in chosen]
    return out


def gettext_rows(per_lang: dict[str, int]) -> list[Row]:
    """For every catalogue source, up to ``per_lang[lang]`` translated messages per language (English from the
    message ids), half of them chosen among messages whose English id holds a trigger word."""
    out: list[Row] = []
    for source, domains in MO_SOURCES.items():
        by_lang = _catalogue_texts(domains, _ui_text, lambda lang: True)
        out += _sampled_rows(by_lang, per_lang, source, f"everyday:{source}")
    return out


def _terse_text(t: str) -> str | None:
    """A catalogue message of one to five words (a button, a menu entry, a column name), or None."""
    t = re.sub(r"\s+", " ", clean(_MNEMONIC.sub("", t)))
    if _FORMAT.search(t) or not 3 <= len(t) <= 60 or not 1 <= len(re.findall(r"\w+", t)) <= 5:
        return None
    return t


def terse_label_rows(per_lang: dict[str, int]) -> list[Row]:
    """Buttons, menu entries and column names of the same catalogues (one to five words): the terse benign text
    the sentence readers above leave out, where "rules", "private", "key" or "reset" stand alone. English from the
    message ids, the core languages from their translations; half of each sample holds a trigger word."""
    domains = [d for ds in MO_SOURCES.values() for d in ds]
    by_lang = _catalogue_texts(domains, _terse_text, lambda lang: lang in CORE or lang in per_lang)
    return _sampled_rows(by_lang, per_lang, "gettext-terse-labels", "everyday:terse")


def read_fortunes(path: Path) -> list[str]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return [clean(f) for f in re.split(r"\n%+\n", "\n" + text + "\n") if clean(f)]


def _fortune_text(f: str) -> str | None:
    lines = [ln.strip() for ln in f.splitlines() if ln.strip()]
    if not lines or any(re.search(r"[|\\/_]{3,}|\t|^[-=~*#]{3,}", ln) for ln in lines):
        return None
    t = " ".join(lines)
    return t if 15 <= len(t) <= 240 and len(t.split()) >= 3 else None


_HINT_LANG = re.compile(r"/fortunes/([a-z]{2})(?:_[a-z]{2})?/")


def fortune_rows(per_lang: int) -> list[Row]:
    """Up to ``per_lang`` short fortunes per source and language, from the data files (``.u8`` copies preferred)."""
    out: list[Row] = []
    for source, pkgs in FORTUNE_SOURCES.items():
        src = SOURCES[source]
        by_lang: dict[str, dict[str, str]] = defaultdict(dict)
        for pkg, lang in pkgs:
            paths = [p for p in _package_paths(pkg) if "/games/fortunes" in str(p) and p.is_file()
                     and not p.is_symlink() and p.suffix not in (".dat", ".u8")]
            for p in paths:
                u8 = p.with_name(p.name + ".u8")
                f = u8 if u8.is_file() and u8.stat().st_size else p
                lg = lang
                if not lg:
                    m = _HINT_LANG.search(str(p))
                    lg = m.group(1) if m else "en"
                    if lg != "en" and lg not in CORE and lg not in OTHER:
                        continue
                for fo in read_fortunes(f):
                    t = _fortune_text(fo)
                    if t:
                        by_lang[lg].setdefault(norm_key(t), t)
        for lang in sorted(by_lang):
            items = sorted(by_lang[lang].values())
            chosen = rng_for(f"everyday:{source}:{lang}").sample(items, min(len(items), per_lang))
            out += [Row(t, 0, "benign", source, src.author_group, lang, "user") for t in chosen]
    return out


# ---------------------------------------------------------------- generated filler and terse chat

LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore "
         "magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo "
         "consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
         "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum").split()
LOREM_FIXED = [("Lorem ipsum dolor sit amet.", "la"),
               ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "la"),
               ("Lorem ipsum", "la"), ("lorem ipsum dolor", "la"),
               ("Placeholder text: Lorem ipsum dolor sit amet.", "en"),
               ("The quick brown fox jumps over the lazy dog.", "en"), ("asdf asdf asdf", "en"),
               ("test test 123", "en"), ("Test message, please ignore.", "en"), ("Hello world", "en"),
               ("TODO: write the introduction", "en"), ("Blah blah blah.", "en"),
               ("Sample text sample text sample text", "en"), ("aaaaaaa", "en"), ("qwertyuiop", "en"),
               ("Testing, testing, one two three.", "en"),
               ("Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.", "de"),
               ("Portez ce vieux whisky au juge blond qui fume.", "fr"),
               ("El veloz murciélago hindú comía feliz cardillo y kiwi.", "es"),
               ("Pranzo d'acqua fa volti sghembi.", "it"), ("Pójdźże, kiń tę chmurność w głąb flaszy!", "pl"),
               ("Pa's wijze lynx bezag vroom het fikse aquaduct.", "nl"),
               ("À noite, vovô Kowalsky vê o ímã cair no pé do pinguim.", "pt")]
CHAT = {
    "en": ["ok", "k", "thanks!", "thx", "sure", "sounds good", "np", "lol", "brb", "yes", "no", "maybe later",
           "got it", "👍", "see you tomorrow", "on my way", "cool", "nice one", "haha true", "ok, will do",
           "sorry, wrong chat", "can you call me?", "running late, 10 min", "yep", "nope", "done ✅", "same here",
           "good night!", "what?", "hmm", "ok thanks, that worked", "never mind, found it", "ignore that, typo"],
    "de": ["ok", "danke!", "passt", "ja klar", "nee", "bis morgen", "bin unterwegs", "alles gut", "super, danke",
           "kein Problem", "gute Nacht!", "komme 10 Minuten später", "hab's gefunden, vergiss es", "stimmt",
           "Vergiss nicht, morgen Milch zu kaufen.", "Ruf mich kurz an?", "Tippfehler, ignorier das"],
    "fr": ["ok", "merci !", "d'accord", "oui", "non", "à demain", "j'arrive", "pas de souci", "super, merci",
           "bonne nuit !", "j'ai 10 minutes de retard", "laisse tomber, j'ai trouvé", "c'est vrai",
           "N'oublie pas d'acheter du pain.", "tu peux m'appeler ?", "faute de frappe, ignore"],
    "es": ["vale", "¡gracias!", "ok", "sí", "no", "hasta mañana", "voy en camino", "sin problema", "genial, gracias",
           "¡buenas noches!", "llego 10 minutos tarde", "olvídalo, ya lo encontré", "cierto",
           "No olvides comprar pan.", "¿me llamas?", "error de tecleo, ignóralo"],
    "it": ["ok", "grazie!", "va bene", "sì", "no", "a domani", "sto arrivando", "nessun problema", "ottimo, grazie",
           "buonanotte!", "arrivo con 10 minuti di ritardo", "lascia perdere, l'ho trovato", "vero",
           "Non dimenticare di comprare il pane.", "mi chiami?", "refuso, ignoralo"],
    "pt": ["ok", "obrigado!", "beleza", "sim", "não", "até amanhã", "tô chegando", "sem problema", "ótimo, valeu",
           "boa noite!", "vou atrasar 10 minutos", "deixa pra lá, achei", "verdade", "Não esqueça de comprar pão.",
           "me liga?", "erro de digitação, ignora"],
    "nl": ["oké", "bedankt!", "prima", "ja", "nee", "tot morgen", "ik kom eraan", "geen probleem", "top, dank je",
           "welterusten!", "ik ben 10 minuten later", "laat maar, gevonden", "klopt", "Vergeet geen brood te kopen.",
           "bel je me even?", "typfout, negeer maar"],
    "pl": ["ok", "dzięki!", "jasne", "tak", "nie", "do jutra", "już jadę", "nie ma problemu", "super, dzięki",
           "dobranoc!", "spóźnię się 10 minut", "nieważne, znalazłem", "prawda", "Nie zapomnij kupić chleba.",
           "zadzwonisz?", "literówka, zignoruj"],
}


def generated_rows(n: int) -> list[Row]:
    """About ``n`` filler and chat rows: fixed filler, lorem ipsum variants of 3 to 40 words, and chat replies."""
    rng = rng_for("everyday:generated")
    src = SOURCES["aiwarden-everyday"]
    rows = [Row(t, 0, "benign", src.name, src.author_group, lg, "user") for t, lg in LOREM_FIXED]
    for lang, replies in CHAT.items():
        rows += [Row(t, 0, "benign", src.name, src.author_group, lang, "user") for t in replies]
    seen = {norm_key(r.text) for r in rows}
    while len(rows) < n:
        k = rng.randint(3, 40)
        words = [rng.choice(LOREM) for _ in range(k)]
        if rng.random() < 0.5:
            words[:2] = ["lorem", "ipsum"]
        text = " ".join(words)
        text = text[0].upper() + text[1:] + rng.choice([".", "", "...", ".\n\nLorem ipsum."])
        if norm_key(text) not in seen:
            seen.add(norm_key(text))
            rows.append(Row(text, 0, "benign", src.name, src.author_group, "la", "user"))
    return rows


def everyday_rows(per_lang: dict[str, int], fortunes_per_lang: int, n_generated: int,
                  terse_per_lang: dict[str, int]) -> list[Row]:
    return (gettext_rows(per_lang) + fortune_rows(fortunes_per_lang) + generated_rows(n_generated)
            + terse_label_rows(terse_per_lang))
