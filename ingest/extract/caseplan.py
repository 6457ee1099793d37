"""The plan a case is about, read from its title or proposal: «På lik linje», 'Å høre til - temaplan for oppvekst'."""

from __future__ import annotations

import re

from .textspan import one_line

# Words naming a plan or a plan-like document. Bare "plan" is left out on purpose: "Plan for inngåelse
# av avtale" is an ordinary case, while "temaplan", "kommuneplan", "handlingsplan" name plans.
_PLAN_WORD = (
    r"(?:\w+plan(?:en|ens|s|ar|er|ane|ene)?|(?:regional|kommunal|interkommunal|nasjonal|statleg|statlig)e?\s+plan(?:en)?|\w*planstrategi\w*|planprogram\w*|\w*strategi(?:en)?"
    r"|handlingsprogram(?:met)?|samfunnsdel(?:en)?|arealdel(?:en)?)"
)
PLAN_WORD_RE = re.compile(rf"(?i)\b{_PLAN_WORD}\b")
_QUOTES = r"«»\"“”"
# «Name» or "Name" right after or before a plan word: Temaplan «På lik linje», «Å høre til» - temaplan.
_QUOTED_AFTER = re.compile(
    rf"(?i)\b{_PLAN_WORD}\s*(?:for\s+[\wæøå ]{{2,40}}?\s*)?[«\"“]\s*(?P<name>[^{_QUOTES}]{{2,80}}?)\s*[»\"”]"
)
_QUOTED_BEFORE = re.compile(
    rf"(?i)[«\"“]\s*(?P<name>[^{_QUOTES}]{{2,80}}?)\s*[»\"”]\s*[-–—:,]?\s*(?:er\s+)?{_PLAN_WORD}"
)
# "Name - temaplan for …": the name in front of the dash.
_NAME_BEFORE = re.compile(rf"^(?P<name>[^-–—{_QUOTES}]{{3,60}}?)\s*[-–—]\s*{_PLAN_WORD}\b", re.IGNORECASE)
# A national document: NOU 2022: 13 Med videre betydning; Meld. St. 6 (2019–2020) Tett på.
_NATIONAL = re.compile(
    r"\b(?P<name>(?:NOU\s+\d{4}\s*:\s*\d{1,3}|Meld\.\s*St\.\s*\d{1,3}\s*\(\d{4}\s*[-–]\s*\d{4}\))"
    r"(?:\s+[A-ZÆØÅ][^.;:\n–—]{2,80}?)?)(?=\s*(?:[-–—.;:]|$))"
)
# Process words that end a case title but are not part of the plan's name.
_PROCESS_TAIL = re.compile(
    r"(?i)\s*[-–—:,]?\s*(?:\d\.\s*gangs?\s*behandling|første\s*gangs?\s*behandling|andre\s*gangs?\s*behandling"
    r"|førstegangsbehandling|andregangsbehandling|sluttbehandling|slutthandsaming|høring|høyring"
    r"|høringsutkast|offentlig ettersyn|utlegging til høring|vedtak|oppstart|godkjenning|revisjon"
    r"|rullering|orientering|evaluering|mandat og rammer|endelig vedtak)\s*$"
)
_LEADING_PROCESS = re.compile(
    r"(?i)^(?:høringsinnspill|høringssvar|høringsuttalelse|høyringsinnspel|høyringsfråsegn|uttalelse|høring|høyring)\b"
    r"\s*(?:av|om|til|-|–|:)?\s*"
)


def plan_title(title: str | None, *texts: str | None) -> str | None:
    """The name of the plan a case is about, or None when the case is not about a plan.

    A quoted name next to a plan word wins (in the title, then in the proposal), then a name in front
    of a plan word ("Å høre til - temaplan for oppvekst"), then a national document (NOU, Meld. St.),
    then a title that names a plan, with process words trimmed.

    >>> plan_title("Temaplan - personer med nedsatt funksjonsevne - høring", "Temaplan «På lik linje» tas til orientering")
    'På lik linje'
    >>> plan_title("Å høre til - temaplan for oppvekst – 1. gangsbehandling")
    'Å høre til'
    >>> plan_title("Høringsinnspill - NOU 2022: 13 Med videre betydning")
    'NOU 2022: 13 Med videre betydning'
    >>> plan_title("Reguleringsplan for Sentrum sør - sluttbehandling")
    'Reguleringsplan for Sentrum sør'
    >>> plan_title("Plan for inngåelse av effektkontrakt") is None
    True
    """
    sources = [one_line(t) for t in (title, *texts) if t]
    for text in sources:
        for pattern in (_QUOTED_AFTER, _QUOTED_BEFORE):
            m = pattern.search(text)
            if m and not PLAN_WORD_RE.fullmatch(m.group("name").strip()):
                return m.group("name").strip()
    if sources:
        m = _NAME_BEFORE.match(_LEADING_PROCESS.sub("", re.sub(rf"[{_QUOTES}]", "", sources[0])))
        if m and not PLAN_WORD_RE.search(m.group("name")):
            return m.group("name").strip()
        m = _NATIONAL.search(sources[0])  # a national document is named in the title, not in passing
        if m:
            return one_line(m.group("name")).rstrip(" -–")
    if title:
        t = one_line(title)
        if PLAN_WORD_RE.search(t):
            t = _LEADING_PROCESS.sub("", t)
            while True:
                cut = _PROCESS_TAIL.sub("", t)
                if cut == t:
                    break
                t = cut
            t = re.sub(rf"[{_QUOTES}]", "", t)
            t = re.sub(r"\s+[-–—]\s*|\s*[-–—]\s+", " - ", t).strip(" -–")
            return t or None
    return None
