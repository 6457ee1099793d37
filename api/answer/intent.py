"""What a question asks: its kind (one of ``KINDS``) and the entities it names.

The kind comes from cue words (folded, so ``møtte``/``motte`` and ``uttalte``/``uttala`` are alike)
together with the kind of entity found: a strategy asked about goals is a trace, a bærekraftsmål
or goal asked about what serves it is ``serves``, a meeting (body + date) asked about who came is
``attendance``. A question with no cue or no entity is not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .linking import EntityIndex
from .model import Entity
from .text import dates, fold, periods

KINDS = ("bodies", "treatment", "person", "members", "attendance", "saksgang", "plan_cases", "body_cases", "serves",
         "trace")

_ATTEND = re.compile(r"\b(motte|mott|moette|til stede|tilstede|attend\w*|present|fravaer\w*|fravar\w*|forfall\w*|"
                     r"absent\w*|vara\w*|substitut\w*|stedfortred\w*|replac\w*|i stedet|i staden|deltok|deltakere|"
                     r"deltakarar|deltagere|sat for|stilte for|ledet|leda|leia|chaired|chair|til stades|tilstades|"
                     r"frammott\w*|fremmott\w*|motande|who came|came)\b")
_TREAT = re.compile(r"\b(forslag\w*|framlegg\w*|propos\w*|foresl\w*|fremmet|fremma|fremja|frammet|stemte|stemme\w*|roysta\w*|"
                    r"roysting\w*|vote\w*|votering\w*|voting|utfall\w*|outcome\w*|resultat\w*|result|vedtatt|vedteke|"
                    r"falt|fall|passed|failed|rejected|adopted|against|imot)\b")
_VOTED = re.compile(r"\b(stemte|stemt|stemme\w*|roysta\w*|vote\w*|voting)\b")
_PROPOSED = re.compile(r"\b(forslag\w*|framlegg\w*|propos\w*|foresl\w*|fremmet|fremma|fremja|frammet)\b")
# Who sits in a body, and in which role (folded: "leiar", "nestleiar").
_MEMBERS = re.compile(r"\b(medlem\w*|members?|membership|sitter i|sit i|sitt i|representant\w*|leder|lederen|leiar|"
                      r"leiaren|nestleder\w*|nestleiar\w*|chairs?|chairman|chairperson|chairwoman|deputy|vice|"
                      r"varamedlem\w*|varamenn|vararepresentant\w*|substitute members?)\b")
_ROLE_CUES = (("nestleder", r"\b(nestleder\w*|nestleiar\w*|deputy|vice)\b"),
              ("varamedlem", r"\b(varamedlem\w*|varamenn|vararepresentant\w*|substitute)\b"),
              ("leder", r"\b(leder|lederen|leiar|leiaren|chairs?|chairman|chairperson|chairwoman|leads?)\b"),
              ("medlem", r"\b(medlem\w*|members?|membership|sitter i|sit i|sitt i|representant\w*)\b"))
_SAKSGANG = re.compile(r"\b(saksgang\w*|sakshandsam\w*|sakshandsaming\w*|status|stage|where is|hvor er|kvar er|"
                       r"hvor langt|kor langt|kvar star|hvor star|neste|next|videre|progress\w*|ligger|kommet|komen|stand\w*|where does)\b")
_COMMENT = re.compile(r"\b(uttal\w*|kommentar\w*|kommenter\w*|innspill\w*|innspel\w*|comment\w*|said|say|says|sa|"
                      r"mente|meinte|mener|meiner|uttalelse\w*|frasegn\w*|behandl\w*|handsam\w*|treat\w*|discuss\w*|"
                      r"consider\w*|organ|organer|organa|organene|bodies|body|horingsinnspel\w*)\b")
_CASES = re.compile(r"\b(saker|sakene|saka|sakar|sakane|cases|case|sak)\b")
_CONCERN = re.compile(r"\b(gjelder|gjeld|gjaldt|concern\w*|om|about|knyttet|knytt|handler|handlar|relate\w*|"
                      r"regarding|on|til)\b")
_SERVES = re.compile(r"\b(tjen\w*|tener|tente|bidra\w*|bidreg|serv\w*|contribut\w*|stott\w*|support\w*|oppfyll\w*|"
                     r"towards|underbygg\w*|folg\w* opp|nar|naa|reach\w*)\b")
_TRACE = re.compile(r"\b(sti|stien|vei|veien|veg|vegen|path|trace|spor\w*|kjede\w*|chain|lead\w*|henger sammen|"
                    r"heng saman|kobl\w*|link\w*|opp til|up to)\b")
_GOAL_WORDS = re.compile(r"\b(mal|malene|mala|goal\w*|baerekraftsmal\w*|berekraftsmal\w*|sdg\w*|hovedmal\w*|delmal\w*)\b")
_STRATEGY = re.compile(r"\b(strategi\w*|strateg\w*|innsatsomrad\w*|focus area\w*)\b")
_PLAN_WORDS = re.compile(r"\b(plan|planer|planar|planene|planane|plans|strategier|strategiar|strategies)\b")


@dataclass
class Intent:
    """The parsed question: its kind (None: not understood), the entities it names and the dates in it."""

    kind: str | None
    entities: list[Entity] = field(default_factory=list)
    dates: list = field(default_factory=list)
    topic: str = ""
    reason: str = ""
    focus: str = ""  # "votes": a person's record asked about for how they voted; members: the role asked
    periods: list = field(default_factory=list)  # months or years named without a day: (first, last)

    def first(self, kind: str) -> Entity | None:
        for e in self.entities:
            if e.kind == kind:
                return e
        return None

    def all(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]


def topic_of(question: str) -> str:
    """The words that name the thing asked about: a quoted span if there is one, else the question
    without question words and cue words."""
    quoted = re.findall(r"[«\"“”']([^«»\"“”']{3,})[»\"“”']", question)
    if quoted:
        return max(quoted, key=len)
    q = fold(question)
    for pattern in (_ATTEND, _TREAT, _SAKSGANG, _COMMENT, _SERVES, _TRACE, _GOAL_WORDS, _STRATEGY, _CASES):
        q = pattern.sub(" ", q)
    return " ".join(q.split())


def _top(entities: list[Entity]) -> list[Entity]:
    """The best-scoring entities (all within half a point of the best)."""
    if not entities:
        return []
    best = entities[0].score
    return [e for e in entities if e.score >= best - 0.5]


def parse(question: str, index: EntityIndex) -> Intent:
    """Kind and entities of ``question``."""
    q = fold(question)
    topic = topic_of(question)
    when = dates(question)
    spans = periods(question)
    cases = index.case_by_number(question)
    by_number = bool(cases)
    sdgs = index.sdgs(question)
    plans = _top(index.find("plan", question, topic))
    bodies = _top(index.find("body", question, topic))
    # "Hvilke forslag fremmet Dahl?", "How did Igland vote on the Sætre case?": a person's record.
    people = _top(index.find("person", question, topic, min_score=90.0)) if _TREAT.search(q) else []
    if not cases:
        # The body's or person's name is not part of the case's title: "forslag i Ungdomsrådet om mobbing".
        case_topic = topic
        for named in bodies + people:
            case_topic = re.sub(rf"\b{re.escape(named.matched)}\b", " ", fold(case_topic))
        cases = _top(index.find("case", question, case_topic, min_score=88.0))
    has = lambda pattern: bool(pattern.search(q))  # noqa: E731

    # "Hvem er leder i Utvalg for oppvekst?", "Kven sit i Ungdomsrådet?": a body's members (no date:
    # with one, "who chaired the meeting" is attendance).
    if has(_MEMBERS) and bodies and not when and not cases and not plans and not sdgs:
        role = next((name for name, pattern in _ROLE_CUES if re.search(pattern, q)), None)
        return Intent("members", bodies, when, topic, focus=role or "")
    if has(_ATTEND) and (bodies or when) and not sdgs:
        meetings = []
        for body in bodies or []:
            meetings += index.meetings_of(body.iri, when)
        if not bodies:
            meetings = index.meetings_on(when)
        found = [Entity("meeting", m, index.meeting_label(m), 100.0) for m in meetings]
        return Intent("attendance", bodies + found, when, topic)

    strategy_cue = has(_STRATEGY) or has(_TRACE)
    if sdgs or has(_GOAL_WORDS) or has(_SERVES) or strategy_cue:
        strategies = _top(index.find("strategy", question, topic, min_score=88.0)) if (strategy_cue or has(_GOAL_WORDS)) else []
        if strategies and (has(_GOAL_WORDS) or has(_TRACE)):
            return Intent("trace", strategies, when, topic)
        goals = _top(index.find("goal", question, topic, min_score=88.0)) if has(_SERVES) else []
        # A goal quoted in full ("Askersamfunnet sikrer god helse …") is that goal, not the SDG its words name.
        if goals and goals[0].score >= 95 and not any(re.search(r"\d", e.matched) for e in sdgs):
            return Intent("serves", goals, when, topic)
        if sdgs and (has(_SERVES) or has(_PLAN_WORDS) or has(_STRATEGY) or has(_CASES)):
            return Intent("serves", sdgs, when, topic)
        if goals and has(_GOAL_WORDS):
            return Intent("serves", goals, when, topic)

    # A plan named outright wins over a case whose title merely repeats the plan's name.
    targets = cases if by_number or not plans else plans
    if people:
        return Intent("person", people + targets + bodies, when, topic,
                      focus="votes" if has(_VOTED) and not has(_PROPOSED) else "", periods=spans)
    if has(_SAKSGANG) and targets:
        return Intent("saksgang", targets, when, topic)
    if has(_TREAT) and targets:
        return Intent("treatment", targets + bodies, when, topic, periods=spans)
    # "Which cases concern <plan>": a case title that repeats the plan's name does not make it a case question.
    if has(_CASES) and has(_CONCERN) and plans and not by_number and not has(_COMMENT):
        return Intent("plan_cases", plans, when, topic)
    if has(_COMMENT) and targets:
        return Intent("bodies", targets + bodies, when, topic)
    # "Which cases did Eldrerådet treat?": a body and the word cases, no case or plan named.
    if has(_CASES) and bodies and not targets and not sdgs:
        return Intent("body_cases", bodies, when, topic, periods=spans)
    reason = "no entity" if not (targets or sdgs or bodies) else "no question kind"
    return Intent(None, cases + plans + bodies + sdgs, when, topic, reason)
