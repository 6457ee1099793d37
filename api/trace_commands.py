"""`saksgraf trace`: how a strategy serves goals and bærekraftsmål, or what serves a goal (graph.trace)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def trace_graph(data_dir: Path, backend: str | None = None):
    """The stored graph of ``data_dir`` as one in-memory graph (plans are in it since ``saksgraf ingest``)."""
    from graph.sync import open_graph

    with open_graph(data_dir, backend) as graph_store:
        return graph_store.union_graph()


@click.command("trace")
@click.argument("query", nargs=-1, required=True)
@click.option("--up", "direction", flag_value="up", help="From the start up to the goals and bærekraftsmål it serves.")
@click.option("--down", "direction", flag_value="down", help="From the start down to the plans, strategies and cases serving it.")
@click.option("--json", "as_json", is_flag=True, help="Print the trace as JSON.")
@click.pass_obj
def trace_command(obj: dict, query: tuple[str, ...], direction: str | None, as_json: bool) -> None:
    """Trace a strategy, goal, plan, case or bærekraftsmål (words or an IRI), with the quote for every link.

    A strategy, focus area, plan or case is traced up to the bærekraftsmål; a goal or bærekraftsmål
    ("bærekraftsmål 17", "mål 17", "God helse") down to everything that serves it.
    """
    from graph.trace import TraceError, trace

    text = " ".join(query)
    try:
        graph = trace_graph(obj["data_dir"], obj.get("graph_backend"))
        result = trace(graph, text, direction)
    except (TraceError, FileNotFoundError) as exc:
        click.echo(f"saksgraf trace: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.render(), nl=False)
