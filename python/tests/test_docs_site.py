"""The docs site (mkdocs.yml, docs/) builds with `mkdocs build --strict`, which fails on a broken page link or
anchor, and reads in a real headless Chromium: the home page draws its diagram, its links and the navigation
lead to built pages, and nothing is fetched from outside the site."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from report.browser import open_page
from repository import REPOSITORY_DIR

LINKS = "selector => [...document.querySelectorAll(selector)].map(a => a.href)"
IMAGES = "() => [...document.querySelectorAll('article img')].map(img => [img.src, img.naturalWidth])"
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
# a list item Markdown read as paragraph text: mkdocs (Python-Markdown) wants a blank line before a list
# and nested items indented by 4, where GitHub forgives both
SWALLOWED_ITEM = re.compile(r"\n\s*(?:[-*]|\d+\.) ")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPOSITORY_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    return site_dir


def _page_file(url: str) -> Path:
    return Path(urlsplit(url).path)


def test_docs_site_builds_strict_and_reads_in_chromium(site):
    with open_page(site / "index.html") as opened:
        page = opened.page
        assert page.inner_text("article h1").startswith("customer_lifecycle")
        images = page.evaluate(IMAGES)
        assert images and all(width > 0 for _, width in images), f"an image did not load: {images}"

        content_links = [url for url in page.evaluate(LINKS, "article a[href]") if url.startswith("file:")]
        nav_links = [url for url in page.evaluate(LINKS, "nav.md-nav--primary a[href]") if url.startswith("file:")]
        assert len({_page_file(url) for url in nav_links}) >= 15
        missing = sorted({str(_page_file(url)) for url in content_links + nav_links if not _page_file(url).is_file()})
        assert missing == []

        page.click("article a[href='vars.html']")
        page.wait_for_load_state("load")
        assert page.inner_text("article h1").startswith("Vars reference")
        assert "lifecycle_label_horizon_days" in page.inner_text("article")
        page.go_back(wait_until="load")
        page.click("article a[href='troubleshooting.html']")
        page.wait_for_load_state("load")
        assert page.inner_text("article h1").startswith("Troubleshooting")
    assert opened.console_errors == []
    assert opened.outside_requests == []


def test_every_list_renders_as_a_list(site):
    swallowed = {
        page.name: text[:80]
        for page in site.glob("*.html")
        for text in PARAGRAPH.findall(page.read_text())
        if SWALLOWED_ITEM.search(text)
    }
    assert swallowed == {}, "put a blank line before the list (and indent nested items by 4)"
