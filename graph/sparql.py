"""Read-only SPARQL: tell queries from updates, turn parser failures into clear errors, format results.

``saksgraf sparql`` and the API call ``check_read_only`` (through ``GraphStore.query``) and
``format_result``: SELECT/ASK results as SPARQL 1.1 JSON (or CSV/XML), CONSTRUCT/DESCRIBE
results as Turtle (or N-Triples/JSON-LD).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib.query import Result

from .rdfio import rdf_format, serialize_graph

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

# Result formats by query form, first is the default; values are rdflib result-serialiser names.
TABLE_FORMATS = {"json": "json", "csv": "csv", "xml": "xml"}
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "xml": "application/sparql-results+xml",
}

# The prologue (BASE and PREFIX declarations) and comments come before the query form's keyword.
_SKIP = re.compile(
    r"""\s+ | \#[^\n]*
      | BASE\s*<[^>]*>
      | PREFIX\s+[^\s:]*:\s*<[^>]*>""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z]+")
_DECLARED = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)
_OPAQUE = re.compile(
    "|".join(
        (
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r'<[^<>"{}|^`\\\s]*>',
            r"\#[^\n]*",
        )
    )
)
_PNAME = re.compile(r"(?<![\w.\-:?$])([A-Za-z][\w\-.]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")
_CHAR_CLASS = re.compile(r",?\s*\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
_UPDATE_WORD = re.compile(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)(?![\w:])", re.IGNORECASE)


class QueryError(ValueError):
    """A SPARQL query that cannot be run; the message says why, in words a user can act on."""


class ReadOnlyError(QueryError):
    """The text is a SPARQL update (INSERT, DELETE, LOAD …): the graph can only be queried."""


class QuerySyntaxError(QueryError):
    """The query does not parse; ``line`` and ``column`` (1-based) point at the problem."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def query_form(sparql: str) -> str:
    """The first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE, or an update's operation.

    >>> query_form("PREFIX sg: <https://w3id.org/saksgraf/ont#>  # cases\\nselect ?c { ?c a sg:Case }")
    'SELECT'
    """
    pos = 0
    while True:
        m = _SKIP.match(sparql, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    word = _WORD.match(sparql, pos)
    return word.group(0).upper() if word else ""


def check_read_only(sparql: str) -> str:
    """The query's form if it is a query; ``ReadOnlyError`` for an update, ``QuerySyntaxError`` otherwise.

    >>> check_read_only("ASK { ?s ?p ?o }")
    'ASK'
    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.sparql.ReadOnlyError: the graph is read-only: DROP is a SPARQL update; only SELECT, ASK, CONSTRUCT and DESCRIBE queries are allowed
    """
    if not sparql.strip():
        raise QuerySyntaxError("the query is empty")
    form = query_form(sparql)
    if form in UPDATE_OPERATIONS:
        raise ReadOnlyError(
            f"the graph is read-only: {form} is a SPARQL update; "
            "only SELECT, ASK, CONSTRUCT and DESCRIBE queries are allowed"
        )
    if form not in QUERY_FORMS:
        found = repr(form) if form else "no keyword"
        raise QuerySyntaxError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {found}")
    return form


def undeclared_prefixes(sparql: str, known: Iterable[str] = ()) -> list[str]:
    """Prefixes used in prefixed names (``foo:bar``) but neither declared nor in ``known``.

    >>> undeclared_prefixes("PREFIX ex: <http://x/> SELECT * { ?s ex:p 'a:b' ; foo:q <c:d> }", ["sg"])
    ['foo']
    """
    declared = {m.group(1) for m in _DECLARED.finditer(sparql)} | set(known)
    code = _OPAQUE.sub(" ", sparql)  # strings, IRIs and comments hold no prefixed names
    used = dict.fromkeys(m.group(1) or "" for m in _PNAME.finditer(code))
    return [p for p in used if p not in declared]


def syntax_error(exc: BaseException, sparql: str, known_prefixes: Iterable[str] = ()) -> QueryError:
    """A ``QuerySyntaxError`` (or, for a query with an update stuck on, ``ReadOnlyError``) from a parser's exception (pyoxigraph's ``SyntaxError``, pyparsing's, or rdflib's)."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    text = str(exc)
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", text, re.DOTALL)
    if m:  # pyoxigraph: "error at 1:26: expected one of …"
        line, column, text = int(m.group(1)), int(m.group(2)), m.group(3)
    update = _UPDATE_WORD.search(_OPAQUE.sub(" ", sparql))
    if update:
        return ReadOnlyError(
            f"the graph is read-only: {update.group(1).upper()} is a SPARQL update operation;"
            " only one SELECT, ASK, CONSTRUCT or DESCRIBE query is allowed"
        )
    missing = undeclared_prefixes(sparql, known_prefixes)
    if missing:
        return QuerySyntaxError(
            f"unknown prefix {missing[0]}: (declare it with PREFIX {missing[0]}: <…>;"
            f" these need no declaration: {', '.join(known_prefixes)})",
            line,
            column,
        )
    text = re.sub(r"\s*\(at char \d+\),?\s*\(line:\d+, col:\d+\)\s*$", "", text)  # pyparsing's position
    text = _CHAR_CLASS.sub("", " ".join(text.split())).strip(" ,")  # pyoxigraph lists every character range
    text = _shorten(text)
    where = f" at line {line}, column {column}" if line and column else ""
    near = ""
    if line and column:
        lines = sparql.splitlines() or [""]
        if 1 <= line <= len(lines):
            rest = lines[line - 1][max(0, column - 1):].strip()
            near = f" (near {rest[:30]!r})" if rest else " (at the end of the line)"
    return QuerySyntaxError(f"SPARQL syntax error{where}{near}: {text}", line, column)


def format_result(result: Result, fmt: str | None = None) -> str:
    """A query result as text: SELECT/ASK as SPARQL 1.1 JSON (or csv/xml), CONSTRUCT/DESCRIBE as Turtle (or nt/jsonld).

    >>> format_result(store.query("ASK { ?s ?p ?o }"))  # doctest: +SKIP
    '{"head": {}, "boolean": true}'
    """
    if result.type in ("SELECT", "ASK"):
        name = (fmt or "json").lower()
        if name not in TABLE_FORMATS:
            raise ValueError(f"a {result.type} result is written as one of {', '.join(TABLE_FORMATS)}, not {fmt!r}")
        data = result.serialize(format=TABLE_FORMATS[name], encoding="utf-8")
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)
    if result.graph is None:
        raise ValueError(f"unexpected result type {result.type!r}")
    return serialize_graph(result.graph, rdf_format(fmt or "turtle").name).decode("utf-8")


def result_media_type(result: Result, fmt: str | None = None) -> str:
    """The media type of ``format_result(result, fmt)``, for an HTTP response."""
    if result.type in ("SELECT", "ASK"):
        return MEDIA_TYPES[(fmt or "json").lower()]
    return rdf_format(fmt or "turtle").media_type


def _shorten(text: str, limit: int = 240) -> str:
    # pyoxigraph lists every acceptable character class; the first few say enough.
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
