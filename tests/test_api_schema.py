"""The OpenAPI schema, exercised by schemathesis over the served sample: no request may get a 5xx.

Examples per operation are few (the suite must stay fast); hypothesis derandomises them so a run is
repeatable. Every answer must also be JSON with an ``error`` message when it is a 4xx.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def operations(api_client) -> dict:
    """Every operation of the app's OpenAPI schema, by label (``GET /cases/{case_id}``)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_client.app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_server_errors(operations, mode):
    """Valid requests (positive) and requests that break the schema (negative) alike: 2xx or 4xx, never 5xx."""
    # Driven by hand rather than with schemathesis' pytest plugin, which does not run under pytest 9.
    assert len(operations) >= 14
    for label, operation in sorted(operations.items()):
        if mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()) and not operation.body:
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            if 400 <= response.status_code < 500:
                assert response.json().get("error"), (label, response.text)

        run()


def test_schema_lists_every_route(api_client):
    paths = set(api_client.get("/openapi.json").json()["paths"])
    expected = {"/health", "/search", "/cases/{case_id}", "/bodies", "/bodies/{body_id}", "/people/{person_id}",
                "/meetings/{meeting_id}", "/plans", "/plans/{plan_id}", "/goals/{goal_id}", "/sdg/{n}", "/trace",
                "/documents/{document_id}/pages/{n}"}
    assert expected <= paths, expected - paths


def test_every_route_is_in_the_readme(api_client):
    """Each endpoint of the schema is named in the README (the "Using it" table or its section)."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in api_client.get("/openapi.json").json()["paths"]:
        stem = path.split("{", 1)[0].rstrip("/") or path
        assert f"{stem}" in readme, f"README does not mention {path}"
