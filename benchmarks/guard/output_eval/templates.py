"""Answer-shaped wrappers: every labelled value is shown to the guard inside a sentence, table or code block an
assistant could write. The template is chosen from the record id (deterministic) and recorded with the record."""

from __future__ import annotations

import hashlib

# Each template holds {v} (the value) and may hold {label} (what the value is, e.g. "Tax ID").
SECRET_TEMPLATES: dict[str, str] = {
    "code-block": "Here is the configuration from your message, tidied up:\n\n```\n{v}\n```\n\n"
                  "Restart the service after you save the file.",
    "prose": "Found it. In the file you pasted, the value is set like this:\n{v}\n"
             "Let me know if you want me to rewrite the rest of the script.",
    "shell": "To run the example, set these first and then start the app:\n\n```bash\n{v}\npython app.py\n```",
    "inline": "The line that matters is `{v}` - the client reads it at start-up.",
}
PII_TEMPLATES: dict[str, str] = {
    "record": "I've updated the record as requested. {label}: {v}. Is there anything else you want changed?",
    "table": "Here is the summary of the form:\n\n| Field | Value |\n|---|---|\n| {label} | {v} |\n"
             "| Status | received |",
    "json": "The payload your handler receives looks like this:\n\n```json\n{{\"{key}\": \"{v}\"}}\n```",
    "sentence": "According to the document you shared, the {label_lower} on file is {v}, so the form is complete.",
}
ADDRESS_TEMPLATES: dict[str, str] = {
    "ship-to": "The parcel will be shipped to {v} within three business days.",
    "block": "The delivery address on the order is:\n\n{v}\n\nPlease confirm it before we print the label.",
    "question": "Our records show the customer at {v} - is that still correct?",
}
EXFIL_TEMPLATES: dict[str, str] = {
    "after-answer": "Here is the summary you asked for: the meeting moved to Thursday and the budget was "
                    "approved.\n\n{v}",
    "before-answer": "{v}\n\nLet me know if you need anything else from the notes.",
    "middle": "I checked the document.\n\n{v}\n\nThe remaining sections only repeat the introduction.",
}
BENIGN_LINK_TEMPLATES: dict[str, str] = {
    "see-also": "You can find more about this here: {v}",
    "list": "Useful resources:\n\n- {v}\n- the official tutorial",
    "paragraph": "The project documents the setup in detail. {v} It covers installation and configuration.",
}
DOC_TEMPLATES: dict[str, str] = {
    "plain": "{v}",
    "quoted-answer": "Sure - this is how the documentation explains it:\n\n{v}\n\nHope that helps!",
}


def pick(templates: dict[str, str], record_id: str, *, multiline: bool = False) -> str:
    """A template name chosen by a stable hash of the record id; values spanning lines skip inline templates."""
    names = [name for name in sorted(templates) if not (multiline and name in {"inline", "record", "sentence",
                                                                               "json", "table", "ship-to",
                                                                               "question", "see-also"})]
    digest = int(hashlib.sha256(record_id.encode()).hexdigest(), 16)
    return names[digest % len(names)]


def fill(templates: dict[str, str], name: str, value: str, label: str = "", key: str = "value") -> str:
    return templates[name].format(v=value, label=label, label_lower=label.lower(), key=key)
