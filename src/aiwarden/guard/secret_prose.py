"""Passwords and keys told in a sentence: ``the password is ...``, ``use ... as the password``, and the same
labels in other languages (``Das Passwort lautet ...``, ``mot de passe : ...``, ``密码是 ...``).

A lone credential word before "is" says little ("the password is required", "the key is in the vault"), so the
sentence is the evidence only with a value that could not be a word of it: a single token that ends the clause
and passes the strict tests (a chosen password: two character classes, enough entropy, no documentation word;
a key or token: random on its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.case_blind import CaseBlindPattern
from aiwarden.guard.secret_labels import describes_rather_than_shows, labelled_credential, reads_as_credential

# The value: one run of printable ASCII without quotes or brackets (in CJK text it stops at the first CJK
# character); the trailing full stop or comma belongs to the sentence.
_VALUE: Final = r"(?P<quote>[\"'`«“]?)(?P<value>[!-~]{6,128}?)[\"'`»”]?"
# Where the value must stop: the end of the text or line, sentence punctuation, or a conjunction that starts
# the next clause ("... is Xk9! and it expires Friday", "... is Xk9! — change it").
_CLAUSE_END: Final = (
    r"(?=[.,;:!?)]?[ \t]*(?:$|\r?\n)|[.,;:!?)]\s|[ \t](?:and|but|so|or|which|then|for|when|if|until|on)\b"
    r"|[ \t](?:—|–|-{1,2})[ \t]"
    r"|[ \t]?[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\uff01-\uff60])"
)
# A few words between the credential word and "is": "for the staging database", "on the box", "for X".
_QUALIFIER: Final = r"(?:[ \t](?!is\b|was\b)[\w\-@.']{1,30}){0,6}?"
_EN_PASSWORD: Final = r"password|passphrase|passcode|passwd"
_EN_KEY: Final = r"api[ _-]?key|access[ _-]key|secret[ _-]key|key|token|secret|credential"
_EN_IS: Final = CaseBlindPattern(
    rf"\b(?P<word>{_EN_PASSWORD}|{_EN_KEY}){_QUALIFIER}[ \t](?:is|was)(?:[ \t](?:now|still|set to))?[ \t]"
    rf"{_VALUE}{_CLAUSE_END}"
)
_EN_USE_AS: Final = CaseBlindPattern(
    rf"\buse[ \t]{_VALUE}[ \t]as[ \t](?:the|your|a|an|its)?[ \t]?(?:[\w\-]{{1,20}}[ \t])?"
    rf"(?P<word>{_EN_PASSWORD}|{_EN_KEY})\b"
)
# Labels in other languages with their copulas; ":" and "=" (and the full-width "：") after any of them.
_PASSWORD_WORDS: Final = (
    r"passwort|kennwort|mot de passe|contraseña|clave|senha|parola d'ordine|parola d’ordine|wachtwoord|hasło|haslo|"
    r"lösenord(?:et)?|salasana(?:si)?|пароль|парол[ья]|password(?=[ \t]è[ \t])"
)
_COPULAS: Final = r"lautet|ist|est|es|é|è|is|to|jest|är|on|—|–"
_FOREIGN: Final = re.compile(
    rf"(?i)(?<![\w])(?P<word>{_PASSWORD_WORDS}){_QUALIFIER}"
    rf"(?:[ \t]{{0,2}}[:=：][ \t]{{0,2}}|[ \t](?:{_COPULAS})[ \t]{{1,2}}|(?<=[ьяЬЯ])[ \t](?=[!-~]{{6}}))"
    rf"{_VALUE}{_CLAUSE_END}"
)
# Chinese, Japanese and Korean write no spaces: the label, an optional particle or copula, then the value.
_CJK_WORDS: Final = r"密码|密碼|口令|パスワード|暗証番号|비밀번호|암호"
_CJK: Final = re.compile(
    rf"(?P<word>{_CJK_WORDS})"
    r"(?:[ \t]{0,2}[:=：][ \t]{0,2}|[ \t]{0,2}(?:是|为|為|は|는|은)[ \t:：]{0,2})"
    rf"{_VALUE}{_CLAUSE_END}"
)
_PASSWORD_WORD: Final = re.compile(rf"(?i)^(?:{_EN_PASSWORD}|{_PASSWORD_WORDS}|{_CJK_WORDS})$")
_PRIVATE: Final = re.compile(r"(?i)\bprivate[ \t]$")  # searched up to the credential word: "private key is ..."
_MIN_KEY_LENGTH: Final = 16  # a key or token told in a sentence is long; shorter values are described, not shown
_SCREEN: Final = ("pass", "key", "token", "secret", "credential", "kennwort", "mot de passe", "contrase", "clave",
                  "senha", "parola", "wachtwoord", "hasło", "haslo", "lösenord", "salasana", "парол", "密", "口令",
                  "パスワード", "暗証", "비밀번호", "암호")


# Each pattern with the lower-case words it cannot match without.
_PATTERNS: Final = (
    (_EN_IS, (" is ", " is\t", "\tis ", " was ", " was\t")),
    (_EN_USE_AS, ("use ", "use\t")),
    (_FOREIGN, ("passwort", "kennwort", "mot de passe", "contraseña", "clave", "senha", "parola d", "wachtwoord",
                "hasło", "haslo", "lösenord", "salasana", "парол", "password è")),
    (_CJK, ("密码", "密碼", "口令", "パスワード", "暗証番号", "비밀번호", "암호")),
)


def prose_credentials(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_password) of every password or key told in a sentence, in English or another language."""
    lower = text.lower()
    if not any(word in lower for word in _SCREEN):
        return
    for pattern, needles in _PATTERNS:
        if not any(needle in lower for needle in needles):
            continue  # each pattern runs only where its words are: most answers mention keys, few tell one
        # the English patterns match ASCII text lower-cased (case_blind): the value's case is read from the text
        matches = pattern.matches(text) if isinstance(pattern, CaseBlindPattern) else pattern.finditer(text)
        for m in matches:
            value = text[m.start("value"):m.end("value")]
            is_password = _PASSWORD_WORD.match(text[m.start("word"):m.end("word")]) is not None
            private = _PRIVATE.search(text, max(0, m.start("word") - 8), m.start("word")) is not None
            if _told_value(value, is_password, private=private):
                yield m.start("value"), m.end("value"), is_password


def _told_value(value: str, is_password: bool, *, private: bool) -> bool:
    """Whether a value a sentence gives reads as the credential itself rather than a description of it; "private
    key" names the key as a label would (a hex value counts under it)."""
    if describes_rather_than_shows(value) or (not is_password and len(value) < _MIN_KEY_LENGTH):
        return False
    if private:
        return labelled_credential("private_key", value)
    return reads_as_credential(value, is_password=is_password)
