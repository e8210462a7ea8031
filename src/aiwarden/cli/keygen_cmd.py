"""``aiwarden keygen PRIVATE.pem``: a new ECDSA signing key pair, the private key readable by its owner only."""

from __future__ import annotations

import argparse
import os
from typing import Any

from aiwarden.cli import conventions


def register(sub: Any) -> None:
    p = sub.add_parser(
        "keygen",
        help="create an ECDSA key pair for signing models",
        description="Create PRIVATE.pem (mode 0600, never over an existing file) and its public key (default "
        "PRIVATE.pub) for `aiwarden sign --key`/`verify --key`. Exit 0: written; 2: usage or I/O error.",
    )
    p.add_argument("private", metavar="PRIVATE.pem")
    p.add_argument("--public", metavar="PUBLIC.pub", help="where to write the public key (default: PRIVATE.pub)")
    p.add_argument("--curve", choices=("p256", "p384", "p521"), default="p256")
    p.add_argument("--password-env", metavar="VAR", help="encrypt the private key with the password in VAR")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.cli.sign_cmd import password_from_env
    from aiwarden.core.display import safe_name
    from aiwarden.sign.keys import generate_key_pair

    public = args.public or os.path.splitext(args.private)[0] + ".pub"
    if os.path.abspath(public) == os.path.abspath(args.private):
        public = args.private + ".pub"
    hint = generate_key_pair(args.private, public, args.curve, password_from_env(args.password_env))
    conventions.note(args, f"private key written to {safe_name(args.private)} (mode 0600); keep it secret")
    conventions.note(args, f"public key written to {safe_name(public)}")
    print(f"public key hint {hint}")
    return 0
