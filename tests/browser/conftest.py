"""The browser stage: Playwright driving Debian's Chromium, with an axe check on every page.

Locally a missing Chromium skips the stage with a message; in CI (CI=true) it fails the run.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KRING_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium'."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _links_to_the_live_server(settings: Any, live_server: Any) -> None:
    """Links in mails point at the server the browser talks to (KRING_BASE_URL)."""
    settings.KRING_BASE_URL = live_server.url


@pytest.fixture
def page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(
        viewport=DESKTOP, locale="nl-NL", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe: Any) -> Callable[[Any], None]:
    """Run axe-core on the current page; fail on any WCAG 2.1 A/AA violation."""

    def check(page: Any) -> None:
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                }
            },
        )
        violations = results.response.get("violations", [])
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"Accessibility violations on {page.url}:\n{details}"

    return check


@pytest.fixture
def screenshot() -> Callable[[Any, str], None]:
    def take(page: Any, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def complete_second_factor(page: Any, email: str) -> None:
    """The second login step, as a person with an authenticator app would do it.

    On a first login Kring shows the key to type over: the helper reads it from the page and
    computes the code (as a script may with seed_demo's fourth column). Later logins use the
    key of the user's device and a code that device has not accepted yet.
    """
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kring.accounts.models import User
    from kring.accounts.second_factor import code_for
    from kring.accounts.tests.helpers import fresh_code

    page.wait_for_url(re.compile(r"/inloggen/tweede-stap"))
    if "instellen" in page.url:
        key = page.locator("#otp-secret").inner_text().replace(" ", "")
        secret = base64.b32decode(key + "=" * (-len(key) % 8)).hex()
        page.get_by_label("Code").fill(code_for(secret))
        page.get_by_role("button", name="Instellen en inloggen").click()
        page.wait_for_url("**/account/herstelcodes/")
        page.get_by_role("link", name="Ik heb de codes bewaard").click()
    else:
        user = User.objects.get(email=email)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.get_by_label("Code").fill(fresh_code(user, device.key))
        page.get_by_role("button", name="Inloggen").click()


@pytest.fixture
def login(assert_accessible: Callable[[Any], None]) -> Callable[[Any, str, str], None]:
    """Log in through the real login form, both steps."""

    def do(page: Any, email: str, password: str) -> None:
        page.goto("/inloggen/")
        assert_accessible(page)
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        complete_second_factor(page, email)
        page.wait_for_url("**/start/")

    return do
