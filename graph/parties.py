"""Parties: one key per party whatever code the text uses (A and Ap are one party), with its name."""

from __future__ import annotations

import re

from ingest.extract.names import CANONICAL_CODE, party_name as _listed_name

from .iris import normalise_party_code

INDEPENDENT = "Uavhengig"

# Independents are written UA, Uavh., UAV, uavhengig: a list of its own in vote and attendance lists.
_INDEPENDENT = re.compile(r"^ua(v|vh|vhengig)?\.?$", re.IGNORECASE)


def party_name(code: str) -> str | None:
    """The party a code (or a name written out) stands for; None for an unknown code.

    >>> party_name("Ap"), party_name("(A)"), party_name("UA")
    ('Arbeiderpartiet', 'Arbeiderpartiet', 'Uavhengig')
    """
    text = code.strip().strip("()").strip()
    if not text:
        return None
    if _INDEPENDENT.match(text):
        return INDEPENDENT
    return _listed_name(text) or _name_written_out(text)


def party_key(code: str) -> str:
    """The party's key, as used in its IRI (``party/<key>``): the same for every code of one party.

    >>> party_key("A"), party_key("Ap"), party_key("Høyre"), party_key("Uavh.")
    ('ap', 'ap', 'h', 'uavh')
    """
    name = party_name(code)
    if name == INDEPENDENT:
        return "uavh"
    if name is not None and name in CANONICAL_CODE:
        return normalise_party_code(CANONICAL_CODE[name])
    return normalise_party_code(code)


def clean_code(code: str) -> str:
    """The code as written, without brackets, white space or a trailing full stop.

    >>> clean_code(" (Ap) "), clean_code("Uavh.")
    ('Ap', 'Uavh')
    """
    return code.strip().strip("()").strip().rstrip(".")


def _name_written_out(text: str) -> str | None:
    """A party named in full ("Høyre", "arbeiderpartiet") → its listed name."""
    folded = text.casefold()
    for name in CANONICAL_CODE:
        if name.casefold() == folded:
            return name
    return None
