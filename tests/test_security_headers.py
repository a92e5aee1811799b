"""Security headers, security.txt, and pages the Content-Security-Policy does not break.

Every URL of the access matrix is checked for no-store, the CSP and the Permissions-Policy by
`tests/test_access_matrix.py` (`header_problems`), for every role; here: the details.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from kring.cases.tests.factories import CaseFactory
from kring.network.links import issue_link
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def test_every_page_is_never_stored_and_has_a_strict_content_security_policy(client):
    response = client.get(reverse("intake:home"))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "form-action 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_error_pages_carry_the_same_headers(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_personal_link_page_never_sends_its_path_as_referrer(client):
    person = PersonFactory(case=CaseFactory(declared=True), invited=True)
    token = issue_link(person, "rsvp")
    response = client.get(reverse("portal:rsvp", args=[token]))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    # Other pages keep the site-wide policy.
    assert client.get(reverse("intake:home"))["Referrer-Policy"] == "same-origin"


def test_security_txt_names_a_contact_and_an_expiry_within_a_year(client, settings):
    settings.KRING_SECURITY_CONTACT = ["mailto:security@kring.example"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@kring.example"
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.UTC
    )
    now = datetime.datetime.now(datetime.UTC)
    assert now < expires <= now + datetime.timedelta(days=366)
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    assert "nl" in fields["Preferred-Languages"]


def test_security_txt_expiry_can_be_set(client, settings):
    settings.KRING_SECURITY_TXT_EXPIRES = "2031-01-31"
    body = client.get("/.well-known/security.txt").content.decode()
    assert "Expires: 2031-01-31T00:00:00Z" in body


def test_security_txt_by_default_mails_the_organisation(client):
    body = client.get("/.well-known/security.txt").content.decode()
    assert re.search(r"^Contact: mailto:\S+@\S+$", body, re.MULTILINE)


# Templates rendered into web pages (not mails, PDFs or letters) have nothing the policy
# blocks: no inline script, no style attribute or element, no inline event handler.
NOT_WEB_PAGES = ("/mail/", "/pdf/", "/invitations/letter", "outbox/", "mail_base")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def web_templates() -> list[Path]:
    found = sorted((ROOT / "kring").glob("*/templates/**/*.html"))
    return [p for p in found if not any(part in str(p) for part in NOT_WEB_PAGES)]


def test_web_page_templates_have_no_inline_script_style_or_handler():
    problems = []
    for path in web_templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style", STYLE),
            ("event handler", HANDLER),
        ):
            if pattern.search(text) and "csp_nonce" not in text:
                problems.append(f"{path.relative_to(ROOT)}: {name}")
    assert len(web_templates()) > 30
    assert not problems, "\n".join(problems)


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    html = client.get(reverse("intake:home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', html)
    assert config, "htmx-config meta tag missing"
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)


def test_the_admin_needs_no_inline_code_either(client, admin_user):
    client.force_login(admin_user)
    for url in (
        "/beheer/",
        "/beheer/accounts/user/",
        f"/beheer/accounts/user/{admin_user.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER.search(html), url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
