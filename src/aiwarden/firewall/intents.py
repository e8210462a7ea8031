"""Action intents: the words with which someone asks for a kind of action ("delete", "schedule", ...).

Used by the ``unrequested-action`` flow rule: a high-risk call must be asked for by the user in kind (the
user's messages use a word of one of the tool's intents), and untrusted content must not be what asks for a
value of it.

A word matches at the start of a word of the text. A word of five or more letters, one outside ASCII, or one
written with a trailing ``*`` ("purg*") is a stem and may run on ("delet" matches delete, deleted, deletion);
a shorter one takes only an inflection ending ("pay" matches pays, paying, payment; not payroll or PayPal).
Words that begin like an intent word but mean something else ("address", "postpone", "eventually") are
known false friends and never match. A ``*`` between the words of a phrase stands for one to three words
("let * know"). Words in scripts written without spaces (Chinese, Japanese) match anywhere. A word right
after a negation ("don't delete", "never pay", "nicht löschen"), or a few words after an explicit refusal
("I don't want you to delete", "without deleting", "hold off on removing"), does not ask for the action, and
neither does a quoted JSON key ("email": ...). Texts are
compared folded (see ``textfold``). The built-in vocabularies cover English, German, French, Spanish,
Italian, Portuguese, Dutch, Polish, Russian, Chinese and Japanese; a policy can replace them or add its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

BUILTIN_INTENTS: dict[str, tuple[str, ...]] = {
    "delete": (
        "delete", "remove", "erase", "delet", "remov", "trash", "purg*", "wipe", "discard", "destroy", "get rid of",
        "clean", "tidy", "clear out", "cancel", "bin", "scrap", "nuke", "shred", "dispose", "do away with",
        "lösch", "loesch", "entfern", "supprim", "effac", "borra", "elimin", "suprim", "rimuov", "apag*",
        "excluir", "exclua", "verwijder", "usuń", "usun*", "usuwa*", "skasuj", "kasuj", "wykasuj", "wyrzuć", "wyrzuc",
        "удал", "删除", "删掉", "移除", "削除", "消去",
    ),
    "schedule": (
        "calendar", "event", "meeting", "appointment", "schedul", "reschedul", "remind", "agenda",
        "pencil in", "kalender", "termin", "erinner", "calendrier", "rendez-vous", "réunion", "rappel",
        "calendario", "cita", "evento", "reunión", "recordatorio", "appuntament", "promemoria", "compromisso",
        "lembrete", "afspraak", "agendeer", "kalendarz", "spotkani", "przypomn", "zaplanuj", "календар",
        "встреч", "напомин", "日历", "日程", "会议", "提醒", "カレンダー", "予定", "会議",
    ),
    "send": (
        "send", "mail", "email", "e-mail", "message", "reply", "respond", "forward", "notify", "post", "write to",
        "dm", "tell", "let * know", "drop * a line", "ping", "schick", "nachricht", "antwort", "envo*", "mensaje",
        "envia", "invia", "messaggio", "rispond", "mensagem", "stuur", "bericht", "wyślij", "wyslij", "napisz",
        "wiadomo*", "odpowiedz", "отправ", "напиш", "сообщени", "发送", "回复", "送信", "返信",
    ),
    "pay": (
        "pay", "paid", "transfer", "wire", "refund", "remit", "settle", "reimburs", "chip in", "zahl*", "bezahl",
        "überweis", "paie", "virement", "pagar", "pagare", "pago", "paga", "pague", "paghi", "bonific", "betaal",
        "overmak", "zapłać", "zapłac*", "zaplac*", "przelew", "przelej", "przelać", "opłać", "opłac*", "oplac*",
        "оплат", "заплат", "перевед", "перевод", "付款", "支付", "转账", "支払", "払って", "払う", "振込", "送金",
    ),
    "share": (
        "share", "invite", "grant", "give access", "give * access", "let * see", "add", "teil*", "einlad",
        "partag", "invit", "compart", "condivid", "deel", "uitnodig", "udostępn*", "udostepn*", "подел", "пригла",
        "共享", "分享", "邀请", "共有", "招待",
    ),
    "browse": (
        "http", "www", "url", "link", "website", "web page", "webpage", "site", "page", "article", "blog",
        "visit", "browse", "webseite", "seite", "artikel", "besuch", "lien", "visite", "enlace", "página",
        "visita", "pagina", "collegament", "ссылк", "сайт", "страниц", "网站", "网页", "链接", "サイト", "リンク",
        "ページ",
    ),
}

# Words that begin like an intent word and mean something else: a token starting with one of these never asks.
FALSE_FRIENDS = (
    "address", "addition", "addict", "addend", "paypal", "payroll", "payslip", "payload", "paywall", "postpon",
    "postal", "poster", "postcode", "postgr", "postur", "eventual", "terminal", "terminat", "terminolog",
    "wireless", "envoy", "zahlreich", "teilnehm", "teilweise", "sharepoint", "shareholder", "scrapbook",
)
STEM_LENGTH = 5  # a word this long runs on freely; a shorter one takes only an inflection ending
# No agent nouns ("sender", "poster"): a word for the one who acts does not ask for the action.
_ENDINGS = ("s", "es", "ed", "d", "ing", "ee", "ees", "ment", "ments", "able", "e", "en", "t", "te",
            "ung", "a", "o", "ar", "ir", "é", "ée")
_NEGATED = re.compile(
    r"(?:^|[^\w'’])(?:(?:do|does|did|should|must|could|would)(?:n['’]?t| not)|dont|never|not|no need to|nicht|"
    r"kein\w*|ne|no|non|não|nao|niet|nie|не)\s+(?:(?:ever|yet|really|actually|just|need to|have to|want to|"
    r"try to|bother to|you|go and)\s+){0,2}$|n['’]\s*$"
)
NEGATION_REACH = 40  # characters before a word searched for a negation of it
# Explicit refusals whose object may stand a few words further on, in the same clause ("I don't want you to
# delete", "without deleting", "under no circumstances should you delete", "hold off on removing"): unlike a
# bare "don't" ("don't forget to pay"), these never ask for what follows them, so a word they reach is treated
# as refused. Words in between may not cross a comma or sentence end, nor a turn such as "but" or "then".
_REFUSAL_OPENERS = (
    r"without|avoid\w*|refrain\w*(?: from)?|hold\w* off(?: on)?|under no circumstances|in no case|by no means|"
    r"no need to|(?:do|does|did)(?:n['’]?t| not) (?:want|need|wish) (?:you |anyone |them )?to|"
    r"dont (?:want|need|wish) (?:you |anyone |them )?to|not allowed to|forbid\w*|prohibit\w*|"
    r"ohne|auf keinen fall|keinesfalls|sans|en aucun cas|évit\w* de|sin|en ningún caso|evit\w*|senza|"
    r"in nessun caso|sem|em nenhum caso|zonder|in geen geval|bez|w żadnym wypadku|без|ни в коем случае|"
    r"избега\w*"
)
_TURNS = r"but|then|instead|rather|just|only|please|aber|dann|mais|puis|pero|luego|ma|poi|mas|maar|ale|но|потом"
_REFUSED = re.compile(
    rf"(?:^|[^\w'’])(?:{_REFUSAL_OPENERS})(?:\s+(?!(?:{_TURNS})(?!\w))[\w'’-]+){{0,5}}\s+$"
)
REFUSAL_REACH = 80
_KEY_END = re.compile(r"[\w-]*[\"']\s*:")
# Chinese puts the refusal before the verb, possibly with the object between ("不要把文件删除"); Japanese puts
# it after ("削除しないで"). A "forget" (忘) in between governs another verb, as in English.
_REFUSED_BEFORE_UNSPACED = re.compile(r"(?:不要|不用|不必|无需|無需|别|勿|禁止|不准|不许)[^\s。，,.!?！？；;忘]{0,12}$")
_REFUSED_AFTER_UNSPACED = re.compile(r"(?:を|は)?(?:しないで|するな|せず|は不要|不要|禁止)")


@dataclass(frozen=True, slots=True)
class Intent:
    name: str
    words: tuple[str, ...]
    pattern: re.Pattern[str]

    def find(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The first word of the intent in text[start:end] (folded text) that asks for the action: not a false
        friend, not negated; or None."""
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            word = match.group(0)
            if word.startswith(FALSE_FRIENDS):
                continue
            if _negated(text, match.start(), match.end()) or _json_key(text, match.start(), match.end()):
                continue
            return word
        return None


def _json_key(text: str, start: int, end: int) -> bool:
    """Whether the word is a quoted key of JSON ("email": ...): a field's name, not a request."""
    return start > 0 and text[start - 1] in "\"'" and _KEY_END.match(text, end) is not None


def _negated(text: str, start: int, end: int) -> bool:
    """Whether the word at text[start:end] is refused rather than asked for."""
    if _NEGATED.search(text, max(0, start - NEGATION_REACH), start):
        return True
    if _REFUSED.search(text, max(0, start - REFUSAL_REACH), start):
        return True
    if _unspaced_script(text[start]):
        return bool(_REFUSED_BEFORE_UNSPACED.search(text, max(0, start - 16), start)
                    or _REFUSED_AFTER_UNSPACED.match(text, end))
    return False


def make_intent(name: str, words: Iterable[str]) -> Intent:
    cleaned = tuple(dict.fromkeys(" ".join(w.casefold().split()) for w in words if w.strip()))
    alternatives = [_word_pattern(word) for word in sorted(cleaned, key=len, reverse=True)]
    # An intent with no words never matches (a pattern that cannot match anything).
    pattern = re.compile("|".join(alternatives) if alternatives else r"(?!x)x")
    return Intent(name, cleaned, pattern)


def _word_pattern(word: str) -> str:
    stem = word.endswith("*")
    parts = word.rstrip("*").split(" ")
    body = r"\s+".join(r"(?:[\w'’-]+\s+){0,2}[\w'’-]+" if part == "*" else re.escape(part) for part in parts)
    last = parts[-1]
    if _unspaced_script(word[0]):
        return body
    if stem or len(last) >= STEM_LENGTH or not last.isascii():
        return rf"(?<!\w){body}\w*"  # the whole word, for reasons that quote it
    doubled = rf"|{re.escape(last[-1])}(?:ed|ing)" if last[-1:].isalpha() and last[-1] not in "aeiouy" else ""
    endings = "|".join(re.escape(e) for e in _ENDINGS)
    return rf"(?<!\w){body}(?:{endings}{doubled})?(?!\w)"


def _unspaced_script(char: str) -> bool:
    """Chinese, Japanese (kana and kanji) and Thai text has no spaces between words."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI"))


BUILTIN = {name: make_intent(name, words) for name, words in BUILTIN_INTENTS.items()}
