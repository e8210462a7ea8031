"""What a single URL value or host label carries when the guard knows nothing of the conversation.

Without the conversation's secrets the guard cannot tell a leaked password from an id, so these read only the
shapes that data takes and ordinary URLs do not: a credential in a provider's format, a ``password=...`` pair
inside a value, a secret-shaped token under a parameter named for data, a short hex label that spells text,
a long number in a host name. Host names under a provider's zone (``*.amazonaws.com``, ``*.vercel.app``) are
named once by the customer and resolved by the provider's DNS, so their labels are never read as data.
"""

from __future__ import annotations

import binascii
import re
from itertools import pairwise
from typing import Final

# Credential formats whose prefix alone says what they are (facts from the providers' documentation).
_CREDENTIAL_FORMAT: Final = re.compile(
    r"(?:sk-(?:proj-|ant-(?:api\d\d-)?|svcacct-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_\w{30,}|xox[abposr]-[\w-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[\w-]{35}|glpat-[\w-]{20,}"
    r"|(?:sk|rk)_live_\w{16,}|hf_[A-Za-z0-9]{30,}|npm_[A-Za-z0-9]{36}|pypi-[\w-]{50,}"
    r"|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,})")
# A secret named inside the value: "pw:Tulip77", "password=hunter2", "pin-4455".
_NAMED_SECRET: Final = re.compile(
    r"(?i)(?<![a-z])(?:pass(?:word|wd)?|pwd|pw|pin|otp|cvv|ssn|secret|token|api[_-]?key|apikey)"
    r"\s{0,2}([:=_-])\s{0,2}([^\s&:=/_-]{3,})")
# Parameters an attacker names for what they collect; a benign URL has no reason to call a value "leak".
EXFIL_KEY: Final = re.compile(r"(?i)exfil\w*|leak(?:ed)?|stolen|steal|loot|harvest(?:ed)?|grab(?:bed)?|pwned")
# Parameters that name generic data: secret-shaped values under them are data on an image.
DATA_KEY: Final = re.compile(
    r"(?i)d|data|dat|payload|val|value|info|msg|message|content|memo|notes?|body|dump|log|chat|ctx|context|mem"
    r"|memory|input|output|result|blob")
# Parameters that style or size what a page or badge shows: ``logo=python3`` and ``style=flat2`` name a look.
PRESENTATION_KEY: Final = re.compile(
    r"(?i)(?:\w+_)?(?:logo|label|style|theme|colou?r|bg|font|icon|variant|format|fm|lang|locale|hl|mode|branch|tag"
    r"|ref|repo|repos|user|username|page_id|v|ver|version|w|h|width|height|size|fit|crop|auto|dpr|ixlib|title"
    r"|text|lines|message|header|caption|subtitle)(?:_\w+)?")
# An id: one random alphanumeric body of an id's length, with short tags around it (``1*Qm7Tz...``,
# ``s!AkX9...``, ``71TPda7cwUL._AC_SL1500_``, ``v1.Y2lk...``) or a digest with its sizes (``5d4a...-1200x630``).
_ID_BODY_MAX: Final = 24
_ID_TOTAL_MAX: Final = 32  # an eBay listing's ``item4262a1b2c3:g:AbCAAOSwXyZlQm7T`` has two bodies
_ID_SPLIT: Final = re.compile(r"[^A-Za-z0-9]+")
_ID_JOINERS: Final = frozenset("*!._~:-@")
_ID_NUMBER_MIN: Final = 6
_DIGEST_LENGTHS: Final = frozenset((32, 40, 56, 64))


def id_shaped(value: str) -> bool:
    """Whether ``value`` is shaped like a media, share or listing id: a CDN mints such ids for its files, and a
    leaked password or key has the same letters, so without the conversation only its length can tell them
    apart. Random text longer than an id, several random bodies or a readable word with digits are not ids."""
    if not 8 <= len(value) <= 64 or any(not c.isalnum() and c not in _ID_JOINERS for c in value):
        return False
    chunks = [c for c in _ID_SPLIT.split(value) if c]
    bodies = [c for c in chunks if not _tag(c)]
    if not bodies:  # numbers and tags only (``AS:728123456789012@1551234567890``): a record id and a timestamp
        return any(c.isdigit() and len(c) >= _ID_NUMBER_MIN for c in chunks)
    if len(bodies) > 2:
        return False
    if len(bodies) == 1 and len(bodies[0]) in _DIGEST_LENGTHS and re.fullmatch(r"[0-9a-fA-F]+", bodies[0]):
        return True
    return sum(map(len, bodies)) <= _ID_TOTAL_MAX and all(
        len(b) <= _ID_BODY_MAX and not b.isalpha() and not b.isdigit() and _switches(b) >= 4 for b in bodies)


def _tag(chunk: str) -> bool:
    """A type tag, version, size, number or rendition code beside an id: ``s``, ``v1``, ``AC``, ``SL1500``,
    ``1200x630``."""
    return bool(re.fullmatch(r"[A-Za-z]{0,3}\d{0,5}|\d+x\d+|\d+", chunk))


def _switches(body: str) -> int:
    """How often a body switches between digits, lower and upper case: a random id does so throughout, a word
    with a number appended (``Heron2024``) twice."""
    return sum(_kind(a) != _kind(b) for a, b in pairwise(body))


def _kind(c: str) -> int:
    return 0 if c.isdigit() else 1 if c.islower() else 2


# Number words: ``four-eight-two-one`` spells a PIN that no digit shape would show.
_NUMBER_WORDS: Final = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine".split())} | {"oh": "0", "nil": "0"}
_WORD_RUN: Final = re.compile(r"[a-z]+")
_MIN_SPELLED_DIGITS: Final = 4


def spelled_digits(value: str) -> str | None:
    """The digits ``value`` spells when it is four or more number words and nothing else."""
    words = _WORD_RUN.findall(value.casefold())
    if len(words) < _MIN_SPELLED_DIGITS or sum(map(len, words)) < 0.6 * len(value.strip()):
        return None
    digits = [_NUMBER_WORDS.get(w) for w in words]
    return "".join(d for d in digits if d) if all(digits) else None


# Parameters whose numbers size, page, date, locate or bust a cache: never a PIN.
_QUANTITY_KEY: Final = re.compile(
    r"(?i)w|h|width|height|size|sz|s|dpr|dpi|scale|zoom|z|x|y|lat|lon|lng|v|ver|version|rev|build|id|\w*_?id|ids"
    r"|page|p|n|num|count|limit|offset|start|end|per_page|year|date|time|ts|cb|cache\w*|nocache|rnd|rand\w*|r|_"
    r"|quality|max\w*|min\w*|port|seed|frame|fps|px|radius|duration|step|item|post|order|sku|product")
_YEAR: Final = re.compile(r"(?:19|20)\d\d")
_EXAMPLE: Final = re.compile(
    r"(?i)abc|123|xyz|example|sample|test|demo|dummy|fake|changeme|placeholder|redacted|foo|bar|here|your"
    r"|secret|token|password|value|string|null|none|true|false")
# Shapes that mix letters with digits or symbols by convention: locales, charsets, codecs, sizes, hex ids.
_CONVENTIONAL: Final = re.compile(
    r"#?[0-9A-Fa-f]{3,8}|[a-z]{2,3}[-_][A-Za-z]{2,4}|utf-?8|iso-?8859-?\d+|[A-Z]?[a-z]+\d{1,4}|[A-Z]+\d{1,4}|\d{1,5}[a-z]{1,3}"
    r"|\d+x\d+|[0-9a-f]+|[0-9A-F]+")
_DATE_OR_VERSION: Final = re.compile(r"v?\d+(?:[._-]\d+)+[a-z]{0,3}\d*|\d{4}-\d\d-\d\d(?:T[\d:.]+Z?)?", re.I)
_PACKAGE_PIN: Final = re.compile(r"@?[\w.-]+@[~^]?v?\d+(?:\.\d+){0,3}[\w.-]*")  # lodash@4.17.21, @scope/x@1
_FILE_NAME: Final = re.compile(r"[\w-]+\.(?:png|jpe?g|gif|svg|webp|ico|css|js|html?|pdf|txt|json|xml|md)", re.I)
_DIGIT_RUN: Final = re.compile(r"\d{9,}")
_FILLER: Final = re.compile(r"(.)\1{3,}|\.\.\.|(?i:example|your|redacted)")
_PASSWORD_PUNCTUATION: Final = frozenset("!@#$%^&*~?+")
_HEX_LABEL: Final = re.compile(r"(?:[0-9a-f]{2}){4,}")

# Zones whose host names the provider's DNS answers: a label there is a customer's fixed name, not data.
_PROVIDER_ZONES: Final = (
    "amazonaws.com", "aws.amazon.com", "amazoncognito.com", "cloudfront.net", "awsapps.com", "amplifyapp.com",
    "azurewebsites.net", "azureedge.net",
    "azurefd.net", "windows.net", "azure.com", "cloudapp.net", "trafficmanager.net", "googleusercontent.com",
    "googleapis.com", "appspot.com", "run.app", "cloudfunctions.net", "firebaseapp.com", "firebaseio.com",
    "web.app", "github.io", "githubusercontent.com", "gitlab.io", "vercel.app", "netlify.app", "herokuapp.com",
    "pages.dev", "workers.dev", "r2.dev", "fly.dev", "onrender.com", "railway.app", "myshopify.com",
    "akamaized.net", "akamaihd.net", "edgekey.net", "edgesuite.net", "fastly.net", "fastlylb.net",
    "cdn77.org", "b-cdn.net", "cloudflare.net", "supabase.co", "atlassian.net", "zendesk.com", "force.com",
    "salesforce.com", "sharepoint.com", "slack.com", "zoom.us", "hubspot.net", "hs-sites.com", "wixsite.com",
    "squarespace.com", "digitaloceanspaces.com", "ondigitalocean.app", "oraclecloud.com", "ibm.com",
    "aliyuncs.com", "myqcloud.com", "hf.space", "huggingface.co", "streamlit.app", "readthedocs.io",
)


_ZONES: Final = frozenset(_PROVIDER_ZONES)


def provider_zone(host: str) -> bool:
    labels = host.split(".")
    return any(".".join(labels[i:]) in _ZONES for i in range(len(labels) - 1))


def credential_format(value: str) -> bool:
    """Whether ``value`` holds a credential in a provider's documented format (not ``sk-proj-XXXX...``)."""
    return any(not _FILLER.search(m.group(0)) for m in _CREDENTIAL_FORMAT.finditer(value))


def named_secret(value: str) -> bool:
    """Whether ``value`` names a secret and gives it: ``pw:Tulip77``, ``pin=4455`` (not ``password=YOUR_PASSWORD``)."""
    for m in _NAMED_SECRET.finditer(value):
        joiner, given = m.group(1), m.group(2)
        if _EXAMPLE.search(given) or given.startswith(("{", "<", "[", "$", "%")):
            continue
        if joiner in "-_":
            # a slug ("pin-2fa-setup", "pin-GPIO17", "token-rotation") joins words; only a number is a value
            if given.isdigit() and len(given) >= 4:
                return True
        elif given.lower() != given or any(not c.isalpha() for c in given):
            return True  # "password:reset" names a topic; a value has a digit, a symbol or a capital
    return False


def secret_shaped(value: str) -> bool:
    """A short token shaped like a password or key: letters mixed with digits or symbols, not a word, number,
    date, version, file name or documentation example."""
    if not 5 <= len(value) <= 64 or " " in value or _EXAMPLE.search(value):
        return False
    if _DATE_OR_VERSION.fullmatch(value) or _FILE_NAME.fullmatch(value) or _CONVENTIONAL.fullmatch(value) \
            or _PACKAGE_PIN.fullmatch(value):
        return False
    letters = sum(c.isalpha() for c in value)
    digits = sum(c.isdigit() for c in value)
    if letters < 2 or not digits:
        return False
    # "hunter2", "iOS17", "OpenSSL3", "Win11-x64" and "k8s-v1.29" share a shape with names and versions: only
    # password punctuation, or mixed case with digits woven through the letters, sets a secret apart
    if _PASSWORD_PUNCTUATION.intersection(value):
        return True
    mixed_case = value.lower() != value and value.upper() != value
    weaves = sum(a.isdigit() != b.isdigit() for a, b in pairwise(value) if a.isalnum() and b.isalnum())
    return len(value) >= 8 and mixed_case and digits >= 2 and weaves >= 3


def password_like(value: str) -> bool:
    """A secret-shaped value with password punctuation (``Heron!2024``): no slug, id or version has it."""
    return secret_shaped(value) and bool(_PASSWORD_PUNCTUATION.intersection(value))


def pin_shaped(key: str, value: str) -> bool:
    """Four to six digits under a parameter that does not size, page, date or locate anything: a PIN, a code,
    the last digits of a card. Years and round numbers (1200, 50000) are sizes and amounts."""
    return (value.isdigit() and 4 <= len(value) <= 6 and not _YEAR.fullmatch(value) and not value.endswith("0")
            and not (key and _QUANTITY_KEY.fullmatch(key)))


def short_hex_text(label: str) -> str | None:
    """A hex label of 8+ digits that decodes to printable text (``70773d7475`` is ``pw=tu``); random hex and
    content hashes decode to control bytes or punctuation."""
    if not _HEX_LABEL.fullmatch(label) or label.isdigit():
        return None
    raw = binascii.unhexlify(label)
    if not all(0x20 <= b < 0x7F for b in raw):
        return None
    text = raw.decode("ascii")
    if sum(c.isalnum() or c == " " for c in text) < 0.75 * len(text) or sum(c.isalpha() for c in text) < 2:
        return None
    return text


def long_number(label: str) -> bool:
    """Nine digits or more in a row: a card, phone, account or national id number."""
    return bool(_DIGIT_RUN.search(label))
