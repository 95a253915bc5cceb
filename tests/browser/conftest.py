"""Browser journeys: a real server process on the demo data, driven by the system Chromium.

The server runs in its own process on its own SQLite database (made by ``smallarms demo``),
exactly as a person would run it; the tests never share the pytest database with it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-site")
    environ = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}},
        "DEBUG": "true",
        "SMALLARMS_DATA_DIR": str(data_dir),
        # Enough attempts for journeys that sign in many times from one address.
        "LOGIN_FAILURE_LIMIT": "50",
    }
    subprocess.run(
        [sys.executable, "-m", "smallarms", "demo", "--no-serve"],
        env=environ,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "smallarms", "serve", "--port", str(port)],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("the server did not start: " + server.stderr.read().decode()[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# What Chromium writes to the console when the site's headers refuse something: a
# resource, an inline script or an inline style the Content-Security-Policy blocks, or a
# Permissions-Policy it cannot read.
HEADER_COMPLAINTS = ("Content Security Policy", "Permissions-Policy")


@pytest.fixture(autouse=True)
def refused_by_headers(browser, monkeypatch):
    """Fail the journey if any page of any browser context it opens broke the site's headers."""
    complaints = []

    def note(message):
        if any(words in message.text for words in HEADER_COMPLAINTS):
            where = message.page.url if message.page else "?"
            complaints.append(f"{where}: {message.text}")

    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", note)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    if complaints:
        pytest.fail("refused by the site's headers:\n" + "\n".join(complaints))


@pytest.fixture
def page(browser, live_site, refused_by_headers):
    context = browser.new_context(base_url=live_site, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def accessible():
    """Run axe on the page; fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == [], f"{page.url}: " + " | ".join(violations)

    return check
