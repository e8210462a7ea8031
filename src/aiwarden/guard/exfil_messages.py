"""Links that open the reader's mail, SMS or phone app with a message already written (``mailto:``, ``sms:``,
``tel:``).

A click and a tap on "send" deliver whatever the link holds to the address it names, so a body or subject that
carries the conversation's data leaks it as surely as a link's query does. A pre-written message is prose by
design (``body=Hi, could we move my appointment``): sentences and the user's own words are its job, so only
data in a secret's shape or the conversation's own data count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final
from urllib.parse import parse_qsl, unquote

from aiwarden.guard.exfil_values import credential_format, named_secret, password_like

MESSAGE_SCHEMES: Final = ("mailto:", "sms:", "smsto:", "mms:", "tel:")
_TOKEN: Final = re.compile(r"[^\s,;()\"'<>]{5,}")
_MAX_LINK: Final = 8192


def message_link(url: str) -> tuple[str, list[str]] | None:
    """(recipient, the texts the message carries) for a ``mailto:``/``sms:``/``tel:`` link, else None. The
    recipient stands for the host: an e-mail domain, or the scheme and number."""
    head = url.strip()[:8].lower()
    scheme = next((s for s in MESSAGE_SCHEMES if head.startswith(s)), None)
    if scheme is None or len(url) > _MAX_LINK:
        return None
    rest = url.strip()[len(scheme):].lstrip("/")
    address, _, query = rest.partition("?")
    address = unquote(address).strip()
    texts = [unquote(address)] if address else []
    texts += [v for _, v in parse_qsl(query, keep_blank_values=True) if v]
    if scheme == "mailto:" and "@" in address:
        recipient = address.split(",")[0].rsplit("@", 1)[-1].lower()
    else:
        recipient = f"{scheme}{address}"
    return recipient, texts


def secret_in_message(texts: list[str], card_or_ssn: Callable[[str], bool]) -> str | None:
    """Why a message's texts carry data with no conversation to compare: a credential, a named secret, a
    password-shaped word, or a card or social security number (a phone number or address to call back on is
    what a message gives; a card is not)."""
    for text in texts[1:]:  # the recipient is the link's purpose
        if credential_format(text):
            return "a credential in a provider's format in the message"
        if named_secret(text) or any(password_like(t.rstrip(".!?")) for t in _TOKEN.findall(text)):
            return "a password or named secret in the message"
        if card_or_ssn(text):
            return "a card or social security number in the message"
    return None
