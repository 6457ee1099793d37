"""Extraction of the political record against the hand-verified gold facts: precision and recall per kind.

Gold: tests/gold/facts_cases.jsonl (cases, saksgang, proposals, treatments, motions, votes, decisions,
comments), tests/gold/facts_meetings.jsonl (meetings, chair, secretary, attendance, substitutions,
agenda) and tests/gold/facts_people.jsonl (people, their spellings, memberships, parties, external
organisations). The sample is read through the ingest pipeline (no store); case and meeting facts
come from the extraction records, people and the rest from the built graph, so that entity
resolution is measured too. Targets: precision ≥ 0.95 and recall ≥ 0.85 for every kind.
``python -m bench extract_bench`` (``--misses`` lists what was missed and what was extra).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bench.common import table

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
RECORD_GOLD = ("facts_cases.jsonl", "facts_meetings.jsonl")
ENTITY_GOLD = "facts_people.jsonl"
SAMPLE = ROOT / "data" / "sample"
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.85


def load_gold(name: str) -> list[dict]:
    """The gold facts of one file, one dict per line."""
    path = GOLD_DIR / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_sample(sample: Path = SAMPLE) -> list[Any]:
    """The sample's files through the ingest pipeline, as graph build inputs."""
    from graph.sources import SourceInput
    from ingest import process_source, read_source

    out = []
    for path in sorted(sample.glob("0*.txt")):
        item = process_source(read_source(path))
        out.append(SourceInput(item.source_id, item.source.name, item.source.sha256, item.pages, item.documents, item.extraction))
    return out


def record_facts(sources: list[Any]) -> list[dict]:
    """Case, treatment and meeting facts of the extraction records, merged across files."""
    from ingest.extract.facts import case_facts, treatment_facts
    from ingest.extract.meetings import meeting_facts

    cases = [c for s in sources for c in s.extraction.cases]
    treatments = [t for s in sources for t in s.extraction.treatments]
    meetings = [m for s in sources for m in s.extraction.meetings]
    return case_facts(cases) + treatment_facts(treatments) + meeting_facts(meetings)


# --- entity facts: matched one to one, so a person split in two costs precision --------------------


def _name(text: str | None) -> str:
    from ingest.extract.textspan import normalise

    return normalise(text or "").replace("-", " ")


def _entity_match(kind: str, got: dict, want: dict) -> bool:
    from graph.parties import party_key

    if kind == "person":
        want_party = party_key(want["party"]) if want["party"] else None
        return _name(got["name"]) == _name(want["name"]) and got["party"] == want_party
    if kind == "spelling":
        return _name(got["name"]) == _name(want["name"]) and _name(got["spelling"]) == _name(want["spelling"])
    if kind == "membership":
        return (_name(got["name"]) == _name(want["name"]) and got["role"] == want["role"]
                and fuzz.ratio(_name(got["organisation"]), _name(want["organisation"])) >= 90)
    if kind == "party":
        return _name(got["name"]) == _name(want["name"]) and sorted(got["codes"]) == sorted(want["codes"])
    if kind == "partner_org":
        return _name(got["kommune"]) == _name(want["kommune"]) and _name(got["name"]) == _name(want["name"])
    if kind == "partner":
        return got["arkivsak"] == want["arkivsak"] and _name(got["organisation"]) == _name(want["organisation"])
    return _name(got.get("name")) == _name(want.get("name"))


def score_entities(got: list[dict], gold: list[dict]) -> dict[str, dict[str, Any]]:
    """Precision and recall per entity kind, each extracted fact matching at most one gold fact.

    Spellings are judged only for the spellings the gold set lists (a variant nobody verified is
    neither right nor wrong); a listed spelling carried by the wrong person counts against precision.
    """
    out: dict[str, dict[str, Any]] = {}
    gold_spellings = {_name(g["fact"]["spelling"]) for g in gold if g["kind"] == "spelling"}
    for kind in sorted({g["kind"] for g in gold}):
        want = [g["fact"] for g in gold if g["kind"] == kind]
        mine = [g["fact"] for g in got if g["kind"] == kind]
        if kind == "spelling":
            mine = [m for m in mine if _name(m["spelling"]) in gold_spellings]
        used: set[int] = set()
        missed = []
        for w in want:
            hit = next((i for i, m in enumerate(mine) if i not in used and _entity_match(kind, m, w)), None)
            if hit is None:
                missed.append(w)
            else:
                used.add(hit)
        out[kind] = {
            "precision": len(used) / len(mine) if mine else (1.0 if not want else 0.0),
            "recall": len(used) / len(want) if want else 1.0,
            "got": len(mine),
            "gold": len(want),
            "missed": missed,
            "extra": [m for i, m in enumerate(mine) if i not in used],
        }
    return out


def run(show_misses: bool = False) -> dict[str, dict[str, Any]]:
    """Score the sample against every gold file; print the table (and the misses); return the scores."""
    from graph.build import build_from_sources
    from graph.entity_facts import entity_facts
    from ingest.extract.factmatch import score

    t0 = time.perf_counter()
    sources = read_sample()
    records = record_facts(sources)
    t1 = time.perf_counter()
    graph = build_from_sources(sources).union()
    t2 = time.perf_counter()
    result = score(records, [g for name in RECORD_GOLD for g in load_gold(name)])
    result.update(score_entities(entity_facts(graph), load_gold(ENTITY_GOLD)))
    rows = []
    for kind, r in sorted(result.items()):
        if not r["gold"]:
            continue  # kinds the gold set does not cover are not scored
        ok = r["precision"] >= TARGET_PRECISION and r["recall"] >= TARGET_RECALL
        rows.append([kind, r["gold"], r["got"], r["precision"], r["recall"], "" if ok else "below target"])
    print(table(["kind", "gold", "extracted", "precision", "recall", ""], rows))
    gold_total = sum(r["gold"] for r in result.values())
    print(f"\n{gold_total} gold facts; extraction {t1 - t0:.1f} s, graph build {t2 - t1:.1f} s; "
          f"target precision ≥ {TARGET_PRECISION}, recall ≥ {TARGET_RECALL} for every kind")
    if show_misses:
        for kind, r in sorted(result.items()):
            for m in r["missed"]:
                print(f"missed {kind}: {json.dumps(m, ensure_ascii=False)}")
            for m in r["extra"]:
                print(f"extra  {kind}: {json.dumps(m, ensure_ascii=False)}")
    return result


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Entry point for ``python -m bench extract_bench [--misses]``."""
    return run(show_misses="--misses" in (argv or []))


if __name__ == "__main__":
    main(sys.argv[1:])
