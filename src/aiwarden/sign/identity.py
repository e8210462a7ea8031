"""Signer identities as typed values, compared exactly.

``--identity email:release@example.com`` (a bare value means e-mail), ``uri:https://...``, ``dns:host``
are compared with the subjectAltName entries of that type only; ``cn:Name`` with the subject's single
commonName, and only when the certificate has no subjectAltName at all (RFC 6125: a SAN, when present,
is the identity). Nothing is searched in a formatted distinguished name, so escaped commas, multi-valued
RDNs or a URI spelled like an e-mail address cannot claim someone else's identity. Wildcard entries
never match: an identity names one signer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.errors import VerificationError

if TYPE_CHECKING:
    from cryptography import x509

KINDS = ("email", "uri", "dns", "cn")


@dataclass(frozen=True, slots=True)
class ExpectedIdentity:
    kind: str
    value: str

    @classmethod
    def parse(cls, text: str) -> ExpectedIdentity:
        kind, sep, value = text.partition(":")
        if not sep or kind not in KINDS:
            kind, value = "email", text
        if not value or not value.isprintable() or (kind != "cn" and any(c.isspace() for c in value)):
            raise UsageError(f"--identity {safe_name(text)}: empty, or holds spaces or control characters")
        if "*" in value:
            raise UsageError(f"--identity {safe_name(text)}: wildcards are not identities; name one signer")
        if kind == "email" and (value.count("@") != 1 or value.startswith("@") or value.endswith("@")):
            raise UsageError(f"--identity {safe_name(text)}: not an e-mail address; give a type prefix for "
                             f"other identities ({', '.join(k + ':' for k in KINDS)})")
        return cls(kind, value)

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a signing certificate names: its subject and typed SAN entries."""

    subject: str
    emails: tuple[str, ...]
    uris: tuple[str, ...]
    dns_names: tuple[str, ...]
    common_names: tuple[str, ...]
    has_san: bool
    fingerprint: str

    @property
    def san(self) -> tuple[str, ...]:
        return (tuple(f"email:{v}" for v in self.emails) + tuple(f"uri:{v}" for v in self.uris)
                + tuple(f"dns:{v}" for v in self.dns_names))

    def matches(self, expected: ExpectedIdentity) -> bool:
        if expected.kind == "email":
            return any(_same_email(entry, expected.value) for entry in self.emails)
        if expected.kind == "uri":
            return expected.value in self.uris
        if expected.kind == "dns":
            wanted = _ascii_lower(expected.value.rstrip("."))
            return any("*" not in n and _ascii_lower(n.rstrip(".")) == wanted for n in self.dns_names)
        return not self.has_san and len(self.common_names) == 1 and self.common_names[0] == expected.value

    def describe(self) -> str:
        names = ", ".join(ascii_name(n) for n in self.san) or "no subjectAltName"
        return f"subject '{ascii_name(self.subject)}' ({names})"


def ascii_name(text: str) -> str:
    """Identities shown in ASCII: a look-alike such as the Kelvin sign (U+212A) for 'K' shows as an escape."""
    escaped = safe_name(text)
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
                   for c in escaped)


def _ascii_lower(text: str) -> str | None:
    """Case-folding for DNS names and mail domains, which are ASCII (IDNA A-labels); anything else never
    matches case-insensitively (``'\\u212a'.lower() == 'k'`` must not make a look-alike match)."""
    return text.lower() if text.isascii() else None


def _same_email(entry: str, wanted: str) -> bool:
    """Local parts compare exactly, domains case-insensitively in ASCII (RFC 5280 4.2.1.6)."""
    local, sep, domain = entry.rpartition("@")
    wanted_local, _, wanted_domain = wanted.rpartition("@")
    folded = _ascii_lower(domain)
    return bool(sep) and local == wanted_local and folded is not None and folded == _ascii_lower(wanted_domain)


def identity_of(certificate: x509.Certificate) -> Identity:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    emails: tuple[str, ...] = ()
    uris: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()
    has_san = True
    try:
        try:
            san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            emails = tuple(san.get_values_for_type(x509.RFC822Name))
            uris = tuple(san.get_values_for_type(x509.UniformResourceIdentifier))
            dns_names = tuple(san.get_values_for_type(x509.DNSName))
        except x509.ExtensionNotFound:
            has_san = False
        common_names = tuple(str(a.value) for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME))
        subject = certificate.subject.rfc4514_string()
    except ValueError:  # undecodable strings in the subject or SAN
        raise VerificationError("the signing certificate has a malformed subject or subjectAltName") from None
    return Identity(subject, emails, uris, dns_names, common_names, has_san,
                    certificate.fingerprint(hashes.SHA256()).hex())
