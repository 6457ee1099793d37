"""SPARQL with a time limit and a result cap: queries run in worker processes that can be abandoned.

Why processes: a query that would run for minutes (a cross product over the whole graph) cannot be
stopped from inside Python — neither pyoxigraph nor rdflib checks a deadline, and a thread cannot be
killed. A worker process can: ``QueryRunner`` hands each query to an idle worker and, when the
time limit passes without an answer, kills that worker and starts a fresh one for the next query.
Serialising the result happens in the worker too, so it counts against the same limit.

>>> with QueryRunner("saksgraf-data", timeout=5) as runner:          # doctest: +SKIP
...     answer = runner.run("SELECT ?c WHERE { ?c a sg:Case }", "csv")
>>> answer.media_type, answer.rows, answer.truncated                # doctest: +SKIP
('text/csv', 14, False)
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from ingest.settings import Setting, declare

from .rdfio import FORMATS as GRAPH_FORMATS
from .rdfio import rdf_format, serialize_graph
from .sparql import MEDIA_TYPES, QueryError, QuerySyntaxError, ReadOnlyError, check_read_only

SPARQL_TIMEOUT = declare(
    Setting("sparql_timeout", 10.0, "Seconds a SPARQL query may run before it is cut off.", float)
)
SPARQL_MAX_RESULTS = declare(
    Setting(
        "sparql_max_results",
        10000,
        "Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a SPARQL query returns; the rest is cut off.",
        int,
    )
)

# A longer text is not a query anyone types; refuse it before it costs a worker.
MAX_QUERY_CHARS = 100_000
# Result formats by query form (the first is the default): names as in ``format_result`` plus TSV.
TABLE_FORMAT_NAMES = ("json", "xml", "csv", "tsv")
GRAPH_FORMAT_NAMES = tuple(GRAPH_FORMATS)
TABLE_MEDIA_TYPES = {**MEDIA_TYPES, "tsv": "text/tab-separated-values"}
# Starting a worker imports rdflib and opens the store: slow, and not the query's fault.
_START_TIMEOUT = 120.0


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class QueryTooLarge(QueryError):
    """The query text is longer than ``MAX_QUERY_CHARS``."""


class QueryBusy(QueryError):
    """Every worker stayed busy with other queries for the whole time limit."""


class QueryFailed(QueryError):
    """The worker died while running the query (for example, out of memory)."""


@dataclass(frozen=True)
class QueryAnswer:
    """A finished query: its form, the result serialised, how many rows or triples, and whether it was capped."""

    form: str
    fmt: str
    media_type: str
    body: bytes
    rows: int
    truncated: bool
    seconds: float


def formats_for(form: str) -> tuple[str, ...]:
    """The result format names a query form can be written in, the default first.

    >>> formats_for("CONSTRUCT")
    ('turtle', 'nt', 'jsonld')
    """
    return TABLE_FORMAT_NAMES if form in ("SELECT", "ASK") else GRAPH_FORMAT_NAMES


def check_query(sparql: str, fmt: str | None = None) -> tuple[str, str]:
    """Refuse what no worker should see; return the query form and the result format to use.

    Raises ``QueryTooLarge``, ``ReadOnlyError`` (an update), ``QuerySyntaxError`` (no query form)
    or ``ValueError`` (a format the form cannot be written in).

    >>> check_query("ASK { ?s ?p ?o }")
    ('ASK', 'json')
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryTooLarge(f"the query is {len(sparql):,} characters long; at most {MAX_QUERY_CHARS:,} are accepted")
    form = check_read_only(sparql)
    allowed = formats_for(form)
    name = (fmt or allowed[0]).lower()
    if name in ("ttl", "json-ld", "ntriples", "n-triples") and form not in ("SELECT", "ASK"):
        name = rdf_format(name).name
    if name not in allowed:
        raise ValueError(f"a {form} result is written as one of {', '.join(allowed)}, not {fmt!r}")
    return form, name


def run_limited(graph_store, sparql: str, fmt: str | None = None, max_results: int | None = None) -> QueryAnswer:
    """Run a read-only query on ``graph_store`` in this process, capped at ``max_results`` rows or triples.

    No time limit here (``QueryRunner`` adds it). A capped result says so in ``truncated``.
    """
    started = time.perf_counter()
    cap = int(SPARQL_MAX_RESULTS.value(max_results))
    form, name = check_query(sparql, fmt)
    result = graph_store.query(sparql)
    truncated = False
    if result.type == "SELECT":
        rows = list(islice(iter(result), cap + 1))
        truncated = len(rows) > cap
        capped = Result("SELECT")
        capped.vars = result.vars
        capped.bindings = [{v: row[v] for v in result.vars if row[v] is not None} for row in rows[:cap]]
        count = len(capped.bindings)
        body = _tsv(capped) if name == "tsv" else _table(capped, name)
    elif result.type == "ASK":
        count = 1
        body = _tsv(result) if name == "tsv" else _table(result, name)
    else:
        graph = result.graph
        count = len(graph)
        if count > cap:
            kept = islice(graph.triples((None, None, None)), cap)
            from .namespaces import new_graph

            capped_graph = new_graph()
            capped_graph += kept
            graph, truncated, count = capped_graph, True, cap
        body = serialize_graph(graph, name)
    media = TABLE_MEDIA_TYPES[name] if result.type in ("SELECT", "ASK") else rdf_format(name).media_type
    return QueryAnswer(form, name, media, body, count, truncated, time.perf_counter() - started)


def _table(result: Result, name: str) -> bytes:
    data = result.serialize(format=name, encoding="utf-8")
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _tsv(result: Result) -> bytes:
    """SPARQL 1.1 TSV: a header of ``?variables``, then one line per row with terms in Turtle syntax."""
    if result.type == "ASK":
        # TSV has no boolean form; "true"/"false" on one line is what common endpoints send.
        return ("true" if result.askAnswer else "false").encode("utf-8") + b"\n"
    lines = ["\t".join("?" + str(v) for v in result.vars)]
    for row in result.bindings:
        lines.append("\t".join(_tsv_term(row.get(v)) for v in result.vars))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


# -- worker processes ------------------------------------------------------------------------------


def _worker_main(conn, data_dir: str, backend: str | None) -> None:
    """A worker's loop: answer queries from ``conn`` until it closes. Runs in its own process."""
    from .sync import open_graph

    cached = None  # the memory backend builds its graph once; oxigraph is reopened to see new ingests
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        sparql, fmt, max_results = request
        try:
            if cached is not None:
                answer = run_limited(cached, sparql, fmt, max_results)
            else:
                store = open_graph(data_dir, backend)
                try:
                    answer = run_limited(store, sparql, fmt, max_results)
                finally:
                    if store.backend == "memory":
                        cached = store
                    else:
                        store.close()
            conn.send(("ok", answer))
        except QuerySyntaxError as exc:
            conn.send(("error", "syntax", str(exc), exc.line, exc.column))
        except ReadOnlyError as exc:
            conn.send(("error", "readonly", str(exc), None, None))
        except (QueryError, ValueError, FileNotFoundError) as exc:
            conn.send(("error", "query", str(exc), None, None))
        except Exception as exc:  # noqa: BLE001  (the parent turns it into a clear error)
            conn.send(("error", "query", f"the query failed: {type(exc).__name__}: {exc}", None, None))


def worker_stdio(data_dir: str, backend: str) -> None:
    """Entry point of a worker process: requests on standard input, answers on standard output."""
    import os
    import sys

    out = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the answer stream
    sys.stdout = sys.stderr
    _worker_main(_Duplex(Connection(0, writable=False), Connection(out, readable=False)), data_dir, backend or None)


class _Duplex:
    """Two one-way connections used as one (send on one, recv and poll on the other)."""

    def __init__(self, reader: Connection, writer: Connection) -> None:
        self.reader, self.writer = reader, writer

    def send(self, obj: object) -> None:
        self.writer.send(obj)

    def recv(self) -> object:
        return self.reader.recv()

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def close(self) -> None:
        for conn in (self.reader, self.writer):
            try:
                conn.close()
            except OSError:
                pass


class _Worker:
    """One worker process (a fresh interpreter, so nothing of the server's state is copied) and its pipes.

    Why not ``multiprocessing.Process``: its spawn and forkserver methods re-import the parent's
    main script, which breaks in scripts without a ``__main__`` guard, and fork is unsafe in a
    threaded server.
    """

    def __init__(self, data_dir: str, backend: str | None) -> None:
        import os
        import subprocess
        import sys

        code = "import sys; from graph.query_limits import worker_stdio; worker_stdio(sys.argv[1], sys.argv[2])"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, data_dir, backend or ""],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
        )
        self.conn = _Duplex(
            Connection(os.dup(self.process.stdout.fileno()), writable=False),
            Connection(os.dup(self.process.stdin.fileno()), readable=False),
        )
        self.process.stdout.close()
        self.process.stdin.close()
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise QueryFailed("the query worker did not start")
        try:
            self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise QueryFailed("the query worker stopped while starting") from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryRunner:
    """Runs read-only queries on the graph of ``data_dir`` in worker processes, each with a time limit.

    ``timeout`` (seconds) and ``max_results`` default to the ``sparql_timeout`` and
    ``sparql_max_results`` settings; ``workers`` is how many queries may run at once. A query
    past its limit raises ``QueryTimeout`` and its worker is killed; queries waiting longer than
    the limit for a free worker raise ``QueryBusy``. Workers start on first use.
    """

    def __init__(self, data_dir: Path | str, backend: str | None = None, timeout: float | None = None,
                 max_results: int | None = None, workers: int = 2) -> None:
        self.data_dir = str(data_dir)
        self.backend = backend
        self.timeout = float(SPARQL_TIMEOUT.value(timeout))
        self.max_results = int(SPARQL_MAX_RESULTS.value(max_results))
        if self.timeout <= 0 or self.max_results <= 0:
            raise ValueError("the SPARQL time limit and result cap must be positive")
        # Idle slots: a started worker, or None for a slot whose worker starts when needed.
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()  # warm workers first
        for _ in range(max(1, workers)):
            self._idle.put(None)
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def run(self, sparql: str, fmt: str | None = None) -> QueryAnswer:
        """Run ``sparql`` within the time limit; the result in format ``fmt`` (default by query form)."""
        check_query(sparql, fmt)  # refuse updates and bad formats without a round trip
        if self._closed:
            raise QueryFailed("the query runner is closed")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryBusy(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        try:
            if worker is None or not worker.alive():
                worker = self._start()
            worker.conn.send((sparql, fmt, self.max_results))
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                worker = None
                raise QueryTimeout(
                    f"the query was stopped after the time limit of {self.timeout:g} s; "
                    "narrow it (more specific patterns, a LIMIT) and try again"
                )
            try:
                reply = worker.conn.recv()
            except (EOFError, OSError):
                self._discard(worker)
                worker = None
                raise QueryFailed("the query could not be completed: its worker stopped (out of memory?)") from None
        except BaseException:
            self._idle.put(worker if worker is not None and worker.alive() else None)
            raise
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message, line, column = reply
        if kind == "syntax":
            raise QuerySyntaxError(message, line, column)
        if kind == "readonly":
            raise ReadOnlyError(message)
        raise QueryError(message)

    def _start(self) -> _Worker:
        worker = _Worker(self.data_dir, self.backend)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
