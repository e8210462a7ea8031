"""Values that only their cue makes a credential: a .pgpass line of exactly five fields, Go's MySQL DSN, a
passphrase told in a sentence, and a hex private key (0x + 64 hex digits) after a private-key label; and the
digests, hashes, addresses and colon-separated records that look the same without the cue."""

from __future__ import annotations

import random
import string

import pytest

from aiwarden.guard import Guard
from tests.guard.secret_acted import acted as _acted

_RNG = random.Random("secret-cued-values")
PASSWORD = "".join(_RNG.choice(string.ascii_letters + string.digits) for _ in range(14))
HEX = "".join(_RNG.choice("0123456789abcdef") for _ in range(64))
DIGEST = "".join(_RNG.choice("0123456789abcdef") for _ in range(64))
SRI = "".join(_RNG.choice(string.ascii_letters + string.digits + "+/") for _ in range(64))


@pytest.mark.parametrize(("text", "value"), [
    (f"db.internal:5432:orders:app:{PASSWORD}", PASSWORD),
    (f"*:*:*:replicator:{PASSWORD}", PASSWORD),
    (f"/var/run/postgresql:5432:orders:app:{PASSWORD[:6]}\\:{PASSWORD[6:]}", f"{PASSWORD[:6]}\\:{PASSWORD[6:]}"),
    (f'db, err := sql.Open("mysql", "app:{PASSWORD}@tcp(db.internal:3306)/orders")', PASSWORD),
    (f"The office wifi passphrase is {PASSWORD}.", PASSWORD),
    (f"private key: 0x{HEX}", f"0x{HEX}"),
    (f"PRIVATE_KEY=0x{HEX}", f"0x{HEX}"),
    (f'const walletPrivateKey = "0x{HEX}";', f"0x{HEX}"),
    (f"Your wallet's private key is 0x{HEX}, keep it offline.", f"0x{HEX}"),
])
def test_a_value_its_cue_names_a_credential_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]
    assert Guard(use_model=False).scan_output(text).action == "redact"


@pytest.mark.parametrize("text", [
    # colon-separated records that are not five .pgpass fields
    f"db.internal:5432:orders:app:{PASSWORD}:extra",
    f"db.internal:http:orders:app:{PASSWORD}",
    "2001:4860:4860:0:0:0:0:8888",
    "db.internal:5432:orders:app:${PGPASSWORD}",
    'dsn := "root:${MYSQL_PASSWORD}@tcp(db:3306)/app"',
    'dsn := "user:password@tcp(localhost:3306)/dbname"',
    # 64 hex digits that a private-key cue does not name
    f"public key: 0x{HEX}",
    f"transaction hash: 0x{HEX}",
    f"private key fingerprint: {DIGEST}",
    f"sha256 of the private key file: {DIGEST}",
    f"cache key: {DIGEST}",
    f"key: {DIGEST}",
    f"The SHA-256 digest of key.pem is {DIGEST}.",
    f"private key: 0x{'0' * 64}",
    f"commit {DIGEST[:40]} bumps the key rotation interval",
    "api key id: 3f2c1e9a-8b7d-4c6e-9f1a-2b3c4d5e6f70",
    f'<link rel="stylesheet" href="/app.css" integrity="sha384-{SRI}" crossorigin="anonymous">',
])
def test_look_alikes_without_the_cue_stay_quiet(text: str) -> None:
    assert _acted(text) == []
