"""The platform's OpenAPI document lists every error status its routes answer with, 408 (a
body that stopped arriving) among them, with the error body's schema."""

from __future__ import annotations

from pathlib import Path

from central.app import create_app


def test_every_route_documents_the_408_of_a_body_that_stopped_arriving(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "central.sqlite3"))
    try:
        document = app.openapi()
    finally:
        app.state.platform.store.close()
    lookup = document["paths"]["/v1/elicences:lookup"]["post"]["responses"]
    assert lookup["408"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    documented = {
        status
        for path in document["paths"].values()
        for operation in path.values()
        for status in operation["responses"]
    }
    assert {"403", "408", "413", "429"} <= documented
