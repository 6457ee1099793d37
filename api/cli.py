"""The `saksgraf` command line: each subcommand calls the same core function as its API route."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ingest import Store, ingest_paths
from graph.query_limits import SPARQL_MAX_RESULTS, SPARQL_TIMEOUT
from ingest.settings import DATA_DIR, MAX_FILE_MB

from .settings import HOST, PORT
from .progress import ProgressDisplay, print_report, print_stats
from .search_commands import (
    apply_model_options,
    ann_options,
    index_after_ingest,
    model_options,
    print_index_report,
    search_command,
    similar_command,
)
from .trace_commands import trace_command
from .ask_commands import ask_command
from .graph_commands import (
    export_command,
    graph_backend_option,
    print_graph_report,
    sparql_command,
    sync_after_ingest,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    DATA_DIR.option,
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"{DATA_DIR.help} [env {DATA_DIR.env}; default ./{DATA_DIR.default}]",
)
@graph_backend_option
@click.version_option("0.1.0", prog_name="saksgraf")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, graph_backend: str | None) -> None:
    """saksgraf: a knowledge graph and search engine over Norwegian council records."""
    ctx.obj = {"data_dir": Path(DATA_DIR.value(data_dir)), "graph_backend": graph_backend}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    MAX_FILE_MB.option,
    "max_file_mb",
    type=float,
    default=None,
    help=f"{MAX_FILE_MB.help} [env {MAX_FILE_MB.env}; default {MAX_FILE_MB.default:g}]",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@model_options
@ann_options
@click.pass_obj
def ingest(obj: dict, paths: tuple[Path, ...], max_file_mb: float | None, quiet: bool, as_json: bool,
           model: str | None, model_cache: Path | None, ann_threshold: int | None, ann_index: str | None) -> None:
    """Ingest PDF and text files, or folders of them (recursively), and update the search index.

    Exits 1 if any file failed; the others are stored all the same.
    """
    limit = MAX_FILE_MB.value(max_file_mb)
    model = apply_model_options(model, model_cache, ann_threshold, ann_index)
    with Store.open(obj["data_dir"]) as store:
        display = ProgressDisplay(enabled=not quiet and not as_json)
        with display:
            report = ingest_paths(paths, store, max_bytes=int(limit * 1e6), progress=display)
        graph_report = sync_after_ingest(obj["data_dir"], store, obj["graph_backend"])
        search_report, search_error = index_after_ingest(obj["data_dir"], store, model, quiet or as_json, obj["graph_backend"])
    if as_json:
        click.echo(json.dumps(report.to_dict() | {"graph": graph_report, "search": search_report, "search_error": search_error},
                              ensure_ascii=False, indent=2))
    else:
        print_report(report, quiet=quiet)
        if not quiet:
            print_graph_report(graph_report)
        if search_report and not quiet:
            print_index_report(search_report)
    if search_error:
        click.echo(f"saksgraf: error: {search_error}", err=True)
    sys.exit(0 if report.ok and not search_error else 1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def stats(obj: dict, as_json: bool) -> None:
    """Documents by type, pages, merged duplicate pages and repairs in the store."""
    with Store.open(obj["data_dir"]) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_stats(figures)


@cli.command()
@click.option(HOST.option, "host", default=None, help=f"{HOST.help} [env {HOST.env}; default {HOST.default}]")
@click.option(PORT.option, "port", type=int, default=None, help=f"{PORT.help} [env {PORT.env}; default {PORT.default}]")
@click.option(SPARQL_TIMEOUT.option, "sparql_timeout", type=float, default=None,
              help=f"{SPARQL_TIMEOUT.help} [env {SPARQL_TIMEOUT.env}; default {SPARQL_TIMEOUT.default:g}]")
@click.option(SPARQL_MAX_RESULTS.option, "sparql_max_results", type=int, default=None,
              help=f"{SPARQL_MAX_RESULTS.help} [env {SPARQL_MAX_RESULTS.env}; default {SPARQL_MAX_RESULTS.default}]")
@click.pass_obj
def serve(obj: dict, host: str | None, port: int | None, sparql_timeout: float | None,
          sparql_max_results: int | None) -> None:
    """Serve the HTTP API, /sparql and the web page (http://HOST:PORT/web/)."""
    import uvicorn

    from .app import create_app

    app = create_app(obj["data_dir"])
    app.state.graph_backend = obj.get("graph_backend")
    app.state.sparql_timeout = SPARQL_TIMEOUT.value(sparql_timeout)
    app.state.sparql_max_results = SPARQL_MAX_RESULTS.value(sparql_max_results)
    uvicorn.run(app, host=HOST.value(host), port=PORT.value(port))


cli.add_command(export_command)
cli.add_command(sparql_command)
cli.add_command(search_command)
cli.add_command(similar_command)
cli.add_command(trace_command)
cli.add_command(ask_command)


def main() -> None:
    """Entry point of the `saksgraf` script: expected failures end in one line, never a traceback."""
    import sqlite3

    try:
        cli(prog_name="saksgraf", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ValueError as exc:  # a setting from the environment that does not parse
        click.echo(f"saksgraf: error: {exc}", err=True)
        sys.exit(2)
    except sqlite3.DatabaseError as exc:
        click.echo(f"saksgraf: error: the store in the data directory cannot be read ({exc})", err=True)
        sys.exit(2)
