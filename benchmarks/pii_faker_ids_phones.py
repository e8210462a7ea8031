"""National-id and phone recall on Faker's per-locale generators, false alarms on checksum mutations and on
benign text: the development set for the output guard's PII detectors (the held-out evaluation is
benchmarks/guard/output_eval.py).

    .venv/bin/python benchmarks/pii_faker_ids_phones.py [--per-kind 40] [--seed 0] [--show 2] [--no-benign]

National ids: each (locale, generator) writes ``--per-kind`` values, each put after the id's own name in the
country's language ("labelled"), after a generic English label ("My national ID number is …"), and alone in a
sentence ("bare"). Found: a redacted national-id or tax-id finding overlapping the value. Mutations: the
value with its last digit changed (a different check digit) after its own name; counted for the kinds with a
check digit, where it is a false alarm unless the mutation happens to be valid too (1 in 10 or 11 for a
single mod-10/11 digit: the floor).
Phones: each Faker locale with its own phone provider writes numbers, put after "Call", after the country's
name ("our office in Norway: …") and alone. Found: a redacted phone finding overlapping the number.
Benign: the repo's docs and test data and the Python documentation in 1,000-character pieces, and generated
numbers in prose (dates, order numbers, versions, amounts, timestamps): a false alarm is any redacted
national-id or phone finding.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import random
import warnings
from collections.abc import Callable, Iterator

from pii_faker_recall import benign_pieces

from aiwarden.core.findings import Severity
from aiwarden.guard import pii
from aiwarden.guard.types import OutputContext

CONTEXT = OutputContext()
BENIGN_SUFFIXES = (".md", ".txt", ".rst", ".yaml", ".yml", ".json", ".csv", ".html")
ID_KINDS = ("NATIONAL_ID", "TAX_ID")

# (locale, Faker method, the id's name in the country, whether the id has a check digit)
IDS = (
    ("en_US", "ssn", "SSN:", False), ("en_US", "itin", "ITIN", False), ("en_US", "ein", "EIN", False),
    ("en_CA", "ssn", "SIN:", True), ("en_GB", "ssn", "National Insurance number", False),
    ("en_IN", "pan", "PAN:", True), ("pt_BR", "cpf", "CPF", True), ("pt_BR", "cnpj", "CNPJ", True),
    ("es_MX", "curp", "CURP", True), ("es_AR", "cuit", "CUIT", True), ("es_AR", "dni", "DNI", False),
    ("es_CL", "rut", "RUT", True), ("zh_CN", "ssn", "身份证号码：", True), ("zh_TW", "ssn", "身分證", True),
    ("tr_TR", "ssn", "T.C. Kimlik No:", True), ("he_IL", "ssn", "תעודת זהות", True),
    ("pl_PL", "ssn", "PESEL:", True), ("fi_FI", "ssn", "henkilötunnus", True),
    ("sv_SE", "ssn", "personnummer", True), ("no_NO", "ssn", "fødselsnummer", True), ("nl_NL", "ssn", "BSN", True),
    ("nl_BE", "ssn", "rijksregisternummer", True), ("fr_FR", "ssn", "numéro de sécurité sociale", True),
    ("fr_CH", "ssn", "AHV", True), ("it_IT", "ssn", "codice fiscale", True), ("es_ES", "nif", "DNI", True),
    ("es_ES", "nie", "NIE", True), ("es_ES", "nuss", "NUSS", True), ("hr_HR", "ssn", "OIB:", True),
    ("hu_HU", "ssn", "személyi szám:", True), ("ro_RO", "ssn", "CNP", True), ("el_GR", "ssn", "AMKA", True),
    ("el_GR", "tin", "ΑΦΜ", True), ("lv_LV", "ssn", "personas kods", True), ("et_EE", "ssn", "isikukood", True),
    ("cs_CZ", "birth_number", "rodné číslo", True), ("sk_SK", "birth_number", "rodné číslo", True),
    ("de_AT", "ssn", "SVNR", True), ("de_DE", "rvnr", "Rentenversicherungsnummer", True),
    ("th_TH", "ssn", "เลขประจำตัวประชาชน", True), ("uk_UA", "ssn", "РНОКПП", True),
    ("mk_MK", "ssn", "ЕМБГ", True), ("sr_BA", "ssn", "JMBG", True), ("es_VE", "rif", "RIF", True),
    ("es_VE", "cedula", "cédula", False), ("es_CO", "nuip", "cédula de ciudadanía", False),
    ("en_PH", "sss", "SSS No.", False), ("en_PH", "umid", "UMID", False), ("it_IT", "cie", "CIE", False),
)
ID_TEMPLATES: dict[str, Callable[[str, str], str]] = {
    "labelled": lambda label, value: f"{label} {value} is on file.",
    "generic": lambda label, value: f"My national ID number is {value}.",
    "bare": lambda label, value: f"Please note {value} for the form.",
}
PHONE_TEMPLATES = ("Call {} after nine.", "Our office in {country}: {}.", "Details: {}.")


def _faker(locale: str, seed: int) -> object:
    from faker import Faker
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _hit(text: str, value: str, kinds: tuple[str, ...]) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(f.span and f.replacement in kinds and f.severity > Severity.INFO
               and f.span[0] < end and f.span[1] > start for f in pii.detect(text, CONTEXT))


def _mutate(value: str) -> str:
    for i in range(len(value) - 1, -1, -1):
        if value[i].isdigit():
            return value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:]
    return value


def id_recall(per_kind: int, seed: int, show: int) -> None:
    totals: collections.Counter[str] = collections.Counter()
    mutated = mutated_hits = 0
    print("| locale | id | labelled | generic | bare | mutation alarms | missed (labelled), e.g. |\n"
          "|---|---|---:|---:|---:|---:|---|")
    for locale, method, label, checked in IDS:
        fake = _faker(locale, seed)
        values = [str(getattr(fake, method)()) for _ in range(per_kind)]
        row = {}
        for name, template in ID_TEMPLATES.items():
            row[name] = sum(_hit(template(label, v), v, ID_KINDS) for v in values)
            totals[name] += row[name]
        missed = [v for v in values if not _hit(ID_TEMPLATES["labelled"](label, v), v, ID_KINDS)][:show]
        alarms = "-"
        if checked:
            bad = [_mutate(v) for v in values]
            count = sum(_hit(ID_TEMPLATES["labelled"](label, b), b, ID_KINDS) for b in bad)
            mutated += len(bad)
            mutated_hits += count
            alarms = str(count)
        print(f"| {locale} | {method} | {row['labelled']} | {row['generic']} | {row['bare']} | {alarms} | "
              f"{' · '.join(missed)} |")
    n = per_kind * len(IDS)
    print("\nids: " + ", ".join(f"{k} {totals[k]}/{n} = {totals[k] / n:.3f}" for k in ID_TEMPLATES)
          + f"; mutations flagged {mutated_hits}/{mutated} = {mutated_hits / max(mutated, 1):.3f}\n")


def _phone_locales() -> list[str]:
    from faker.config import AVAILABLE_LOCALES
    return [loc for loc in AVAILABLE_LOCALES if importlib.util.find_spec(f"faker.providers.phone_number.{loc}")]


def phone_recall(per_kind: int, seed: int, show: int) -> None:
    totals: collections.Counter[int] = collections.Counter()
    n = 0
    print(f"| locale | {' | '.join(t.split(' ')[0] for t in PHONE_TEMPLATES)} | missed (first form), e.g. |\n"
          f"|---|{'---:|' * len(PHONE_TEMPLATES)}---|")
    for locale in _phone_locales():
        fake = _faker(locale, seed)
        if not hasattr(fake, "phone_number"):
            continue
        country = _country_name(locale)
        numbers = [fake.phone_number() for _ in range(per_kind)]  # type: ignore[attr-defined]
        counts = []
        for i, template in enumerate(PHONE_TEMPLATES):
            found = [_hit(template.format(v, country=country), v, ("PHONE",)) for v in numbers]
            counts.append(sum(found))
            totals[i] += counts[-1]
            if i == 0:
                missed = [v for v, ok in zip(numbers, found, strict=True) if not ok][:show]
        n += per_kind
        print(f"| {locale} | {' | '.join(map(str, counts))} | {' · '.join(missed)} |")
    print("\nphones: " + ", ".join(f"{t.split(' ')[0]!r} {totals[i]}/{n} = {totals[i] / n:.3f}"
                                   for i, t in enumerate(PHONE_TEMPLATES)) + "\n")


def _country_name(locale: str) -> str:
    """The locale's country in English, from the phonenumbers package's region names."""
    from phonenumbers.geodata.locale import LOCALE_DATA
    names = LOCALE_DATA.get(locale.split("_")[-1], {})
    name = names.get("en", "")
    for _ in range(4):  # "*xx": the same as in language xx
        if not name.startswith("*"):
            break
        name = names.get(name[1:], "")
    return name if name and not name.startswith("*") else locale.split("_")[-1]


def _benign_pieces() -> Iterator[tuple[str, str]]:
    yield from benign_pieces(BENIGN_SUFFIXES)
    rng = random.Random(0)
    for i in range(2000):
        yield "generated", _numbers_in_prose(rng, i)


def _numbers_in_prose(rng: random.Random, i: int) -> str:
    n = rng.randint(10 ** 5, 10 ** 13)
    forms = (
        f"Order {n} shipped on {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1990, 2030)}.",
        f"Upgrade to version {rng.randint(1, 30)}.{rng.randint(0, 40)}.{rng.randint(0, 200)} (build {n}).",
        f"The total was ${n / 100:,.2f}, reference {rng.randint(10 ** 7, 10 ** 12)}.",
        f"Timestamp {rng.randint(1_500_000_000, 1_800_000_000)}, job id {n}, took {rng.randint(1, 9999)} ms.",
        f"Invoice No. {rng.randint(10 ** 6, 10 ** 11)} dated {rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d}, ID {n}.",
        f"Population: {n:,} people; area {rng.randint(100, 99999)} km²; ISBN 978-{rng.randint(0, 9)}-"
        f"{rng.randint(100, 999)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}.",
    )
    return forms[i % len(forms)]


def benign_false_alarms(show: int) -> None:
    pieces: collections.Counter[str] = collections.Counter()
    alarms: collections.Counter[str] = collections.Counter()
    samples: list[str] = []
    for path, piece in _benign_pieces():
        source = "generated" if path == "generated" else "docs"
        pieces[source] += 1
        hits = [f"{f.rule_id}:{piece[f.span[0]:f.span[1]]}" for f in pii.detect(piece, CONTEXT)
                if f.span and f.replacement in (*ID_KINDS, "PHONE") and f.severity > Severity.INFO]
        if hits:
            alarms[source] += 1
            samples.extend(hits[:1])
    for source in pieces:
        print(f"benign {source} pieces with an id or phone finding: {alarms[source]}/{pieces[source]} = "
              f"{alarms[source] / pieces[source]:.4f}")
    for sample in samples[: show * 10]:
        print(f"  {sample!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=2)
    parser.add_argument("--no-benign", action="store_true")
    parser.add_argument("--only", choices=("ids", "phones", "benign"))
    args = parser.parse_args()
    if args.only in (None, "ids"):
        id_recall(args.per_kind, args.seed, args.show)
    if args.only in (None, "phones"):
        phone_recall(args.per_kind, args.seed, args.show)
    if args.only in (None, "benign") and not args.no_benign:
        benign_false_alarms(args.show)


if __name__ == "__main__":
    main()
