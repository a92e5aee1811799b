"""The browser stage: Playwright driving Debian's Chromium, with checks on every page.

`assert_accessible(page)`, called on every page a test visits, fails on:
- any WCAG 2.1 A/AA violation axe-core finds;
- a duplicate `id` (a label or aria reference would point at the wrong element);
- sideways scrolling at 390 px wide (a phone), whatever the test's own viewport;
- a Content-Security-Policy violation (an inline script or style the policy blocked).

Locally a missing Chromium skips the stage with a message; in CI (CI=true) it fails the run.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's headless build of Chromium (same engine, no window system; decision 197) when it is
# installed, else the full browser.
CHROMIUM = os.environ.get("KRING_CHROMIUM") or next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if Path(path).exists()
    ),
    "/usr/bin/chromium-headless-shell",
)
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

# Collects the page's Content-Security-Policy violations (Playwright injects this before any
# page script; the CSP does not apply to it).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
    (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : "")
  );
});
"""
DUPLICATE_IDS = """() => {
  const seen = {};
  for (const el of document.querySelectorAll("[id]")) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.entries(seen).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
}"""
SIDEWAYS = """(limit) => {
  const root = document.documentElement;
  const width = Math.min(root.clientWidth, limit);
  if (root.scrollWidth <= width + 1) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.classList.length ? "." + [...el.classList].join(".") : "");
      wide.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: root.scrollWidth, width: width, widest: wide.slice(-5)};
}"""


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with "
            "'apt-get install chromium-headless-shell' (or chromium)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(request: Any, settings: Any) -> None:
    """Links in mails, letters and calendar files lead to the server the browser can reach."""
    if "live_server" in request.fixturenames:
        settings.KRING_BASE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(
        viewport=DESKTOP, locale="nl-NL", base_url=live_server.url
    )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# True once the document the last action led to has loaded, its style sheets included.
LOADED = "() => document.readyState === 'complete' && !!document.body"


def _navigated(error: PlaywrightError) -> bool:
    """Playwright's error when a navigation replaced the document an evaluation ran in."""
    return any(text in str(error) for text in ("Execution context was destroyed", "navigation"))


def settle(page: Any) -> None:
    """Wait until the page a click or a form led to has loaded.

    A click that starts a navigation returns once the new document is committed, before it has
    parsed its body or applied its style sheets. A check run then sees no body, or an unstyled
    table that is wider than the phone (the CI failures of 30 November 2026).
    """
    for _ in range(100):
        try:
            page.wait_for_load_state("load")
            if page.evaluate(LOADED):
                return
        except PlaywrightError as error:
            if not _navigated(error):
                raise
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url} did not finish loading")


def page_problems(page: Any) -> list[str]:
    """Duplicate ids, sideways scrolling at 390 px and CSP violations on the current page."""
    settle(page)
    problems = [f"duplicate id: {dup}" for dup in page.evaluate(DUPLICATE_IDS)]
    problems += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations || []")]
    viewport = page.viewport_size
    narrow = viewport is not None and viewport["width"] != PHONE["width"]
    if narrow:
        page.set_viewport_size(PHONE)
    try:
        sideways = page.evaluate(SIDEWAYS, PHONE["width"])
    finally:
        if narrow:
            page.set_viewport_size(viewport)
    if sideways:
        problems.append(
            f"scrolls sideways at {PHONE['width']} px: {sideways['scrollWidth']} px wide "
            f"(viewport {sideways['width']} px); widest: {'; '.join(sideways['widest'])}"
        )
    return problems


@pytest.fixture
def assert_accessible(axe: Any) -> Callable[[Any], None]:
    """Check the current page: axe-core (WCAG 2.1 A/AA), duplicate ids, sideways scrolling at
    390 px and Content-Security-Policy violations."""

    def check(page: Any) -> None:
        try:
            problems = checked(page)
        except PlaywrightError as error:
            # A navigation still under way replaced the document mid-check: check the new one.
            if not _navigated(error):
                raise
            problems = checked(page)
        assert not problems, f"Problems on {page.url}:\n" + "\n".join(problems)

    def checked(page: Any) -> list[str]:
        # Before axe runs: axe's own injected code is not the page's.
        problems = page_problems(page)
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                },
                # Every rule still runs on every element; only the passes are not returned
                # node by node (a third of the time of a check, on the intake form).
                "resultTypes": ["violations"],
            },
        )
        violations = results.response.get("violations", [])
        problems += [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in violations
        ]
        return problems

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
