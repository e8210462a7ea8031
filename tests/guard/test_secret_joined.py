"""A credential split over string literals that code joins into one (``+``, adjacent literals over several lines,
``"".join([...])``): the finding covers every piece; and joins of ordinary words stay quiet."""

from __future__ import annotations

import random
import string

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import Guard, secrets
from aiwarden.guard.secret_joined import joined_literals
from aiwarden.guard.types import OutputContext

CTX = OutputContext()
_RNG = random.Random("secret-joined")
AWS_ID = "AKIA" + "".join(_RNG.choice(string.ascii_uppercase + "234567") for _ in range(16))
KEY = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(32))
PASSWORD = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(15))


def _acted(text: str) -> list[str]:
    """The spans the secrets detector redacts or blocks in ``text``."""
    return [text[f.span[0]:f.span[1]] for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]


@pytest.mark.parametrize(("text", "covered"), [
    (f"key_id = ''.join(['{AWS_ID[:10]}', '{AWS_ID[10:]}'])", f"''.join(['{AWS_ID[:10]}', '{AWS_ID[10:]}'])"),
    (f'key_id = "".join(("{AWS_ID[:7]}", "{AWS_ID[7:14]}", "{AWS_ID[14:]}"))',
     f'"".join(("{AWS_ID[:7]}", "{AWS_ID[7:14]}", "{AWS_ID[14:]}"))'),
    (f'key_id = "".join([\n    "{AWS_ID[:10]}",\n    "{AWS_ID[10:]}",\n])',
     f'"".join([\n    "{AWS_ID[:10]}",\n    "{AWS_ID[10:]}",\n])'),
    # a generic credential: judged under the name the joined run is assigned to
    (f'API_TOKEN = (\n    "{KEY[:16]}"\n    "{KEY[16:]}"\n)', f'"{KEY[:16]}"\n    "{KEY[16:]}"'),
    (f'api_key = "{KEY[:10]}" + "{KEY[10:20]}" + "{KEY[20:]}"', f'"{KEY[:10]}" + "{KEY[10:20]}" + "{KEY[20:]}"'),
    (f'db_password = "{PASSWORD[:5]}" + "{PASSWORD[5:10]}" + "{PASSWORD[10:]}"',
     f'"{PASSWORD[:5]}" + "{PASSWORD[5:10]}" + "{PASSWORD[10:]}"'),
    (f"secret = '-'.join(['{KEY[:16]}', '{KEY[16:]}'])", f"'-'.join(['{KEY[:16]}', '{KEY[16:]}'])"),
    (f"const awsKeyId = ['{AWS_ID[:8]}', '{AWS_ID[8:]}'].join('');", f"['{AWS_ID[:8]}', '{AWS_ID[8:]}'].join('')"),
    (f"$config['db_password'] => '{PASSWORD[:7]}!' . '#{PASSWORD[7:]}';", f"'{PASSWORD[:7]}!' . '#{PASSWORD[7:]}'"),
])
def test_a_split_credential_is_covered_in_full(text: str, covered: str) -> None:
    assert _acted(text) == [covered]
    result = Guard(use_model=False).scan_output(text)
    assert result.action == "redact" and result.text == text.replace(covered, "[SECRET_1]")


def test_a_finding_in_one_piece_of_a_run_covers_the_whole_run() -> None:
    text = f'send(token="t" + "{KEY}" + "x9")'  # the label names the first piece; the random token the middle one
    assert _acted(text) == [f'"t" + "{KEY}" + "x9"']


@pytest.mark.parametrize("text", [
    "msg = ''.join(['hello', 'world', 'again'])",
    "path = '/'.join(['usr', 'local', 'bin'])",
    "parts = ''.join(parts)",
    'token_kinds = "".join(["IDENT", "NUMBER", "STRING"])',
    f'name = "{KEY[:16]}" + "{KEY[16:]}"',  # random, but assigned to nothing that names a credential
    'password = "" + "changeme" + ""',
    'api_key = "${API" + "_KEY}"',
    "const dirs = ['src', 'lib', 'test'].join(',');",
    "key = 'sha256:' + '{}'.format(digest)",
])
def test_joins_of_ordinary_values_stay_quiet(text: str) -> None:
    assert _acted(text) == []


def test_joined_literals_reads_the_call_and_the_name_assigned() -> None:
    runs = list(joined_literals("SECRET := strings.Join  # no\nvalue = '+'.join(('ab', 'cd', 'ef'))"))
    assert [(r.value, r.label) for r in runs] == [("ab+cd+ef", "value")]
