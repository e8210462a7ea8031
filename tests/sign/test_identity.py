"""--identity: typed values compared exactly with SAN entries of that type; the subject CN only without a SAN;
never a string search over a formatted distinguished name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from aiwarden.core.errors import UsageError
from aiwarden.sign import VerificationError, sign_model, verify_model
from aiwarden.sign.identity import ExpectedIdentity, identity_of
from tests.sign.pki_factory import Spec, ca, issue, root

ROOT = root("Identity Root")
CA = ca("Identity CA", ROOT)


def _cert(subject: x509.Name | str, san: list[x509.GeneralName] | None) -> x509.Certificate:
    return issue(Spec(subject, ca=False, san=san), CA).certificate


def _matches(certificate: x509.Certificate, identity: str) -> bool:
    return identity_of(certificate).matches(ExpectedIdentity.parse(identity))


EMAIL = _cert("Release Signer", [x509.RFC822Name("release@example.com")])
URI_LOOKALIKE = _cert("Bot", [x509.UniformResourceIdentifier("release@example.com")])
URI = _cert("Workflow", [x509.UniformResourceIdentifier("https://github.com/org/repo/.github/workflows/rel.yml@refs/"
                                                         "heads/main")])
ESCAPED_COMMA = _cert(x509.Name([
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Evil, CN=release@example.com"),
    x509.NameAttribute(NameOID.COMMON_NAME, "employee"),
]), None)
MULTI_VALUED = _cert(x509.Name([x509.RelativeDistinguishedName([
    x509.NameAttribute(NameOID.COMMON_NAME, "employee"),
    x509.NameAttribute(NameOID.COMMON_NAME, "Release Bot"),
])]), None)
CN_AND_SAN = _cert("release@example.com", [x509.RFC822Name("employee@example.com")])
CN_ONLY = _cert("Release Bot", None)
WILDCARD_DNS = _cert("Build", [x509.DNSName("*.example.com")])
DNS = _cert("Build", [x509.DNSName("build.example.com")])
WILDCARD_MAIL = _cert("Any", [x509.RFC822Name("*@example.com")])


@pytest.mark.parametrize(("certificate", "identity", "expected"), [
    (EMAIL, "release@example.com", True),  # a bare value is an e-mail address
    (EMAIL, "email:release@example.com", True),
    (EMAIL, "email:release@EXAMPLE.COM", True),  # domains are case-insensitive
    (EMAIL, "email:Release@example.com", False),  # local parts are not
    (EMAIL, "email:elease@example.com", False),
    (EMAIL, "email:release@example.co", False),
    (EMAIL, "uri:release@example.com", False),  # types never cross
    (EMAIL, "cn:Release Signer", False),  # a SAN exists: the CN is not an identity
    (URI_LOOKALIKE, "release@example.com", False),  # a URI SAN spelled like an e-mail
    (URI_LOOKALIKE, "uri:release@example.com", True),
    (URI, "uri:https://github.com/org/repo/.github/workflows/rel.yml@refs/heads/main", True),
    (URI, "uri:https://github.com/org/repo/.github/workflows/rel.yml@refs/heads/mai", False),
    (URI, "uri:https://github.com/org/repo", False),  # no prefix matching
    (ESCAPED_COMMA, "release@example.com", False),  # an escaped comma inside O= is not a CN
    (ESCAPED_COMMA, "cn:release@example.com", False),
    (ESCAPED_COMMA, "cn:employee", True),
    (MULTI_VALUED, "cn:Release Bot", False),  # two CNs: ambiguous, never matches
    (CN_AND_SAN, "release@example.com", False),  # the CN claims it, the SAN says otherwise
    (CN_AND_SAN, "cn:release@example.com", False),
    (CN_AND_SAN, "employee@example.com", True),
    (CN_ONLY, "cn:Release Bot", True),
    (CN_ONLY, "cn:release bot", False),
    (CN_ONLY, "cn:Release", False),
    (WILDCARD_DNS, "dns:build.example.com", False),  # a wildcard names no one signer
    (DNS, "dns:BUILD.example.com", True),
    (DNS, "dns:example.com", False),
    (WILDCARD_MAIL, "email:anyone@example.com", False),
])
def test_identity_matrix(certificate: x509.Certificate, identity: str, expected: bool) -> None:
    assert _matches(certificate, identity) is expected


@pytest.mark.parametrize("identity", [
    "", "email:", "https://example.com/x", "release", "a@b@c", "@example.com", "release@", "dns:*.example.com",
    "email:*@example.com", "email:release@example.com\nCN=x", "release @example.com",
])
def test_malformed_identities_are_usage_errors(identity: str) -> None:
    with pytest.raises(UsageError):
        ExpectedIdentity.parse(identity)


def test_end_to_end_identity_through_the_cli(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"w")
    signer = issue(Spec("release@example.com", ca=False, san=[x509.RFC822Name("employee@example.com")]), CA)
    sign_model(model, signer.key_pem(tmp_path, "leaf"), certificate=signer.pem(tmp_path, "leaf"),
               chain=[CA.pem(tmp_path, "ca")])
    anchor = ROOT.pem(tmp_path, "root")
    with pytest.raises(VerificationError, match=r"does not match email:release@example\.com.*employee@example\.com"):
        verify_model(model, chain=[anchor], identity="release@example.com")
    result = subprocess.run([sys.executable, "-m", "aiwarden", "verify", str(model), "--chain", str(anchor),
                             "--identity", "release@example.com"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    ok = subprocess.run([sys.executable, "-m", "aiwarden", "verify", str(model), "--chain", str(anchor),
                         "--identity", "email:employee@example.com"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
