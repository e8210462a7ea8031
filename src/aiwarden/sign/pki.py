"""Certificate path validation for OMS certificate mode, by ``cryptography.x509.verification``.

Chain building, signatures, validity periods, basicConstraints path lengths, name constraints and
unknown critical extensions are RFC 5280 checks made by the library; this module only states the
code-signing profile through the library's extension-policy hooks and turns its verdict into a message
that names the certificate and the constraint.

The profile:
- Trust anchors are the self-signed certificates given with ``--chain``; other certificates given there
  only help build the path (OpenSSL's default, which model-signing relies on). An intermediate is never
  a trust anchor, so a root's constraints on it always apply.
- Validation time is the leaf's notBefore, as model-signing does: there is no trusted timestamp, so an
  expired leaf still verifies, but every certificate of the path must have been valid when the leaf was
  issued. There is no revocation check.
- Issuers must assert basicConstraints cA and keyUsage keyCertSign; an issuer's extendedKeyUsage, where
  present, must allow code signing (or any purpose).
- The leaf must not be a CA, must allow signing: keyUsage (if present) asserts digitalSignature,
  extendedKeyUsage (if present) lists codeSigning, and at least one of the two is present.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.errors import VerificationError

if TYPE_CHECKING:
    from cryptography import x509

_MAX_CHAIN_DEPTH = 8


def describe(certificate: x509.Certificate) -> str:
    """A certificate as users recognise it: its subject, escaped for the terminal."""
    try:
        subject = certificate.subject.rfc4514_string()
    except ValueError:  # malformed name attributes
        subject = "<unreadable subject>"
    return f"'{safe_name(subject) or '<empty subject>'}'"


def is_self_signed(certificate: x509.Certificate) -> bool:
    if certificate.subject != certificate.issuer:
        return False
    try:
        certificate.verify_directly_issued_by(certificate)
    except Exception:  # InvalidSignature, unsupported key or algorithm: not a usable root
        return False
    return True


def split_trust(given: Sequence[x509.Certificate]) -> tuple[list[x509.Certificate], list[x509.Certificate]]:
    """``--chain`` certificates as (trust anchors, path-building helpers)."""
    anchors = [c for c in given if is_self_signed(c)]
    helpers = [c for c in given if not is_self_signed(c)]
    if not anchors:
        raise UsageError("--chain: none of the certificates is a self-signed root CA; give the root that the "
                         "signing certificate chains to (intermediates may be given too)")
    return anchors, helpers


def validate_path(leaf: x509.Certificate, presented: Sequence[x509.Certificate],
                  given: Sequence[x509.Certificate]) -> list[x509.Certificate]:
    """The validated path leaf -> ... -> trusted root, or VerificationError naming what is wrong."""
    from cryptography.x509 import verification

    anchors, helpers = split_trust(given)
    intermediates = [*presented, *helpers]
    at = leaf.not_valid_before_utc
    violations: list[str] = []
    builder = (
        verification.PolicyBuilder()
        .store(verification.Store(anchors))
        .time(at)
        .max_chain_depth(_MAX_CHAIN_DEPTH)
        .extension_policies(ca_policy=_ca_policy(violations), ee_policy=_leaf_policy(violations))
    )
    try:
        verified = builder.build_client_verifier().verify(leaf, intermediates)
    except Exception as exc:  # the library's VerificationError, or ValueError on malformed extensions
        raise VerificationError(_explain(str(exc), violations, leaf, [*intermediates, *anchors], at)) from None
    chain = list(verified.chain)
    _check_subject_names(chain)
    return chain


def _check_subject_names(chain: list[x509.Certificate]) -> None:
    """Name constraints bind the SAN; the library checks nothing else. A leaf without a SAN under a
    name-constrained CA could claim any subject (RFC 5280 4.2.1.10 wants e-mail constraints applied to a
    subject emailAddress; OpenSSL also applies DNS constraints to a host-like CN), so it is refused."""
    leaf = chain[0]
    try:
        has_san = _has(leaf, "SubjectAlternativeName", strict=True)
        leaf.subject.rfc4514_string()
    except ValueError:
        raise VerificationError(f"certificate chain rejected: the signing certificate {describe(leaf)} has a "
                                "malformed subject or extension") from None
    if has_san:
        return
    for issuer in chain[1:]:
        if _has(issuer, "NameConstraints"):
            raise VerificationError(f"certificate chain of {describe(leaf)} rejected: it has no subjectAltName, "
                                    f"so the name constraints of {describe(issuer)} cannot be checked against it")


def _ca_policy(violations: list[str]) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from cryptography.x509.verification import Criticality, ExtensionPolicy

    def basic_constraints(_policy: Any, cert: x509.Certificate, value: x509.BasicConstraints) -> None:
        if not value.ca:
            _fail(violations, f"issuer {describe(cert)} is not a CA (basicConstraints cA is false)")

    def key_usage(_policy: Any, cert: x509.Certificate, value: x509.KeyUsage) -> None:
        if not value.key_cert_sign:
            _fail(violations, f"issuer {describe(cert)} may not sign certificates (keyUsage lacks keyCertSign)")

    def extended_key_usage(_policy: Any, cert: x509.Certificate, value: x509.ExtendedKeyUsage | None) -> None:
        allowed = (ExtendedKeyUsageOID.CODE_SIGNING, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE)
        if value is not None and not any(oid in value for oid in allowed):
            _fail(violations, f"issuer {describe(cert)} is restricted to other purposes (extendedKeyUsage lacks "
                              "codeSigning)")

    return (
        ExtensionPolicy.webpki_defaults_ca()
        # RFC 5280 wants basicConstraints critical in CA certificates; many private CAs mark it otherwise,
        # and its meaning is understood either way.
        .require_present(x509.BasicConstraints, Criticality.AGNOSTIC, basic_constraints)
        .require_present(x509.KeyUsage, Criticality.AGNOSTIC, key_usage)
        .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, extended_key_usage)
    )


def _leaf_policy(violations: list[str]) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from cryptography.x509.verification import Criticality, ExtensionPolicy

    def key_usage(_policy: Any, cert: x509.Certificate, value: x509.KeyUsage | None) -> None:
        if value is None:
            try:
                cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
            except x509.ExtensionNotFound:
                _fail(violations, f"signing certificate {describe(cert)} states no usage (neither keyUsage nor "
                                  "extendedKeyUsage)")
            return
        if not value.digital_signature:
            _fail(violations, f"signing certificate {describe(cert)} may not sign (keyUsage lacks "
                              "digitalSignature)")
        if value.key_cert_sign:
            _fail(violations, f"signing certificate {describe(cert)} is a CA key (keyUsage asserts keyCertSign)")

    def extended_key_usage(_policy: Any, cert: x509.Certificate, value: x509.ExtendedKeyUsage | None) -> None:
        if value is not None and ExtendedKeyUsageOID.CODE_SIGNING not in value:
            _fail(violations, f"signing certificate {describe(cert)} is not for code signing (extendedKeyUsage "
                              "lacks codeSigning)")

    return (
        ExtensionPolicy.webpki_defaults_ee()
        # Code-signing identities need not be in a SAN, and private CAs often omit the AKI.
        .may_be_present(x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
        .may_be_present(x509.AuthorityKeyIdentifier, Criticality.AGNOSTIC, None)
        .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, key_usage)
        .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, extended_key_usage)
    )


def _fail(violations: list[str], message: str) -> None:
    violations.append(message)
    raise ValueError(message)


_NOISE = re.compile(r"^(validation failed: )?(candidates exhausted: )?|\s*\(encountered processing <.*$", re.S)


def _explain(raw: str, violations: list[str], leaf: x509.Certificate, pool: Sequence[x509.Certificate],
             at: datetime) -> str:
    """One line naming the certificate and the constraint that failed."""
    reason = _NOISE.sub("", raw).strip()
    certs = [leaf, *pool]
    prefix = f"certificate chain of {describe(leaf)} rejected: "
    if "Python extension validator failed" in reason and violations:
        return prefix + violations[-1]
    if "must not be asserted in an EE" in reason:
        return prefix + f"the signing certificate {describe(leaf)} is a CA certificate (basicConstraints cA)"
    if "cA must be asserted" in reason:
        not_ca = ", ".join(describe(c) for c in pool if not _is_ca(c)) or "an issuer"
        return prefix + f"issuer {not_ca} is not a CA (basicConstraints cA is false)"
    if "missing required extension" in reason:
        needed = {"2.5.29.15": "KeyUsage", "2.5.29.19": "BasicConstraints"}
        oid = next((o for o in needed if o in reason), "")
        lacking = ", ".join(describe(c) for c in pool if oid and not _has(c, needed[oid])) or "an issuer"
        what = {"2.5.29.15": "keyUsage", "2.5.29.19": "basicConstraints"}.get(oid, "a required extension")
        return prefix + f"issuer {lacking} has no {what} extension (required in CA certificates)"
    if "unsupported" in reason and "onstraint" in reason:
        constrained = ", ".join(describe(c) for c in pool if _has(c, "NameConstraints")) or "an issuer"
        return prefix + f"{constrained} has a name constraint this verifier cannot check, so it fails closed ({reason})"
    if "path length" in reason:
        limited = [f"{describe(c)} allows {n} CA certificate(s) below it" for c, n in _path_lengths(pool)]
        return prefix + "path length constraint violated (" + "; ".join(limited or ["pathLenConstraint"]) + ")"
    if "name constraint" in reason:
        constrained = ", ".join(describe(c) for c in pool if _has(c, "NameConstraints")) or "an issuer"
        return prefix + f"the signer's names are outside the name constraints of {constrained} ({reason})"
    if "critical extension" in reason:
        found = re.search(r"\d+(?:\.\d+)+", reason)
        oid = found.group(0) if found else "?"
        holders = ", ".join(describe(c) for c in certs if _has_critical(c, oid)) or "a certificate"
        return prefix + f"{holders} carries an unknown critical extension {oid}"
    if "not valid at validation time" in reason:
        stale = ", ".join(describe(c) for c in certs if not c.not_valid_before_utc <= at <= c.not_valid_after_utc)
        return prefix + (f"{stale or 'a certificate'} was not valid when the signing certificate was issued "
                         f"({at:%Y-%m-%d %H:%M:%SZ})")
    if "exhausted with no interior errors" in reason or "max depth" in reason:
        return prefix + (f"it does not chain to a trusted root given with --chain (within {_MAX_CHAIN_DEPTH} CA "
                         "certificates)")
    return prefix + reason


def _path_lengths(pool: Sequence[x509.Certificate]) -> list[tuple[x509.Certificate, int]]:
    from cryptography import x509

    found = []
    for cert in pool:
        try:
            length = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length
        except (x509.ExtensionNotFound, ValueError):
            continue
        if length is not None:
            found.append((cert, length))
    return found


def _is_ca(cert: x509.Certificate) -> bool:
    from cryptography import x509

    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (x509.ExtensionNotFound, ValueError):
        return False


def _has(cert: x509.Certificate, class_name: str, strict: bool = False) -> bool:
    try:
        return any(type(e.value).__name__ == class_name for e in cert.extensions)
    except ValueError:
        if strict:
            raise
        return False


def _has_critical(cert: x509.Certificate, oid: str) -> bool:
    try:
        return any(e.critical and e.oid.dotted_string == oid for e in cert.extensions)
    except ValueError:
        return False
