"""Open an HTML file in Debian's headless Chromium (driven by Playwright) and record what a reader would get."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# every chart of a section, by section id: how many SVG/canvas elements Plotly drew into it
CHARTS_DRAWN = """() => Object.fromEntries([...document.querySelectorAll('section.report-section')].map(
    section => [section.id, [...section.querySelectorAll('.chart')].map(
        chart => chart.querySelectorAll('svg.main-svg, canvas').length)]))"""
ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('.chart')].every(
    chart => chart.querySelector('svg.main-svg') !== null)"""
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


def visit(page_file: Path, screenshot: Path) -> Visit:
    errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.resolve().as_uri(), wait_until="load")
            page.wait_for_function(ALL_CHARTS_DRAWN, timeout=60_000)
            charts = page.evaluate(CHARTS_DRAWN)
            text = page.inner_text("body")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return Visit(charts, text, errors, [url for url in requests if not url.startswith(LOCAL_SCHEMES)])
