"""The FastAPI application: thin HTTP routes over the same core functions the CLI calls."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ingest import Store
from ingest.settings import DATA_DIR

from . import __doc__ as _doc
from .routes.deps import AppData

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
    app.state.data = AppData(data_dir)

    def store() -> Store:
        return Store.open(data_dir)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": validation_message(exc), "details": jsonable_errors(exc)}, status_code=422)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # A bug, not bad input: still JSON, naming the kind of failure but not the internals.
        return JSONResponse({"error": f"internal error ({type(exc).__name__}); please report it"}, status_code=500)

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

    include_routers(app)
    return app


def include_routers(app: FastAPI) -> None:
    """Every router of the API, in one place (each module under api/routes/ holds one concern)."""
    from .routes.entities import router as entities_router
    from .routes.search import router as search_router
    from .routes.sparql import router as sparql_router

    app.include_router(search_router)
    app.include_router(entities_router)
    app.include_router(sparql_router)

    from .routes.ask import router as ask_router

    app.include_router(ask_router)

    from .web.routes import root_router
    from .web.routes import router as web_router

    app.include_router(web_router)
    app.include_router(root_router)


def validation_message(exc: RequestValidationError) -> str:
    """One line naming each bad parameter and what is wrong with it."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "bad request: " + "; ".join(parts)


def jsonable_errors(exc: RequestValidationError) -> list[dict]:
    """The validation errors without their raw input (which may be 10 kB, or not JSON at all)."""
    return [{"loc": [str(x) for x in err.get("loc", ())], "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))}
            for err in exc.errors()]
