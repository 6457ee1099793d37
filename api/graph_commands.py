"""The graph's CLI commands (`saksgraf export`, `saksgraf sparql`) and the graph step of `saksgraf ingest`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from graph.settings import GRAPH_BACKEND


def graph_backend_option(command: click.Command) -> click.Command:
    """The ``--graph-backend`` option (setting ``graph_backend``) of the command group."""
    return click.option(
        GRAPH_BACKEND.option,
        "graph_backend",
        default=None,
        help=f"{GRAPH_BACKEND.help} [env {GRAPH_BACKEND.env}; default {GRAPH_BACKEND.default}]",
    )(command)


def sync_after_ingest(data_dir: Path, store: object, backend: str | None) -> dict:
    """Bring the graph in ``data_dir`` up to date with the store; what the sync did, as a dict."""
    from graph.sync import sync_data_dir

    return sync_data_dir(data_dir, store, backend).to_dict()  # type: ignore[arg-type]


def print_graph_report(report: dict) -> None:
    """One line on the graph after an ingest."""
    click.echo(
        f"Graph: {report['triples']:,} triples, {report['people']} people, from {report['sources']} files, in {report['seconds']:.1f} s"
    )
    # A named vote list that disagrees with its stated count is worth a reader's attention.
    for warning in report.get("warnings", []):
        if "vote count mismatch" in warning:
            click.echo(f"  warning: {warning}")


@contextmanager
def graph_errors() -> Iterator[None]:
    """Refused queries, bad formats and a missing graph end in one line and exit status 2."""
    from graph.sparql import QueryError

    try:
        yield
    except QueryError as exc:
        click.echo(f"saksgraf: {exc}", err=True)
        sys.exit(2)
    except (ValueError, OSError) as exc:
        click.echo(f"saksgraf: error: {exc}", err=True)
        sys.exit(2)


@click.command("export")
@click.option("--format", "-f", "fmt", default="turtle", show_default=True, help="turtle, nt or jsonld.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE instead of standard output.")
@click.option("--vocabulary", is_flag=True, help="Export the project vocabulary (the sg: terms) instead of the data.")
@click.pass_obj
def export_command(obj: dict, fmt: str, output: Path | None, vocabulary: bool) -> None:
    """Export the graph (every source's facts, merged) as Turtle, N-Triples or JSON-LD."""
    from graph.sync import open_graph
    from graph.vocab import export_vocabulary

    with graph_errors():
        if vocabulary:
            data = export_vocabulary(fmt)
        else:
            with open_graph(obj["data_dir"], obj.get("graph_backend")) as graph:
                data = graph.export(fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {len(data):,} bytes to {output}", err=True)


@click.command("sparql")
@click.argument("query")
@click.option(
    "--format", "-f", "fmt", default=None,
    help="json (default), csv or xml for SELECT and ASK; turtle (default), nt or jsonld for CONSTRUCT and DESCRIBE.",
)
@click.pass_obj
def sparql_command(obj: dict, query: str, fmt: str | None) -> None:
    """Run a read-only SPARQL QUERY over the graph ('-' reads it from standard input, @FILE from a file).

    The core prefixes (sg, org, foaf, schema, dcterms, skos, prov, opengov, eli, sdgo, rdf, rdfs,
    xsd, owl) need no declaration. Updates are refused; a malformed query exits 2 with the reason.
    """
    from graph.sparql import format_result
    from graph.sync import open_graph

    with graph_errors():
        if query == "-":
            text = sys.stdin.read()
        elif query.startswith("@"):
            text = Path(query[1:]).read_text(encoding="utf-8")
        else:
            text = query
        with open_graph(obj["data_dir"], obj.get("graph_backend")) as graph:
            out = format_result(graph.query(text), fmt)
    click.echo(out)
