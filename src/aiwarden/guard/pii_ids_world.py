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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from aiwarden.guard import pii_id_checks as c

Span = tuple[int, int, str]

_KEYWORD_WINDOW: Final = 48
_NA: Final = r"(?<![\w.,/+-])"  # not the tail of a longer number, decimal, path or version
_NB: Final = r"(?![\w/+-]|[.,]\d|[ -]\d)"  # nor its head
_SEPARATORS: Final = str.maketrans("", "", " .-/()")


@dataclass(frozen=True)
class IdKind:
    rule_id: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool]
    keyword: re.Pattern[str] | None  # the id's name; None: the form alone decides
    hints: tuple[str, ...] = ()  # lower-case substrings the keyword needs: skip the kind when none is present
    # Whether this printed match may stand without the keyword (its separators or letters are the issuer's form).
    standalone: Callable[[re.Match[str]], bool] | None = None
    separators_are_data: bool = False  # the Finnish century sign is a dash, plus or letter


def _always(m: re.Match[str]) -> bool:
    return True


def _has(chars: str) -> Callable[[re.Match[str]], bool]:
    return lambda m: any(ch in m.group(0) for ch in chars)


def _kw(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _digits(pattern: str) -> re.Pattern[str]:
    return re.compile(_NA + pattern + _NB)


KINDS: Final[tuple[IdKind, ...]] = (
    # --- standalone forms -------------------------------------------------------------------------------------
    IdKind("pii.cn-resident-id", re.compile(r"(?<![\w.,/+-])[1-8]\d{16}[\dX](?![\w/+-]|[.,]\d)"),
           c.cn_resident_id, _kw(r"(?i)身份证|resident id|id card"), (), _always),
    IdKind("pii.fi-hetu", re.compile(_NA + r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w/+-])"), c.fi_hetu,
           None, (), _always, separators_are_data=True),
    IdKind("pii.mx-curp", re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b"),
           c.mx_curp, None, (), _always),
    IdKind("pii.mx-rfc", re.compile(r"\b[A-ZÑ&]{3,4}\d{6}[A-Z\d]{2}[\dA]\b"), c.mx_rfc, None, (), _always),
    IdKind("pii.sg-nric", re.compile(r"\b[STFG]\d{7}[A-Z]\b"), c.sg_nric, None, (), _always),
    IdKind("pii.hk-hkid", re.compile(r"\b[A-Z]{1,2}\d{6}(?:\([0-9A]\)|[0-9A]\b)"), c.hk_hkid,
           _kw(r"(?i)\bhkid\b|identity card|身份證|身分證"), ("hkid", "identity card", "身份證", "身分證"), _has("(")),
    IdKind("pii.ch-ahv", _digits(r"756(\.?)\d{4}\1\d{4}\1\d{2}"), c.ch_ahv,
           _kw(r"(?i)\b(?:ahv|avs|oasi|ssn)\b|sozialversicherung|assurance[ -]vieillesse|\bav[sh]-?n"),
           ("ahv", "avs", "oasi", "ssn", "sozialvers", "assurance"), _has(".")),
    IdKind("pii.be-national-number", _digits(r"\d{2}(\.?)\d{2}\1\d{2}[- ]?\d{3}\1\d{2}"), c.be_national_number,
           _kw(r"(?i)rijksregister|registre national|num[ée]ro national|national (?:number|register)|\bniss\b|"
               r"\binsz\b|identificatienummer|\bnn\b"),
           ("rijksregister", "registre national", "national", "niss", "insz", "identificatie", "nn"),
           lambda m: "." in m.group(0) and "-" in m.group(0)),
    IdKind("pii.se-personnummer", _digits(r"(?:19|20)?\d{6}[-+]?\d{4}"), c.se_personnummer,
           _kw(r"(?i)personnummer|personnr|samordningsnummer|\bpnr\b"),
           ("personn", "samordning", "pnr"), _has("-+")),
    IdKind("pii.cz-sk-birth-number", _digits(r"\d{6}/?\d{3,4}"), c.cz_sk_birth_number,
           _kw(r"(?i)rodn[ée] [čc][íi]slo|\br\.? ?[čc]\.?(?!\w)|birth number"), ("rodn", "r.č", "rč", "rc", "birth"),
           _has("/")),
    IdKind("pii.kr-rrn", _digits(r"\d{6}-?[0-9]\d{6}"), c.kr_rrn,
           _kw(r"(?i)주민등록번호|주민번호|\brrn\b|resident registration"), ("주민", "rrn", "resident reg"),
           lambda m: "-" in m.group(0) and c.kr_rrn_check(m.group(0).replace("-", ""))),
    IdKind("pii.ar-cuit", _digits(r"(?:20|23|24|27|30|33|34)-?\d{8}-?\d"), c.ar_cuit, _kw(r"(?i)\bcui[tl]\b"),
           ("cuit", "cuil"), lambda m: m.group(0).count("-") == 2),
    IdKind("pii.cl-rut", re.compile(_NA + r"\d{1,2}(\.?)\d{3}\1\d{3}-?[\dkK](?![\w/+-]|[.,]\d)"), c.cl_rut,
           _kw(r"(?i)\bru[tn]\b|rol [úu]nico"), ("rut", "run", "rol "),
           lambda m: m.group(0).count(".") == 2 and "-" in m.group(0)),
    IdKind("pii.us-itin", _digits(r"9\d{2}(-?)\d{2}\1\d{4}"), c.us_itin,
           _kw(r"(?i)\bitin\b|individual taxpayer|\btin\b|taxpayer id"), ("itin", "taxpayer", "tin"), _has("-")),
    IdKind("pii.ca-bn", _digits(r"\d{9}(?: ?[A-Z]{2} ?\d{4})?"), c.ca_bn,
           _kw(r"(?i)\bbn\b|business number|num[ée]ro d.entreprise|\bneq\b"), ("bn", "business number", "entreprise"),
           lambda m: len(m.group(0).replace(" ", "")) == 15),
    # --- keyword required ---------------------------------------------------------------------------------------
    IdKind("pii.pl-pesel", _digits(r"\d{11}"), c.pl_pesel, _kw(r"(?i)\bpesel\b"), ("pesel",)),
    IdKind("pii.pl-nip", _digits(r"\d{3}-?\d{3}-?\d{2}-?\d{2}|\d{3}-\d{2}-\d{2}-\d{3}"), c.pl_nip,
           _kw(r"(?i)\bnip\b"), ("nip",)),
    IdKind("pii.pl-regon", _digits(r"\d{9}|\d{14}"), c.pl_regon, _kw(r"(?i)\bregon\b"), ("regon",)),
    IdKind("pii.no-fodselsnummer", _digits(r"\d{6} ?\d{5}"), c.no_fodselsnummer,
           _kw(r"(?i)f[øo]dselsnummer|personnummer|\bf\.? ?nr\b|d-nummer"),
           ("dselsnummer", "personnummer", "nr", "d-nummer")),
    IdKind("pii.dk-cpr", _digits(r"\d{6}-?\d{4}"), c.dk_cpr, _kw(r"(?i)\bcpr\b|personnummer"), ("cpr", "personnummer")),
    IdKind("pii.pt-nif", _digits(r"\d{3} ?\d{3} ?\d{3}"), c.pt_nif,
           _kw(r"(?i)\bnif\b|\bnipc\b|contribuinte"), ("nif", "nipc", "contribuinte")),
    IdKind("pii.at-svnr", _digits(r"\d{4} ?\d{6}"), c.at_svnr,
           _kw(r"(?i)\bsvnr\b|\bvsnr\b|sv-nummer|sozialversicherungsnummer|versicherungsnummer"),
           ("svnr", "vsnr", "sv-nummer", "versicherungsnummer")),
    IdKind("pii.ie-pps", re.compile(_NA + r"\d{7}[A-W][A-IW]?(?![\w/+-])"), c.ie_pps,
           _kw(r"(?i)\bppsn?\b|personal public service"), ("pps", "personal public")),
    IdKind("pii.ro-cnp", _digits(r"\d{13}"), c.ro_cnp,
           _kw(r"(?i)\bcnp\b|cod numeric personal"), ("cnp", "cod numeric")),
    IdKind("pii.bg-egn", _digits(r"\d{10}"), c.bg_egn, _kw(r"(?i)\bегн\b|\begn\b"), ("егн", "egn")),
    IdKind("pii.hr-oib", _digits(r"\d{11}"), c.hr_oib, _kw(r"(?i)\boib\b"), ("oib",)),
    IdKind("pii.si-emso", _digits(r"\d{13}"), c.si_emso, _kw(r"(?i)\bem[šs]o\b"), ("emšo", "emso")),
    IdKind("pii.lt-ee-personal-code", _digits(r"\d{11}"), c.lt_ee_personal_code,
           _kw(r"(?i)asmens kodas|isikukood|personal code|\ba\.? ?k\.?(?!\w)"),
           ("asmens", "isikukood", "personal code", "a.k", "ak")),
    IdKind("pii.lv-personal-code", _digits(r"\d{6}-?\d{5}"), c.lv_personal_code,
           _kw(r"(?i)personas kods|personal code|\bp\.? ?k\.?(?!\w)"), ("personas kods", "personal code", "p.k", "pk")),
    IdKind("pii.gr-amka", _digits(r"\d{11}"), c.gr_amka,
           _kw(r"(?i)\bamka\b|\bαμκα\b|α\.μ\.κ\.α"), ("amka", "αμκα", "α.μ.κ.α")),
    IdKind("pii.tr-kimlik", _digits(r"[1-9]\d{10}"), c.tr_kimlik,
           _kw(r"(?i)kimlik|\btckn\b|\bt\.? ?c\.? (?:no|numaras)"), ("kimlik", "tckn", "t.c", "tc ")),
    IdKind("pii.il-teudat-zehut", _digits(r"\d{8,9}"), c.il_teudat_zehut,
           _kw(r"(?i)teudat zehut|ת\.ז|תעודת זהות|israeli id"), ("teudat", "ת.ז", "תעודת", "israeli id")),
    IdKind("pii.za-id", _digits(r"\d{6} ?\d{4} ?\d{3}"), c.za_id,
           _kw(r"(?i)\b(?:sa|rsa|south african) id\b|\bid (?:number|no\.?)|identity number"),
           ("id ", "identity number")),
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
    IdKind("pii.tw-national-id", re.compile(r"\b[A-Z][1289]\d{8}\b"), c.tw_national_id,
           _kw(r"(?i)身分證|身份證|統一證號|national id|\bid (?:number|no\.?)|\barc\b"),
           ("身分證", "身份證", "統一證號", "id", "arc")),
    IdKind("pii.in-pan", re.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b"), c.in_pan,
           _kw(r"\bPAN\b|(?i:permanent account number|pan (?:card|no\.?|number))"), ("pan", "permanent account")),
    IdKind("pii.ar-dni", _digits(r"\d{1,2}(\.?)\d{3}\1\d{3}"), lambda d: int(d) >= 1_000_000,
           _kw(r"(?i)\bd\.?n\.?i\.?(?!\w)|documento nacional"), ("dni", "d.n.i", "documento nacional")),
    IdKind("pii.co-nit", _digits(r"\d{3}(\.?)\d{3}\1\d{3}-?\d"), c.co_nit, _kw(r"(?i)\bnit\b"), ("nit",)),
    IdKind("pii.pe-ruc", _digits(r"\d{11}"), c.pe_ruc, _kw(r"(?i)\bruc\b"), ("ruc",)),
    IdKind("pii.us-ein", _digits(r"\d{2}-?\d{7}"), c.us_ein,
           _kw(r"(?i)\bf?ein\b|employer identification|\btin\b|tax id|taxpayer id"),
           ("ein", "employer identification", "tin", "tax id", "taxpayer")),
)


def national_ids(text: str) -> Iterator[Span]:
    lowered = text.lower()
    for kind in KINDS:
        keyworded = kind.keyword is not None and (not kind.hints or any(h in lowered for h in kind.hints))
        if not keyworded and kind.standalone is None:
            continue
        for m in kind.pattern.finditer(text):
            compact = m.group(0) if kind.separators_are_data else m.group(0).translate(_SEPARATORS).upper()
            standalone = kind.standalone is not None and kind.standalone(m)
            if not standalone and not (keyworded and _keyword_before(text, m.start(), kind.keyword)):
                continue
            if kind.check(compact):
                yield m.start(), m.end(), kind.rule_id


def _keyword_before(text: str, start: int, keyword: re.Pattern[str] | None) -> bool:
    if keyword is None:
        return False
    window = text[max(0, start - _KEYWORD_WINDOW):start].rsplit("\n", 1)[-1]
    return keyword.search(window) is not None
