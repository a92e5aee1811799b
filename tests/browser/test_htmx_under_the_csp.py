"""htmx still works under the strict Content-Security-Policy (decision 120): it swaps in a
partial without reloading the page, and nothing on the page is blocked by the policy."""

import pytest
from playwright.sync_api import expect

from kring.accounts.tests.factories import MunicipalityFactory


@pytest.mark.django_db(transaction=True)
def test_the_office_finder_swaps_its_answer_in_with_htmx_under_the_csp(
    phone_page, assert_accessible, region
):
    MunicipalityFactory(code="GM0392", name="Haarlem", region=region)
    p = phone_page
    htmx_requests: list[str] = []
    p.on(
        "request",
        lambda r: htmx_requests.append(r.url) if r.headers.get("hx-request") == "true" else None,
    )
    response = p.goto("/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "no-store" in response.headers["cache-control"]
    # htmx loaded and configured itself from the meta tag (no inline script needed).
    assert p.evaluate("window.htmx && htmx.config.allowEval === false")
    assert p.evaluate("htmx.config.includeIndicatorStyles === false")

    home = p.url
    p.get_by_label("Uw gemeente").select_option(label="Haarlem")
    p.get_by_role("button", name="Zoek mijn regiokantoor").click()
    expect(p.get_by_text("Haarlem hoort bij regio Noord-Holland")).to_be_visible()
    assert htmx_requests, "the answer did not come through htmx"
    assert p.url == home  # swapped into the page, not a new page
    assert_accessible(p)  # includes: no CSP violation on the page
