"""Plan records as comparable facts (``{"kind", "fact"}`` dicts), for the gold set and the benchmark.

Kinds and keys (plans by the label their resolved plan is known by; texts by their first 60 characters):

- plan: {plan, type}
- plan_status: {plan, status, deadline}
- focus_area: {plan, name}
- strategy: {plan, text_start, focus_area}
- goal: {plan, level, text_start}
- goal_parent: {goal, parent}
- goal_note: {goal, note}
- contributes: {from_kind, from, to_kind, to}     (to: "SDG 3", a goal's text_start)
- references: {from_kind, from, to}
- concerns: {case, plan}
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.extract.plan_records import (
    PLAN_STATUSES,
    FocusAreaRecord,
    GoalRecord,
    LinkRecord,
    PlanFact,
    PlanRecord,
    StrategyRecord,
)
from ingest.extract.plan_text import same_name
from ingest.text import normalize_space

from .plan_graph import PlanResolver

TEXT_START = 60


def text_start(text: str) -> str:
    """The first characters of a strategy or goal, white space collapsed."""
    return normalize_space(text)[:TEXT_START]


def plan_facts(records: Iterable[PlanFact], kommune: str = "", resolver: PlanResolver | None = None) -> list[dict]:
    """Every fact the records state, once each (plans resolved with ``resolver``, else one built from them)."""
    records = list(records)
    resolver = resolver or PlanResolver(records, kommune)
    label = lambda title: resolver.resolve(title).label  # noqa: E731
    out: list[dict] = []
    seen: set[str] = set()

    def add(kind: str, **fact: object) -> None:
        key = kind + repr(sorted(fact.items()))
        if key not in seen:
            seen.add(key)
            out.append({"kind": kind, "fact": fact})

    areas: dict[str, list[str]] = {}

    def area(plan: str, name: str | None) -> str | None:
        """One name per focus area of a plan: the first seen of the names that are one area."""
        if not name:
            return None
        name = normalize_space(name)
        known = areas.setdefault(plan, [])
        for seen_name in known:
            if same_name(seen_name, name):
                return seen_name
        known.append(name)
        return name

    statuses: dict[str, PlanRecord] = {}
    for r in records:
        if isinstance(r, PlanRecord):
            resolved = resolver.resolve(r.title)
            add("plan", plan=resolved.label, type=resolved.plan_type)
            if r.status:
                have = statuses.get(resolved.label)
                if have is None or PLAN_STATUSES.index(r.status) > PLAN_STATUSES.index(have.status or "utkast"):
                    statuses[resolved.label] = PlanRecord(r.title, r.evidence, status=r.status, hearing_deadline=r.hearing_deadline or (have.hearing_deadline if have else None))
                elif r.hearing_deadline and not have.hearing_deadline:
                    have.hearing_deadline = r.hearing_deadline
    for plan, r in statuses.items():
        add("plan_status", plan=plan, status=r.status, deadline=r.hearing_deadline)
    for r in records:
        if isinstance(r, FocusAreaRecord):
            add("focus_area", plan=label(r.plan), name=area(label(r.plan), r.name))
        elif isinstance(r, StrategyRecord):
            add("strategy", plan=label(r.plan), text_start=text_start(r.text), focus_area=area(label(r.plan), r.focus_area))
        elif isinstance(r, GoalRecord):
            add("goal", plan=label(r.plan), level=r.level, text_start=text_start(r.text))
            if r.parent:
                add("goal_parent", goal=text_start(r.text), parent=text_start(r.parent))
            if r.note:
                add("goal_note", goal=text_start(r.text), note=normalize_space(r.note))
        elif isinstance(r, LinkRecord):
            def side(kind: str, value: str) -> str:
                if kind == "plan":
                    return label(value)
                if kind == "sdg":
                    return f"SDG {value}"
                if kind in ("strategy", "goal"):
                    return text_start(value)
                return normalize_space(value)

            if r.relation == "concerns":
                add("concerns", case=r.subject, plan=label(r.target))
            elif r.relation == "references":
                add("references", from_kind=r.subject_kind, **{"from": side(r.subject_kind, r.subject)}, to=label(r.target))
            else:
                add("contributes", from_kind=r.subject_kind, **{"from": side(r.subject_kind, r.subject)},
                    to_kind=r.target_kind, to=side(r.target_kind, r.target))
    return out
