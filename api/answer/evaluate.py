"""Scoring answers against a gold set (tests/gold/questions.jsonl): is an answer exactly right?

Each gold item names the kind the question must be read as and, per kind, the facts the answer must
hold exactly (sets compare as sets, order where order matters). Used by ``bench/ask_bench.py`` and the tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


def _sets(values: Any) -> list:
    return sorted(values or [])


def facts(kind: str | None, answer: Any) -> dict:
    """The comparable facts of a structured answer of ``kind``."""
    parts = answer if isinstance(answer, list) else [answer]
    parts = [p for p in parts if isinstance(p, dict)]
    if kind == "bodies":
        return {"commented": _sets({b for p in parts for b in p["commented"]}),
                "treated": _sets({b for p in parts for b in p["treated"]})}
    if kind == "treatment":
        return {"proposers": _sets({x for p in parts for x in p["proposers"]}),
                "voted_against": _sets({x for p in parts for x in p["voted_against"]})}
    if kind == "attendance":
        return {"meetings": [{"date": m["date"], "attendee_count": m["attendee_count"], "absentees": _sets(m["absentees"]),
                              "substitutions": _sets([[s["substitute"], s["for"]] for s in m["substitutions"]])}
                             for p in parts for m in p["meetings"]]}
    if kind == "saksgang":
        return {"cases": [{"case": c["case"], "order": c["order"], "last": c["last"] and c["last"]["body"],
                           "next": c["next"] and c["next"]["body"]} for p in parts for c in p["cases"]]}
    if kind == "plan_cases":
        return {"concerning": _sets({c for p in parts for c in p["concerning"]}),
                "citing": _sets({c for p in parts for c in p["citing"]})}
    if kind == "members":
        return {"people": _sets({x for p in parts for x in p["people"]})}
    if kind == "person":
        return {"people": _sets({x["person"] for p in parts for x in p["people"]}),
                "proposal_cases": _sets({c for p in parts for c in p["proposal_cases"]}),
                "voted_against_cases": _sets({c for p in parts for c in p["voted_against_cases"]})}
    if kind == "body_cases":
        return {"bodies": _sets({b["body"] for p in parts for b in p["bodies"]}),
                "cases": _sets({c for p in parts for c in p["cases"]})}
    if kind == "serves":
        return {"plans": _sets({x for p in parts for x in p["plans"]}),
                "cases": _sets({re.match(r"\S+", c).group(0) for p in parts for c in p["cases"]})}
    if kind == "trace":
        return {"strategies": [{"part_of": _sets(s["part_of"]), "sdgs": _sets(x["number"] for x in s["sdgs"])}
                               for p in parts for s in p["strategies"]]}
    return {}


def check(item: dict, result: dict) -> list[str]:
    """What is wrong with ``result`` (an ``Answer.to_dict()``) for the gold ``item``; empty if exactly right."""
    problems = []
    if item["kind"] is None:
        if result["understood"]:
            problems.append(f"should not be understood, was read as {result['kind']}")
        elif not result["text"]:
            problems.append("no text saying it was not understood")
        return problems
    if result["kind"] != item["kind"]:
        return [f"kind {result['kind']!r}, want {item['kind']!r}"]
    if result.get("language") != item["lang"]:
        problems.append(f"language {result.get('language')!r}, want {item['lang']!r}")
    got = facts(item["kind"], result["answer"])
    for key, want in item["expect"].items():
        value = got.get(key)
        if isinstance(want, list) and want and not isinstance(want[0], dict):
            want = sorted(want) if key not in ("order",) else want
        if value != want:
            problems.append(f"{key}: got {value!r}, want {want!r}")
    if not result["evidence"]:
        problems.append("no evidence")
    if not result["sparql"]:
        problems.append("no SPARQL")
    return problems


def load_gold(path: Path | str) -> list[dict]:
    """The gold items, one JSON object a line."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
