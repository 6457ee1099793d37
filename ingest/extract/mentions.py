"""People mentioned in running text of a treatment: 'Direktør Kai Erik Lund', 'Dahls (R)', 'Solav Abbas, A'."""

from __future__ import annotations

import re

from .names import ParsedName, is_party_code

# A word that names a role or title in front of a name: "Direktør", "Velferdsrådgiver", "avdelingsleder".
_ROLE_WORD = re.compile(
    r"(?i)^(?:\w*(?:leder|leiar|sjef|direktør|rådgiver|rådgjevar|rådmann|ordfører|ordførar|konsulent"
    r"|koordinator|sekretær|medlem|representant|saksbehandler|sakshandsamar|ansvarlig|ansvarleg"
    r"|forsker|jurist|advokat|psykolog|lege|sykepleier|pedagog|arkitekt|ingeniør|fagarbeider|rektor"
    r"|utvalgsmedlem|varamedlem|vararepresentant)|fung\.?|fungerende|konstituert|kst\.?|leder|nestleder)$"
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÉ][a-zæøåéèüöäA-ZÆØÅ'’-]*\.?|[A-ZÆØÅ]\.)$")
_PARTY_TAIL = re.compile(r"\s*\((?P<party>[^()]{1,12})\)\s*$|,?\s+(?P<bare>[A-ZÆØÅ][A-Za-zæøå]{0,5})\s*$")


def _is_name_token(tok: str) -> bool:
    return bool(_NAME_TOKEN.match(tok)) and not (len(tok) > 1 and tok.isupper() and not tok.endswith("."))


def person_at_end(text: str, common: frozenset[str] | set[str] = frozenset()) -> ParsedName | None:
    """The person a phrase ends with, roles in front dropped and a party code kept.

    >>> person_at_end("Etter gruppemøter fremmet nestleder Monica Vee Bratlie (H)")
    ParsedName(name='Monica Vee Bratlie', party='H', role='nestleder')
    >>> person_at_end("avdelingsleder NAV Ragna Haukeland")
    ParsedName(name='Ragna Haukeland', party=None, role='avdelingsleder NAV')
    >>> person_at_end("Forslag fremmet av Solav Abbas, A")
    ParsedName(name='Solav Abbas', party='A', role=None)
    >>> person_at_end("4. Kommunalsjef for skole Terje Larsen")
    ParsedName(name='Terje Larsen', party=None, role='kommunalsjef for skole')

    ``common`` holds words the document also writes in lower case: such a word between a title and
    a name is a unit, not a given name ("Kommunalsjef Barnehage Bodil Moe", with "barnehage" in ``common``).
    """
    s = re.sub(r"\s+", " ", text).strip().rstrip(",.:;")
    party = None
    m = _PARTY_TAIL.search(s)
    if m:
        code = (m.group("party") or m.group("bare") or "").strip()
        if is_party_code(code) or (m.group("party") and re.fullmatch(r"[A-ZÆØÅ][A-Za-zæøå.]{0,6}", code)):
            party = code
            s = s[: m.start()].rstrip(" ,")
    tokens = s.split(" ")
    name: list[str] = []
    for tok in reversed(tokens):
        if _is_name_token(tok) and len(name) < 5:
            name.insert(0, tok)
            continue
        break
    role_words: list[str] = []
    # Leading capitalised role words ("Direktør", "Leder") sit inside the run of capitals.
    while name and _ROLE_WORD.match(name[0].rstrip(".")):
        role_words.append(name.pop(0))
    if not name:
        return None
    # The word in front of the name run is the role when it is one ("rådgiver Nanette Bohn").
    before = tokens[: len(tokens) - len(name) - len(role_words)]
    if not role_words and before and _ROLE_WORD.match(before[-1].rstrip(".")):
        role_words.append(before[-1])
    elif not role_words and len(before) >= 3 and before[-2] in ("for", "i") and _ROLE_WORD.match(before[-3]):
        role_words.extend(before[-3:])  # "kommunalsjef for skole Terje Larsen"
    if role_words and len(name) >= 3 and name[0].casefold() in common:
        role_words.append(name.pop(0))  # "Rådgiver Innbyggertorg Synnøve Osmundsen": a unit, not a name
    employer = None
    if not role_words and len(before) >= 2 and before[-1].isupper() and _ROLE_WORD.match(before[-2]):
        role_words.append(before[-2])  # "avdelingsleder NAV Ragna Haukeland"
        employer = before[-1]  # the organisation the role is held in, kept as printed
    if len(name) == 1 and len(name[0]) < 2:
        return None
    role = " ".join(role_words).lower() or None
    if role and employer:
        role = f"{role} {employer}"
    return ParsedName(" ".join(name), party, role)


def people_in(text: str, common: frozenset[str] | set[str] = frozenset()) -> list[ParsedName]:
    """The people a phrase names, joined by "og" or commas: "Rådgiver A B og avdelingsleder C D"."""
    parts = re.split(r",\s+(?=[A-ZÆØÅa-zæøå])(?![A-ZÆØÅ][a-zæøå]{0,4}\b\s*(?:,|og\b|$))|\s+og\s+", text)
    out = []
    for part in parts:
        p = person_at_end(part, common)
        if p is not None:
            out.append(p)
    return out


def name_keys(name: str) -> set[str]:
    """Lower-case words that identify a person in later mentions: surnames and hyphen parts.

    >>> sorted(name_keys("Monica Vee Bratlie"))
    ['bratlie', 'vee', 'vee bratlie']
    """
    tokens = [t for t in re.split(r"\s+", name.strip()) if t]
    if not tokens:
        return set()
    keys = {tokens[-1].lower()}
    if len(tokens) >= 3:
        keys.add(tokens[-2].lower())
        keys.add(f"{tokens[-2]} {tokens[-1]}".lower())
    return keys


def mentioned_keys(text: str) -> set[str]:
    """Words of a phrase that may name a person, genitive -s dropped: "Iglands (Sp) forslag" → {"igland", …}."""
    words = re.findall(r"[A-ZÆØÅ][\wæøåÆØÅ'’-]+", text)
    out: set[str] = set()
    for i, w in enumerate(words):
        base = re.sub(r"(?:'s|’s|s'|s)$", "", w)
        for form in {w, base}:
            out.add(form.lower())
        if i:
            prev = words[i - 1]
            out.add(f"{prev} {base}".lower())
    return out



# Verbs saying that someone took part in a meeting or treatment: presented, answered, was present.
_TOOK_PART = re.compile(
    r"(?i)\s(?:presenterte|orienterte|innledet|innleidde|innleia|svarte|besvarte|redegjorde|deltok"
    r"|var\s+(?:også\s+)?til\s+stede)\b"
)
_ALSO_PRESENT = re.compile(r"(?i)\b(?:sammen\s+med|med)\s+(?P<who>.+?)(?:\s+til\s+stede\b|[.;]|$)")
_POLITICAL = re.compile(
    r"(?i)^(?:leder|nestleder|\w*medlem|\w*representant|\w*ordfører|ordførar|\w*utvalgsleder|rådsleder)\b"
)


def lower_case_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case: what ``person_at_end`` needs to tell units from names."""
    return frozenset(re.findall(r"\b[a-zæøå][a-zæøå-]{2,}\b", text))


def officials_in(sentence: str, common: frozenset[str] | set[str] = frozenset()) -> list[ParsedName]:
    """Titled people of the administration a sentence says took part (presented, answered, were present).

    Only people written with a job title count: a politician is on the attendance list, and an
    untitled name could be anyone.

    >>> [(p.name, p.role) for p in officials_in("Direktør Kai Erik Lund, Kommunalsjef Barnehage Bodil Moe og "
    ...     "rådgiver Holt Zachariassen svarte på spørsmål.", {"barnehage"})]
    [('Kai Erik Lund', 'direktør'), ('Bodil Moe', 'kommunalsjef barnehage'), ('Holt Zachariassen', 'rådgiver')]
    >>> [p.name for p in officials_in("Leder Nora Eriksen ga en kort innledning til sak med rådgiver Nanette Bohn til stede.")]
    ['Nanette Bohn']
    >>> officials_in("Nestleder Vee Bratlie svarte ut om notatet.")
    []
    """
    text = re.sub(r"\s+", " ", sentence).strip()
    text = re.sub(r"^\d{1,2}[.)]\s+", "", text)  # a numbered item: "2. Kommunalsjef …"
    phrases = []
    m = _TOOK_PART.search(" " + text)
    if m:
        phrases.append(text[: max(0, m.start() - 1)])
    phrases.extend(a.group("who") for a in _ALSO_PRESENT.finditer(text))
    out: list[ParsedName] = []
    for phrase in phrases:
        for p in people_in(phrase, common):
            if p.role and not p.party and not _POLITICAL.match(p.role) and p.name not in {q.name for q in out}:
                out.append(p)
    return out


def already_named(name: str, seen: set[str] | frozenset[str]) -> bool:
    """Whether ``name`` is someone in ``seen`` again: the same name, or their surname alone ("Lund",
    genitive "Lunds") after "Kai Erik Lund".

    >>> already_named("Lunds", {"Kai Erik Lund"}), already_named("Lund", {"Kai Erik Lund"}), already_named("Moe", {"Kai Erik Lund"})
    (True, True, False)
    """
    if name in seen:
        return True
    if " " in name.strip():
        return False
    surnames = {n.split()[-1] for n in seen if n.strip()}
    return name in surnames or (name.endswith("s") and name[:-1] in surnames)
