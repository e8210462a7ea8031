"""Hosts that exist to capture requests or to expose someone's local server: request catchers, out-of-band
interaction servers, DNS loggers, canary tokens and tunnels.

Whoever created the bin, the interaction id or the tunnel reads every request that reaches it (method, path,
query, headers) and, for the OOB and DNS-log services, every DNS lookup of a name under it. Nothing an
assistant answer links or embeds there has a benign reader, so a URL to such a host that carries anything
beyond its own address blocks, and a bare one is still reported.

Each entry names the host suffix and how much of a URL is the service's own address rather than data: the
labels below the suffix that name the bin or tunnel (an interactsh id, an ngrok name), and the path segments
that name it (a webhook.site token). Sources, checked against each service's own documentation or client:
interactsh's default servers (oast.pro/.live/.site/.online/.fun/.me, interact.sh); Burp Collaborator
(oastify.com, burpcollaborator.net); webhook.site (token in the path); Pipedream RequestBin (requestbin.com,
ids under m.pipedream.net and the older x.pipedream.net); requestbin.net; Beeceptor (name.free/.proxy
.beeceptor.com); Toptal PostBin (/developers/postbin/<id>); smee.io channels; ngrok (ngrok.io, ngrok.app,
ngrok-free.app, ngrok-free.dev, ngrok.dev, ngrok.pizza); Cloudflare quick tunnels (trycloudflare.com);
localtunnel (loca.lt, localtunnel.me); localhost.run (lhr.life, lhrtunnel.link); serveo.net; PageKite
(pagekite.me); canarytokens.com; dnslog.cn; ceye.io.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Collector:
    suffix: str
    service: str
    id_labels: int = 0  # labels under the suffix that name the bin, interaction or tunnel
    id_segments: int = 0  # leading path segments (after ``path_prefix``) that name the bin
    path_prefix: str = ""  # for catchers that live under a path of a general site
    any_path: bool = False  # a tunnel serves the exposing user's whole site: a path alone is not data


_OOB: Final = "an out-of-band interaction server"
_CATCHER: Final = "a request catcher"
_TUNNEL: Final = "a tunnel to someone's local server"
_DNSLOG: Final = "a DNS logger"

_COLLECTORS: Final[tuple[Collector, ...]] = (
    *(Collector(s, _OOB, id_labels=1) for s in (
        "oast.pro", "oast.live", "oast.site", "oast.online", "oast.fun", "oast.me", "interact.sh",
        "oastify.com", "burpcollaborator.net")),
    Collector("webhook.site", _CATCHER, id_segments=1),
    Collector("webhook.cool", _CATCHER, id_labels=1),
    Collector("requestbin.com", _CATCHER, id_segments=2),  # /r/<bin>; the bins themselves are on pipedream.net
    Collector("requestbin.net", _CATCHER, id_labels=1, id_segments=2),
    Collector("m.pipedream.net", _CATCHER, id_labels=1),
    Collector("x.pipedream.net", _CATCHER, id_labels=1),
    Collector("requestcatcher.com", _CATCHER, id_labels=1),
    Collector("free.beeceptor.com", _CATCHER, id_labels=1),
    Collector("proxy.beeceptor.com", _CATCHER, id_labels=1),
    Collector("beeceptor.com", _CATCHER, id_labels=1),
    Collector("hookbin.com", _CATCHER, id_segments=1),
    Collector("hookb.in", _CATCHER, id_segments=1),
    Collector("requestinspector.com", _CATCHER, id_segments=2),
    Collector("postb.in", _CATCHER, id_segments=1),
    Collector("ptsv2.com", _CATCHER, id_segments=2),
    Collector("ptsv3.com", _CATCHER, id_segments=2),
    Collector("smee.io", _CATCHER, id_segments=1),
    Collector("toptal.com", _CATCHER, id_segments=1, path_prefix="/developers/postbin/"),
    Collector("canarytokens.com", "a canary-token server", id_labels=1, any_path=True),
    Collector("dnslog.cn", _DNSLOG, id_labels=1),
    Collector("ceye.io", _DNSLOG, id_labels=1),
    *(Collector(s, _TUNNEL, id_labels=1, any_path=True) for s in (
        "ngrok.io", "ngrok.app", "ngrok-free.app", "ngrok-free.dev", "ngrok.dev", "ngrok.pizza",
        "trycloudflare.com", "loca.lt", "localtunnel.me", "lhr.life", "lhrtunnel.link", "serveo.net",
        "serveousercontent.com", "pagekite.me")),
)
_BY_SUFFIX: Final = {c.suffix: c for c in _COLLECTORS}
# The services' own pages (sign-up, docs, dashboards) are not bins.
_OWN_PAGES: Final = frozenset({"docs", "app", "api", "dashboard", "blog", "help", "support", "status"})


def collector(host: str, path: str) -> Collector | None:
    """The request catcher or tunnel ``host``/``path`` belongs to, if any (its own site pages excluded)."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        found = _BY_SUFFIX.get(".".join(labels[i:]))
        if found is None:
            continue
        if found.path_prefix and not path.startswith(found.path_prefix):
            return None
        below = [label for label in labels[:i] if label != "www"]
        if found.id_labels == 0 and below:
            return None  # docs.webhook.site: the service's own site, bins live on the bare host
        if below and below[-1] in _OWN_PAGES:
            return None
        if found.id_labels and not below and not found.id_segments and not found.any_path:
            return None  # the service's home page: nothing under it names a bin
        return found
    return None


def data_labels(found: Collector, host: str) -> list[str]:
    """Subdomain labels above the bin's own name: data sent to the collector's DNS (``secret.id.oast.fun``)."""
    below = host.split(".")[: -len(found.suffix.split("."))]
    return below[: max(0, len(below) - found.id_labels)]


def data_segments(found: Collector, path: str) -> list[str]:
    """Path segments after the bin's own name (``webhook.site/<token>/<data>``)."""
    if found.any_path:
        return []
    rest = path[len(found.path_prefix):] if found.path_prefix else path
    segments = [s for s in rest.split("/") if s]
    return segments[found.id_segments:]
