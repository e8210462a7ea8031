"""The upstream side: which server answers a model, and one pooled keep-alive client per server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiwarden.gateway.errors import GatewayRefusal
from aiwarden.gateway.settings import GatewaySettings, Upstream

if TYPE_CHECKING:
    import aiohttp


class Upstreams:
    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings
        self._by_model = {model: u for u in settings.upstreams for model in u.models}
        self._default = next((u for u in settings.upstreams if not u.models), None)
        # Credentials are read once at start-up; a missing variable stops the gateway before it listens.
        # By entry, not by URL: two entries may share a server and differ in their key.
        self._auth = {u: settings.upstream_key(u) for u in settings.upstreams}
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        import aiohttp

        connector = aiohttp.TCPConnector(limit=256, limit_per_host=128, keepalive_timeout=30,
                                         enable_cleanup_closed=True)
        # No cookies kept between users' requests, no proxy or netrc from the environment.
        self._session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(),
                                              trust_env=False, auto_decompress=True)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        assert self._session is not None, "Upstreams.start() was not awaited"
        return self._session

    def for_model(self, model: str) -> Upstream | None:
        return self._by_model.get(model, self._default)

    def headers(self, upstream: Upstream, stream: bool = False) -> dict[str, str]:
        headers = {"content-type": "application/json", "accept": "text/event-stream" if stream else "application/json"}
        token = self._auth.get(upstream)
        if token:
            headers["authorization"] = f"Bearer {token}"
        return headers

    def timeout(self) -> aiohttp.ClientTimeout:
        import aiohttp

        return aiohttp.ClientTimeout(total=self.settings.upstream_timeout, connect=self.settings.connect_timeout)


def connection_failure(exc: BaseException) -> tuple[str, GatewayRefusal]:
    """The audit outcome and the answer for an upstream that timed out (504) or could not be reached (502)."""
    if isinstance(exc, TimeoutError):  # aiohttp's own timeouts are TimeoutErrors too
        return "upstream-timeout", GatewayRefusal(504, "The upstream model server did not answer in time.",
                                                  "upstream_timeout")
    return "upstream-error", GatewayRefusal(
        502, f"The upstream model server could not be reached ({type(exc).__name__}).", "upstream_error")
