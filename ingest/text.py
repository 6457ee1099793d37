"""Small text helpers shared by the ingestion stages: slugs, Norwegian-aware normalisation."""

from __future__ import annotations

import re
import unicodedata

_NORDIC = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa"})


def slug(text: str, keep: str = "") -> str:
    """A lower-case ASCII slug for IRIs and ids; æ/ø/å are spelled out, not dropped.

    >>> slug("Utvalg for oppvekst")
    'utvalg-for-oppvekst'
    >>> slug("På lik linje")
    'paa-lik-linje'
    """
    text = text.translate(_NORDIC)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    allowed = re.escape(keep)
    text = re.sub(rf"[^A-Za-z0-9{allowed}]+", "-", text).strip("-")
    return text.lower()


def normalize_space(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()
