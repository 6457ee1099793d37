"""Plan extraction against the hand-verified gold facts (tests/gold/facts_plans.jsonl): precision and recall per kind.

Reads the shipped sample through the ingest pipeline (no store), extracts plan facts from every
document, resolves plan titles across all files, and compares with the gold set. Targets: P ≥ 0.9,
R ≥ 0.8 overall. ``python -m bench plan_bench``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

from bench.common import table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "facts_plans.jsonl"
SAMPLE = ROOT / "data" / "sample"
TEXT_KEYS = {"text_start", "goal", "parent", "from", "to", "name", "plan"}


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold facts, one dict per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(value: object) -> str:
    text = str(value).casefold()
    text = re.sub(r"[«»\"“”'’`*]", "", text)
    text = re.sub(r"[–—-]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def same_fact(a: dict, b: dict) -> bool:
    """Two facts of one kind agree: every key equal after normalising; texts alike (OCR, cut cells)."""
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key], b[key]
        if x is None or y is None:
            if x is not y:
                return False
            continue
        nx, ny = _norm(x), _norm(y)
        if nx == ny:
            continue
        if key in TEXT_KEYS and fuzz.ratio(nx[:50], ny[:50]) >= 90:
            continue
        return False
    return True


def score(gold: list[dict], predicted: list[dict]) -> dict[str, tuple[int, int, int]]:
    """Per kind: (true positives, predicted, gold), each gold fact matched at most once."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_kind[g["kind"]].append(g["fact"])
        out[g["kind"]][2] += 1
    used: dict[str, set[int]] = defaultdict(set)
    for p in predicted:
        kind = p["kind"]
        out[kind][1] += 1
        for i, g in enumerate(by_kind.get(kind, [])):
            if i not in used[kind] and same_fact(g, p["fact"]):
                used[kind].add(i)
                out[kind][0] += 1
                break
    return {k: tuple(v) for k, v in sorted(out.items())}


def extract_sample(sample: Path = SAMPLE) -> list[dict]:
    """Plan facts of the sample, read with the ingest pipeline (one resolver per kommune)."""
    from graph.plan_facts import plan_facts
    from graph.plan_graph import PlanResolver
    from graph.sources import detect_kommune
    from ingest import process_source, read_source
    from ingest.extract.base import DocumentText
    from ingest.extract.plans import extract_plans

    by_kommune: dict[str, list] = defaultdict(list)
    for path in sorted(sample.glob("0*.txt")):
        item = process_source(read_source(path))
        kommune = detect_kommune(item.pages)
        for document in item.documents:
            by_kommune[kommune].extend(extract_plans(DocumentText.from_pages(item.source_id, document, item.pages), item.pages))
    facts: list[dict] = []
    for kommune, records in by_kommune.items():
        facts.extend(plan_facts(records, kommune, PlanResolver(records, kommune)))
    return facts


def main(argv: list[str] | None = None) -> dict[str, tuple[int, int, int]]:
    """Print precision and recall per kind and overall; return the counts."""
    t0 = time.perf_counter()
    predicted = extract_sample()
    seconds = time.perf_counter() - t0
    result = score(load_gold(), predicted)
    rows = []
    tp_all = pred_all = gold_all = 0
    for kind, (tp, pred, gold) in result.items():
        rows.append([kind, gold, pred, tp, tp / pred if pred else 0.0, tp / gold if gold else 0.0])
        tp_all, pred_all, gold_all = tp_all + tp, pred_all + pred, gold_all + gold
    rows.append(["all", gold_all, pred_all, tp_all, tp_all / pred_all if pred_all else 0.0, tp_all / gold_all if gold_all else 0.0])
    print(table(["kind", "gold", "predicted", "correct", "precision", "recall"], rows))
    print(f"\nextraction of the sample: {seconds:.1f} s; target precision ≥ 0.90, recall ≥ 0.80")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
