"""``aiwarden verify MODEL_DIR``: check a model directory against its OMS signature. Exit 0 only when every
file, the signer and the signature hold; 1 on any verification failure; 2 on usage or I/O errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="verify a model directory against its OMS signature",
        description="Verify MODEL_DIR against an OMS v1.0 bundle (made by aiwarden or model-signing). Exit 0: "
        "verified; 1: verification failed (modified, missing or extra file, wrong key, bad signature...); "
        "2: usage or I/O error.",
    )
    p.add_argument("model_dir", metavar="MODEL_DIR")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--key", metavar="PUBLIC.pem", help="public key (key mode)")
    mode.add_argument("--chain", nargs="+", metavar="CA.pem", help="trusted certificates (certificate mode)")
    p.add_argument("--identity", help="required signer identity: a SAN (email, URI, DNS) or subject CN")
    p.add_argument("--signature", metavar="FILE", help="bundle to check (default MODEL_DIR/model.sig)")
    p.add_argument("--ignore-unsigned", action="store_true", help="accept files that the signature does not list")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--jobs", "-j", type=int, default=None, help="hashing threads (default: one per core)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.errors import UsageError
    from aiwarden.sign import VerificationError, verify_model

    if args.identity and not args.chain:
        raise UsageError("--identity needs certificate mode (--chain)")
    try:
        result = verify_model(args.model_dir, key=args.key, chain=args.chain or (), identity=args.identity,
                              signature=args.signature, ignore_unsigned=args.ignore_unsigned, workers=args.jobs)
    except VerificationError as exc:
        if args.format == "json":
            print(json.dumps({"verified": False, "reason": exc.reason, "details": list(exc.details)}))
        print(f"aiwarden: verification FAILED: {exc.reason}", file=sys.stderr)
        return 1
    if args.format == "json":
        document = {"verified": True, "root_digest": f"sha256:{result.root_digest}", "files": list(result.files),
                    "warnings": list(result.warnings)}
        if result.identity:
            document["signer"] = {"subject": result.identity.subject, "san": list(result.identity.san),
                                  "fingerprint_sha256": result.identity.fingerprint}
        print(json.dumps(document, indent=2))
    else:
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        signer = f", signer {result.identity.subject}" if result.identity else ""
        print(f"verified {len(result.files)} files of {args.model_dir} (root digest sha256:{result.root_digest}"
              f"{signer})")
    return 0
