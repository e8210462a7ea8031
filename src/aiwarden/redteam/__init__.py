"""Red-team runner: attack OpenAI-compatible endpoints, agents and Python callables offline, judge honestly,
report findings mapped to OWASP LLM 2025, OWASP Agentic 2026 and MITRE ATLAS."""
