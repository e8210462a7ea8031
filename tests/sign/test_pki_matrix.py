"""Certificate-mode verification against a PKI matrix made here: every RFC 5280 constraint that matters for
a code-signing chain, each case signed into a real bundle and verified end to end. Where model-signing 1.1.1
(OpenSSL underneath) makes the same check, its verdict is asserted to be the same."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from aiwarden.core.errors import AiwardenError
from aiwarden.sign import sign_model, verify_model
from tests.sign.pki_factory import (
    CODE_SIGNING,
    UNKNOWN_CRITICAL,
    Issued,
    Spec,
    ca,
    issue,
    leaf,
    name,
    root,
)

DAY = datetime.timedelta(days=1)


@dataclass
class Case:
    signer: Issued  # the leaf
    presented: list[Issued]  # intermediates carried in the bundle
    trusted: list[Issued]  # what the verifier passes with --chain
    reject: str | None  # None: must verify; else a regex the one-line reason must match
    model_signing_agrees: bool = True  # False where model-signing does not make this check


def _email_nc(permitted: str | None = None, excluded: str | None = None) -> x509.NameConstraints:
    return x509.NameConstraints(permitted_subtrees=[x509.RFC822Name(permitted)] if permitted else None,
                                excluded_subtrees=[x509.RFC822Name(excluded)] if excluded else None)


def _valid() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i), [i], [r], None)


def _pathlen_zero_issues_ca() -> Case:
    r = root()
    i = ca("Intermediate PL0", r, path_length=0)
    sub = ca("Sub CA", i)
    return Case(leaf(sub), [sub, i], [r], r"path length.*'CN=Intermediate PL0' allows 0")


def _pathlen_zero_issues_leaf() -> Case:
    r = root()
    i = ca("Intermediate PL0", r, path_length=0)
    return Case(leaf(i), [i], [r], None)


def _root_pathlen_zero() -> Case:
    r = root("Root PL0", path_length=0)
    i = ca("Intermediate", r)
    return Case(leaf(i), [i], [r], r"path length.*'CN=Root PL0' allows 0")


def _nc_permitted_inside() -> Case:
    r = root()
    i = ca("Mail CA", r, name_constraints=_email_nc(permitted="example.com"))
    return Case(leaf(i), [i], [r], None)


def _nc_permitted_outside() -> Case:
    r = root()
    i = ca("Mail CA", r, name_constraints=_email_nc(permitted="example.com"))
    return Case(leaf(i, email="ceo@victim.org"), [i], [r], r"outside the name constraints of 'CN=Mail CA'")


def _nc_excluded() -> Case:
    r = root()
    i = ca("Mail CA", r, name_constraints=_email_nc(excluded="victim.org"))
    return Case(leaf(i, email="ceo@victim.org"), [i], [r], r"outside the name constraints of 'CN=Mail CA'")


def _nc_subject_email_without_san() -> Case:
    r = root()
    i = ca("Mail CA", r, name_constraints=_email_nc(permitted="example.com"))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CEO"),
                         x509.NameAttribute(NameOID.EMAIL_ADDRESS, "ceo@victim.org")])
    return Case(issue(Spec(subject, ca=False), i), [i], [r], r"no subjectAltName, so the name constraints of "
                r"'CN=Mail CA' cannot be checked")


def _nc_dns_outside() -> Case:
    r = root()
    nc = x509.NameConstraints(permitted_subtrees=[x509.DNSName("example.com")], excluded_subtrees=None)
    i = ca("DNS CA", r, name_constraints=nc)
    return Case(leaf(i, email=None, san=[x509.DNSName("build.victim.org")]), [i], [r], r"name constraints")


def _nc_unsupported_type() -> Case:
    r = root()
    nc = x509.NameConstraints(permitted_subtrees=[x509.DirectoryName(name("Allowed"))], excluded_subtrees=None)
    i = ca("DN CA", r, name_constraints=nc)
    return Case(leaf(i, cn="Allowed"), [i], [r], r"'CN=DN CA' has a name constraint this verifier cannot check",
                model_signing_agrees=False)


def _issuer_without_keycertsign() -> Case:
    r = root()
    usage = x509.KeyUsage(True, False, False, False, False, False, True, False, False)
    i = ca("No CertSign CA", r, key_usage=usage)
    return Case(leaf(i), [i], [r], r"issuer 'CN=No CertSign CA' may not sign certificates.*keyCertSign")


def _issuer_without_key_usage() -> Case:
    r = root()
    i = ca("No KU CA", r, no_key_usage=True)
    return Case(leaf(i), [i], [r], r"issuer 'CN=No KU CA' has no keyUsage", model_signing_agrees=False)


def _unknown_critical_on_leaf() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i, extra=[(UNKNOWN_CRITICAL, True)]), [i], [r],
                r"'CN=Release Signer' carries an unknown critical extension 1\.3\.6\.1\.4\.1\.55555\.1")


def _unknown_critical_on_intermediate() -> Case:
    r = root()
    i = ca("Odd CA", r, extra=[(UNKNOWN_CRITICAL, True)])
    return Case(leaf(i), [i], [r], r"'CN=Odd CA' carries an unknown critical extension")


def _unknown_noncritical_on_leaf() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i, extra=[(UNKNOWN_CRITICAL, False)]), [i], [r], None)


def _leaf_eku_server_auth() -> Case:
    r = root()
    i = ca("Intermediate", r)
    eku = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH])
    return Case(leaf(i, eku=eku), [i], [r], r"not for code signing.*lacks codeSigning", model_signing_agrees=False)


def _leaf_ku_without_digital_signature() -> Case:
    r = root()
    i = ca("Intermediate", r)
    usage = x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    return Case(leaf(i, key_usage=usage), [i], [r], r"may not sign \(keyUsage lacks digitalSignature\)",
                model_signing_agrees=False)


def _leaf_eku_only() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i, no_key_usage=True, eku=CODE_SIGNING), [i], [r], None)


def _leaf_states_no_usage() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i, no_key_usage=True, no_eku=True), [i], [r], r"'CN=Release Signer' states no usage")


def _leaf_is_ca() -> Case:
    r = root()
    i = ca("Intermediate", r)
    signer = issue(Spec("CA Signer", ca=True, san=[x509.RFC822Name("release@example.com")]), i)
    return Case(signer, [i], [r], r"'CN=CA Signer' is a CA certificate", model_signing_agrees=False)


def _intermediate_expired_before_leaf() -> Case:
    r = root(not_before=-60 * DAY)
    i = ca("Expired CA", r, not_before=-50 * DAY, not_after=-10 * DAY)
    return Case(leaf(i), [i], [r], r"'CN=Expired CA' was not valid when the signing certificate was issued")


def _intermediate_not_yet_valid() -> Case:
    r = root()
    i = ca("Future CA", r, not_before=5 * DAY, not_after=60 * DAY)
    return Case(leaf(i), [i], [r], r"'CN=Future CA' was not valid")


def _leaf_expired_since() -> Case:
    # validated at the leaf's notBefore, as model-signing does: an expired leaf still verifies
    r = root(not_before=-90 * DAY)
    i = ca("Intermediate", r, not_before=-80 * DAY)
    return Case(leaf(i, not_before=-30 * DAY, not_after=-20 * DAY), [i], [r], None)


def _non_ca_intermediate() -> Case:
    r = root()
    i = issue(Spec("Employee", ca=False, eku=CODE_SIGNING), r)
    return Case(leaf(i), [i], [r], r"'CN=Employee' is not a CA")


def _intermediate_without_basic_constraints() -> Case:
    r = root()
    i = issue(Spec("No BC CA", ca=None, key_usage=x509.KeyUsage(False, False, False, False, False, True, True,
                                                                 False, False)), r)
    return Case(leaf(i), [i], [r], r"'CN=No BC CA' has no basicConstraints")


def _intermediate_as_trust_anchor() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i), [], [i], r"none of the certificates is a self-signed root")


def _attacker_root_with_the_same_name() -> Case:
    r = root("Matrix Root CA")
    fake = root("Matrix Root CA")
    i = ca("Intermediate", fake)
    return Case(leaf(i), [i, fake], [r], r"does not chain to a trusted root")


def _issuer_eku_other_purpose() -> Case:
    r = root()
    i = ca("TLS CA", r, eku=x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]))
    return Case(leaf(i), [i], [r], r"issuer 'CN=TLS CA' is restricted to other purposes",
                model_signing_agrees=False)


def _chain_too_long() -> Case:
    r = root()
    cas, issuer = [], r
    for depth in range(10):
        issuer = ca(f"Level {depth}", issuer)
        cas.append(issuer)
    return Case(leaf(issuer), cas[::-1], [r], r"does not chain to a trusted root.*within 8",
                model_signing_agrees=False)


def _intermediate_given_by_verifier() -> Case:
    r = root()
    i = ca("Intermediate", r)
    return Case(leaf(i), [], [r, i], None)


CASES: dict[str, Callable[[], Case]] = {f.__name__.lstrip("_"): f for f in (
    _valid, _pathlen_zero_issues_ca, _pathlen_zero_issues_leaf, _root_pathlen_zero, _nc_permitted_inside,
    _nc_permitted_outside, _nc_excluded, _nc_subject_email_without_san, _nc_dns_outside, _nc_unsupported_type,
    _issuer_without_keycertsign, _issuer_without_key_usage, _unknown_critical_on_leaf,
    _unknown_critical_on_intermediate, _unknown_noncritical_on_leaf, _leaf_eku_server_auth,
    _leaf_ku_without_digital_signature, _leaf_eku_only, _leaf_states_no_usage, _leaf_is_ca,
    _intermediate_expired_before_leaf, _intermediate_not_yet_valid, _leaf_expired_since, _non_ca_intermediate,
    _intermediate_without_basic_constraints, _intermediate_as_trust_anchor, _attacker_root_with_the_same_name,
    _issuer_eku_other_purpose, _chain_too_long, _intermediate_given_by_verifier,
)}


def _model_signing_verdict(model: Path, signature: Path, trusted: list[Path]) -> bool:
    from model_signing import verifying

    try:
        verifying.Config().use_certificate_verifier(certificate_chain=trusted).verify(model, signature)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("name", sorted(CASES))
def test_pki_matrix(name: str, tmp_path: Path) -> None:
    case = CASES[name]()
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    signature = tmp_path / "model.sig"
    sign_model(model, case.signer.key_pem(tmp_path, "leaf"), signature=signature,
               certificate=case.signer.pem(tmp_path, "leaf"),
               chain=[c.pem(tmp_path, f"presented{n}") for n, c in enumerate(case.presented)])
    trusted = [c.pem(tmp_path, f"trusted{n}") for n, c in enumerate(case.trusted)]
    if case.reject is None:
        verified = verify_model(model, chain=trusted, signature=signature)
        assert verified.files == ("weights.bin",)
    else:
        with pytest.raises(AiwardenError, match=case.reject) as failure:
            verify_model(model, chain=trusted, signature=signature)
        assert "\n" not in str(failure.value)
    if case.model_signing_agrees:
        assert _model_signing_verdict(model, signature, trusted) is (case.reject is None), name
