"""Fuzzing the signature parser and verifier: mutated bundles and certificates never crash, never hang, and
never verify a file list other than the one that was signed."""

from __future__ import annotations

import base64
import functools
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiwarden.core.errors import AiwardenError
from aiwarden.sign import sign_model, verify_model
from tests.sign.conftest import write_key
from tests.sign.pki_factory import ca, leaf, root

FUZZ = settings(max_examples=200, deadline=5000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@functools.cache
def _signed() -> dict[str, Path]:
    from cryptography.hazmat.primitives.asymmetric import ec

    base = Path(tempfile.mkdtemp(prefix="aiwarden-fuzz-sign-"))
    model = base / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x01" * 100)
    (model / "config.json").write_text('{"model_type": "demo"}')
    pair = write_key(base, "k", ec.SECP256R1())
    sign_model(model, pair.private, signature=base / "key.sig")
    anchor = root("Fuzz Root")
    intermediate = ca("Fuzz CA", anchor)
    signer = leaf(intermediate)
    sign_model(model, signer.key_pem(base, "leaf"), signature=base / "cert.sig", certificate=signer.pem(base, "leaf"),
               chain=[intermediate.pem(base, "ca")])
    return {"model": model, "key": pair.public, "root": anchor.pem(base, "root"), "base": base,
            "key.sig": base / "key.sig", "cert.sig": base / "cert.sig"}


def _verify(data: bytes, mode: str) -> None:
    paths = _signed()
    signature = paths["base"] / "mutated.sig"
    signature.write_bytes(data)
    try:
        if mode == "key":
            result = verify_model(paths["model"], key=paths["key"], signature=signature)
        else:
            result = verify_model(paths["model"], chain=[paths["root"]], signature=signature,
                                  identity="release@example.com")
    except AiwardenError:
        return
    assert sorted(result.files) == ["config.json", "weights.bin"]


@FUZZ
@given(st.sampled_from(["key", "certificate"]),
       st.lists(st.tuples(st.integers(0, 1 << 14), st.integers(0, 255)), min_size=1, max_size=6))
def test_byte_mutations_of_bundles(mode: str, edits: list[tuple[int, int]]) -> None:
    data = bytearray(_signed()["key.sig" if mode == "key" else "cert.sig"].read_bytes())
    for position, value in edits:
        data[position % len(data)] = value
    _verify(bytes(data), mode)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(st.sampled_from(["key", "certificate"]),
       st.sampled_from(["mediaType", "verificationMaterial", "dsseEnvelope", "payloadType", "signatures",
                        "publicKey", "x509CertificateChain", "certificates", "rawBytes"]), json_values)
def test_structural_replacement_of_bundle_fields(mode: str, field: str, value: object) -> None:
    bundle = json.loads(_signed()["key.sig" if mode == "key" else "cert.sig"].read_text())

    def replace(node: object) -> None:
        if isinstance(node, dict):
            for key in list(node):
                if key == field:
                    node[key] = value
                else:
                    replace(node[key])
        elif isinstance(node, list):
            for item in node:
                replace(item)

    replace(bundle)
    _verify(json.dumps(bundle).encode(), mode)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 1 << 11), st.integers(0, 255)), min_size=1, max_size=4),
       st.integers(0, 1))
def test_mutated_certificates_in_the_chain(edits: list[tuple[int, int]], which: int) -> None:
    bundle = json.loads(_signed()["cert.sig"].read_text())
    entries = bundle["verificationMaterial"]["x509CertificateChain"]["certificates"]
    der = bytearray(base64.b64decode(entries[which]["rawBytes"]))
    for position, value in edits:
        der[position % len(der)] = value
    entries[which]["rawBytes"] = base64.b64encode(bytes(der)).decode()
    _verify(json.dumps(bundle).encode(), "certificate")
