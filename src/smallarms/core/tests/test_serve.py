"""``smallarms serve`` behind a reverse proxy that terminates TLS, for real: two server
processes with the production settings of the README, one trusting the address these tests
connect from (127.0.0.1), one trusting another address, so that both sides of the trust are
seen on the same database."""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

import smallarms

pytestmark = pytest.mark.server

SOURCE = str(Path(smallarms.__file__).resolve().parents[1])
UNTRUSTED = "192.0.2.1"  # TEST-NET-1: never the address of these tests


def _environ(data_dir, **settings):
    passed = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return {
        **passed,
        # The code under test, not whatever smallarms the interpreter would find first.
        "PYTHONPATH": SOURCE,
        "DEBUG": "false",
        "SECRET_KEY": "serve-test-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_PROXY_SSL_HEADER": "true",
        "SMALLARMS_DATA_DIR": str(data_dir),
        **settings,
    }


def _smallarms(*args, environ, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "smallarms", *args], env=environ, **kwargs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_listening(server, port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("smallarms serve stopped: " + server.stderr.read().decode()[-2000:])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("smallarms serve did not start listening within a minute")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The data directory and the ports of the two servers, ``trusted`` and ``untrusted``."""
    data_dir = tmp_path_factory.mktemp("serve")
    environ = _environ(data_dir)
    # Both at once: one fills the database, the other the static files.
    setup = [
        _smallarms("migrate", "-v0", environ=environ, stderr=subprocess.PIPE),
        _smallarms("collectstatic", "--noinput", "-v0", environ=environ, stderr=subprocess.PIPE),
    ]
    for step in setup:
        _out, err = step.communicate(timeout=300)
        assert step.returncode == 0, err.decode()[-2000:]
    ports = {"trusted": _free_port(), "untrusted": _free_port()}
    proxies = {"trusted": "127.0.0.1", "untrusted": UNTRUSTED}
    servers = {
        name: _smallarms(
            "serve",
            "--port",
            str(port),
            "--threads",
            "2",
            "--no-collectstatic",
            environ=_environ(data_dir, TRUSTED_PROXY=proxies[name]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name, port in ports.items()
    }
    try:
        for name, server in servers.items():
            _wait_until_listening(server, ports[name])
        yield {"data_dir": data_dir, **ports}
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.wait(timeout=10)


def fetch(port, path, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(
            method, path, body=body, headers={"Accept-Language": "en", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


VIA_TLS_PROXY = {"X-Forwarded-Proto": "https"}


def test_behind_the_trusted_proxy_a_request_made_over_https_is_served(site):
    status, headers, body = fetch(site["trusted"], "/", headers=VIA_TLS_PROXY)
    assert status == 200, body[:500]
    # Only a request Django holds for secure gets HSTS.
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_request_over_plain_http_is_redirected_to_https(site):
    status, headers, _body = fetch(site["trusted"], "/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{site['trusted']}/"


def test_from_an_untrusted_peer_the_https_header_is_ignored(site):
    status, headers, _body = fetch(site["untrusted"], "/", headers=VIA_TLS_PROXY)
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{site['untrusted']}/"


def test_behind_the_trusted_proxy_the_client_is_the_address_the_proxy_added(site):
    port = site["trusted"]
    status, headers, page = fetch(port, "/account/sign-in/", headers=VIA_TLS_PROXY)
    assert status == 200
    # Production names the cookie with the __Host- prefix (docs/security.md).
    cookie = SimpleCookie(headers["Set-Cookie"])["__Host-csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "email": "nobody@example.org", "password": "wrong"}
    status, _headers, page = fetch(
        port,
        "/account/sign-in/",
        method="POST",
        headers={
            **VIA_TLS_PROXY,
            # The first hop is whatever the client sent; the proxy appended the second.
            "X-Forwarded-For": "198.51.100.1, 203.0.113.7",
            "Origin": f"https://127.0.0.1:{port}",
            "Cookie": f"__Host-csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=urllib.parse.urlencode(form),
    )
    assert status == 200
    assert "The e-mail address or the password is not right." in page
    with sqlite3.connect(site["data_dir"] / "smallarms.sqlite3") as database:
        failures = database.execute("SELECT client_address FROM accounts_loginfailure").fetchall()
        audited = database.execute(
            "SELECT client_address FROM audit_entry WHERE event = 'login_failed'"
        ).fetchall()
    assert failures == [("203.0.113.7",)]
    assert audited == [("203.0.113.7",)]
