"""The security gateway (``aiwarden serve``): an OpenAI-compatible proxy with keys, limits, the guard and the
firewall in the path, and a hash-chained audit trail of every request. Needs the ``gateway`` extra."""
