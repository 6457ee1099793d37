"""Settings of the graph layer, declared beside the core ones so the CLI, the API and the README list them all."""

from ingest.settings import SETTINGS, Setting, declare

BACKENDS = ("oxigraph", "memory")


def _backend(value: str) -> str:
    name = value.strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown graph backend {value!r}; one of {', '.join(BACKENDS)}")
    return name


GRAPH_BACKEND = declare(
    Setting(
        "graph_backend",
        "oxigraph",
        "Where the graph is kept: 'oxigraph' (on disk in <data dir>/graph/) or 'memory' "
        "(rdflib in memory, lost on exit; for tests).",
        _backend,
    )
)

__all__ = ["BACKENDS", "GRAPH_BACKEND", "SETTINGS", "Setting"]
