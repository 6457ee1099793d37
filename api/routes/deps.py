"""What the routes share: the app's data directory and its graph, opened once per app and kept in memory."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from rdflib import Graph

T = TypeVar("T")


class AppData:
    """The data an app serves: the data directory, and its graph loaded on first use.

    The union graph is read into memory (well under a second for the sample) and shared by every
    request; after an ingest (a new ``graph_generation``) the next request loads it again.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._graph: Graph | None = None
        self._generation: str | None = None
        self._lock = threading.Lock()

    def graph(self) -> Graph:
        """The union of every source's graph (an empty graph while nothing has been ingested)."""
        from graph.sync import graph_generation

        generation = graph_generation(self.data_dir)
        if self._graph is None or generation != self._generation:
            with self._lock:
                if self._graph is None or generation != self._generation:
                    self._graph = _load_graph(self.data_dir)
                    self._generation = generation
        return self._graph


def _load_graph(data_dir: Path) -> Graph:
    from graph.namespaces import new_graph
    from graph.sync import open_graph

    try:
        with open_graph(data_dir) as graph_store:
            return graph_store.union_graph()
    except FileNotFoundError:
        return new_graph()


def app_data(request: Request) -> AppData:
    """The ``AppData`` of the app serving ``request`` (set by ``create_app``)."""
    return request.app.state.data


def graph(request: Request) -> Graph:
    """The app's graph (a FastAPI dependency)."""
    return app_data(request).graph()


def answer(fn: Callable[..., T], *args: Any) -> T:
    """Call a core function; an unknown id becomes a 404 and a bad value a 400, each with its message."""
    try:
        return fn(*args)
    except KeyError as exc:
        raise HTTPException(404, str(exc.args[0]) if exc.args else "not found") from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
