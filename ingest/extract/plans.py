"""Plans from plan documents and plan-like papers: the plan, its focus areas, strategies and goals, and links.

Reads documents of type ``plan`` and the papers around a plan: a ``rapport``/``vedlegg``/``presentasjon``
whose title names a plan (a Kunnskapsgrunnlag, slides), and every ``saksframlegg`` (which may be
about a plan, cite kommuneplan goals or bærekraftsmål, or cite other plans). What comes out:

- ``PlanRecord`` for the plan a document is about and for every plan it names (title, name, theme,
  type, status such as *på høring*, høringsfrist);
- ``FocusAreaRecord`` from lists introduced as innsatsområder/satsingsområder and from headings;
- ``StrategyRecord`` and ``GoalRecord`` from strategy and goal tables (``plan_tables``), from
  labelled sections (``Hovedmål:``, ``Delmål``, ``Strategiar:``, numbered goals ``1.1``), and from
  sentences (``temaplanene har som mål at …``, ``strategien «…» jfr temaplanene …``);
- ``LinkRecord``: what serves which goal or bærekraftsmål, and which plans a plan or case cites.

>>> facts = extract_plans(doc, pages)   # doctest: +SKIP
"""

from __future__ import annotations

import re

from graph.sdg import SDG_WORD, find_sdg_mentions, match_sdg_name

from ..model import Page
from .base import DocumentText, Evidence
from .plan_records import FocusAreaRecord, LinkRecord, PlanFact, PlanRecord
from .plan_structure import StructureReader
from .plan_tables import furniture_lines
from .plan_text import PlanAliases, label_text, list_items, parse_date, sentence_at, similar
from .plan_titles import PlanTitle, _theme as _theme_words, case_plan_title, clean, find_plan_mentions, parse_plan_title

DOCUMENT_TYPES = frozenset({"plan", "rapport", "vedlegg", "presentasjon", "saksframlegg"})
_SELF_WORDS = re.compile(
    r"(?i)\b(?:temaplan(?:en|a)|planen|planens|temaplanens|denne\s+planen|innsatsområdene\s+og\s+strategiene)\b"
)
_FOCUS_INTRO = re.compile(r"(?i)(?:innsats|satsings|satsnings|fokus)område(?:r|ne|a)?\b[^\n]*:\s*$")
_TITLE_STATUS = re.compile(
    r"(?im)^[ \t]*(høringsutkast|høyringsutkast|vedtatt|vedteke|vedteken)\b[^\n]{0,60}$"
)
# "Vedtatt dato: 18.06.2025", "Vedteken i kommunestyret 18.6.2025" anywhere in a title block.
_ADOPTED_ON = re.compile(r"(?i)\b(vedtatt|vedteken?)\b(?:\s+(?:i|av)\s+\w+)?(?:\s+dato)?\s*:?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{4}")
_PAGE_NUMBER = re.compile(r"(?i)^\s*(?:side\s+\d+\s+(?:av|of)\s+\d+|\d{1,3}\s*/\s*\d{1,3})\s+")
_HEARING = re.compile(r"(?i)(?:høringsfrist|høyringsfrist|frist(?:\s+innen)?)\s*(?:er|:)?\s*")
_ON_HEARING = re.compile(r"(?i)\b(?:legges\s+ut\s+på|sendes\s+på|er\s+ute\s+på|ute\s+på|sendt\s+på)\s+høring\b")


def extract_plans(doc: DocumentText, pages: list[Page] | None = None) -> list[PlanFact]:
    """Every plan fact in ``doc``; ``pages`` (the source's pages) lend their raw text layers to table reading.

    Returns nothing for a document that is neither about a plan nor a saksframlegg.
    """
    if doc.document.doc_type not in DOCUMENT_TYPES:
        return []
    return _Reader(doc, pages).run()


def _arkivsak(doc: DocumentText) -> str | None:
    if doc.document.arkivsak:
        return doc.document.arkivsak
    m = re.search(r"(?i)arkivsak\D{0,20}(\d{2}/\d{3,6})", doc.text[:600])
    return m.group(1) if m else None


class _Reader:
    """One pass over one document; collects records in ``out``."""

    def __init__(self, doc: DocumentText, pages: list[Page] | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.kind = doc.document.doc_type
        self.layers = {p.number: p.original["text"] for p in pages or [] if p.original.get("text")}
        self.out: list[PlanFact] = []
        self.subject: PlanRecord | None = None
        self.aliases: PlanAliases | None = None
        self.case = _arkivsak(doc) if self.kind == "saksframlegg" else None

    # -- helpers -----------------------------------------------------------------------------

    def ev(self, start: int, end: int) -> Evidence:
        return self.doc.evidence(start, end)

    def is_subject(self, title: PlanTitle) -> bool:
        return self.aliases is not None and self.aliases.matches(title)

    def link(self, relation: str, subject_kind: str, subject: str, target_kind: str, target: str, start: int, end: int, **kw: str | None) -> None:
        self.out.append(LinkRecord(relation, subject_kind, subject, target_kind, target, self.ev(start, end), **kw))

    # -- the pass ------------------------------------------------------------------------------

    def run(self) -> list[PlanFact]:
        self.subject = self._subject_plan()
        if self.subject is None and self.case is None:
            return []
        self._definitions()
        self._mentions()
        self._status()
        focus = self._focus_lists()
        structure = StructureReader(self, focus)
        structure.read()
        self._sdgs(structure)
        return self.out

    def _title_evidence(self, title: str) -> Evidence:
        words = title.split()
        pattern = r"\s*[\"«»“”]?\s*".join(re.escape(w) for w in words) if words else re.escape(title)
        m = re.search(pattern, self.text)
        if m:
            return self.ev(m.start(), m.end())
        first = re.search(r"\S[^\n]*", self.text)
        return self.ev(first.start(), first.end()) if first else self.ev(0, max(1, len(self.text)))

    def _subject_plan(self) -> PlanRecord | None:
        """The plan the document is about, from its title (and, for a plan, its title page and running header)."""
        title = re.sub(r"(?i)^\s*kunnskapsgrunnlag\w*\s+(?:til|for)\s+", "", self.doc.document.title or "")
        parsed = parse_plan_title(title) if title else None
        variants: list[PlanTitle] = [parsed] if parsed else []
        if self.kind == "plan":
            head = self.text[:400].split("\n")
            furniture = furniture_lines(self.doc)
            for line in [ln for ln in head[:12] if ln.strip()] + sorted(furniture):
                line = _PAGE_NUMBER.sub("", line)  # "Side 1 av 3 Reguleringsplan for …": the page number is no name
                p = parse_plan_title(line)
                if p and (p.plan_type or p.name) and len(line) < 100:
                    variants.append(p)
        if not variants:
            return None
        aliases = PlanAliases.of(variants[0])
        for v in variants[1:]:
            aliases.add(v)
        self.aliases = aliases
        main = variants[0]
        loose_names = [v.loose for v in variants if v.loose and not any(similar(v.loose, t) for t in aliases.themes - {v.loose})]
        name = main.name or next((v.name for v in variants if v.name), None) or (loose_names[0] if loose_names else None)
        theme = main.theme or next((v.theme for v in variants if v.theme), None)
        record = PlanRecord(
            title=clean(main.text),
            evidence=self._title_evidence(title or main.text),
            plan_type=main.plan_type or next((v.plan_type for v in variants if v.plan_type), None),
            name=name,
            theme=theme,
            identifier=main.identifier,
            national=main.national,
            alt_titles=sorted({v.text for v in variants[1:]} - {main.text}),
        )
        if self.kind == "plan":
            # The title page says the stage: "Høringsutkast", "Vedtatt i kommunestyret 14.06.2022".
            m = _TITLE_STATUS.search(self.text[:600]) or _ADOPTED_ON.search(self.text[:600])
            if m:
                status = "høringsutkast" if m.group(1).lower().startswith(("hør", "høy")) else "vedtatt"
                record.status, record.status_evidence = status, self.ev(m.start(), m.end())
        self.out.append(record)
        if self.case:
            self.out.append(LinkRecord("concerns", "case", self.case, "plan", record.title, record.evidence))
        return record

    def _definitions(self) -> None:
        """«X» er Asker kommunes temaplan for Y: a name and a theme of one plan."""
        defining = re.compile(
            r"[«“\"]([^»”\"\n]{2,80})[»”\"]\s+er\s+(?:[\wæøåÆØÅ-]+\s+(?:kommunes?|fylkeskommunes?)\s+)?"
            r"(temaplan|plan|strategi|handlingsplan)\s+for\s+((?:[^.\n]|\n(?!\s*\n)){3,80})"
        )
        naming = re.compile(r"(?i)(temaplan)(?:en)?\s+[«“\"]([^»”\"\n]{2,80})[»”\"]\s+for\s+((?:[^.\n]|\n(?!\s*\n)){3,80})")
        found = [(m, m.group(1), m.group(2), m.group(3)) for m in defining.finditer(self.text)]
        found += [(m, m.group(2), m.group(1), m.group(3)) for m in naming.finditer(self.text)]
        for m, name, kind, theme_text in found:
            theme = _theme_words(theme_text)
            if not theme:
                continue
            parsed_kind = parse_plan_title(kind)
            title = PlanTitle(m.group(0), name=name.strip(), plan_type=parsed_kind.plan_type if parsed_kind else None, theme=theme)
            record = PlanRecord(title.name, self.ev(m.start(), m.end()), title.plan_type, title.name, title.theme)
            if self.aliases is not None and self.aliases.matches(title):
                self.aliases.add(title)
                if self.subject is not None and self.subject.name is None:
                    self.subject.name = title.name
            self.out.append(record)

    def _mentions(self) -> None:
        """A PlanRecord for every plan named, and a reference from the document's plan or case to each other one."""
        self.mentions = find_plan_mentions(self.text)
        seen: set[str] = set()
        for m in self.mentions:
            t = m.title
            if self.is_subject(t) or self.kind == "rapport":
                continue  # a knowledge base's sources are its own, not the plan's
            key = t.label().casefold()
            ev = self.ev(m.start, m.end)
            if key not in seen:
                seen.add(key)
                self.out.append(
                    PlanRecord(t.label(), ev, t.plan_type, t.name, t.theme, t.identifier, t.national, [t.text] if t.text != t.label() else [])
                )
            s, e = sentence_at(self.text, m.start)
            if self.case and self.kind == "saksframlegg":
                self.link("references", "case", self.case, "plan", t.label(), s, e)
            elif self.subject is not None:
                self.link("references", "plan", self.subject.title, "plan", t.label(), s, e)

    def _status(self) -> None:
        """På høring with a høringsfrist, said of the document's plan or of a plan named in the sentence."""
        for m in _ON_HEARING.finditer(self.text):
            s, e = sentence_at(self.text, m.start())
            sentence = self.text[s:e]
            target = self._plan_in(s, m.start())
            if target is None:
                continue
            deadline = None
            dm = _HEARING.search(self.text, m.end(), e)
            if dm:
                deadline = parse_date(self.text[dm.end():e + 20])
            record = PlanRecord(target.title, target.evidence, target.plan_type, target.name, target.theme, target.identifier, target.national)
            record.status, record.status_evidence = "på høring", self.ev(s, e)
            if deadline:
                record.hearing_deadline, record.deadline_evidence = deadline, self.ev(s, min(e, dm.end() + 25) if dm else e)
            if sentence:
                self.out.append(record)

    def _plan_in(self, start: int, end: int) -> PlanRecord | None:
        """The plan a sentence speaks of: the last one named in it before ``end``, else the document's plan."""
        named = [m for m in getattr(self, "mentions", []) if start <= m.start < end]
        if named:
            t = named[-1].title
            if self.is_subject(t) and self.subject is not None:
                return self.subject
            return PlanRecord(t.label(), self.ev(named[-1].start, named[-1].end), t.plan_type, t.name, t.theme, t.identifier, t.national)
        if self.subject is not None and _SELF_WORDS.search(self.text[start:end]):
            return self.subject
        return None

    def _focus_lists(self) -> list[FocusAreaRecord]:
        """Bullet lists introduced as the plan's innsatsområder ("Innsatsområdene er:", "… delt inn i syv innsatsområder:")."""
        if self.subject is None:
            return []
        found: list[FocusAreaRecord] = []
        for m in re.finditer(r"(?m)^[^\n]*$", self.text):
            line = m.group(0).strip()
            if not _FOCUS_INTRO.search(line) or re.search(r"(?i)\bstrategien\b|\bmeldingen\b|\bNOU\b", line):
                continue
            others = [x for x in find_plan_mentions(line) if not self.is_subject(x.title)]
            if others:
                continue  # another plan's areas
            items = list_items(self.text, m.end())
            for start, end, item in items:
                name = label_text(item)
                if 1 <= len(name.split()) <= 8:
                    found.append(FocusAreaRecord(self.subject.title, name, self.ev(start, end)))
        self.out.extend(found)
        return found

    def _sdgs(self, structure: StructureReader) -> None:
        """Bærekraftsmål the plan, a focus area, or the case says it serves (tables are read in ``structure``)."""
        text = self.text
        taken = structure.table_spans
        for m in find_sdg_mentions(text):
            if any(s <= m.start < e for s, e in taken):
                continue
            self._sdg_link(m.number, m.start, m.end)
        # Names alone: in a list or sentence announced as bærekraftsmål, or after "skal bidra til".
        for m in re.finditer(rf"(?im)^[^\n]*{SDG_WORD}[^\n]*:\s*$", text):
            intro, _ = sentence_at(text, m.start() + len(m.group(0).rstrip()) - 1)
            for start, end, item in list_items(text, m.end()):
                n = match_sdg_name(item)
                if n and not find_sdg_mentions(item):
                    self._sdg_link(n, start, end, intro=intro)
        for m in re.finditer(r"[«“\"]((?:[^»”\"\n]|\n(?!\s*\n)){3,80})[»”\"]", text):
            s, e = sentence_at(text, m.start())
            if re.search(SDG_WORD, text[s:e], re.I) and not any(a <= m.start() < b for a, b in taken):
                n = match_sdg_name(m.group(1))
                if n:
                    self._sdg_link(n, m.start(), m.end())
        for m in re.finditer(r"(?i)\bbidr(?:a|ar|o)\s+til\s+([^.\n]+(?:\n[^.\n]+)?)", text):
            s, e = sentence_at(text, m.start())
            if not _SELF_WORDS.search(text[s:m.start()]) and not self._names_subject(s, m.start()):
                continue
            for part in re.split(r",\s*|\s+og\s+", m.group(1)):
                n = match_sdg_name(part)
                if n and len(part.split()) >= 2:
                    self._sdg_link(n, m.start(), m.end(), intro=s)

    def _names_subject(self, start: int, end: int) -> bool:
        return any(self.is_subject(x.title) for x in getattr(self, "mentions", []) if start <= x.start < end)

    def _sdg_link(self, number: int, start: int, end: int, intro: int | None = None) -> None:
        s, e = sentence_at(self.text, start)
        s = min(s, intro) if intro is not None else s
        e = max(e, end)
        sentence = self.text[s:e]
        focus = getattr(self, "_focus_at", lambda pos: None)(start)
        if self.subject is not None and (_SELF_WORDS.search(sentence) or self._names_subject(s, e) or (self.kind != "saksframlegg" and focus is None)):
            self.link("contributesTo", "plan", self.subject.title, "sdg", str(number), s, e)
        elif focus is not None and self.subject is not None:
            self.link("contributesTo", "focus_area", focus, "sdg", str(number), s, e, subject_plan=self.subject.title)
        elif self.case:
            self.link("contributesTo", "case", self.case, "sdg", str(number), s, e)


def plan_title(title: str, proposal: str | None = None, decision: str | None = None) -> str | None:
    """The title of the plan a case is about, as written (see ``plan_titles.case_plan_title``); None if none.

    >>> plan_title("Å høre til - temaplan for oppvekst – 1. gangsbehandling")
    'Å høre til - temaplan for oppvekst'
    """
    return case_plan_title(title, proposal, decision)
