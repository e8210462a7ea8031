"""``aiwarden sign MODEL_DIR``: write an OpenSSF Model Signing (OMS v1.0) signature for a model directory."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from aiwarden.cli import conventions
from aiwarden.cli.options import positive_int


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sign",
        help="sign a model directory (OpenSSF Model Signing v1.0 bundle)",
        description="Hash every file of MODEL_DIR and write an OMS v1.0 bundle (default MODEL_DIR/model.sig), "
        "compatible with the model-signing package. Keys: ECDSA P-256 (default), P-384, P-521.",
    )
    p.add_argument("model_dir", metavar="MODEL_DIR")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--key", metavar="PRIVATE.pem", help="PEM private key (EC P-256/384/521)")
    source.add_argument("--key-env", metavar="VAR", help="environment variable holding the PEM private key (the key "
                        "never touches the disk)")
    p.add_argument("--certificate", metavar="LEAF.pem", help="signing certificate for certificate mode")
    p.add_argument("--chain", nargs="+", default=[], metavar="CA.pem", help="intermediate and root certificates")
    p.add_argument("--signature", metavar="FILE",
                   help="where to write the bundle, relative to the working directory (default "
                   "MODEL_DIR/model.sig); inside MODEL_DIR it must end in .sig")
    p.add_argument("--ignore", nargs="+", default=[], metavar="PATH", help="paths (relative to MODEL_DIR) to leave out")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the key's password")
    p.add_argument("--jobs", "-j", type=positive_int, default=None, help="hashing threads (default: one per core)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def password_from_env(variable: str | None) -> bytes | None:
    from aiwarden.core.errors import UsageError

    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise UsageError(f"--password-env: environment variable {variable} is not set")
    return value.encode()


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.errors import AiwardenError

    try:
        return _sign(args)
    except AiwardenError as exc:
        if args.format == "json":
            print(json.dumps({"signed": False, "error": "usage", "reason": str(exc)}))
        raise


def _sign(args: argparse.Namespace) -> int:
    from aiwarden.core.display import safe_name, utf8_name
    from aiwarden.core.errors import UsageError
    from aiwarden.sign import sign_model

    key: str | bytes = args.key
    if args.key_env is not None:  # even when empty: an empty name is an unset variable, not "use --key"
        value = os.environ.get(args.key_env)
        if not value:
            raise UsageError(f"--key-env: environment variable {args.key_env} is not set or empty")
        key = value.encode()
    result = sign_model(args.model_dir, key, signature=args.signature, ignore=args.ignore,
                        certificate=args.certificate, chain=args.chain, password=password_from_env(args.password_env),
                        workers=args.jobs)
    if args.format == "json":
        print(json.dumps({"signed": True, "signature": utf8_name(result.signature_path), "files": result.files,
                          "bytes": result.bytes_hashed, "root_digest": f"sha256:{result.root_digest}"},
                         ensure_ascii=True))
        return 0
    print(f"signed {result.files} files ({result.bytes_hashed} bytes) of {safe_name(args.model_dir)}")
    print(f"root digest sha256:{result.root_digest}")
    if not conventions.quiet(args):
        print(f"signature written to {safe_name(result.signature_path)}", file=sys.stderr)
    return 0
