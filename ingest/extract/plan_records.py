"""The records plan extraction produces: plans, focus areas, strategies, goals and the links between them.

Records name plans as written (``PlanRecord.title``, ``StrategyRecord.plan``…); the graph stage
(``graph.plan_graph.PlanResolver``) decides which titles are one plan. Every record carries the
``Evidence`` it was read from; a link carries the text that states it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Union

from .base import Evidence
from .records import _build

# The kinds of plan, as sg:planType spells them.
PLAN_TYPES = (
    "temaplan",
    "kommuneplan samfunnsdel",
    "kommuneplan arealdel",
    "kommuneplan",
    "kommunedelplan",
    "økonomiplan",
    "handlingsprogram",
    "handlingsplan",
    "planstrategi",
    "reguleringsplan",
    "virksomhetsplan",
    "NOU",
    "stortingsmelding",
    "nasjonal strategi",
)

# A plan's stage, in the order a plan passes through them (a later one wins when sources differ).
PLAN_STATUSES = ("utkast", "høringsutkast", "på høring", "vedtatt")


@dataclass
class PlanRecord:
    """A plan named in a document: its title as printed and what the text says about it.

    ``name`` is the plan's own name where it has one (``På lik linje``), ``theme`` what a temaplan
    is for (``personer med nedsatt funksjonsevne``); national documents carry an ``identifier``
    (``NOU 2016:17``, ``Meld. St. 8 (2022–2023)``).
    """

    title: str
    evidence: Evidence
    plan_type: str | None = None
    name: str | None = None
    theme: str | None = None
    identifier: str | None = None
    national: bool = False
    alt_titles: list[str] = field(default_factory=list)
    status: str | None = None  # one of PLAN_STATUSES
    status_evidence: Evidence | None = None
    hearing_deadline: str | None = None  # høringsfrist, ISO date
    deadline_evidence: Evidence | None = None


@dataclass
class FocusAreaRecord:
    """A focus area (innsatsområde, satsingsområde) of a plan."""

    plan: str
    name: str
    evidence: Evidence
    number: str | None = None


@dataclass
class StrategyRecord:
    """A strategy of a plan: the sentence as written, and the focus area it sits under."""

    plan: str
    text: str
    evidence: Evidence
    focus_area: str | None = None
    focus_evidence: Evidence | None = None  # the heading or table cell that places it there
    plan_evidence: Evidence | None = None  # the text that names its plan, where that is not the plan itself


@dataclass
class GoalRecord:
    """A goal of a plan (hovedmål, delmål, or a goal without a level), with the goal above it."""

    plan: str
    text: str
    evidence: Evidence
    level: str | None = None  # "hovedmål" | "delmål" | None
    number: str | None = None  # "1.1" where the plan numbers its goals
    parent: str | None = None  # the text of the hovedmål above a delmål
    parent_evidence: Evidence | None = None
    note: str | None = None  # a status column beside the goal: "Økonomiplan: Innarbeidet"
    note_evidence: Evidence | None = None


@dataclass
class LinkRecord:
    """A stated link: something serves a goal or a bærekraftsmål (``contributesTo``), cites a plan
    (``references``), or a case is about a plan (``concerns``).

    ``subject``/``target`` are a plan title, a focus area name, a strategy or goal text, an arkivsak
    (``subject_kind`` "case") or an SDG number as a string (``target_kind`` "sdg").
    """

    relation: str  # "contributesTo" | "references" | "concerns"
    subject_kind: str  # "plan" | "focus_area" | "strategy" | "goal" | "case"
    subject: str
    target_kind: str  # "sdg" | "goal" | "plan"
    target: str
    evidence: Evidence
    subject_plan: str | None = None  # the plan a focus area, strategy or goal subject belongs to
    target_plan: str | None = None  # the plan a goal target belongs to


PlanFact = Union[PlanRecord, FocusAreaRecord, StrategyRecord, GoalRecord, LinkRecord]


@dataclass
class PlanFacts:
    """The plan records of one source, by kind (for storing beside the other extraction records)."""

    plans: list[PlanRecord] = field(default_factory=list)
    focus_areas: list[FocusAreaRecord] = field(default_factory=list)
    strategies: list[StrategyRecord] = field(default_factory=list)
    goals: list[GoalRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)

    @classmethod
    def of(cls, records: list[PlanFact]) -> "PlanFacts":
        """Sort a flat list of records (``extract_plans`` output) into their kinds."""
        out = cls()
        for r in records:
            out.add(r)
        return out

    def add(self, record: PlanFact) -> None:
        kinds = {
            PlanRecord: self.plans,
            FocusAreaRecord: self.focus_areas,
            StrategyRecord: self.strategies,
            GoalRecord: self.goals,
            LinkRecord: self.links,
        }
        kinds[type(record)].append(record)

    def extend(self, other: "PlanFacts") -> None:
        for kind in ("plans", "focus_areas", "strategies", "goals", "links"):
            getattr(self, kind).extend(getattr(other, kind))

    def records(self) -> list[PlanFact]:
        return [*self.plans, *self.focus_areas, *self.strategies, *self.goals, *self.links]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PlanFacts":
        return _build(cls, data)
