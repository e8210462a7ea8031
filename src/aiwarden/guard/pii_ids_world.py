"""National identifiers of more countries: personal numbers, tax and business ids, each validated by its issuer's
check digit and embedded date (pii_id_checks) and found in its printed forms.

Which ones stand alone: a form that ordinary numbers do not take (letters in fixed places, the issuer's own
separators: 131052-308T, 756.1234.5678.97, A123456(3), 11010519491231002X) with a check that random values
rarely pass. Everything else - a bare run of eight to fourteen digits with a single mod 10 or mod 11 check, or
with no check at all - needs the id's name (in its languages) just before it on the same line, because such
numbers are everywhere in logs, tables, order ids and timestamps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from aiwarden.guard import pii_id_checks as c
from aiwarden.guard.alternatives import Alternation
from aiwarden.guard.pii_ids import KEYWORD_WINDOW, keyword_before

Span = tuple[int, int, str]

_NB: Final = r"(?![\w/+-]|[.,]\d|[ -]\d)"  # nor its head
_SEPARATORS: Final = str.maketrans("", "", " .-/()")
_SIX_DIGITS: Final = re.compile(r"[0-9]\d{5}")
_ANY_SIX_DIGITS: Final = re.compile(r"\d\d{5}")  # the first \d apart: a pattern that starts with a class skips ahead
_GROUPED: Final = re.compile(r"[0-9][ .-]\d")


@dataclass(frozen=True)
class IdKind:
    rule_id: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool]
    keyword: re.Pattern[str] | None  # the id's name; None: the form alone decides
    # Substrings the keyword needs: skip the kind when none is present. Short Latin acronyms (up to four letters)
    # are looked for in capitals in the text, because in lower case they are inside every other word.
    hints: tuple[str, ...] = ()
    # Whether this printed match may stand without the keyword (its separators or letters are the issuer's form).
    standalone: Callable[[re.Match[str]], bool] | None = None
    separators_are_data: bool = False  # the Finnish century sign is a dash, plus or letter
    digits_optional: bool = False  # the form may have fewer than six digits in a row and no digit groups (PAN)


def _always(m: re.Match[str]) -> bool:
    return True


def _always_kind(kind: IdKind) -> bool:
    return True


def _has(chars: str) -> Callable[[re.Match[str]], bool]:
    return lambda m: any(ch in m.group(0) for ch in chars)


def word_pattern(first: str, rest: str) -> re.Pattern[str]:
    """A code starting with a letter from ``first``, not inside a longer word (the letter first, for speed)."""
    return re.compile(f"{first}(?<!\\w{first}){rest}")


def _kw(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# The names every country's personal number goes by in English ("national ID", "ID number", "personal code"):
# enough for the kinds whose check is strong (an embedded birth date and a check digit), which random digits
# pass less than once in a hundred.
GENERIC_LABEL: Final = (
    r"(?i:national (?:id(?:entity|entification)?|identity|insurance)(?: (?:card|number|no\.?|code))?|"
    r"\bid(?:entity|entification)? (?:card |document )?(?:number|no\.?|code)\b|identity (?:card|number|code)|"
    r"personal (?:id(?:entity|entification)? |identity )?(?:number|code|no\.?)|citizen(?:'s)? (?:id|number))"
)
GENERIC_HINTS: Final = ("national", "id number", "id no", "identity", "identification", "personal",
                        "citizen", "id card", "id code")


def _kw_or_generic(pattern: str) -> re.Pattern[str]:
    return re.compile(f"{pattern}|{GENERIC_LABEL}")


_GENERIC: Final = re.compile(GENERIC_LABEL)
_GENERIC_TAIL: Final = "|" + GENERIC_LABEL
_PLAIN_FLAGS: Final = re.IGNORECASE | re.UNICODE  # a global flag beyond these would change the label's meaning


def without_generic(keyword: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """For a keyword written ``names|GENERIC_LABEL``, the names alone (None for any other keyword).

    Where the generic label matches nowhere in a text, the alternation matches exactly where and what the names
    alone match (it tries them first at each position), and one search for the label costs less than running
    the slower alternation of every kind that allows it."""
    if keyword is None or not keyword.pattern.endswith(_GENERIC_TAIL) or keyword.flags & ~_PLAIN_FLAGS:
        return None
    return re.compile(keyword.pattern[:-len(_GENERIC_TAIL)], keyword.flags)


_LEADING: Final = re.compile(r"\\d\{(\d+)(?:,(\d+))?\}|\\d|([0-9])")


def digits_pattern(pattern: str, end: str = _NB) -> re.Pattern[str]:
    """``pattern`` (each top-level alternative starting with a digit) between the not-after and not-before guards.

    The first digit is taken out in front of the guard so that the regex engine can skip ahead to the next digit
    instead of trying the look-behind at every character: three times faster on prose."""
    alternatives = []
    for alternative in pattern.split("|"):
        m = _LEADING.match(alternative)
        assert m is not None, alternative
        if m.group(3):  # a literal digit: keep the rest after it
            alternatives.append((m.group(3), alternative[1:]))
        elif m.group(1):
            low, high = int(m.group(1)) - 1, m.group(2)
            rest = f"\\d{{{low},{int(high) - 1}}}" if high else f"\\d{{{low}}}"
            alternatives.append(("", rest + alternative[m.end():]))
        else:
            alternatives.append(("", alternative[m.end():]))
    firsts = {first for first, _ in alternatives}
    first = firsts.pop() if len(firsts) == 1 and "" not in firsts else "[0-9]"
    assert first == "[0-9]" or all(f == first for f, _ in alternatives)
    body = "|".join(rest for _, rest in alternatives)
    return re.compile(f"{first}(?<![\\w.,/+-]{first})(?:{body}){end}")


_word = word_pattern
_digits = digits_pattern

KINDS: Final[tuple[IdKind, ...]] = (
    # --- standalone forms -------------------------------------------------------------------------------------
    IdKind("pii.cn-resident-id", _digits(r"\d{17}[\dX]", r"(?![\w/+-]|[.,]\d)"),
           c.cn_resident_id, _kw(r"(?i)身份证|resident id|id card"), (), _always),
    IdKind("pii.fi-hetu", _digits(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", r"(?![\w/+-])"), c.fi_hetu,
           None, (), _always, separators_are_data=True),
    IdKind("pii.mx-curp", _word("[A-Z]", r"[AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b"),
           c.mx_curp, None, (), _always),
    IdKind("pii.mx-rfc", _word("[A-ZÑ&]", r"[A-ZÑ&]{2,3}\d{6}[A-Z\d]{2}[\dA]\b"), c.mx_rfc, None, (), _always),
    IdKind("pii.sg-nric", _word("[STFG]", r"\d{7}[A-Z]\b"), c.sg_nric, None, (), _always),
    IdKind("pii.hk-hkid", _word("[A-Z]", r"[A-Z]?\d{6}(?:\([0-9A]\)|[0-9A]\b)"), c.hk_hkid,
           _kw(r"(?i)\bhkid\b|identity card|身份證|身分證"), ("hkid", "identity card", "身份證", "身分證"), _has("(")),
    IdKind("pii.ch-ahv", _digits(r"756(\.?)\d{4}\1\d{4}\1\d{2}"), c.ch_ahv,
           _kw(r"(?i)\b(?:ahv|avs|oasi|ssn)\b|sozialversicherung|assurance[ -]vieillesse|\bav[sh]-?n"),
           ("ahv", "avs", "oasi", "ssn", "sozialvers", "assurance"), _has(".")),
    IdKind("pii.be-national-number", _digits(r"\d{2}(\.?)\d{2}\1\d{2}[- ]?\d{3}\1\d{2}"), c.be_national_number,
           _kw(r"(?i)rijksregister|registre national|num[ée]ro national|national (?:number|register)|\bniss\b|"
               r"\binsz\b|identificatienummer|\bnn\b"),
           ("rijksregister", "registre national", "national", "niss", "insz", "identificatie", "nn"),
           lambda m: "." in m.group(0) and "-" in m.group(0)),
    IdKind("pii.se-personnummer", _digits(r"\d{6}(?:\d\d)?[-+]?\d{4}"), c.se_personnummer,
           _kw_or_generic(r"(?i)personnummer|personnr|samordningsnummer|\bpnr\b"),
           ("personn", "samordning", "pnr", *GENERIC_HINTS), _has("-+")),
    IdKind("pii.cz-sk-birth-number", _digits(r"\d{6}/?\d{3,4}"), c.cz_sk_birth_number,
           _kw(r"(?i)rodn[ée] [čc][íi]slo|\br\.? ?[čc]\.?(?!\w)|birth number"), ("rodn", "r.č", "rč", "rc", "birth"),
           lambda m: "/" in m.group(0) and len(m.group(0)) == 11),  # the nine-digit form has no check digit
    IdKind("pii.kr-rrn", _digits(r"\d{6}-?[0-9]\d{6}"), c.kr_rrn,
           _kw(r"(?i)주민등록번호|주민번호|\brrn\b|resident registration"), ("주민", "rrn", "resident reg"),
           lambda m: "-" in m.group(0) and c.kr_rrn_check(m.group(0).replace("-", ""))),
    IdKind("pii.ar-cuit", _digits(r"\d{2}-?\d{8}-?\d"), c.ar_cuit, _kw(r"(?i)\bcui[tl]\b"),
           ("cuit", "cuil"), lambda m: m.group(0).count("-") == 2),
    IdKind("pii.cl-rut", _digits(r"\d{1,2}(\.?)\d{3}\1\d{3}-?[\dkK]", r"(?![\w/+-]|[.,]\d)"), c.cl_rut,
           _kw(r"(?i)\bru[tn]\b|rol [úu]nico"), ("rut", "run", "rol "),
           lambda m: m.group(0).count(".") == 2 and "-" in m.group(0)),
    IdKind("pii.us-itin", _digits(r"9\d{2}(-?)\d{2}\1\d{4}"), c.us_itin,
           _kw(r"(?i)\bitin\b|individual taxpayer|\btin\b|taxpayer id"), ("itin", "taxpayer", "tin"), _has("-")),
    # CNPJ: letters allowed in the first twelve places from 2026
    IdKind("pii.br-cnpj", _word("[0-9A-Z]", r"[0-9A-Z](\.?)[0-9A-Z]{3}\1[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}\b"),
           c.br_cnpj, _kw(r"(?i)\bcnpj\b"), ("cnpj",),
           lambda m: m.group(0).count(".") == 2 and "/" in m.group(0) and "-" in m.group(0)),
    IdKind("pii.lu-matricule", _digits(r"\d{4} ?\d{4} ?\d{3} ?\d{2}"), c.lu_matricule,
           _kw(r"(?i)matricule|num[ée]ro d.identification|identifikationsnummer|\bcns\b"),
           ("matricule", "identification", "identifikationsnummer", "cns")),
    IdKind("pii.ca-bn", _digits(r"\d{9}(?: ?[A-Z]{2} ?\d{4})?"), c.ca_bn,
           _kw(r"(?i)\bbn\b|business number|num[ée]ro d.entreprise|\bneq\b"), ("bn", "business number", "entreprise"),
           lambda m: len(m.group(0).replace(" ", "")) == 15),
    # --- keyword required ---------------------------------------------------------------------------------------
    IdKind("pii.uk-nhs", _digits(r"\d{3}([ -]?)\d{3}\1\d{4}"), c.uk_nhs,
           _kw(r"\bNHS\b|(?i:nhs (?:number|no\.?))|\bCHI\b"), ("nhs", "chi")),
    IdKind("pii.hu-personal-id", _digits(r"\d{1}[ -]?\d{6}[ -]?\d{4}"), c.hu_personal_id,
           _kw_or_generic(r"(?i)szem[ée]lyi (?:sz[áa]m|azonos[íi]t[óo])|szem[ée]lyazonos[íi]t[óo]"),
           ("személy", "szemely", *GENERIC_HINTS)),
    IdKind("pii.hu-taj", _digits(r"\d{3}[ -]?\d{3}[ -]?\d{3}"), c.hu_taj,
           _kw(r"\bTAJ\b|(?i:t[áa]rsadalombiztos[íi]t[áa]si azonos[íi]t[óo])"), ("taj", "társadalombiztos")),
    IdKind("pii.hu-tax-id", _digits(r"8\d{9}"), c.hu_tax_id, _kw(r"(?i)ad[óo]azonos[íi]t[óo]|ad[óo]sz[áa]m"),
           ("adóazonosító", "adoazonosito", "adószám")),
    IdKind("pii.pl-pesel", _digits(r"\d{11}"), c.pl_pesel, _kw_or_generic(r"(?i)\bpesel\b"),
           ("pesel", *GENERIC_HINTS)),
    IdKind("pii.pl-nip", _digits(r"\d{3}-?\d{3}-?\d{2}-?\d{2}|\d{3}-\d{2}-\d{2}-\d{3}"), c.pl_nip,
           _kw(r"(?i)\bnip\b"), ("nip",)),
    IdKind("pii.pl-regon", _digits(r"\d{9}|\d{14}"), c.pl_regon, _kw(r"(?i)\bregon\b"), ("regon",)),
    IdKind("pii.no-fodselsnummer", _digits(r"\d{6} ?\d{5}"), c.no_fodselsnummer,
           _kw_or_generic(r"(?i)f[øo]dselsnummer|personnummer|\bf\.? ?nr\b|d-nummer"),
           ("dselsnummer", "personnummer", "nr", "d-nummer", *GENERIC_HINTS), _has(" ")),  # two check digits
    IdKind("pii.dk-cpr", _digits(r"\d{6}-?\d{4}"), c.dk_cpr, _kw_or_generic(r"(?i)\bcpr\b|personnummer"),
           ("cpr", "personnummer", *GENERIC_HINTS)),
    IdKind("pii.pt-nif", _digits(r"\d{3} ?\d{3} ?\d{3}"), c.pt_nif,
           _kw(r"(?i)\bnif\b|\bnipc\b|contribuinte"), ("nif", "nipc", "contribuinte")),
    IdKind("pii.at-svnr", _digits(r"\d{4} ?\d{6}"), c.at_svnr,
           _kw(r"(?i)\bsvnr\b|\bvsnr\b|sv-nummer|sozialversicherungsnummer|versicherungsnummer"),
           ("svnr", "vsnr", "sv-nummer", "versicherungsnummer")),
    IdKind("pii.ie-pps", _digits(r"\d{7}[A-W][A-IW]?", r"(?![\w/+-])"), c.ie_pps,
           _kw(r"(?i)\bppsn?\b|personal public service"), ("pps", "personal public")),
    # Not alone: a birth date, a county code and one check digit let about one random 13-digit number in 700
    # through (measured on order numbers and ids in prose).
    IdKind("pii.ro-cnp", _digits(r"\d{13}"), c.ro_cnp,
           _kw_or_generic(r"(?i)\bcnp\b|cod numeric personal"), ("cnp", "cod numeric", *GENERIC_HINTS)),
    IdKind("pii.bg-egn", _digits(r"\d{10}"), c.bg_egn, _kw_or_generic(r"(?i)\bегн\b|\begn\b"),
           ("егн", "egn", *GENERIC_HINTS)),
    IdKind("pii.hr-oib", _digits(r"\d{11}"), c.hr_oib, _kw(r"(?i)\boib\b"), ("oib",)),
    IdKind("pii.si-emso", _digits(r"\d{13}"), c.si_emso, _kw_or_generic(r"(?i)\bem[šs]o\b"),
           ("emšo", "emso", *GENERIC_HINTS)),  # alone: as a JMBG (pii_ids_more), the same number
    IdKind("pii.lt-ee-personal-code", _digits(r"\d{11}"), c.lt_ee_personal_code,
           _kw_or_generic(r"(?i)asmens kodas|isikukood|personal code|\ba\.? ?k\.?(?!\w)"),
           ("asmens", "isikukood", "personal code", "a.k", "ak", *GENERIC_HINTS)),
    IdKind("pii.lv-personal-code", _digits(r"\d{6}-?\d{5}"), c.lv_personal_code,
           _kw_or_generic(r"(?i)personas kods|personal code|\bp\.? ?k\.?(?!\w)"),
           ("personas kods", "personal code", "p.k", "pk", *GENERIC_HINTS)),
    IdKind("pii.gr-amka", _digits(r"\d{11}"), c.gr_amka,
           _kw(r"(?i)\bamka\b|\bαμκα\b|α\.μ\.κ\.α"), ("amka", "αμκα", "α.μ.κ.α")),
    IdKind("pii.tr-kimlik", _digits(r"\d{11}"), c.tr_kimlik,
           _kw_or_generic(r"(?i)kimlik|\btckn\b|\bt\.? ?c\.? (?:no|numaras)"),
           ("kimlik", "tckn", "t.c", "tc", *GENERIC_HINTS)),
    IdKind("pii.il-teudat-zehut", _digits(r"\d{8,9}"), c.il_teudat_zehut,
           _kw(r"(?i)teudat zehut|ת\.ז|תעודת זהות|israeli id"), ("teudat", "ת.ז", "תעודת", "israeli id")),
    IdKind("pii.za-id", _digits(r"\d{6} ?\d{4} ?\d{3}"), c.za_id,
           _kw(r"(?i)\b(?:sa|rsa|south african) id\b|\bid (?:number|no\.?)|identity number"),
           ("id number", "id no", "sa id", "rsa id", "african id", "identity number")),
    IdKind("pii.au-tfn", _digits(r"\d{3} ?\d{3} ?\d{2,3}"), c.au_tfn, _kw(r"(?i)\btfn\b|tax file number"),
           ("tfn", "tax file")),
    IdKind("pii.au-abn", _digits(r"\d{2} ?\d{3} ?\d{3} ?\d{3}"), c.au_abn,
           _kw(r"(?i)\babn\b|australian business number"), ("abn", "australian business")),
    IdKind("pii.au-medicare", _digits(r"\d{4} ?\d{5} ?\d(?:[ /-]?\d)?"), c.au_medicare, _kw(r"(?i)medicare"),
           ("medicare",)),
    IdKind("pii.nz-ird", _digits(r"\d{2,3}-?\d{3}-?\d{3}"), c.nz_ird, _kw(r"(?i)\bird\b|inland revenue"),
           ("ird", "inland revenue")),
    IdKind("pii.jp-my-number", _digits(r"\d{4}[ -]?\d{4}[ -]?\d{4}"), c.jp_my_number,
           _kw(r"(?i)マイナンバー|個人番号|my ?number"), ("マイナンバー", "個人番号", "my number", "mynumber")),
    IdKind("pii.tw-national-id", _word("[A-Z]", r"[1289]\d{8}\b"), c.tw_national_id,
           _kw(r"(?i)身分證|身份證|統一證號|national id|\bid (?:number|no\.?)|\barc\b"),
           ("身分證", "身份證", "統一證號", "national id", "id number", "id no", "arc")),
    IdKind("pii.in-pan", _word("[A-Z]", r"[A-Z]{4}\d{4}[A-Z]\b"), c.in_pan,
           _kw(r"\bPAN\b|(?i:permanent account number|pan (?:card|no\.?|number))"), ("pan", "permanent account"),
           digits_optional=True),
    IdKind("pii.ar-dni", _digits(r"\d{1,2}(\.?)\d{3}\1\d{3}"), lambda d: int(d) >= 1_000_000,
           _kw(r"(?i)\bd\.?n\.?i\.?(?!\w)|documento nacional"), ("dni", "d.n.i", "documento nacional")),
    IdKind("pii.co-nit", _digits(r"\d{3}(\.?)\d{3}\1\d{3}-?\d"), c.co_nit, _kw(r"(?i)\bnit\b"), ("nit",)),
    IdKind("pii.pe-ruc", _digits(r"\d{11}"), c.pe_ruc, _kw(r"(?i)\bruc\b"), ("ruc",)),
    IdKind("pii.us-ein", _digits(r"\d{2}-?\d{7}"), c.us_ein,
           _kw(r"(?i)\bf?ein\b|employer identification|\btin\b|tax id|taxpayer id"),
           ("ein", "employer identification", "tin", "tax id", "taxpayer")),
)


_ACRONYM: Final = re.compile(r"[a-z]{2,4}")
# The capitalised acronyms are all A-Z, so one occurs in a text exactly where it occurs inside a run of capitals:
# the runs, joined by spaces, are a short string to look for them in (prose has few capitals in a row).
_CAPITAL_RUNS: Final = re.compile(r"[A-Z]{2,}")


def _hints(kind: IdKind) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kind's hints to find in the text as written (capitalised acronyms) and in the lower-cased text."""
    return (tuple(h.upper() for h in kind.hints if _ACRONYM.fullmatch(h)),
            tuple(h for h in kind.hints if not _ACRONYM.fullmatch(h)))


@dataclass(frozen=True, slots=True)
class _HintScreen:
    """Every hint of a table's keyword-only kinds, looked for once per text: kinds share hints (the generic
    labels), and testing each kind's hints in turn cost more than the id patterns themselves. A standalone kind is
    scanned whatever its hints say, so its hints are not looked for (it counts as not hinted); so is a kind left
    out with ``only`` (the caller will not scan it)."""
    cased: tuple[str, ...]
    lower: tuple[str, ...]
    lower_ascii: tuple[str, ...]  # the lower-case hints an ASCII text can hold (the others have other letters)
    per_kind: tuple[tuple[frozenset[str], frozenset[str]], ...]
    names_only: tuple[re.Pattern[str] | None, ...]  # each kind's keyword without the generic label, if it has one
    # each kind's names (its keyword, or its keyword without the generic label) searched one alternative at a time
    names: tuple[Alternation | None, ...]
    # the kinds the screen keeps, by index: without six digits in a row in the text, and with them
    runnable: tuple[tuple[int, ...], tuple[int, ...]]

    @classmethod
    def of(cls, kinds: tuple[IdKind, ...], only: Callable[[IdKind], bool] = _always_kind) -> _HintScreen:
        split = [_hints(kind) if kind.standalone is None and only(kind) else ((), ()) for kind in kinds]
        lower = tuple(sorted({h for _, lower in split for h in lower}))
        names_only = tuple(without_generic(kind.keyword) for kind in kinds)
        kept = [i for i, kind in enumerate(kinds) if only(kind)]
        return cls(tuple(sorted({h for cased, _ in split for h in cased})), lower,
                   tuple(h for h in lower if h.isascii()),
                   tuple((frozenset(cased), frozenset(lower)) for cased, lower in split), names_only,
                   tuple(_alternation(names if names is not None else kind.keyword)
                         for kind, names in zip(kinds, names_only, strict=True)),
                   (tuple(i for i in kept if kinds[i].rule_id not in SIX_DIGIT_KINDS), tuple(kept)))

    def hinted(self, facts: _TextFacts, indexes: Sequence[int] | None = None) -> list[bool]:
        """For each keyword-only kind (or each of ``indexes``), whether one of its hints is in the text (False for
        standalone kinds)."""
        capitals, lowered = facts.capitals, facts.lowered
        cased = {h for h in self.cased if h in capitals} if capitals else set()
        lower = {h for h in (self.lower_ascii if lowered.isascii() else self.lower) if h in lowered}
        per_kind = self.per_kind if indexes is None else [self.per_kind[i] for i in indexes]
        return [not c.isdisjoint(cased) or not low.isdisjoint(lower) for c, low in per_kind]


@dataclass(frozen=True, slots=True)
class _TextFacts:
    """What a table's scan asks of the text before any id pattern runs, worked out once per text: pii_ids_more
    scans the same text with its own table right after this one."""
    text: str
    grouped: bool  # six digits in a row, or a digit-separator-digit group
    six_digits: bool  # six digits of any script in a row
    lowered: str
    capitals: str  # runs of capitals, joined by spaces
    generic: _GenericLabels  # the generic label's matches, looked for as the kinds ask

    @classmethod
    def of(cls, text: str) -> _TextFacts:
        six_led_by_ascii = _SIX_DIGITS.search(text) is not None
        return cls(text, six_led_by_ascii or _GROUPED.search(text) is not None,
                   six_led_by_ascii or _ANY_SIX_DIGITS.search(text) is not None,
                   text.lower(), " ".join(_CAPITAL_RUNS.findall(text)), _GenericLabels(text))


class _GenericLabels:
    """The generic label's matches in one text, shared by the kinds whose keyword is ``names|GENERIC_LABEL``: the
    label's alternation costs as much as a kind's own names, and a text that holds it would otherwise be scanned
    for it once per such kind."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._from: dict[int, re.Match[str] | None] = {}  # pos -> the leftmost match at or after it (or None)

    def next_from(self, pos: int) -> re.Match[str] | None:
        """The leftmost match of the generic label that starts at ``pos`` or later. The kinds ask from the same
        places (the start, the end of each label), so most answers are remembered ones."""
        if pos not in self._from:
            self._from[pos] = _GENERIC.search(self._text, pos)
        return self._from[pos]


def label_matches(names: Alternation, generic: _GenericLabels, text: str, lowered: str
                  ) -> Iterator[re.Match[str]]:
    """The matches ``re.compile(names.pattern.pattern + "|" + GENERIC_LABEL).finditer(text)`` gives, from the two
    parts' own searches: at each step the leftmost of the two, the names where both start at the same place (as the
    alternation tries them first). Neither part matches an empty string, so each step starts where the last ended."""
    searcher = names.searcher(text, lowered)
    n, g = searcher.search(0), generic.next_from(0)
    while n is not None or g is not None:
        hit = n if n is not None and (g is None or n.start() <= g.start()) else g
        assert hit is not None
        yield hit
        pos = hit.end()
        if n is not None and n.start() < pos:
            n = searcher.search(pos)
        if g is not None and g.start() < pos:
            g = generic.next_from(pos)


def _alternation(pattern: re.Pattern[str] | None) -> Alternation | None:
    return None if pattern is None else Alternation(pattern)


_LAST_FACTS: list[_TextFacts] = []  # the facts of the text scanned last (one entry)


def _facts(text: str) -> _TextFacts:
    last = _LAST_FACTS[0] if _LAST_FACTS else None
    if last is not None and last.text is text:
        return last
    facts = _TextFacts.of(text)
    _LAST_FACTS[:] = [facts]
    return facts


_SCREENS: dict[tuple[int, bool], tuple[tuple[IdKind, ...], _HintScreen]] = {}
# The kinds (here and in pii_ids_more) whose every match holds six digits in a row: each pattern has digits
# adding up to six or more one after another outside any optional part or alternative. In a text without such a
# run they cannot match; tests/guard/test_pii_id_hints.py reads each pattern to check that it is so.
SIX_DIGIT_KINDS: Final = frozenset({
    "pii.cn-resident-id", "pii.fi-hetu", "pii.mx-curp", "pii.mx-rfc", "pii.sg-nric", "pii.hk-hkid",
    "pii.se-personnummer", "pii.cz-sk-birth-number", "pii.kr-rrn", "pii.ar-cuit", "pii.ca-bn", "pii.hu-personal-id",
    "pii.hu-tax-id", "pii.pl-pesel", "pii.no-fodselsnummer", "pii.dk-cpr", "pii.at-svnr", "pii.ie-pps",
    "pii.ro-cnp", "pii.bg-egn", "pii.hr-oib", "pii.si-emso", "pii.lt-ee-personal-code", "pii.lv-personal-code",
    "pii.gr-amka", "pii.tr-kimlik", "pii.il-teudat-zehut", "pii.za-id", "pii.tw-national-id", "pii.pe-ruc",
    "pii.us-ein",
    # pii_ids_more
    "pii.is-kennitala", "pii.de-rvnr", "pii.pt-cc", "pii.ve-rif", "pii.yu-jmbg", "pii.ua-rntrc", "pii.gr-afm",
    "pii.es-nuss", "pii.ec-ci", "pii.do-cedula", "pii.my-nric", "pii.id-nik", "pii.pk-cnic", "pii.ph-sss",
    "pii.ph-umid", "pii.ph-philhealth",
})


def _screen(kinds: tuple[IdKind, ...], grouped: bool = True) -> _HintScreen:
    """The table's hint screen: of every kind when the text has digit groups, else of the kinds that need none
    (the only ones that can match then)."""
    cached = _SCREENS.get((id(kinds), grouped))
    if cached is None or cached[0] is not kinds:
        screen = _HintScreen.of(kinds) if grouped else _HintScreen.of(kinds, only=_digits_optional)
        cached = _SCREENS[(id(kinds), grouped)] = (kinds, screen)
    return cached[1]


def _digits_optional(kind: IdKind) -> bool:
    return kind.digits_optional


def national_ids(text: str, kinds: tuple[IdKind, ...] = KINDS) -> Iterator[Span]:
    # Every id but the PAN has a run of six digits or a digit-separator-digit group: one cheap scan each
    # decides whether the patterns can match at all (most answers have no such number).
    facts = _facts(text)
    screen = _screen(kinds, facts.grouped)
    runnable = screen.runnable[facts.six_digits]  # without digit groups, only the kinds that need none
    if not runnable:
        return
    for i, has_hint in zip(runnable, screen.hinted(facts, runnable), strict=True):
        kind, names_only, names = kinds[i], screen.names_only[i], screen.names[i]
        if kind.standalone is not None:
            yield from _scan(text, kind, 0, len(text))
        elif kind.keyword is not None and has_hint:
            assert names is not None
            labels = names.matches(text, facts.lowered) if names_only is None else \
                label_matches(names, facts.generic, text, facts.lowered)
            # keyword-only kinds: look for the number only in the window after each keyword
            for k in labels:
                yield from _scan(text, kind, k.start(), k.end() + KEYWORD_WINDOW)


def _scan(text: str, kind: IdKind, start: int, window_end: int) -> Iterator[Span]:
    bounded = window_end < len(text)
    for m in kind.pattern.finditer(text, start, min(len(text), window_end + 40) if bounded else len(text)):
        if m.start() > window_end:
            return
        if bounded and m.end() >= window_end:  # cut off by the window's end: match again on the whole text
            full = kind.pattern.match(text, m.start())
            if full is None:
                continue
            m = full
        compact = m.group(0) if kind.separators_are_data else m.group(0).translate(_SEPARATORS).upper()
        standalone = kind.standalone is not None and kind.standalone(m)
        if not standalone and (kind.keyword is None or not keyword_before(text, m.start(), kind.keyword)):
            continue
        if kind.check(compact):
            yield m.start(), m.end(), kind.rule_id



