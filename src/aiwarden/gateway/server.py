"""Run the gateway under uvicorn (uvloop and httptools when installed), JSON log lines on stderr."""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Callable

from aiwarden.core.errors import UsageError
from aiwarden.gateway.settings import GatewaySettings


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if message.startswith("{"):
            return message
        return json.dumps({"event": "log", "level": record.levelname.lower(), "logger": record.name,
                           "message": message})


def serve(settings: GatewaySettings, *, access_log: bool = True,
          announce: Callable[[str], None] | None = None) -> None:
    """Check everything a user can get wrong before uvicorn starts (so each is one line and exit 2, never a
    traceback from the lifespan), then serve until SIGINT/SIGTERM."""
    import asyncio

    import uvicorn

    from aiwarden.gateway.app import create_app
    from aiwarden.gateway.store import open_store

    listener = _bind(settings.host, settings.port)
    store = open_store(settings.db, create=True, hmac_key=settings.audit_key())
    if settings.redis:
        asyncio.run(_check_redis(settings.redis, settings.redis_timeout))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines())
    logger = logging.getLogger("aiwarden.gateway")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if access_log else logging.WARNING)
    logger.propagate = False
    app = create_app(settings, store=store)
    if announce is not None:
        announce(f"gateway on http://{settings.host}:{settings.port} -> "
                 f"{', '.join(u.url for u in settings.upstreams)}")
    # The bound socket is handed over as it is: uvicorn's `fd` option would wrap it as a Unix socket, and the event
    # loop would then leave Nagle's algorithm on (a 40 ms delayed-ACK stall on every answer).
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                            loop="auto", http="auto", server_header=False, timeout_graceful_shutdown=10,
                            limit_concurrency=4096, timeout_keep_alive=30)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
    if not server.started:  # the lifespan failed: uvicorn said why on stderr
        raise SystemExit(2)


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port or a bad address is a one-line error."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except (OSError, OverflowError) as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    return listener


async def _check_redis(url: str, timeout: float) -> None:
    from aiwarden.gateway.limits import open_limiter

    limiter = open_limiter(url, socket_timeout=timeout)
    try:
        check = getattr(limiter, "check", None)
        if check is not None:
            await check()
    finally:
        await limiter.close()


