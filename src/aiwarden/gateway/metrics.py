"""Prometheus metrics of one gateway process, in a registry of its own (several apps can live in one process)."""

from __future__ import annotations

from typing import Any


class Metrics:
    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        buckets = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
        self.requests = Counter("aiwarden_gateway_requests", "Requests answered, by route and status",
                                ["route", "status"], registry=self.registry)
        self.blocked = Counter("aiwarden_gateway_blocked", "Requests or answers stopped by policy",
                               ["stage", "reason"], registry=self.registry)
        self.redacted = Counter("aiwarden_gateway_redacted", "Answers with redacted spans", ["route"],
                                registry=self.registry)
        self.tokens = Counter("aiwarden_gateway_tokens", "Tokens reported by the upstream", ["kind"],
                              registry=self.registry)
        self.alerts = Counter("aiwarden_gateway_alerts", "Abuse and extraction alerts", ["signal"],
                              registry=self.registry)
        self.unscanned = Counter("aiwarden_gateway_output_unscanned",
                                 "Answers (or streams) that could not be scanned", ["route"], registry=self.registry)
        self.audit_failures = Counter("aiwarden_gateway_audit_failures",
                                      "Requests refused because their audit record could not be written",
                                      registry=self.registry)
        self.in_flight = Gauge("aiwarden_gateway_in_flight", "Requests being handled", registry=self.registry)
        self.added = Histogram("aiwarden_gateway_added_seconds",
                               "Time the gateway adds to a request (total minus upstream)", ["route"],
                               buckets=buckets, registry=self.registry)
        self.upstream = Histogram("aiwarden_gateway_upstream_seconds", "Time spent waiting for the upstream",
                                  ["route"], buckets=buckets, registry=self.registry)

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def count_request(self, route: str, status: int) -> None:
        self.requests.labels(route, str(status)).inc()

    def timings(self, route: str, timings: dict[str, Any]) -> None:
        upstream = float(timings.get("upstream_ms", 0.0)) / 1000
        total = float(timings.get("total_ms", 0.0)) / 1000
        if upstream:
            self.upstream.labels(route).observe(upstream)
        self.added.labels(route).observe(max(0.0, total - upstream))
