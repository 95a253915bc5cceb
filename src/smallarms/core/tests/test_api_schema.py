from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"


def test_the_committed_openapi_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert SCHEMA.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is out of date: run `DEBUG=false smallarms spectacular --file "
        "docs/openapi.yaml` (production settings: the schema names the production cookie)"
    )


def test_the_interactive_api_documentation_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.text
    assert "cdn" not in response.text.lower()
