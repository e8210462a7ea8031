"""Tamper-evident audit logging: hash-chained JSON lines for firewall decisions, approvals and gateway events."""

from aiwarden.audit.log import GENESIS, AuditError, AuditLog, VerifyResult, verify

__all__ = ["GENESIS", "AuditError", "AuditLog", "VerifyResult", "verify"]
