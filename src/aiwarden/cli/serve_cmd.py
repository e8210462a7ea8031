"""``aiwarden serve --upstream URL``: the security gateway in front of an OpenAI-compatible server."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="run the security gateway: an OpenAI-compatible proxy with keys, limits, guard and audit",
        description="Proxy /v1/chat/completions (streaming too), /v1/completions, /v1/embeddings and /v1/models to "
        "OpenAI-compatible upstreams, with API keys (aiwarden keys), per-key limits, the prompt guard on input "
        "and output, the tool-call firewall, and a hash-chained audit trail (aiwarden audit verify --db). "
        "Settings come from [gateway] in aiwarden.toml; options here override them.")
    p.add_argument("--upstream", action="append", metavar="URL",
                   help="base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (repeatable: "
                   "several servers; use [[gateway.upstreams]] to route models)")
    p.add_argument("--upstream-key-env", metavar="VAR",
                   help="environment variable holding the upstream's API key (never the key itself)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default 8000)")
    p.add_argument("--db", metavar="PATH_OR_URL",
                   help="keys and audit trail: a SQLite file (default ./aiwarden.db) or a postgresql:// URL")
    p.add_argument("--redis", metavar="URL", help="redis:// URL for limits shared by several gateway replicas")
    p.add_argument("--redis-timeout", type=float, metavar="SECONDS",
                   help="seconds to connect to Redis and for each reply (default 0.5); slower is down: 503")
    p.add_argument("--config", metavar="FILE", help="aiwarden.toml with a [gateway] section")
    p.add_argument("--guard-tier", choices=("ngram", "transformer", "auto"),
                   help="the guard's learned tier in the request path (default ngram: sub-millisecond)")
    p.add_argument("--firewall-policy", metavar="FILE", help="tool-call firewall policy for assistant tool calls")
    p.add_argument("--no-access-log", action="store_true", help="no JSON log line per request")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.cli import conventions
    from aiwarden.core.config import load_config
    from aiwarden.core.errors import UsageError
    from aiwarden.gateway.settings import from_config

    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError("the gateway needs its extra: pip install 'aiwarden[gateway]'") from None
    config = load_config(args.config)
    conventions.config_used(args, config.source)
    settings = from_config(config, upstreams=args.upstream, upstream_api_key_env=args.upstream_key_env,
                           host=args.host, port=args.port, db=args.db, redis=args.redis,
                           redis_timeout=args.redis_timeout,
                           guard_tier=args.guard_tier, firewall_policy=args.firewall_policy)
    from aiwarden.gateway.server import serve

    serve(settings, access_log=not args.no_access_log, announce=lambda message: conventions.note(args, message))
    return 0
