"""Headless Chromium for accessibility checks, driven by Playwright with the system browser.

Chromium loads pages from ``http://testserver``; every request it makes is answered in-process by
Django's test client (static files by the staticfiles finders), so the checks run inside the
test's own database transaction, on SQLite or PostgreSQL, with no server to start.
"""

import functools
import mimetypes
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connections
from django.test import Client

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ORIGIN = "http://testserver"

# Every tab reports what the Content-Security-Policy blocks: the page's own
# securitypolicyviolation events (the listener is installed by the browser before any page
# script, so the policy does not apply to it) and the console's CSP errors.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__sendtrackCsp(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} on ` +
    `${document.location.pathname} (${event.sourceFile || "the page"}:${event.lineNumber})` +
    (event.sample ? `: ${event.sample}` : "")
  );
});
"""

# The standard the pages are held to: WCAG 2.2 level A and AA rules in axe-core.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        reason = (
            "Chromium is not installed: `apt-get install chromium` (Debian's package) to run the "
            "browser checks; .ci/run installs it"
        )
        # Under CI the browser checks must run: a skip there would hide them.
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread while the test uses the ORM between calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _answer(client: Client):
    # Playwright calls this handler from its own greenlet, which has its own context variables
    # and so would open a second database connection outside the test's transaction. Hand it
    # the test's connections instead.
    test_connections = {alias: connections[alias] for alias in connections}

    def handle(route, request):
        for alias, connection in test_connections.items():
            connections[alias] = connection
        url = urlsplit(request.url)
        if url.path.startswith("/static/"):
            found = finders.find(url.path.removeprefix("/static/"))
            if not found:
                route.fulfill(status=404, body="")
                return
            body = Path(found).read_bytes()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            route.fulfill(status=200, body=body, headers={"Content-Type": content_type})
            return
        path = url.path + (f"?{url.query}" if url.query else "")
        response = client.generic(
            request.method,
            path,
            data=request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", "application/octet-stream"),
        )
        # Chromium does not route the request a fulfilled redirect leads to, so follow
        # redirects here and answer with where they end (the page keeps the first URL).
        while response.status_code in (301, 302, 303) and url.netloc == "testserver":
            location = urlsplit(response["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
            response = client.get(path)
        # Files (a PDF) come as a stream; the browser is handed them whole.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)

    return handle


# Blocked on purpose: ReDoc's footer logo, which it fetches from its makers' site (the API
# docs load nothing from outside sendtrack; the image hides itself when blocked).
EXPECTED_BLOCKS = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)


def csp_context(browser, **options):
    """A browser context whose pages report every Content-Security-Policy violation into the
    context's ``csp_violations`` list, across navigations."""
    context = browser.new_context(**options)
    context.csp_violations = []

    def report(text: str) -> None:
        if not any(blocked in text for blocked in EXPECTED_BLOCKS):
            context.csp_violations.append(text)

    context.expose_function("__sendtrackCsp", report)
    context.add_init_script(CSP_LISTENER)

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            report(message.text)

    context.on("console", console)
    return context


def _close_checking_csp(contexts) -> None:
    # Every page a browser test opened must have kept to the Content-Security-Policy.
    violations = [v for context in contexts for v in context.csp_violations]
    for context in contexts:
        context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def open_page(browser):
    """Open a path in Chromium as the given user (or anonymously) and return the page."""
    contexts = []

    def open_(path: str, *, user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        context = csp_context(browser)
        contexts.append(context)
        context.route(f"{ORIGIN}/**", _answer(client))
        page = context.new_page()
        response = page.goto(f"{ORIGIN}{path}")
        assert response.status == 200, f"{path} answered {response.status}"
        return page

    yield open_
    _close_checking_csp(contexts)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under build/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def browse(browser):
    """A browser tab whose requests Django answers in-process, signed out: sign in through
    the page as a person would."""
    contexts = []

    def open_():
        context = csp_context(browser, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.route(f"{ORIGIN}/**", _answer(Client()))
        return context.new_page()

    yield open_
    _close_checking_csp(contexts)


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """Run axe-core on the page and describe each WCAG 2.2 AA violation in a line."""
    # Evaluated through the browser's debugging protocol rather than added as an inline
    # script, which the pages' Content-Security-Policy rightly blocks. axe-core adds style
    # elements of its own while it checks, which the policy blocks too: what is reported
    # while it runs is axe's, not the page's, and is set aside.
    violations = getattr(page.context, "csp_violations", [])
    before = len(violations)
    page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    page.evaluate("0")  # let the reports sent while axe ran arrive before setting them aside
    del violations[before:]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
