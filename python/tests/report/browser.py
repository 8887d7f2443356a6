"""Open an HTML file in Debian's headless Chromium (driven by Playwright) and record what a reader would get."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

# every chart of a section, by section id: how many shapes (paths, rectangles, text) of its SVG the browser laid
# out with a size (an SVG it cannot parse shows none)
CHARTS_DRAWN = """() => Object.fromEntries([...document.querySelectorAll('section.report-section')].map(
    section => [section.id, [...section.querySelectorAll('.chart')].map(
        chart => [...chart.querySelectorAll('svg path, svg rect, svg text')].filter(
            shape => shape.getBBox().width > 0).length)]))"""
ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('.chart')].every(
    chart => chart.querySelector('svg') !== null && chart.querySelector('svg').getBoundingClientRect().height > 0)"""
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@dataclass
class Visit:
    charts: dict[str, list[int]]
    text: str
    console_errors: list[str]
    outside_requests: list[str]


def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("Chromium is not installed: apt-get install -y chromium (CI's .ci/run does)")
    return path


@dataclass
class OpenPage:
    page: Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


@contextmanager
def open_page(page_file: Path) -> Iterator[OpenPage]:
    """The file loaded in a fresh headless Chromium, with every console error and request recorded."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            opened = OpenPage(browser.new_page(viewport={"width": 1280, "height": 900}))
            opened.page.on(
                "console",
                lambda message: opened.console_errors.append(message.text) if message.type == "error" else None,
            )
            opened.page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
            opened.page.on("request", lambda request: opened.requests.append(request.url))
            opened.page.goto(page_file.resolve().as_uri(), wait_until="load")
            yield opened
        finally:
            browser.close()


def visit(page_file: Path, screenshot: Path) -> Visit:
    with open_page(page_file) as opened:
        page = opened.page
        page.wait_for_function(ALL_CHARTS_DRAWN, timeout=60_000)
        charts = page.evaluate(CHARTS_DRAWN)
        text = page.inner_text("body")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    return Visit(charts, text, opened.console_errors, opened.outside_requests)
