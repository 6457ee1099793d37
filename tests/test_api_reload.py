"""A running app sees what a later ingest added, without a restart."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.sync import graph_generation, sync_data_dir
from ingest import Store, ingest_paths
from tests.conftest import SAMPLE


def _ingest(data_dir: Path, name: str) -> None:
    with Store.open(data_dir) as store:
        assert ingest_paths([SAMPLE / name], store).ok
        sync_data_dir(data_dir, store, "oxigraph")


def test_app_reloads_the_graph_after_an_ingest(tmp_path: Path):
    data_dir = tmp_path / "data"
    _ingest(data_dir, "003_cc85d8bd5f71d5f5.txt")
    first_mark = graph_generation(data_dir)
    client = TestClient(create_app(data_dir))
    before = {c["id"] for c in client.get("/cases").json()}
    assert before and client.get("/cases/21-21815").status_code == 404

    _ingest(data_dir, "002_420537c42393fb97.txt")  # the «På lik linje» book brings case 21/21815
    assert graph_generation(data_dir) != first_mark
    after = {c["id"] for c in client.get("/cases").json()}
    assert before < after
    assert client.get("/cases/21-21815").status_code == 200
