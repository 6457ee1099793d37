"""Entity resolution for people: one person per real person, whatever the spelling, never two merged.

Council records write one person many ways: "Bård-Kjetil Dahl (R)", "Bård Kjetil Dahl", "Bård Dahl",
"Dahl, R", "Dahls (R) forslag"; "Monica Vee Bratlie", "Monica Bratlie", "Vee Bratlies"; OCR gives
"Oddvar lgland", a typist "Oddvar Iglund". ``resolve_people`` clusters the mentions:

1. Names are parsed (role and party code stripped), split into tokens at spaces and hyphens and
   folded for comparison (case, OCR ``l`` for ``I`` at a name's start, a genitive ``-s`` when the
   bare form is a name seen elsewhere).
2. Full names (two or more tokens), longest first, join a person when the given name and surname
   agree and the shorter name's middle names are a subsequence of the longer's ("Monica Bratlie"
   ⊂ "Monica Vee Bratlie"; "Bård Dahl" ⊂ "Bård-Kjetil Dahl").
3. Near-identical full names (one token differs by a typo or OCR slip) merge only when they share
   context (the same case, meeting or body): "Oddvar Iglund" = "Oddvar Igland"; a differing given
   name must also share a middle name ("Inger Johanne" = "Ingrid Johanne Blichfeldt").
4. Surnames alone ("Dahl, R", "Vee Bratlie", "Johansen (H)") join the one person of that surname
   (and party); with several candidates, the one seen in the same treatment, meeting, case or body
   wins; otherwise the mention stays a person of its own rather than guess.

Never merged: different given names without a shared middle name and context ("Line Johansen" and
"Ingunn Unhjem Johansen"), the same name with different parties, or two rows of one list (an
attendance list or a vote list names different people in different rows).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from ingest.extract.names import parse_person
from ingest.text import normalize_space, slug

from .parties import party_key

# How much a shared context says that two mentions are the same person.
CONTEXT_WEIGHTS = {"consultation": 8, "meeting": 4, "case": 2, "body": 1}

_TOKEN_SPLIT = re.compile(r"[\s\-‐‑–]+")
_TRAILING_PARTY = re.compile(r"\s*,?\s*\(([^()]{1,12})\)\s*$")
_VOWELS = set("aeiouyæøåéè")


@dataclass(frozen=True)
class Mention:
    """One place a person is named, with what the text says around it.

    ``contexts`` are keys such as ``("meeting", "asker|utvalg for oppvekst|2023-01-17")``;
    ``group`` names the list the mention is one row of (rows of one list are different people).
    """

    name: str
    kommune: str
    party: str | None = None
    role: str | None = None
    contexts: frozenset = frozenset()
    group: str | None = None


@dataclass
class Person:
    """A resolved person: the canonical spelling, every variant seen, party, and its mentions."""

    kommune: str
    key: str
    name: str
    variants: list[str]
    party: str | None
    party_codes: list[str]
    mentions: list[int]


@dataclass
class Resolution:
    """The people found, and which person each mention is (None for a mention that is not a name)."""

    people: list[Person]
    person_of: list[int | None]


@dataclass
class _Parsed:
    index: int
    printed: str
    tokens: tuple[str, ...]
    party: str | None
    code: str | None
    mention: Mention


@dataclass
class _Cluster:
    kommune: str
    tokens: tuple[str, ...]
    members: list[_Parsed] = field(default_factory=list)
    parties: Counter = field(default_factory=Counter)
    groups: set = field(default_factory=set)
    contexts: Counter = field(default_factory=Counter)
    unresolved: bool = False

    def add(self, items: list[_Parsed]) -> None:
        for p in items:
            self.members.append(p)
            if p.party:
                self.parties[p.party] += 1
            if p.mention.group:
                self.groups.add(p.mention.group)
            self.contexts.update(p.mention.contexts)
            if len(p.tokens) > len(self.tokens):
                self.tokens = p.tokens


def fold_token(token: str) -> str:
    """A name token for comparison: case-folded, dots dropped, OCR's ``l`` for a leading ``I`` mended.

    >>> fold_token("lgland"), fold_token("Igland"), fold_token("B.")
    ('igland', 'igland', 'b')
    """
    t = token.casefold().replace(".", "").replace("’", "'")
    if len(t) > 1 and t[0] == "l" and t[1] not in _VOWELS and t[1] not in "lj":
        t = "i" + t[1:]  # no Norwegian name starts with l + consonant; OCR reads I as l
    return t


def split_name(name: str) -> list[str]:
    """The tokens of a printed name, split at spaces and hyphens.

    >>> split_name("Bård-Kjetil Dahl")
    ['Bård', 'Kjetil', 'Dahl']
    """
    return [t for t in _TOKEN_SPLIT.split(name) if t]


def resolve_people(mentions: list[Mention]) -> Resolution:
    """Cluster ``mentions`` into people (separately per kommune); deterministic for the same input.

    >>> r = resolve_people([Mention("Bård-Kjetil Dahl", "x", "R"), Mention("Bård Dahl", "x", "R"),
    ...                     Mention("Dahl", "x", "R"), Mention("Line Johansen", "x", "H"),
    ...                     Mention("Ingunn Unhjem Johansen", "x", "H")])
    >>> [(p.name, p.variants) for p in r.people]
    [('Bård-Kjetil Dahl', ['Bård Dahl', 'Bård-Kjetil Dahl', 'Dahl']), ('Ingunn Unhjem Johansen', ['Ingunn Unhjem Johansen']), ('Line Johansen', ['Line Johansen'])]
    """
    parsed = [_parse(i, m) for i, m in enumerate(mentions)]
    by_kommune: dict[str, list[_Parsed]] = defaultdict(list)
    for p in parsed:
        if p is not None:
            by_kommune[p.mention.kommune].append(p)
    clusters: list[_Cluster] = []
    for kommune in sorted(by_kommune):
        items = by_kommune[kommune]
        _strip_genitives(items)
        clusters.extend(_cluster(kommune, items))
    people = _people(clusters)
    person_of: list[int | None] = [None] * len(mentions)
    for n, person in enumerate(people):
        for i in person.mentions:
            person_of[i] = n
    return Resolution(people, person_of)


# -- parsing -----------------------------------------------------------------------------------


def _parse(index: int, mention: Mention) -> _Parsed | None:
    text = normalize_space(mention.name).strip(" ,.;:")
    code = mention.party
    parsed = parse_person(text)
    if parsed is not None:
        text, code = parsed.name, code or parsed.party
    else:
        m = _TRAILING_PARTY.search(text)
        if m:
            text, code = text[: m.start()], code or m.group(1)
    tokens = split_name(text)
    if not tokens or not tokens[0][:1].isalpha() or not tokens[-1][:1].isalpha():
        return None
    if not (tokens[0][:1].isupper() or fold_token(tokens[0]) != tokens[0].casefold()):
        return None  # "ble enstemmig vedtatt": not a name
    if any(not re.fullmatch(r"[^\W\d_][\w'’.]*", t) for t in tokens) or len(tokens) > 6:
        return None
    folded = tuple(fold_token(t) for t in tokens)
    party = party_key(code) if code and code.strip("() ") else None
    return _Parsed(index, text, folded, party, code, mention)


def _strip_genitives(items: list[_Parsed]) -> None:
    """"Iglands forslag", "Vee Bratlies (H)": drop the ``-s`` where the bare surname is seen elsewhere."""
    lasts = Counter(p.tokens[-1] for p in items)
    for p in items:
        last = p.tokens[-1]
        if len(last) > 3 and last.endswith("s") and last[:-1] in lasts:
            p.tokens = p.tokens[:-1] + (last[:-1],)
            p.printed = p.printed[:-1] if p.printed.endswith("s") else p.printed


# -- clustering --------------------------------------------------------------------------------


def _cluster(kommune: str, items: list[_Parsed]) -> list[_Cluster]:
    groups: dict[tuple, list[_Parsed]] = defaultdict(list)
    for p in items:
        groups[(p.tokens, p.party)].append(p)
    full = sorted(
        (k for k in groups if len(k[0]) >= 2),
        key=lambda k: (-len(k[0]), k[1] is None, -len(groups[k]), k[0], k[1] or ""),
    )
    clusters: list[_Cluster] = []
    deferred: list[_Parsed] = []
    for key in full:
        members = groups[key]
        candidates = [c for c in clusters if _full_match(key[0], c.tokens) and _fits(members, c)]
        if candidates:
            chosen = _choose(members, candidates)
            if chosen is not None:
                chosen.add(members)
                continue
        elif any(_suffix(key[0], c.tokens) for c in clusters):
            deferred.extend(members)  # "Vee Bratlie", "Holt Zachariassen": a surname of two words
            continue
        cluster = _Cluster(kommune, key[0])
        cluster.add(members)
        clusters.append(cluster)
    _merge_near_duplicates(clusters)
    singles = [p for k, ps in groups.items() if len(k[0]) == 1 for p in ps]
    unresolved: dict[tuple, _Cluster] = {}
    for p in sorted(deferred + singles, key=lambda p: (p.tokens, p.party or "", p.index)):
        candidates = [c for c in clusters if not c.unresolved and _suffix(p.tokens, c.tokens) and _fits([p], c)]
        chosen = _choose([p], candidates) if candidates else None
        if chosen is None:
            key = (p.tokens, p.party)
            chosen = unresolved.get(key)
            if chosen is None:
                chosen = unresolved[key] = _Cluster(kommune, p.tokens, unresolved=True)
                clusters.append(chosen)
        chosen.add([p])
    return clusters


def _full_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same given name and surname; the shorter name's middle names appear, in order, in the longer."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] or not _token_eq(a[0], b[0]):
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    rest = iter(long_[1:-1])
    return all(any(_token_eq(t, u) for u in rest) for t in short[1:-1])


def _suffix(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``a`` is the surname part of ``b``: "Dahl" of "Bård Kjetil Dahl", "Vee Bratlie" of "Monica Vee Bratlie"."""
    return len(a) < len(b) and b[len(b) - len(a):] == a


def _token_eq(a: str, b: str) -> bool:
    """Equal tokens, or an initial and the name it abbreviates ("B" and "Britt")."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _fits(members: list[_Parsed], cluster: _Cluster) -> bool:
    """No party conflict and no row of the same list already in the cluster."""
    for p in members:
        if p.party and cluster.parties and p.party not in cluster.parties:
            return False
        if p.mention.group and p.mention.group in cluster.groups:
            return False
    return True


def _score(members: list[_Parsed], cluster: _Cluster) -> int:
    shared = {c for p in members for c in p.mention.contexts} & set(cluster.contexts)
    return sum(CONTEXT_WEIGHTS.get(kind, 1) for kind, *_ in shared)


def _choose(members: list[_Parsed], candidates: list[_Cluster]) -> _Cluster | None:
    """The one candidate, or the unique best by shared context; None when it cannot be told."""
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(((_score(members, c), i) for i, c in enumerate(candidates)), reverse=True)
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return candidates[scored[0][1]]
    return None


def _near(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names one slip apart: one token differs, by a typo-sized edit."""
    if len(a) != len(b) or len(a) < 2:
        return False
    diff = [i for i in range(len(a)) if not _token_eq(a[i], b[i])]
    if len(diff) != 1:
        return False
    i = diff[0]
    x, y = a[i], b[i]
    similarity = Indel.normalized_similarity(x, y)
    if i == 0:
        # A different given name is a different person unless a middle name is shared too.
        return len(a) >= 3 and x[:2] == y[:2] and similarity >= 0.7
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and similarity >= 0.8


def _merge_near_duplicates(clusters: list[_Cluster]) -> None:
    """Merge the rarer of two near-identical full names into the commoner when they share context."""
    changed = True
    while changed:
        changed = False
        order = sorted(range(len(clusters)), key=lambda i: (-len(clusters[i].members), clusters[i].tokens))
        for i in order:
            for j in order:
                a, b = clusters[i], clusters[j]
                if i == j or len(a.members) < len(b.members) or not _near(a.tokens, b.tokens):
                    continue
                if _fits(b.members, a) and _score(b.members, a) > 0:
                    a.add(b.members)
                    clusters.pop(j)
                    changed = True
                    break
            if changed:
                break


# -- people ------------------------------------------------------------------------------------


def _canonical(cluster: _Cluster) -> str:
    """The fullest spelling: most tokens, then the commonest form; a hyphen beats a space
    (dropping a hyphen is the usual slip), a capitalised form an OCR-damaged one."""
    by_tokens: dict[tuple, Counter] = defaultdict(Counter)
    for p in cluster.members:
        by_tokens[p.tokens][p.printed] += 1
    # The spelling most mentions agree with ("Ingrid Blichfeldt" backs "Ingrid Johanne", not "Inger Johanne").
    support = {t: sum(1 for p in cluster.members if p.tokens == t or _full_match(p.tokens, t) or _suffix(p.tokens, t)) for t in by_tokens}
    tokens = min(by_tokens, key=lambda t: (-len(t), -support[t], t))
    forms = by_tokens[tokens]
    return min(
        forms,
        key=lambda s: (
            not all(w[:1].isupper() for w in split_name(s)),
            s.isupper(),
            -s.count("-"),
            -forms[s],
            s,
        ),
    )


def _people(clusters: list[_Cluster]) -> list[Person]:
    drafts = []
    for c in clusters:
        name = _canonical(c)
        words = name.split()  # the first given name keeps its hyphen: "Anne-Britt Wengen" → anne-britt-wengen
        base = name if c.unresolved or len(words) < 2 else f"{words[0]} {words[-1]}"
        party = min(c.parties, key=lambda k: (-c.parties[k], k)) if c.parties else None
        if c.unresolved and party:
            base = f"{base} {party}"
        codes = sorted({p.code.strip("() ") for p in c.members if p.code and p.party == party})
        variants = sorted({p.printed for p in c.members})
        mentions = sorted(p.index for p in c.members)
        drafts.append([slug(base), name, variants, party, codes, mentions, c.kommune])
    drafts.sort(key=lambda d: (d[6], d[0], d[1], d[3] or "", d[5]))
    seen: set[tuple[str, str]] = set()
    people = []
    for key, name, variants, party, codes, mentions, kommune in drafts:
        for candidate in (key, slug(name), slug(f"{name} {party or ''}")):
            if (kommune, candidate) not in seen:
                key = candidate
                break
        else:
            n = 2
            while (kommune, f"{key}-{n}") in seen:
                n += 1
            key = f"{key}-{n}"
        seen.add((kommune, key))
        people.append(Person(kommune, key, name, variants, party, codes, mentions))
    people.sort(key=lambda p: (p.kommune, p.name, p.key))
    return people
