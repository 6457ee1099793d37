"""Shared fixtures: the shipped sample corpus, a fresh data directory, an ingested store, an API client."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
EXTERNAL = ROOT.parent / "shared" / "external"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory):
    """The whole shipped sample, ingested once per test session (read-only for tests)."""
    from ingest import Store, ingest_paths

    store = Store.open(tmp_path_factory.mktemp("sample") / "data")
    report = ingest_paths([SAMPLE], store)
    assert report.ok, report.to_dict()
    return store


@pytest.fixture
def api_client(sample_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(sample_store.path.parent))
