"""The precise signature layer: patterns of instruction override, system-prompt extraction, fake role headers
and chat-template tokens, role-play jailbreak personas and notes addressed to an AI agent.

Written for precision, checked against hard negatives (questions *about* prompt injection, "ignore case" in
code, customer-support text). Every pattern is a sequence of bounded pieces: no nested unbounded
quantifiers, so matching stays linear (a test runs each against pathological input).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiwarden.core.findings import Severity
from aiwarden.guard.types import GuardFinding

_GAP = r"(?:[\w'’,-]+\s+){0,4}?"  # up to four filler words, lazily
_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True, slots=True)
class Signature:
    rule_id: str
    pattern: re.Pattern[str]
    severity: Severity
    score: float
    message: str
    tags: tuple[str, ...]


# Literals (lower case, single words so that any spacing still contains them) one of which every match of the
# signature contains: the regex runs only when one is present, which skips most signatures on most texts.
ANCHORS: dict[str, tuple[str, ...]] = {
    "signature.instruction-override": ("ignore", "disregard", "forget", "override", "bypass", "skip", "abandon",
                                       "drop"),
    "signature.ignore-above": ("ignore", "disregard", "forget"),
    "signature.instruction-override-ml": ("ignor", "olvid", "vergiss", "vergessen", "oubli", "dimentica", "esque",
                                          "descarta", "desestima", "prescinde", "omite", "ometti", "scarta",
                                          "verwirf", "missachte"),
    "signature.instruction-override-intl": ("negeer", "vergeet", "ignor", "zapomn", "pomiń", "игнор", "забуд",
                                            "отбрось", "обращай", "ігнор", "zapome", "zabudn", "glöm", "glem",
                                            "uită", "αγνόησ", "ξέχασ", "abaikan", "lupakan", "bỏ qua", "quên",
                                            "talimat", "kural", "yönerge", "無視", "忘れ", "忽略", "无视", "忘记",
                                            "忘記", "忘掉", "不要理会", "丢弃", "무시", "잊", "تجاهل", "انس", "إنس",
                                            "अनदेखा", "नज़रअंदाज़", "नजरअंदाज"),
    "signature.prompt-extraction-ml": ("revel", "muestra", "muéstrame", "zeig", "offenbare", "révèle", "montre",
                                       "rivela", "mostr", "dime", "dis-moi", "dimmi", "diga-me", "sag", "nenne"),
    "signature.new-instructions": ("instruction", "prompt", "rules", "directive"),
    "signature.prompt-extraction": ("reveal", "show", "print", "repeat", "output", "display", "leak", "dump",
                                    "spell", "tell", "give", "write", "translate"),
    "signature.template-token": ("<|", "inst]", "<<sys", "<</sys", "_of_turn>", "###"),
    "signature.fake-role": ("system", "assistant", "developer", "admin"),
    "signature.persona-jailbreak": ("you", "act", "pretend", "role", "become", "simulate"),
    "signature.developer-mode": ("mode", "anything"),
    "signature.no-restrictions": ("without", "no", "free"),
    "signature.agent-note": ("note", "message", "instruction", "reminder", "attention", "important", "when",
                             "hey", "dear", "<", "if", "any", "all", "every", "the"),
    "signature.refusal-suppression": ("refuse", "decline", "reject"),
    "signature.unbound": ("bound", "restricted", "limited", "constrained", "free", "liberated", "released"),
    "signature.instruction-question": ("what",),
    "signature.canned-payload": ("have",),
    "signature.task-hijack": ("before", "after", "from"),
    "signature.exfil-instruction": ("send", "forward", "email", "post", "upload", "exfiltrate", "leak", "copy"),
}


_INJECTION = ("LLM01:2025", "AML.T0051.000")
_JAILBREAK = ("LLM01:2025", "AML.T0054")
_EXTRACTION = ("LLM07:2025", "AML.T0056")
_INDIRECT = ("LLM01:2025", "AML.T0051.001")

SIGNATURES: tuple[Signature, ...] = (
    Signature(
        "signature.instruction-override",
        re.compile(r"\b(?:ignore|disregard|forget|override|bypass|skip|abandon|drop)\s+" + _GAP +
                   r"(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|initial|original|"
                   r"system|existing|current)\s+" + _GAP +
                   r"(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|context|"
                   r"constraints|polic(?:y|ies)|programming|orders|commands)\b", _FLAGS),
        Severity.HIGH, 0.92, "asks the model to drop its instructions", _INJECTION),
    Signature(
        "signature.ignore-above",
        re.compile(r"\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?|everything\s+)?(?:the\s+|that\s+)?(?:above|"
                   r"previous|preceding|prior|earlier)(?:\s+(?:text|content|message|prompt|input))?\s*(?:,|\.|;|and)\s*"
                   r"(?:(?:then|now|instead|just|simply)\s+){0,2}(?:say|print|output|write|tell|respond|reply|answer|"
                   r"return|repeat|translate|spell|instead)\b", _FLAGS),
        Severity.HIGH, 0.9, "tells the model to drop what came before and do something else", _INJECTION),
    Signature(
        "signature.instruction-override-ml",
        re.compile(r"\b(?:ignora|ignorez|ignoriere|ignorieren|ignorar|ignorate|olvida|olvide|vergiss|vergessen|oublie|"
                   r"oubliez|dimentica|esquece|esqueça|descarta|desestima|prescinde|omite|ometti|scarta|verwirf|"
                   r"missachte)\s+" + _GAP +
                   r"(?:instrucciones|instrucción|anweisungen|anweisung|consignes|istruzioni|instruções|instrução|"
                   r"reglas|regeln|règles|regole|regras|directrices|directivas|richtlinien|direttive|diretrizes|"
                   r"programación|programmierung|programmation|programmazione|programação|restricciones|"
                   r"einschränkungen|restrizioni|restrições|normas|vorgaben|protocolos|protokolle|protocoles|"
                   r"protocolli)\b", _FLAGS),
        Severity.HIGH, 0.9, "asks the model to drop its instructions (Spanish, German, French, Italian, Portuguese)",
        _INJECTION),
    Signature(
        "signature.instruction-override-intl",
        re.compile(
            # Verb first (Dutch, Polish, Russian, Ukrainian, Czech, Slovak, Swedish, Danish/Norwegian, Romanian,
            # Greek, Indonesian, Vietnamese, Arabic); "don't forget" (vergeet niet, nie zapomnij, не забудь, glöm
            # inte, glem ikke, đừng quên) is not an override.
            r"(?<!\bnie\s)(?<!\bне\s)(?<!\bне\s\s)(?<!đừng\s)\b(?:negeer|vergeet(?!\s+niet)|zignoruj|ignoruj(?:cie)?|"
            r"zapomnij|pomiń|игнорируй(?:те)?|проигнорируй(?:те)?|забудь(?:те)?|отбрось(?:те)?|"
            r"не\s+обращай(?:те)?\s+внимания\s+на|ігноруй(?:те)?|проігноруй(?:те)?|ignorujte|zapomeň(?:te)?|zabudni|"
            r"ignorera|glöm(?!\s+inte)|ignorer|glem(?!\s+ikke)|ignoră|uită|αγνόησε|ξέχασε|abaikan|lupakan|bỏ\s+qua|"
            r"quên|تجاهل|انس|إنس)\s+" + _GAP +
            r"(?:instructies|instructie|richtlijnen|opdrachten|regels|instrukcje|instrukcji|polecenia|poleceń|zasady|"
            r"reguły|инструкции|инструкций|указания|указаний|правила|правил|промпт|інструкції|інструкцій|вказівки|"
            r"instrukce|pokyny|pravidla|inštrukcie|pravidlá|instruktioner(?:na)?|regler(?:na|ne)?|instrukser|"
            r"instruksjon(?:er|ene)|instrucțiunile|instrucțiuni|regulile|οδηγίες|κανόνες|instruksi|aturan|perintah|"
            r"hướng\s+dẫn|chỉ\s+dẫn|quy\s+tắc|التعليمات|تعليمات|القواعد|الأوامر)(?!\w)"
            # Object first (Turkish; Japanese, Korean, Hindi), or no spaces (Chinese, Japanese)
            r"|\b(?:talimat|kural|yönerge|komut)\w*\s+(?:\w+\s+){0,2}?(?:unut(?!ma)|görmezden\s+gel|yok\s+say|"
            r"dikkate\s+alma)"
            r"|(?:指示|命令|ルール|規則|プロンプト|設定)[をはも]?(?:すべて|全て|全部)?(?:無視|忘れ(?!な|ず))"
            r"|(?<!不要)(?<![别別勿])(?:忽略|无视|無視|忘记|忘記|忘掉|不要理会|丢弃)[^。！？\n]{0,12}?"
            r"(?:指令|指示|说明|說明|规则|規則|提示词|设定|設定)"
            r"|(?:지시|지침|명령|규칙|프롬프트)[을를은는]?\s*(?:모두\s*)?(?:무시|잊(?!지\s*마))"
            r"|(?:निर्देशों|निर्देश|नियमों)\s+(?:को\s+)?(?:अनदेखा|नज़रअंदाज़|नजरअंदाज)", _FLAGS),
        Severity.HIGH, 0.9, "asks the model to drop its instructions (Dutch, Polish, Russian, Ukrainian, Czech, "
        "Swedish, Danish, Norwegian, Romanian, Greek, Indonesian, Vietnamese, Turkish, Japanese, Chinese, Korean, "
        "Arabic, Hindi)", _INJECTION),
    Signature(
        "signature.prompt-extraction-ml",
        re.compile(r"\b(?:revela|revele|muestra|muéstrame|zeig|zeige|offenbare|révèle|montre|montre-moi|rivela|mostra|"
                   r"mostre|mostra-me|mostre-me|dime|dis-moi|dimmi|diga-me|sag\s+mir|nenne)\s+" + _GAP +
                   r"(?:(?:tu|tus|deine|deinen|dein|ta|tes|votre|vos|il\s+tuo|le\s+tue|i\s+tuoi|tua|teu|sua|seu)\s+"
                   r"(?:\w+\s+)?(?:instrucciones|anweisungen|istruzioni|instruções|indicaciones|consignes|directrices|"
                   r"richtlinien|regeln|reglas|règles|regole|regras)|(?:[\w'’-]+\s+){0,2}(?:prompt|systemprompt|"
                   r"invite))\b", _FLAGS),
        Severity.HIGH, 0.88, "tries to extract the system prompt (Spanish, German, French, Italian, Portuguese)",
        _EXTRACTION),
    Signature(
        "signature.new-instructions",
        re.compile(r"\b(?:new|updated|real|actual|true|secret)\s+(?:system\s+)?(?:instructions?|prompt|rules|"
                   r"directives?)\s*(?::|are\s+as\s+follows\b|follow\s*:)", _FLAGS),
        Severity.MEDIUM, 0.7, "announces replacement instructions", _INJECTION),
    Signature(
        "signature.prompt-extraction",
        re.compile(r"\b(?:reveal|show|print|repeat|output|display|leak|dump|spell\s+out|tell\s+me|give\s+me|"
                   r"write\s+out|translate)\s+" + _GAP +
                   r"(?:system\s+prompt|initial\s+prompt|hidden\s+(?:instructions|prompt)|(?:your|the)\s+"
                   r"(?:instructions|system\s+message|guidelines|prompt)|developer\s+message|(?:text|words|"
                   r"everything)\s+above)\b", _FLAGS),
        Severity.HIGH, 0.88, "tries to extract the system prompt", _EXTRACTION),
    Signature(
        "signature.template-token",
        re.compile(r"<\|(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|"
                   r"begin_of_text)\|>|\[/?INST\]|<</?SYS>>|<start_of_turn>|<end_of_turn>|###\s*(?:System|"
                   r"Instruction)\s*:", _FLAGS),
        Severity.HIGH, 0.9, "contains chat-template control tokens (fake turn boundaries)", _INJECTION),
    Signature(
        "signature.fake-role",
        re.compile(r"^\s*(?:system|assistant|developer|admin(?:istrator)?)\s*(?:message|prompt|override)?\s*:\s*"
                   r"(?=\S)" + _GAP + r"(?:you\s+(?:are|must|will|should)|ignore|from\s+now|new\s+instructions|"
                   r"disregard|reveal|do\s+not)", _FLAGS),
        Severity.HIGH, 0.85, "imitates a system or assistant turn", _INJECTION),
    Signature(
        "signature.persona-jailbreak",
        re.compile(r"\b(?:you\s+are|you're|act\s+as|pretend\s+(?:to\s+be|you\s+are)|role-?play\s+as|from\s+now\s+"
                   r"on,?\s+you(?:\s+are|'ll\s+be|\s+will\s+be)?|become|simulate)\s+" + _GAP +
                   r"(?:DAN|STAN|DUDE|AIM|jailbroken|unfiltered|uncensored|unrestricted|amoral|evil\s+"
                   r"(?:assistant|ai|confidant)|(?:an?\s+)?ai\s+(?:with(?:out)?|that\s+has\s+no)\s+(?:any\s+)?"
                   r"(?:restrictions|limits|filters|rules|ethics|morals|guidelines))\b", _FLAGS),
        Severity.HIGH, 0.9, "role-play persona meant to drop safety rules", _JAILBREAK),
    Signature(
        "signature.developer-mode",
        re.compile(r"\b(?:developer|debug|god|sudo|jailbreak|unrestricted|dan)\s+mode\s+" + _GAP +
                   r"(?:enabled|activated|engaged|on(?!\s+(?:your|my|the|a|an|this|that|his|her|their|android|ios)\b))"
                   r"\b|\bdo\s+anything\s+now\b|\benable\s+(?:developer|"
                   r"jailbreak|dan)\s+mode\b|\b(?:you\s+are|you're)\s+now\s+(?:in|running\s+in|operating\s+in)\s+"
                   r"(?:developer|debug|god|admin|maintenance|unrestricted|jailbreak|dan|unfiltered|uncensored)\s+"
                   r"mode\b", _FLAGS),
        Severity.HIGH, 0.9, "claims a mode without restrictions", _JAILBREAK),
    Signature(
        "signature.no-restrictions",
        re.compile(r"\b(?:without|no|free\s+(?:of|from))\s+(?:any\s+)?(?:ethical|moral|content|safety)?\s*"
                   r"(?:restrictions|limitations|filters|guidelines|censorship|rules)\b" + r".{0,80}?" +
                   r"\b(?:answer|respond|reply|comply|do|say|write)\b", _FLAGS | re.DOTALL),
        Severity.MEDIUM, 0.7, "asks for answers without safety restrictions", _JAILBREAK),
    Signature(
        "signature.agent-note",
        re.compile(r"\b(?:note|message|instructions?|reminder|attention|important)\s+(?:to|for)\s+(?:the\s+|any\s+)?"
                   r"(?:ai|assistant|agent|llm|language\s+model|chatbot|bot|gpt|claude|copilot)\b|"
                   r"\bwhen\s+(?:you|the\s+(?:ai|assistant|agent|model))\s+(?:read|see|process|summari[sz]e)s?\s+"
                   r"this\b|<\s*(?:important|instructions?|system|admin)\s*>|"
                   r"\b(?:hey|dear|attention)\s+(?:ai|assistant|agent|llm|chatgpt|gpt|claude)\b[,:!]|"
                   r"\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|a\.i\.|llm|large\s+language\s+model|language\s+model|ai\s+"
                   r"assistant|assistant|chatbot|gpt|ai\s+agent|ai\s+model)\b(?!\s+(?:researcher|engineer|developer|"
                   r"enthusiast|company|startup|team|student|practitioner|user|expert|professional|product|manager|lab|"
                   r"ethicist|coach|teacher)s?\b)|"
                   r"\b(?:any|all|every|the)\s+(?:ai|llms?|language\s+models?|ai\s+assistants?|ai\s+agents?|chatbots?)\s+"
                   r"(?:reading|processing|parsing|summari[sz]ing|seeing)\s+(?:this|these)\b", _FLAGS),
        Severity.HIGH, 0.88, "addresses instructions to an AI agent reading the content", _INDIRECT),
    Signature(
        "signature.refusal-suppression",
        re.compile(r"\b(?:never|do\s+not|don'?t|must\s+not|will\s+not|won'?t|cannot|can'?t)\s+(?:ever\s+)?"
                   r"(?:refuse|decline|reject)\s+(?:to\s+(?:answer|respond\s+to)\s+)?(?:anything\b|(?:any|every|a\s+"
                   r"single)\s+(?:\w+\s+)?(?:request|question|prompt|order|command|query|task)s?\b)", _FLAGS),
        Severity.HIGH, 0.85, "forbids the model to refuse", _JAILBREAK),
    Signature(
        "signature.unbound",
        re.compile(r"\byou\s+(?:are|'re)\s+(?:now\s+)?(?:no\s+longer|not)\s+(?:bound|restricted|limited|"
                   r"constrained)\s+by\b|\b(?:freed?|liberated|released)\s+from\s+(?:your|all|the|any)\s+"
                   r"(?:\w+\s+)?(?:rules|restrictions|constraints|guidelines|programming|limitations)\b", _FLAGS),
        Severity.HIGH, 0.88, "tells the model it is free of its rules", _JAILBREAK),
    Signature(
        "signature.instruction-question",
        re.compile(r"\bwhat\s+(?:were|are|was|is)\s+(?:your|the)\s+(?:initial|original|first|exact|hidden|secret|"
                   r"system)\s+(?:instructions|prompt|directives|rules|guidelines)\b", _FLAGS),
        Severity.HIGH, 0.85, "asks for the model's hidden instructions", _EXTRACTION),
    Signature(
        "signature.canned-payload",
        re.compile(r"\b(?:say|print|output|respond\s+with|reply\s+with|write|answer\s+with)\s+(?:exactly\s+|only\s+)?"
                   r"[\"'“]?i\s+have\s+been\s+(?:pwned|hacked|owned)\b", _FLAGS),
        Severity.HIGH, 0.9, "asks for the canonical injection-test payload", _INJECTION),
    Signature(
        "signature.task-hijack",
        re.compile(r"\bbefore\s+you\s+(?:can\s+)?(?:solve|complete|finish|answer|continue\s+with|proceed\s+with|"
                   r"start|do)\s+(?:the|my|your|this)\s+(?:\w+\s+)?(?:task|request)\b.{0,80}?\b(?:do|perform|"
                   r"complete|execute|follow)\s+the\s+following\b|"
                   r"\bafter\s+you\s+(?:do|complete|finish)\s+(?:that|this|these|it),?\s+you\s+(?:can|may|should)\s+"
                   r"(?:solve|complete|continue|return\s+to|go\s+back\s+to)\s+(?:with\s+)?(?:the|my|your)\s+"
                   r"(?:\w+\s+)?task\b|"
                   r"\b(?:message|note|instructions?|request)\s+from\s+(?:me|the\s+user|your\s+user)\b.{0,60}?\bto\s+"
                   r"you,?\s+(?:gpt-?\d[\w.-]*|chatgpt|claude|gemini|llama|mistral|copilot|the\s+(?:ai|assistant|"
                   r"model|agent))\b", _FLAGS | re.DOTALL),
        Severity.HIGH, 0.9, "puts its own task ahead of the user's (task hijacking)", _INDIRECT),
    Signature(
        "signature.exfil-instruction",
        re.compile(r"\b(?:send|forward|email|post|upload|exfiltrate|leak|copy)\s+" + _GAP +
                   r"(?:conversation|chat\s+history|password|credentials|api\s+keys?|secrets?|tokens?|private\s+"
                   r"data|personal\s+data|(?:the\s+)?user'?s?\s+(?:data|emails?|files?|information))\s+" + _GAP +
                   r"(?:to|at|into)\s+(?:https?://|www\.|[\w.+-]+@[\w-]+\.)", _FLAGS),
        Severity.HIGH, 0.9, "instructs to send data to an outside address", ("LLM01:2025", "LLM02:2025",
                                                                              "AML.T0057")),
)


def scan_signatures(text: str) -> list[GuardFinding]:
    findings = []
    lowered = text.lower()
    for signature in SIGNATURES:
        if not any(anchor in lowered for anchor in ANCHORS[signature.rule_id]):
            continue
        match = signature.pattern.search(text)
        if match:
            findings.append(GuardFinding("signature", signature.rule_id, signature.severity, signature.message,
                                         match.span(), match.group(0)[:200], signature.score, signature.tags))
    return findings
