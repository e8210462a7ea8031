"""Agent tool-call firewall: deterministic decisions over what an agent may call, with which arguments,
given where the argument values came from. No I/O in the decision path; approvals and MCP pinning beside it."""

from aiwarden.firewall.engine import Decision, Firewall, Session
from aiwarden.firewall.policy import Action, Policy, load_policy
from aiwarden.firewall.provenance import LabeledStr, label

__all__ = ["Action", "Decision", "Firewall", "LabeledStr", "Policy", "Session", "label", "load_policy"]
