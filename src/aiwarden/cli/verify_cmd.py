"""``aiwarden verify MODEL_DIR``: check a model directory against its OMS signature. Exit 0 only when every
file, the signer and the signature hold; 1 on any verification failure; 2 on usage or I/O errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aiwarden.cli.options import positive_int


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="verify a model directory against its OMS signature",
        description="Verify MODEL_DIR against an OMS v1.0 bundle (made by aiwarden or model-signing). Exit 0: "
        "verified; 1: verification failed (modified, missing or extra file, wrong key, bad signature, untrusted "
        "certificate, other signer...); 2: usage or I/O error (nothing verified either).",
    )
    p.add_argument("model_dir", metavar="MODEL_DIR")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--key", metavar="PUBLIC.pem", help="public key (key mode)")
    mode.add_argument("--chain", nargs="+", metavar="CA.pem",
                      help="trusted root CA certificate(s), plus any intermediates (certificate mode)")
    p.add_argument("--identity", metavar="[TYPE:]VALUE",
                   help="required signer: email:ADDRESS (the default type), uri:URI or dns:NAME, matched exactly "
                   "against the certificate's subjectAltName; cn:NAME for certificates without one")
    p.add_argument("--signature", metavar="FILE",
                   help="bundle to check, relative to the working directory (default MODEL_DIR/model.sig)")
    p.add_argument("--ignore-unsigned", action="store_true", help="accept files that the signature does not list")
    p.add_argument("--copy-to", metavar="NEW_DIR",
                   help="copy the signed files to NEW_DIR while verifying them; load from the copy")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--jobs", "-j", type=positive_int, default=None, help="hashing threads (default: one per core)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.display import utf8_name
    from aiwarden.core.errors import AiwardenError
    from aiwarden.sign import VerificationError, verify_model

    try:
        result = verify_model(args.model_dir, key=args.key, chain=args.chain or (), identity=args.identity,
                              signature=args.signature, ignore_unsigned=args.ignore_unsigned, workers=args.jobs,
                              copy_to=args.copy_to)
    except AiwardenError as exc:
        failed = isinstance(exc, VerificationError) and exc.exit_code == 1
        if args.format == "json":
            details = list(exc.details) if isinstance(exc, VerificationError) else []
            print(json.dumps({"verified": False, "error": "verification" if failed else "usage",
                              "reason": str(exc), "details": details}))
        label = "verification FAILED" if failed else "error"
        print(f"aiwarden: {label}: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.format == "json":
        document: dict[str, Any] = {"verified": True, "root_digest": f"sha256:{result.root_digest}",
                                    "files": list(result.files), "digests": dict(result.digests),
                                    "warnings": list(result.warnings)}
        if result.identity:
            document["signer"] = {"subject": result.identity.subject, "san": list(result.identity.san),
                                  "fingerprint_sha256": result.identity.fingerprint}
        if result.copied_to:
            document["copied_to"] = utf8_name(result.copied_to)
        print(json.dumps(document, indent=2, ensure_ascii=True))
    else:
        from aiwarden.core.display import safe_name

        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        signer = f", signer {result.identity.describe()}" if result.identity else ""
        print(f"verified {len(result.files)} files of {safe_name(args.model_dir)} (root digest "
              f"sha256:{result.root_digest}{signer})")
        if result.copied_to:
            print(f"verified copy written to {safe_name(result.copied_to)}")
    return 0
