"""A plan's inner structure: focus-area sections, goal and strategy tables, labelled goal and strategy lists,
and goals or strategies stated in running text.

Used by ``plans.extract_plans``; every record gets the text it was read from as evidence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.sdg import find_sdg_mentions, match_sdg_name

from .base import PAGE_BREAK
from .plan_records import FocusAreaRecord, GoalRecord, LinkRecord, PlanRecord, StrategyRecord
from .plan_tables import LABEL_ROLES, Cell, Row, Table, find_tables, join_lines
from .plan_text import BULLET_RX, label_text, sentence_at, similar

if TYPE_CHECKING:
    from .plans import _Reader

KOMMUNEPLAN = "Kommuneplanens samfunnsdel"
_FOCUS_HEADING = re.compile(
    r"(?im)^[ \t]*(?:innsatsområde|satsingsområde|satsningsområde|fokusområde)\s*(\d{1,2})?\s*[:.–-]\s*(\S[^\n]{1,80})$"
)
_LABEL = re.compile(
    r"(?im)^[ \t]*(?P<label>hovedmål|hovudmål|overordn(?:et|a)\s+mål|delmål|mål|målsetting(?:ar|er)?|"
    r"strategi(?:er|ar)?|strategiane|strategiene)\s*(?P<num>\d{1,2}(?:\.\d{1,2})?)?\s*(?P<colon>[:.–-])?[ \t]*(?P<rest>[^\n]*)$"
)
_SUB_NUMBERED = re.compile(r"(?m)^[ \t]*(\d{1,2}\.\d{1,2})\.?[ \t]+(\S[^\n]*)$")
_GOAL_SENTENCE = re.compile(
    r"\bhar\s+(?:som\s+|et\s+)?mål\s+(?:om\s+)?(?:at|å)\s+([^.]{10,300})\.", re.I
)
_PLAN_GOAL = re.compile(
    r"\b(?:er\s+det\s+(?:et\s+mål|en\s+målsetning)|har\s+(?:et\s+mål|en\s+ambisjon|en\s+målsetning)\s+i\s+[^.]{3,80}?)"
    r"\s+(?:for\s+[^.]{0,60}?\s+)?(?:om\s+)?(?:at|å)\s+([^.]{10,300})\.",
    re.I,
)
_QUOTED_STRATEGY = re.compile(r"\bstrategi(?:en|a)\s*[«“\"]([^»”\"]{10,300})[»”\"]", re.I)


def _names_sdg(text: str) -> bool:
    """Whether a label cell names a bærekraftsmål (by number or name)."""
    return bool(find_sdg_mentions(text, names_allowed=True) or match_sdg_name(text))


def _label_role(label: str) -> str:
    label = label.lower()
    if label.startswith(("hoved", "hovud", "overordn")):
        return "goal_main"
    if label.startswith("del"):
        return "goal_sub"
    if label.startswith("strategi"):
        return "strategy"
    return "goal"


class StructureReader:
    """Reads sections, tables and stated goals of one document into records on its ``_Reader``."""

    def __init__(self, reader: "_Reader", focus: list[FocusAreaRecord]) -> None:
        self.r = reader
        self.text = reader.text
        self.focus = focus
        self.table_spans: list[tuple[int, int]] = []
        self.sections: list[tuple[int, int, str, int, int]] = []  # start, end, name, heading span
        self.goals: list[GoalRecord] = []
        self.goal_owner: str | None = None
        reader._focus_at = self.focus_at  # type: ignore[attr-defined]

    # -- focus-area sections -----------------------------------------------------------------

    def focus_at(self, pos: int) -> str | None:
        for start, end, name, _, _ in self.sections:
            if start <= pos < end:
                return name
        return None

    def _focus_heading_at(self, pos: int) -> tuple[str, int, int] | None:
        for start, end, name, hs, he in self.sections:
            if start <= pos < end:
                return name, hs, he
        return None

    def _find_sections(self, tables: list[Table]) -> None:
        subject = self.r.subject
        if subject is None:
            return
        heads: list[tuple[int, int, str]] = []
        for m in _FOCUS_HEADING.finditer(self.text):
            name = label_text(m.group(2))
            heads.append((m.start(), m.end(), name))
            self.r.out.append(FocusAreaRecord(subject.title, name, self.r.ev(m.start(), m.end()), m.group(1)))
            self.focus.append(self.r.out[-1])  # type: ignore[arg-type]
        names = {f.name for f in self.focus}
        for m in re.finditer(r"(?m)^[ \t]*(\S[^\n]{2,80})$", self.text):
            line = m.group(1).strip()
            before = self.text[max(0, m.start() - 2):m.start()]
            if not (m.start() == 0 or before.endswith("\n\n") or before.endswith("\f\n")):
                continue
            if BULLET_RX.match(line) or any(s <= m.start() < e for s, e, _ in heads):
                continue
            hit = next((n for n in names if similar(n, line, 90)), None)
            if hit:
                heads.append((m.start(), m.end(), hit))
        heads.sort()
        for k, (s, e, name) in enumerate(heads):
            end = heads[k + 1][0] if k + 1 < len(heads) else None
            if end is None:
                inside = [t.end for t in tables if t.start >= s]
                end = max(inside) if inside else len(self.text)
            self.sections.append((s, end, name, s, e))

    # -- the pass ------------------------------------------------------------------------------

    def read(self) -> None:
        tables = find_tables(self.r.doc, self.r.layers) if self.r.subject is not None else []
        self._find_sections(tables)
        for t in tables:
            self.table_spans.append((t.start, t.end))
        for t in tables:
            if "strategy" not in t.roles():
                self._goal_table(t)
        for t in tables:
            if "strategy" in t.roles():
                self._strategy_table(t)
        if self.r.subject is not None:
            self._labelled()
        self._goal_sentences()
        self._quoted_strategies()

    def _owner_for(self, start: int) -> str:
        """Whose goals a table holds: the kommuneplan's when the text just before says so, else the plan's own."""
        intro = self.text[max(0, start - 700):start]
        if re.search(r"(?i)kommuneplan", intro) and re.search(r"(?i)\bmål", intro):
            self._ensure_kommuneplan(start)
            return KOMMUNEPLAN
        return self.r.subject.title if self.r.subject else KOMMUNEPLAN

    def _ensure_kommuneplan(self, pos: int) -> None:
        if any(isinstance(x, PlanRecord) and x.title == KOMMUNEPLAN for x in self.r.out):
            return
        m = None
        for m in re.finditer(r"(?i)kommuneplan\w*", self.text[:pos]):
            pass
        s, e = (m.start(), m.end()) if m else (pos, pos + 1)
        self.r.out.append(PlanRecord(KOMMUNEPLAN, self.r.ev(s, e), "kommuneplan samfunnsdel"))

    def _intro_sentence(self, start: int) -> tuple[int, int]:
        """The sentence before a table that says what it shows ("Tabellen under viser …")."""
        window = self.text[max(0, start - 700):start]
        m = None
        for m in re.finditer(r"(?i)tabell\w*", window):
            pass
        if m is None:
            return start, start + 1
        return sentence_at(self.text, max(0, start - 700) + m.start())

    def _known_goal(self, text: str) -> GoalRecord | None:
        """The goal a (possibly cut) table cell names, among goals read from goal tables."""
        cell = text.rstrip(" ,")
        for g in self.goals:
            if g.text.startswith(cell) or similar(g.text, text, 92):
                return g
            if len(cell) > 25 and g.text[: len(cell)] and similar(g.text[: len(cell)], cell, 92):
                return g
        return None

    def _goal_table(self, t: Table) -> None:
        owner = self._owner_for(t.start)
        self.goal_owner = owner
        main: GoalRecord | None = None
        subject = self.r.subject
        for row in t.rows:
            # The row's hovedmål first, whichever column it is in: a delmål left of it is still under it.
            keys = sorted(row.cells)
            keys.sort(key=lambda k: t.columns[k].role != "goal_main")
            for k in keys:
                role = t.columns[k].role
                if role not in ("goal_main", "goal_sub", "goal"):
                    continue
                cell = row.cells[k]
                note = row.cells.get(k + 1) if k + 1 < len(t.columns) and t.columns[k + 1].role == "status" else None
                goal = GoalRecord(owner, cell.text, self.r.ev(cell.start, cell.end), {"goal_main": "hovedmål", "goal_sub": "delmål"}.get(role))
                if note is not None:
                    goal.note, goal.note_evidence = note.text, self.r.ev(cell.start, note.end if note.start > cell.start else cell.end)
                if role == "goal_main":
                    main = goal
                elif role == "goal_sub" and main is not None:
                    goal.parent = main.text
                    goal.parent_evidence = self._pair_evidence(main, cell)
                self.goals.append(goal)
                self.r.out.append(goal)
                if subject is not None and owner != subject.title:
                    s, e = self._intro_sentence(t.start)
                    self.r.link("contributesTo", "plan", subject.title, "goal", goal.text, s, e, target_plan=owner)
            self._row_sdgs(t, row, None)

    def _pair_evidence(self, main: GoalRecord, cell: Cell):
        """The text from a hovedmål to a delmål under it (cut at a page break, as all quotes are)."""
        start = self.r.doc.text.find(main.evidence.quote[:40])
        if 0 <= start < cell.start:
            return self.r.ev(start, cell.end)
        if start > cell.end and PAGE_BREAK not in self.r.doc.text[cell.start:start]:  # hovedmål right of the delmål
            return self.r.ev(cell.start, start + len(main.evidence.quote))
        return self.r.ev(cell.start, cell.end)

    def _strategy_table(self, t: Table) -> None:
        subject = self.r.subject
        if subject is None:
            return
        owner = self.goal_owner or self._owner_for(t.start)
        strategy_col = t.roles().index("strategy")
        heading = self._focus_heading_at(t.start)
        for row in t.rows:
            strategies = t.cells(row, "strategy")
            focus_name, focus_ev = None, None
            group = [row.cells[k] for k in sorted(row.cells) if t.columns[k].role == "focus" and k < strategy_col]
            if not group and heading is None:
                # A focus column right of the strategy, in a table under no focus-area heading, names
                # the strategy's area, unless it names a bærekraftsmål (some kommuner use the SDGs as
                # satsingsområder; _row_sdgs links those). Under a heading, such a column is the
                # satsingsområde of the goals beside it, not the strategy's.
                group = [c for c in t.cells(row, "focus") if not _names_sdg(c.text)]
            if group:
                focus_name, focus_ev = label_text(group[0].text), self.r.ev(group[0].start, group[0].end)
                if not any(similar(f.name, focus_name) for f in self.focus):
                    self.focus.append(FocusAreaRecord(subject.title, focus_name, focus_ev))
                    self.r.out.append(self.focus[-1])
                else:
                    focus_name = next(f.name for f in self.focus if similar(f.name, focus_name))
            elif heading:
                focus_name, hs, he = heading
                focus_ev = self.r.ev(hs, he)
            goals: list[tuple[GoalRecord, Cell]] = []
            main_goal: GoalRecord | None = None
            main_cell: Cell | None = None
            for k in sorted(row.cells):
                role = t.columns[k].role
                if role not in ("goal_main", "goal_sub", "goal"):
                    continue
                cell = row.cells[k]
                known = self._known_goal(cell.text)
                level = {"goal_main": "hovedmål", "goal_sub": "delmål"}.get(role)
                goal = known or GoalRecord(owner, cell.text, self.r.ev(cell.start, cell.end), level)
                if known is None:
                    self.goals.append(goal)
                    self.r.out.append(goal)
                if role == "goal_main":
                    main_goal, main_cell = goal, cell
                elif role == "goal_sub" and main_goal is not None and main_cell is not None and goal.parent is None:
                    goal.parent, goal.parent_evidence = main_goal.text, self.r.ev(main_cell.start, cell.end)
                goals.append((goal, cell))
            for cell in strategies:
                text = join_lines(cell.text)
                self.r.out.append(StrategyRecord(subject.title, text, self.r.ev(cell.start, cell.end), focus_name, focus_ev))
                for goal, gcell in goals:
                    self.r.link("contributesTo", "strategy", text, "goal", goal.text, cell.start, gcell.end,
                                subject_plan=subject.title, target_plan=goal.plan)
            self._row_sdgs(t, row, strategies[0] if strategies else None, goals)

    def _row_sdgs(self, t: Table, row: Row, strategy: Cell | None, goals: list | None = None) -> None:
        """A satsingsområde or bærekraftsmål column: the row's goal (or strategy) serves the SDG it names."""
        subject = self.r.subject
        for k in sorted(row.cells):
            role = t.columns[k].role
            if role not in LABEL_ROLES or (role == "focus" and strategy is not None and k < t.roles().index("strategy")):
                continue
            if role == "focus" and not _names_sdg(row.cells[k].text):
                continue  # a focus area of its own name, not a bærekraftsmål
            cell = row.cells[k]
            numbers = [m.number for m in find_sdg_mentions(cell.text, names_allowed=True)]
            if not numbers and role == "sdg":
                numbers = [int(n) for n in re.findall(r"\b(\d{1,2})\b", cell.text) if 1 <= int(n) <= 17]
            if not numbers:
                n = match_sdg_name(cell.text)
                numbers = [n] if n else []
            if not numbers:
                continue
            row_goals = goals if goals is not None else [
                (g, c) for g, c in ((self._known_goal(c.text), c) for kk, c in sorted(row.cells.items())
                                    if t.columns[kk].role in ("goal_main", "goal", "goal_sub")) if g
            ]
            mains = [(g, c) for g, c in row_goals if g.level != "delmål"] or row_goals[:1]
            for n in numbers:
                if mains:
                    g, c = mains[0]
                    self.r.link("contributesTo", "goal", g.text, "sdg", str(n), c.start, cell.end, subject_plan=g.plan)
                elif strategy is not None and subject is not None:
                    self.r.link("contributesTo", "strategy", join_lines(strategy.text), "sdg", str(n), strategy.start, cell.end,
                                subject_plan=subject.title)

    # -- labelled lists (other layouts) ---------------------------------------------------------

    def _labelled(self) -> None:
        """``Hovedmål: …``, ``Delmål`` lists, ``Strategiar:`` lists and numbered goals ``1``/``1.1``, outside tables."""
        subject = self.r.subject
        text = self.text
        main: GoalRecord | None = None
        by_number: dict[str, GoalRecord] = {}
        for m in _LABEL.finditer(text):
            if any(s <= m.start() < e for s, e in self.table_spans):
                continue
            role = _label_role(m.group("label"))
            rest = m.group("rest").strip()
            if rest and not m.group("colon") and not m.group("num"):
                continue  # a word that begins a sentence, not a label
            focus = self.focus_at(m.start())
            items: list[tuple[int, int, str, str | None]] = []
            if rest and len(rest.split()) >= 3:
                items.append((m.start("rest"), m.end("rest"), rest, m.group("num")))
                if role in ("goal_main", "goal") and m.group("num") and "." not in m.group("num"):
                    # "Hovudmål 1: …" followed by its delmål "1.1 …", "1.2 …"
                    pos = m.end()
                    for sm in _SUB_NUMBERED.finditer(text, pos):
                        if text[pos:sm.start()].strip() or sm.group(1).split(".")[0] != m.group("num"):
                            break
                        items.append((sm.start(2), sm.end(2), sm.group(2), sm.group(1)))
                        pos = sm.end()
            else:
                pos = m.end()
                for bm in re.finditer(r"(?m)^[ \t]*(?:[•·▪●○◦*\-–−]|(\d{1,2}(?:\.\d{1,2})?)[.)]?)[ \t]+(\S[^\n]*)$", text):
                    if bm.start() < pos:
                        continue
                    if text[pos:bm.start()].strip():
                        break
                    items.append((bm.start(2), bm.end(2), bm.group(2), bm.group(1)))
                    pos = bm.end()
            for s, e, item, num in items:
                item = label_text(item) if role == "strategy" else item.strip()
                if len(item.split()) < 3:
                    continue
                if role == "strategy":
                    heading = self._focus_heading_at(s)
                    self.r.out.append(StrategyRecord(subject.title, item, self.r.ev(s, e), focus,
                                                     self.r.ev(heading[1], heading[2]) if heading else None))
                    continue
                level = {"goal_main": "hovedmål", "goal_sub": "delmål"}.get(role)
                if role == "goal_main" and num and "." in num:
                    level = "delmål"
                elif role == "goal" and num:
                    level = "delmål" if "." in num else "hovedmål"
                goal = GoalRecord(subject.title, item, self.r.ev(s, e), level, num)
                if level == "delmål":
                    parent = by_number.get(num.split(".")[0]) if num and "." in num else None
                    parent = parent or main
                    if parent is not None:
                        goal.parent, goal.parent_evidence = parent.text, self._span_evidence(parent, s, e)
                else:
                    main = goal
                if num:
                    by_number[num] = goal
                self.r.out.append(goal)
                if focus:
                    self.r.link("contributesTo", "focus_area", focus, "goal", item, s, e,
                                subject_plan=subject.title, target_plan=subject.title)

    def _span_evidence(self, parent: GoalRecord, s: int, e: int):
        start = self.text.find(parent.evidence.quote)
        return self.r.ev(start, e) if 0 <= start < s else self.r.ev(s, e)

    # -- stated in running text --------------------------------------------------------------------

    def _plans_near(self, start: int, end: int) -> list[str]:
        """Plans named between ``start`` and ``end``, or in the sentence before when it says "temaplanene"."""
        found = [m for m in self.r.mentions if start <= m.start < end]
        if not found and re.search(r"(?i)\b(?:temaplan|plan)(?:ene|ane|en|a)\b", self.text[start:end]):
            ps, _ = sentence_at(self.text, max(0, start - 2))
            found = [m for m in self.r.mentions if ps <= m.start < start]
        out: list[str] = []
        for m in found:
            title = self.r.subject.title if self.r.is_subject(m.title) and self.r.subject else m.title.label()
            if title not in out:
                out.append(title)
        return out

    def _goal_sentences(self) -> None:
        """"Temaplanene … har som mål at X", "I kommuneplanens samfunnsdel er det et mål … å X": X is a goal of those plans."""
        for rx in (_GOAL_SENTENCE, _PLAN_GOAL):
            for m in rx.finditer(self.text):
                s, _ = sentence_at(self.text, m.start())
                plans = self._plans_near(s, m.start(1))
                goal = re.sub(r"\s+", " ", m.group(1)).strip()
                for plan in plans:
                    self.r.out.append(GoalRecord(plan, goal, self.r.ev(m.start(1), m.end(1))))

    def _quoted_strategies(self) -> None:
        """"strategien «X» jfr temaplanene «A» og «B»": X is a strategy of A and of B."""
        for m in _QUOTED_STRATEGY.finditer(self.text):
            s, e = sentence_at(self.text, m.start())
            plans = self._plans_near(m.end(), e)
            if not plans and self.r.subject is not None:
                plans = [self.r.subject.title]
            text = re.sub(r"\s+", " ", m.group(1)).strip()
            for plan in plans:
                self.r.out.append(StrategyRecord(plan, text, self.r.ev(m.start(1), m.end(1)), plan_evidence=self.r.ev(s, e)))
