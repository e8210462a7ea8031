"""API key tokens: ``aw_<id>_<secret>``, the id 12 hex digits (finds the row), the secret 32 random bytes in
unpadded base64url (43 characters). Only SHA-256 of the secret is stored.

A fast hash is right here: slow password hashes (bcrypt, scrypt, Argon2) exist to make guessing a low-entropy
password expensive, but a 256-bit random secret cannot be guessed at any hashing speed, and a slow hash would
cost every request milliseconds of CPU (and hand attackers a cheap way to burn it).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from aiwarden.gateway.types import KEY_PREFIX

ID_HEX_DIGITS = 12
SECRET_BYTES = 32
_SECRET_CHARS = 43  # base64 of 32 bytes, without the "=" padding
TOKEN_LENGTH = len(KEY_PREFIX) + ID_HEX_DIGITS + 1 + _SECRET_CHARS
_ID_CHARS = frozenset("0123456789abcdef")
_SECRET_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def new_key_id() -> str:
    return secrets.token_hex(ID_HEX_DIGITS // 2)


def new_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(SECRET_BYTES)).rstrip(b"=").decode("ascii")


def make_token(key_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}{key_id}_{secret}"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def parse_token(token: object) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed token, else None. The length is checked first, so an oversized or
    garbage token costs a comparison, never a database lookup."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH or not token.startswith(KEY_PREFIX):
        return None
    start = len(KEY_PREFIX)
    key_id, separator, secret = token[start:start + ID_HEX_DIGITS], token[start + ID_HEX_DIGITS], \
        token[start + ID_HEX_DIGITS + 1:]
    if separator != "_" or not _ID_CHARS.issuperset(key_id) or not _SECRET_ALPHABET.issuperset(secret):
        return None
    return key_id, secret
