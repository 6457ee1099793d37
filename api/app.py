"""The FastAPI application: thin HTTP routes over the same core functions the CLI calls."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from ingest import Store
from ingest.settings import DATA_DIR

from . import __doc__ as _doc

VERSION = "0.1.0"


def create_app(data_dir: Path | str | None = None) -> FastAPI:
    """Build the app over the store in ``data_dir`` (default: the ``data_dir`` setting).

    >>> from fastapi.testclient import TestClient          # doctest: +SKIP
    >>> TestClient(create_app(tmp_path)).get("/health").json()["status"]
    'ok'
    """
    data_dir = Path(DATA_DIR.value(data_dir))
    app = FastAPI(title="saksgraf", version=VERSION, description=_doc or "")
    app.state.data_dir = data_dir

    def store() -> Store:
        return Store.open(data_dir)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.get("/health", summary="Liveness and store summary")
    def health() -> dict:
        with store() as s:
            stats = s.stats()
        return {
            "status": "ok",
            "version": VERSION,
            "data_dir": str(data_dir),
            "sources": stats["sources"],
            "documents": stats["documents"],
            "pages": stats["pages"],
        }

    @app.get("/stats", summary="Documents by type, pages and merged duplicate pages")
    def stats() -> dict:
        with store() as s:
            return s.stats()

    return app
