"""Which language a question is asked in: bokmål (``nb``), nynorsk (``nn``) or English (``en``).

Marker words decide: question words and small function words differ between the three
(``hvilke``/``kva for``/``which``, ``ikke``/``ikkje``/``not``). Ties go to bokmål, the usual written form.
"""

from __future__ import annotations

import re

_MARKERS = {
    "en": {
        "which", "who", "what", "where", "when", "how", "the", "did", "does", "do", "is", "are", "was", "were",
        "of", "on", "about", "bodies", "body", "case", "plan", "plans", "say", "said", "comment", "commented",
        "voted", "against", "attended", "absent", "meeting", "goal", "goals", "serve", "serves", "strategy",
        "proposed", "proposal", "and", "for", "to", "in", "at", "whom", "stand", "status", "concern",
        "concerns", "substituted", "path", "treated",
    },
    "nn": {
        "kva", "kven", "kvar", "kvifor", "korleis", "ikkje", "eg", "vart", "handsama", "handsaming",
        "organ", "uttale", "uttala", "meinte", "sakshandsaminga", "møtet", "saka", "kvarandre", "røysta",
        "røysting", "fremja", "gjer", "gjekk", "dei", "ho", "frå", "berekraftsmål", "berekraftsmåla",
        "strategiane", "planane", "sakene", "vedtaket", "tente", "tener", "stod", "fram", "mot", "møtte",
        "sakshandsaming", "sakshandsamar", "forfall", "kommenterte", "kvart", "noko", "gjeld", "gjaldt",
        "framlegg", "utval", "møte", "kvifor", "seg",
    },
    "nb": {
        "hva", "hvem", "hvor", "hvilke", "hvilken", "hvilket", "hvordan", "ikke", "jeg", "ble", "behandlet",
        "organer", "uttalte", "mente", "saksgangen", "møtet", "saken", "stemte", "fremmet", "fra",
        "bærekraftsmål", "strategiene", "planene", "sakene", "vedtaket", "tjener", "sto", "mot", "møtte",
        "forfall", "kommenterte", "hvert", "noe", "gjelder", "gjaldt", "forslag", "utvalg", "seg",
    },
}
# Words that only one language uses: they weigh more than shared ones ("mot", "seg", "møtte").
_STRONG = {
    "en": {"which", "who", "what", "where", "the", "did", "does", "bodies", "whom", "voted", "against", "attended"},
    "nn": {"kva", "kven", "kvar", "korleis", "ikkje", "vart", "handsama", "organ", "frå", "dei", "gjer",
           "berekraftsmål", "røysta", "framlegg", "utval", "kvifor", "noko", "meinte"},
    "nb": {"hva", "hvem", "hvor", "hvilke", "hvilken", "hvilket", "hvordan", "ikke", "ble", "organer",
           "bærekraftsmål", "stemte", "fremmet", "noe", "utvalg", "mente", "hvert"},
}


def detect_language(question: str) -> str:
    """``nb``, ``nn`` or ``en`` for ``question``.

    >>> detect_language("Hvilke organer uttalte seg om På lik linje?"), detect_language("Kva organ uttala seg om På lik linje?")
    ('nb', 'nn')
    >>> detect_language("Which bodies commented on På lik linje?")
    'en'
    """
    words = re.findall(r"[a-zæøåé]+", question.casefold())
    scores = {lang: 0.0 for lang in ("nb", "nn", "en")}
    for w in words:
        for lang in scores:
            if w in _STRONG[lang]:
                scores[lang] += 3
            elif w in _MARKERS[lang]:
                scores[lang] += 1
    best = max(scores.values())
    if best == 0:
        return "nb"
    for lang in ("nb", "nn", "en"):
        if scores[lang] == best:
            return lang
    return "nb"
