"""Framework identifiers used as finding tags. Data, pinned to named versions, tested against the sources.

Tag spellings: OWASP LLM 2025 ``LLM03:2025``; OWASP Agentic 2026 ``ASI02``; MITRE ATLAS ``AML.T0011.000``
(pinned to ATLAS_VERSION); CWE ``CWE-502``.
"""

from __future__ import annotations

import re

ATLAS_VERSION = "5.6.0"

OWASP_LLM_2025: dict[str, str] = {
    "LLM01:2025": "Prompt Injection",
    "LLM02:2025": "Sensitive Information Disclosure",
    "LLM03:2025": "Supply Chain",
    "LLM04:2025": "Data and Model Poisoning",
    "LLM05:2025": "Improper Output Handling",
    "LLM06:2025": "Excessive Agency",
    "LLM07:2025": "System Prompt Leakage",
    "LLM08:2025": "Vector and Embedding Weaknesses",
    "LLM09:2025": "Misinformation",
    "LLM10:2025": "Unbounded Consumption",
}

OWASP_AGENTIC_2026: dict[str, str] = {
    "ASI01": "Agent Goal Hijack",
    "ASI02": "Tool Misuse and Exploitation",
    "ASI03": "Identity and Privilege Abuse",
    "ASI04": "Agentic Supply Chain Vulnerabilities",
    "ASI05": "Unexpected Code Execution (RCE)",
    "ASI06": "Memory & Context Poisoning",
    "ASI07": "Insecure Inter-Agent Communication",
    "ASI08": "Cascading Failures",
    "ASI09": "Human-Agent Trust Exploitation",
    "ASI10": "Rogue Agents",
}

# The ATLAS techniques aiwarden refers to, with their names in ATLAS_VERSION.
ATLAS_TECHNIQUES: dict[str, str] = {
    "AML.T0010": "AI Supply Chain Compromise",
    "AML.T0010.003": "Model",
    "AML.T0011": "User Execution",
    "AML.T0011.000": "Unsafe AI Artifacts",
    "AML.T0018": "Manipulate AI Model",
    "AML.T0018.002": "Embed Malware",
    "AML.T0024": "Exfiltration via AI Inference API",
    "AML.T0024.002": "Extract AI Model",
    "AML.T0029": "Denial of AI Service",
    "AML.T0034": "Cost Harvesting",
    "AML.T0034.001": "Resource-Intensive Queries",
    "AML.T0040": "AI Model Inference API Access",
    "AML.T0051": "LLM Prompt Injection",
    "AML.T0051.000": "Direct",
    "AML.T0051.001": "Indirect",
    "AML.T0053": "AI Agent Tool Invocation",
    "AML.T0054": "LLM Jailbreak",
    "AML.T0056": "Extract LLM System Prompt",
    "AML.T0057": "LLM Data Leakage",
    "AML.T0058": "Publish Poisoned Models",
    "AML.T0077": "LLM Response Rendering",
    "AML.T0080": "AI Agent Context Poisoning",
    "AML.T0080.001": "Thread",
    "AML.T0086": "Exfiltration via AI Agent Tool Invocation",
    "AML.T0098": "AI Agent Tool Credential Harvesting",
    "AML.T0101": "Data Destruction via AI Agent Tool Invocation",
    "AML.T0109": "AI Supply Chain Rug Pull",
    "AML.T0110": "AI Agent Tool Poisoning",
}

CWE: dict[str, str] = {
    "CWE-20": "Improper Input Validation",
    "CWE-22": "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
    "CWE-59": "Improper Link Resolution Before File Access ('Link Following')",
    "CWE-78": "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    "CWE-79": "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    "CWE-89": "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
    "CWE-94": "Improper Control of Generation of Code ('Code Injection')",
    "CWE-116": "Improper Encoding or Escaping of Output",
    "CWE-200": "Exposure of Sensitive Information to an Unauthorized Actor",
    "CWE-201": "Insertion of Sensitive Information Into Sent Data",
    "CWE-359": "Exposure of Private Personal Information to an Unauthorized Actor",
    "CWE-400": "Uncontrolled Resource Consumption",
    "CWE-409": "Improper Handling of Highly Compressed Data (Data Amplification)",
    "CWE-502": "Deserialization of Untrusted Data",
    "CWE-1336": "Improper Neutralization of Special Elements Used in a Template Engine",
}

_PATTERNS = (
    (re.compile(r"^LLM(0[1-9]|10):2025$"), OWASP_LLM_2025),
    (re.compile(r"^ASI(0[1-9]|10)$"), OWASP_AGENTIC_2026),
    (re.compile(r"^AML\.T\d{4}(\.\d{3})?$"), ATLAS_TECHNIQUES),
    (re.compile(r"^CWE-\d+$"), CWE),
)


def is_known_tag(tag: str) -> bool:
    """True if the tag is a well-formed identifier listed in one of the tables above."""
    return any(pattern.match(tag) and tag in table for pattern, table in _PATTERNS)


def describe(tag: str) -> str:
    for _, table in _PATTERNS:
        if tag in table:
            return table[tag]
    return ""
