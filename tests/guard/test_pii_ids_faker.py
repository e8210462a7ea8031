"""National ids written by Faker's per-locale generators (an independent implementation of each issuer's rules)
are found after their name in the country's language; Faker's dates, phone numbers and order-like numbers of
the same locales are never taken for ids."""

from __future__ import annotations

import random
import warnings

import pytest

from ._pii_helpers import redacted

# (locale, Faker method, how the id is introduced, the rule that must find it). Not here: Faker's Aadhaar (it
# computes a Luhn digit where UIDAI uses Verhoeff's) and RFC (no check character): _id_makers builds those.
FAKER_IDS = [
    ("en_US", "ssn", "SSN: {}", "pii.us-ssn"), ("en_US", "itin", "ITIN {}", "pii.us-itin"),
    ("en_US", "ein", "EIN {}", "pii.us-ein"), ("en_CA", "ssn", "SIN: {}", "pii.ca-sin"),
    ("en_IN", "pan", "PAN: {}", "pii.in-pan"),
    ("pt_BR", "cpf", "CPF {}", "pii.br-cpf"), ("pt_BR", "cnpj", "CNPJ {}", "pii.br-cnpj"),
    ("es_MX", "curp", "CURP {}", "pii.mx-curp"),
    ("es_AR", "cuit", "CUIT {}", "pii.ar-cuit"), ("es_AR", "dni", "DNI {}", "pii.ar-dni"),
    ("es_CL", "rut", "RUT {}", "pii.cl-rut"), ("zh_CN", "ssn", "身份证号码：{}", "pii.cn-resident-id"),
    ("zh_TW", "ssn", "身分證 {}", "pii.tw-national-id"), ("tr_TR", "ssn", "T.C. Kimlik No: {}", "pii.tr-kimlik"),
    ("he_IL", "ssn", "תעודת זהות {}", "pii.il-teudat-zehut"), ("pl_PL", "ssn", "PESEL: {}", "pii.pl-pesel"),
    ("fi_FI", "ssn", "henkilötunnus {}", "pii.fi-hetu"), ("sv_SE", "ssn", "personnummer {}", "pii.se-personnummer"),
    ("no_NO", "ssn", "fødselsnummer {}", "pii.no-fodselsnummer"), ("nl_NL", "ssn", "BSN {}", "pii.nl-bsn"),
    ("nl_BE", "ssn", "rijksregisternummer {}", "pii.be-national-number"),
    ("fr_FR", "ssn", "numéro de sécurité sociale {}", "pii.fr-nir"), ("fr_CH", "ssn", "AHV {}", "pii.ch-ahv"),
    ("it_IT", "ssn", "codice fiscale {}", "pii.it-fiscal-code"), ("es_ES", "nif", "DNI {}", "pii.es-dni"),
    ("es_ES", "nie", "NIE {}", "pii.es-nie"), ("hr_HR", "ssn", "OIB: {}", "pii.hr-oib"),
    ("hu_HU", "ssn", "személyi szám: {}", "pii.hu-personal-id"), ("ro_RO", "ssn", "CNP {}", "pii.ro-cnp"),
    ("el_GR", "ssn", "AMKA {}", "pii.gr-amka"), ("lv_LV", "ssn", "personas kods {}", "pii.lv-personal-code"),
    ("et_EE", "ssn", "isikukood {}", "pii.lt-ee-personal-code"),
    ("cs_CZ", "birth_number", "rodné číslo {}", "pii.cz-sk-birth-number"),
    ("sk_SK", "birth_number", "rodné číslo {}", "pii.cz-sk-birth-number"), ("de_AT", "ssn", "SVNR {}", "pii.at-svnr"),
    ("de_DE", "rvnr", "Rentenversicherungsnummer {}", "pii.de-rvnr"), ("th_TH", "ssn", "บัตรประชาชน {}", "pii.th-pin"),
    ("uk_UA", "ssn", "РНОКПП {}", "pii.ua-rntrc"), ("mk_MK", "ssn", "ЕМБГ {}", "pii.yu-jmbg"),
    ("sr_BA", "ssn", "JMBG {}", "pii.yu-jmbg"), ("el_GR", "tin", "ΑΦΜ {}", "pii.gr-afm"),
    ("es_ES", "nuss", "NUSS {}", "pii.es-nuss"), ("es_VE", "rif", "RIF {}", "pii.ve-rif"),
]


def _faker(locale: str, seed: int) -> object:
    from faker import Faker
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


@pytest.mark.parametrize(("locale", "method", "template", "rule"), FAKER_IDS)
def test_faker_ids_are_found_after_their_name(locale: str, method: str, template: str, rule: str) -> None:
    fake = _faker(locale, 3)
    values = [getattr(fake, method)() for _ in range(30)]
    found = sum((rule, value) in redacted(f"{template.format(value)} is on file.") for value in values)
    # Faker sometimes writes an impossible value (a check "digit" of 10, a vowel where a CURP has consonants)
    assert found >= 24, [v for v in values if (rule, v) not in redacted(f"{template.format(v)} is on file.")]


QUIET_LOCALES = sorted({locale for locale, *_ in FAKER_IDS})


@pytest.mark.parametrize("locale", QUIET_LOCALES)
def test_dates_phones_and_order_numbers_are_not_ids(locale: str) -> None:
    fake = _faker(locale, 5)
    rng = random.Random(locale)
    texts = []
    for _ in range(40):
        date = fake.date_of_birth()
        texts += [
            f"Born {date.isoformat()}, joined {date.strftime('%d%m%Y')}", f"Call {fake.phone_number()} today",
            f"Order No. {rng.randint(10 ** 8, 10 ** 13)} shipped", f"Invoice {rng.randint(10 ** 6, 10 ** 12)}",
            f"Ref {date.strftime('%Y%m%d')}{rng.randint(100, 99999)}", f"at {date.strftime('%H%M%S')} on {date}",
        ]
    hits = [(text, rule) for text in texts for rule, _ in redacted(text)
            if rule not in ("pii.phone", "pii.payment-card")]
    assert hits == []
