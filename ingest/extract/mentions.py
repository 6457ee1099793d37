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


def person_at_end(text: str) -> ParsedName | None:
    """The person a phrase ends with, roles in front dropped and a party code kept.

    >>> person_at_end("Etter gruppemøter fremmet nestleder Monica Vee Bratlie (H)")
    ParsedName(name='Monica Vee Bratlie', party='H', role='nestleder')
    >>> person_at_end("avdelingsleder NAV Ragna Haukeland")
    ParsedName(name='Ragna Haukeland', party=None, role='avdelingsleder')
    >>> person_at_end("Forslag fremmet av Solav Abbas, A")
    ParsedName(name='Solav Abbas', party='A', role=None)
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
    elif not role_words and len(before) >= 2 and before[-1].isupper() and _ROLE_WORD.match(before[-2]):
        role_words.append(before[-2])  # "avdelingsleder NAV Ragna Haukeland"
    if len(name) == 1 and len(name[0]) < 2:
        return None
    role = " ".join(role_words).lower() or None
    return ParsedName(" ".join(name), party, role)


def people_in(text: str) -> list[ParsedName]:
    """The people a phrase names, joined by "og" or commas: "Rådgiver A B og avdelingsleder C D"."""
    parts = re.split(r",\s+(?=[A-ZÆØÅa-zæøå])(?![A-ZÆØÅ][a-zæøå]{0,4}\b\s*(?:,|og\b|$))|\s+og\s+", text)
    out = []
    for part in parts:
        p = person_at_end(part)
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

