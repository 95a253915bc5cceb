"""Journey: a developer reads the interactive API documentation and tries an endpoint from it,
under the site's Content-Security-Policy (the fixture in conftest.py fails on any refusal)."""

import json

import pytest

pytestmark = pytest.mark.browser


def test_a_developer_tries_the_states_endpoint_from_the_api_documentation(page):
    page.goto("/api/docs/")
    operation = page.locator("#operations-states-states_list")
    operation.locator(".opblock-summary-path", has_text="/api/states/").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table tbody tr").first
    answer.wait_for()
    assert answer.locator(".response-col_status").inner_text().strip() == "200"
    body = json.loads(answer.locator(".response-col_description pre").first.inner_text())
    assert body["count"] == 195
    page.get_by_role("button", name="Authorize").first.click()
    assert page.get_by_text("A personal API token:").is_visible()
