"""The domain's closed vocabularies: stored codes and their Russian and English labels.

Codes are what the database holds; labels are what people read and what Excel lists contain.
A label in either language (any case, ё or е) maps back to its code through `code_for`.
"""

from __future__ import annotations

# code -> (Russian, English)
Vocabulary = dict[str, tuple[str, str]]

MEMBER_STATUS: Vocabulary = {
    "active": ("действует", "active"),
    "suspended": ("приостановлено", "suspended"),
    "left": ("вышел", "left"),
}

INTEREST_DIRECTION: Vocabulary = {
    "buys": ("покупает", "buys"),
    "sells": ("продаёт", "sells"),
    "partner": ("ищет партнёра", "seeks partner"),
    "invests": ("инвестирует", "invests"),
}

INTEREST_STATUS: Vocabulary = {
    "open": ("открыт", "open"),
    "in_work": ("в работе", "in work"),
    "done": ("выполнен", "done"),
    "dropped": ("снят", "dropped"),
}

MISSION_KIND: Vocabulary = {
    "incoming": ("входящая делегация", "incoming delegation"),
    "outgoing": ("исходящая делегация", "outgoing delegation"),
    "round_table": ("круглый стол", "round table"),
    "b2b": ("B2B-переговоры", "B2B session"),
    "exhibition": ("выставка", "exhibition"),
    "congress": ("конгресс", "congress"),
    "online": ("онлайн-встреча", "online meeting"),
}

PARTICIPATION_ROLE: Vocabulary = {
    "participant": ("участник", "participant"),
    "host": ("принимающая сторона", "host"),
    "visited": ("посещённое предприятие", "visited enterprise"),
    "organiser": ("организатор", "organiser"),
}

AGREEMENT_KIND: Vocabulary = {
    "nda": ("NDA", "NDA"),
    "cooperation": ("соглашение о сотрудничестве", "cooperation agreement"),
    "supply": ("договор поставки", "supply contract"),
    "memorandum": ("меморандум", "memorandum"),
}

AGREEMENT_STATUS: Vocabulary = {
    "draft": ("проект", "draft"),
    "signed": ("подписано", "signed"),
    "in_force": ("действует", "in force"),
    "completed": ("исполнено", "completed"),
    "terminated": ("расторгнуто", "terminated"),
}

ACTIVITY_KIND: Vocabulary = {
    "call": ("звонок", "call"),
    "letter": ("письмо", "letter"),
    "samples": ("образцы отправлены", "samples sent"),
    "meeting": ("встреча", "meeting"),
    "note": ("заметка", "note"),
}


def _fold(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


def label(vocabulary: Vocabulary, code: str | None, lang: str = "ru") -> str:
    """The label of `code` in `lang` ('ru' or 'en'); an unknown code is shown as it is."""
    if not code:
        return ""
    pair = vocabulary.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def code_for(vocabulary: Vocabulary, text: str | None) -> str | None:
    """The code whose code or label (Russian or English) is `text`; None if none matches."""
    if text is None:
        return None
    wanted = _fold(str(text))
    if not wanted:
        return None
    for code, labels in vocabulary.items():
        if wanted == _fold(code) or any(wanted == _fold(x) for x in labels):
            return code
    return None
