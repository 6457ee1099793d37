"""Plans named in cases and comments: one key per plan from its title as written, its type and scope.

A plan is written many ways: «På lik linje», Temaplan «På lik linje», "På lik linje – personer med
funksjonsnedsettelse", "Å høre til - temaplan for oppvekst". The key is the plan's own name: the
quoted part if there is one, else the part before a dash subtitle, without the plan-type word.
National documents (NOU 2022: 13, Meld. St. 21) are keyed by their number under the scope ``norge``.
``graph.build`` then resolves the title through ``graph.plan_index`` (which knows every title the plan
documents use), so that all names of one plan meet at one node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import normalize_space

NATIONAL_SCOPE = "norge"

PLAN_TYPES = (
    "kommunedelplan", "kommuneplan", "temaplan", "økonomiplan", "handlingsprogram", "handlingsplan",
    "reguleringsplan", "områdeplan", "strategi", "planstrategi", "plan",
)  # fmt: skip
_TYPE_WORD = re.compile(r"^(?:" + "|".join(PLAN_TYPES) + r")(?:en|er)?\b\s*(?:for\b\s*)?", re.IGNORECASE)
_QUOTED = re.compile(r"[«\"“”„']\s*([^«»\"“”„']{2,}?)\s*[»\"“”']")
_DASH = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*|-\s+(?=(?:" + "|".join(PLAN_TYPES) + r")\b)", re.IGNORECASE)
_NATIONAL = re.compile(r"\b(NOU|Meld\.?\s*St\.?|Prop\.?\s*\d*\s*[LS]?)\s*(\d{4}\s*:\s*\d+|\d+\s*\(\d{4}\s*[-–]\s*\d{4}\))", re.IGNORECASE)


@dataclass(frozen=True)
class PlanName:
    """A plan's key (for its IRI), scope (``norge`` for national documents, else the kommune),
    the short title to show, the plan type when the title says it, and the title as written."""

    scope: str
    key: str
    label: str
    plan_type: str | None
    title: str = field(default="", repr=False, compare=False)


def plan_name(title: str, kommune: str) -> PlanName | None:
    """The plan a title names; None for an empty title.

    >>> plan_name('Temaplan «På lik linje»', "Asker")
    PlanName(scope='Asker', key='på lik linje', label='På lik linje', plan_type='temaplan')
    >>> plan_name("Å høre til - temaplan for oppvekst", "Asker").key
    'å høre til'
    >>> n = plan_name("NOU 2022: 13 Med videre betydning", "Asker")
    >>> n.scope, n.key, n.label, n.plan_type
    ('norge', 'nou 2022:13', 'NOU 2022:13', 'NOU')
    """
    text = normalize_space(title).strip(" .,:;")
    if not text:
        return None
    national = _NATIONAL.search(text)
    if national:
        number = re.sub(r"\s*:\s*", ":", national.group(2))
        label = f"{normalize_space(national.group(1))} {number}"
        kind = normalize_space(national.group(1))
        return PlanName(NATIONAL_SCOPE, label.casefold(), label, "NOU" if kind.upper() == "NOU" else kind, text)
    plan_type = _plan_type(text)
    quoted = _QUOTED.search(text)
    if quoted:
        name = quoted.group(1)
    else:
        parts = [p for p in _DASH.split(text) if p.strip()]
        name = next((p for p in parts if _TYPE_WORD.sub("", p).strip()), text)
    name = _TYPE_WORD.sub("", name).strip(" «»\"'.,:;") or name
    name = _DASH.split(name)[0].strip() or name
    return PlanName(kommune, name.casefold(), name[:1].upper() + name[1:], plan_type, text)


def _plan_type(text: str) -> str | None:
    folded = text.casefold()
    for word in PLAN_TYPES:
        if re.search(rf"\b{word}", folded) and word != "plan":
            return word
    return None
