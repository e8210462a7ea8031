"""Action intents: the words with which someone asks for a kind of action ("delete", "schedule", ...).

Used by the ``unrequested-action`` flow rule: a high-risk call must be asked for by the user in kind (the
user's messages use a word of one of the tool's intents), and a value of it must not be asked for only by
untrusted content (a sentence of a tool output that names the value next to such a word).

A word matches at the start of a word of the text and may run on ("delet" matches delete, deleted,
deletion); phrases match with any whitespace. Words in scripts written without spaces (Chinese, Japanese)
match anywhere. Texts are compared casefolded. The built-in vocabularies cover English, German, French,
Spanish, Italian, Portuguese, Dutch, Russian, Chinese and Japanese; a policy can replace them or add its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

BUILTIN_INTENTS: dict[str, tuple[str, ...]] = {
    "delete": (
        "delete", "remove", "erase", "delet", "remov", "trash", "purg", "wipe", "discard", "destroy", "get rid of",
        "clean", "tidy", "clear out", "cancel", "lösch", "loesch", "entfern", "supprim", "effac", "borra", "elimin",
        "suprim", "rimuov", "apag", "excluir", "exclua", "verwijder", "удал", "删除", "删掉", "移除", "削除", "消去",
    ),
    "schedule": (
        "calendar", "event", "meeting", "appointment", "schedul", "remind", "agenda", "kalender", "termin",
        "erinner", "calendrier", "rendez-vous", "réunion", "rappel", "calendario", "cita", "evento", "reunión",
        "recordatorio", "appuntament", "promemoria", "compromisso", "lembrete", "afspraak", "agendeer",
        "календар", "встреч", "напомин", "日历", "日程", "会议", "提醒", "カレンダー", "予定", "会議",
    ),
    "send": (
        "send", "mail", "e-mail", "message", "reply", "respond", "forward", "notify", "post", "write to", "dm",
        "schick", "nachricht", "antwort", "envo", "mensaje", "envia", "invia",
        "messaggio", "rispond", "mensagem", "stuur", "bericht", "отправ", "напиш", "сообщени", "发送", "回复",
        "送信", "返信",
    ),
    "pay": (
        "pay", "paid", "transfer", "wire", "refund", "remit", "zahl", "überweis", "paie", "virement", "pagar",
        "pagare", "pago", "bonific", "betaal", "overmak", "оплат", "перевед", "перевод", "付款", "支付", "转账",
        "支払", "振込", "送金",
    ),
    "share": (
        "share", "invite", "grant", "give access", "add", "teil", "einlad", "partag", "invit", "compart",
        "condivid", "deel", "uitnodig", "подел", "пригла", "共享", "分享", "邀请", "共有", "招待",
    ),
    "browse": (
        "http", "www", "url", "link", "website", "web page", "webpage", "site", "page", "article", "blog",
        "visit", "browse", "webseite", "seite", "artikel", "besuch", "lien", "visite", "enlace", "página",
        "visita", "pagina", "collegament", "ссылк", "сайт", "страниц", "网站", "网页", "链接", "サイト", "リンク",
        "ページ",
    ),
}


@dataclass(frozen=True, slots=True)
class Intent:
    name: str
    words: tuple[str, ...]
    pattern: re.Pattern[str]

    def find(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The first intent word in text[start:end] (casefolded, normalized text), or None."""
        match = self.pattern.search(text, start, len(text) if end is None else end)
        return match.group(0) if match else None


def make_intent(name: str, words: Iterable[str]) -> Intent:
    cleaned = tuple(dict.fromkeys(" ".join(w.casefold().split()) for w in words if w.strip()))
    alternatives = [_word_pattern(word) for word in sorted(cleaned, key=len, reverse=True)]
    # An intent with no words never matches (a pattern that cannot match anything).
    pattern = re.compile("|".join(alternatives) if alternatives else r"(?!x)x")
    return Intent(name, cleaned, pattern)


def _word_pattern(word: str) -> str:
    body = r"\s+".join(re.escape(part) for part in word.split(" "))
    if _unspaced_script(word[0]):
        return body
    return rf"(?<!\w){body}\w*"  # the whole word, for reasons that quote it


def _unspaced_script(char: str) -> bool:
    """Chinese, Japanese (kana and kanji) and Thai text has no spaces between words."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI"))


BUILTIN = {name: make_intent(name, words) for name, words in BUILTIN_INTENTS.items()}
