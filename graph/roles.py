"""Roles as written ("Utvalgsmedlem", "Leder i utvalg", "Fung. kommunalsjef for skole") → membership roles."""

from __future__ import annotations

import re

from ingest.text import normalize_space

# Roles in a political body, folded onto the core vocabulary's roles (vocabulary.md: leder,
# nestleder, medlem, varamedlem) where one fits.
POLITICAL_ROLES = {
    "leder": "leder",
    "utvalgsleder": "leder",
    "hovedutvalgsleder": "leder",
    "rådsleder": "leder",
    "nestleder": "nestleder",
    "medlem": "medlem",
    "utvalgsmedlem": "medlem",
    "representant": "medlem",
    "kommunestyrerepresentant": "medlem",
    "varamedlem": "varamedlem",
    "vararepresentant": "varamedlem",
    "ordfører": "ordfører",
    "varaordfører": "varaordfører",
}
# Functions in one meeting or case, not memberships of anything.
FUNCTIONS = frozenset({"møteleder", "protokollfører", "møtesekretær", "sekretær", "referent", "saksbehandler"})
# Job titles a field-prefixed compound folds onto (the written title is kept beside the role).
_CORE_TITLES = ("rådgiver", "rådgjevar", "konsulent", "kommunalsjef")
_ACTING = re.compile(r"^(?:fungerende|fung\.?|konstituert|kst\.?)\s+", re.IGNORECASE)


def clean_role(role: str | None) -> str | None:
    """The role as written, lower-case, white space tidied; None for nothing.

    >>> clean_role("  Leder i  utvalg ")
    'leder i utvalg'
    """
    if not role:
        return None
    text = normalize_space(role).strip(" .,:;").casefold()
    return text or None


def political_role(role: str | None) -> str | None:
    """The body role (leder, nestleder, medlem, varamedlem, ordfører …) a written role names, or None.

    >>> political_role("Utvalgsmedlem"), political_role("Leder i utvalg for oppvekst"), political_role("rådgiver")
    ('medlem', 'leder', None)
    """
    text = clean_role(role)
    if not text:
        return None
    return POLITICAL_ROLES.get(text.split()[0])


def administrative_role(role: str | None) -> str | None:
    """The job title of someone in the administration ("kommunalsjef", "rådgiver"), without
    "fungerende"/"konstituert" and what they are in charge of; None for political roles and
    meeting functions.

    >>> administrative_role("Fung. kommunalsjef for skole"), administrative_role("protokollfører")
    ('kommunalsjef', None)
    >>> administrative_role("Velferdsrådgiver"), administrative_role("kommunedirektør")
    ('rådgiver', 'kommunedirektør')
    """
    text = clean_role(role)
    if not text or political_role(text) or text.split()[0] in FUNCTIONS:
        return None
    text = _ACTING.sub("", text)
    word = text.split()[0] if text else ""
    # A compound on a core title names that title in a field ("velferdsrådgiver", "seniorrådgiver").
    for title in _CORE_TITLES:
        if word.endswith(title) and word != title and not word.endswith("kommune" + title):
            return title
    return word or None
