"""Plan titles and plan mentions: «På lik linje», "Å høre til - temaplan for oppvekst", NOU 2016:17, Meld. St. 8.

A title is taken apart into the plan's own name (``Å høre til``), its type (``temaplan``), its
theme (``oppvekst``: what a temaplan is for) and, for national documents, an identifier
(``NOU 2022:13``). Which titles are one plan is decided later, from all of them together
(``graph.plan_graph.PlanResolver``); here nothing is looked up.

>>> t = parse_plan_title("Å høre til - temaplan for oppvekst – 1. gangsbehandling")
>>> t.name, t.plan_type, t.theme
('Å høre til', 'temaplan', 'oppvekst')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import normalize_space

# Type words (bokmål and nynorsk) → sg:planType. Longest first: "kommuneplanens samfunnsdel" before "kommuneplan".
TYPE_WORDS: list[tuple[str, str]] = [
    (r"kommuneplan(?:en|ens)?s?\s+(?:sin\s+)?samfunnsdel(?:en)?|samfunnsdel(?:en)?\s+(?:av|i|til)\s+kommuneplanen", "kommuneplan samfunnsdel"),
    (r"kommuneplan(?:en|ens)?s?\s+(?:sin\s+)?arealdel(?:en)?", "kommuneplan arealdel"),
    (r"kommunedelplan(?:en|ar|er)?", "kommunedelplan"),
    (r"kommuneplan(?:en|ens)?", "kommuneplan samfunnsdel"),
    (r"temaplan(?:en|ene|ane|er|ar)?", "temaplan"),
    (r"økonomiplan(?:en)?", "økonomiplan"),
    (r"handlingsprogram(?:met)?", "handlingsprogram"),
    (r"handlingsplan(?:en)?", "handlingsplan"),
    (r"planstrategi(?:en)?", "planstrategi"),
    (r"reguleringsplan(?:en)?", "reguleringsplan"),
    (r"virksomhetsplan(?:en)?", "virksomhetsplan"),
]  # fmt: skip
_TYPE_RX = re.compile(r"(?<![\wæøå])(?:" + "|".join(f"(?P<t{i}>{rx})" for i, (rx, _) in enumerate(TYPE_WORDS)) + r")(?![\wæøå])", re.I)
# What is said of a title in a case heading, not part of it: "- høring", "– 1. gangsbehandling".
_PROCESS = re.compile(
    r"\s*[-–—:,]?\s*(?:\(?\s*(?:høringsutkast|høring|høyring|\d\.\s*gangs\s*behandling|\d\.\s*gangsbehandling|"
    r"førstegangsbehandling|andregangsbehandling|sluttbehandling|endelig behandling|vedtak|utkast|"
    r"til høring|revisjon|rullering)\s*\)?)\s*$",
    re.I,
)
NOU_RX = re.compile(r"\bNOU\s*(\d{4})\s*(?::|nr\.?)\s*(\d{1,2})\b")
MELD_RX = re.compile(
    r"\b(?:Meld\.?\s*St\.?|St\.?\s*meld\.?|Stortingsmelding(?:a|en)?)\s*(?:nr\.?\s*)?(\d{1,3})\s*\(\s*(\d{4})\s*[–-]\s*(\d{4})\s*\)"
)
_QUOTES = "«»\"“”„'‘’*"
_QUOTED = re.compile(r"[«“„\"”*]((?:[^«»“”„\"*\n]|\n(?!\s*\n)){2,160}?)(?:[»”“\"*]|$)")
# Words that end a theme or a name run in running text (verbs, function words).
_STOP = frozenset(
    """og er som har skal legges inngår beskriver beskrives omhandler gjelder ble blir var vil kan må bør i på til
    fra etter ut sendes behandles vedtas vedtatt tas følges ligger gir viser se jf jfr samt men eller at der når
    hvor the kommer være vært er, skal,""".split()
)


# Words before "temaplan" that make it a common noun ("den enkelte temaplan vurderes"), not a name.
_DETERMINERS = frozenset("en ei et den det denne dette hver enkelte ny nye egen eigen felles annen anna slik ein eit".split())


@dataclass(frozen=True)
class PlanTitle:
    """A plan title taken apart; any part may be missing.

    ``loose`` holds the words after a bare type word ("temaplan medborgerskap", "Temaplan På lik
    linje"): a name or a theme, the resolver tries both.
    """

    text: str
    name: str | None = None
    plan_type: str | None = None
    theme: str | None = None
    identifier: str | None = None
    loose: str | None = None
    government: bool = False  # the government's (Regjeringens handlingsplan …): a national document

    @property
    def national(self) -> bool:
        return self.government or self.plan_type in ("NOU", "stortingsmelding", "nasjonal strategi")

    def label(self) -> str:
        """A readable label: the name, else the identifier, else "Temaplan for <theme>", else the text."""
        if self.identifier:
            return f"{self.identifier} {self.name}" if self.name else self.identifier
        if self.name:
            return self.name
        if self.plan_type and self.theme:
            return f"{self.plan_type.capitalize()} for {self.theme}"
        if self.plan_type and self.loose:
            return f"{self.plan_type.capitalize()} {self.loose}"
        if self.plan_type == "kommuneplan samfunnsdel":
            return "Kommuneplanens samfunnsdel"
        return self.text


def clean(text: str) -> str:
    """White space collapsed, quotes and a trailing process word ("- høring") removed."""
    text = normalize_space(text).strip(_QUOTES + " .:;,")
    for _ in range(3):
        shorter = _PROCESS.sub("", text).strip(_QUOTES + " .:;,-–")
        if shorter == text:
            break
        text = shorter
    return text


def plan_type_of(text: str) -> str | None:
    """The plan type a word or title names (``temaplanene`` → ``temaplan``), or None."""
    m = _TYPE_RX.search(text)
    if not m:
        return None
    return next(TYPE_WORDS[int(k[1:])][1] for k, v in m.groupdict().items() if v)


def _theme(words: str) -> str | None:
    out: list[str] = []
    for w in words.split():
        if out and re.fullmatch(r"\d{1,3}[A-Za-z]?[.,;:]?", w):
            out.append(w.strip(".,;:"))  # a house number belongs to the place: "Gyldenløves gate 70"
            if w[-1:] in ".,;:":
                break
            continue
        if not re.search(r"[^\W\d_]{2,}", w) and not (out and w[:1].isdigit() is False):
            break
        bare = w.lower().strip(".,;:»”\"")
        if (bare in _STOP and not (not out and w[:1].isupper())) or not re.search(r"[\wæøå]{2,}", w):
            break
        if out and len(bare) >= 7 and bare.endswith("es"):
            break  # a passive verb ("gjennomføres", "beskrives") ends the name
        out.append(w.strip(".,;:"))
        if w[-1:] in ".,;:" or len(out) == 6:
            break
    return " ".join(out) or None


def parse_plan_title(text: str) -> PlanTitle | None:
    """Take a plan title apart; None if it names no plan (no type word, no name in quotes, no NOU).

    >>> parse_plan_title("Temaplan - personer med nedsatt funksjonsevne - høring").theme
    'personer med nedsatt funksjonsevne'
    >>> parse_plan_title("Temaplan På lik linje – personer med nedsatt funksjonsevne").loose
    'På lik linje'
    >>> parse_plan_title("NOU 2016:17 På lik linje").identifier
    'NOU 2016:17'
    """
    raw = normalize_space(text)
    quoted = _QUOTED.search(raw)
    m = NOU_RX.search(raw)
    if m:
        rest = clean(raw[m.end():].lstrip(" :"))
        name = re.split(r"\s+[—–-]\s+|[.(]", rest)[0].strip() or None
        return PlanTitle(raw, name=name, plan_type="NOU", identifier=f"NOU {m.group(1)}:{int(m.group(2))}")
    m = MELD_RX.search(raw)
    if m:
        name = quoted.group(1).strip() if quoted else None
        return PlanTitle(raw, name=name, plan_type="stortingsmelding", identifier=f"Meld. St. {int(m.group(1))} ({m.group(2)}–{m.group(3)})")
    body = clean(raw)
    plan_type = plan_type_of(body)
    if plan_type is None and quoted is None:
        return None
    government = bool(re.search(r"(?i)\b(?:regjeringens|nasjonale?)\b", body))
    name = clean(quoted.group(1)) if quoted else None
    quoted_theme = None
    if name and not plan_type_of(name):
        # «Mestre hele livet – psykisk helse og rus»: the name, then what the plan is about.
        pieces = re.split(r"\s*[–—]\s*|\s+-\s+", name, maxsplit=1)
        head, tail = (pieces + [""])[:2]
        if tail and tail[:1].islower():
            name, quoted_theme = head.strip(), _theme(tail)
    if name and plan_type_of(name) and not name.lower().startswith(("temaplan", "kommune")):
        # «Å høre til - temaplan for Oppvekst»: the quote is the whole title.
        inner = parse_plan_title(name)
        if inner:
            return PlanTitle(raw, inner.name, inner.plan_type, inner.theme, None, inner.loose, inner.government or government)
    if not plan_type and not name:
        return None
    parts = [p.strip(_QUOTES + " ") for p in re.split(r"\s+[—–-]\s+|\s*:\s+", body) if p.strip(_QUOTES + " ")]
    theme, loose = quoted_theme, None
    for k, part in enumerate(parts):
        tm = _TYPE_RX.search(part)
        if not tm:
            if name is None and not re.match(r"(?i)kunnskapsgrunnlag", part) and part[:1].isupper() and len(part.split()) <= 6:
                name = part
            continue
        before = part[: tm.start()].strip()
        after = part[tm.end():].strip()
        genitive = re.search(r"(?i)(?:regjeringens|kommunens|\w+s)$", before) is not None
        if before and name is None and before[:1].isupper() and len(before.split()) <= 6 and not re.search(r"(?i)\btil$", before) and not genitive:
            name = before
        if re.match(r"(?i)for\s", after):
            theme = _theme(after[4:])
        elif after and not (name and clean(after) == name):
            loose = _theme(after)
        elif not after and k + 1 < len(parts) and theme is None:
            nxt = parts[k + 1]
            if not _TYPE_RX.search(nxt):
                if nxt[:1].islower():
                    theme = _theme(nxt)
                elif name is None and loose is None:
                    loose = _theme(nxt)
    if name and loose and clean(loose) == name:
        loose = None
    if loose and not re.search(r"[^\W\d_]", loose):
        loose = None  # a period ("2020-2032"), not a name
    if name and loose:
        # "Temaplan Oppvekst – Å høre til": with the name known, the words after the type are the theme.
        theme, loose = theme or (loose if not _QUOTED.search(loose) and "«" not in loose else None), None
    if loose and name is None and quoted is None and theme is None and len(parts) > 1:
        # "Temaplan På lik linje – personer med nedsatt funksjonsevne": name, then theme.
        tail = [p for p in parts if not _TYPE_RX.search(p)]
        if tail and tail[-1][:1].islower():
            theme = _theme(tail[-1])
    return PlanTitle(raw, name=name, plan_type=plan_type, theme=theme, loose=loose, government=government)


@dataclass(frozen=True)
class PlanMention:
    """A plan named in running text: the span in the text and the title as read."""

    start: int
    end: int
    title: PlanTitle


def find_plan_mentions(text: str) -> list[PlanMention]:
    """Every plan named in ``text``: NOU and Meld. St. numbers, quoted plan names next to a plan word,
    "X - temaplan for Y", "temaplan for Y", "temaplanene X og Y", "kommuneplanens samfunnsdel",
    "Handlingsprogram 2020-2023".

    >>> [m.title.label() for m in find_plan_mentions("jfr temaplanene «Mestre hele livet – psykisk helse og rus», og «Å høre til - temaplan for Oppvekst».")]
    ['Mestre hele livet', 'Å høre til']
    """
    found: list[PlanMention] = []

    def add(start: int, end: int, title: PlanTitle | None) -> None:
        if title is None:
            return
        if any(m.start <= start < m.end or start <= m.start < end for m in found):
            return
        found.append(PlanMention(start, end, title))

    for m in NOU_RX.finditer(text):
        tail = re.match(r"\s*:?\s*([A-ZÆØÅ][^.,;()\n—–]{2,60})", text[m.end():])
        end = m.end() + (tail.end() if tail and not re.match(r"\s*(?:nr|FN)", tail.group(1)) else 0)
        add(m.start(), end, parse_plan_title(text[m.start():end]))
    for m in MELD_RX.finditer(text):
        tail = re.match(r"[,\s]*[«“\"]([^»”\"]{2,100})[»”\"]", text[m.end():])
        end = m.end() + (tail.end() if tail else 0)
        add(m.start(), end, parse_plan_title(text[m.start():end]))
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        before = text[max(0, m.start() - 60):m.start()]
        after = text[m.end():m.end() + 50]
        if re.search(r"(?i)strategi(?:en)?\s*$", before):
            continue  # a strategy quoted by name, not a plan
        if plan_type_of(inner) or re.search(r"(?i)(?:temaplan\w*|plan(?:en|ene)?)[\s,]*(?:«[^»]*»[\s,]*(?:og)?\s*)*$", before) or re.match(
            r"\s*(?:er\s+(?:\w+\s+){0,3})?(?:temaplan|[-–]\s*temaplan)(?![\wæøå])", after, re.I
        ):
            title = parse_plan_title(f"«{inner}»")
            if title and (plan_type_of(before[-25:]) or plan_type_of(after[:30])) and not title.plan_type:
                title = PlanTitle(title.text, title.name, plan_type_of(before[-25:]) or plan_type_of(after[:30]), title.theme, None, title.loose)
            add(m.start(), m.end(), title)
    # "Å høre til - temaplan for oppvekst": a capitalised name just before " - temaplan".
    for m in re.finditer(r"\s[-–]\s+(temaplan(?:en)?)\s+(?:for\s+)?", text, re.I):
        words = re.findall(r"[^\s]+", text[max(0, m.start() - 60):m.start()])[-5:]
        name_words: list[str] = []
        for w in reversed(words):
            name_words.insert(0, w)
            if w[:1].isupper() or w[:1] in "Å":
                break
        else:
            continue
        name = " ".join(name_words).strip(_QUOTES + ",")
        start = text.rfind(name_words[0], 0, m.start())
        theme = _theme(text[m.end():m.end() + 80]) if re.search(r"for\s+$", m.group(0)) else None
        end = m.end() + (len(theme) if theme and text[m.end():].startswith(theme) else 0)
        add(start, end, PlanTitle(text[start:end], name=name, plan_type="temaplan", theme=theme))
    for m in re.finditer(r"(?<![\wæøå])(temaplan(?:ene|ane))\s+((?:[A-ZÆØÅ][^\s,.]*(?:\s+[a-zæøå][\wæøå]*){0,4}(?:\s*,\s*|\s+og\s+)?){1,3})", text):
        runs = re.split(r"\s*,\s*|\s+og\s+(?=[A-ZÆØÅ])", m.group(2))
        pos = m.start(2)
        for run in runs:
            name = _theme(run)
            if name and name[:1].isupper():
                s = text.find(name, pos)
                add(s, s + len(name), PlanTitle(name, name=name, plan_type="temaplan"))
                pos = s + len(name)
    for m in re.finditer(r"(?<![\wæøå])(temaplan)(?![\wæøå])\s+(for\s+)?((?:[^\n.;:()«»\"]|\n(?!\s*\n)){2,80})", text, re.I):
        words = m.group(3)
        before = text[max(0, m.start() - 20):m.start()].split()
        generic = bool(before) and before[-1].lower() in _DETERMINERS
        if not m.group(2) and (generic or not (words[:1].isupper() or words.split()[0].lower() not in _STOP)):
            continue
        theme = _theme(words)
        if not theme:
            continue
        end = m.start(3) + len(theme)
        if m.group(2):
            add(m.start(), end, PlanTitle(text[m.start():end], plan_type="temaplan", theme=theme))
        else:
            add(m.start(), end, PlanTitle(text[m.start():end], plan_type="temaplan", loose=theme))
    # "kommunedelplanen for Kvadraturen", "reguleringsplan for Nordre torg": a plan of a place, named by it.
    for m in re.finditer(r"(?<![\wæøå])((?:kommunedel|regulerings|område)plan(?:en)?)\s+for\s+(?=([A-ZÆØÅ](?:[^\n.;:()«»\"]|\n(?!\s*\n)){1,80}))", text, re.I):
        theme = _theme(m.group(2))
        if theme and theme[:1].isupper():
            end = m.start(2) + len(theme)
            add(m.start(), end, PlanTitle(text[m.start():end], plan_type=plan_type_of(m.group(1)), theme=theme))
    # The government's strategies, by their name: "Regjeringens nasjonale strategi for … (2021-2024), “X”",
    # and "X (2022-2025). Regjeringens utviklingsstrategi."
    for m in re.finditer(r"(?i)\b(?:regjeringens|nasjonale?)\s+(?:[\wæøå]+\s+){0,2}[\wæøå]*strategi(?:en)?\b[^.«“\"]{0,120}?[«“\"]([^»”\"\n]{3,80})[»”\"]", text):
        add(m.start(1) - 1, m.end(1) + 1, PlanTitle(m.group(1), name=m.group(1).strip(), plan_type="nasjonal strategi"))
    for m in re.finditer(r"(?m)([A-ZÆØÅ][^.\n()]{3,60}?)\s*\((\d{4})\s*[-–]\s*(\d{4})\)\.\s*Regjeringens\s+[\wæøå]*strategi", text):
        add(m.start(1), m.end(1), PlanTitle(m.group(1), name=m.group(1).strip(), plan_type="nasjonal strategi"))
    for m in re.finditer(r"(?<![\wæøå])kommuneplan(?:en|ens)?(?:s?\s+(?:sin\s+)?(samfunnsdel|arealdel)(?:en)?)?(?:\s*\(?(\d{4})\s*[-–]\s*(\d{4})\)?)?(?![\wæøå])", text, re.I):
        kind = "kommuneplan arealdel" if (m.group(1) or "").lower() == "arealdel" else "kommuneplan samfunnsdel"
        add(m.start(), m.end(), PlanTitle(m.group(0), plan_type=kind))
    for m in re.finditer(r"(?<![\wæøå])(handlingsprogram(?:met)?|økonomiplan(?:en)?|handlingsplan(?:en)?)\s+(\d{4})\s*[-–]\s*(\d{4})", text, re.I):
        kind = plan_type_of(m.group(1))
        label = f"{kind.capitalize()} {m.group(2)}–{m.group(3)}"
        add(m.start(), m.end(), PlanTitle(m.group(0), name=label, plan_type=kind))
    return sorted(found, key=lambda x: x.start)


def case_plan_title(title: str, *texts: str | None) -> str | None:
    """The title of the plan a case is about, as written, or None when the case is about no plan.

    The case title must name a plan (a plan word, a quoted name, a NOU). Where the title gives only
    the plan's theme ("Temaplan - personer med nedsatt funksjonsevne - høring") and the proposal or
    decision names the plan of that type ("Temaplan «På lik linje» tas til orientering"), the named
    form is returned; otherwise the title without its process words ("- høring", "1. gangsbehandling").

    >>> case_plan_title("Temaplan - personer med nedsatt funksjonsevne - høring", "1. Temaplan «På lik linje» tas til orientering")
    'Temaplan «På lik linje»'
    >>> case_plan_title("Å høre til - temaplan for oppvekst – 1. gangsbehandling")
    'Å høre til - temaplan for oppvekst'
    >>> case_plan_title("Godkjenning av protokoll 17.01.2023") is None
    True
    """
    parsed = parse_plan_title(title) if title else None
    if parsed is None or not (parsed.plan_type or parsed.name or parsed.identifier):
        return None
    if parsed.name is None and parsed.identifier is None:
        for text in texts:
            for m in find_plan_mentions(text or ""):
                t = m.title
                named = (t.name and t.plan_type in (None, parsed.plan_type)) or (
                    t.loose and t.plan_type == parsed.plan_type and t.loose[:1].isupper()
                )
                if named:
                    src = text or ""
                    lead = re.search(r"(?i)(?:temaplan\w*|plan\w*)\s*$", src[max(0, m.start - 20):m.start])
                    start = m.start - len(lead.group(0)) if lead else m.start
                    return normalize_space(src[start:m.end])
    cleaned = clean(title)
    m = NOU_RX.search(cleaned) or MELD_RX.search(cleaned)
    return cleaned[m.start():] if m else cleaned
