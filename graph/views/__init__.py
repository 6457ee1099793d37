"""Entity pages as JSON-ready dicts, read from the graph: cases, bodies, people, meetings, plans, goals, sources.

Each function takes the union graph (``open_graph_store(data_dir, read_only=True).union_graph()``)
and a URL id (see ``graph.views.common``: the IRI after ``…/id/<kind>/``), returns a dict with
``id``, ``iri`` and ``url``, and raises ``KeyError`` (``EntityNotFound``) for an unknown id. The API,
the web page and question answering all call these.

>>> case_timeline(graph, "asker/21-21815")["treatments"][0]["body"]["label"]   # doctest: +SKIP
'Eldrerådet'
"""

from __future__ import annotations

from .bodies import body_page, list_bodies
from .cases import case_timeline, list_cases, resolve_case
from .common import EntityNotFound, entity_id, evidence, ref, url_of
from .goals import goal_page, sdg_page
from .meetings import meeting_page
from .people import person_page
from .plans import list_plans, plan_page
from .sources import locate, pair_evidence, source_page

__all__ = [
    "EntityNotFound", "body_page", "case_timeline", "entity_id", "evidence", "goal_page", "list_bodies", "list_cases",
    "list_plans", "locate", "meeting_page", "pair_evidence", "person_page", "plan_page", "ref", "resolve_case", "sdg_page",
    "source_page", "url_of",
]
