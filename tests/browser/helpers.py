"""Helpers for the browser tests: a live WSGI server in a thread, headless Chromium, axe-core.

Chromium and ChromeDriver are Debian's (/usr/bin/chromium, /usr/bin/chromedriver); axe-core comes from
npm (node_modules/axe-core, installed by `make test` through `npm ci`). Nothing here touches the
network beyond loopback: Chromium runs with background networking, sync and component updates off.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None if Chromium and ChromeDriver are installed."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(Path(path).name)):
            return f"{path} is not installed (Debian packages chromium and chromium-driver)"
    return None


def skip_without_chromium() -> None:
    """Skip the calling test module (call it at import time) when Chromium or ChromeDriver is missing."""
    missing = chromium_missing()
    if missing:
        pytest.skip(f"browser tests need Chromium: {missing}", allow_module_level=True)


class LiveServer:
    """A WSGI app served on 127.0.0.1 at a free port in a daemon thread; ``url`` is its root URL."""

    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def start_chromium(user_data_dir: Path, *, width: int = 1280, height: int = 900, languages: str = "sv-SE,sv"):
    """Return a Selenium WebDriver for headless Chromium with a fresh profile in ``user_data_dir``, sending
    ``languages`` as its Accept-Language (a Swedish reader's browser by default; pages follow it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--lang={languages.split(',')[0]}")
    options.add_experimental_option("prefs", {"intl.accept_languages": languages})
    service = Service(executable_path=shutil.which("chromedriver") or CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def run_axe(driver) -> list[dict]:
    """Run axe-core on the current page; return its violations (dicts with id, impact, help, nodes)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error',"
        " impact: 'critical', help: String(e), nodes: []}]));")
    return result


def serious(violations: list[dict]) -> list[str]:
    """One line per serious or critical violation: rule id, help text and the first offending selectors."""
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes'][:3]]}"
            for v in violations if v.get("impact") in ("serious", "critical")]


def screenshot(driver, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the current page as test-artifacts/<name>.png (whole page height when ``full_page``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full_page:
        size = driver.get_window_size()
        height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.set_window_size(size["width"], min(max(height, 400), 6000))
        driver.save_screenshot(str(path))
        driver.set_window_size(size["width"], size["height"])
    else:
        driver.save_screenshot(str(path))
    return path
