"""The HTTP service answers /health and /stats over the ingested sample."""


def test_health(api_client):
    body = api_client.get("/health").json()
    assert body["status"] == "ok"
    assert body["sources"] == 5


def test_stats(api_client):
    body = api_client.get("/stats").json()
    assert body["documents"] >= 5
