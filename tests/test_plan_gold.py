"""The hand-verified plan facts (tests/gold/facts_plans.jsonl): well-formed, citing real lines, and met by the extractor."""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.plan_bench import GOLD, load_gold, same_fact, score
from tests.conftest import SAMPLE

KINDS = {"plan", "plan_status", "focus_area", "strategy", "goal", "goal_parent", "goal_note", "contributes", "references", "concerns"}


def test_gold_is_well_formed_and_cites_lines_of_the_sample():
    gold = load_gold(GOLD)
    assert len(gold) >= 60
    kinds = Counter(g["kind"] for g in gold)
    assert set(kinds) <= KINDS
    assert kinds["strategy"] >= 10 and kinds["goal"] >= 10 and kinds["contributes"] >= 20 and kinds["references"] >= 10
    lengths = {}
    for g in gold:
        path = SAMPLE / g["file"]
        if path not in lengths:
            lengths[path] = len(path.read_text(encoding="utf-8").splitlines())
        first, last = g["lines"]
        assert 1 <= first <= last <= lengths[path], g


def test_scoring_matches_each_gold_fact_once_and_tolerates_only_small_text_differences():
    gold = [{"kind": "goal", "fact": {"plan": "X", "level": "delmål", "text_start": "Alle innbyggere har et godt tilbud"}}]
    assert same_fact(gold[0]["fact"], {"plan": "x", "level": "delmål", "text_start": "Alle innbyggere har et  godt tilbud"})
    assert not same_fact(gold[0]["fact"], {"plan": "X", "level": "hovedmål", "text_start": "Alle innbyggere har et godt tilbud"})
    assert not same_fact(gold[0]["fact"], {"plan": "X", "level": "delmål", "text_start": "Ingen innbyggere har noe tilbud"})
    twice = [{"kind": "goal", "fact": dict(gold[0]["fact"])}] * 2
    assert score(gold, twice) == {"goal": (1, 2, 1)}


def test_plan_extraction_on_the_sample_meets_the_targets(sample_store):
    from graph.plan_facts import plan_facts
    from graph.plan_graph import PlanResolver
    from graph.sources import detect_kommune
    from ingest.extract.base import DocumentText
    from ingest.extract.plans import extract_plans

    by_kommune: dict[str, list] = defaultdict(list)
    for row in sorted(sample_store.sources(), key=lambda r: r["id"]):
        pages = sample_store.pages(row["id"])
        for document in sample_store.document_records(row["id"]):
            by_kommune[detect_kommune(pages)].extend(extract_plans(DocumentText.from_pages(row["id"], document, pages), pages))
    predicted = [f for k, records in by_kommune.items() for f in plan_facts(records, k, PlanResolver(records, k))]
    result = score(load_gold(GOLD), predicted)
    tp = sum(v[0] for v in result.values())
    n_pred = sum(v[1] for v in result.values())
    n_gold = sum(v[2] for v in result.values())
    assert tp / n_pred >= 0.9 and tp / n_gold >= 0.8, result
    for kind, (ok, pred, want) in result.items():
        assert want == 0 or ok / want >= 0.8, (kind, ok, pred, want)
