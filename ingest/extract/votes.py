"""Vote statements in a behandling: 'ble enstemmig vedtatt', 'vedtatt mot 4 stemmer (Dahl R, …)', roll calls.

Norwegian minutes state a vote from the proposal's side: "vedtatt mot 4 stemmer (names)" names the
four who voted against, while "falt mot 3 stemmer (names)", "fikk 3 stemmer og falt (names)" and
"falt med en stemme (name)" name those who voted for it. "med 25 mot 10 stemmer" is for, then against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import person_at_end
from .names import ParsedName, is_party_code
from .textspan import NUMBER, number_value, one_line

_VOTES = r"(?:stemmer|stemme|stemmar|røyster|røyst|stemmers)"
_PASS = r"(?:vedtatt|vedteken|vedteke|vedtekne|vedtok|tiltrådt|tiltredd|bifalt|godkjent|godkjend|tilrådd)"
_FAIL = r"(?:falt|fall|forkastet|forkasta|avvist|avslått|avslege)"
_NOT_PASSED = re.compile(rf"(?i)\b(?:ble|blei|vart|er)\s+ikk(?:e|je)\s+{_PASS}")
_RESULT_WORD = re.compile(rf"(?i)\b(?:{_PASS}|{_FAIL}|fikk|fekk)\b")
_UNANIMOUS = re.compile(r"(?i)\b(?:enstemmig|einstemmig|samrøystes|samrøysta)\b")
_DOUBLE = re.compile(r"(?i)dobbel\w*stemme|dobbel\w*røyst|dobbeltstemmen")

_WITH_FOR_AGAINST = re.compile(rf"(?i)\bmed\s+(?P<a>{NUMBER})\s+mot\s+(?P<b>{NUMBER})\s+{_VOTES}")
_PASSED_AGAINST = re.compile(rf"(?i)\b{_PASS}\s+(?:mot|med)\s+(?P<n>{NUMBER})\s+(?:mot)?\s*{_VOTES}")
_FAILED_WITH = re.compile(rf"(?i)\b{_FAIL}\s+(?:mot|med)\s+(?P<n>{NUMBER})\s+{_VOTES}")
_GOT = re.compile(rf"(?i)\b(?:fikk|fekk)\s+(?P<n>{NUMBER})\s+(?:\((?P<parties>[^)]*)\)\s+)?{_VOTES}")
_COUNTS = re.compile(
    rf"(?i)(?P<a>{NUMBER})\s+(?:{_VOTES}\s+for|stemte\s+for|røysta\s+for)\b.*?(?P<b>{NUMBER})\s+(?:{_VOTES}\s+mot|stemte\s+mot|røysta\s+mot)"
)
_ROLL_CALL = re.compile(
    rf"(?i)^(?:(?P<dir>for|mot)\s+(?:\w+\s+){{0,2}}?(?:stemte|røysta|røystet|voterte)|følgende\s+(?P<n2>{NUMBER})?\s*"
    rf"(?:representanter\s+|medlemmer\s+)?(?:stemte|røysta)\s+(?P<dir2>for|mot)\b[^:]*?)\s*(?P<n>{NUMBER})?\s*"
    r"(?:representanter|medlemmer|stemmer)?\s*:\s*(?P<names>.+)$"
)


@dataclass
class VoteStatement:
    """One vote as stated: what it was on (``subject``), the result, counts and named voters."""

    subject: str
    result: str  # pass | fail
    start: int
    end: int
    unanimous: bool = False
    yes_count: int | None = None
    no_count: int | None = None
    yes_names: list[ParsedName] = field(default_factory=list)
    no_names: list[ParsedName] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # party codes given instead of names
    party_side: str | None = None  # "yes" or "no": the side the party codes voted on
    double_vote: bool = False
    after: str = ""  # what follows the result ("… vedtatt med innspill fra Johansen (H)")
    roll_call: str | None = None  # "for" / "mot" for a roll-call list standing alone


def parse_voters(text: str) -> tuple[list[ParsedName], list[str]]:
    """The people (and bare party codes) in a voter list.

    >>> names, parties = parse_voters("Steine MDG, Dahl R, Gabrielsen og Ramzan A")
    >>> [(p.name, p.party) for p in names]
    [('Steine', 'MDG'), ('Dahl', 'R'), ('Gabrielsen', 'A'), ('Ramzan', 'A')]
    >>> parse_voters("A, SV")
    ([], ['A', 'SV'])
    """
    entries: list[list[str | None]] = []  # [name part, party]
    text = one_line(text).strip(" .")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    for part in re.split(r",\s*|\s+og\s+|\s*;\s*", text):
        part = part.strip(" .")
        if not part:
            continue
        if is_party_code(part) and entries and entries[-1][1] is None and entries[-1][0]:
            entries[-1][1] = part  # "Dahl, R": the code belongs to the name before it
            continue
        if is_party_code(part):
            entries.append([None, part])
            continue
        p = person_at_end(part)
        if p is None:
            continue
        entries.append([p.name, p.party])
    # "Gabrielsen og Ramzan A": a code after the last name of a run covers the names before it.
    party = None
    for entry in reversed(entries):
        if entry[1] is not None:
            party = entry[1]
        elif entry[0] is not None and party is not None:
            entry[1] = party
    names = [ParsedName(str(n), p) for n, p in entries if n]
    parties = [str(p) for n, p in entries if not n and p]
    return names, parties


def _names_after(s: str, pos: int) -> str:
    """The voter list that follows a count: "(Dahl, R)" or ", Ida Kristine Selvær, R"."""
    rest = s[pos:]
    m = re.match(r"^\s*(?:\w+\s+){0,3}?\((?P<list>[^)]+)\)", rest)
    if m:
        return m.group("list")
    m = re.match(r"^\s*[,:]\s*(?P<list>[A-ZÆØÅ].+?)\.?$", rest)
    if m and not _RESULT_WORD.search(m.group("list")):
        return m.group("list")
    return ""


def parse_vote(sentence: str, start: int = 0, end: int | None = None) -> VoteStatement | None:
    """Read one sentence as a vote, or None when it states no vote.

    >>> v = parse_vote("Leder Iglands (Sp) forslag til nytt punkt 7 ble vedtatt mot 4 stemmer (Dahl R, Steine MDG, Gabrielsen og Kjølen Ap)")
    >>> (v.result, v.no_count, [p.name for p in v.no_names])
    ('pass', 4, ['Dahl', 'Steine', 'Gabrielsen', 'Kjølen'])
    >>> v = parse_vote("Dahls forslag fikk 4 stemmer og falt (Steine MDG, Dahl R, Gabrielsen og Ramzan A)")
    >>> (v.result, v.yes_count, len(v.yes_names))
    ('fail', 4, 4)
    >>> parse_vote("Enstemmig vedtatt.").unanimous
    True
    """
    s = one_line(sentence)
    end = start + len(sentence) if end is None else end
    roll = _ROLL_CALL.match(s)
    if roll:
        direction = (roll.group("dir") or roll.group("dir2") or "").lower()
        n = number_value(roll.group("n") or roll.group("n2") or "")
        names, parties = parse_voters(roll.group("names"))
        subject = re.sub(r"(?i)^(?:for|mot|følgende)\s+|\s*(?:stemte|røysta|røystet|voterte)\b.*$", "", s)
        v = VoteStatement(subject.strip(), "pass", start, end, roll_call=direction, parties=parties,
                          party_side="yes" if direction == "for" else "no")
        if direction == "for":
            v.yes_count, v.yes_names = n, names
        else:
            v.no_count, v.no_names = n, names
        return v
    verb = _RESULT_WORD.search(s)
    unanimous = bool(_UNANIMOUS.search(s))
    if verb is None and not (unanimous and len(s) < 40):
        return None
    if re.search(r"(?i)\b(?:oversendes|oversendt|trukket|trekt|utsatt)\b", s) and not unanimous and verb is None:
        return None
    failed = bool(re.search(rf"(?i)\b{_FAIL}\b", s)) or bool(_NOT_PASSED.search(s))
    v = VoteStatement(
        subject=s[: verb.start()].strip() if verb else s.rstrip("."),
        result="fail" if failed else "pass",
        start=start,
        end=end,
        unanimous=unanimous,
        double_vote=bool(_DOUBLE.search(s)),
        after=s[verb.end():] if verb else "",
    )
    m = _WITH_FOR_AGAINST.search(s)
    if m:
        v.yes_count, v.no_count = number_value(m.group("a")), number_value(m.group("b"))
        listed = _names_after(s, m.end())
        if listed:
            names, v.parties = parse_voters(listed)
            v.no_names, v.party_side = names, "no"  # a list after "mot M stemmer" names those against
        return v
    m = _COUNTS.search(s)
    if m:
        v.yes_count, v.no_count = number_value(m.group("a")), number_value(m.group("b"))
        return v
    for pattern, side in ((_PASSED_AGAINST, "no"), (_FAILED_WITH, "yes"), (_GOT, "yes")):
        m = pattern.search(s)
        if not m:
            continue
        n = number_value(m.group("n"))
        listed = _names_after(s, m.end())
        if not listed and pattern is _GOT:
            tail = re.search(rf"(?i)\b(?:{_FAIL}|{_PASS})\b", s[m.end():])
            if tail:
                listed = _names_after(s, m.end() + tail.end())
        names, parties = parse_voters(listed) if listed else ([], [])
        if pattern is _GOT and m.group("parties"):
            parties = parse_voters(m.group("parties"))[1] or parties
        v.parties, v.party_side = parties, side
        if side == "no":
            v.no_count, v.no_names = n, names
        else:
            v.yes_count, v.no_names, v.yes_names = n, [], names
        if pattern is _GOT and not re.search(rf"(?i)\b{_FAIL}\b", s):
            v.result = "pass"
        return v
    if verb is not None and verb.group(0).lower() in ("fikk", "fekk"):
        return None
    return v


def count_mismatch(stated: int | None, names: list) -> str | None:
    """A note when a named list does not match its stated count (None when they agree or either is missing)."""
    if stated is None or not names or stated == len(names):
        return None
    return f"{stated} votes stated, {len(names)} names listed"
